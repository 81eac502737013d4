// The page's binary-frame decoder (static/js/frames.js) on frames the server's encoder wrote
// (app/frames.py; fixtures written by tests/test_page_modules_node.py into BPX_FIXTURES).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { decodeFrame, readMessage } from "../../static/js/frames.js";

const dir = process.env.BPX_FIXTURES;
const bytes = (name) => { const b = readFileSync(join(dir, name)); return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength); };
const expected = (name) => JSON.parse(readFileSync(join(dir, name), "utf8"));

test("a hand-made frame: float64 exact, float32 grids, NaN kept, nesting and scalars as sent", () => {
  const frame = decodeFrame(bytes("tiny.bin"));
  assert.equal(frame.type, "frame");
  assert.equal(frame.iteration, 3);
  assert.equal(frame.train_loss, null);
  assert.deepEqual(frame.params.weights, [[[0.1, 1 / 3]], [[-2.5e-300], [7]]]);
  assert.deepEqual(frame.params.biases, [[0.2], [Number.MAX_VALUE]]);
  assert.equal(frame.grid.values[0][0], 0.5);
  assert.ok(Number.isNaN(frame.grid.values[0][1]));
  // Grid rows are float32 views of the message (no copy); parameters are plain arrays.
  assert.ok(Array.isArray(frame.grid.values) && frame.grid.values[0] instanceof Float32Array);
  assert.ok(Array.isArray(frame.params.weights[0][0]));
  assert.deepEqual(frame.grid.x, [-1, 1]);
  assert.equal(frame.hidden_grids[0].length, 2);
  assert.deepEqual(frame.hidden_grids[0][1].map((row) => Array.from(row)), [[0, 0, 0], [0, 0.25, 0], [0, 0, 0]]);
  assert.deepEqual(frame.focus, { a: [[1, 2]] });
  assert.equal(readMessage('{"type":"paused"}').type, "paused");
});

test("a training frame equals the JSON frame the server sends to scripts that ask for JSON", () => {
  const frame = decodeFrame(bytes("circle.bin"));
  const json = expected("circle.json");
  assert.deepEqual(frame.params, json.params); // exact: the frame's state document is the run's
  assert.deepEqual(frame.velocity, json.velocity);
  assert.deepEqual(frame.focus, json.focus);
  assert.equal(frame.iteration, json.iteration);
  const flat = (x) => (Array.isArray(x) || ArrayBuffer.isView(x) ? Array.from(x).flatMap(flat) : [x]);
  const worst = (a, b) => { const fb = flat(b); return Math.max(...flat(a).map((v, k) => Math.abs(v - fb[k]))); };
  assert.ok(worst(frame.grid.values, json.grid.values) < 1e-5);
  assert.ok(worst(frame.hidden_grids, json.hidden_grids) < 1e-5);
  assert.equal(frame.hidden_grids[1].length, 8);
  assert.equal(frame.hidden_grids[1][7].length, 16);
});
