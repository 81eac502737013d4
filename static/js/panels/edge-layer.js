// The diagram's edges, drawn as SVG lines for small networks (each a DOM element tests and
// tools can find) and on a canvas beyond CANVAS_LIMIT edges: repainting thousands of SVG lines
// every frame is what limits the frame rate during auto-train, a canvas repaints in one go.
// Large diagrams paint their units on a canvas of their own (unit-canvas.js), above the edges.
import { colourCss } from "../palette.js";
import { createEdgePainter } from "./edge-paint.js";
import { currentTheme } from "../theme.js"; // the worker paints in the theme's palette

const SVG_NS = "http://www.w3.org/2000/svg";
export const CANVAS_LIMIT = 400;
let closeWorker = null; // the edge worker of the diagram on screen (one diagram per page)

/** Edge styles for one frame, without per-edge objects or strings: colour is a palette index
 * (see palette.colourIndex; -1 = not finite, -2 = not computed yet), width in tenths. */
export function edgeStyles(count) {
  return { colour: new Int16Array(count), width: new Uint8Array(count) };
}

const widthText = Array.from({ length: 256 }, (_, k) => (k / 10).toFixed(1));

/** edges: [{l, j, i, x1, y1, x2, y2}] in viewBox units; units: a unit painter (canvas only). */
export function createEdgeLayer(svg, scroller, edges, box, units = null) {
  const useCanvas = edges.length > CANVAS_LIMIT;
  if (!useCanvas) {
    scroller.querySelectorAll("canvas.diagram-canvas").forEach((c) => c.remove());
    closeWorker?.();
    closeWorker = null;
    return svgLayer(svg, edges);
  }
  return canvasLayer(svg, scroller, edges, box, units);
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
    // Each layer of weights is one Tab stop (its first weight); ↑/↓ move within it
    // (diagram-input.js). The accessible name, "weight w5 = 0.4000 …", is diagram-labels'.
    const first = groups.get(e.l).childElementCount === 0;
    for (const [k, v] of Object.entries({ class: "edge", "data-edge": `${e.l}-${e.j}-${e.i}`, x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2,
      tabindex: first ? "0" : "-1", role: "button" })) line.setAttribute(k, v);
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

/** A canvas diagram's edges are no elements: for the keyboard, one invisible line per layer of
 * weights stands for the weight it is pointed at (↑/↓ re-point it, diagram-input.js), so each
 * layer is still one Tab stop with a focus ring and an accessible name. */
function proxyLines(svg, edges) {
  const root = document.createElementNS(SVG_NS, "g");
  root.setAttribute("class", "edges edge-proxies");
  svg.prepend(root);
  for (const e of edges) {
    if (root.querySelector(`[data-layer='${e.l}']`)) continue;
    const g = document.createElementNS(SVG_NS, "g");
    g.setAttribute("class", "edge-layer");
    g.dataset.layer = e.l;
    root.append(g);
    const line = document.createElementNS(SVG_NS, "line");
    for (const [k, v] of Object.entries({ class: "edge proxy", tabindex: "0", role: "button" })) line.setAttribute(k, v);
    g.append(line);
    pointProxy(line, e);
  }
}

/** Point a proxy line at edge e. */
export function pointProxy(line, e) {
  for (const [k, v] of Object.entries({ "data-edge": `${e.l}-${e.j}-${e.i}`, x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 })) line.setAttribute(k, v);
}

/** One frame's edge styles packed into one Int16Array's buffer (for the worker; edge-paint's
 * unpackFrame reads it). */
function packFrame(styles) {
  const e = styles.colour.length;
  const packed = new Int16Array(2 * e);
  packed.set(styles.colour, 0);
  packed.set(styles.width, e);
  return { buffer: packed.buffer, edges: e };
}

function makeCanvas(scroller, className) {
  const canvas = document.createElement("canvas");
  canvas.className = `diagram-canvas ${className}`;
  canvas.setAttribute("aria-hidden", "true");
  scroller.prepend(canvas);
  return canvas;
}

/** The edges' canvas, drawn by a worker where the browser allows (OffscreenCanvas). */
function edgeCanvas(scroller, edges, box) {
  const canvas = makeCanvas(scroller, "edge-canvas");
  const plain = edges.map(({ l, x1, y1, x2, y2 }) => ({ l, x1, y1, x2, y2 }));
  // A frame sandboxed without allow-same-origin has an opaque origin and may not start a
  // worker from the server's URL (SecurityError): it paints on the main thread instead.
  let worker = null;
  if (canvas.transferControlToOffscreen && typeof Worker !== "undefined") {
    try { worker = new Worker(new URL("./edge-worker.js", import.meta.url), { type: "module" }); } catch { worker = null; }
  }
  if (worker) {
    const offscreen = canvas.transferControlToOffscreen();
    worker.postMessage({ type: "init", canvas: offscreen, edges: plain, boxWidth: box.width, palette: currentTheme() }, [offscreen]);
    // While training, the worker rasterises a few times a second (edge-paint.js) and says when
    // the next raster is due: frames before then would only be dropped there, so they are not
    // sent (each message cost the page ~0.4 ms to post, and the worker a wake-up). A frame that
    // looks different (selection, phase, size) or arrives when not playing always goes.
    let holdUntil = 0, sentLook = "";
    worker.onmessage = ({ data }) => { if (data.type === "rastered") holdUntil = performance.now() + data.gapMs; };
    const paint = ({ styles, ...frame }) => {
      const look = [frame.active, frame.selected, frame.phaseOn, frame.cssWidth, frame.cssHeight, frame.ratio].join();
      if (frame.playing && look === sentLook && performance.now() < holdUntil) return;
      sentLook = look;
      // The frame's numbers travel in one transferred buffer (no copy, one small message).
      const packed = packFrame(styles);
      worker.postMessage({ type: "frame", frame: { ...frame, ...packed } }, [packed.buffer]);
    };
    return { canvas, paint, close: () => worker.terminate() };
  }
  const paint = createEdgePainter(plain, box.width);
  const ctx = canvas.getContext("2d");
  return { canvas, paint: ({ styles, ...frame }) => paint(ctx, { ...frame, colour: styles.colour, width: styles.width }), close() {} };
}

function canvasLayer(svg, scroller, edges, box, units) {
  scroller.querySelectorAll("canvas.diagram-canvas").forEach((c) => c.remove());
  closeWorker?.();
  // Bottom to top: the edges (worker, redrawn a few times a second while training), then the
  // units: bodies, heatmaps and per-frame colours (main thread, at every change). Each canvas is
  // prepended: the one made last is first in the scroller, below the other.
  const bodyCanvas = makeCanvas(scroller, "unit-bodies");
  const edgeLayer = edgeCanvas(scroller, edges, box);
  proxyLines(svg, edges);
  svg.dataset.edgeCount = edges.length;
  let size = { width: svg.clientWidth, height: svg.clientHeight };
  let last = null; // the latest draw's arguments: a resize repaints with them
  let bodiesFor = null; // [units version, width, height] the slow layer was painted for
  const observer = new ResizeObserver(([entry]) => {
    size = { width: entry.contentRect.width, height: entry.contentRect.height };
    if (last) draw(...last);
  });
  observer.observe(svg);
  closeWorker = () => { edgeLayer.close(); observer.disconnect(); };

  function paintBodies(ratio) {
    const ctx = bodyCanvas.getContext("2d");
    const w = Math.round(size.width * ratio), h = Math.round(size.height * ratio);
    if (bodyCanvas.width !== w || bodyCanvas.height !== h) { bodyCanvas.width = w; bodyCanvas.height = h; }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const scale = (size.width / box.width) * ratio;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    units.paintBodies(ctx);
  }

  function draw(styles, activeLayer, selected, phaseOn, playing = false) {
    last = [styles, activeLayer, selected, phaseOn, false]; // a resize repaints everything at once
    const ratio = window.devicePixelRatio || 1;
    for (const c of [edgeLayer.canvas, bodyCanvas]) {
      c.style.width = `${size.width}px`; c.style.height = `${size.height}px`;
    }
    edgeLayer.paint({ styles, active: activeLayer, selected: selected ? edges.indexOf(selected) : -1,
      phaseOn, playing, cssWidth: size.width, cssHeight: size.height, ratio });
    if (!units) return;
    const bodiesKey = [units.version, size.width, size.height];
    if (!bodiesFor || bodiesKey.some((v, k) => v !== bodiesFor[k])) {
      bodiesFor = bodiesKey;
      paintBodies(ratio);
    }
  }
  return { kind: "canvas", draw };
}
