// What an embed shows from the start: the dataset's points (the data plot, and whether the data
// are 1-D or 2-D) and the heatmaps (the output over the input plane or the 1-D fit curve, and
// each hidden unit's map in the diagram). The server writes them into the page (boot.starting,
// app/routes/embed.py), so the heatmap is drawn before any step and a page of many embeds
// makes no burst of requests.
import { primeWith } from "./panels/charts-view.js";
import { entry, update } from "./store.js";

export function showStartingData(starting) {
  if (!starting) return;
  update({ points: starting.points, grid: starting.grid ?? null, hiddenGrids: starting.hidden_grids ?? null });
  primeWith(entry());
}
