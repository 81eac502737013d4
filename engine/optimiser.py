"""Momentum state for gradient descent (the update itself is kernel.Kernel.update).

Update with momentum μ and learning rate η (classical momentum):
    v ← μ v − η ∂E/∂θ ;  θ ← θ + v
With μ = 0 this is plain θ ← θ − η ∂E/∂θ, the update of seeds 002 and 004.
"""
from __future__ import annotations

from dataclasses import dataclass

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
