// Loss chart (train and test, canvas) and, for 2-D data, the decision-boundary heatmap with
// the data points. Clicking the plot adds a point (Shift: the other class).
import { continueWith } from "../actions.js";
import * as api from "../api.js";
import { num } from "../format.js";
import { paintGrid, scaleFor } from "../heatmap.js";
import { diverging, isList } from "../palette.js";
import { loss } from "../registry.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, getState, update } from "../store.js";
import { cssColour } from "../theme.js";

// Colours from the theme (explorer.css): read when drawing, so a theme change repaints right.
const TRAIN = () => cssColour("--series-train"), TEST = () => cssColour("--series-test");
const CLASS = (k) => cssColour(`--class-${k}`);

// Canvas sizes come from a ResizeObserver: reading layout on every frame would force it.
const sizes = new WeakMap();
const observer = new ResizeObserver((entries) => {
  for (const e of entries) {
    const before = sizes.get(e.target);
    sizes.set(e.target, { width: e.contentRect.width, height: e.contentRect.height });
    if (before && before.width !== e.contentRect.width) e.target.dispatchEvent(new Event("resized"));
  }
});

function sized(canvas) {
  const ratio = window.devicePixelRatio || 1;
  if (!sizes.has(canvas)) { observer.observe(canvas); const r = canvas.getBoundingClientRect(); sizes.set(canvas, { width: r.width, height: r.height }); }
  const { width, height } = sizes.get(canvas);
  if (canvas.width !== Math.round(width * ratio)) { canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio); }
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

function drawLoss(canvas, series) {
  const { ctx, width, height } = sized(canvas);
  ctx.clearRect(0, 0, width, height);
  const pad = { l: 44, r: 8, t: 8, b: 18 };
  let maxY = 0;
  for (const p of series) {
    if (Number.isFinite(p.train) && p.train > maxY) maxY = p.train;
    if (Number.isFinite(p.test) && p.test > maxY) maxY = p.test;
  }
  maxY = maxY * 1.05 || 1;
  const first = series[0]?.iteration ?? 0, last = Math.max(first + 1, series.at(-1)?.iteration ?? 1);
  const x = (it) => pad.l + ((it - first) / (last - first)) * (width - pad.l - pad.r);
  const y = (v) => height - pad.b - (v / maxY) * (height - pad.t - pad.b);
  ctx.strokeStyle = cssColour("--axis"); ctx.fillStyle = cssColour("--axis-text"); ctx.font = "10px system-ui"; ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, pad.t); ctx.lineTo(pad.l, height - pad.b); ctx.lineTo(width - pad.r, height - pad.b); ctx.stroke();
  ctx.fillText(num(maxY).slice(0, 6), 2, pad.t + 8); ctx.fillText("0", pad.l - 10, height - pad.b);
  ctx.fillText(`iteration ${first}`, pad.l, height - 4);
  ctx.textAlign = "right"; ctx.fillText(`${last}`, width - pad.r, height - 4); ctx.textAlign = "left";
  // At most two points (the extremes) per pixel column: a long run costs no more to draw
  // than the chart is wide, and spikes survive the thinning.
  const perPixel = Math.max(1, Math.floor(series.length / Math.max(1, width - pad.l - pad.r)));
  for (const [key, colour] of [["train", TRAIN()], ["test", TEST()]]) {
    ctx.strokeStyle = colour; ctx.lineWidth = 1.8; ctx.setLineDash(key === "test" ? [5, 3] : []);
    ctx.beginPath();
    let started = false;
    const to = (p) => {
      if (started) ctx.lineTo(x(p.iteration), y(p[key])); else { ctx.moveTo(x(p.iteration), y(p[key])); started = true; }
    };
    for (let start = 0; start < series.length; start += perPixel) {
      let lo = null, hi = null;
      for (let k = start; k < Math.min(series.length, start + perPixel); k += 1) {
        const p = series[k];
        if (!Number.isFinite(p[key])) continue;
        if (!lo || p[key] < lo[key]) lo = p;
        if (!hi || p[key] > hi[key]) hi = p;
      }
      if (!lo) continue;
      if (lo === hi) to(lo);
      else if (lo.iteration < hi.iteration) { to(lo); to(hi); } else { to(hi); to(lo); }
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  const lastPoint = series.at(-1);
  canvas.setAttribute("aria-label", `Loss chart: train ${num(lastPoint?.train)}, test ${num(lastPoint?.test)} at iteration ${lastPoint?.iteration ?? 0}`);
}

const gridCanvas = document.createElement("canvas"); // reused for every decision-boundary grid

/** Regression data (targets, not classes): points are coloured by their target's value. */
function isRegression(item, datasets) {
  if (!item) return false;
  const info = datasets?.datasets?.find((d) => d.name === item.doc.dataset.name);
  if (info && info.kind !== "custom") return info.kind === "regression";
  return !loss(item.doc.config.loss)?.requires_output; // custom points: as the loss treats them (classes for CE)
}

/** 1-D data: the training points (filled), test points (rings) and the network's curve. */
function drawCurve(canvas, state) {
  const item = entry(state);
  const { ctx, width, height } = sized(canvas);
  ctx.clearRect(0, 0, width, height);
  const { points, grid } = state;
  const curve = grid && !isList(grid.values?.[0]) ? grid : null;
  const ys = [...points.train, ...points.test].map((p) => p[1]).concat(curve ? curve.values.filter(Number.isFinite) : []);
  let [lo, hi] = [Math.min(...ys), Math.max(...ys)];
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const margin = 0.08 * (hi - lo);
  lo -= margin; hi += margin;
  const [x0, x1] = points.domain[0];
  const pad = { l: 36, r: 8, t: 8, b: 18 };
  const px = (v) => pad.l + ((v - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const py = (v) => pad.t + (1 - (v - lo) / (hi - lo)) * (height - pad.t - pad.b);
  ctx.strokeStyle = cssColour("--axis"); ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, py(0)); ctx.lineTo(width - pad.r, py(0)); ctx.stroke(); // y = 0
  ctx.fillStyle = cssColour("--axis-text"); ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(num(hi).slice(0, 7), 2, pad.t + 8); ctx.fillText(num(lo).slice(0, 7), 2, height - pad.b);
  ctx.fillText(`x ${num(x0)} … ${num(x1)}`, pad.l, height - 4);
  const dot = (p, hollow) => {
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), hollow ? 3 : 2.5, 0, 2 * Math.PI);
    if (hollow) { ctx.strokeStyle = TEST(); ctx.lineWidth = 1.2; ctx.stroke(); } else { ctx.fillStyle = TRAIN(); ctx.fill(); }
  };
  points.train.forEach((p) => dot(p, false));
  points.test.forEach((p) => dot(p, true));
  if (curve) {
    ctx.strokeStyle = cssColour("--series-fit"); ctx.lineWidth = 2.5; ctx.beginPath();
    let started = false;
    curve.values.forEach((v, k) => {
      if (!Number.isFinite(v)) { started = false; return; }
      const x = px(curve.x[k]), y = Math.max(-height, Math.min(2 * height, py(v)));
      if (started) ctx.lineTo(x, y); else { ctx.moveTo(x, y); started = true; }
    });
    ctx.stroke();
  }
  canvas.setAttribute("aria-label", `Fit plot: ${points.train.length} training and ${points.test.length} test points` +
    `${curve ? " and the network's output curve" : ""} at iteration ${item?.doc.iteration ?? 0}`);
}

