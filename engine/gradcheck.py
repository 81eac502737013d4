"""Gradient check: backprop's gradient against central differences, parameter by parameter.

For every weight and bias θ of the run's current batch (x (m, n_0), t (m, n_L)):

    numeric  = (E(θ + ε) − E(θ − ε)) / 2ε      E: the batch loss with its L2 term
    analytic = ∂E/∂θ as the run computes it for training
    rel_error = |numeric − analytic| / max(|numeric|, |analytic|, SCALE_FLOOR)  (0 when equal)

Central differences err by O(ε²) from truncation plus about 1e-16·E/ε ≈ 1e-11 (E ≈ 1,
ε = 1e-5) from rounding. That rounding error is absolute: for a gradient of 1e-7 (a leaky-ReLU
unit in its 0.01-slope region, say) it alone is a relative error of 1e-4, which says nothing
about backprop. So gradients smaller than SCALE_FLOOR = 1e-4 are measured against 1e-4: below
it, rel_error < 1e-6 demands agreement to 1e-10 absolute, ten times the rounding noise. Above
it, it is the plain relative error, and a correct backprop stays below 1e-6 wherever the loss is
smooth. At a ReLU kink (some z within ε of 0) the loss is not differentiable and the two may
disagree.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .run import Run


@dataclass
class GradCheck:
    entries: list[dict[str, Any]]  # {layer (1-based), kind 'W'|'b', j, i (None for b), numeric, analytic, rel_error}

    @property
    def max_rel_error(self) -> float:
        return max((e["rel_error"] for e in self.entries), default=0.0)


SCALE_FLOOR = 1e-4


def relative_error(numeric: float, analytic: float) -> float:
    return abs(numeric - analytic) / max(abs(numeric), abs(analytic), SCALE_FLOOR)


def gradient_check(run: Run, epsilon: float = 1e-5) -> GradCheck:
    """Check every parameter of `run` on its current batch; the run itself is left unchanged."""
    x, t = run.batch_arrays()
    grad_w, grad_b = run.batch_gradient(x, t)
    params = run.params.copy()  # perturbed in place, one entry at a time

    def loss() -> float:
        return run.net.loss(params, x, t)

    entries = []
    for l in range(len(params.weights)):
        for kind, values, grads in (("W", params.weights[l], grad_w[l]), ("b", params.biases[l], grad_b[l])):
            for index in np.ndindex(values.shape):
                saved = values[index]
                values[index] = saved + epsilon
                plus = loss()
                values[index] = saved - epsilon
                minus = loss()
                values[index] = saved
                numeric = (plus - minus) / (2.0 * epsilon)
                analytic = float(grads[index])
                entries.append({"layer": l + 1, "kind": kind, "j": int(index[0]),
                                "i": int(index[1]) if kind == "W" else None, "numeric": numeric,
                                "analytic": analytic, "rel_error": relative_error(numeric, analytic)})
    return GradCheck(entries)
