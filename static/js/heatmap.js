// Grids of network values as pixels (canvas), for the decision boundary and unit heatmaps.
import { divergingRgb, maxAbs } from "./palette.js";

/** A colour scale suited to an activation's range: centred at 0.5 for σ, at 0 otherwise. */
export function scaleFor(activation, values) {
  if (activation === "sigmoid" || activation === "softmax") return (v) => divergingRgb(v - 0.5, 0.5);
  if (activation === "tanh") return (v) => divergingRgb(v, 1);
  const m = maxAbs(values);
  return (v) => divergingRgb(v, m);
}

/** Paint values[r][c] (row r = y from the bottom) onto a canvas of the grid's size. */
export function paintGrid(canvas, values, colour) {
  const rows = values.length, cols = values[0]?.length ?? 0;
  canvas.width = cols; canvas.height = rows;
  const ctx = canvas.getContext("2d");
  const image = ctx.createImageData(cols, rows);
  for (let r = 0; r < rows; r += 1) {
    const y = rows - 1 - r; // canvas rows run top-down
    for (let c = 0; c < cols; c += 1) {
      const [red, green, blue] = colour(values[r][c]);
      const k = 4 * (y * cols + c);
      image.data[k] = red; image.data[k + 1] = green; image.data[k + 2] = blue; image.data[k + 3] = 255;
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
