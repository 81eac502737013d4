// The embed's own small bar for the step-only and none control sets: a Step button (and →)
// for step-only, and the iteration / error readout. The full set is the explorer's own
// controls panel (panels/controls-view.js).
import { num } from "./format.js";
import { entry, getState, subscribe } from "./store.js";

export function bindStepOnly(root, actions, report) {
  const run = () => actions.step("iteration").catch(report);
  root.querySelector("#step")?.addEventListener("click", run);
  document.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowRight" || event.target.closest("input, select, textarea")) return;
    event.preventDefault();
    run();
  });
}

export function mountReadout(root) {
  const q = (id) => root.querySelector(`#${id}`);
  if (!q("iteration")) return;
  const render = (state) => {
    const item = entry(state);
    q("iteration").textContent = item ? item.doc.iteration : "0";
    q("epoch").textContent = item ? item.doc.epoch : "0";
    q("loss").textContent = num(item?.metrics?.train_loss);
    q("message").textContent = state.error;
  };
  subscribe(render);
  render(getState());
}
