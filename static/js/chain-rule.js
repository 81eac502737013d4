// The inspector's derivations: a weight's, a bias's or a unit's quantity by the chain rule,
// first in symbols, then with the iteration's numbers substituted, then the result.
// Returns {title, lines: [[MathML parts]], notes: [text]}; no DOM.
import { num } from "./format.js";
import { frac, join, mi, mn, mo, number, paren, partial, row, sub, sup } from "./mathml.js";
import { updated } from "./notation.js";
import { directDelta } from "./quantities.js";

const n = (x) => number(num(x), true);
const times = (...xs) => join(xs, "×");
const MAX_TERMS = 4; // longer sums are written with Σ only

/** ∂E/∂a_j · ∂a_j/∂z_j for an output unit, or the whole δ when the loss gives it as a − t. */
function outputFactors(ctx, j) {
  const { names: N, L, trace } = ctx;
  if (directDelta(ctx.loss)) {
    return { symbols: [partial(N.E(), N.z(L, j))], numbers: [paren(n(ctx.a(L, j)), mo("−"), n(trace.target[j]))] };
  }
  return {
    symbols: [partial(N.E(), N.a(L, j)), partial(N.a(L, j), N.z(L, j))],
    numbers: [n(trace.output_grad[j]), n(ctx.slope(L, j))],
  };
}

/** Σ_k δ_k w_kj over the units of layer l + 1 that unit j of layer l feeds. */
function backSum(ctx, l, j) {
  const { names: N, sizes } = ctx;
  const ks = Array.from({ length: sizes[l + 1] }, (_, k) => k);
  const value = ks.reduce((s, k) => s + ctx.delta(l + 1, k) * ctx.w(l + 1, k, j), 0);
  const few = ks.length <= MAX_TERMS;
  const symbolTerms = few
    ? join(ks.map((k) => row(N.delta(l + 1, k), mo("·"), N.w(l + 1, k, j))), "+")
    : row(sub(mo("Σ"), mi("k")), mi("δ"), mo("·"), mi("w"));
  const numberTerms = few
    ? join(ks.map((k) => row(n(ctx.delta(l + 1, k)), mo("×"), n(ctx.w(l + 1, k, j)))), "+")
    : mtextSum(ks.length);
  return { value, symbols: paren(symbolTerms), numbers: paren(numberTerms) };
}

const mtextSum = (count) => `<mtext>${count} terms</mtext>`;

function deltaLines(ctx, l, j) {
  const { names: N, L } = ctx;
  if (l === L) {
    const f = outputFactors(ctx, j);
    return [
      [N.delta(l, j), mo("="), join(f.symbols, "·")],
      [mo("="), times(...f.numbers), mo("="), n(ctx.delta(l, j))],
    ];
  }
  const s = backSum(ctx, l, j);
  return [
    [N.delta(l, j), mo("="), s.symbols, mo("·"), partial(N.a(l, j), N.z(l, j))],
    [mo("="), s.numbers, mo("×"), n(ctx.slope(l, j))],
    [mo("="), n(s.value), mo("×"), n(ctx.slope(l, j)), mo("="), n(ctx.delta(l, j))],
  ];
}

const liveNote = (ctx) => `Live: the focus example (point ${ctx.trace.example + 1}) at iteration ${ctx.doc.iteration}'s weights. ` +
  "Step (→) to see the batch's gradient and the update.";

function batchNote(ctx, what, batchValue) {
  if (ctx.live || batchValue === null) return [liveNote(ctx)];
  if (ctx.batch <= 1 && !ctx.doc.config.l2) return [];
  const parts = [`These numbers are the focus example's (point ${ctx.trace.example + 1}).`];
  parts.push(`The batch of ${ctx.batch} averages such terms${ctx.doc.config.l2 ? " and adds (λ/n)·w, n the training-set size" : ""}: ${what} = ${num(batchValue)}.`);
  return [parts.join(" ")];
}

function updateLines(ctx, symbol, before, grad, after) {
  const { names: N } = ctx;
  return [
    [updated(symbol), mo("="), symbol, mo("−"), N.eta(), mo("·"), partial(N.E(), symbol)],
    [mo("="), n(before), mo("−"), n(ctx.eta), mo("×"), n(grad), mo("="), n(after)],
  ];
}

const notYet = (what, phase) => ({ title: what, lines: [], notes: [`Not computed yet: it appears in the phase “${phase}”. Press → to step there.`] });

