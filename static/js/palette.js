// A colour-blind-safe diverging palette (ColorBrewer PuOr): orange for negative, purple for
// positive, the background's tone at zero (near-white in the light theme, near-black in the
// dark one, so weights near zero fade into the panel). Colours come from a precomputed table
// (STEPS per side, finer than one colour unit), so the per-frame diagram paint allocates no
// strings or arrays; usePalette() refills the tables in place when the theme changes.
const THEMES = {
  light: { neg: [179, 88, 6], mid: [247, 247, 247], pos: [84, 39, 136], none: "#d0d0d0", blank: "#e8e8e8" },
  // Lighter ends on a dark middle: text on a matrix cell (at most 0.6 of the scale) stays ≥ 4.5:1.
  dark: { neg: [212, 115, 26], mid: [42, 43, 51], pos: [128, 115, 172], none: "#4a4b55", blank: "#3a3b44" },
};
const STEPS = 256;
const NAN_RGB = [120, 120, 120];
let theme = THEMES.light;

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

// Index k in [0, 2·STEPS] stands for t = k / STEPS − 1.
const RGB = new Array(2 * STEPS + 1);
const CSS = new Array(2 * STEPS + 1);
/** Packed 0xAABBGGRR per index, for writing ImageData through a Uint32Array (little-endian). */
export const PACKED = new Uint32Array(2 * STEPS + 1);
export const PACKED_NAN = ((255 << 24) | (NAN_RGB[2] << 16) | (NAN_RGB[1] << 8) | NAN_RGB[0]) >>> 0;

/** Fill the tables for "light" or "dark" (theme.js calls this; a worker keeps light). */
export function usePalette(name) {
  theme = THEMES[name] ?? THEMES.light;
  for (let k = 0; k <= 2 * STEPS; k += 1) {
    const t = k / STEPS - 1;
    const [r, g, b] = RGB[k] = t < 0 ? mix(theme.mid, theme.neg, -t) : mix(theme.mid, theme.pos, t);
    CSS[k] = `rgb(${r},${g},${b})`;
    PACKED[k] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
}
usePalette("light");

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
  return `linear-gradient(to right, rgb(${theme.neg}), rgb(${theme.mid}), rgb(${theme.pos}))`;
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

/** A colourIndex (or -2 for an edge's, -3 for a unit's "not computed yet") → CSS colour. */
export function colourCss(k) {
  if (k === -2) return theme.none; // a quantity not computed yet (e.g. ∂E/∂w before the backward pass)
  if (k === -3) return theme.blank; // a unit value not computed yet
  return k < 0 ? `rgb(${NAN_RGB})` : CSS[k];
}
