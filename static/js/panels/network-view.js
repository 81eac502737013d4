// Network diagram panel (SVG). The elements are built once per architecture; every later
// render only updates attributes and text, so auto-train stays smooth.
// Node: [heatmap or a-colour square | a and δ as numbers | δ-colour bar]; a bias square sits
// on its top-left corner. Edge: colour = weight (or ∂E/∂w), width ∝ |w|.
import { setAttr, setText } from "../dom.js";
import { short } from "../format.js";
import { canvasUrl, gridUrl, scaleFor } from "../heatmap.js";
import { colourCss, colourIndex, diverging, legendGradient, maxAbs } from "../palette.js";
import { plain } from "../notation.js";
import { context, sizesOf } from "../quantities.js";
import { slowWhilePlaying } from "../schedule.js";
import { entry, getState, subscribe } from "../store.js";
import { TARGET_W, buildLabels, renderLabels, writeSymbol } from "./diagram-labels.js";
import { bindDiagram, focusedKey, restoreFocus } from "./diagram-input.js";
import { CANVAS_LIMIT, createEdgeLayer, edgeStyles } from "./edge-layer.js";
import { featureInputs } from "./feature-pictures.js";
import { BLANK, NO_BIAS, createUnitPainter } from "./unit-canvas.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const MARGIN_X = 60, MARGIN_Y = 30, TEXT_W = 66, BAR_W = 6;

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
}

/** Where everything goes for layer sizes in a panel `width` px wide. When the full units (square,
 * numbers, δ bar) do not fit, `allowCompact` drops the numbers column (they stay in each unit's
 * accessible name and the inspector): a 2-8-8-1 network then fits a phone without scrolling. */
function geometry(sizes, width, allowCompact = true) {
  const maxUnits = Math.max(...sizes);
  const box = maxUnits > 8 ? 30 : 38; // the square (heatmap) side = node height
  const gaps = Math.max(1, sizes.length - 1);
  const fullWidth = 2 * MARGIN_X + TARGET_W + gaps * (box + TEXT_W + BAR_W + 34);
  const compact = allowCompact && fullWidth * 0.85 > width; // 0.85: the SVG's min-width scale
  const nodeW = compact ? box + BAR_W : box + TEXT_W + BAR_W;
  const marginX = compact ? 30 : MARGIN_X;
  const rowH = box + (maxUnits > 8 ? 10 : 22);
  // The right margin holds the output units' targets (diagram-labels.js).
  const gap = Math.max(nodeW + (compact ? 26 : 34), (width - 2 * marginX - TARGET_W) / gaps);
  const height = Math.max(220, maxUnits * rowH + 2 * MARGIN_Y);
  const columns = sizes.map((count, l) => Array.from({ length: count }, (_, j) => ({
    x: marginX + l * gap,
    y: height / 2 + (j - (count - 1) / 2) * rowH,
  })));
  return { box, nodeW, rowH, gap, compact, width: 2 * marginX + TARGET_W + (sizes.length - 1) * gap, height, columns };
}

