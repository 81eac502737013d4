// The page's HTTP client (static/js/api.js): a 429/503 with Retry-After is asked again after the
// wait the server names (capped), a few times, with the same body; any other refusal is an error
// at once. A fake fetch and a fake clock stand in for the network.
import assert from "node:assert/strict";
import { test } from "node:test";

const waits = [];
globalThis.setTimeout = (fn, ms) => { waits.push(ms); fn(); return 0; };
let answers = [];
const bodies = [];
globalThis.fetch = async (path, options) => {
  bodies.push(options.body);
  const [status, retryAfter, body] = answers.shift();
  return {
    ok: status < 300, status, statusText: String(status),
    headers: { get: (name) => (name === "Retry-After" ? retryAfter : null) },
    json: async () => body,
  };
};
const api = await import("../../static/js/api.js");

test("a refusal for now is asked again after the server's Retry-After, the body unchanged", async () => {
  waits.length = 0; bodies.length = 0;
  answers = [[429, "2", { detail: "rate: …" }], [503, "60", { detail: "busy: …" }], [200, null, { grid: [[0.5]] }]];
  const answer = await api.grid({ iteration: 3 }, 40, 16);
  assert.deepEqual(answer, { grid: [[0.5]] });
  assert.deepEqual(waits, [2000, 10000]); // 60 s is capped at 10 s
  assert.equal(new Set(bodies).size, 1);
  assert.equal(JSON.parse(bodies[0]).state.iteration, 3);
});

test("after three retries the refusal reaches the page with the server's message", async () => {
  waits.length = 0;
  answers = Array.from({ length: 4 }, () => [503, "1", { detail: "busy: this server is computing" }]);
  await assert.rejects(api.step({ iteration: 0 }), /busy: this server is computing/);
  assert.equal(waits.length, 3);
});

test("other errors are not retried", async () => {
  waits.length = 0;
  answers = [[422, null, { detail: "size: at most 100" }]];
  await assert.rejects(api.grid({}, 400), /size: at most 100/);
  answers = [[503, null, {}]]; // no Retry-After: not a "later"
  await assert.rejects(api.points({}), /503/);
  assert.deepEqual(waits, []);
  assert.equal(api.retryDelaySeconds(429, "abc"), null);
  assert.equal(api.retryDelaySeconds(500, "1"), null);
});
