// Draws a large diagram's edges on an OffscreenCanvas in a worker, so the main thread stays
// free for animation frames. Only the latest frame is drawn: frames that arrive while one is
// being drawn replace each other.
import { createEdgePainter, unpackFrame } from "./edge-paint.js";
import { usePalette } from "../palette.js";

let ctx = null, paint = null, latest = null, scheduled = false;

function drawLatest() {
  scheduled = false;
  if (!latest || !paint) return;
  const frame = latest;
  latest = null;
  const gapMs = paint(ctx, unpackFrame(frame));
  if (gapMs !== null) self.postMessage({ type: "rastered", gapMs }); // the page holds frames until then
}

self.onmessage = ({ data }) => {
  if (data.type === "init") {
    usePalette(data.palette ?? "light"); // the page's theme (a theme change rebuilds the diagram)
    ctx = data.canvas.getContext("2d");
    paint = createEdgePainter(data.edges, data.boxWidth);
  } else if (data.type === "frame") {
    latest = data.frame;
    if (!scheduled) { scheduled = true; (self.requestAnimationFrame ?? setTimeout)(drawLatest); }
  }
};
