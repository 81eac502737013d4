// The diagram's words, as the tutorial's figure has them (seed 004): a weight's name and value
// on hover and keyboard focus (w5 = 0.4000), every weight and bias named on a small network
// (w1 … w8, b1, b2), the target of the focus example next to each output unit, and the
// input units' feature names. Names come from notation.js, so they follow the chosen notation.
// SVG only; the numbers are written when the diagram's text is (network-view's text rate).
import { short } from "../format.js";
import { plain, symbolParts } from "../notation.js";

const SVG_NS = "http://www.w3.org/2000/svg";
/** Up to this many edges every weight is named on the diagram; above, on hover and focus only. */
export const TAG_LIMIT = 12;
const TAG_AT = 0.22; // where along a sloping edge (from its source) its name sits: before crossings
export const TARGET_W = 48; // room right of the output column for the targets

function el(name, attrs = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (parent) parent.append(node);
  return node;
}

/** A MathML name written into an SVG <text> as base + subscript/superscript tspans. */
export function writeSymbol(node, markup, tail = "") {
  const key = `${markup}|${tail}`;
  if (node.dataset.markup === key) return;
  node.dataset.markup = key;
  const [base, sub = "", sup = ""] = symbolParts(markup);
  node.replaceChildren(base);
  if (sub) el("tspan", { dy: 3, "font-size": "80%" }, node).textContent = sub;
  if (sup) el("tspan", { dy: sub ? -7 : -4, "font-size": "80%" }, node).textContent = sup;
  // The baseline returns after a subscript, so the value lines up with the name's base.
  if (tail) el("tspan", { dy: sub && !sup ? -3 : sup && !sub ? 4 : 0 }, node).textContent = tail;
}

/** A compact number for the figure's labels: 0.4, 0.35, 0.01 (the tutorial writes .40, .01). */
export const brief = (x) => (x === null || x === undefined ? "·" : short(x, 2));

/** The weight of edge e: its name in the notation (MathML) and its value. */
export const weightOf = (names, weights, e) => ({ markup: names.w(e.l, e.j, e.i), value: weights[e.l - 1][e.j][e.i] });

/** An edge's accessible name: "weight w5 = 0.4000, from h1 to o1". */
export function edgeLabel(names, weights, e) {
  const { markup, value } = weightOf(names, weights, e);
  return `weight ${plain(markup)} = ${short(value)}, from ${names.unit(e.l - 1, e.i)} to ${names.unit(e.l, e.j)}`;
}

/** Layers of the figure's text, built with the diagram: tags under the units, the tip above. */
export function buildLabels(svg, nodeLayer, edges, g, sizes) {
  const L = sizes.length - 1;
  const tagLayer = el("g", { class: "tags", "aria-hidden": "true" });
  svg.insertBefore(tagLayer, nodeLayer);
  const room = g.gap - g.nodeW; // horizontal length of an edge, viewBox units
  const withValues = room >= 80; // a narrow diagram names the weights, the tip gives values
  const tags = edges.length <= TAG_LIMIT && room >= 24 ? placeTags(edges, withValues ? 50 : 20).map(({ e, x, y }) =>
    ({ e, text: el("text", { class: "w-tag", x, y, "text-anchor": "middle" }, tagLayer) })) : [];
  // The biases too, by their squares (b1, b2 in the worked example); an embed's unit names
  // sit there instead.
  const biasTags = tags.length && !g.unitNames ? g.columns.slice(1).flatMap((column, k) => column.map((p, j) => ({ l: k + 1, j,
    text: el("text", { class: "b-tag", x: p.x - g.nodeW / 2 + 8, y: p.y - g.box / 2 - 3 }, tagLayer) }))) : [];
  const targets = Array.from({ length: sizes[L] }, (_, j) => {
    const p = g.columns[L][j];
    const x = p.x + g.nodeW / 2 + 6;
    const group = el("g", { class: "target" }, tagLayer);
    return { name: el("text", { x, y: p.y - 3 }, group), value: el("text", { class: "t-value", x, y: p.y + 10 }, group) };
  });
  const tip = el("g", { class: "edge-tip", visibility: "hidden", "aria-hidden": "true" }, svg);
  const tipBox = el("rect", { rx: 3, height: 17 }, tip);
  const tipText = el("text", { x: 5, y: 12 }, tip);
  return { tagLayer, tags, biasTags, withValues, targets, tip: { node: tip, box: tipBox, text: tipText, edge: null, at: null }, width: g.width, height: g.height };
}

/** Names and numbers of the figure: weight tags and accessible names, the focus example's
 * targets (target: its target vector, or null), and the tip when one is shown. */
