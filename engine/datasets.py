"""Datasets, regenerated deterministically from a spec (so the server stores none).

A dataset yields network inputs x (m, n_0) and targets t (m, n_L), split into train and test.
- Fixed sets: 'mazur' (seed 004's single pair), 'xor' (the four XOR points).
- Synthetic 2-D classification sets: 'circle', 'xor_quadrants', 'gaussians', 'spiral' (two
  classes), 'three_gaussians' and 'spiral3' (three classes, for a softmax output).
- Regression sets: 'sine' (1-D), 'plane' (2-D).
- 'custom': `points` = [[x1, …, xd, label_or_target], …] given inline.
Synthetic sets are seeded (spec.seed), have noise and a train/test split; their domain is
[−3, 3] per axis (see generators.py for why). Sets with 1 or 2 raw coordinates pass through
the feature transforms of features.py (spec.features), so the network has len(features) inputs.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Optional

import numpy as np

from . import generators as gen
from .features import allowed_features, apply_features, check_features

Array = np.ndarray
MIN_POINTS, MAX_POINTS, DEFAULT_POINTS = 4, 2000, 500
DEFAULT_TRAIN_SHARE = 0.5  # what the page and the 2-D presets start from for generated sets
MIN_TRAIN_SHARE = 0.1


@dataclass(frozen=True)
class DatasetSpec:
    name: str = "mazur"
    n: int = DEFAULT_POINTS
    noise: float = 0.0
    train_share: float = 1.0
    seed: int = 0
    # Which input features the network sees (see features.FEATURES), for sets that use them.
    features: tuple[str, ...] = ("x1", "x2")
    # For 'custom': rows of raw inputs followed by the label (classification) or target.
    points: Optional[tuple[tuple[float, ...], ...]] = None


@dataclass(frozen=True)
class Data:
    """x_*: network inputs (m, n_0); t_*: targets (m, n_L); raw_*: the points before any
    feature transform (m, d), for plotting; domain: the (low, high) of each raw input axis;
    features: the transforms applied to raw points (None: x is raw)."""

    x_train: Array
    t_train: Array
    x_test: Array
    t_test: Array
    raw_train: Array
    raw_test: Array
    domain: tuple[tuple[float, float], ...]
    features: Optional[tuple[str, ...]] = None


@dataclass(frozen=True)
class DatasetInfo:
    name: str
    title: str
    kind: str  # 'fixed', 'classification', 'regression' or 'custom'
    raw_inputs: int
    # (spec, rng) -> raw points (m, d) and labels/targets (m, 1)
    generate: Callable[[DatasetSpec, np.random.Generator], tuple[Array, Array]]
    domain: tuple[tuple[float, float], ...]
    uses_features: bool = True
    # Classes of a labelled set (labels 0…classes−1), None for targets (regression, mazur,
    # custom points whose labels the user chooses): the page sizes the output layer from it.
    classes: Optional[int] = None
    # Spec fields a client may set for this set (the rest are ignored).
    parameters: tuple[str, ...] = ("n", "noise", "train_share", "seed", "features")


def _mazur(spec, rng):
    return np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])


def _xor(spec, rng):
    x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return x, np.array([[0.0], [1.0], [1.0], [0.0]])


def _custom_rows(spec: DatasetSpec) -> Array:
    if not spec.points:
        raise ValueError("dataset.points: a custom dataset needs at least one point")
    if len(spec.points) > MAX_POINTS:
        raise ValueError(f"dataset.points: at most {MAX_POINTS} points, got {len(spec.points)}")
    try:
        rows = np.asarray(spec.points, dtype=float)
    except ValueError:
        raise ValueError("dataset.points: every point must have the same length [x1, …, xd, label]")
    if rows.ndim != 2 or rows.shape[1] < 2:
        raise ValueError("dataset.points: each point is [x1, …, xd, label]")
    if not np.isfinite(rows).all():
        raise ValueError("dataset.points: coordinates and labels must be finite numbers")
    return rows


def _custom(spec, rng):
    rows = _custom_rows(spec)
    return rows[:, :-1], rows[:, -1:]


def _synthetic(make):
    return lambda spec, rng: make(spec.n, spec.noise, rng)


_FIXED_XOR_DOMAIN = ((-0.5, 1.5), (-0.5, 1.5))
DATASETS: dict[str, DatasetInfo] = {
    info.name: info
    for info in (
        DatasetInfo("mazur", "Worked example (one pair)", "fixed", 2, _mazur, ((0.0, 1.0), (0.0, 1.0)),
                    uses_features=False, parameters=()),
        DatasetInfo("xor", "XOR (four points)", "fixed", 2, _xor, _FIXED_XOR_DOMAIN, parameters=("features",),
                    classes=2),
        DatasetInfo("circle", "Circle", "classification", 2, _synthetic(gen.circle), gen.DOMAIN_2D, classes=2),
        DatasetInfo("xor_quadrants", "XOR quadrants", "classification", 2, _synthetic(gen.xor_quadrants),
                    gen.DOMAIN_2D, classes=2),
        DatasetInfo("gaussians", "Two Gaussians", "classification", 2, _synthetic(gen.gaussians), gen.DOMAIN_2D,
                    classes=2),
        DatasetInfo("three_gaussians", "Three Gaussians (3 classes)", "classification", 2,
                    _synthetic(gen.three_gaussians), gen.DOMAIN_2D, classes=3),
        DatasetInfo("spiral", "Spiral", "classification", 2, _synthetic(gen.spiral), gen.DOMAIN_2D, classes=2),
        DatasetInfo("spiral3", "Three-arm spiral (3 classes)", "classification", 2, _synthetic(gen.spiral3),
                    gen.DOMAIN_2D, classes=3),
        DatasetInfo("sine", "Sine (1-D regression)", "regression", 1, _synthetic(gen.sine), gen.DOMAIN_1D),
        DatasetInfo("plane", "Plane (2-D regression)", "regression", 2, _synthetic(gen.plane), gen.DOMAIN_2D),
        # Custom points: features apply when they have 1 or 2 coordinates; the domain is their
        # bounding box (see custom_domain); the entry's domain is only the page's default canvas.
        DatasetInfo("custom", "Custom points", "custom", 2, _custom, gen.DOMAIN_2D,
                    parameters=("points", "train_share", "seed", "features")),
    )
}


def get_dataset_info(name: str) -> DatasetInfo:
    try:
        return DATASETS[name]
    except KeyError:
        raise ValueError(f"dataset.name: unknown dataset {name!r}; choose one of {sorted(DATASETS)}")


def raw_input_count(spec: DatasetSpec) -> int:
    """Coordinates per raw point: fixed per set, or the custom points' length minus the label."""
    if spec.name == "custom" and spec.points:
        return len(spec.points[0]) - 1
    return get_dataset_info(spec.name).raw_inputs