function drawPlot(canvas, state) {
  const item = entry(state);
  const points = state.points;
  if (item && points?.domain.length === 1) { drawCurve(canvas, state); return; }
  const { ctx, width, height } = sized(canvas);
  ctx.clearRect(0, 0, width, height);
  if (!points || points.domain.length !== 2) return;
  const regression = isRegression(item, state.datasets);
  const [[x0, x1], [y0, y1]] = points.domain;
  const grid = state.grid;
  if (grid?.values?.length && isList(grid.values[0])) {
    const layers = item.doc.config.layers;
    const off = gridCanvas;
    paintGrid(off, grid.values, scaleFor(layers.at(-1).activation, grid.values));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(off, 0, 0, width, height);
  }
  const px = (v) => ((v - x0) / (x1 - x0)) * width;
  const py = (v) => height - ((v - y0) / (y1 - y0)) * height;
  // A white halo and a dark rim keep a point visible on a background of its own colour.
  const targetScale = regression ? Math.max(...[...points.train, ...points.test].map((p) => Math.abs(p[2])), 1e-9) : 1;
  const dot = (p, hollow) => {
    const colour = regression ? diverging(p[2], targetScale) : CLASS(p[2] >= 0.5 ? 1 : 0);
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), 6, 0, 2 * Math.PI);
    ctx.fillStyle = cssColour("--point-halo"); ctx.fill(); ctx.strokeStyle = cssColour("--point-edge"); ctx.lineWidth = 1; ctx.stroke();
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), hollow ? 3 : 4, 0, 2 * Math.PI);
    if (hollow) { ctx.strokeStyle = colour; ctx.lineWidth = 2; ctx.stroke(); } else { ctx.fillStyle = colour; ctx.fill(); }
  };
  points.train.forEach((p) => dot(p, false));
  points.test.forEach((p) => dot(p, true));
  canvas.setAttribute("aria-label", `Data plot: ${points.train.length} training and ${points.test.length} test points over the network's output`);
}

