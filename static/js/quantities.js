// Read the numbers of one iteration out of a trace, and derive what the engine derives,
// so the equations can show every factor. Pure functions of data: no DOM.
import { namer } from "./notation.js";
import { loss as lossEntry } from "./registry.js";

/** Losses whose output δ is a − t directly (the g'(z) cancels): the server's registry says. */
export const directDelta = (loss) => Boolean(lossEntry(loss)?.direct_delta);

/** The sizes [n_0 … n_L] of a state document's network. */
export const sizesOf = (doc) => [doc.config.inputs, ...doc.config.layers.map((layer) => layer.units)];

/** The phases of one iteration in order (engine/trace.py phase_names). */
export function phaseList(L) {
  const forward = Array.from({ length: L }, (_, k) => ({ kind: "forward", layer: k + 1 }));
  const backward = Array.from({ length: L }, (_, k) => ({ kind: "backward", layer: L - k }));
  return [...forward, { kind: "loss", layer: L }, ...backward, { kind: "update", layer: null }];
}

export function phaseTitle(phase) {
  if (!phase) return "";
  if (phase.kind === "forward") return `forward, layer ${phase.layer}`;
  if (phase.kind === "backward") return `backward, layer ${phase.layer}`;
  if (phase.kind === "loss") return "loss";
  return "update";
}

/**
 * Everything an equation needs about one history entry.
 * entry: {doc, trace, phase, metrics} — phase is the phase just shown, or null after a whole
 * iteration (then every quantity of the trace is on screen).
 */
export function context(entry, scheme) {
  const { doc, trace, phase } = entry;
  const sizes = sizesOf(doc);
  const L = sizes.length - 1;
  const biases = trace && !trace.frame ? trace.layers.map((t) => t.b_before) : doc.params.biases;
  const ctx = {
    entry, doc, trace, phase, sizes, L, scheme,
    names: namer(scheme, sizes, biases),
    loss: doc.config.loss,
    activation: (l) => doc.config.layers[l - 1].activation,
    eta: doc.config.learning_rate,
    batch: trace ? trace.batch_size : 0,
    a: (l, j) => (l === 0 ? trace.input[j] : trace.layers[l - 1].a[j]),
    z: (l, j) => trace.layers[l - 1].z[j],
    delta: (l, j) => trace.layers[l - 1].delta[j],
    // A live trace (auto-training frames, or the state after Pause) holds the focus example's
    // z, a, δ, g'(z) at the document's own parameters, but no batch gradient or update.
    live: Boolean(trace?.frame),
    w: (l, j, i) => (trace.frame ? doc.params.weights : trace.layers.map((t) => t.w_before))[l - 1][j][i],
    b: (l, j) => (trace.frame ? doc.params.biases[l - 1] : trace.layers[l - 1].b_before)[j],
    gradW: (l, j, i) => trace.layers[l - 1].grad_w?.[j][i] ?? null,
    gradB: (l, j) => trace.layers[l - 1].grad_b?.[j] ?? null,
    slope: (l, j) => trace.layers[l - 1].slope[j], // g'(z), computed by the engine's registry
  };
  ctx.shown = (kind, layer) => isShown(ctx, kind, layer);
  return ctx;
}

/** Has the phase (kind, layer) been shown yet in the entry's iteration? */
function isShown({ trace, phase, L }, kind, layer) {
  if (!trace) return false;
  if (!phase) return true;
  const order = phaseList(L).findIndex((p) => p.kind === kind && (kind === "update" || p.layer === layer));
  return order <= phase.index;
}
