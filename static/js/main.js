// Entry point of the explorer page: mounts each panel into its container ([data-panel]) and
// loads the starting network: the view in the URL if there is one, else the first preset.
// Panels are independent modules (mount(root)); /embed can mount any subset of them.
import * as actions from "./actions.js";
import * as api from "./api.js";
import { explainRetries, mirrorBusy } from "./busy-flag.js";
import { entry, getState, update } from "./store.js";
import * as trainer from "./trainer.js";
import { decode, decodePayload } from "./url-state.js";
import * as charts from "./panels/charts-view.js";
import * as controls from "./panels/controls-view.js";
import * as editor from "./panels/editor-view.js";
import * as gradcheck from "./panels/gradcheck-view.js";
import * as inspector from "./panels/inspector-view.js";
import * as matrix from "./panels/matrix-view.js";
import * as network from "./panels/network-view.js";
import * as phase from "./panels/phase-view.js";
import * as practice from "./panels/practice-view.js";
import * as share from "./panels/share-view.js";
import { RELOAD_KEY } from "./panels/share-view.js";
import * as viewOptions from "./panels/view-options.js";
import { mountHelp } from "./help.js";
import { mountToggle } from "./theme.js";

export const PANELS = {
  "view-options": viewOptions, share, controls, editor, network, practice, phase, inspector, charts, matrix, gradcheck,
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

/** The view this tab held when it was reloaded, if the URL is still the one it had then. */
function reloadedView() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(RELOAD_KEY) ?? "null");
    sessionStorage.removeItem(RELOAD_KEY);
    return kept && kept.hash === location.hash && kept.payload ? kept.payload : null;
  } catch { return null; }
}

async function start() {
  const kept = reloadedView();
  const link = kept ? await decodePayload(kept) : await decode(location.hash).catch((err) => ({ error: err.message }));
  const presets = await api.listPresets();
  update({ presets });
  let problem = link?.error ?? null;
  if (link && !link.error) {
    update({ view: { ...getState().view, ...link.view }, speed: link.speed ?? getState().speed });
    await actions.openLink(link);
    if (entry() && link.practice) await practice.resume(link.practice);
    if (!entry()) problem = `This link's network was refused: ${getState().error}`;
  }
  if (!entry()) {
    await actions.loadPreset(presets[0].id);
    // Said after the default network is up, so the message stays on screen.
    if (problem) update({ error: `${problem} The default network is shown instead.` });
  }
}

/** A link pasted into this tab's address bar changes only the hash: open it like a new page.
 * (The page's own URL updates use history.replaceState, which fires no hashchange.) */
async function followLink() {
  const link = await decode(location.hash).catch((err) => ({ error: err.message }));
  if (!link) return;
  if (link.error) { update({ error: link.error }); return; }
  const before = entry();
  update({ view: { ...getState().view, ...link.view } });
  await actions.openLink(link);
  if (entry() !== before && link.practice) await practice.resume(link.practice);
  else if (entry() !== before && getState().practice?.on) practice.switchOff();
  if (entry() === before && getState().error) update({ error: `This link's network was refused: ${getState().error} The network on screen is kept.` });
}

async function init() {
  addEventListener("hashchange", followLink);
  mirrorBusy();
  explainRetries();
  mountToggle(document.querySelector("#theme-toggle"));
  mountHelp(document.querySelector("#help-open"));
  // The first screen's panels, then the others a task later: no one long start-up task (the
  // page answers sooner; Lighthouse TBT), and nothing on the first screen moves when they come.
  // start() reads the view kept over a reload at once, before any panel can touch the URL.
  mountPanels(document, ["view-options", "share", "controls", "network", "practice", "phase", "inspector", "charts"]);
  const started = Promise.all([start(), loadDatasets()]);
  await new Promise((resolve) => { setTimeout(resolve, 0); });
  mountPanels(document, ["editor", "matrix", "gradcheck"]);
  await started;
  document.body.dataset.ready = "true";
}

init().catch((err) => update({ error: err.message }));
