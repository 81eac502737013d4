// Entry point of the explorer page: mounts each panel into its container ([data-panel]) and
// loads the starting network: the view in the URL if there is one, else the first preset.
// Panels are independent modules (mount(root)); /embed can mount any subset of them.
import * as actions from "./actions.js";
import * as api from "./api.js";
import { mirrorBusy } from "./busy-flag.js";
import { update } from "./store.js";
import * as trainer from "./trainer.js";
import { decode } from "./url-state.js";
import * as charts from "./panels/charts-view.js";
import * as controls from "./panels/controls-view.js";
import * as editor from "./panels/editor-view.js";
import * as gradcheck from "./panels/gradcheck-view.js";
import * as inspector from "./panels/inspector-view.js";
import * as matrix from "./panels/matrix-view.js";
import * as network from "./panels/network-view.js";
import * as phase from "./panels/phase-view.js";
import * as share from "./panels/share-view.js";
import * as viewOptions from "./panels/view-options.js";

export const PANELS = {
  "view-options": viewOptions, share, controls, editor, network, phase, inspector, charts, matrix, gradcheck,
};

export function mountPanels(scope = document, names = Object.keys(PANELS)) {
  for (const name of names) {
    const root = scope.querySelector(`[data-panel="${name}"]`);
    if (root) PANELS[name].mount(root, { play: trainer.toggle });
  }
}

async function loadDatasets() {
  try { update({ datasets: await api.listDatasets() }); } catch { /* the editor falls back to the built-in list */ }
}

async function start() {
  const [presets, link] = await Promise.all([api.listPresets(), decode(location.hash).catch((err) => ({ error: err.message }))]);
  update({ presets });
  if (link?.error) update({ error: link.error });
  if (link && !link.error) {
    update({ view: { ...link.view }, speed: link.speed ?? 10 });
    await actions.openLink(link);
  } else {
    await actions.loadPreset(presets[0].id);
  }
}

async function init() {
  mirrorBusy();
  mountPanels();
  await Promise.all([start(), loadDatasets()]);
  document.body.dataset.ready = "true";
}

init().catch((err) => update({ error: err.message }));
