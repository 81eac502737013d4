"""Datasets, regenerated deterministically from a spec (so the server stores none).

A dataset yields inputs x (m, n_0) and targets t (m, n_L), split into train and test.
Fixed sets: 'mazur' (seed 004's single pair), 'xor' (four points).
Custom points: name 'custom' with `points` = [[x1, x2, …, label_or_target], …].
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Optional

import numpy as np

Array = np.ndarray
MAX_POINTS = 2000


@dataclass(frozen=True)
class DatasetSpec:
    name: str = "mazur"
    n: int = 500
    noise: float = 0.0
    train_share: float = 1.0
    seed: int = 0
    # For 2-D sets: which input features the network sees (see FEATURES).
    features: tuple[str, ...] = ("x1", "x2")
    # For 'custom': rows of raw inputs followed by the label (classification) or target.
    points: Optional[tuple[tuple[float, ...], ...]] = None


@dataclass(frozen=True)
class Data:
    """x_*: network inputs (m, n_0); t_*: targets (m, n_L); raw_*: the points before any
    feature transform (m, d), for plotting; domain: the (low, high) of each raw input axis."""

    x_train: Array
    t_train: Array
    x_test: Array
    t_test: Array
    raw_train: Array
    raw_test: Array
    domain: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    title: str
    kind: str  # 'fixed', 'classification' or 'regression'
    raw_inputs: int
    # (spec, rng) -> raw points (m, d) and labels/targets (m, k)
    generate: Callable[[DatasetSpec, np.random.Generator], tuple[Array, Array]]
    domain: tuple[tuple[float, float], ...]
    uses_features: bool = False


def _mazur(spec, rng):
    return np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])


def _xor(spec, rng):
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return x, np.array([[0.0], [1.0], [1.0], [0.0]])


def _custom(spec, rng):
    if not spec.points:
        raise ValueError("dataset.points: a custom dataset needs at least one point")
    rows = np.asarray(spec.points, dtype=float)
    if rows.ndim != 2 or rows.shape[1] < 2:
        raise ValueError("dataset.points: each point is [x1, …, xd, label]")
    return rows[:, :-1], rows[:, -1:]


DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo("mazur", "Worked example (one pair)", "fixed", 2, _mazur, ((0.0, 1.0), (0.0, 1.0))),
        DatasetInfo("xor", "XOR (four points)", "fixed", 2, _xor, ((-0.5, 1.5), (-0.5, 1.5))),
        DatasetInfo("custom", "Custom points", "classification", 2, _custom, ((-6.0, 6.0), (-6.0, 6.0))),
    )
}


def get_dataset_info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"dataset.name: unknown dataset {name!r}; choose one of {sorted(DATASETS)}")


def to_targets(y: Array, outputs: int, kind: str) -> Array:
    """Labels (m, 1) become one-hot (m, outputs) when a classifier has several outputs."""
    if kind == "classification" and outputs > 1 and y.shape[1] == 1:
        labels = y[:, 0].astype(int)
        if labels.min() < 0 or labels.max() >= outputs:
            raise ValueError(f"dataset: labels must be in 0…{outputs - 1} for {outputs} outputs")
        return np.eye(outputs)[labels]
    if y.shape[1] != outputs:
        raise ValueError(f"dataset {kind}: has {y.shape[1]} target(s) per point but the network has {outputs} output(s)")
    return y


def load(spec: DatasetSpec, outputs: int) -> Data:
    """The train/test data of `spec` for a network with `outputs` output units (cached)."""
    return _load_cached(spec, outputs)


@lru_cache(maxsize=256)
def _load_cached(spec: DatasetSpec, outputs: int) -> Data:
    info = get_dataset_info(spec.name)
    rng = np.random.default_rng([spec.seed, 7])
    raw, y = info.generate(spec, rng)
    t = to_targets(y, outputs, info.kind)
    x = raw
    order = np.random.default_rng([spec.seed, 11]).permutation(len(raw))
    n_train = len(raw) if info.kind == "fixed" else max(1, int(round(spec.train_share * len(raw))))
    train, test = order[:n_train], order[n_train:]
    if info.kind == "fixed":
        train, test = np.arange(len(raw)), np.arange(0)
    arrays = [x[train], t[train], x[test], t[test], raw[train], raw[test]]
    for a in arrays:
        a.setflags(write=False)  # cached arrays are shared: nobody may mutate them
    return Data(*arrays, domain=info.domain)


def input_count(spec: DatasetSpec) -> int:
    """How many input features a network needs for this dataset."""
    info = get_dataset_info(spec.name)
    if info.uses_features:
        return len(spec.features)
    if spec.name == "custom" and spec.points:
        return len(spec.points[0]) - 1
    return info.raw_inputs
