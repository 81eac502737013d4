// Mounts the explorer's panel modules into the containers /embed rendered for the chosen
// panels. Each entry takes (container, store) and subscribes to the store itself.
import { renderLegend, renderNetwork } from "./network-view.js";

const PANELS = {
  network(container, store) {
    const svg = container.querySelector("svg");
    renderLegend(container.querySelector(".legend"));
    store.subscribe((s) => renderNetwork(svg, s));
  },
};

export function mountPanels(root, names, store) {
  for (const name of names) {
    const container = root.querySelector(`[data-panel="${name}"]`);
    if (container && PANELS[name]) PANELS[name](container, store);
  }
}
