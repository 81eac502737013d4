"""The configuration of a network and of its training: plain, validated, immutable.

A `Config` is everything a user chooses; with a dataset spec and parameters it fixes a run.
Limits here mirror the API's pydantic bounds so that the engine alone also refuses nonsense.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from .activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from .losses import LOSSES

MAX_HIDDEN_LAYERS = 8
MAX_UNITS = 16
MAX_INPUTS = 7
MAX_OUTPUTS = 16
INITIALISERS = ("xavier", "he", "uniform", "explicit")
MAX_LEARNING_RATE = 10.0  # η in (0, MAX_LEARNING_RATE]
MAX_L2 = 10.0  # λ in [0, MAX_L2]
MAX_MOMENTUM = 1.0  # μ in [0, MAX_MOMENTUM)


@dataclass(frozen=True)
class LayerSpec:
    units: int
    activation: str


@dataclass(frozen=True)
class Config:
    """`layers` lists the hidden layers then the output layer (so len(layers) = L ≥ 1)."""

    inputs: int
    layers: tuple[LayerSpec, ...]
    loss: str = "half_sse"
    learning_rate: float = 0.1
    batch_size: Optional[int] = None  # None: the full training set each iteration
    l2: float = 0.0
    momentum: float = 0.0
    freeze_biases: bool = False
    init: str = "xavier"
    seed: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "layers", tuple(self.layers))
        validate_config(self)

    @property
    def sizes(self) -> list[int]:
        """Units per layer, input layer first: [n_0, n_1, …, n_L]."""
        return [self.inputs] + [layer.units for layer in self.layers]

    @property
    def outputs(self) -> int:
        return self.layers[-1].units

    def with_changes(self, **changes) -> "Config":
        return replace(self, **changes)


def validate_config(cfg: Config) -> None:
    """Raise ValueError naming the field and the allowed range when `cfg` is out of bounds."""
    _check_range("inputs", cfg.inputs, 1, MAX_INPUTS)
    if not cfg.layers:
        raise ValueError("layers: at least the output layer is required")
    hidden = cfg.layers[:-1]
    if len(hidden) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"layers: at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(hidden)}")
    for i, layer in enumerate(hidden):
        _check_range(f"layers[{i}].units", layer.units, 1, MAX_UNITS)
        if layer.activation not in HIDDEN_ACTIVATIONS:
            raise ValueError(f"layers[{i}].activation: choose one of {list(HIDDEN_ACTIVATIONS)}")
    out = cfg.layers[-1]
    _check_range(f"layers[{len(cfg.layers) - 1}].units", out.units, 1, MAX_OUTPUTS)
    if out.activation not in ACTIVATIONS:
        raise ValueError(f"layers[{len(cfg.layers) - 1}].activation: choose one of {sorted(ACTIVATIONS)}")
    if cfg.loss not in LOSSES:
        raise ValueError(f"loss: choose one of {sorted(LOSSES)}")
    required = LOSSES[cfg.loss].requires_output
    if required and out.activation != required:
        raise ValueError(f"loss: {cfg.loss!r} needs a {required} output layer, got {out.activation!r}")
    last = len(cfg.layers) - 1
    if out.activation == "softmax" and cfg.loss != "softmax_ce":
        raise ValueError(f"loss: a softmax output layer goes with loss 'softmax_ce', got {cfg.loss!r}")
    if out.activation == "softmax" and out.units < 2:
        raise ValueError(f"layers[{last}].units: a softmax output layer needs at least 2 units, got {out.units}")
    if not (0.0 < cfg.learning_rate <= MAX_LEARNING_RATE):
        raise ValueError(f"learning_rate: must be in (0, {MAX_LEARNING_RATE:g}]")
    if cfg.batch_size is not None and cfg.batch_size < 1:
        raise ValueError("batch_size: must be ≥ 1, or null for the full batch")
    if not (0.0 <= cfg.l2 <= MAX_L2):
        raise ValueError(f"l2: must be in [0, {MAX_L2:g}]")
    if not (0.0 <= cfg.momentum < MAX_MOMENTUM):
        raise ValueError(f"momentum: must be in [0, {MAX_MOMENTUM:g})")
    if cfg.init not in INITIALISERS:
        raise ValueError(f"init: choose one of {list(INITIALISERS)}")


def _check_range(name: str, value: int, low: int, high: int) -> None:
    if not (low <= value <= high):
        raise ValueError(f"{name}: must be between {low} and {high}, got {value}")