/** Clicking the plot adds a point: the data becomes custom points (weights are kept). */
function addPoint(canvas, event) {
  const state = getState();
  const item = entry(state);
  if (!item || !state.points || state.points.domain.length !== 2 || isRegression(item, state.datasets)) return;
  const rect = canvas.getBoundingClientRect();
  const [[x0, x1], [y0, y1]] = state.points.domain;
  const x = x0 + ((event.clientX - rect.left) / rect.width) * (x1 - x0);
  const y = y1 - ((event.clientY - rect.top) / rect.height) * (y1 - y0);
  const label = event.shiftKey ? 0 : 1;
  const rows = [...state.points.train, ...state.points.test].map((p) => [p[0], p[1], p[2] >= 0.5 ? 1 : 0]);
  rows.push([Number(x.toFixed(3)), Number(y.toFixed(3)), label]);
  const doc = structuredClone(item.doc);
  doc.dataset = { ...doc.dataset, name: "custom", points: rows };
  doc.batch_index = 0; doc.phase = 0;
  continueWith(doc, `Added a class-${label} point at (${x.toFixed(2)}, ${y.toFixed(2)}); the data are now custom points.`);
}

let pointsKey = null;
let pointsFor = null; // [dataset, output layer] objects last checked: frames share them
async function refreshPoints(state) {
  const item = entry(state);
  if (!item) return;
  if (pointsFor && pointsFor[0] === item.doc.dataset && pointsFor[1] === item.doc.config.layers.at(-1)) return;
  pointsFor = [item.doc.dataset, item.doc.config.layers.at(-1)];
  const key = JSON.stringify(item.doc.dataset) + item.doc.config.layers.at(-1).units;
  if (key === pointsKey) return;
  pointsKey = key;
  try { update({ points: await api.points(item.doc) }); } catch (err) { update({ points: null }); }
}

let gridFor = null;

/** The points and grids of `item` are already in the store (an embed has them in its page):
 * the panel fetches them only when the network on screen changes. */
export function primeWith(item) {
  pointsFor = [item.doc.dataset, item.doc.config.layers.at(-1)];
  pointsKey = JSON.stringify(item.doc.dataset) + item.doc.config.layers.at(-1).units;
  gridFor = item;
}

async function refreshGrid(state) {
  const item = entry(state);
  const dims = state.points?.domain.length;
  if (!item || state.playing || item === gridFor || !(dims === 1 || dims === 2)) return;
  gridFor = item;
  try {
    const hidden = item.doc.config.layers.length > 1 ? 16 : 0;
    const res = await api.grid(item.doc, 40, hidden);
    if (gridFor === item) update({ grid: res.grid, hiddenGrids: res.hidden_grids ?? null });
  } catch (err) { /* a grid is decoration: keep the old one */ }
}

export function mount(root) {
  root.innerHTML = `<h2>Loss</h2>
    <canvas id="loss-chart" class="loss-chart" role="img" aria-label="Loss chart"></canvas>
    <p class="chart-key"><span class="key-train">━ train</span> <span class="key-test">╍ test</span></p>
    <div class="plot-wrap"><h2 class="plot-title">Output over the input plane</h2>
    <canvas id="data-plot" class="data-plot" role="img" tabindex="0" aria-label="Data plot"></canvas>
    <p class="hint plot-hint"></p></div>`;
  const chart = root.querySelector("#loss-chart");
  const plot = root.querySelector("#data-plot");
  plot.addEventListener("click", (event) => addPoint(plot, event));
  // While training, the chart follows ten times a second: the eye cannot follow more, and
  // each repaint of the canvas costs main-thread raster time.
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s, 10)] : [s.series]), (s) => drawLoss(chart, s.series));
  chart.addEventListener("resized", () => drawLoss(chart, getState().series));
  plot.addEventListener("resized", () => drawPlot(plot, getState()));
  document.addEventListener("bpx:theme", () => { drawLoss(chart, getState().series); drawPlot(plot, getState()); });
  whenChanged((s) => [s.grid, s.points, s.history[s.cursor]?.doc.config], (s) => {
    const dims = s.points?.domain.length;
    root.querySelector(".plot-wrap").hidden = !(dims === 1 || dims === 2);
    root.querySelector(".plot-title").textContent = dims === 1 ? "Fit: the data and the network's curve" : "Output over the input plane";
    root.querySelector(".plot-hint").textContent = dims === 1
      ? "Dots: training points; rings: test points; the line: the network's output over x."
      : isRegression(entry(s), s.datasets) ? "Points are coloured by their target; the background is the network's output."
        : "Click to add a point (Shift+click: the other class). Filled dots: training points; rings: test points.";
    drawPlot(plot, s);
  });
  whenChanged((s) => [s.history[s.cursor], s.playing], (s) => { refreshPoints(s); refreshGrid(s); });
}
