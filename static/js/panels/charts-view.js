// The charts panel: the loss chart (loss-chart.js; linear or log scale) with the accuracies
// of a classification run, its confusion matrix (confusion-view.js) and, for 2-D data, the
// decision map with the data points: k classes coloured by class, lighter where the network
// is less sure. Clicking the plot adds a point of the class picked beside it (Shift: the
// other of two classes).
import { continueWith } from "../actions.js";
import * as api from "../api.js";
import { classColour, classCount, classOf, confidenceStep, decision, decisionTable, themeColour } from "../classes.js";
import { setAttr, setText } from "../dom.js";
import { compact, num, percent } from "../format.js";
import { paintGrid, scaleFor } from "../heatmap.js";
import { diverging, isList } from "../palette.js";
import { loss } from "../registry.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, getState, setView, update } from "../store.js";
import * as confusion from "./confusion-view.js";
import { colour, drawLoss, sized } from "./loss-chart.js";

/** The legend under the loss chart: each set's loss and, for classification, its accuracy. */
function renderKey(root, state) {
  const m = entry(state)?.metrics;
  const classified = Boolean(m?.classes);
  root.querySelector("#train-key").textContent = `E ${num(m?.train_loss)}`;
  root.querySelector("#test-key").textContent = `E ${num(m?.test_loss)}`;
  for (const set of ["train", "test"]) {
    const out = root.querySelector(`#${set}-accuracy`);
    out.hidden = !classified;
    out.textContent = classified ? `accuracy ${percent(m[`${set}_accuracy`])}` : "";
  }
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
  ctx.strokeStyle = colour.axis(); ctx.lineWidth = 1;
  ctx.beginPath(); ctx.moveTo(pad.l, py(0)); ctx.lineTo(width - pad.r, py(0)); ctx.stroke(); // y = 0
  ctx.fillStyle = colour.axisText(); ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(compact(hi), 2, pad.t + 8); ctx.fillText(compact(lo), 2, height - pad.b);
  ctx.fillText(`x ${compact(x0)} … ${compact(x1)}`, pad.l, height - 4);
  const train = colour.train(), test = colour.test();
  const dot = (p, hollow) => {
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), hollow ? 3 : 2.5, 0, 2 * Math.PI);
    if (hollow) { ctx.strokeStyle = test; ctx.lineWidth = 1.2; ctx.stroke(); } else { ctx.fillStyle = train; ctx.fill(); }
  };
  points.train.forEach((p) => dot(p, false));
  points.test.forEach((p) => dot(p, true));
  if (curve) {
    ctx.strokeStyle = colour.fit(); ctx.lineWidth = 2.5; ctx.beginPath();
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

/** Classes of the network on screen (0: regression), as the server's metrics say. */
const classesOf = (item, state) => (item && !isRegression(item, state.datasets) ? classCount(item.doc, item.metrics) || 2 : 0);

let tables = null; // [classes, colour tables]: rebuilt when the number of classes changes

/** k ≥ 3 classes: each grid cell in its class's colour, paler where the network is less sure
 * (engine/grids.py sends class + confidence). */
function paintClasses(canvas, values, classes) {
  if (tables?.[0] !== classes) tables = [classes, decisionTable(classes, themeRgb("--panel", [255, 255, 255]))];
  const rows = values.length, cols = values[0]?.length ?? 0;
  if (canvas.width !== cols || canvas.height !== rows) { canvas.width = cols; canvas.height = rows; }
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(cols, rows);
  const pixels = new Uint32Array(image.data.buffer);
  for (let r = 0; r < rows; r += 1) {
    const base = (rows - 1 - r) * cols; // canvas rows run top-down
    for (let c = 0; c < cols; c += 1) {
      const found = decision(values[r][c], classes);
      const t = found && tables[1][found.cls];
      pixels[base + c] = t ? t.table[confidenceStep(found.confidence, t)] : 0xff787878;
    }
  }
  ctx.putImageData(image, 0, 0);
}

function themeRgb(name, fallback) {
  const m = themeColour(name, "").match(/^#([0-9a-f]{6})$/i);
  return m ? [0, 2, 4].map((k) => parseInt(m[1].slice(k, k + 2), 16)) : fallback;
}

function drawPlot(canvas, state) {
  const item = entry(state);
  const points = state.points;
  if (item && points?.domain.length === 1) { drawCurve(canvas, state); return; }
  const { ctx, width, height } = sized(canvas);
  ctx.clearRect(0, 0, width, height);
  if (!points || points.domain.length !== 2) return;
  const regression = isRegression(item, state.datasets);
  const classes = classesOf(item, state);
  const [[x0, x1], [y0, y1]] = points.domain;
  const grid = state.grid;
  if (grid?.values?.length && isList(grid.values[0])) {
    const output = item.doc.config.layers.at(-1);
    if (classes >= 3 && output.activation === "softmax") paintClasses(gridCanvas, grid.values, classes);
    else paintGrid(gridCanvas, grid.values, scaleFor(output.activation, grid.values));
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(gridCanvas, 0, 0, width, height);
  }
  const dots = pointsLayer(points, { width, height, regression, classes });
  if (dots.width && dots.height) ctx.drawImage(dots, 0, 0, width, height); // a hidden plot has no size
  setAttr(canvas, "aria-label", `Data plot: ${points.train.length} training and ${points.test.length} test points over the network's output${classes ? `; ${classes} classes` : ""}`);
}

// The points change only when the data do, the map under them on every training frame: the
// points are drawn once on a layer of their own, and each frame copies that layer.
const layer = { canvas: document.createElement("canvas"), key: null };
document.addEventListener("bpx:theme", () => { layer.key = null; });

function pointsLayer(points, { width, height, regression, classes }) {
  const ratio = window.devicePixelRatio || 1;
  const key = [points, width, height, ratio, regression, classes];
  if (layer.key && key.every((v, k) => v === layer.key[k])) return layer.canvas;
  layer.key = key;
  const canvas = layer.canvas;
  canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const [[x0, x1], [y0, y1]] = points.domain;
  const px = (v) => ((v - x0) / (x1 - x0)) * width;
  const py = (v) => height - ((v - y0) / (y1 - y0)) * height;
  // A white halo and a dark rim keep a point visible on a background of its own colour.
  const targetScale = regression ? Math.max(...[...points.train, ...points.test].map((p) => Math.abs(p[2])), 1e-9) : 1;
  const halo = colour.halo(), edge = colour.edge();
  // Each class's colour read once a draw (a theme variable), not once per point.
  const fills = Array.from({ length: Math.max(2, classes) }, (_, k) => classColour(k));
  const dot = (p, hollow) => {
    const fill = regression ? diverging(p[2], targetScale) : fills[classOf(p[2], classes)];
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), 6, 0, 2 * Math.PI);
    ctx.fillStyle = halo; ctx.fill(); ctx.strokeStyle = edge; ctx.lineWidth = 1; ctx.stroke();
    ctx.beginPath(); ctx.arc(px(p[0]), py(p[1]), hollow ? 3 : 4, 0, 2 * Math.PI);
    if (hollow) { ctx.strokeStyle = fill; ctx.lineWidth = 2; ctx.stroke(); } else { ctx.fillStyle = fill; ctx.fill(); }
  };
  points.train.forEach((p) => dot(p, false));
  points.test.forEach((p) => dot(p, true));
  return canvas;
}

