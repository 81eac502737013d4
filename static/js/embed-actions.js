// What an embedded explorer can be told to do (by its buttons, keys or the parent page),
// built on the explorer's own actions and store: step, play, pause, reset, read and replace
// the state document. Commands from the parent run one after another, so two quick steps
// are two iterations.
import * as actions from "./actions.js";
import * as api from "./api.js";
import { entry, getState, record, update } from "./store.js";

export const UNITS = ["phase", "iteration", "epoch"];
const SINGLE = { phase: actions.stepPhase, iteration: actions.stepIteration, epoch: actions.stepEpoch };
const toEntry = (res) => ({ doc: res.state, trace: res.trace ?? null, phase: res.phase ?? null, metrics: res.metrics ?? null });

let queue = Promise.resolve();
let playToken = 0;

/** Start from an answer of the API ({state, metrics, trace, …}); Reset returns here. */
export function begin(network, changes) {
  actions.begin(network, changes);
}

/** Run `task` after the previous command; errors are shown and passed to the caller. */
function enqueue(task) {
  const run = queue.then(task).then(() => {
    const { error } = getState();
    if (error) throw new Error(error);
  });
  queue = run.catch(() => {});
  return run;
}

function checkStep(unit, count) {
  if (!UNITS.includes(unit)) throw new Error(`unit: choose one of ${UNITS.join(", ")}`);
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1 || n > 10000) throw new Error("count: a whole number from 1 to 10000");
  return n;
}

async function advance(unit, n) {
  if (n === 1) return SINGLE[unit]();
  try {
    record(toEntry(await api.step(entry().doc, unit, n)), { notice: "" });
  } catch (err) {
    update({ error: err.message }); // the network on screen stays
  }
}

export function step(unit = "iteration", count = 1) {
  let n;
  try { n = checkStep(unit, count); } catch (err) { return Promise.reject(err); }
  pause();
  update({ error: "" });
  return enqueue(() => advance(unit, n));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const playing = () => getState().playing;

/** Auto-train at `speed` iterations per second, in chunks of about 100 ms of iterations.
 * Registered as the explorer's trainer, so its own step buttons pause it first. */
export function play(speed = getState().speed) {
  if (playing()) return;
  const token = ++playToken;
  const rate = speed === "max" ? 1000 : Math.min(1000, Math.max(1, Number(speed) || 10));
  const chunk = Math.max(1, Math.round(rate / 10));
  update({ playing: true, error: "" });
  (async () => {
    while (token === playToken && playing()) {
      const started = performance.now();
      await enqueue(() => advance("iteration", chunk)).catch(() => { playToken += 1; });
      if (entry()?.doc.status === "diverged") break;
      await sleep(Math.max(0, (1000 * chunk) / rate - (performance.now() - started)));
    }
    if (token === playToken || !playing()) update({ playing: false });
  })();
}

export function pause() {
  playToken += 1;
  if (playing()) update({ playing: false });
}

export function toggle() {
  if (playing()) pause(); else play();
}

actions.setTrainer({ playing, pause: async () => pause() });

export function reset() {
  pause();
  return enqueue(() => actions.reset());
}

export function getDocument() {
  const item = entry();
  return { state: item?.doc ?? null, metrics: item?.metrics ?? null };
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

/** Continue from `state` as the next history step, once the server has checked it; a bad
 * document changes nothing. */
export function setDocument(state) {
  pause();
  return enqueue(async () => {
    const checked = await checkState(state);
    record(toEntry(checked), { notice: "" });
  });
}
