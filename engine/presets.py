"""Ready-made networks a user starts from. Each preset builds a fresh Run."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .config import Config, LayerSpec
from .datasets import DEFAULT_TRAIN_SHARE, DatasetSpec
from .network import Params
from .run import Run
from .state import new_run


@dataclass(frozen=True)
class Preset:
    id: str
    title: str
    description: str
    build: Callable[[], Run]
    # The auto-train speed the page starts at: iterations per second, or "max". Full speed
    # shows a 2-D preset learning within seconds; the worked example stays slow enough to read.
    speed: float | str = "max"


def _mazur() -> Run:
    """Seed 004's worked 2-2-2 example; starting point as in ../shared/seeds/README.md."""
    cfg = Config(inputs=2, layers=(LayerSpec(2, "sigmoid"), LayerSpec(2, "sigmoid")), loss="half_sse",
                 learning_rate=0.5, batch_size=None, freeze_biases=True, init="explicit", seed=0)
    params = Params(
        weights=[np.array([[0.15, 0.20], [0.25, 0.30]]),  # w1 w2 (→ h1), w3 w4 (→ h2)
                 np.array([[0.40, 0.45], [0.50, 0.55]])],  # w5 w6 (→ o1), w7 w8 (→ o2)
        biases=[np.array([0.35, 0.35]), np.array([0.60, 0.60])],  # b1, b2 shared by a layer
    )
    return new_run(cfg, DatasetSpec(name="mazur"), params)


def _xor() -> Run:
    cfg = Config(inputs=2, layers=(LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid")), loss="bce",
                 learning_rate=0.5, batch_size=None, init="xavier", seed=1)
    return new_run(cfg, DatasetSpec(name="xor"))


def _generated(name: str, hidden: tuple[int, ...], features=("x1", "x2"), noise: float = 0.1,
               learning_rate: float = 0.1, output: str = "sigmoid", loss: str = "bce", seed: int = 1,
               outputs: int = 1) -> Run:
    """A TensorFlow-Playground-like start: 500 points, half for training, batch 10, tanh units."""
    layers = tuple(LayerSpec(units, "tanh") for units in hidden) + (LayerSpec(outputs, output),)
    cfg = Config(inputs=len(features), layers=layers, loss=loss, learning_rate=learning_rate,
                 batch_size=10, init="xavier", seed=seed)
    spec = DatasetSpec(name=name, n=500, noise=noise, train_share=DEFAULT_TRAIN_SHARE, seed=seed,
                       features=tuple(features))
    return new_run(cfg, spec)


PRESETS: dict[str, Preset] = {
    p.id: p
    for p in (
        Preset("mazur", "Worked example 2-2-2 (Mazur)",
               "Seed 004: inputs 0.05, 0.10; targets 0.01, 0.99; logistic units; η = 0.5; biases frozen.",
               _mazur, speed=5),
        Preset("xor", "XOR 2-3-1", "The four XOR points; tanh hidden layer, sigmoid output, cross-entropy.", _xor),
        Preset("gaussians", "Two Gaussians 2-2-1",
               "Two noisy blobs, one per class: nearly a straight line apart. Two tanh units, sigmoid output, "
               "cross-entropy, η = 0.1; half train, half test; batch 10.",
               lambda: _generated("gaussians", (2,), noise=0.3)),
        Preset("three_gaussians", "Three Gaussians 2-8-3 (softmax)",
               "Three classes: a softmax output with one unit per class and softmax cross-entropy "
               "(δ = a − t at the output); the plot colours each class's region; half train, half test.",
               lambda: _generated("three_gaussians", (8,), noise=0.3, output="softmax", loss="softmax_ce",
                                  outputs=3)),
        Preset("circle", "Circle 2-8-8-1",
               "500 noisy points, a ring around a disc; half train, half test; batch 10; cross-entropy.",
               lambda: _generated("circle", (8, 8))),
        Preset("xor_quadrants", "XOR quadrants 2-8-8-1",
               "Points labelled by the sign of x1·x2; try adding the x1x2 feature.",
               lambda: _generated("xor_quadrants", (8, 8))),
        Preset("spiral", "Spiral 4-8-8-8-1",
               "Two interleaved spirals: hard. Inputs x1, x2, sin x1, sin x2; three hidden layers.",
               lambda: _generated("spiral", (8, 8, 8), features=("x1", "x2", "sin_x1", "sin_x2"),
                                  learning_rate=0.1)),
        Preset("spiral3", "Three-arm spiral 4-8-8-3 (softmax)",
               "Three interleaved arms, one class each: a softmax output of three units; inputs x1, x2, "
               "sin x1, sin x2; half train, half test.",
               lambda: _generated("spiral3", (8, 8), features=("x1", "x2", "sin_x1", "sin_x2"), output="softmax",
                                  loss="softmax_ce", outputs=3)),
        Preset("sine", "Sine regression 1-8-8-1",
               "Fit y = sin(x) from noisy samples: a linear output and the mean squared error.",
               lambda: _generated("sine", (8, 8), features=("x1",), output="linear", loss="mse",
                                  learning_rate=0.03)),
    )
}


def build_preset(preset_id: str) -> Run:
    try:
        return PRESETS[preset_id].build()
    except KeyError:
        raise KeyError(f"unknown preset {preset_id!r}; choose one of {sorted(PRESETS)}")
