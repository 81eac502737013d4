// Stepping controls: buttons and keys for every action, the readout, the history scrubber
// and the auto-train speed.
import * as actions from "../actions.js";
import { setText } from "../dom.js";
import { num } from "../format.js";
import { phaseList, phaseTitle, sizesOf } from "../quantities.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
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
    <div id="diverged" class="diverged" role="alert" hidden>
      <p id="diverged-text"></p>
      <button type="button" id="btn-lower-eta">Lower η</button>
    </div>
    <p id="notice" class="notice" role="status" aria-live="polite"></p>
    <p id="message" class="message" role="alert"></p>`;
  root.querySelector("#btn-lower-eta").addEventListener("click", () => {
    const eta = loweredRate(entry()?.doc.config.learning_rate);
    actions.changeSettings({ learning_rate: eta }, `η is now ${num(eta)}: press Play (or step) to go on from here.`);
  });
  const handlers = {
    back: actions.stepBack, phase: actions.stepPhase, iteration: actions.stepIteration,
    epoch: actions.stepEpoch, play, reset: actions.reset,
  };
  for (const [id] of BUTTONS) root.querySelector(`#btn-${id}`).addEventListener("click", () => handlers[id]());
  root.querySelector("#scrubber").addEventListener("input", (event) => jumpTo(Number(event.target.value)));
  root.querySelector("#speed").addEventListener("input", (event) => update({ speed: SPEEDS[Number(event.target.value)] }));
  bindKeys(handlers);
  // While training, the numbers follow a few times a second (text changes force layout).
  whenChanged((s) => (s.playing ? [slowWhilePlaying(s), s.speed, s.notice, s.error] : [s]), (state) => render(root, state));
}

function bindKeys(handlers) {
  document.addEventListener("keydown", (event) => {
    // Keys typed into a field or a slider are theirs; a checkbox (kept focused after an edit) lets → and ← through.
    if (event.target.closest("input:not([type=checkbox]), select, textarea, [contenteditable]") || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key;
    let action = null;
    if (key === "ArrowRight") action = event.shiftKey ? "iteration" : "phase";
    else if (key === "ArrowLeft") action = "back";
    else if (key === " " && !event.target.closest("button, [role=button], input")) action = "play";
    else if (key === "r" || key === "R") action = "reset";
    else if (key === "e" || key === "E") action = "epoch";
    if (!action) return;
    event.preventDefault();
    handlers[action]();
  });
}

/** A tenth of η, rounded to one significant digit (10 → 1, 0.5 → 0.05). */
function loweredRate(eta) {
  const tenth = eta / 10;
  return Number(tenth.toPrecision(1));
}

/** Why a run diverged and the way out, in words a student can act on. */
function renderDivergence(root, item, playing) {
  const box = root.querySelector("#diverged");
  const diverged = item?.doc.status === "diverged" && !playing;
  // "Lower η" hides the box it sits in: its focus goes to Play, the next step, not to the page's top.
  if (!diverged && !box.hidden && box.contains(document.activeElement)) root.querySelector("#btn-play").focus();
  box.hidden = !diverged;
  if (!diverged) return;
  const eta = item.doc.config.learning_rate;
  setText(root.querySelector("#diverged-text"),
    `Training diverged at iteration ${item.doc.iteration + 1}: the error or a weight grew too large to compute. ` +
    `The learning rate η = ${num(eta)} is too large for this network: each step overshoots, so the error grows ` +
    "instead of shrinking. Lower η and press Play to go on, or press ← Back to a state before it diverged.");
  setText(root.querySelector("#btn-lower-eta"), `Lower η to ${num(loweredRate(eta))}`);
}

function render(root, state) {
  const item = entry(state);
  const q = (sel) => root.querySelector(sel);
  setText(q("#iteration"), item ? item.doc.iteration : "0");
  setText(q("#epoch"), item ? item.doc.epoch : "0");
  const L = item ? sizesOf(item.doc).length - 1 : 1;
  const next = item ? phaseList(L)[item.doc.phase] : null;
  setText(q("#phase-name"), item?.phase ? `${phaseTitle(item.phase)} (next: ${phaseTitle(next)})` : item ? `next: ${phaseTitle(next)}` : "–");
  setText(q("#loss"), num(item?.metrics?.train_loss));
  setText(q("#test-loss"), num(item?.metrics?.test_loss));
  const scrubber = q("#scrubber");
  scrubber.max = Math.max(0, state.history.length - 1);
  scrubber.value = state.cursor;
  setText(q("#history-pos"), `${state.cursor + 1} / ${state.history.length}`);
  const speedIndex = SPEEDS.indexOf(state.speed);
  q("#speed").value = speedIndex;
  setText(q("#speed-label"), state.speed === "max" ? "full speed" : `${state.speed} it/s`);
  setText(q("#btn-play"), state.playing ? "Pause ❚❚" : "Play ▶");
  q("#btn-play").setAttribute("aria-pressed", String(state.playing));
  q("#btn-back").disabled = state.cursor <= 0;
  setText(q("#notice"), state.notice);
  renderDivergence(root, item, state.playing);
  setText(q("#message"), state.error);
  // Seed 004 prints 0.291027924 here, but its own updated weights give 0.291027774.
  q("#slip").textContent = item?.doc.dataset.name === "mazur" && item.doc.iteration === 1 && item.doc.phase === 0
    ? "The tutorial prints 0.291027924 for this error; its own updated weights give 0.291027774, shown here." : "";
}
