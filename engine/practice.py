"""Practice mode: the quantities a learner can be asked in each phase of an iteration, their
values, the numbers needed to compute them, their chain-rule factors (the hints), and the
value each common mistake produces on the same trace.

A quantity is named `kind:l-j` or `kind:l-j-i` with the engine's indices (layer l = 1…L,
units j, i from 0; `l-j` and `l-j-i` are the page's data-node / data-edge names):
    z, a          forward l   net input / output of unit j of layer l
    E             loss        the focus example's error (id `E`)
    dEda          loss        ∂E/∂a of output unit j (`dEda:L-j`)
    delta         backward l  δ_j = ∂E/∂z_j
    grad_w        backward l  the focus example's ∂E/∂w for the weight from unit i of layer l−1
                              to unit j of layer l (the batch gradient when the batch is 1, no λ)
    w_after       update      that weight after the update
A reference to a number (an input of a question, a hint's factor) is a tuple whose first item
names it: ("w", l, j, i), ("a", l, j), ("z", l, j), ("b", l, j), ("t", L, j), ("eta",),
("delta", l, j), ("dEda", l, j) (for a hidden unit: Σ_k δ_k w_kj), ("slope", l, j) = g'(z),
("wa", l, j, i) = w_ji·a_i, ("Ek", L, j) one output's share of E, ("grad_w", l, j, i) the batch's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .answers import PRECISION_FLOOR, Answer
from .losses import log_softmax
from .trace import IterationTrace, phase_names

KINDS = ("z", "a", "E", "dEda", "delta", "grad_w", "w_after")
PHASE_KINDS = {"forward": ("z", "a"), "loss": ("E", "dEda"), "backward": ("delta", "grad_w"), "update": ("w_after",)}
KIND_PHASE = {kind: phase for phase, kinds in PHASE_KINDS.items() for kind in kinds}

# Each mistake: what the learner did, and the step of the chain rule to look at again.
MISTAKES: dict[str, tuple[str, str]] = {
    "forgot_derivative": ("forgot the activation's derivative",
                          "∂a/∂z: multiply by g′(z), for σ that is a(1 − a)"),
    "used_a_for_z": ("used a instead of z", "the net input z = Σ w·a + b comes before the activation"),
    "used_z_for_a": ("used z instead of a", "the activation's output a = g(z) is what feeds the next layer "
                                            "and what g′ is written in (σ′ = a(1 − a))"),
    "sign_flipped": ("sign flipped", "∂E/∂a = a − t (not t − a), and the update subtracts η·∂E/∂w"),
    "used_updated_weights": ("used the already-updated weights", "a hidden δ uses the output weights "
                             "before this iteration's update (the slip behind seed 004's 0.291027924)"),
    "one_path": ("summed over only one path", "a hidden unit feeds every unit of the next layer: "
                                              "∂E/∂a_j = Σ_k δ_k w_kj over all of them"),
    "transposed": ("used w_kj for w_jk (transposed index)", "the weight into unit j from unit i is W[j, i]"),
    "forgot_learning_rate": ("forgot the learning rate", "the step is η·∂E/∂w, not ∂E/∂w"),
    "forgot_half": ("forgot the ½", "E = ½ Σ (t − a)², so ∂E/∂a = a − t without a factor 2"),
    "forgot_average": ("forgot the 1/m average", "the loss and its gradient are means, not sums"),
    "forgot_bias": ("forgot the bias", "z = Σ w·a + b: add the bias"),
    "used_weight_for_input": ("used the weight instead of its input in ∂z/∂w",
                              "∂z_j/∂w_ji = a_i, the input the weight multiplies (not the weight itself)"),
    "extra_derivative": ("multiplied by σ′ with cross-entropy", "with cross-entropy after a sigmoid (or softmax) "
                         "output, δ = a − t: σ′ has already cancelled against ∂E/∂a"),
}


@dataclass(frozen=True)
class Quantity:
    kind: str
    layer: int = 0
    unit: int = 0
    source: int = 0

    @property
    def id(self) -> str:
        if self.kind == "E":
            return "E"
        if self.kind in ("grad_w", "w_after"):
            return f"{self.kind}:{self.layer}-{self.unit}-{self.source}"
        return f"{self.kind}:{self.layer}-{self.unit}"


@dataclass
class Worked:
    """One quantity on one trace: its value, the inputs the learner needs (refs), the chain-rule
    factors in order [(ref, value)], and the mistakes that apply [(kind, value)]."""

    quantity: Quantity
    value: float
    inputs: list[tuple] = field(default_factory=list)
    factors: list[tuple[tuple, float]] = field(default_factory=list)
    mistakes: list[tuple[str, float]] = field(default_factory=list)


def parse_quantity(text: str, sizes: list[int]) -> Quantity:
    """`kind:l-j[-i]` → Quantity, checked against the layer sizes [n_0 … n_L]."""
    L = len(sizes) - 1
    if text == "E":
        return Quantity("E", L)
    kind, _, where = str(text).partition(":")
    if kind not in KINDS:
        raise ValueError(f"quantity: unknown kind {kind!r}; choose one of {list(KINDS)}")
    try:
        parts = [int(p) for p in where.split("-")]
    except ValueError:
        parts = []
    two = kind in ("grad_w", "w_after")
    if len(parts) != (3 if two else 2):
        raise ValueError(f"quantity: write {kind}:l-j{'-i' if two else ''} (layer, unit{', source unit' if two else ''})")
    l, j, i = parts[0], parts[1], parts[2] if two else 0
    if not 1 <= l <= L or (kind in ("dEda",) and l != L):
        raise ValueError(f"quantity: layer {l} has no {kind} (layers 1…{L}{', dEda only at the output' if kind == 'dEda' else ''})")
    if not 0 <= j < sizes[l] or not 0 <= i < sizes[l - 1]:
        raise ValueError(f"quantity: no unit {j} in layer {l} (0…{sizes[l] - 1}) or source {i} in layer {l - 1}")
    return Quantity(kind, l, j, i)


def parse_ask(text: Optional[str], sizes: list[int]) -> Optional[list[str]]:
    """The ask= list (comma list of kinds and/or quantity ids), each checked against the layer
    sizes; None when empty. ValueError('ask: …') naming what is wrong."""
    if not text:
        return None
    tokens = [t.strip() for t in str(text).split(",") if t.strip()]
    for token in tokens:
        if token not in KINDS:
            try:
                parse_quantity(token, sizes)
            except ValueError as exc:
                raise ValueError(f"ask{str(exc).removeprefix('quantity')} (in {token!r}; ask= is a comma list of "
                                 f"kinds {', '.join(KINDS)} and/or quantities such as a:1-0)") from None
    return tokens or None


def phase_quantities(sizes: list[int], phase: dict) -> list[Quantity]:
    """Every quantity the phase {'kind', 'layer'} computes, in a fixed order."""
    kind, l = phase["kind"], phase["layer"]
    L = len(sizes) - 1
    if kind == "forward":
        return [Quantity(k, l, j) for k in ("a", "z") for j in range(sizes[l])]
    if kind == "loss":
        return [Quantity("E", L)] + [Quantity("dEda", L, j) for j in range(sizes[L])]
    if kind == "backward":
        return ([Quantity("delta", l, j) for j in range(sizes[l])] +
                [Quantity("grad_w", l, j, i) for j in range(sizes[l]) for i in range(sizes[l - 1])])
    return [Quantity("w_after", m, j, i) for m in range(1, L + 1) for j in range(sizes[m]) for i in range(sizes[m - 1])]


def phase_of(q: Quantity, n_layers: int) -> int:
    """The index of the phase that computes q."""
    phase = KIND_PHASE[q.kind]
    for index, p in enumerate(phase_names(n_layers)):
        if p["kind"] == phase and (phase in ("loss", "update") or p["layer"] == q.layer):
            return index
    raise AssertionError(q)


def choose(sizes: list[int], phase_index: int, iteration: int, seed: int, ask: Optional[list[str]] = None) -> Optional[Quantity]:
    """The question for a phase by the seeded rule: one of the phase's quantities (those `ask`
    names, by kind or id, when given), the same for the same seed, iteration and phase; None
    when `ask` names none of this phase's quantities."""
    phase = phase_names(len(sizes) - 1)[phase_index]
    candidates = phase_quantities(sizes, phase)
    if ask:
        candidates = [q for q in candidates if q.kind in ask or q.id in ask]
    if not candidates:
        return None
    rng = np.random.default_rng([seed, iteration, phase_index])
    return candidates[int(rng.integers(len(candidates)))]


