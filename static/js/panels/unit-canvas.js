// The units of a large diagram, painted on the edge canvas (see edge-layer.js): with 130
// units whose colours change on every auto-train frame, SVG rectangles and <image> heatmaps
// make the browser re-record and re-raster the whole diagram each frame; one canvas repaint
// is far cheaper. The SVG keeps each unit's outline, text and hit area (tests, keyboard,
// screen readers), so a click or a focus ring works exactly as in the SVG-only diagram.
import { paintGrid } from "../heatmap.js";

const FRESH = "#fff2b3", BLANK = "#e8e8e8", RIM = "#6b6b75";

/** nodes: [[{x, y}]] per layer (unit centres, viewBox units); g: geometry {box, nodeW}. */
export function createUnitPainter(columns, g, barWidth) {
  const units = columns.flatMap((column, l) => column.map((p, j) => ({ l, j, x: p.x - g.nodeW / 2, y: p.y - g.box / 2,
    a: BLANK, d: BLANK, bias: null, fresh: false, map: null })));
  const index = new Map(units.map((u) => [`${u.l}-${u.j}`, u]));
  const maps = new Map(); // "l-j" → a small canvas reused for that unit's heatmap
  let version = 0; // bumps when the slow layer (bodies, heatmaps) must be repainted

  return {
    /** Colours as CSS strings; null bias for input units. */
    set(l, j, a, d, bias, fresh) {
      const u = index.get(`${l}-${j}`);
      if (u.fresh !== fresh) version += 1;
      u.a = a; u.d = d; u.bias = bias; u.fresh = fresh;
    },
    /** grids[l-1][j]: n×n values per hidden unit, coloured by scaleOf(l). */
    setMaps(grids, scaleOf) {
      for (const u of units) {
        const values = grids?.[u.l - 1]?.[u.j];
        if (!values || u.l === 0 || u.l === columns.length - 1) { u.map = null; continue; }
        const key = `${u.l}-${u.j}`;
        if (!maps.has(key)) maps.set(key, document.createElement("canvas"));
        paintGrid(maps.get(key), values, scaleOf(u.l, values));
        u.map = maps.get(key);
      }
      version += 1;
    },
    get version() { return version; },
    mapOf(l, j) { return index.get(`${l}-${j}`)?.map ?? null; },
    /** The slow layer: unit bodies and heatmaps (they change every few frames at most). */
    paintBodies(ctx) {
      const { box, nodeW } = g;
      ctx.imageSmoothingEnabled = false; // like the SVG heatmaps' image-rendering: pixelated
      for (const u of units) {
        ctx.fillStyle = u.fresh ? FRESH : "#fff";
        ctx.fillRect(u.x, u.y, nodeW, box);
        if (u.map) ctx.drawImage(u.map, u.x, u.y, box, box);
      }
    },
    /** The fast layer, every frame: a and δ colours and the biases, a few small rectangles. */
    paintColours(ctx) {
      const { box, nodeW } = g;
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = RIM;
      for (const u of units) {
        if (!u.map) { ctx.fillStyle = u.a; ctx.fillRect(u.x, u.y, box, box); ctx.strokeRect(u.x, u.y, box, box); }
        ctx.fillStyle = u.d;
        ctx.fillRect(u.x + nodeW - barWidth, u.y, barWidth, box);
        ctx.strokeRect(u.x + nodeW - barWidth, u.y, barWidth, box);
        if (u.bias) { ctx.fillStyle = u.bias; ctx.fillRect(u.x - 5, u.y - 5, 10, 10); }
      }
    },
  };
}
