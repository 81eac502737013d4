"""Activation functions as a registry of {fn, derivative}.

Every function maps an array z of any shape (m, n) to an array of the same shape.
`derivative(z, a)` receives both the net input z and the output a = fn(z), because for the
logistic and tanh functions the derivative is cheapest (and is written in the tutorials) in
terms of a: σ'(z) = a(1 − a), tanh'(z) = 1 − a².
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray
LEAKY_SLOPE = 0.01


@dataclass(frozen=True)
class Activation:
    """One activation, in the two forms the engine uses, both defined here only.

    into(z, out) writes a = g(z) into `out` (same shape and dtype as z; `out` may be z itself)
    and returns it; the linear activation returns z itself. times_derivative(d, z, a, tmp) does d ← d ⊙ g'(z) in
    place (tmp: scratch shaped like d). `fn` and `derivative` are the allocating forms of the
    same operations, for readable code (network.py) and the inspector's formulas.
    """

    name: str
    title: str
    into: Callable[[Array, Array], Array]
    times_derivative: Callable[[Array, Array, Array, Array], None]
    # How the derivative is written in terms of the unit's output, for the inspector.
    derivative_formula: str

    def fn(self, z: Array) -> Array:
        return self.into(z, np.empty_like(z))

    def derivative(self, z: Array, a: Array) -> Array:
        slope = np.ones_like(z)
        self.times_derivative(slope, z, a, np.empty_like(z))
        return slope


def _sigmoid(z: Array, out: Array) -> Array:
    # 1/(1 + e^−z): e^−z overflows to inf below z ≈ −709 and 1/(1 + inf) = 0, as it should
    # (callers run under np.errstate(over="ignore"); no clipping, so no second definition).
    np.negative(z, out=out)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.divide(1.0, out, out=out)


def _times_sigmoid_slope(d: Array, z: Array, a: Array, tmp: Array) -> None:
    np.subtract(1.0, a, out=tmp)  # σ'(z) = a(1 − a)
    np.multiply(a, tmp, out=tmp)
    np.multiply(d, tmp, out=d)


def _times_tanh_slope(d: Array, z: Array, a: Array, tmp: Array) -> None:
    np.multiply(a, a, out=tmp)  # tanh'(z) = 1 − a²
    np.subtract(1.0, tmp, out=tmp)
    np.multiply(d, tmp, out=d)


def _leaky(z: Array, out: Array) -> Array:
    # max(z, αz) = leaky ReLU for 0 < α < 1; αz in a temporary, since `out` may be z itself.
    return np.maximum(z, np.multiply(z, LEAKY_SLOPE), out=out)


def _softmax(z: Array, out: Array) -> Array:
    np.subtract(z, z.max(axis=-1, keepdims=True), out=out)
    np.exp(out, out=out)
    return np.divide(out, out.sum(axis=-1, keepdims=True), out=out)


# ReLU′(0) = 0 and leaky ReLU′(0) = LEAKY_SLOPE: the derivative at the kink is the left one.
ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("sigmoid", "logistic σ", _sigmoid, _times_sigmoid_slope, "a(1 − a)"),
        Activation("tanh", "tanh", lambda z, out: np.tanh(z, out=out), _times_tanh_slope, "1 − a²"),
        Activation("relu", "ReLU", lambda z, out: np.maximum(z, 0.0, out=out),
                   lambda d, z, a, tmp: np.multiply(d, z > 0, out=d), "1 if z > 0 else 0"),
        Activation("leaky_relu", "leaky ReLU", _leaky,
                   lambda d, z, a, tmp: np.multiply(d, np.where(z > 0, 1.0, LEAKY_SLOPE), out=d),
                   f"1 if z > 0 else {LEAKY_SLOPE}"),
        Activation("linear", "linear", lambda z, out: z, lambda d, z, a, tmp: None, "1"),
        # Only the diagonal of the Jacobian; softmax is always paired with cross-entropy, whose
        # output δ = a − t is computed directly by the loss and never uses this.
        Activation("softmax", "softmax", _softmax, _times_sigmoid_slope, "a(1 − a) (diagonal)"),
    )
}

HIDDEN_ACTIVATIONS = tuple(name for name in ACTIVATIONS if name != "softmax")


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