/** Clicking the plot adds a point: the data becomes custom points (weights are kept). */
function addPoint(canvas, event, root) {
  const state = getState();
  const item = entry(state);
  const classes = classesOf(item, state);
  if (!item || !state.points || state.points.domain.length !== 2 || !classes) return;
  const rect = canvas.getBoundingClientRect();
  const [[x0, x1], [y0, y1]] = state.points.domain;
  const x = x0 + ((event.clientX - rect.left) / rect.width) * (x1 - x0);
  const y = y1 - ((event.clientY - rect.top) / rect.height) * (y1 - y0);
  const picked = Math.min(pickedClass(root), classes - 1);
  const label = event.shiftKey && classes === 2 ? 1 - picked : picked;
  const rows = [...state.points.train, ...state.points.test].map((p) => [p[0], p[1], classOf(p[2], classes)]);
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

let gridInFlight = false;

/** The maps of the state on screen. One request at a time, the newest state next: steps
 * pressed quickly ask for one grid each, and answers that came back out of order (or a
 * refusal of the many at once) left the map of an older iteration on screen. */
async function refreshGrid(state) {
  const item = entry(state);
  const dims = state.points?.domain.length;
  if (!item || state.playing || item === gridFor || !(dims === 1 || dims === 2)) return;
  gridFor = item;
  if (gridInFlight) return; // the request in flight asks again for gridFor when it ends
  gridInFlight = true;
  let fetched;
  do {
    fetched = gridFor;
    try {
      const hidden = fetched.doc.config.layers.length > 1 ? 16 : 0;
      const res = await api.grid(fetched.doc, 40, hidden);
      if (gridFor === fetched) update({ grid: res.grid, hiddenGrids: res.hidden_grids ?? null });
    } catch (err) { /* a grid is decoration: keep the old one */ }
  } while (gridFor !== fetched);
  gridInFlight = false;
}

/** The class a click adds: the picked radio (default class 1, as a plain click always added). */
function pickedClass(root) {
  const checked = root.querySelector("input[name=point-class]:checked");
  return checked ? Number(checked.value) : 1;
}

/** One radio per class beside the plot (keyboard: Tab to the group, arrows to choose). */
function renderPicker(root, classes) {
  const picker = root.querySelector(".class-picker");
  picker.hidden = classes < 2;
  if (picker.hidden || picker.querySelectorAll("input").length === classes) return; // kept: focus stays
  const before = Number(picker.querySelector("input:checked")?.value ?? 1);
  const options = Array.from({ length: classes }, (_, k) => {
    const input = Object.assign(document.createElement("input"), { type: "radio", name: "point-class", value: String(k) });
    input.checked = k === Math.min(before, classes - 1);
    const mark = Object.assign(document.createElement("span"), { className: "class-swatch" });
    mark.style.background = classColour(k);
    mark.setAttribute("aria-hidden", "true");
    const label = document.createElement("label");
    label.append(input, mark, `class ${k}`);
    return label;
  });
  picker.querySelector(".class-options").replaceChildren(...options);
}

export function mount(root) {
  root.innerHTML = `<h2>Loss</h2>
    <fieldset class="scale-switch"><legend>Scale</legend>
      <label><input type="radio" name="loss-scale" value="linear" checked> linear</label>
      <label><input type="radio" name="loss-scale" value="log"> log</label></fieldset>
    <canvas id="loss-chart" class="loss-chart" role="img" aria-label="Loss chart"></canvas>
    <p class="chart-key"><span class="key-set"><span class="key-train">━ train</span> <span id="train-key"></span>
      <span id="train-accuracy" class="accuracy" hidden></span></span>
      <span class="key-set"><span class="key-test">╍ test</span> <span id="test-key"></span>
      <span id="test-accuracy" class="accuracy" hidden></span></span></p>
    <div class="confusion-wrap"></div>
    <div class="plot-wrap"><h2 class="plot-title">Output over the input plane</h2>
    <fieldset class="class-picker" hidden><legend>Click adds a point of</legend><div class="class-options"></div></fieldset>
    <canvas id="data-plot" class="data-plot" role="img" tabindex="0" aria-label="Data plot"></canvas>
    <p class="hint plot-hint"></p></div>`;
  const chart = root.querySelector("#loss-chart");
  const plot = root.querySelector("#data-plot");
  confusion.mount(root.querySelector(".confusion-wrap"));
  plot.addEventListener("click", (event) => addPoint(plot, event, root));
  root.querySelector(".scale-switch").addEventListener("change", (event) => setView({ lossScale: event.target.value }));
  const scaleOf = (s) => (s.view.lossScale === "log" ? "log" : "linear");
  // While training, the chart follows ten times a second: the eye cannot follow more, and
  // each repaint of the canvas costs main-thread raster time.
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s, 10), s.view.lossScale] : [s.series, s.view.lossScale]),
    (s) => {
      root.querySelector(`input[name=loss-scale][value=${scaleOf(s)}]`).checked = true;
      drawLoss(chart, s.series, scaleOf(s));
    });
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s, 4)] : [s.history[s.cursor]]), (s) => renderKey(root, s));
  chart.addEventListener("resized", () => drawLoss(chart, getState().series, scaleOf(getState())));
  plot.addEventListener("resized", () => drawPlot(plot, getState()));
  // The theme changed (the header's toggle, the system setting): canvases and swatches hold
  // colours, not CSS variables, so they are drawn again in the new ones.
  document.addEventListener("bpx:theme", () => {
    const s = getState();
    tables = null;
    root.querySelector(".class-options").replaceChildren();
    renderPicker(root, s.points?.domain.length === 2 ? classesOf(entry(s), s) : 0);
    drawLoss(chart, s.series, scaleOf(s));
    drawPlot(plot, s);
  });
  whenChanged((s) => [s.grid, s.points, s.history[s.cursor]?.doc.config], (s) => {
    const dims = s.points?.domain.length;
    const classes = dims === 2 ? classesOf(entry(s), s) : 0;
    const wrap = root.querySelector(".plot-wrap");
    if (wrap.hidden !== !(dims === 1 || dims === 2)) wrap.hidden = !(dims === 1 || dims === 2);
    setText(root.querySelector(".plot-title"), dims === 1 ? "Fit: the data and the network's curve"
      : classes >= 3 ? `Classes over the input plane (${classes})` : "Output over the input plane");
    setText(root.querySelector(".plot-hint"), dims === 1
      ? "Dots: training points; rings: test points; the line: the network's output over x."
      : isRegression(entry(s), s.datasets) ? "Points are coloured by their target; the background is the network's output."
        : classes >= 3 ? "Each region has the colour of the class the network predicts there, paler where it is less sure. Click to add a point of the picked class. Filled dots: training points; rings: test points."
          : "Click to add a point of the picked class (Shift+click: the other class). Filled dots: training points; rings: test points.");
    renderPicker(root, classes);
    drawPlot(plot, s);
  });
  whenChanged((s) => [s.history[s.cursor], s.playing], refreshPoints);
  // The grid needs the points' domain: after a reload or a link the points arrive after the
  // network, and the grid must follow them then (it was left empty).
  whenChanged((s) => [s.history[s.cursor], s.playing, s.points], refreshGrid);
}
