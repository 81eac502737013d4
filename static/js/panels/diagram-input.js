// Pointer and keyboard on the network diagram: pick a unit, bias or edge for the inspector;
// a weight's name and value on hover (SVG or canvas edges alike: the nearest edge under the
// pointer) and on keyboard focus; ↑/↓ move between the weights of a layer (each layer of
// weights is one Tab stop, so a 4-8-8-8-1 network is not 170 Tab presses long); and focus
// stays on the same unit, bias or edge when the diagram is rebuilt.
import { getState, entry, update } from "../store.js";
import { edgeLabel, hideTip, showTip, tipPoint } from "./diagram-labels.js";
import { pointProxy } from "./edge-layer.js";

/** Nearest edge to a pointer event, within 8 px: edges are too thin to aim at. */
export function edgeAt(view, event) {
  const ctm = view.svg.getScreenCTM();
  if (!ctm) return null;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(ctm.inverse());
  let best = null, bestDist = 8 / (ctm.a || 1);
  for (const e of view.edges) {
    const { x1, y1, x2, y2 } = e;
    const t = Math.max(0, Math.min(1, ((point.x - x1) * (x2 - x1) + (point.y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)));
    const dist = Math.hypot(point.x - x1 - t * (x2 - x1), point.y - y1 - t * (y2 - y1));
    if (dist < bestDist) { best = e; bestDist = dist; }
  }
  return best ? { edge: best, point } : null;
}

const edgeOf = (view, line) => {
  const [l, j, i] = line.dataset.edge.split("-").map(Number);
  return view.edges.find((e) => e.l === l && e.j === j && e.i === i) ?? null;
};

function selectFrom(view, event) {
  const target = event.target instanceof Element ? event.target : null;
  const bias = target?.closest(".bias");
  if (bias) { const [l, j] = bias.dataset.bias.split("-").map(Number); return { type: "bias", l, j }; }
  const node = target?.closest(".node");
  if (node) { const [l, j] = node.dataset.node.split("-").map(Number); return { type: "node", l, j }; }
  const line = target?.closest(".edge");
  const edge = line ? edgeOf(view, line) : event.clientX !== undefined ? edgeAt(view, event)?.edge : null;
  return edge ? { type: "edge", l: edge.l, j: edge.j, i: edge.i } : null;
}

/** The names and weights on screen now (the tip follows training and the notation). */
function tipShow(view, e, at) {
  const item = entry(getState());
  if (!item || !view.labels) return;
  showTip(view.labels, view.names(item), item.doc.params.weights, e, at);
  view.svg.querySelector(".edge.hovered")?.classList.remove("hovered");
  e.line?.classList.add("hovered");
}

function tipHide(view) {
  if (!view.labels) return;
  hideTip(view.labels);
  view.svg.querySelector(".edge.hovered")?.classList.remove("hovered");
}

const step = (k, count, key) => (key === "Home" ? 0 : key === "End" ? count - 1
  : key === "ArrowDown" ? Math.min(count - 1, k + 1) : Math.max(0, k - 1));

/** ↑/↓ (and Home/End) from a focused weight to its neighbours in the same layer. */
function moveInLayer(view, line, key) {
  if (line.classList.contains("proxy")) { moveProxy(view, line, key); return; }
  const lines = [...line.parentNode.querySelectorAll(".edge")];
  lines[step(lines.indexOf(line), lines.length, key)].focus();
}

/** On a canvas diagram the focused proxy line moves to the next weight instead. */
function moveProxy(view, line, key) {
  const current = edgeOf(view, line);
  const layer = view.edges.filter((e) => e.l === current.l);
  const e = layer[step(layer.indexOf(current), layer.length, key)];
  pointProxy(line, e);
  const item = entry(getState());
  if (item) line.setAttribute("aria-label", edgeLabel(view.names(item), item.doc.params.weights, e));
  tipShow(view, e, tipPoint(e));
}

/** Keep one Tab stop per layer of weights: the one last focused. */
function rove(line) {
  for (const other of line.parentNode.querySelectorAll(".edge[tabindex='0']")) if (other !== line) other.setAttribute("tabindex", "-1");
  line.setAttribute("tabindex", "0");
}

export function bindDiagram(view, showHoverMap) {
  const { svg } = view;
  const pick = (event) => {
    const selection = selectFrom(view, event);
    if (selection) update({ selection });
  };
  svg.addEventListener("click", pick);
  svg.addEventListener("keydown", (event) => {
    const line = event.target.closest?.(".edge");
    if (line && ["ArrowUp", "ArrowDown", "Home", "End"].includes(event.key)) {
      event.preventDefault();
      moveInLayer(view, line, event.key);
      return;
    }
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    event.stopPropagation();
    pick(event);
  });
  svg.addEventListener("focusin", (event) => {
    const line = event.target.closest?.(".edge");
    if (!line) return;
    rove(line);
    const e = edgeOf(view, line);
    if (e) tipShow(view, e, tipPoint(e));
  });
  svg.addEventListener("focusout", (event) => { if (event.target.closest?.(".edge")) tipHide(view); });
  // Hover: the edge nearest the pointer (within 8 px), at most once per frame.
  let pending = null;
  svg.addEventListener("pointermove", (event) => {
    if (pending) { pending = event; return; }
    pending = event;
    requestAnimationFrame(() => {
      const last = pending;
      pending = null;
      const onUnit = last.target instanceof Element && last.target.closest(".node");
      const hit = onUnit ? null : edgeAt(view, last);
      if (hit) tipShow(view, hit.edge, hit.point);
      else if (!svg.contains(document.activeElement) || !document.activeElement.closest(".edge")) tipHide(view);
    });
  });
  svg.addEventListener("pointerleave", () => {
    const focused = document.activeElement?.closest?.(".edge");
    if (focused && svg.contains(focused)) { const e = edgeOf(view, focused); if (e) tipShow(view, e, tipPoint(e)); } else tipHide(view);
  });
  svg.addEventListener("mouseover", (event) => {
    const node = event.target.closest(".node");
    if (view.units && node !== view.hovered) {
      if (view.hovered && !view.hovered.dataset.node.startsWith("0-")) view.hovered.querySelector(".unit-map").setAttribute("visibility", "hidden");
      view.hovered = node;
      if (node) showHoverMap(view, node);
    }
    // Raise the unit so its enlarged map is on top; not a focused one (moving it would blur it).
    if (node && node.parentNode.lastChild !== node && !node.contains(document.activeElement)
      && node.querySelector(".unit-map[visibility=visible]")) node.parentNode.append(node);
  });
}

/** What has focus in the diagram, as a selector that finds it again after a rebuild. */
export function focusedKey(svg) {
  const active = document.activeElement;
  if (!active || !svg.contains(active)) return null;
  for (const name of ["bias", "node", "edge"]) if (active.dataset?.[name]) return `[data-${name}='${active.dataset[name]}']`;
  return null;
}

/** Give focus back to the same element, or to the diagram's first unit when it is gone
 * (a smaller network), never to the top of the page. */
export function restoreFocus(svg, key) {
  if (!key) return;
  const again = svg.querySelector(key) ?? svg.querySelector(".node");
  if (again) { if (key.includes("data-edge")) rove(again); again.focus({ preventScroll: true }); }
}