def features_apply(spec: DatasetSpec) -> bool:
    return get_dataset_info(spec.name).uses_features and raw_input_count(spec) <= 2


def input_count(spec: DatasetSpec) -> int:
    """How many input features a network needs for this dataset."""
    return len(spec.features) if features_apply(spec) else raw_input_count(spec)


def validate_spec(spec: DatasetSpec) -> None:
    """Raise ValueError naming the field and its allowed range."""
    info = get_dataset_info(spec.name)
    if info.kind == "custom":
        _custom_rows(spec)
    if "n" in info.parameters and not (MIN_POINTS <= spec.n <= MAX_POINTS):
        raise ValueError(f"dataset.n: must be between {MIN_POINTS} and {MAX_POINTS}, got {spec.n}")
    if not (0.0 <= spec.noise <= 1.0):
        raise ValueError(f"dataset.noise: must be in [0, 1], got {spec.noise}")
    if not (MIN_TRAIN_SHARE <= spec.train_share <= 1.0):
        raise ValueError(f"dataset.train_share: must be in [{MIN_TRAIN_SHARE}, 1], got {spec.train_share}")
    if features_apply(spec):
        check_features(tuple(spec.features), raw_input_count(spec), spec.name)


def to_targets(y: Array, outputs: int, kind: str, loss: str = "") -> Array:
    """Labels y (m, 1) → targets (m, outputs): one-hot (m, K) when the network has K > 1
    outputs, else y itself. With one output unit under binary cross-entropy (`loss` 'bce'), or
    for a classification set, the targets are labels 0/1 (or probabilities between): a label
    the unit cannot represent (2) is refused, naming what to change. Under a regression loss a target is a target and passes
    unchecked (a sigmoid asked for 2 trains poorly, visibly)."""
    if kind in ("classification", "custom", "fixed") and outputs > 1 and y.shape[1] == 1:
        labels = y[:, 0]
        bad = labels[(labels != np.round(labels)) | (labels < 0) | (labels >= outputs)]
        if len(bad):
            raise ValueError(_label_refusal(float(bad[0]), outputs, kind))
        return np.eye(outputs)[labels.astype(int)]
    if y.shape[1] != outputs:
        raise ValueError(f"dataset ({kind}): has {y.shape[1]} target(s) per point but the network has "
                         f"{outputs} output(s)")
    if (loss == "bce" or kind == "classification") and len(y):  # labels, not regression targets
        outside = y[(y < 0.0) | (y > 1.0)]
        if len(outside):
            raise ValueError(_label_refusal(float(outside[0]), outputs, kind))
    return y


