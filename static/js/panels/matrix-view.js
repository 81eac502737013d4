// Matrix view of one layer: W, b, δ (focus example) and ∂E/∂W, ∂E/∂b (batch), each cell
// coloured with the diverging palette.
import { short } from "../format.js";
import { colourCss, diverging, maxAbs } from "../palette.js";
import { plain } from "../notation.js";
import { context } from "../quantities.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, getState, setView } from "../store.js";

const cellColour = (value, scale) => (value !== null && value !== undefined ? diverging(value * 0.6, scale) : colourCss(-3)); // the theme's "not computed yet"
const cellText = (value) => (value !== null && value !== undefined ? short(value) : "·");

function table(caption, columns, rowNames) {
  const head = `<tr><th></th>${columns.map((c) => `<th scope="col">${c}</th>`).join("")}</tr>`;
  const body = rowNames.map((name) => `<tr><th scope="row">${name}</th>${columns.map(() => "<td></td>").join("")}</tr>`).join("");
  return `<table class="matrix"><caption>${caption}</caption>${head}${body}</table>`;
}

/** Write the values into a table's cells, touching only cells whose text or colour changed
 * (the tables are rebuilt only when their shape or labels change, not on every frame). */
function fill(tableEl, values) {
  const scale = maxAbs(values);
  const cells = tableEl.querySelectorAll("td");
  let k = 0;
  for (const row of values) {
    for (const v of row) {
      const td = cells[k++];
      const text = cellText(v), colour = cellColour(v, scale);
      if (td.textContent !== text) td.textContent = text;
      if (td.dataset.bg !== colour) { td.dataset.bg = colour; td.style.background = colour; }
    }
  }
}

function render(root, state) {
  const item = entry(state);
  const out = root.querySelector(".matrix-body");
  const select = root.querySelector("#matrix-layer");
  if (!item) return;
  const ctx = context(item, state.view.notation);
  const L = ctx.L;
  if (select.options.length !== L) select.replaceChildren(...Array.from({ length: L }, (_, k) => new Option(k + 1 === L ? `${k + 1} (output)` : `${k + 1}`, k + 1)));
  const l = Math.min(state.view.matrixLayer, L);
  select.value = l;
  const N = ctx.names;
  const js = Array.from({ length: ctx.sizes[l] }, (_, j) => j);
  const is = Array.from({ length: ctx.sizes[l - 1] }, (_, i) => i);
  const rowNames = js.map((j) => plain(N.a(l, j)).replace(/^out_|^a_?/, "") || `${j + 1}`);
  const colNames = is.map((i) => plain(N.a(l - 1, i)).replace(/^out_|^a_?/, "") || `${i + 1}`);
  const W = item.doc.params.weights[l - 1];
  const b = item.doc.params.biases[l - 1];
  const shown = ctx.trace && !ctx.trace.frame && ctx.shown("backward", l);
  const layer = ctx.trace?.layers?.[l - 1];
  const delta = js.map((j) => [layer?.delta && (ctx.trace.frame || shown) ? layer.delta[j] : null]);
  const gradW = js.map((j) => is.map((i) => (shown ? layer.grad_w[j][i] : null)));
  const gradB = js.map((j) => [shown ? layer.grad_b[j] : null]);
  const tables = [
    [`W(${l}) — weights into layer ${l}`, colNames, W],
    ["b", ["b"], js.map((j) => [b[j]])],
    ["δ (focus)", ["δ"], delta],
    [`∂E/∂W(${l})`, colNames, gradW],
    ["∂E/∂b", ["∂b"], gradB],
  ];
  const shape = JSON.stringify([tables.map(([caption, columns]) => [caption, columns]), rowNames]);
  if (out.dataset.shape !== shape) {
    out.innerHTML = `<div class="matrices">${tables.map(([caption, columns]) => table(caption, columns, rowNames)).join("")}</div>`;
    out.dataset.shape = shape;
  }
  out.querySelectorAll("table.matrix").forEach((t, k) => fill(t, tables[k][2]));
  const note = root.querySelector(".matrix-note");
  const why = ctx.live ? "∂E/∂W and ∂E/∂b are the batch's: step (→) to compute them (auto-training shows the live δ only)."
    : !shown ? `∂E/∂W and ∂E/∂b appear in the phase “backward, layer ${l}”.` : "";
  if (note.textContent !== why) note.textContent = why;
}

export function mount(root) {
  root.innerHTML = `<h2>Matrix view</h2><label>Layer <select id="matrix-layer" aria-label="Layer shown as matrices"></select></label>
    <div class="matrix-body" id="matrix"></div><p class="note matrix-note"></p>`;
  root.querySelector("#matrix-layer").addEventListener("change", (e) => setView({ matrixLayer: Number(e.target.value) }));
  whenChanged((state) => [slowWhilePlaying(state), state.view.notation, state.view.matrixLayer], (state) => render(root, state));
  document.addEventListener("bpx:theme", () => render(root, getState())); // cell colours follow the theme
}
