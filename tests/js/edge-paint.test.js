// How often a large diagram's edges are rasterised while training (static/js/panels/edge-paint.js):
// at most EDGE_HZ_WHILE_PLAYING times a second, and no more than EDGE_RASTER_SHARE of the painting
// thread's time; at every change when not playing. A fake canvas and clock: a raster "costs"
// what the test says (canvas draws are deferred, so the cost shows when the layer is drawn).
import assert from "node:assert/strict";
import { test } from "node:test";

let clock = 0; // ms, the painter's performance.now()
Object.defineProperty(globalThis, "performance", { value: { now: () => clock }, configurable: true });
let rasterCost = 0, strokes = 0, pending = false;

function fakeContext(canvas) {
  const noop = () => {};
  return {
    canvas, setTransform: noop, clearRect: noop, beginPath: noop, moveTo: noop, lineTo: noop, setLineDash: noop,
    stroke() { strokes += 1; pending = true; },
    drawImage() { if (pending) { clock += rasterCost; pending = false; } }, // the deferred raster
    fillRect: noop, fill: noop, strokeRect: noop, rect: noop,
  };
}
globalThis.OffscreenCanvas = class {
  constructor(width, height) { Object.assign(this, { width, height }); this.ctx = fakeContext(this); }
  getContext() { return this.ctx; }
};

const { createEdgePainter, EDGE_HZ_WHILE_PLAYING, EDGE_RASTER_SHARE } = await import("../../static/js/panels/edge-paint.js");

const EDGES = Array.from({ length: 50 }, (_, k) => ({ l: k % 2, x1: 0, y1: k, x2: 10, y2: k }));

/** Paint a frame whose edge colours all differ from the last one's at `now`; true if rasterised. */
function paintChanged(paint, screen, now, playing, k) {
  const colour = new Int16Array(EDGES.length).fill((k % 2) * 100);
  const width = new Uint8Array(EDGES.length).fill(10);
  const before = strokes;
  paint(screen, { colour, width, active: -1, selected: -1, phaseOn: false, playing, cssWidth: 100, cssHeight: 100, ratio: 1 }, now);
  return strokes > before;
}

/** Times (ms) at which a run of frames every 20 ms for 2 s was rasterised. */
function rasterTimes(cost, playing) {
  rasterCost = cost;
  const paint = createEdgePainter(EDGES, 100);
  const screen = new OffscreenCanvas(100, 100).getContext();
  const times = [];
  for (let k = 0, now = 0; now <= 2000; k += 1, now += 20) {
    if (paintChanged(paint, screen, now, playing, k)) times.push(now);
  }
  return times;
}

const gaps = (times) => times.slice(1).map((t, k) => t - times[k]);

test("a cheap raster is spaced by the frame-rate cap only", () => {
  const times = rasterTimes(1, true);
  assert.ok(gaps(times).every((g) => g >= 1000 / EDGE_HZ_WHILE_PLAYING), `gaps ${gaps(times)}`);
  assert.ok(times.length >= 2000 / (1000 / EDGE_HZ_WHILE_PLAYING + 20), `only ${times.length} rasters in 2 s`);
});

test("a costly raster takes at most EDGE_RASTER_SHARE of the time while playing", () => {
  const cost = 20; // ms: 20 / 0.08 = a raster every 250 ms at most
  const times = rasterTimes(cost, true);
  assert.ok(gaps(times).every((g) => g >= cost / EDGE_RASTER_SHARE), `gaps ${gaps(times)}`);
  assert.ok(times.length >= 6 && times.length <= 2000 / (cost / EDGE_RASTER_SHARE) + 1, `${times.length} rasters in 2 s`);
});

test("not playing, every change is rasterised at once, however costly", () => {
  const times = rasterTimes(20, false);
  assert.equal(times.length, 101);
});

test("a raster says when the next one is due (the page holds frames until then); a skipped frame says nothing", () => {
  rasterCost = 20;
  const paint = createEdgePainter(EDGES, 100);
  const screen = new OffscreenCanvas(100, 100).getContext();
  const frame = (k) => ({ colour: new Int16Array(EDGES.length).fill((k % 2) * 100), width: new Uint8Array(EDGES.length).fill(10),
    active: -1, selected: -1, phaseOn: false, playing: true, cssWidth: 100, cssHeight: 100, ratio: 1 });
  assert.equal(paint(screen, frame(0), 0), 20 / EDGE_RASTER_SHARE); // 20 ms of raster: 250 ms to the next
  assert.equal(paint(screen, frame(1), 20), null); // changed, not due: nothing drawn
});
