// The notation of an embed in words on screen, whatever panels it shows: the error's name in
// the readout (E_total in seed 004, J in seed 002), and after a step the output unit's
// pre-activation and activation by their names (net_o1, out_o1 in seed 004's worked example).
// The diagram names its units too (network-view's unitNames option, set by embed-panels.js).
import { num } from "./format.js";
import { symbolParts } from "./notation.js";
import { context } from "./quantities.js";
import { whenChanged } from "./schedule.js";
import { entry } from "./store.js";

/** A name (MathML from notation.js) as text with real sub- and superscript elements. */
function symbol(markup) {
  const [base, sub, sup] = symbolParts(markup);
  const span = document.createElement("span");
  span.className = "symbol";
  span.append(base);
  for (const [tag, text] of [["sub", sub], ["sup", sup]]) {
    if (!text) continue;
    const part = document.createElement(tag);
    part.textContent = text;
    span.append(part);
  }
  return span;
}

function focusLine(item, scheme) {
  if (!item?.trace || item.trace.frame) return null;
  const ctx = context(item, scheme);
  if (!ctx.shown("forward", ctx.L)) return null;
  const p = document.createDocumentFragment();
  const put = (name, value) => { p.append(symbol(name), ` = ${num(value)}  `); };
  put(ctx.names.z(ctx.L, 0), ctx.z(ctx.L, 0));
  put(ctx.names.a(ctx.L, 0), ctx.a(ctx.L, 0));
  return p;
}

/** Names the error in the readout (the explorer's "Error E" or the embed bar's) and keeps a
 * line with the first output unit's net and out after each step. */
export function mountNotation(root) {
  const loss = root.querySelector("#loss");
  const label = loss?.previousElementSibling;
  if (!loss || label?.tagName !== "DT") return;
  const line = document.createElement("p");
  line.id = "focus-values";
  line.className = "embed-focus";
  line.setAttribute("aria-live", "polite");
  (loss.closest(".embed-bar, .panel.controls") ?? root).append(line);
  whenChanged((s) => [s.view.notation, entry(s)], (s) => {
    const item = entry(s);
    if (!item) return;
    const ctx = context(item, s.view.notation);
    label.replaceChildren("Error ", symbol(ctx.names.E()));
    const focus = focusLine(item, s.view.notation);
    if (focus) line.replaceChildren(focus); else line.replaceChildren();
  });
}
