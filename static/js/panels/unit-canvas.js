// The units of a large diagram, painted on canvases instead of SVG (see edge-layer.js): with
// 130 units whose colours change on every auto-train frame, SVG rectangles and <image>
// heatmaps make the browser re-record and re-raster the whole diagram each frame.
// One canvas above the edges' (main thread, repainted when anything on it changes): bodies,
// heatmaps and the per-frame colours (a, δ, bias, as palette indices). While training the maps
// change at every frame anyway, so the colours cost a few hundred rectangles more, where
// drawing them on the edge worker's canvas made it copy the whole edge picture at every frame.
// The SVG keeps each unit's outline, text and hit area (tests, keyboard, screen readers), so a
// click or a focus ring works exactly as in the SVG-only diagram.
import { gridShape, writeGrid } from "../heatmap.js";
import { cssColour } from "../theme.js";
import { colourCss } from "../palette.js";

export const BLANK = -3; // colour index of a value not computed yet (see palette.colourCss)
export const NO_BIAS = -4; // input units have no bias

/** columns: [[{x, y}]] per layer (unit centres, viewBox units); g: geometry {box, nodeW}. */
export function createUnitPainter(columns, g, barWidth) {
  const units = columns.flatMap((column, l) => column.map((p, j) => ({ l, j, x: p.x - g.nodeW / 2, y: p.y - g.box / 2 })));
  const first = [];
  columns.reduce((k, column) => { first.push(k); return k + column.length; }, 0);
  const n = units.length;
  const colours = { a: new Int16Array(n).fill(BLANK), d: new Int16Array(n).fill(BLANK), bias: new Int16Array(n).fill(NO_BIAS),
    hasMap: new Uint8Array(n) };
  const fresh = new Uint8Array(n);
  // Every hidden unit's map in one atlas canvas (one image write and one source for the
  // copies a frame makes): 128 small canvases cost 128 uploads and snapshots a frame.
  const atlas = { canvas: document.createElement("canvas"), image: null, cell: [0, 0] };
  const hoverMap = document.createElement("canvas"); // one unit's map, for the hover <image>
  let version = 0; // bumps when the canvas must be repainted

  const layout = { units: units.map(({ x, y }) => ({ x, y })), box: g.box, nodeW: g.nodeW, barWidth };

  return {
    colours,
    /** Colours as palette indices (BLANK, NO_BIAS allowed). */
    set(l, j, a, d, bias, isFresh) {
      const k = first[l] + j;
      if (fresh[k] !== Number(isFresh) || colours.a[k] !== a || colours.d[k] !== d || colours.bias[k] !== bias) version += 1;
      fresh[k] = Number(isFresh);
      colours.a[k] = a; colours.d[k] = d; colours.bias[k] = bias;
    },
    /** grids[l-1][j]: n×n values per hidden unit, coloured by scaleOf(l). */
    setMaps(grids, scaleOf) {
      const sample = units.map((u) => (u.l > 0 && u.l < columns.length - 1 ? grids?.[u.l - 1]?.[u.j] : null));
      const any = sample.find(Boolean);
      const [cols, rows] = any ? gridShape(any) : [0, 0]; // every hidden unit's grid has one shape
      units.forEach((u, k) => { colours.hasMap[k] = sample[k] && cols ? 1 : 0; });
      version += 1;
      if (!cols) return;
      const ctx = atlas.canvas.getContext("2d");
      if (atlas.cell[0] !== cols || atlas.cell[1] !== rows) {
        atlas.cell = [cols, rows];
        atlas.canvas.width = cols; atlas.canvas.height = rows * n; // unit k's map at row k·rows
        atlas.image = ctx.createImageData(cols, rows * n);
      }
      const pixels = new Uint32Array(atlas.image.data.buffer);
      sample.forEach((values, k) => { if (values) writeGrid(pixels, cols, 0, k * rows, values, scaleOf(units[k].l, values)); });
      ctx.putImageData(atlas.image, 0, 0);
    },
    get version() { return version; },
    /** Unit (l, j)'s map on a canvas of its own (the hover image), or null. */
    mapOf(l, j) {
      const k = first[l] + j;
      if (!colours.hasMap[k]) return null;
      const [cols, rows] = atlas.cell;
      hoverMap.width = cols; hoverMap.height = rows;
      hoverMap.getContext("2d").drawImage(atlas.canvas, 0, k * rows, cols, rows, 0, 0, cols, rows);
      return hoverMap;
    },
    /** Unit bodies, heatmaps, then the a, δ and bias colours. */
    paintBodies(ctx) {
      const { box, nodeW } = g;
      ctx.imageSmoothingEnabled = false; // like the SVG heatmaps' image-rendering: pixelated
      units.forEach((u, k) => {
        ctx.fillStyle = cssColour(fresh[k] ? "--fresh" : "--node-body"); // the theme's, as the SVG bodies
        ctx.fillRect(u.x, u.y, nodeW, box);
        if (colours.hasMap[k]) ctx.drawImage(atlas.canvas, 0, k * atlas.cell[1], atlas.cell[0], atlas.cell[1], u.x, u.y, box, box);
      });
      paintUnitColours(ctx, layout, colours, colourCss);
    },
  };
}

/** The per-frame colours: a (units without a map), δ and the biases. */
export function paintUnitColours(ctx, layout, colours, colourCss) {
  const { units, box, nodeW, barWidth } = layout;
  ctx.lineWidth = 0.6;
  ctx.strokeStyle = "#6b6b75";
  units.forEach((u, k) => {
    if (!colours.hasMap[k]) { ctx.fillStyle = colourCss(colours.a[k]); ctx.fillRect(u.x, u.y, box, box); ctx.strokeRect(u.x, u.y, box, box); }
    ctx.fillStyle = colourCss(colours.d[k]);
    ctx.fillRect(u.x + nodeW - barWidth, u.y, barWidth, box);
    ctx.strokeRect(u.x + nodeW - barWidth, u.y, barWidth, box);
    if (colours.bias[k] !== NO_BIAS) { ctx.fillStyle = colourCss(colours.bias[k]); ctx.fillRect(u.x - 5, u.y - 5, 10, 10); }
  });
}
