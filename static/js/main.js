// Entry point: wires the store, the API and the panels together.
import * as api from "./api.js";
import { getState, subscribe, update } from "./store.js";
import { renderLegend, renderNetwork } from "./network-view.js";
import { bindControls, renderReadout } from "./controls-view.js";

let busy = false;

async function loadPreset(id) {
  try {
    const { state, metrics } = await api.getPreset(id);
    update({ presetId: id, state, metrics, trace: null, error: "" });
  } catch (err) {
    update({ error: err.message });
  }
}

async function stepOnce() {
  const { state } = getState();
  if (!state || busy) return;
  busy = true;
  try {
    const { state: next, trace, metrics } = await api.step(state);
    update({ state: next, trace, metrics, error: "" });
  } catch (err) {
    update({ error: err.message }); // the current network stays as it was
  } finally {
    busy = false;
  }
}

async function init() {
  const svg = document.getElementById("network");
  renderLegend(document.getElementById("legend"));
  subscribe((s) => { renderNetwork(svg, s); renderReadout(s); });
  const select = document.getElementById("preset");
  const presets = await api.listPresets();
  select.replaceChildren(...presets.map((p) => new Option(p.title, p.id)));
  select.addEventListener("change", () => loadPreset(select.value));
  bindControls({ onStep: stepOnce, onReset: () => loadPreset(getState().presetId) });
  await loadPreset(presets[0].id);
  document.body.dataset.ready = "true";
}

init();