function buildNode(parent, l, j, p, g) {
  const node = el("g", { class: "node", "data-node": `${l}-${j}`, transform: `translate(${p.x - g.nodeW / 2},${p.y - g.box / 2})`,
    tabindex: "0", role: "button" }, parent);
  el("rect", { class: "body", width: g.nodeW, height: g.box, rx: 5 }, node);
  el("rect", { class: "a-swatch", width: g.box, height: g.box, rx: 5 }, node);
  el("image", { class: "unit-map", width: g.box, height: g.box, href: "", visibility: "hidden" }, node);
  el("rect", { class: "d-swatch", x: g.nodeW - BAR_W, width: BAR_W, height: g.box }, node);
  const a = el("text", { class: "a", x: g.box + 4, y: g.box / 2 - 3 }, node);
  const d = el("text", { class: "d", x: g.box + 4, y: g.box / 2 + 10 }, node);
  // An embed names every unit in its notation above the unit (out_h1, a_j1, …): an embed
  // may show no other panel that says which symbol is which.
  if (g.unitNames) el("text", { class: "unit-name", x: g.nodeW / 2, y: -4, "text-anchor": "middle" }, node);
  // An input unit is named by its feature (x₁, sin x₁) under its value.
  // A compact unit has no text column: the name goes above it (an input has no bias there).
  const feature = l === 0 ? el("text", g.compact ? { class: "feature", x: g.nodeW / 2, y: -4, "text-anchor": "middle" }
    : { class: "feature", x: g.box + 4, y: g.box / 2 + 11 }, node) : null;
  // The bias: a 10 px square in a target of at least 24 × 24 px (WCAG 2.5.8; 29 units, as the
  // diagram may be drawn at 0.85 of its size), reaching out of the unit more than into it. A
  // control of its own next to the unit's, not inside it (no button within a button).
  const bias = l > 0 ? el("g", { class: "bias", "data-bias": `${l}-${j}`, tabindex: "0", role: "button",
    transform: node.getAttribute("transform") }, parent) : null;
  if (bias) {
    el("rect", { class: "bias-target", x: -18, y: -18, width: 29, height: 29, fill: "transparent", stroke: "none" }, bias);
    el("rect", { class: "bias-swatch", x: -5, y: -5, width: 10, height: 10 }, bias);
  }
  el("title", {}, node);
  return { node, a, d, aSwatch: node.children[1], map: node.children[2], dSwatch: node.children[3], bias, biasSwatch: bias?.lastChild,
    name: node.querySelector(".unit-name"), feature };
}

function build(svg, doc, unitNames = false) {
  const sizes = sizesOf(doc);
  const width = svg.parentElement.clientWidth || 900;
  const g = geometry(sizes, width, !unitNames); // an embed scales its whole diagram instead (embed.css)
  g.unitNames = unitNames && Math.max(...sizes) <= 8; // above 8 units a column has no room for them
  const focused = focusedKey(svg); // a rebuild must not send keyboard focus to the top of the page
  svg.replaceChildren();
  svg.setAttribute("viewBox", `0 0 ${g.width} ${g.height}`);
  svg.style.minWidth = `${Math.round(g.width * 0.85)}px`;
  svg.style.setProperty("--diagram-width", `${Math.round(g.width)}px`); // narrow pages fit small diagrams (explorer.css)
  const edges = [];
  for (let l = 1; l < sizes.length; l += 1) {
    g.columns[l].forEach((to, j) => g.columns[l - 1].forEach((from, i) => {
      edges.push({ l, j, i, x1: from.x + g.nodeW / 2, y1: from.y, x2: to.x - g.nodeW / 2, y2: to.y });
    }));
  }
  const layerLabels = el("g", { class: "layer-labels" }, svg);
  sizes.forEach((_, l) => {
    const label = l === 0 ? "input" : l === sizes.length - 1 ? "output" : `hidden ${l}`;
    el("text", { x: g.columns[l][0].x, y: 14, "text-anchor": "middle" }, layerLabels).textContent = label;
  });
  const nodeLayer = el("g", { class: "nodes" }, svg);
  const nodes = g.columns.map((column, l) => column.map((p, j) => buildNode(nodeLayer, l, j, p, g)));
  const units = edges.length > CANVAS_LIMIT ? createUnitPainter(g.columns, g, BAR_W) : null;
  const edgeLayer = createEdgeLayer(svg, svg.parentElement, edges, g, units);
  const labels = buildLabels(svg, nodeLayer, edges, g, sizes);
  svg.classList.toggle("units-on-canvas", Boolean(units));
  svg.classList.toggle("compact", g.compact);
  return { key: sizes.join("-"), sizes, g, edges, nodes, edgeLayer, units, labels, styles: edgeStyles(edges.length), textKey: null, focused };
}

/** Which numbers of the entry are on screen: null where a phase has not computed them yet. */
function shownValues(item, scheme) {
  if (!item?.trace) return null;
  if (item.trace.frame) return item.trace; // auto-train frame: focus a and δ only
  const ctx = context(item, scheme);
  return {
    input: item.trace.input,
    layers: item.trace.layers.map((layer, k) => ({
      a: ctx.shown("forward", k + 1) ? layer.a : null,
      delta: ctx.shown("backward", k + 1) ? layer.delta : null,
      grad_w: ctx.shown("backward", k + 1) ? layer.grad_w : null,
    })),
  };
}

