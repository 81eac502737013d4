// What the user can do, as functions: each calls the API and hands the result to the store.
// One request at a time; while auto-training, a manual step pauses first.
import * as api from "./api.js";
import { entry, getState, jumpTo, record, restart, update } from "./store.js";

let origin = null; // the entry Reset returns to
let trainer = null; // set by the auto-train module: {pause(): Promise, playing()}

export function setTrainer(t) { trainer = t; }

// A preview trace of a new network (the coming iteration, not yet shown) is not kept.
const toEntry = (res, unit = null) => ({ doc: res.state, trace: unit ? res.trace ?? null : null, phase: res.phase ?? null,
  metrics: res.metrics ?? null, unit });

async function guarded(work) {
  if (getState().busy) return;
  update({ busy: true });
  try {
    await work();
  } catch (err) {
    update({ error: err.message }); // the network on screen stays as it was
  } finally {
    update({ busy: false });
  }
}

/** Start over from a new state document (preset, import, architecture change). */
export function begin(res, changes = {}) {
  origin = toEntry(res);
  restart(origin, changes);
}

export const loadPreset = (id) => guarded(async () => {
  await pauseTraining();
  begin(await api.getPreset(id), { presetId: id, notice: "" });
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

export const stepPhase = () => step("phase");
export const stepIteration = () => step("iteration");
export const stepEpoch = () => step("epoch");

export async function stepBack() {
  await pauseTraining();
  jumpTo(getState().cursor - 1);
}

export async function reset() {
  await pauseTraining();
  if (origin) restart(origin, { notice: "Reset to the starting weights." });
}

/** A new state document from the server for a changed configuration. */
export const rebuild = (config, dataset, notice, params = undefined) => guarded(async () => {
  await pauseTraining();
  begin(await api.createNetwork(config, dataset, params), { notice });
});

/** Continue from an edited document as the next history step, without a reset
 * (hyperparameters, a typed weight). The server validates it on the next step; a refusal
 * names the field and the network on screen stays. */
export async function continueWith(doc, notice, keepTrace = true) {
  if (keepTrace && trainer?.playing()) {
    trainer.reconfigure(doc.config); // training goes on with the new hyperparameters
    update({ notice });
    return;
  }
  await pauseTraining();
  const current = entry();
  record({ doc, trace: keepTrace ? current?.trace ?? null : null, phase: keepTrace ? current?.phase ?? null : null,
    metrics: current?.metrics ?? null }, { notice });
}

/** Open a link's view: its document, replaying the step that led to the view. */
export const openLink = (payload) => guarded(async () => {
  const start = { state: payload.doc, metrics: null };
  begin(start, { presetId: payload.preset ?? "", selection: payload.selection ?? null });
  if (payload.unit) record(toEntry(await api.step(payload.doc, payload.unit), payload.unit));
});
