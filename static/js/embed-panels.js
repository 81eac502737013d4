// Mounts the explorer's own panel modules (static/js/panels/) into the containers /embed
// rendered for the chosen panels. A panel whose module the explorer does not have yet is
// removed rather than left empty.
import * as charts from "./panels/charts-view.js";
import * as controls from "./panels/controls-view.js";
import * as inspector from "./panels/inspector-view.js";
import * as network from "./panels/network-view.js";
import * as phase from "./panels/phase-view.js";

// "inspector" also shows the equation of the phase just stepped: both explain the numbers.
const PANELS = {
  network: [network],
  inspector: [phase, inspector],
  controls: [controls],
  loss: [charts],
  heatmap: [charts],
};

/** The charts panel holds the loss chart and the heatmap: one container shows the chosen. */
function chartsOnly(root, names) {
  const wanted = names.filter((n) => n === "loss" || n === "heatmap");
  if (!wanted.length) return names;
  const [first, ...rest] = wanted;
  for (const name of rest) root.querySelector(`[data-panel="${name}"]`)?.remove();
  root.querySelector(`[data-panel="${first}"]`)?.setAttribute("data-show", wanted.join(" "));
  return names.filter((n) => !rest.includes(n));
}

export function mountPanels(root, requested, options) {
  const names = chartsOnly(root, requested);
  for (const name of names) {
    const container = root.querySelector(`[data-panel="${name}"]`);
    if (!container) continue;
    const modules = PANELS[name];
    if (!modules) { container.remove(); continue; }
    if (modules.length === 1) { modules[0].mount(container, { ...options, unitNames: name === "network" }); continue; }
    for (const module of modules) {
      const part = document.createElement("div");
      part.className = "embed-part";
      container.append(part);
      module.mount(part, options);
    }
  }
}
