// What the user can do, as functions: each calls the API and hands the result to the store.
// One request at a time (queued); while auto-training, a manual step pauses first.
import * as api from "./api.js";
import { entry, getState, jumpTo, record, restart, update } from "./store.js";

let origin = null; // the entry Reset returns to
let trainer = null; // set by the auto-train module: {pause(): Promise, playing()}

export function setTrainer(t) { trainer = t; }

// A preview trace of a new network (the coming iteration, not yet shown) is not kept, but
// its focus example's target is: the diagram shows it by the output units from the start.
const toEntry = (res, unit = null) => ({ doc: res.state, trace: unit ? res.trace ?? null : null, phase: res.phase ?? null,
  metrics: res.metrics ?? null, unit, target: res.trace?.target ?? null });

// Requests run one after another: an action taken while one is in flight (an edit, a step)
// waits for it instead of being dropped. busy stays true until the queue is empty.
let queue = Promise.resolve();
let waiting = 0;

function guarded(work) {
  waiting += 1;
  if (waiting === 1) update({ busy: true });
  queue = queue.then(async () => {
    try {
      await work();
    } catch (err) {
      update({ error: err.message, notice: "" }); // the network on screen stays as it was
    } finally {
      waiting -= 1;
      if (waiting === 0) update({ busy: false });
    }
  });
  return queue;
}

/** Start over from a new state document (preset, import, architecture change). */
export function begin(res, changes = {}) {
  origin = toEntry(res);
  restart(origin, changes);
}

export const loadPreset = (id) => guarded(async () => {
  await pauseTraining();
  const speed = getState().presets.find((p) => p.id === id)?.speed ?? getState().speed; // the preset's own
  begin(await api.getPreset(id), { presetId: id, notice: "", speed });
});

async function pauseTraining() {
  if (trainer?.playing()) await trainer.pause();
}

const step = (unit) => guarded(async () => {
  await pauseTraining();
  const current = entry();
  if (!current) return;
  record(toEntry(await api.step(current.doc, unit), unit), { notice: "" });
});

// Practice mode (panels/practice-view.js) asks a question before a phase is shown: its hook
// returns a promise when it handles the step, undefined when practice is off.
let phaseStep = () => undefined;
export function setPhaseStep(fn) { phaseStep = fn; }
export const stepPhase = () => phaseStep() ?? step("phase");
export const stepIteration = () => step("iteration");
export const stepEpoch = () => step("epoch");

// Back and Reset wait in the same queue as steps: a step answer still in flight lands first,
// then they apply (a late answer can no longer undo a reset or shorten the history).
export const stepBack = () => guarded(async () => {
  await pauseTraining();
  jumpTo(getState().cursor - 1);
});

export const reset = () => guarded(async () => {
  await pauseTraining();
  if (origin) restart(origin, { notice: "Reset to the starting weights." });
});

/** Any other server call that changes what is shown (a gradient check, an import) queues too. */
export const queued = (work) => guarded(work);

/** A new state document from the server for a changed configuration. */
export const rebuild = (config, dataset, notice, params = undefined) => guarded(async () => {
  await pauseTraining();
  begin(await api.createNetwork(config, dataset, params), { notice, presetId: "" });
});

/** Change training settings without a reset: {learning_rate?, batch_size? (0 = full batch), l2?,
 * momentum?, freeze_biases?}. Playing or paused, the server applies them with the same engine
 * method (Run.change_settings), so an edit lands the same way either way. */
export const changeSettings = (changes, notice) => guarded(async () => {
  if (trainer?.playing()) {
    trainer.reconfigure(changes); // training goes on with the new settings
    update({ notice });
    return;
  }
  const current = entry();
  if (!current) return;
  const res = await api.changeSettings(current.doc, changes);
  // A whole iteration's (or the live) numbers stay on screen; a half-shown iteration restarts.
  const keep = current.phase ? null : current.trace;
  record({ doc: res.state, trace: keep, phase: null, metrics: res.metrics, target: res.trace?.target ?? current.target ?? null }, { notice });
});

/** Continue from an edited document (a typed weight, new data, an added point) as the next
 * history step, without a reset. The server checks it and computes its losses, so every number
 * on screen describes it; a refusal names the field and the network on screen stays. */
export const continueWith = (doc, notice) => guarded(async () => {
  await pauseTraining();
  const res = await api.checkState({ ...doc, phase: 0 });
  record({ doc: res.state, trace: null, phase: null, metrics: res.metrics, target: res.trace?.target ?? null }, { notice, presetId: "" });
});

/** Open a link's view: its document, replaying the step that led to the view. */
export const openLink = (payload) => guarded(async () => {
  // The server checks the document first (a refusal names the field); only its answer is used.
  const checked = await api.checkState(payload.doc);
  begin({ state: checked.state, metrics: checked.metrics, trace: checked.trace }, { presetId: payload.preset ?? "", selection: payload.selection ?? null });
  if (payload.unit) record(toEntry(await api.step(checked.state, payload.unit), payload.unit));
});
