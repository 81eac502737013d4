// The equations of one phase of an iteration, with the iteration's numbers substituted.
// Returns {title, lines, notes}; no DOM.
import { deltaLines, forwardLines } from "./chain-rule.js";
import { num } from "./format.js";
import { frac, join, mn, mo, number, paren, partial, row } from "./mathml.js";
import { updated } from "./notation.js";
import { phaseTitle } from "./quantities.js";
import { loss } from "./registry.js";

const n = (x) => number(num(x), true);
const MAX_UNITS_SHOWN = 3;
const MAX_WEIGHTS_SHOWN = 8;

function unitsShown(count) {
  return Array.from({ length: Math.min(count, MAX_UNITS_SHOWN) }, (_, j) => j);
}

function moreNote(count, what) {
  return count > MAX_UNITS_SHOWN ? [`${count - MAX_UNITS_SHOWN} more ${what}: click a unit for its equation.`] : [];
}

function forwardPhase(ctx, l) {
  const lines = unitsShown(ctx.sizes[l]).flatMap((j) => forwardLines(ctx, l, j));
  const notes = moreNote(ctx.sizes[l], "units");
  if (ctx.doc.dataset.name === "mazur" && l === 1) {
    notes.push("Seed 004 once writes net_h1 = w1·i1 + w3·i2 + b1; its numbers, and this page, use w2 for i2 → h1.");
  }
  return { lines, notes };
}

function lossPhase(ctx) {
  const { names: N, L, trace } = ctx;
  const ks = Array.from({ length: ctx.sizes[L] }, (_, k) => k);
  const lines = [];
  if (ctx.loss === "half_sse") {
    const half = frac(mn("1"), mn("2"));
    const squared = (...inside) => `<msup>${paren(...inside)}<mn>2</mn></msup>`;
    lines.push([N.E(), mo("="), join(ks.map((k) => row(half, squared(N.t(k), mo("−"), N.a(L, k)))), "+")]);
    lines.push([mo("="), join(ks.map((k) => row(half, squared(n(trace.target[k]), mo("−"), n(ctx.a(L, k))))), "+"), mo("="), n(trace.focus_loss)]);
  } else {
    lines.push([N.E(), mo("="), `<mtext>${ctx.loss.replace("_", " ")} of the outputs and targets</mtext>`, mo("="), n(trace.focus_loss)]);
  }
  ks.slice(0, MAX_UNITS_SHOWN).forEach((k) => {
    lines.push([partial(N.E(), N.a(L, k)), mo("="), n(trace.output_grad[k])]);
  });
  const notes = [];
  if (ctx.batch > 1) notes.push(`That is the focus example's error; the batch of ${ctx.batch} has mean error ${num(trace.loss)}.`);
  notes.push(lossDefinition(ctx));
  return { lines, notes };
}

/** What every loss on screen includes, from the server's registry (README: What the numbers are). */
export function lossDefinition(ctx) {
  const formula = loss(ctx.loss)?.formula ?? ctx.loss;
  const n = ctx.entry?.metrics?.n_train;
  const l2 = ctx.doc.config.l2
    ? ` plus λ/(2n) Σ W² with λ = ${num(ctx.doc.config.l2)} and n = ${n ? `${n}, the training-set size` : "the training-set size"} (not the batch size)`
    : "";
  return `Every loss shown (the batch's, training and test) is the mean over the examples of ${formula}${l2}.`;
}

function backwardPhase(ctx, l) {
  const lines = unitsShown(ctx.sizes[l]).flatMap((j) => deltaLines(ctx, l, j));
  const notes = [...moreNote(ctx.sizes[l], "δ"), "Each weight's gradient is δ × the input it carries: click an edge for its chain rule."];
  return { lines, notes };
}

function updatePhase(ctx) {
  const { names: N, trace } = ctx;
  const lines = [];
  let total = 0;
  trace.layers.forEach((layer, index) => {
    const l = index + 1;
    layer.w_before.forEach((rowW, j) => rowW.forEach((before, i) => {
      total += 1;
      if (total > MAX_WEIGHTS_SHOWN || !layer.w_after) return;
      const w = N.w(l, j, i);
      lines.push([updated(w), mo("="), w, mo("−"), N.eta(), mo("·"), partial(N.E(), w), mo("="),
        n(before), mo("−"), n(ctx.eta), mo("×"), n(layer.grad_w[j][i]), mo("="), n(layer.w_after[j][i])]);
    }));
  });
  const notes = total > MAX_WEIGHTS_SHOWN ? [`${total - MAX_WEIGHTS_SHOWN} more weights: click an edge, or open the matrix view.`] : [];
  if (ctx.doc.config.freeze_biases) notes.push("Biases are frozen: they keep their values.");
  if (ctx.doc.config.momentum) notes.push("Momentum: the step also carries the previous velocity, so old − η·∂E/∂w is only its gradient part.");
  return { lines, notes };
}

export function phaseEquations(ctx) {
  const { phase } = ctx;
  if (!phase || !ctx.trace) return null;
  const body = phase.kind === "forward" ? forwardPhase(ctx, phase.layer)
    : phase.kind === "loss" ? lossPhase(ctx)
      : phase.kind === "backward" ? backwardPhase(ctx, phase.layer)
        : updatePhase(ctx);
  return { title: `Phase ${phase.index + 1} of ${phase.count}: ${phaseTitle(phase)}`, ...body };
}

