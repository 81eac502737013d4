// Controls panel: Step / Reset buttons, keyboard shortcuts, and the iteration / error readout.
import { fmt } from "./network-view.js";

export function bindControls({ onStep, onReset }) {
  document.getElementById("step").addEventListener("click", onStep);
  document.getElementById("reset").addEventListener("click", onReset);
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea")) return;
    if (event.key === "ArrowRight") { event.preventDefault(); onStep(); }
    if (event.key === "r" || event.key === "R") onReset();
  });
}

export function renderReadout({ state, trace, metrics, error }) {
  document.getElementById("iteration").textContent = state ? state.iteration : "0";
  document.getElementById("epoch").textContent = state ? state.epoch : "0";
  // The error shown is the total error of the current parameters (before the next update).
  document.getElementById("loss").textContent = metrics ? fmt(metrics.train_loss, 9) : "–";
  document.getElementById("message").textContent = error || (trace?.status === "diverged" ? "Training diverged: the last finite parameters are kept." : "");
}