export function renderLabels(labels, names, doc, target, edges) {
  const weights = doc.params.weights;
  for (const { e, text } of labels.tags) {
    const { markup, value } = weightOf(names, weights, e);
    writeSymbol(text, markup, labels.withValues ? ` ${brief(value)}` : "");
  }
  for (const { l, j, text } of labels.biasTags) {
    writeSymbol(text, names.b(l, j), labels.withValues ? ` ${brief(doc.params.biases[l - 1][j])}` : "");
  }
  for (const e of edges) if (e.line) {
    const label = edgeLabel(names, weights, e);
    if (e.line.getAttribute("aria-label") !== label) e.line.setAttribute("aria-label", label);
  }
  // A canvas diagram's keyboard stand-ins (edge-layer.js): named for the weight they point at.
  for (const line of labels.tagLayer.ownerSVGElement?.querySelectorAll(".edge.proxy") ?? []) {
    const [l, j, i] = line.dataset.edge.split("-").map(Number);
    const label = edgeLabel(names, weights, { l, j, i });
    if (line.getAttribute("aria-label") !== label) line.setAttribute("aria-label", label);
  }
  labels.targets.forEach((t, j) => {
    const [base] = symbolParts(names.t(j));
    if (t.name.textContent !== base) t.name.textContent = base;
    const value = target ? brief(target[j]).replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "") : "·";
    if (t.value.textContent !== value) t.value.textContent = value;
    t.name.parentNode.setAttribute("visibility", target ? "visible" : "hidden");
  });
  if (labels.tip.edge) showTip(labels, names, weights, labels.tip.edge, labels.tip.at);
}

/** The tip for one edge at a point (viewBox units), kept inside the diagram. */
export function showTip(labels, names, weights, e, at) {
  const { tip } = labels;
  if (!tip.node.isConnected) return; // a diagram since rebuilt
  tip.edge = e; tip.at = at;
  const { markup, value } = weightOf(names, weights, e);
  writeSymbol(tip.text, markup, ` = ${short(value)}`);
  tip.node.setAttribute("visibility", "visible");
  const width = tip.text.getComputedTextLength() + 12;
  tip.box.setAttribute("width", width);
  // On the other side of the edge from its name tag (above a level or rising edge, below a
  // falling one), so the tip never hides the tag.
  const below = !(e.y2 > e.y1 + 1);
  const x = Math.max(2, Math.min(labels.width - width - 2, at.x + 8));
  const y = Math.max(2, Math.min(labels.height - 19, below ? at.y + 8 : at.y - 25));
  tip.node.setAttribute("transform", `translate(${x},${y})`);
  tip.node.parentNode.append(tip.node); // above everything drawn since
}

export function hideTip(labels) {
  labels.tip.edge = null;
  labels.tip.node.setAttribute("visibility", "hidden");
}

/** Where each edge's name goes, {e, x, y} (baseline centre): the first of a few points along
 * the edge, above or below it, whose box (width w) meets no name placed before. Level edges
 * go first, at their middle, where the edges crossing them are far away. */
function placeTags(edges, w) {
  const placed = [];
  const hits = (box) => placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1);
  const level = (e) => Math.abs(e.y2 - e.y1) < 1;
  const order = [...edges.filter(level), ...edges.filter((e) => !level(e))];
  return order.map((e) => {
    const along = level(e) ? [0.5, 0.3, 0.7] : [TAG_AT, 1 - TAG_AT, 0.36, 0.64, 0.5];
    // Above a rising or level edge, below a falling one: the name never sits on its own line.
    const sides = e.y2 > e.y1 + 1 ? [11, -4] : [-4, 11];
    let best = null;
    for (const t of along) {
      for (const dy of sides) {
        const x = e.x1 + t * (e.x2 - e.x1), y = e.y1 + t * (e.y2 - e.y1) + dy;
        const box = { x0: x - w / 2, x1: x + w / 2, y0: y - 10, y1: y + 3 };
        if (!best) best = { e, x, y, box };
        if (!hits(box)) { best = { e, x, y, box }; break; }
      }
      if (best && !hits(best.box)) break;
    }
    placed.push(best.box);
    return best;
  }).sort((a, b) => edges.indexOf(a.e) - edges.indexOf(b.e));
}

/** Where an edge's name sits: a level edge's at its middle (the crossing edges are far from it
 * there), a sloping edge's near its source, before it meets the edges it crosses. */
function tagPoint(e) {
  const t = Math.abs(e.y2 - e.y1) < 1 ? 0.5 : TAG_AT;
  return { x: e.x1 + t * (e.x2 - e.x1), y: e.y1 + t * (e.y2 - e.y1) };
}

/** Where a focused edge's tip goes: by its name. */
export const tipPoint = tagPoint;
