// The embed's own small bar for the step-only and none control sets: a Step button (and →)
// for step-only, and the iteration / error readout. The full set is the explorer's own
// controls panel (panels/controls-view.js).
import { num } from "./format.js";
import { phaseTitle } from "./quantities.js";
import { entry, getState, subscribe } from "./store.js";

/** Step ▸ runs a whole iteration; the keys step as in the explorer: → one phase (forward layer
 * by layer, the loss, backward, the update), Shift+→ a whole iteration. */
export function bindStepOnly(root, actions, report) {
  const run = (unit) => actions.step(unit).catch(report);
  root.querySelector("#step")?.addEventListener("click", () => run("iteration"));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" || event.target.closest("input, select, textarea")) return;
    event.preventDefault();
    run(event.shiftKey ? "iteration" : "phase");
  });
}

export function mountReadout(root) {
  const bar = root.querySelector(".embed-bar"); // the full set's readout is the controls panel's own
  const q = (id) => bar?.querySelector(`#${id}`);
  if (!q("iteration")) return;
  const render = (state) => {
    const item = entry(state);
    q("iteration").textContent = item ? item.doc.iteration : "0";
    q("epoch").textContent = item ? item.doc.epoch : "0";
    q("loss").textContent = num(item?.metrics?.train_loss);
    q("message").textContent = state.error;
    const phase = q("phase-name");
    if (phase) phase.textContent = item?.phase ? phaseTitle(item.phase) : "whole iteration";
  };
  subscribe(render);
  render(getState());
}
