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


@dataclass(frozen=True)
class Feature:
    name: str
    title: str
    needs: int  # how many raw coordinates it reads: 1 uses x1 only, 2 uses x2
    fn: Callable[[Array, Array], Array]  # (x1 (m,), x2 (m,) or None) -> (m,)


FEATURES: dict[str, Feature] = {
    f.name: f
    for f in (
        Feature("x1", "x₁", 1, lambda x1, x2: x1),
        Feature("x2", "x₂", 2, lambda x1, x2: x2),
        Feature("x1^2", "x₁²", 1, lambda x1, x2: x1 * x1),
        Feature("x2^2", "x₂²", 2, lambda x1, x2: x2 * x2),
        Feature("x1x2", "x₁·x₂", 2, lambda x1, x2: x1 * x2),
        Feature("sin_x1", "sin x₁", 1, lambda x1, x2: np.sin(x1)),
        Feature("sin_x2", "sin x₂", 2, lambda x1, x2: np.sin(x2)),
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