export function weightDerivation(ctx, l, j, i) {
  const { names: N, L } = ctx;
  const w = N.w(l, j, i);
  const title = `weight from ${N.unit(l - 1, i)} to ${N.unit(l, j)}`;
  if (!ctx.trace) return { title, lines: [], notes: ["Step once to compute this gradient."] };
  if (!ctx.shown("backward", l)) return notYet(title, `backward, layer ${l}`);
  const dzdw = partial(N.z(l, j), w);
  const aPrev = ctx.a(l - 1, i);
  const focusGrad = ctx.delta(l, j) * aPrev;
  let lines;
  if (l === L) {
    const f = outputFactors(ctx, j);
    lines = [
      [partial(N.E(), w), mo("="), join([...f.symbols, dzdw], "·")],
      [mo("="), times(...f.numbers, n(aPrev)), mo("="), n(focusGrad)],
    ];
  } else {
    const s = backSum(ctx, l, j);
    lines = [
      [partial(N.E(), w), mo("="), s.symbols, mo("·"), partial(N.a(l, j), N.z(l, j)), mo("·"), dzdw],
      [mo("="), s.numbers, mo("×"), n(ctx.slope(l, j)), mo("×"), n(aPrev)],
      [mo("="), times(n(s.value), n(ctx.slope(l, j)), n(aPrev)), mo("="), n(focusGrad)],
    ];
  }
  const grad = ctx.gradW(l, j, i);
  const notes = batchNote(ctx, `∂E/∂w`, grad);
  const after = ctx.trace.layers[l - 1].w_after;
  if (ctx.shown("update") && after) {
    lines.push(...updateLines(ctx, w, ctx.w(l, j, i), grad, after[j][i]));
    if (ctx.doc.config.momentum) notes.push("With momentum the step also carries the previous velocity.");
  }
  return { title, lines, notes, value: focusGrad, symbol: w };
}

export function biasDerivation(ctx, l, j) {
  const { names: N } = ctx;
  const b = N.b(l, j);
  const title = `bias of ${N.unit(l, j)}`;
  if (!ctx.trace) return { title, lines: [], notes: ["Step once to compute this gradient."] };
  if (!ctx.shown("backward", l)) return notYet(title, `backward, layer ${l}`);
  const lines = [
    [partial(N.E(), b), mo("="), N.delta(l, j), mo("·"), partial(N.z(l, j), b), mo("="), n(ctx.delta(l, j)), mo("×"), mn("1")],
    [mo("="), n(ctx.delta(l, j))],
  ];
  const notes = batchNote(ctx, "∂E/∂b", ctx.gradB(l, j));
  const after = ctx.trace.layers[l - 1].b_after;
  if (ctx.doc.config.freeze_biases) notes.push("Biases are frozen here (as in the worked example): not updated.");
  else if (ctx.shown("update") && after) lines.push(...updateLines(ctx, b, ctx.b(l, j), ctx.gradB(l, j), after[j]));
  return { title, lines, notes };
}

/** z_j = Σ_i w_ji a_i + b_j and a_j = g(z_j), with numbers. */
export function forwardLines(ctx, l, j) {
  const { names: N, sizes } = ctx;
  const is = Array.from({ length: sizes[l - 1] }, (_, i) => i);
  const few = is.length <= MAX_TERMS;
  const symbolTerms = few ? is.map((i) => row(N.w(l, j, i), mo("·"), N.a(l - 1, i))) : [row(sub(mo("Σ"), mi("i")), mi("w"), mi("a"))];
  const numberTerms = few ? is.map((i) => row(n(ctx.w(l, j, i)), mo("×"), n(ctx.a(l - 1, i)))) : [`<mtext>${is.length} products</mtext>`];
  const g = ctx.activation(l);
  const aLine = [N.a(l, j), mo("="), row(mi(g === "sigmoid" ? "σ" : g), paren(N.z(l, j)))];
  if (g === "sigmoid") aLine.push(mo("="), frac(mn("1"), row(mn("1"), mo("+"), sup(mi("e"), row(mo("−"), n(ctx.z(l, j)))))));
  aLine.push(mo("="), n(ctx.a(l, j)));
  return [
    [N.z(l, j), mo("="), join([...symbolTerms, N.b(l, j)], "+")],
    [mo("="), join([...numberTerms, n(ctx.b(l, j))], "+"), mo("="), n(ctx.z(l, j))],
    aLine,
  ];
}

export function nodeDerivation(ctx, l, j) {
  const { names: N } = ctx;
  const title = l === 0 ? `input ${N.unit(0, j)}` : `unit ${N.unit(l, j)}`;
  if (!ctx.trace) return { title, lines: [], notes: ["Step once to compute this unit."] };
  if (l === 0) return { title, lines: [[N.a(0, j), mo("="), n(ctx.a(0, j))]], notes: [] };
  if (!ctx.shown("forward", l)) return notYet(title, `forward, layer ${l}`);
  const lines = forwardLines(ctx, l, j);
  const notes = ctx.live ? [liveNote(ctx)] : [];
  if (ctx.shown("backward", l)) lines.push(...deltaLines(ctx, l, j));
  else notes.push(`δ is computed in the phase “backward, layer ${l}”.`);
  return { title, lines, notes };
}

export { deltaLines };
