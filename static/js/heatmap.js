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

/** Write values[r][c] (row r = y from the bottom) as packed pixels into `pixels`, a Uint32Array
 * view of an image `stride` pixels wide, with the grid's top-left corner at column x0, row y0.
 * Returns the grid's [columns, rows]. */
export function writeGrid(pixels, stride, x0, y0, grid, { offset, scale }) {
  // A 1-D grid ([n] values along x) is painted as one row: the unit's value along the x axis.
  const values = isList(grid[0]) ? grid : [grid];
  const rows = values.length, cols = values[0]?.length ?? 0;
  for (let r = 0; r < rows; r += 1) {
    const row = values[r];
    const base = (y0 + rows - 1 - r) * stride + x0; // canvas rows run top-down
    for (let c = 0; c < cols; c += 1) {
      const k = colourIndex(row[c] - offset, scale);
      pixels[base + c] = k < 0 ? PACKED_NAN : PACKED[k];
    }
  }
  return [cols, rows];
}

/** The [columns, rows] of a grid (a 1-D grid is one row). */
export function gridShape(grid) {
  const values = isList(grid[0]) ? grid : [grid];
  return [values[0]?.length ?? 0, values.length];
}

/** Paint values[r][c] (row r = y from the bottom) onto a canvas of the grid's size. */
export function paintGrid(canvas, grid, colour) {
  const [cols, rows] = gridShape(grid);
  if (!cols) return;
  if (canvas.width !== cols || canvas.height !== rows) { canvas.width = cols; canvas.height = rows; }
  const ctx = canvas.getContext("2d");
  let image = images.get(canvas);
  if (!image || image.width !== cols || image.height !== rows) { image = ctx.createImageData(cols, rows); images.set(canvas, image); }
  writeGrid(new Uint32Array(image.data.buffer), cols, 0, 0, grid, colour);
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
