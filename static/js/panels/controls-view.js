// Stepping controls: buttons and keys for every action, the readout, the history scrubber
// and the auto-train speed.
import * as actions from "../actions.js";
import { num } from "../format.js";
import { phaseList, phaseTitle, sizesOf } from "../quantities.js";
import { whenChanged } from "../schedule.js";
import { entry, jumpTo, update } from "../store.js";

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500, "max"];

const BUTTONS = [
  ["back", "← Back", "ArrowLeft", "Step back to the previous state (←)"],
  ["phase", "Phase →", "ArrowRight", "Next phase: forward, loss, backward, update (→)"],
  ["iteration", "Iteration ⇥", "Shift+ArrowRight", "Next whole iteration (Shift+→)"],
  ["epoch", "Epoch ⇉", "e", "One epoch (E)"],
  ["play", "Play ▶", "Space", "Auto-train: play or pause (Space)"],
  ["reset", "Reset ⟲", "r", "Reset to the starting weights (R)"],
];

export function mount(root, { play }) {
  root.innerHTML = `
    <div class="buttons" role="toolbar" aria-label="Stepping">${BUTTONS.map(([id, label, key, title]) =>
      `<button id="btn-${id}" type="button" aria-keyshortcuts="${key}" title="${title}">${label}</button>`).join("")}</div>
    <dl class="readout">
      <dt>Iteration</dt><dd id="iteration">0</dd>
      <dt>Epoch</dt><dd id="epoch">0</dd>
      <dt>Phase</dt><dd id="phase-name">–</dd>
      <dt>Error E</dt><dd id="loss">–</dd>
      <dt>Test E</dt><dd id="test-loss">–</dd>
    </dl>
    <p id="slip" class="note"></p>
    <label class="field">History <span id="history-pos"></span>
      <input id="scrubber" type="range" min="0" max="0" value="0" aria-label="History: return to an earlier state"></label>
    <label class="field">Speed <span id="speed-label"></span>
      <input id="speed" type="range" min="0" max="${SPEEDS.length - 1}" value="3" aria-label="Auto-train speed"></label>
    <p id="notice" class="notice" role="status" aria-live="polite"></p>
    <p id="message" class="message" role="alert"></p>`;
  const handlers = {
    back: actions.stepBack, phase: actions.stepPhase, iteration: actions.stepIteration,
    epoch: actions.stepEpoch, play, reset: actions.reset,
  };
  for (const [id] of BUTTONS) root.querySelector(`#btn-${id}`).addEventListener("click", () => handlers[id]());
  root.querySelector("#scrubber").addEventListener("input", (event) => jumpTo(Number(event.target.value)));
  root.querySelector("#speed").addEventListener("input", (event) => update({ speed: SPEEDS[Number(event.target.value)] }));
  bindKeys(handlers);
  whenChanged((state) => [state], (state) => render(root, state));
}

function bindKeys(handlers) {
  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea, [contenteditable]") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    let action = null;
    if (key === "ArrowRight") action = event.shiftKey ? "iteration" : "phase";
    else if (key === "ArrowLeft") action = "back";
    else if (key === " " && !event.target.closest("button, [role=button]")) action = "play";
    else if (key === "r" || key === "R") action = "reset";
    else if (key === "e" || key === "E") action = "epoch";
    if (!action) return;
    event.preventDefault();
    handlers[action]();
  });
}

function render(root, state) {
  const item = entry(state);
  const q = (sel) => root.querySelector(sel);
  q("#iteration").textContent = item ? item.doc.iteration : "0";
  q("#epoch").textContent = item ? item.doc.epoch : "0";
  const L = item ? sizesOf(item.doc).length - 1 : 1;
  const next = item ? phaseList(L)[item.doc.phase] : null;
  q("#phase-name").textContent = item?.phase ? `${phaseTitle(item.phase)} (next: ${phaseTitle(next)})` : item ? `next: ${phaseTitle(next)}` : "–";
  q("#loss").textContent = num(item?.metrics?.train_loss);
  q("#test-loss").textContent = num(item?.metrics?.test_loss);
  const scrubber = q("#scrubber");
  scrubber.max = Math.max(0, state.history.length - 1);
  scrubber.value = state.cursor;
  q("#history-pos").textContent = `${state.cursor + 1} / ${state.history.length}`;
  const speedIndex = SPEEDS.indexOf(state.speed);
  q("#speed").value = speedIndex;
  q("#speed-label").textContent = state.speed === "max" ? "full speed" : `${state.speed} it/s`;
  q("#btn-play").textContent = state.playing ? "Pause ❚❚" : "Play ▶";
  q("#btn-play").setAttribute("aria-pressed", String(state.playing));
  q("#btn-back").disabled = state.cursor <= 0;
  q("#notice").textContent = state.notice || (item?.doc.status === "diverged" ? "Training diverged: the last finite parameters are kept." : "");
  q("#message").textContent = state.error;
  // Seed 004 prints 0.291027924 here, but its own updated weights give 0.291027774.
  q("#slip").textContent = item?.doc.dataset.name === "mazur" && item.doc.iteration === 1 && item.doc.phase === 0
    ? "The tutorial prints 0.291027924 for this error; its own updated weights give 0.291027774, shown here." : "";
}
