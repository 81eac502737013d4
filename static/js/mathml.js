// A tiny MathML (Core) string builder: the inspector and the phase panel render equations
// with real numbers in them. Every builder returns markup; text is escaped.

const escape = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export const mi = (s) => `<mi>${escape(s)}</mi>`;
export const mn = (s) => `<mn>${escape(s)}</mn>`;
export const mo = (s) => `<mo>${escape(s)}</mo>`;
export const mtext = (s) => `<mtext>${escape(s)}</mtext>`;
export const row = (...parts) => `<mrow>${parts.join("")}</mrow>`;
export const sub = (base, subscript) => `<msub>${base}${subscript}</msub>`;
export const sup = (base, superscript) => `<msup>${base}${superscript}</msup>`;
export const subsup = (base, s, p) => `<msubsup>${base}${s}${p}</msubsup>`;
export const frac = (top, bottom) => `<mfrac>${top}${bottom}</mfrac>`;
export const paren = (...parts) => row(mo("("), ...parts, mo(")"));
export const partial = (f, x) => frac(row(mo("∂"), f), row(mo("∂"), x));

/** A signed number as MathML; negatives get brackets when they follow an operator. */
export function number(text, bracketNegative = false) {
  const negative = text.startsWith("−");
  const body = mn(text);
  return negative && bracketNegative ? paren(body) : body;
}

/** Join parts with an operator. */
export const join = (parts, op) => parts.flatMap((p, i) => (i ? [mo(op), p] : [p])).join("");

/** One display line `lhs = rhs₁ = rhs₂ …` as pieces that wrap at their "=" signs: `lhs = rhs₁`,
 * `= rhs₂`, … (MathML Core does not break lines, and a long line must never be cut). */
function pieces(parts) {
  const out = [];
  let current = [];
  let hasEquals = false;
  for (const part of parts) {
    if (part === EQUALS && hasEquals && current.length) { out.push(current); current = []; }
    if (part === EQUALS) hasEquals = true;
    current.push(part);
  }
  if (current.length) out.push(current);
  return out;
}
const EQUALS = mo("=");

/** Display lines, one per row, each wrapping between its pieces when the panel is narrow. */
export function block(lines, label = "") {
  const rows = lines.map((line) => `<div class="eq-line">${pieces(line).map((p) => `<math display="inline">${row(...p)}</math>`).join("")}</div>`).join("");
  return `<div class="eq" role="group" aria-label="${escape(label)}">${rows}</div>`;
}
