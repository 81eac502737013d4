// Network diagram panel: SVG nodes (activation a and δ as numbers and colours) and edges
// (colour = sign of the weight, width = its magnitude).
import { diverging, legendGradient } from "./palette.js";

const SVG_NS = "http://www.w3.org/2000/svg";
const WIDTH = 800, HEIGHT = 420, MARGIN_X = 70, MARGIN_Y = 40, RADIUS = 22;

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

export const fmt = (x, digits = 4) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));

function layout(sizes) {
  const columns = sizes.length;
  return sizes.map((n, l) => {
    const x = MARGIN_X + (l * (WIDTH - 2 * MARGIN_X)) / Math.max(1, columns - 1);
    return Array.from({ length: n }, (_, j) => ({
      x, y: MARGIN_Y + ((j + 0.5) * (HEIGHT - 2 * MARGIN_Y)) / n,
    }));
  });
}

function maxAbsWeight(weights) {
  let max = 0;
  for (const w of weights) for (const row of w) for (const v of row) max = Math.max(max, Math.abs(v));
  return max || 1;
}

function drawEdges(svg, positions, weights) {
  const scale = maxAbsWeight(weights);
  const group = el("g", { class: "edges" });
  weights.forEach((w, l) => w.forEach((row, j) => row.forEach((value, i) => {
    const from = positions[l][i], to = positions[l + 1][j];
    group.append(el("line", {
      x1: from.x, y1: from.y, x2: to.x, y2: to.y, class: "edge",
      "data-edge": `${l + 1}-${j}-${i}`, "data-weight": value,
      stroke: diverging(value, scale), "stroke-width": (0.8 + 6 * Math.abs(value) / scale).toFixed(2),
    }, undefined));
    group.lastChild.append(el("title", {}, `W[${l + 1}][${j},${i}] = ${value}`));
  })));
  svg.append(group);
}

function drawNodes(svg, positions, trace) {
  const group = el("g", { class: "nodes" });
  positions.forEach((column, l) => column.forEach((p, j) => {
    const a = l === 0 ? trace?.input?.[j] : trace?.layers?.[l - 1]?.a?.[j];
    const delta = l === 0 ? undefined : trace?.layers?.[l - 1]?.delta?.[j];
    const node = el("g", { class: "node", "data-node": `${l}-${j}`, transform: `translate(${p.x},${p.y})` });
    node.append(el("circle", { r: RADIUS, fill: a === undefined ? "#eee" : diverging(a, 1) }));
    node.append(el("text", { class: "label", "text-anchor": "middle", dy: "-0.2em" }, `a ${fmt(a, 3)}`));
    if (l > 0) {
      node.append(el("rect", { x: RADIUS - 4, y: -RADIUS, width: 10, height: 10, class: "delta-swatch",
        fill: delta === undefined ? "#eee" : diverging(delta, 0.1), stroke: "#333" }));
      node.append(el("text", { class: "delta", "text-anchor": "middle", dy: "1.1em" }, `δ ${fmt(delta, 3)}`));
    }
    group.append(node);
  }));
  svg.append(group);
}

export function renderNetwork(svg, { state, trace }) {
  svg.replaceChildren();
  if (!state) return;
  const sizes = [state.config.inputs, ...state.config.layers.map((layer) => layer.units)];
  const positions = layout(sizes);
  drawEdges(svg, positions, state.params.weights);
  drawNodes(svg, positions, trace);
}

export function renderLegend(container) {
  container.innerHTML = `<span>weight −</span><span class="ramp" style="background:${legendGradient()}"></span>` +
    `<span>+</span><span>· width ∝ |w| · node fill = a, square = δ</span>`;
}
