// Entry point of the explorer page: mounts each panel into its container and loads the
// starting network (from the URL if it carries one, else the first preset).
import * as actions from "./actions.js";
import * as api from "./api.js";
import { update } from "./store.js";
import * as controls from "./panels/controls-view.js";
import * as inspector from "./panels/inspector-view.js";
import * as network from "./panels/network-view.js";
import * as phase from "./panels/phase-view.js";
import * as viewOptions from "./panels/view-options.js";

const PANELS = { "view-options": viewOptions, network, phase, inspector };

function mountAll(options) {
  for (const [name, panel] of Object.entries(PANELS)) {
    const root = document.querySelector(`[data-panel="${name}"]`);
    if (root) panel.mount(root, options);
  }
  const controlsRoot = document.querySelector('[data-panel="controls"]');
  if (controlsRoot) controls.mount(controlsRoot, options);
}

async function init() {
  mountAll({ play: () => {} });
  const presets = await api.listPresets();
  update({ presets });
  await actions.loadPreset(presets[0].id);
  document.body.dataset.ready = "true";
}

init().catch((err) => update({ error: err.message }));
