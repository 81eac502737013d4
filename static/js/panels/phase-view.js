// The equation of the phase just shown, with its numbers.
import { block } from "../mathml.js";
import { phaseEquations } from "../phase-equations.js";
import { context } from "../quantities.js";
import { whenChanged } from "../schedule.js";
import { entry } from "../store.js";

function render(root, state) {
  const item = entry(state);
  const out = root.querySelector(".phase-body");
  const eq = item?.phase && item.trace && !item.trace.frame ? phaseEquations(context(item, state.view.notation)) : null;
  if (!eq) {
    out.innerHTML = `<p class="hint">Press <kbd>→</kbd> to step phase by phase: forward layer by layer, the loss, backward from the output, then the update.</p>`;
    root.dataset.phase = "";
    return;
  }
  root.dataset.phase = `${item.phase.kind}-${item.phase.layer ?? ""}`;
  out.innerHTML = `<h3 id="phase-title">${eq.title}</h3>${block(eq.lines, eq.title)}${eq.notes.map((n) => `<p class="note">${n}</p>`).join("")}`;
}

export function mount(root) {
  root.innerHTML = `<h2>This phase</h2><div class="phase-body" id="phase-equations"></div>`;
  // Auto-train frames carry no phase: skip re-rendering the hint for each of them.
  whenChanged((state) => [entry(state)?.phase ?? null, entry(state)?.phase ? entry(state) : null, state.view.notation], (state) => render(root, state));
}