function freshLayer(item) {
  const phase = item?.phase;
  if (!phase) return { kind: null, layer: null };
  return { kind: phase.kind, layer: phase.kind === "loss" ? phase.layer : phase.layer };
}

const valueAt = (values, l, j) => (l === 0 ? values?.input?.[j] : values?.layers[l - 1]?.a?.[j]);
const deltaAt = (values, l, j) => (l === 0 ? undefined : values?.layers[l - 1]?.delta?.[j]);
const missing = (x) => x === undefined || x === null;

function isFresh(fresh, l, lastLayer) {
  return (fresh.kind === "forward" && fresh.layer === l) || (fresh.kind === "backward" && fresh.layer === l)
    || (fresh.kind === "loss" && l === lastLayer);
}

/** Unit colours: every frame. SVG attributes are written only when a colour changed. */
function renderNodeColours(view, item, values) {
  const biases = item.doc.params.biases;
  const fresh = freshLayer(item);
  const lastLayer = view.sizes.length - 1;
  const setFill = (node, key, colour) => { if (node[key] !== colour) { node[key] = colour; node[key === "aFill" ? "aSwatch" : key === "dFill" ? "dSwatch" : "biasSwatch"].setAttribute("fill", colour); } };
  view.nodes.forEach((column, l) => column.forEach((n, j) => {
    const a = valueAt(values, l, j), d = deltaAt(values, l, j);
    if (view.units) {
      view.units.set(l, j, missing(a) ? BLANK : colourIndex(a, 1), missing(d) ? BLANK : colourIndex(d, 0.1),
        l ? colourIndex(biases[l - 1][j], 1) : NO_BIAS, isFresh(fresh, l, lastLayer) && fresh.kind !== "update");
      return;
    }
    const aColour = missing(a) ? colourCss(BLANK) : diverging(a, 1); // the theme's "not computed yet"
    const dColour = missing(d) ? colourCss(BLANK) : diverging(d, 0.1);
    const bColour = l ? diverging(biases[l - 1][j], 1) : null;
    {
      setFill(n, "aFill", aColour);
      setFill(n, "dFill", dColour);
      if (n.bias) setFill(n, "bFill", bColour);
    }
  }));
}

/** Numbers, labels and highlight classes: every change when paused, a few times a second
 * while auto-training (text forces layout and re-raster; nobody reads 60 numbers a second). */
function renderNodeText(view, item, state, values, from = 0, to = Infinity, labels = true) {
  const biases = item.doc.params.biases;
  const fresh = freshLayer(item);
  const names = view.names(item);
  const features = featureInputs(item.doc, state.points?.domain);
  const target = item.trace?.target ?? item.target ?? null; // the focus example's (the one the inspector explains)
  const sel = state.selection;
  const lastLayer = view.sizes.length - 1;
  let k = -1;
  view.nodes.forEach((column, l) => column.forEach((n, j) => {
    k += 1;
    if (k < from || k >= to) return;
    const a = valueAt(values, l, j), d = deltaAt(values, l, j);
    setText(n.a, `a ${missing(a) ? "·" : short(a)}`);
    setText(n.d, l === 0 ? "" : `δ ${missing(d) ? "·" : short(d)}`);
    const on = isFresh(fresh, l, lastLayer);
    n.node.classList.toggle("fresh-a", on && fresh.kind !== "backward");
    n.node.classList.toggle("fresh-d", on && fresh.kind === "backward");
    n.node.classList.toggle("selected", sel?.type === "node" && sel.l === l && sel.j === j);
    n.bias?.classList.toggle("selected", sel?.type === "bias" && sel.l === l && sel.j === j);
    const feature = l === 0 ? features?.[j]?.title : null;
    const bias = l ? `, bias ${plain(names.b(l, j))} = ${short(biases[l - 1][j])}` : "";
    const goal = l === lastLayer && target ? `, ${plain(names.t(j))} = ${short(target[j])}` : "";
    const label = `${plain(names.a(l, j))} = ${short(a)}${l ? `, δ = ${short(d)}` : ""}${bias}${goal}`;
    if (labels) {
      setAttr(n.node, "aria-label", `Unit ${names.unit(l, j)}${feature ? ` (feature ${feature})` : ""}: ${label}`);
      setText(n.node.lastChild, label);
      if (n.bias) setAttr(n.bias, "aria-label", `bias ${plain(names.b(l, j))} = ${short(biases[l - 1][j])} of unit ${names.unit(l, j)}`);
    }
    if (n.feature) setText(n.feature, feature ?? "");
    if (n.name) writeSymbol(n.name, names.a(l, j));
  }));
  if (from === 0) renderLabels(view.labels, names, item.doc, target, view.edges);
}

