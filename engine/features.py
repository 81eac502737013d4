"""Input feature transforms: what the network sees of a raw point (TF Playground's feature list).

A raw point has d = 1 or 2 coordinates (x1, x2). A feature list names the network's inputs in
order, e.g. ("x1", "x2", "x1x2"), so the network has len(features) inputs.

    raw (m, d)  --apply_features-->  x (m, len(features))
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

Array = np.ndarray


# A feature's formula: an operation on raw coordinates (0 = x1, 1 = x2). The engine computes
# the feature from it and the page draws the feature's picture over the input plane from the
# same formula (/api/registry gives op and args), so the two cannot disagree.
OPERATIONS: dict[str, Callable[..., Array]] = {
    "identity": lambda a: a,
    "square": lambda a: a * a,
    "product": lambda a, b: a * b,
    "sin": np.sin,
}


@dataclass(frozen=True)
class Feature:
    name: str
    title: str  # the display label (diagram, editor): x₁, x₁², sin x₁
    op: str  # a key of OPERATIONS
    args: tuple[int, ...]  # the raw coordinates it reads, 0 = x1, 1 = x2

    @property
    def needs(self) -> int:
        """How many raw coordinates it reads: 1 uses x1 only, 2 uses x2."""
        return max(self.args) + 1

    def fn(self, x1: Array, x2: Array | None) -> Array:
        """x1 (m,), x2 (m,) or None -> (m,)."""
        coords = (x1, x2)
        return OPERATIONS[self.op](*(coords[k] for k in self.args))


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x₁", "identity", (0,)),
        Feature("x2", "x₂", "identity", (1,)),
        Feature("x1^2", "x₁²", "square", (0,)),
        Feature("x2^2", "x₂²", "square", (1,)),
        Feature("x1x2", "x₁x₂", "product", (0, 1)),
        Feature("sin_x1", "sin x₁", "sin", (0,)),
        Feature("sin_x2", "sin x₂", "sin", (1,)),
    )
}


def allowed_features(raw_inputs: int) -> list[str]:
    """The feature names usable on raw points with `raw_inputs` coordinates."""
    return [name for name, f in FEATURES.items() if f.needs <= raw_inputs]


def check_features(features: tuple[str, ...], raw_inputs: int, dataset: str) -> None:
    """Raise ValueError naming `dataset.features` when the list is empty, unknown or unusable."""
    if not features:
        raise ValueError("dataset.features: choose at least one feature")
    allowed = allowed_features(raw_inputs)
    for name in features:
        if name not in FEATURES:
            raise ValueError(f"dataset.features: unknown feature {name!r}; choose from {list(FEATURES)}")
        if name not in allowed:
            raise ValueError(f"dataset.features: {name!r} needs a 2-D dataset; {dataset!r} has "
                             f"{raw_inputs} input, so choose from {allowed}")
    if len(set(features)) != len(features):
        raise ValueError("dataset.features: each feature may appear once")


def apply_features(raw: Array, features: tuple[str, ...]) -> Array:
    """raw (m, d) with d ∈ {1, 2} → network inputs (m, len(features)), a fresh C-ordered array."""
    x1 = raw[:, 0]
    x2 = raw[:, 1] if raw.shape[1] > 1 else None
    out = np.empty((len(raw), len(features)))
    for k, name in enumerate(features):
        out[:, k] = FEATURES[name].fn(x1, x2)
    return out
