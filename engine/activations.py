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
    name: str
    title: str
    fn: Callable[[Array], Array]
    derivative: Callable[[Array, Array], Array]
    # How the derivative is written in terms of the unit's output, for the inspector.
    derivative_formula: str


def _sigmoid(z: Array) -> Array:
    # Clipping keeps exp from overflowing (σ(±500) is 0 or 1 to double precision anyway) and
    # is far cheaper than splitting by sign, which matters in the training loop.
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500.0, 500.0)))


def _softmax(z: Array) -> Array:
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_derivative(z: Array, a: Array) -> Array:
    # Only the diagonal of the Jacobian; softmax is always paired with cross-entropy, whose
    # output δ = a − t is computed directly by the loss and never uses this.
    return a * (1.0 - a)


ACTIVATIONS: dict[str, Activation] = {
    act.name: act
    for act in (
        Activation("sigmoid", "logistic σ", _sigmoid, lambda z, a: a * (1.0 - a), "a(1 − a)"),
        Activation("tanh", "tanh", np.tanh, lambda z, a: 1.0 - a * a, "1 − a²"),
        Activation("relu", "ReLU", lambda z: np.maximum(z, 0.0),
                   lambda z, a: (z > 0).astype(float), "1 if z > 0 else 0"),
        Activation("leaky_relu", "leaky ReLU",
                   lambda z: np.where(z > 0, z, LEAKY_SLOPE * z),
                   lambda z, a: np.where(z > 0, 1.0, LEAKY_SLOPE),
                   f"1 if z > 0 else {LEAKY_SLOPE}"),
        Activation("linear", "linear", lambda z: z, lambda z, a: np.ones_like(z), "1"),
        Activation("softmax", "softmax", _softmax, _softmax_derivative, "a(1 − a) (diagonal)"),
    )
}

HIDDEN_ACTIVATIONS = tuple(name for name in ACTIVATIONS if name != "softmax")


def get_activation(name: str) -> Activation:
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")