const TEXT_HZ = 4;

function renderNodes(view, item, state) {
  const values = shownValues(item, state.view.notation);
  renderNodeColours(view, item, values);
  if (state.playing && view.units) {
    // Large diagram while training: a slice of the units' numbers on each frame, all of them
    // TEXT_HZ times a second. One big text change would cost one long layout, dropping frames.
    const count = view.sizes.reduce((sum, n) => sum + n, 0);
    const slice = Math.ceil(count / (60 / TEXT_HZ));
    // The accessible names and tooltips (as many again, and unseen) follow once a second; every
    // one is exact again the moment training pauses.
    const from = view.textCursor ?? 0;
    const labels = (view.textRound ?? 0) % TEXT_HZ === 0;
    renderNodeText(view, item, state, values, from, from + slice, labels);
    view.textCursor = from + slice >= count ? 0 : from + slice;
    if (view.textCursor === 0) view.textRound = (view.textRound ?? 0) + 1;
    view.textKey = null;
    return;
  }
  const textKey = [slowWhilePlaying(state, TEXT_HZ), state.view.notation, state.selection, item.phase];
  if (view.textKey && textKey.every((v, k) => v === view.textKey[k])) return;
  view.textKey = textKey;
  renderNodeText(view, item, state, values);
}

function renderEdges(view, item, state) {
  const byGrad = state.view.edges === "grad";
  const values = byGrad ? shownValues(item, state.view.notation) : null;
  const weights = item.doc.params.weights;
  const wScale = maxAbs(weights);
  const grads = byGrad ? values?.layers?.map((layer) => layer.grad_w) : null;
  const gScale = byGrad ? maxAbs(grads?.filter(Boolean) ?? []) : 1;
  const sel = state.selection;
  const { colour, width } = view.styles;
  // Thousands of overlapping edges read better thinner, and thick anti-aliased strokes are
  // what costs the canvas most to raster.
  const [thinnest, widthRange] = view.units ? [0.4, 2.4] : [0.6, 5];
  view.edges.forEach((e, k) => {
    const w = weights[e.l - 1][e.j][e.i];
    if (byGrad) {
      const grad = grads?.[e.l - 1]?.[e.j]?.[e.i];
      colour[k] = missing(grad) ? -2 : colourIndex(grad, gScale);
    } else colour[k] = colourIndex(w, wScale);
    width[k] = Math.round((thinnest + widthRange * Math.abs(w) / wScale) * 10);
  });
  const styles = view.styles;
  const selected = sel?.type === "edge" ? view.edges.find((e) => e.l === sel.l && e.j === sel.j && e.i === sel.i) : null;
  const fresh = freshLayer(item);
  const active = fresh.kind === "forward" || fresh.kind === "backward" ? fresh.layer : null;
  view.edgeLayer.draw(styles, active, selected, Boolean(fresh.kind) && fresh.kind !== "update", state.playing);
  view.svg.classList.toggle("phase-update", fresh.kind === "update");
  view.svg.classList.toggle("phase-on", Boolean(fresh.kind));
  return byGrad ? gScale : wScale;
}