# -- the catalogue ---------------------------------------------------------------------------
class Catalogue:
    """Every quantity of one iteration's trace, worked out with its mistakes.

    trace: the iteration (computed, update attached); loss: the run's Loss; eta: the learning
    rate; batch: the batch size m."""

    def __init__(self, trace: IterationTrace, loss, eta: float, batch: int, l2: float = 0.0):
        self.trace, self.loss, self.eta, self.batch, self.l2 = trace, loss, eta, batch, l2
        self.L = len(trace.layers)
        self.sizes = [len(trace.input)] + [len(t.z) for t in trace.layers]

    # numbers of the trace
    def layer(self, l: int):
        return self.trace.layers[l - 1]

    def a_prev(self, l: int) -> np.ndarray:
        return self.trace.input if l == 1 else self.layer(l - 1).a

    def work(self, q: Quantity) -> Worked:
        worked = getattr(self, f"_{q.kind}")(q)
        worked.mistakes = _distinct(worked.mistakes, worked.value)
        return worked

    # forward
    def _forward_inputs(self, l: int, j: int) -> list[tuple]:
        n = self.sizes[l - 1]
        return [("w", l, j, i) for i in range(n)] + [("a", l - 1, i) for i in range(n)] + [("b", l, j)]

    def _forward_factors(self, l: int, j: int) -> list[tuple[tuple, float]]:
        layer, x = self.layer(l), self.a_prev(l)
        terms = [(("wa", l, j, i), float(layer.w_before[j, i] * x[i])) for i in range(self.sizes[l - 1])]
        return terms + [(("b", l, j), float(layer.b_before[j]))]

    def _net_variants(self, l: int) -> dict[str, np.ndarray]:
        """Whole-layer net inputs each forward mistake produces (n_l,), where it applies."""
        layer, x = self.layer(l), self.a_prev(l)
        w, b = layer.w_before, layer.b_before
        out = {"forgot_bias": layer.z - b}
        if l >= 2:
            out["used_z_for_a"] = w @ self.layer(l - 1).z + b
        if w.shape[0] == w.shape[1]:
            out["transposed"] = w.T @ x + b
        return out

    def _z(self, q: Quantity) -> Worked:
        l, j = q.layer, q.unit
        layer = self.layer(l)
        mistakes = [(kind, float(z[j])) for kind, z in self._net_variants(l).items() if kind != "transposed"]
        w = layer.w_before  # transposed: Σ_i W[i, j]·a_i, where those weights exist
        if w.shape[0] >= w.shape[1] and j < w.shape[1]:
            mistakes.append(("transposed", float(w[:w.shape[1], j] @ self.a_prev(l) + layer.b_before[j])))
        mistakes.append(("used_a_for_z", float(layer.a[j])))
        return Worked(q, float(layer.z[j]), self._forward_inputs(l, j), self._forward_factors(l, j), mistakes)

    def _a(self, q: Quantity) -> Worked:
        l, j = q.layer, q.unit
        layer = self.layer(l)
        g = layer.activation.fn
        with np.errstate(over="ignore", invalid="ignore"):
            mistakes = [(kind, float(g(z.copy())[j])) for kind, z in self._net_variants(l).items()]
        mistakes.append(("used_z_for_a", float(layer.z[j])))
        factors = self._forward_factors(l, j) + [(("z", l, j), float(layer.z[j]))]
        return Worked(q, float(layer.a[j]), self._forward_inputs(l, j), factors, mistakes)

    # loss
    def _terms(self, a: np.ndarray, z: np.ndarray) -> np.ndarray:
        """Each output's share of the focus example's error (n_L,)."""
        t, name = self.trace.target, self.loss.name
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if name == "half_sse":
                return 0.5 * (a - t) ** 2
            if name == "mse":
                return (a - t) ** 2 / len(a)
            if name == "bce":
                return np.maximum(z, 0.0) - t * z + np.log1p(np.exp(-np.abs(z)))
            return -t * log_softmax(z)

    def _E(self, q: Quantity) -> Worked:
        out = self.layer(self.L)
        K = self.sizes[-1]
        terms = self._terms(out.a, out.z)
        factors = [(("Ek", self.L, k), float(terms[k])) for k in range(K)]
        mistakes = []
        if self.loss.name in ("half_sse", "mse"):
            mistakes.append(("used_z_for_a", float(self._terms(out.z, out.z).sum())))
        if self.loss.name == "half_sse":
            mistakes.append(("forgot_half", 2 * self.trace.focus_loss))
        if self.loss.name == "mse" and K > 1:
            mistakes.append(("forgot_average", K * self.trace.focus_loss))
        inputs = [("a", self.L, k) for k in range(K)] + [("t", self.L, k) for k in range(K)]
        return Worked(q, float(self.trace.focus_loss), inputs, factors, mistakes)

    def _scale_mistakes(self, value: float) -> list[tuple[str, float]]:
        """The constant-factor slips of the loss, carried into every backward quantity."""
        out = []
        if self.loss.name == "half_sse":
            out.append(("forgot_half", 2 * value))
        if self.loss.name == "mse" and self.sizes[-1] > 1:
            out.append(("forgot_average", self.sizes[-1] * value))
        return out

    def _dEda(self, q: Quantity) -> Worked:
        L, j = self.L, q.unit
        out = self.layer(L)
        value = float(self.trace.output_grad[j])
        mistakes = [("sign_flipped", -value)] + self._scale_mistakes(value)
        if self.loss.name in ("half_sse", "mse"):
            gap = float(out.a[j] - self.trace.target[j])  # ∂E/∂a is a multiple of a − t here
            mistakes.append(("used_z_for_a", value / gap * float(out.z[j] - self.trace.target[j]) if gap else value))
        inputs = [("a", L, j), ("t", L, j)]
        return Worked(q, value, inputs, [(("a", L, j), float(out.a[j])), (("t", L, j), float(self.trace.target[j]))], mistakes)

    # backward
    def _delta_parts(self, l: int, j: int) -> tuple[list[tuple], list[tuple[tuple, float]], list[tuple[str, float]]]:
        """(inputs, factors, mistakes) of δ_j in layer l."""
        layer = self.layer(l)
        slope = float(layer.slope[j])
        z_slope = float(layer.activation.derivative(layer.z[j:j + 1], layer.z[j:j + 1])[0])  # g′ written in z
        value = float(layer.delta[j])
        if l == self.L:
            t = self.trace.target
            inputs = [("a", l, j), ("t", l, j)]
            if self.loss.direct_delta:
                a = float(layer.a[j])  # σ′ (softmax: its diagonal) written in a, as learners do
                mistakes = [("sign_flipped", -value), ("extra_derivative", value * a * (1 - a))]
                return inputs, [(("a", l, j), a), (("t", l, j), float(t[j]))], mistakes
            grad = float(self.trace.output_grad[j])
            mistakes = [("forgot_derivative", grad), ("used_z_for_a", grad * z_slope), ("sign_flipped", -value)]
            return inputs, [(("dEda", l, j), grad), (("slope", l, j), slope)], mistakes + self._scale_mistakes(value)
        nxt = self.layer(l + 1)
        w, w_new, d = nxt.w_before, nxt.w_after, nxt.delta
        total = float(d @ w[:, j])
        inputs = [("delta", l + 1, k) for k in range(len(d))] + [("w", l + 1, k, j) for k in range(len(d))] + [("a", l, j)]
        mistakes = [("forgot_derivative", total), ("used_z_for_a", total * z_slope), ("sign_flipped", -value)]
        if w_new is not None:
            mistakes.append(("used_updated_weights", float(d @ w_new[:, j]) * slope))
        if len(d) >= 2:
            mistakes += [("one_path", float(d[k] * w[k, j]) * slope) for k in range(len(d))]
        if w.shape[0] <= w.shape[1] and j < w.shape[0]:
            mistakes.append(("transposed", float(d @ w[j, :len(d)]) * slope))
        return inputs, [(("dEda", l, j), total), (("slope", l, j), slope)], mistakes + self._scale_mistakes(value)

    def _delta(self, q: Quantity) -> Worked:
        inputs, factors, mistakes = self._delta_parts(q.layer, q.unit)
        return Worked(q, float(self.layer(q.layer).delta[q.unit]), inputs, factors, mistakes)

    def _grad_w(self, q: Quantity) -> Worked:
        l, j, i = q.layer, q.unit, q.source
        x = self.a_prev(l)
        inputs, factors, delta_mistakes = self._delta_parts(l, j)
        value = float(self.layer(l).delta[j] * x[i])
        mistakes = [(kind, m * float(x[i])) for kind, m in delta_mistakes]
        if l >= 2:
            mistakes.append(("used_z_for_a", float(self.layer(l).delta[j] * self.layer(l - 1).z[i])))
        mistakes.append(("used_weight_for_input", float(self.layer(l).delta[j] * self.layer(l).w_before[j, i])))
        delta = self.layer(l).delta
        if i < len(delta) and j < len(x):
            mistakes.append(("transposed", float(delta[i] * x[j])))
        inputs = inputs + [("a", l - 1, i)]
        return Worked(q, value, inputs, factors + [(("a", l - 1, i), float(x[i]))], mistakes)

    # update
    def _w_after(self, q: Quantity) -> Worked:
        l, j, i = q.layer, q.unit, q.source
        layer = self.layer(l)
        w, g, eta = float(layer.w_before[j, i]), float(layer.grad_w[j, i]), self.eta
        value = float(layer.w_after[j, i])
        rest = value - w + eta * g  # what the step holds besides −η·g (momentum), 0 without it
        with_grad = lambda grad: w + rest - eta * grad  # noqa: E731
        mistakes = [("sign_flipped", w - (value - w)), ("forgot_learning_rate", with_grad(g / eta))]
        mistakes += [(kind, with_grad(m)) for kind, m in self._scale_mistakes(g)]
        if self.batch > 1:
            mistakes.append(("forgot_average", with_grad(self.batch * g)))
        else:  # one example: the gradient is the focus example's, so its slips carry over
            focus = self._grad_w(Quantity("grad_w", l, j, i))
            mistakes += [(kind, with_grad(g - focus.value + m)) for kind, m in focus.mistakes
                         if kind not in ("forgot_half", "forgot_average", "sign_flipped")]
        if i < layer.grad_w.shape[0] and j < layer.grad_w.shape[1]:
            mistakes.append(("transposed", with_grad(float(layer.grad_w[i, j]))))
        inputs = [("w", l, j, i), ("eta",), ("grad_w", l, j, i)]
        factors = [(("w", l, j, i), w), (("eta",), eta), (("grad_w", l, j, i), g)]
        return Worked(q, value, inputs, factors, mistakes)


