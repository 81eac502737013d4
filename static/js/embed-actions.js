// What an embedded explorer can be told to do (by its buttons, keys or the parent page):
// step, play, pause, reset, read and replace the state document. Every change goes through
// the store; requests run one after another so two quick steps are two iterations.
import * as api from "./api.js";
import { getState, update } from "./store.js";

let initial = null;
let queue = Promise.resolve();
let playToken = 0;

export function setInitial(state, metrics) {
  initial = { state, metrics };
  update({ state, metrics, trace: null, phase: null, error: "", playing: false });
}

function enqueue(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

async function advance(unit, count) {
  const { state } = getState();
  try {
    const { state: next, trace, phase, metrics } = await api.step(state, unit, count);
    update({ state: next, trace, phase: phase ?? null, metrics, error: "" });
  } catch (err) {
    update({ error: err.message, playing: false }); // the current network stays as it was
    throw err;
  }
}

export const UNITS = ["phase", "iteration", "epoch"];

export function step(unit = "iteration", count = 1) {
  if (!UNITS.includes(unit)) return Promise.reject(new Error(`unit: choose one of ${UNITS.join(", ")}`));
  const n = Math.trunc(Number(count));
  if (!(n >= 1 && n <= 10000)) return Promise.reject(new Error("count: a whole number from 1 to 10000"));
  return enqueue(() => advance(unit, n));
}

// POST /embed/state validates a document and returns it with its metrics (app/routes/embed.py).
async function checkState(state) {
  const response = await fetch("/embed/state", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ state }),
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.detail || `${response.status} ${response.statusText}`);
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Train continuously at `speed` iterations per second, in chunks of about 100 ms. */
export function play(speed = 20) {
  if (getState().playing) return;
  const token = ++playToken;
  const rate = Math.min(1000, Math.max(1, Number(speed) || 20));
  const chunk = Math.max(1, Math.round(rate / 10));
  update({ playing: true, speed: rate });
  (async () => {
    while (token === playToken && getState().playing) {
      const started = performance.now();
      try { await enqueue(() => advance("iteration", chunk)); } catch { break; }
      if (getState().state?.status === "diverged") break;
      await sleep(Math.max(0, (1000 * chunk) / rate - (performance.now() - started)));
    }
    if (token === playToken) update({ playing: false });
  })();
}

export function pause() {
  playToken += 1;
  if (getState().playing) update({ playing: false });
}

export function toggle() {
  if (getState().playing) pause(); else play(getState().speed);
}

export function reset() {
  pause();
  return enqueue(() => update({ state: initial.state, metrics: initial.metrics, trace: null, phase: null, error: "" }));
}

export function getDocument() {
  const { state, metrics } = getState();
  return { state, metrics };
}

/** Replace the network with `state` after the server has checked it; a bad one changes nothing. */
export function setDocument(state) {
  pause();
  return enqueue(async () => {
    const checked = await checkState(state);
    update({ state: checked.state, metrics: checked.metrics, trace: null, phase: null, error: "" });
  });
}
