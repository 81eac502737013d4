// Input units named by their feature (x₁, x₁², sin x₁) with a small picture of the feature
// over the input plane, as TensorFlow Playground draws them. The label and the formula come
// from the engine's registry (engine/features.py: an operation on raw coordinates), so the
// picture is the function the network is given. Computed once per (features, domain).
import { gridUrl } from "../heatmap.js";
import { maxAbs } from "../palette.js";
import { getRegistry } from "../registry.js";

// The registry's operations, as functions of the raw coordinates they name.
export const OPERATIONS = { identity: (a) => a, square: (a) => a * a, product: (a, b) => a * b, sin: Math.sin };
const SIZE = 24; // pixels a side: the picture is 30–38 px on screen, and drawn pixelated

let cached = { key: null, inputs: null };
// The pictures are in the theme's palette: a theme change (theme.js's bpx:theme) redraws them.
globalThis.document?.addEventListener("bpx:theme", () => { cached = { key: null, inputs: null }; });

/** The feature of each input unit, or null when the inputs are not features of 1-D or 2-D points
 * (a CSV of many columns). doc: a state document; domain: [[lo, hi]] per raw axis, or null. */
export function featureInputs(doc, domain) {
  const names = doc.dataset?.features ?? [];
  const key = `${names.join(",")}|${JSON.stringify(domain ?? null)}|${doc.config.inputs}`;
  if (cached.key === key) return cached.inputs;
  const registry = getRegistry().features ?? [];
  const features = names.map((name) => registry.find((f) => f.name === name));
  const usable = features.length === doc.config.inputs && features.every(Boolean)
    && (!domain || features.every((f) => f.needs <= domain.length));
  const inputs = usable ? features.map((f) => ({ name: f.name, title: f.title, url: domain ? picture(f, domain) : null })) : null;
  cached = { key, inputs };
  return inputs;
}

/** The feature's values on a SIZE × SIZE grid over the domain (one row for 1-D points), as a
 * data URL in the diagram's diverging palette, white at 0. */
function picture(feature, domain) {
  const op = OPERATIONS[feature.op];
  if (!op) return null;
  const axes = domain.map(([lo, hi]) => Array.from({ length: SIZE }, (_, k) => lo + ((hi - lo) * k) / (SIZE - 1)));
  // values[r][c]: row r = y from the bottom, column c = x (heatmap.paintGrid's layout). A 1-D
  // feature repeats its one row, so the picture fills the square (stripes across x).
  const rows = domain.length === 1 ? axes[0].map(() => 0) : axes[1];
  const values = rows.map((y) => axes[0].map((x) => op(...feature.args.map((a) => (a === 0 ? x : y)))));
  const scale = maxAbs(values) || 1;
  return gridUrl(values, { offset: 0, scale });
}
