// The diagram's edges, drawn as SVG lines for small networks (each a DOM element tests and
// tools can find) and on a canvas beyond CANVAS_LIMIT edges: repainting thousands of SVG lines
// every frame is what limits the frame rate during auto-train, a canvas repaints in one go.
const SVG_NS = "http://www.w3.org/2000/svg";
export const CANVAS_LIMIT = 400;

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
  }
  return {
    kind: "svg",
    draw(styles, activeLayer, selected) {
      edges.forEach((e, k) => {
        e.line.setAttribute("stroke", styles[k].colour);
        e.line.setAttribute("stroke-width", styles[k].width);
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
  const observer = new ResizeObserver(([entry]) => { size = { width: entry.contentRect.width, height: entry.contentRect.height }; });
  observer.observe(svg);
  return {
    kind: "canvas",
    draw(styles, activeLayer, selected, phaseOn) {
      const ratio = window.devicePixelRatio || 1;
      const w = Math.round(size.width * ratio), h = Math.round(size.height * ratio);
      if (canvas.width !== w || canvas.height !== h) {
        canvas.width = w; canvas.height = h;
        canvas.style.width = `${size.width}px`; canvas.style.height = `${size.height}px`;
      }
      const ctx = canvas.getContext("2d");
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, 0, w, h);
      const scale = (size.width / box.width) * ratio;
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      // One path per (layer, colour, width): a few hundred strokes instead of thousands.
      const batches = new Map();
      edges.forEach((e, k) => {
        const key = `${e.l}|${styles[k].colour}|${styles[k].width}`;
        if (!batches.has(key)) batches.set(key, []);
        batches.get(key).push(e);
      });
      for (const [key, list] of batches) {
        const [l, colour, width] = key.split("|");
        ctx.globalAlpha = phaseOn && Number(l) !== activeLayer ? 0.35 : 1;
        ctx.strokeStyle = colour;
        ctx.lineWidth = Number(width);
        ctx.beginPath();
        for (const e of list) { ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); }
        ctx.stroke();
      }
      ctx.globalAlpha = 1;
      if (selected) {
        ctx.setLineDash([4, 3]); ctx.strokeStyle = "#0a58ca"; ctx.lineWidth = 2.5;
        ctx.beginPath(); ctx.moveTo(selected.x1, selected.y1); ctx.lineTo(selected.x2, selected.y2); ctx.stroke();
        ctx.setLineDash([]);
      }
    },
  };
}
