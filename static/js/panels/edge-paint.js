// Paints a large diagram's edges onto a 2-D canvas context. Shared by the edge worker (which
// draws off the main thread: thousands of anti-aliased lines cost tens of milliseconds of
// software raster) and the main-thread fallback. No DOM here.
import { colourCss } from "../palette.js";
import { paintUnitColours } from "./unit-canvas.js";

/** The inverse of edge-layer's packFrame: typed-array views on the frame's one buffer. */
export function unpackFrame(frame) {
  const all = new Int16Array(frame.buffer);
  const e = frame.edges, n = frame.units;
  const colour = all.subarray(0, e), width = all.subarray(e, 2 * e);
  const units = n ? { a: all.subarray(2 * e, 2 * e + n), d: all.subarray(2 * e + n, 2 * e + 2 * n),
    bias: all.subarray(2 * e + 2 * n, 2 * e + 3 * n), hasMap: all.subarray(2 * e + 3 * n, 2 * e + 4 * n) } : null;
  return { ...frame, colour, width, units };
}

/** A painter for fixed edges [{l, x1, y1, x2, y2}] in viewBox units of width boxWidth, and
 * the units' per-frame colours when unitLayout is given (see unit-canvas.js). */
export function createEdgePainter(edges, boxWidth, unitLayout = null) {
  const batches = new Map(); // numeric key (layer, colour, width) → edge indices, reused

  /** frame: {colour: Int16Array, width: Uint8Array (tenths), active, selected (index or -1),
   * phaseOn, cssWidth, cssHeight, ratio, units?: unit colours}. */
  return function paint(ctx, frame) {
    const { colour, width, active, selected, phaseOn, cssWidth, cssHeight, ratio } = frame;
    const w = Math.round(cssWidth * ratio), h = Math.round(cssHeight * ratio);
    if (ctx.canvas.width !== w || ctx.canvas.height !== h) { ctx.canvas.width = w; ctx.canvas.height = h; }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const scale = (cssWidth / boxWidth) * ratio;
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    // One path per (layer, colour, width): a few hundred strokes instead of thousands.
    for (const list of batches.values()) list.length = 0;
    for (let k = 0; k < edges.length; k += 1) {
      const key = (edges[k].l * 1024 + colour[k] + 2) * 256 + width[k];
      let list = batches.get(key);
      if (!list) batches.set(key, (list = []));
      list.push(k);
    }
    for (const [key, list] of batches) {
      if (!list.length) continue;
      const l = Math.floor(key / (256 * 1024));
      ctx.globalAlpha = phaseOn && l !== active ? 0.35 : 1;
      ctx.strokeStyle = colourCss((Math.floor(key / 256) % 1024) - 2);
      ctx.lineWidth = (key % 256) / 10;
      ctx.beginPath();
      for (const k of list) { const e = edges[k]; ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
    const e = edges[selected];
    if (e) {
      ctx.setLineDash([4, 3]); ctx.strokeStyle = "#0a58ca"; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.moveTo(e.x1, e.y1); ctx.lineTo(e.x2, e.y2); ctx.stroke();
      ctx.setLineDash([]);
    }
    if (unitLayout && frame.units) paintUnitColours(ctx, unitLayout, frame.units, colourCss);
  };
}
