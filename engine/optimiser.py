"""Gradient descent with an optional momentum term and an option to freeze the biases.

Update with momentum μ and learning rate η (classical momentum):
    v ← μ v − η ∂E/∂θ ;  θ ← θ + v
With μ = 0 this is plain θ ← θ − η ∂E/∂θ, the update of seeds 002 and 004.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import numpy as np

from .network import Params


@dataclass
class Velocity:
    """Momentum state, shaped like the parameters; None in a state means all zeros."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]

    @classmethod
    def zeros_like(cls, params: Params) -> "Velocity":
        return cls([np.zeros_like(w) for w in params.weights], [np.zeros_like(b) for b in params.biases])


def sgd_update(params: Params, grad_w: list[np.ndarray], grad_b: list[np.ndarray],
               learning_rate: float, momentum: float = 0.0, freeze_biases: bool = False,
               velocity: Optional[Velocity] = None) -> tuple[Params, Optional[Velocity]]:
    """Return new parameters (and velocity); the inputs are left untouched."""
    if momentum == 0.0:
        weights = [w - learning_rate * g for w, g in zip(params.weights, grad_w)]
        biases = params.biases if freeze_biases else [
            b - learning_rate * g for b, g in zip(params.biases, grad_b)]
        return Params(weights, list(biases)), velocity
    if velocity is None:
        velocity = Velocity.zeros_like(params)
    vw = [momentum * v - learning_rate * g for v, g in zip(velocity.weights, grad_w)]
    weights = [w + v for w, v in zip(params.weights, vw)]
    if freeze_biases:
        vb, biases = velocity.biases, list(params.biases)
    else:
        vb = [momentum * v - learning_rate * g for v, g in zip(velocity.biases, grad_b)]
        biases = [b + v for b, v in zip(params.biases, vb)]
    return Params(weights, biases), Velocity(vw, vb)
