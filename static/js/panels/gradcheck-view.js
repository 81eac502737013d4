// Gradient check on the current state: backprop's ∂E/∂θ against central differences.
import { queued } from "../actions.js";
import * as api from "../api.js";
import { setHtml } from "../dom.js";
import { num } from "../format.js";
import { plain } from "../notation.js";
import { context } from "../quantities.js";
import { whenChanged } from "../schedule.js";
import { entry, update } from "../store.js";

const MAX_ROWS = 300;

const run = () => queued(async () => {
  const item = entry();
  if (!item) return;
  update({ gradcheck: { pending: true } });
  try {
    const result = await api.gradcheck(item.doc);
    update({ gradcheck: entry() === item ? { ...result, for: item } : null }); // else: the state moved on
  } catch (err) {
    update({ gradcheck: null, error: `Gradient check: ${err.message}` });
  }
});

function verdict(max) {
  if (max === null || max === undefined) return "not finite";
  return max < 1e-7 ? "excellent agreement" : max < 1e-4 ? "good agreement" : "large: something is off (or a kink in ReLU)";
}

function render(root, state) {
  const out = root.querySelector(".gradcheck-body");
  const g = state.gradcheck;
  const item = entry(state);
  if (!g || !item || (g.for && g.for !== item)) { setHtml(out, `<p class="hint">Compares every analytic gradient with (E(θ+ε) − E(θ−ε)) / 2ε on the current batch.</p>`); return; }
  if (g.pending) { setHtml(out, `<p class="hint">Checking…</p>`); return; }
  const names = context(item, state.view.notation).names;
  const rows = g.entries.slice(0, MAX_ROWS).map((e) => {
    // Seed 004 names a layer's shared bias once (b1): each unit's own bias gets its unit too.
    const name = e.kind === "W" ? plain(names.w(e.layer, e.j, e.i))
      : `${plain(names.b(e.layer, e.j))} (${plain(names.unit(e.layer, e.j))})`;
    return `<tr><th scope="row">${name}</th><td>${num(e.analytic)}</td><td>${num(e.numeric)}</td><td>${num(e.rel_error)}</td></tr>`;
  }).join("");
  setHtml(out, `<p>Largest relative error: <strong id="gradcheck-max">${num(g.max_rel_error)}</strong> — ${verdict(g.max_rel_error)}</p>
    <div class="table-scroll"><table class="gradcheck-table"><thead><tr><th scope="col">parameter</th><th scope="col">backprop</th><th scope="col">numeric</th><th scope="col">rel. error</th></tr></thead>
    <tbody>${rows}</tbody></table></div>${g.entries.length > MAX_ROWS ? `<p class="note">First ${MAX_ROWS} of ${g.entries.length} parameters.</p>` : ""}`);
}

export function mount(root) {
  root.innerHTML = `<h2>Gradient check</h2><button type="button" id="gradcheck-run">Check gradients</button><div class="gradcheck-body" aria-live="polite"></div>`;
  root.querySelector("#gradcheck-run").addEventListener("click", run);
  whenChanged((s) => [s.gradcheck, s.view.notation, s.history[s.cursor]], (s) => render(root, s));
}
