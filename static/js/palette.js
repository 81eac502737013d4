// A colour-blind-safe diverging palette (ColorBrewer PuOr): orange for negative, purple for
// positive, near-white at zero. Colours come from a precomputed table (STEPS per side, finer
// than one colour unit), so the per-frame diagram paint allocates no strings or arrays.
const NEG = [179, 88, 6];
const MID = [247, 247, 247];
const POS = [84, 39, 136];
const STEPS = 256;
const NAN_RGB = [120, 120, 120];

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

// Index k in [0, 2·STEPS] stands for t = k / STEPS − 1.
const RGB = Array.from({ length: 2 * STEPS + 1 }, (_, k) => {
  const t = k / STEPS - 1;
  return t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
});
const CSS = RGB.map((c) => `rgb(${c.join(",")})`);
/** Packed 0xAABBGGRR per index, for writing ImageData through a Uint32Array (little-endian). */
export const PACKED = Uint32Array.from(RGB, ([r, g, b]) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0);
export const PACKED_NAN = ((255 << 24) | (NAN_RGB[2] << 16) | (NAN_RGB[1] << 8) | NAN_RGB[0]) >>> 0;

/** value scaled by `scale` to [-1, 1] → table index, or -1 when not finite. */
export function colourIndex(value, scale = 1) {
  if (!Number.isFinite(value)) return -1;
  const t = Math.max(-1, Math.min(1, value / (scale || 1)));
  return Math.round((t + 1) * STEPS);
}

/** value scaled by `scale` to [-1, 1] → [r, g, b] */
export function divergingRgb(value, scale = 1) {
  const k = colourIndex(value, scale);
  return k < 0 ? NAN_RGB : RGB[k];
}

// value scaled by `scale` to [-1, 1] → "rgb(r,g,b)"
export function diverging(value, scale = 1) {
  const k = colourIndex(value, scale);
  return k < 0 ? `rgb(${NAN_RGB})` : CSS[k];
}

export function legendGradient() {
  return `linear-gradient(to right, rgb(${NEG}), rgb(${MID}), rgb(${POS}))`;
}

/** An array of values or rows: a plain Array, or a typed row of a binary frame (frames.js). */
export const isList = (x) => Array.isArray(x) || ArrayBuffer.isView(x);

/** Largest |value| in nested arrays (1 if all zero), for a colour scale. */
export function maxAbs(nested) {
  let max = 0;
  const walk = (x) => {
    if (isList(x)) { for (const v of x) walk(v); }
    else if (Number.isFinite(x) && Math.abs(x) > max) max = Math.abs(x);
  };
  walk(nested);
  return max || 1;
}

const NONE_CSS = "#d0d0d0"; // a quantity not computed yet (e.g. ∂E/∂w before the backward pass)

/** A colourIndex (or -2 for an edge's, -3 for a unit's "not computed yet") → CSS colour. */
export function colourCss(k) {
  if (k === -2) return NONE_CSS;
  if (k === -3) return "#e8e8e8"; // a unit value not computed yet
  return k < 0 ? `rgb(${NAN_RGB})` : CSS[k];
}
