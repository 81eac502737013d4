// Grids of network values as pixels (canvas), for the decision boundary and unit heatmaps.
// Pixels are written through one Uint32Array view from a packed colour table: no per-pixel
// allocation, so 128 hidden-unit maps repaint in well under a millisecond.
import { PACKED, PACKED_NAN, colourIndex, isList, maxAbs } from "./palette.js";

/** A colour scale suited to an activation's range: centred at 0.5 for σ, at 0 otherwise.
 * Returns {offset, scale}: the colour of v is that of (v − offset) / scale. */
export function scaleFor(activation, values) {
  if (activation === "sigmoid" || activation === "softmax") return { offset: 0.5, scale: 0.5 };
  if (activation === "tanh") return { offset: 0, scale: 1 };
  return { offset: 0, scale: maxAbs(values) };
}

const images = new WeakMap(); // canvas → reused ImageData of its size

/** Paint values[r][c] (row r = y from the bottom) onto a canvas of the grid's size. */
export function paintGrid(canvas, grid, { offset, scale }) {
  // A 1-D grid ([n] values along x) is painted as one row: the unit's value along the x axis.
  const values = isList(grid[0]) ? grid : [grid];
  const rows = values.length, cols = values[0]?.length ?? 0;
  if (!cols) return;
  if (canvas.width !== cols || canvas.height !== rows) { canvas.width = cols; canvas.height = rows; }
  const ctx = canvas.getContext("2d");
  let image = images.get(canvas);
  if (!image || image.width !== cols || image.height !== rows) { image = ctx.createImageData(cols, rows); images.set(canvas, image); }
  const pixels = new Uint32Array(image.data.buffer);
  for (let r = 0; r < rows; r += 1) {
    const row = values[r];
    const base = (rows - 1 - r) * cols; // canvas rows run top-down
    for (let c = 0; c < cols; c += 1) {
      const k = colourIndex(row[c] - offset, scale);
      pixels[base + c] = k < 0 ? PACKED_NAN : PACKED[k];
    }
  }
  ctx.putImageData(image, 0, 0);
}

const scratch = typeof document !== "undefined" ? document.createElement("canvas") : null;

/** A data URL of a grid, for an SVG <image> on a hidden unit. */
export function gridUrl(values, colour) {
  if (!values?.length) return null;
  paintGrid(scratch, values, colour);
  return scratch.toDataURL();
}

/** A data URL of an already painted canvas. */
export const canvasUrl = (canvas) => canvas.toDataURL();