export function renderUnitMaps(view, hiddenGrids, doc, domain) {
  const scaleOf = (l, values) => scaleFor(doc.config.layers[l - 1].activation, values);
  const pictures = featureInputs(doc, domain);
  // Written once per network: every later call finds the same URL (the pictures are cached).
  view.nodes[0].forEach((n, j) => {
    const url = pictures?.[j]?.url;
    setAttr(n.map, "visibility", url ? "visible" : "hidden");
    if (url) setAttr(n.map, "href", url);
  });
  if (view.units) {
    // Large diagram: the maps are painted on the canvas; an <image> only for the hovered unit.
    view.units.setMaps(hiddenGrids, scaleOf);
    if (view.hovered) showHoverMap(view, view.hovered);
    return;
  }
  view.nodes.forEach((column, l) => column.forEach((n, j) => {
    if (l === 0) return; // the features' pictures
    const values = l < view.sizes.length - 1 ? hiddenGrids?.[l - 1]?.[j] : null;
    const url = values ? gridUrl(values, scaleOf(l, values)) : null;
    n.map.setAttribute("visibility", url ? "visible" : "hidden");
    if (url && n.map.getAttribute("href") !== url) n.map.setAttribute("href", url);
  }));
}

/** Hover enlarges a unit's heatmap: on a large diagram, give that one unit an SVG image. */
function showHoverMap(view, node) {
  const [l, j] = node.dataset.node.split("-").map(Number);
  if (l === 0) return; // an input's picture is its feature's, always shown
  const map = view.units.mapOf(l, j);
  const image = view.nodes[l]?.[j]?.map;
  if (!image) return;
  image.setAttribute("visibility", map ? "visible" : "hidden");
  if (map) image.setAttribute("href", canvasUrl(map));
}

function renderLegend(legend, scale, byGrad) {
  setText(legend.querySelector(".what"), byGrad ? "edge colour = ∂E/∂w" : "edge colour = weight w");
  setText(legend.querySelector(".lo"), `−${short(scale, 3)}`);
  setText(legend.querySelector(".hi"), `+${short(scale, 3)}`);
}

export function mount(root, { unitNames = false } = {}) {
  // The panel's markup is the page's own (templates/partials/network_panel.html): drawn before
  // this script runs. The ramp's colours are the theme's palette.
  if (!root.querySelector("svg#network")) throw new Error("the network panel needs templates/partials/network_panel.html");
  root.querySelector(".legend .ramp").style.background = legendGradient();
  const svg = root.querySelector("svg");
  const legend = root.querySelector(".legend");
  // The names in the chosen notation (a live frame's trace has no per-layer biases).
  const names = (item) => context({ ...item, trace: item.trace?.frame ? null : item.trace }, getState().view.notation).names;
  const view = { svg, key: null, names };
  bindDiagram(view, showHoverMap);
  let scheduled = false;
  const render = () => {
    scheduled = false;
    const state = getState();
    const item = entry(state);
    if (!item) return;
    const key = sizesOf(item.doc).join("-");
    if (key !== view.key) {
      Object.assign(view, build(svg, item.doc, unitNames), { svg, maps: null, points: null, hovered: null });
      restoreFocus(svg, view.focused); // once the view holds the new edges and labels (focus shows a tip)
    }
    svg.classList.toggle("no-numbers", !state.view.numbers);
    if (view.maps !== state.hiddenGrids || view.points !== state.points) {
      renderUnitMaps(view, state.hiddenGrids, item.doc, state.points?.domain);
      view.maps = state.hiddenGrids; view.points = state.points;
    }
    renderNodes(view, item, state);
    const scale = renderEdges(view, item, state);
    // While training the scale's digits follow at the text rate (a text change forces layout).
    const legendKey = state.playing ? `${slowWhilePlaying(state)}|${state.view.edges}|${view.key}` : null;
    if (legendKey === null || legendKey !== view.legendKey) { view.legendKey = legendKey; renderLegend(legend, scale, state.view.edges === "grad"); }
    svg.dataset.iteration = item.doc.iteration;
  };
  const schedule = () => { if (!scheduled) { scheduled = true; requestAnimationFrame(render); } };
  subscribe(schedule);
  document.addEventListener("bpx:theme", () => { view.key = null; schedule(); }); // repaint in the theme's palette
  // The layout spreads the columns over the available width: redo it when that changes.
  let width = 0;
  new ResizeObserver(([e]) => {
    if (Math.abs(e.contentRect.width - width) < 40) return;
    width = e.contentRect.width;
    view.key = null;
    schedule();
  }).observe(root);
  render();
  return { render };
}
