"""Request examples for /docs, built from the engine so they are always valid documents."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from engine.presets import build_preset
from engine.state import to_document


@lru_cache(maxsize=None)
def _preset_state(preset_id: str) -> dict[str, Any]:
    return to_document(build_preset(preset_id))


def mazur_state() -> dict[str, Any]:
    return _preset_state("mazur")


def xor_state() -> dict[str, Any]:
    return _preset_state("xor")


def step_examples() -> dict[str, Any]:
    return {
        "one iteration": {"summary": "One iteration of the worked example",
                          "value": {"state": mazur_state(), "unit": "iteration", "iterations": 1}},
        "next phase": {"summary": "Show the next phase (forward layer 1 first)",
                       "value": {"state": mazur_state(), "unit": "phase", "iterations": 1}},
        "ten epochs": {"summary": "Ten epochs of XOR",
                       "value": {"state": xor_state(), "unit": "epoch", "iterations": 10}},
    }


def network_examples() -> dict[str, Any]:
    return {
        "xor 2-4-1": {"summary": "A 2-4-1 tanh network on XOR", "value": {
            "config": {"inputs": 2, "layers": [{"units": 4, "activation": "tanh"},
                                               {"units": 1, "activation": "sigmoid"}],
                       "loss": "bce", "learning_rate": 0.5, "seed": 3},
            "dataset": {"name": "xor"}}},
        "custom points": {"summary": "Inline points: [x1, x2, label]", "value": {
            "config": {"inputs": 2, "layers": [{"units": 3, "activation": "relu"},
                                               {"units": 1, "activation": "sigmoid"}],
                       "loss": "bce", "learning_rate": 0.3, "batch_size": 2},
            "dataset": {"name": "custom", "points": [[-1, -1, 0], [1, 1, 0], [-1, 1, 1], [1, -1, 1]]}}},
    }


def state_examples() -> dict[str, Any]:
    return {"worked example": {"summary": "The worked example's state", "value": {"state": mazur_state()}}}


def grid_examples() -> dict[str, Any]:
    return {"xor": {"summary": "A 20 × 20 output grid and 10 × 10 hidden-unit grids",
                    "value": {"state": xor_state(), "size": 20, "hidden_size": 10}}}
