// Matrix view of one layer: W, b, δ (focus example) and ∂E/∂W, ∂E/∂b (batch), each cell
// coloured with the diverging palette.
import { short } from "../format.js";
import { diverging, maxAbs } from "../palette.js";
import { plain } from "../notation.js";
import { context } from "../quantities.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, setView } from "../store.js";

function cell(value, scale) {
  const ok = value !== null && value !== undefined;
  return `<td style="background:${ok ? diverging(value * 0.6, scale) : "#f0f0f0"}">${ok ? short(value) : "·"}</td>`;
}

function table(caption, rows, columns, values, rowNames) {
  const scale = maxAbs(values);
  const head = `<tr><th></th>${columns.map((c) => `<th scope="col">${c}</th>`).join("")}</tr>`;
  const body = rows.map((r, j) => `<tr><th scope="row">${rowNames[j]}</th>${values[j].map((v) => cell(v, scale)).join("")}</tr>`).join("");
  return `<table class="matrix"><caption>${caption}</caption>${head}${body}</table>`;
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
  out.innerHTML = `<div class="matrices">
    ${table(`W(${l}) — weights into layer ${l}`, js, colNames, W, rowNames)}
    ${table("b", js, ["b"], js.map((j) => [b[j]]), rowNames)}
    ${table("δ (focus)", js, ["δ"], delta, rowNames)}
    ${table(`∂E/∂W(${l})`, js, colNames, gradW, rowNames)}
    ${table("∂E/∂b", js, ["∂b"], gradB, rowNames)}</div>`;
}

export function mount(root) {
  root.innerHTML = `<h2>Matrix view</h2><label>Layer <select id="matrix-layer" aria-label="Layer shown as matrices"></select></label>
    <div class="matrix-body" id="matrix"></div>`;
  root.querySelector("#matrix-layer").addEventListener("change", (e) => setView({ matrixLayer: Number(e.target.value) }));
  whenChanged((state) => [slowWhilePlaying(state), state.view.notation, state.view.matrixLayer], (state) => render(root, state));
}
