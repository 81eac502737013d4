// Classes of a classification run: how many, their colours, which class a point has, and the
// decision map's colour for k classes. DOM-free apart from reading the theme's CSS variables
// (--class-0, --class-1, --class-2), so node tests can use it.
import { loss } from "./registry.js";

// Fallbacks when the page defines no --class-k: ColorBrewer PuOr's ends for classes 0 and 1
// (the diagram's palette: orange low, purple high) and PRGn's dark green for class 2, as the
// light theme of explorer.css defines them.
export const FALLBACK = ["#b35806", "#542788", "#1b7837"];

// Read once per theme: getComputedStyle on every frame's redraw would recompute style.
let variables = new Map();
globalThis.document?.addEventListener?.("bpx:theme", () => { variables = new Map(); });

function cssVariable(name) {
  const root = globalThis.document?.documentElement;
  if (!root || typeof getComputedStyle !== "function") return "";
  let value = variables.get(name);
  if (value === undefined) {
    value = getComputedStyle(root).getPropertyValue(name).trim();
    variables.set(name, value);
  }
  return value;
}

/** A theme colour (a CSS variable such as --muted) for canvas drawing, or `fallback`. */
export const themeColour = (name, fallback) => cssVariable(name) || fallback;

const hex = (rgb) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, "0")).join("")}`;

/** "#rrggbb", "#rgb" or "rgb(r, g, b)" → [r, g, b], or null. */
export function parseColour(text) {
  const t = String(text ?? "").trim();
  let m = t.match(/^#([0-9a-f]{6})$/i);
  if (m) return [0, 2, 4].map((k) => parseInt(m[1].slice(k, k + 2), 16));
  m = t.match(/^#([0-9a-f]{3})$/i);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16));
  m = t.match(/^rgba?\(\s*(\d+)[,\s]+(\d+)[,\s]+(\d+)/i);
  return m ? m.slice(1, 4).map(Number) : null;
}

/** Class k's colour as [r, g, b]: the theme's --class-k, else a fallback; classes past the
 * named ones get evenly spaced hues. */
export function classRgb(k) {
  const themed = parseColour(cssVariable(`--class-${k}`));
  if (themed) return themed;
  if (k < FALLBACK.length) return parseColour(FALLBACK[k]);
  const hue = ((k * 137.5) % 360) / 360; // golden-angle steps: neighbours differ in hue
  return hslToRgb(hue, 0.6, 0.35);
}

export const classColour = (k) => hex(classRgb(k));

function hslToRgb(h, s, l) {
  const f = (n) => {
    const k = (n + h * 12) % 12;
    return 255 * (l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1)));
  };
  return [f(0), f(8), f(4)];
}

/** How many classes the network on screen tells apart: 2 for one output unit, else one per
 * output unit; 0 when its outputs are not classes (regression: the server's metrics say so). */
export function classCount(doc, metrics) {
  if (metrics && "classes" in metrics) return metrics.classes ?? 0;
  const units = doc.config.layers.at(-1).units;
  return loss(doc.config.loss)?.requires_output ? (units === 1 ? 2 : units) : 0;
}

/** A data point's class from its label (the last value of [x1, …, label]): labels are class
 * indices; with two classes a label ≥ 0.5 is class 1 (as the engine's metrics read 0/1). */
export function classOf(label, classes) {
  if (classes <= 2) return label >= 0.5 ? 1 : 0;
  return Math.max(0, Math.min(classes - 1, Math.round(label)));
}

/** The decision map's value at a point → {cls, confidence}. The server sends, for a softmax
 * over k ≥ 3 classes, k + p (class k with probability p, engine/grids.py); otherwise the
 * probability of class 1, whose class is the nearer of 0 and 1. */
export function decision(value, classes) {
  if (!Number.isFinite(value)) return null;
  if (classes >= 3) {
    const cls = Math.min(classes - 1, Math.max(0, Math.floor(value)));
    return { cls, confidence: value - cls };
  }
  return value >= 0.5 ? { cls: 1, confidence: value } : { cls: 0, confidence: 1 - value };
}

/** Packed 0xAABBGGRR colours per class and confidence step, for ImageData: the class colour
 * mixed with `paper` (the plot's background), fully where the network is sure and a pale tint
 * where it is at chance (1/k), so class regions and their borders read at a glance. */
export function decisionTable(classes, paper = [255, 255, 255], steps = 64) {
  const k = Math.max(2, classes);
  const chance = 1 / k;
  return Array.from({ length: k }, (_, c) => {
    const rgb = classRgb(c);
    return Uint32Array.from({ length: steps + 1 }, (_, s) => {
      const sure = s / steps; // 0 at chance, 1 at certainty
      const t = 0.12 + 0.5 * sure; // never the full colour: the points stay visible on top
      const [r, g, b] = rgb.map((v, i) => Math.round(paper[i] + (v - paper[i]) * t));
      return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
    });
  }).map((table) => ({ table, chance, steps }));
}

/** Index into a class's table for a confidence p ∈ [1/k, 1]. */
export function confidenceStep(p, { chance, steps }) {
  const sure = Math.max(0, Math.min(1, (p - chance) / (1 - chance)));
  return Math.round(sure * steps);
}

/** A confusion matrix (rows: true class, columns: predicted) → totals and per-class recall. */
export function confusionSummary(matrix) {
  const rows = matrix.map((row) => row.reduce((a, b) => a + b, 0));
  const total = rows.reduce((a, b) => a + b, 0);
  const correct = matrix.reduce((sum, row, i) => sum + row[i], 0);
  return { total, correct, rows, recall: matrix.map((row, i) => (rows[i] ? row[i] / rows[i] : null)) };
}
