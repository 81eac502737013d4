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

/** One display line `lhs = rhs₁ = rhs₂ …` as pieces that wrap: at its "=" signs (`lhs = rhs₁`,
 * `= rhs₂`, …) and, in a long right-hand side, before a top-level +, − or × (MathML Core does
 * not break lines, and a long line must never be cut). */
function pieces(line) {
  const parts = line.flatMap(flatten);
  const out = [];
  let current = [];
  let hasEquals = false;
  for (const part of parts) {
    const breakHere = hasEquals && (part === EQUALS || BREAKS.has(part));
    if (breakHere && current.length) { out.push(current); current = []; }
    if (part === EQUALS) hasEquals = true;
    current.push(part);
  }
  if (current.length) out.push(current);
  // An operator that starts a piece is still binary: spaced as infix, not as a sign (−0.5).
  return out.map((piece, k) => (k ? [piece[0].replace("<mo>", '<mo form="infix">'), ...piece.slice(1)] : piece));
}
const EQUALS = mo("=");
const BREAKS = new Set([mo("+"), mo("−"), mo("×")]);
const TAG = /<(\/?)([a-z]+)[^>]*?(\/?)>/g;

/** The top-level elements of a markup string, with <mrow> groups (sums made by join, bracketed
 * sums) opened up into their elements, so a break can fall between them. */
function flatten(markup) {
  const out = [];
  let depth = 0, start = 0, match;
  const re = new RegExp(TAG.source, "g");
  while ((match = re.exec(markup))) {
    if (match[3]) continue; // a self-closing tag
    depth += match[1] ? -1 : 1;
    if (depth !== 0) continue;
    const element = markup.slice(start, re.lastIndex);
    start = re.lastIndex;
    if (element.startsWith("<mrow>") && element.endsWith("</mrow>")) out.push(...flatten(element.slice(6, -7)));
    else out.push(element);
  }
  if (start < markup.length) out.push(markup.slice(start));
  return out;
}

/** Display lines, one per row, each wrapping between its pieces when the panel is narrow. */
export function block(lines, label = "") {
  // Pieces from one "=" to the next form a segment (an inline-block): a line breaks at an "="
  // first, and inside a segment only when the segment alone is wider than the panel.
  // <wbr>: a break opportunity that adds no text (copied text stays whole).
  const line = (parts) => {
    const segments = [];
    for (const piece of pieces(parts)) {
      if (!segments.length || piece[0].endsWith(">=</mo>")) segments.push([]);
      segments.at(-1).push(`<math>${row(...piece)}</math>`);
    }
    return `<div class="eq-line">${segments.map((s) => `<span class="eq-seg">${s.join("<wbr>")}</span>`).join("<wbr>")}</div>`;
  };
  return `<div class="eq" role="group" aria-label="${escape(label)}">${lines.map(line).join("")}</div>`;
}
