// What an embedded explorer can be told to do (by its buttons, keys or the parent page),
// built on the explorer's own actions, trainer and store: step, play, pause, reset, read and replace
// the state document. Commands from the parent run one after another, so two quick steps
// are two iterations.
import * as actions from "./actions.js";
import * as api from "./api.js";
import * as trainer from "./trainer.js";
import { entry, getState, record, update } from "./store.js";

export const UNITS = ["phase", "iteration", "epoch"];
const SINGLE = { phase: actions.stepPhase, iteration: actions.stepIteration, epoch: actions.stepEpoch };
const toEntry = (res) => ({ doc: res.state, trace: res.trace ?? null, phase: res.phase ?? null, metrics: res.metrics ?? null });

let queue = Promise.resolve();

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
  return enqueue(async () => {
    await pause(); // the final state of auto-training first, then the step
    update({ error: "" });
    await advance(unit, n);
  });
}

const playing = () => getState().playing;

/** Auto-train over the WebSocket with the explorer's own trainer (trainer.js). */
export function play(speed) {
  if (playing()) return;
  if (speed !== undefined) update({ speed: speed === "max" ? "max" : Math.min(1000, Math.max(1, Number(speed) || 10)) });
  trainer.toggle();
}

export function pause() {
  return trainer.pause();
}

export function toggle() {
  return trainer.toggle();
}

export function reset() {
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
  return enqueue(async () => {
    await pause();
    const checked = await checkState(state);
    record(toEntry(checked), { notice: "" });
  });
}

/** A link's view (s=): the step that led to it is replayed, so its phase and its mid-iteration
 * numbers are on screen as they were in the explorer (url-state.js keeps the step, not the trace). */
export async function replay(unit) {
  if (!UNITS.includes(unit)) return;
  try {
    const res = await api.step(entry().doc, unit, 1);
    record({ ...toEntry(res), unit }, { notice: "" });
  } catch (err) {
    update({ error: err.message });
  }
}
