// Inspector: the selected unit, bias or weight derived by the chain rule with the current
// numbers substituted (MathML). A weight or bias can be typed in here.
import { continueWith } from "../actions.js";
import { biasDerivation, nodeDerivation, weightDerivation } from "../chain-rule.js";
import { num, parseNumber } from "../format.js";
import { block } from "../mathml.js";
import { plain } from "../notation.js";
import { context } from "../quantities.js";
import { slowWhilePlaying, whenChanged } from "../schedule.js";
import { entry, update } from "../store.js";

function derivation(ctx, sel) {
  if (sel.type === "edge") return weightDerivation(ctx, sel.l, sel.j, sel.i);
  if (sel.type === "bias") return biasDerivation(ctx, sel.l, sel.j);
  return nodeDerivation(ctx, sel.l, sel.j);
}

function valid(sel, sizes) {
  if (!sel || sel.l >= sizes.length || sel.j >= sizes[sel.l]) return false;
  return sel.type !== "edge" || sel.i < sizes[sel.l - 1];
}

function editor(sel, doc) {
  if (sel.type === "node") return "";
  const value = sel.type === "edge" ? doc.params.weights[sel.l - 1][sel.j][sel.i] : doc.params.biases[sel.l - 1][sel.j];
  return `<form class="param-edit"><label>Set ${sel.type === "edge" ? "weight" : "bias"}
    <input id="param-value" inputmode="decimal" value="${num(value)}" aria-label="Type a new ${sel.type === "edge" ? "weight" : "bias"} value"></label>
    <button type="submit">Apply</button></form>`;
}

/** Incoming weights as buttons: the keyboard route to every edge. */
function incoming(ctx, sel) {
  if (sel.type !== "node" || sel.l === 0) return "";
  const buttons = Array.from({ length: ctx.sizes[sel.l - 1] }, (_, i) =>
    `<button type="button" class="chip" data-edge="${sel.l}-${sel.j}-${i}">${plain(ctx.names.w(sel.l, sel.j, i))}</button>`).join("");
  return `<div class="incoming" aria-label="Incoming weights">Weights in: ${buttons}
    <button type="button" class="chip" data-bias="${sel.l}-${sel.j}">${plain(ctx.names.b(sel.l, sel.j))}</button></div>`;
}

function applyEdit(input, sel) {
  const value = parseNumber(input.value);
  if (value === null) { update({ error: "Type a number, e.g. 0.4 or −1.25" }); return; }
  const doc = structuredClone(entry().doc);
  if (sel.type === "edge") doc.params.weights[sel.l - 1][sel.j][sel.i] = value;
  else doc.params.biases[sel.l - 1][sel.j] = value;
  doc.phase = 0;
  continueWith(doc, `Set to ${num(value)}; the next step uses it.`);
}

let focusHeading = false;

function render(root, state) {
  const item = entry(state);
  const sel = state.selection;
  const body = root.querySelector(".inspector-body");
  if (!item || !sel) {
    body.innerHTML = `<p class="hint">Click a unit, an edge or a bias square in the diagram (or focus a unit and press Enter) to see how its value follows from the chain rule.</p>`;
    return;
  }
  const ctx = context(item, state.view.notation);
  if (!valid(sel, ctx.sizes)) { body.innerHTML = ""; return; }
  const d = derivation(ctx, sel);
  body.innerHTML = `<h3 tabindex="-1">${d.title}</h3>${d.lines.length ? block(d.lines, d.title) : ""}
    ${d.notes.map((note) => `<p class="note">${note}</p>`).join("")}${incoming(ctx, sel)}${editor(sel, item.doc)}`;
  body.querySelector("form")?.addEventListener("submit", (event) => {
    event.preventDefault();
    applyEdit(body.querySelector("#param-value"), sel);
  });
  // A chip is replaced when the inspector redraws: keyboard focus moves to the new heading,
  // not to the top of the page.
  body.querySelectorAll("[data-edge]").forEach((b) => b.addEventListener("click", () => {
    const [l, j, i] = b.dataset.edge.split("-").map(Number);
    focusHeading = true;
    update({ selection: { type: "edge", l, j, i } });
  }));
  body.querySelectorAll("[data-bias]").forEach((b) => b.addEventListener("click", () => {
    const [l, j] = b.dataset.bias.split("-").map(Number);
    focusHeading = true;
    update({ selection: { type: "bias", l, j } });
  }));
  if (focusHeading) {
    focusHeading = false;
    body.querySelector("h3")?.focus();
  }
}

export function mount(root) {
  root.innerHTML = `<h2>Inspector</h2><div class="inspector-body" id="inspector" aria-live="polite"></div>`;
  whenChanged((state) => [state.selection, slowWhilePlaying(state), state.view.notation], (state) => render(root, state));
}
