// A colour-blind-safe diverging palette (ColorBrewer PuOr): orange for negative, purple for
// positive, near-white at zero.
const NEG = [179, 88, 6];
const MID = [247, 247, 247];
const POS = [84, 39, 136];

const mix = (a, b, t) => a.map((v, i) => Math.round(v + (b[i] - v) * t));

/** value scaled by `scale` to [-1, 1] → [r, g, b] */
export function divergingRgb(value, scale = 1) {
  if (!Number.isFinite(value)) return [120, 120, 120];
  const t = Math.max(-1, Math.min(1, value / (scale || 1)));
  return t < 0 ? mix(MID, NEG, -t) : mix(MID, POS, t);
}

// value scaled by `scale` to [-1, 1] → "rgb(r,g,b)"
export function diverging(value, scale = 1) {
  return `rgb(${divergingRgb(value, scale).join(",")})`;
}

export function legendGradient() {
  return `linear-gradient(to right, rgb(${NEG}), rgb(${MID}), rgb(${POS}))`;
}

/** Largest |value| in nested arrays (1 if all zero), for a colour scale. */
export function maxAbs(nested) {
  let max = 0;
  const walk = (x) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (Number.isFinite(x)) max = Math.max(max, Math.abs(x));
  };
  walk(nested);
  return max || 1;
}