def _label_refusal(label: float, outputs: int, kind: str) -> str:
    """Why `label` cannot be a target of this output layer, and what to change; the field is
    the points for custom data, the dataset's name for a generated set."""
    shown, field = f"{label:g}", "dataset.points" if kind == "custom" else "dataset.name"
    whole = label == round(label) and label >= 0
    if outputs == 1:
        what = (f"label {shown} needs an output layer with at least {int(label) + 1} units and softmax "
                f"(loss softmax_ce), one unit per class 0…{int(label)}" if whole and label >= 2 else
                f"label {shown} is not a class or a probability")
        return (f"{field}: {what}; this network has 1 output unit, which takes labels 0 and 1. "
                "Change the output layer or the labels")
    if whole:
        return (f"{field}: label {shown} needs an output layer with at least {int(label) + 1} units "
                f"(one per class 0…{int(label)}); this one has {outputs}: add units to the output layer "
                f"or use labels 0…{outputs - 1}")
    return (f"{field}: label {shown} is not a class: with {outputs} output units the labels are "
            f"whole numbers 0…{outputs - 1}")


def custom_domain(raw: Array) -> tuple[tuple[float, float], ...]:
    """The points' bounding box per axis, padded by 10 % (at least ±0.5) so none sits on the edge."""
    low, high = raw.min(axis=0), raw.max(axis=0)
    pad = np.maximum(0.1 * (high - low), 0.5)
    return tuple((float(lo - p), float(hi + p)) for lo, hi, p in zip(low, high, pad))


def load(spec: DatasetSpec, outputs: int, loss: str = "") -> Data:
    """The train/test data of `spec` for a network with `outputs` output units trained with
    `loss` (cached)."""
    return _load_cached(spec, outputs, loss)


@lru_cache(maxsize=256)
def _load_cached(spec: DatasetSpec, outputs: int, loss: str = "") -> Data:
    validate_spec(spec)
    info = get_dataset_info(spec.name)
    raw, y = info.generate(spec, np.random.default_rng([spec.seed, 7]))
    t = to_targets(y, outputs, info.kind, loss)
    features = tuple(spec.features) if features_apply(spec) else None
    x = apply_features(raw, features) if features else raw
    if info.kind == "fixed":
        train, test = np.arange(len(raw)), np.arange(0)
    else:
        order = np.random.default_rng([spec.seed, 11]).permutation(len(raw))
        n_train = max(1, int(round(spec.train_share * len(raw))))
        train, test = order[:n_train], order[n_train:]
    arrays = [np.ascontiguousarray(a) for a in (x[train], t[train], x[test], t[test], raw[train], raw[test])]
    for a in arrays:
        a.setflags(write=False)  # cached arrays are shared: nobody may mutate them
    domain = custom_domain(raw) if info.kind == "custom" else info.domain
    return Data(*arrays, domain=domain, features=features)


def describe() -> list[dict[str, Any]]:
    """Every dataset and the spec fields it uses, with ranges and defaults, for the API listing."""
    return [_describe(info) for info in DATASETS.values()]


def _describe(info: DatasetInfo) -> dict[str, Any]:
    ranges: dict[str, Any] = {
        "n": {"min": MIN_POINTS, "max": MAX_POINTS, "default": DEFAULT_POINTS},
        "noise": {"min": 0.0, "max": 1.0, "default": 0.0},
        # Half the points train and half test, as in TensorFlow Playground, so the loss chart
        # shows both curves; clicked or pasted points all train unless the user says otherwise.
        "train_share": {"min": MIN_TRAIN_SHARE, "max": 1.0,
                        "default": 1.0 if info.kind == "custom" else DEFAULT_TRAIN_SHARE},
        "seed": {"min": 0, "max": 2**32 - 1, "default": 0},
        "features": {"allowed": allowed_features(info.raw_inputs),
                     "default": ["x1", "x2"][:info.raw_inputs]},
        "points": {"min": 1, "max": MAX_POINTS, "default": None,
                   "row": "[x1, …, xd, label or target]; features apply when d ≤ 2"},
    }
    described = {"name": info.name, "title": info.title, "kind": info.kind, "raw_inputs": info.raw_inputs,
                 "classes": info.classes,
                 "domain": [list(axis) for axis in info.domain],
                 "parameters": {name: ranges[name] for name in info.parameters}}
    if info.kind == "fixed":  # its points are the set itself: say how many (the page shows it)
        described["size"] = len(info.generate(DatasetSpec(name=info.name), np.random.default_rng(0))[0])
    return described