def _distinct(mistakes: list[tuple[str, float]], value: float) -> list[tuple[str, float]]:
    """Drop mistakes that give the correct value (e.g. a linear unit's forgotten derivative),
    are not finite, or repeat an earlier one's value."""
    kept: list[tuple[str, float]] = []
    for kind, m in mistakes:
        if not math.isfinite(m) or _same(m, value) or any(_same(m, k) for _, k in kept):
            continue
        kept.append((kind, m))
    return kept


def _same(x: float, y: float) -> bool:
    """Closer than answers can tell apart (10 × answers.PRECISION_FLOOR)."""
    return abs(x - y) <= 10 * PRECISION_FLOOR * max(abs(x), abs(y), 1e-12)


# -- checking ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """verdict: 'correct', 'mistake' (a known one; `mistake` names it), 'close' (right to the
    digits typed but fewer than 3 significant, or within 1 %) or 'wrong'."""

    verdict: str
    mistake: Optional[str] = None


CLOSE_RELATIVE = 0.01


def check(worked: Worked, answer: Answer, relative: Optional[float] = None) -> Verdict:
    """Compare an answer with the correct value, then with each mistake's value."""
    if abs(answer.value - worked.value) <= answer.tolerance(worked.value, relative):
        return Verdict("correct")
    for kind, m in worked.mistakes:
        if abs(answer.value - m) <= answer.tolerance(m, relative):
            return Verdict("mistake", kind)
    near = answer.plain and abs(answer.value - worked.value) <= answer.half_unit
    if near or abs(answer.value - worked.value) <= CLOSE_RELATIVE * abs(worked.value):
        return Verdict("close")
    return Verdict("wrong")
