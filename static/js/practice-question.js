// Practice mode's words and formulas: a question, the numbers it needs and the hints, written
// in the chosen notation (notation.js) as MathML. Pure functions of data: no DOM, no requests.
// Quantities and references are as engine/practice.py names them.
import { num } from "./format.js";
import { frac, join, mi, mn, mo, number, paren, partial, row, sub, sup } from "./mathml.js";
import { plain, updated } from "./notation.js";
import { directDelta } from "./quantities.js";

export const KIND_TITLES = {
  z: "net inputs z", a: "outputs a", E: "errors E", dEda: "∂E/∂a", delta: "δ", grad_w: "∂E/∂w", w_after: "updated weights",
};

const MAX_TERMS = 4;
const math = (markup) => `<math>${markup}</math>`;

/** Parse "kind:l-j[-i]" (or "E") into {kind, l, j, i}. */
export function parseId(id, L) {
  if (id === "E") return { kind: "E", l: L, j: 0, i: 0 };
  const [kind, where] = id.split(":");
  const [l, j, i = 0] = where.split("-").map(Number);
  return { kind, l, j, i };
}

/** The symbol of a quantity in the notation N. */
export function symbolOf(N, q) {
  switch (q.kind) {
    case "z": return N.z(q.l, q.j);
    case "a": return N.a(q.l, q.j);
    case "E": return N.E();
    case "dEda": return partial(N.E(), N.a(q.l, q.j));
    case "delta": return N.delta(q.l, q.j);
    case "grad_w": return partial(N.E(), N.w(q.l, q.j, q.i));
    default: return updated(N.w(q.l, q.j, q.i));
  }
}

/** The symbol of a reference (["w", l, j, i], ["eta"], …) of a question's inputs or hints. */
export function refSymbol(N, ref) {
  const [name, l, j, i] = ref;
  switch (name) {
    case "w": return N.w(l, j, i);
    case "a": return N.a(l, j);
    case "z": return N.z(l, j);
    case "b": return N.b(l, j);
    case "t": return N.t(j);
    case "eta": return N.eta();
    case "delta": return N.delta(l, j);
    case "dEda": return partial(N.E(), N.a(l, j));
    case "slope": return partial(N.a(l, j), N.z(l, j));
    case "wa": return row(N.w(l, j, i), mo("·"), N.a(l - 1, i));
    case "Ek": return row(mtextOf("share of "), N.a(l, j), mtextOf(" in "), N.E());
    case "grad_w": return partial(N.E(), N.w(l, j, i));
    default: return mi(name);
  }
}

const mtextOf = (s) => `<mtext>${s}</mtext>`;

/** `symbol = value` as one inline <math>. */
export const refLine = (N, ref, value) => math(row(refSymbol(N, ref), mo("="), number(num(value))));

/** `quantity = value` as one inline <math>. */
export const valueLine = (N, q, value) => math(row(symbolOf(N, q), mo("="), number(num(value))));

function forwardSum(N, sizes, l, j) {
  const is = Array.from({ length: sizes[l - 1] }, (_, i) => i);
  const terms = is.length <= MAX_TERMS ? is.map((i) => row(N.w(l, j, i), mo("·"), N.a(l - 1, i)))
    : [row(sub(mo("Σ"), mi("i")), mi("w"), mo("·"), mi("a"))];
  return join([...terms, N.b(l, j)], "+");
}

function deltaFactors(N, ctx, l, j) {
  if (l === ctx.L) {
    if (directDelta(ctx.loss)) return [paren(N.a(l, j), mo("−"), N.t(j))];
    return [partial(N.E(), N.a(l, j)), partial(N.a(l, j), N.z(l, j))];
  }
  const ks = Array.from({ length: ctx.sizes[l + 1] }, (_, k) => k);
  const sum = ks.length <= MAX_TERMS ? join(ks.map((k) => row(N.delta(l + 1, k), mo("·"), N.w(l + 1, k, j))), "+")
    : row(sub(mo("Σ"), mi("k")), mi("δ"), mo("·"), mi("w"));
  return [paren(sum), partial(N.a(l, j), N.z(l, j))];
}

const ask = mo("?");

/** The question's lines of symbols, ending in "= ?": [[MathML parts]]. */
export function formulaLines(N, ctx, q) {
  const s = symbolOf(N, q);
  const g = ctx.activation(q.l);
  switch (q.kind) {
    case "z": return [[s, mo("="), forwardSum(N, ctx.sizes, q.l, q.j), mo("="), ask]];
    case "a": {
      const gz = g === "sigmoid" ? frac(mn("1"), row(mn("1"), mo("+"), sup(mi("e"), row(mo("−"), N.z(q.l, q.j)))))
        : row(mi(g), paren(N.z(q.l, q.j)));
      return [[N.z(q.l, q.j), mo("="), forwardSum(N, ctx.sizes, q.l, q.j)], [s, mo("="), gz, mo("="), ask]];
    }
    case "E": {
      const ks = Array.from({ length: ctx.sizes[ctx.L] }, (_, k) => k);
      if (ctx.loss !== "half_sse") return [[s, mo("="), mtextOf(ctx.loss.replace("_", " ")), mo("="), ask]];
      const half = frac(mn("1"), mn("2"));
      return [[s, mo("="), join(ks.map((k) => row(half, sup(paren(N.t(k), mo("−"), N.a(ctx.L, k)), mn("2")))), "+"), mo("="), ask]];
    }
    case "dEda": return [[s, mo("="), ask]];
    case "delta": return [[s, mo("="), partial(N.E(), N.z(q.l, q.j)), mo("="), join(deltaFactors(N, ctx, q.l, q.j), "·"), mo("="), ask]];
    case "grad_w": return [[s, mo("="), join([...deltaFactors(N, ctx, q.l, q.j), partial(N.z(q.l, q.j), N.w(q.l, q.j, q.i))], "·"), mo("="), ask]];
    default: {
      const w = N.w(q.l, q.j, q.i);
      return [[s, mo("="), w, mo("−"), N.eta(), mo("·"), partial(N.E(), w), mo("="), ask]];
    }
  }
}

/** Plain text for the quantity (the choice list): out_h1, ∂E/∂w5, w5⁺, … */
export function plainName(N, q) {
  const E = plain(N.E());
  if (q.kind === "dEda") return `∂${E}/∂${plain(N.a(q.l, q.j))}`;
  if (q.kind === "grad_w") return `∂${E}/∂${plain(N.w(q.l, q.j, q.i))}`;
  if (q.kind === "w_after") return `${plain(N.w(q.l, q.j, q.i))}⁺`;
  return plain(symbolOf(N, q));
}

/** What the question is about, in words: "the output of unit h1", … */
export function describe(N, q) {
  const unit = N.unit(q.l, q.j);
  switch (q.kind) {
    case "z": return `the net input of ${unit}`;
    case "a": return `the output of ${unit}`;
    case "E": return "the error of the focus example";
    case "dEda": return `how the error changes with the output of ${unit}`;
    case "delta": return `the δ of ${unit}`;
    case "grad_w": return `the gradient of the weight from ${N.unit(q.l - 1, q.i)} to ${unit}`;
    default: return `the weight from ${N.unit(q.l - 1, q.i)} to ${unit} after the update`;
  }
}
