// The diagram's edges, drawn as SVG lines for small networks (each a DOM element tests and
// tools can find) and on a canvas beyond CANVAS_LIMIT edges: repainting thousands of SVG lines
// every frame is what limits the frame rate during auto-train, a canvas repaints in one go.
// Large diagrams paint their units on the same canvas (unit-canvas.js), above the edges.
import { colourCss } from "../palette.js";

const SVG_NS = "http://www.w3.org/2000/svg";
export const CANVAS_LIMIT = 400;

/** Edge styles for one frame, without per-edge objects or strings: colour is a palette index
 * (see palette.colourIndex; -1 = not finite, -2 = not computed yet), width in tenths. */
export function edgeStyles(count) {
  return { colour: new Int16Array(count), width: new Uint8Array(count) };
}

const widthText = Array.from({ length: 256 }, (_, k) => (k / 10).toFixed(1));

/** edges: [{l, j, i, x1, y1, x2, y2}] in viewBox units. */
export function createEdgeLayer(svg, scroller, edges, box) {
  const useCanvas = edges.length > CANVAS_LIMIT;
  scroller.querySelector("canvas.edge-canvas")?.remove();
  if (!useCanvas) return svgLayer(svg, edges);
  return canvasLayer(svg, scroller, edges, box);
}

function svgLayer(svg, edges) {
  const root = document.createElementNS(SVG_NS, "g");
  root.setAttribute("class", "edges");
  svg.prepend(root);
  const groups = new Map();
  for (const e of edges) {
    if (!groups.has(e.l)) {
      const g = document.createElementNS(SVG_NS, "g");
      g.setAttribute("class", "edge-layer");
      g.dataset.layer = e.l;
      root.append(g);
      groups.set(e.l, g);
    }
    const line = document.createElementNS(SVG_NS, "line");
    for (const [k, v] of Object.entries({ class: "edge", "data-edge": `${e.l}-${e.j}-${e.i}`, x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 })) line.setAttribute(k, v);
    groups.get(e.l).append(line);
    e.line = line;
    e.shown = { colour: null, width: null };
  }
  return {
    kind: "svg",
    draw(styles, activeLayer, selected) {
      edges.forEach((e, k) => {
        const colour = styles.colour[k], width = styles.width[k];
        // Only touch what changed: every attribute write invalidates the line's paint.
        if (e.shown.colour !== colour) { e.line.setAttribute("stroke", colourCss(colour)); e.shown.colour = colour; }
        if (e.shown.width !== width) { e.line.setAttribute("stroke-width", widthText[width]); e.shown.width = width; }
        e.line.classList.toggle("selected", e === selected);
      });
      for (const [l, g] of groups) g.classList.toggle("active", activeLayer === l);
    },
  };
}

function canvasLayer(svg, scroller, edges, box) {
  const canvas = document.createElement("canvas");
  canvas.className = "edge-canvas";
  canvas.setAttribute("aria-hidden", "true");
  scroller.prepend(canvas);
  svg.dataset.edgeCount = edges.length;
  let size = { width: svg.clientWidth, height: svg.clientHeight };
  let last = null; // the latest draw's arguments: a resize repaints with them
  const observer = new ResizeObserver(([entry]) => {
    size = { width: entry.contentRect.width, height: entry.contentRect.height };
    if (last) draw(...last);
  });
  observer.observe(svg);
  const ctx = canvas.getContext("2d", { alpha: true });
  const batches = new Map(); // numeric key (layer, colour, width) → edge indices, reused

  function draw(styles, activeLayer, selected, phaseOn, paintOver) {
    last = [styles, activeLayer, selected, phaseOn, paintOver];
    const ratio = window.devicePixelRatio || 1;
    const w = Math.round(size.width * ratio), h = Math.round(size.height * ratio);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h;
      canvas.style.width = `${size.width}px`; canvas.style.height = `${size.height}px`;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const scale = (size.width / box.width) * ratio;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    // One path per (layer, colour, width): a few hundred strokes instead of thousands.
    for (const list of batches.values()) list.length = 0;
    edges.forEach((e, k) => {
      const key = (e.l * 1024 + styles.colour[k] + 2) * 256 + styles.width[k];
      let list = batches.get(key);
      if (!list) batches.set(key, (list = []));
      list.push(k);
    });
    for (const [key, list] of batches) {
      if (!list.length) continue;
      const l = Math.floor(key / (256 * 1024));
      ctx.globalAlpha = phaseOn && l !== activeLayer ? 0.35 : 1;
      ctx.strokeStyle = colourCss(Math.floor(key / 256) % 1024 - 2);
      ctx.lineWidth = (key % 256) / 10;
      ctx.beginPath();
      for (const k of list) { const e = edges[k]; ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    if (selected) {
      ctx.setLineDash([4, 3]); ctx.strokeStyle = "#0a58ca"; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.moveTo(selected.x1, selected.y1); ctx.lineTo(selected.x2, selected.y2); ctx.stroke();
      ctx.setLineDash([]);
    }
    paintOver?.(ctx);
  }
  return { kind: "canvas", draw };
}
