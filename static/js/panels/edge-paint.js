// Paints a large diagram's edges onto a 2-D canvas context. Shared by the edge worker (which
// draws off the main thread: thousands of anti-aliased lines cost tens of milliseconds of
// software raster) and the main-thread fallback. No DOM here (but a canvas where a browser has no
// OffscreenCanvas, which then also has no worker).
// The edge canvas is drawn only when its lines are rasterised (a few times a second while
// training): a canvas left alone in an animation frame keeps its picture and costs nothing,
// while clearing and copying it at every frame cost the worker ~0.1 of a core on 8×16. The units'
// per-frame colours are on the unit canvas above it (unit-canvas.js).
import { colourCss } from "../palette.js";

/** The inverse of edge-layer's packFrame: typed-array views on the frame's one buffer. */
export function unpackFrame(frame) {
  const all = new Int16Array(frame.buffer);
  const e = frame.edges;
  return { ...frame, colour: all.subarray(0, e), width: all.subarray(e, 2 * e) };
}

const COLOUR_STEP = 8; // palette indices per drawn colour (the palette has 256 a side)
const quantColour = (k) => (k < 0 ? k : Math.round(k / COLOUR_STEP) * COLOUR_STEP);
const quantWidth = (tenths) => Math.max(4, Math.round(tenths / 4) * 4);
// While training, the edges are rasterised at most this often (the units' colours above them
// change at every frame): weights drift slowly, and 15 redraws a second read as smooth colour
// change where a raster is cheap.
export const EDGE_HZ_WHILE_PLAYING = 15;
// ...and they take at most this share of the painting thread's time. Thousands of anti-aliased
// lines are the costliest raster of the page: 13–29 ms each in software on a 2-core machine,
// so 3–6 redraws a second there (measured on 8×16: the edge worker 0.23 → 0.10 cores, and the
// server trained ~50% more iterations a second on the same two cores).
export const EDGE_RASTER_SHARE = 0.08;

const newCanvas = (w, h) => (typeof OffscreenCanvas === "function" ? new OffscreenCanvas(w, h)
  : Object.assign(document.createElement("canvas"), { width: w, height: h }));

/** A painter for fixed edges [{l, x1, y1, x2, y2}] in viewBox units of width boxWidth. */
export function createEdgePainter(edges, boxWidth) {
  const batches = new Map(); // numeric key (layer, colour, width) → edge indices, reused
  const keys = new Int32Array(edges.length); // each edge's batch key as last rasterised
  let layer = null; // the edges, rasterised, then copied onto the visible canvas
  let drawnAt = -Infinity, drawnFor = null;
  let rasterMs = 0; // the latest raster's duration: spaces the next one (EDGE_RASTER_SHARE)

  /** The batch keys of a frame; true when any differs from the layer's. */
  function batchKeys(colour, width) {
    let changed = false;
    for (let k = 0; k < edges.length; k += 1) {
      const key = (edges[k].l * 1024 + quantColour(colour[k]) + 2) * 256 + quantWidth(width[k]);
      if (keys[k] !== key) { keys[k] = key; changed = true; }
    }
    return changed;
  }

  function rasterise(frame, w, h) {
    if (!layer || layer.width !== w || layer.height !== h) layer = newCanvas(w, h);
    const ctx = layer.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const scale = (frame.cssWidth / boxWidth) * frame.ratio;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    // One path per (layer, colour, width): colours rounded to 1/32 of the scale and widths to
    // half a unit (differences the eye does not see in a crowd of lines).
    for (const list of batches.values()) list.length = 0;
    for (let k = 0; k < edges.length; k += 1) {
      let list = batches.get(keys[k]);
      if (!list) batches.set(keys[k], (list = []));
      list.push(k);
    }
    for (const [key, list] of batches) {
      if (!list.length) continue;
      const l = Math.floor(key / (256 * 1024));
      ctx.globalAlpha = frame.phaseOn && l !== frame.active ? 0.35 : 1;
      ctx.strokeStyle = colourCss((Math.floor(key / 256) % 1024) - 2);
      ctx.lineWidth = (key % 256) / 10;
      ctx.beginPath();
      for (const k of list) { const e = edges[k]; ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const e = edges[frame.selected];
    if (e) {
      ctx.setLineDash([4, 3]); ctx.strokeStyle = "#0a58ca"; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); ctx.stroke();
      ctx.setLineDash([]);
    }
  }

  /** frame: {colour: Int16Array, width: Uint8Array (tenths), active, selected (index or -1),
   * phaseOn, playing, cssWidth, cssHeight, ratio}. Draws on ctx only when it rasterises;
   * returns the time (ms) until the next raster while playing, or null if none was made. */
  return function paint(ctx, frame, now = Date.now()) {
    const { cssWidth, cssHeight, ratio } = frame;
    const w = Math.round(cssWidth * ratio), h = Math.round(cssHeight * ratio);
    if (ctx.canvas.width !== w || ctx.canvas.height !== h) { ctx.canvas.width = w; ctx.canvas.height = h; }
    const stylesChanged = batchKeys(frame.colour, frame.width);
    const look = [w, h, frame.active, frame.selected, frame.phaseOn].join();
    const gap = Math.max(1000 / EDGE_HZ_WHILE_PLAYING, rasterMs / EDGE_RASTER_SHARE);
    const due = !frame.playing || now - drawnAt >= gap;
    if (layer && look === drawnFor && !(stylesChanged && due)) {
      if (stylesChanged) keys.fill(-1); // not drawn yet: the next frame that is due draws them
      return null;
    }
    const started = performance.now();
    rasterise(frame, w, h);
    drawnAt = now; drawnFor = look;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    ctx.drawImage(layer, 0, 0); // the layer's lines are rasterised here (canvas draws are deferred)
    rasterMs = performance.now() - started;
    return Math.max(1000 / EDGE_HZ_WHILE_PLAYING, rasterMs / EDGE_RASTER_SHARE);
  };
}
