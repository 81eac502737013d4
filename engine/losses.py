"""Loss functions: the value over a batch and the δ of the output layer.

Shapes: a, t, z are (m, K) for a batch of m examples and K output units. `value` returns the
batch loss, a float: the mean over the m examples of the per-example loss (seed 002 divides by
m). `output_delta` returns δ_L = ∂E_i/∂z_L for every example, shape (m, K), *not* divided by
m; the network divides the accumulated gradient by m.

Losses:
- half_sse: E = ½ Σ_k (a_k − t_k)², seeds 001 and 004 (E_total). δ = (a − t) ⊙ g'(z).
- mse: mean over outputs and examples (seed 003): E = (1/K) Σ_k (a_k − t_k)². δ = (2/K)(a − t) ⊙ g'(z).
- bce: binary cross-entropy on sigmoid outputs: −Σ_k [t log a + (1 − t) log(1 − a)]. δ = a − t.
- softmax_ce: cross-entropy on a softmax output: −Σ_k t_k log a_k. δ = a − t.

Cross-entropy losses and their ∂E/∂a are computed from z, never from a rounded a: they stay
exact where a unit saturates (a rounds to 0 or 1) and overflow to ±inf only where the true
value does (JSON answers then carry null).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from .activations import Activation

Array = np.ndarray


@dataclass(frozen=True)
class Loss:
    name: str
    title: str
    formula: str
    # (z, a, t) -> (m,): the output layer's net input and output, and the targets. Most
    # losses read a; cross-entropy on a sigmoid reads z, which is exact where a saturates.
    per_example: Callable[[Array, Array, Array], Array]
    # (z, a, t) -> ∂E_i/∂a, shape (m, K): the first factor of the chain rule (inspector).
    output_grad: Callable[[Array, Array, Array], Array]
    output_delta: Callable[[Array, Array, Array, Activation], Array]  # (z, a, t, act) -> (m, K)
    # The output activation this loss requires, or None for any.
    requires_output: Optional[str] = None

    @property
    def direct_delta(self) -> bool:
        """δ_L = a − t directly: the output's g'(z) cancels the loss's denominator."""
        return self.requires_output is not None

    def value(self, z: Array, a: Array, t: Array) -> float:
        return mean(self.per_example(z, a, t))


def mean(values: Array) -> float:
    """The mean of (m,) values: what np.mean computes (pairwise sum / m) without its overhead."""
    return float(np.add.reduce(values)) / len(values)


# np.add.reduce and np.maximum/np.minimum are what np.sum and np.clip call, minus the Python
# wrappers that cost more than the arithmetic on the trace path's small batches.
_row_sum = np.add.reduce


def _half_sse(z: Array, a: Array, t: Array) -> Array:
    d = a - t
    return 0.5 * _row_sum(d * d, axis=1)


def _mse(z: Array, a: Array, t: Array) -> Array:
    d = a - t
    return _row_sum(d * d, axis=1) / a.shape[1]


def _softplus(z: Array) -> Array:
    """log(1 + e^z), to full relative precision for every z (e^z ≪ 1 included)."""
    return np.logaddexp(0.0, z)


def _bce(z: Array, a: Array, t: Array) -> Array:
    # With a = σ(z): −[t log a + (1 − t) log(1 − a)] = softplus(z) − t·z
    #   = (max(z, 0) − t·z) + softplus(−|z|),
    # summed in that order so that a confidently right prediction keeps its relative digits
    # (z = 30, t = 1: 0 + 9.3576e-14, where softplus(z) − t·z cancels to 9.237e-14). One
    # transcendental call, which matters on the traced step's small batches.
    loss = np.maximum(z, 0.0)
    loss -= t * z
    loss += _softplus(-np.abs(z))
    return _row_sum(loss, axis=1)


def _bce_output_grad(z: Array, a: Array, t: Array) -> Array:
    # (a − t) / (a(1 − a)) = (1 − t)/(1 − a) − t/a, and 1/a = 1 + e^−z, 1/(1 − a) = 1 + e^z:
    # exact where a has rounded to 0 or 1 (z = −40, t = 0 gives 1.0).
    with np.errstate(over="ignore"):
        return (1.0 - t) * (1.0 + np.exp(z)) - t * (1.0 + np.exp(-z))


def log_softmax(z: Array) -> Array:
    """log a for a = softmax(z) along the last axis, without forming a (no log of 0)."""
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(_row_sum(np.exp(shifted), axis=-1, keepdims=True))


def _softmax_ce(z: Array, a: Array, t: Array) -> Array:
    return -_row_sum(t * log_softmax(z), axis=1)


def _softmax_ce_output_grad(z: Array, a: Array, t: Array) -> Array:
    # −t_k / a_k = −t_k · e^(−log a_k); 0 where t_k = 0 (its term is absent from E).
    with np.errstate(over="ignore"):
        return np.where(t != 0.0, -t * np.exp(-log_softmax(z)), 0.0)


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("half_sse", "half sum of squares", "E = ½ Σ (a − t)²", _half_sse,
             lambda z, a, t: a - t,
             lambda z, a, t, act: (a - t) * act.derivative(z, a)),
        Loss("mse", "mean squared error", "E = (1/K) Σ (a − t)²", _mse,
             lambda z, a, t: (2.0 / a.shape[1]) * (a - t),
             lambda z, a, t, act: (2.0 / a.shape[1]) * (a - t) * act.derivative(z, a)),
        # With a sigmoid output the g'(z) of the chain rule cancels the loss's denominator
        # a(1 − a) exactly, so δ = a − t is both exact and free of division by zero.
        Loss("bce", "binary cross-entropy", "E = −Σ [t log a + (1 − t) log(1 − a)]", _bce,
             _bce_output_grad,
             lambda z, a, t, act: a - t, requires_output="sigmoid"),
        Loss("softmax_ce", "softmax cross-entropy", "E = −Σ t log a", _softmax_ce,
             _softmax_ce_output_grad,
             lambda z, a, t, act: a - t, requires_output="softmax"),
    )
}


def get_loss(name: str) -> Loss:
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r}; choose one of {sorted(LOSSES)}")
