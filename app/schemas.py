"""Pydantic models of what clients send. Bounds live here so they show in /openapi.json and
are enforced on every request; unknown fields and NaN/±inf are rejected everywhere."""
from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from engine.activations import ACTIVATIONS
from engine.config import (INITIALISERS, MAX_HIDDEN_LAYERS, MAX_INPUTS, MAX_L2, MAX_LEARNING_RATE, MAX_MOMENTUM,
                           MAX_OUTPUTS, MAX_UNITS)
from engine.datasets import DATASETS, MAX_POINTS
from engine.features import FEATURES
from engine.grids import MIN_GRID
from engine.losses import LOSSES

from . import examples
from .settings import get_settings

# Server limits come from the one Settings object (read once at start-up), so /openapi.json,
# the answers and the page (GET /api/registry) all say the same number.
MAX_ITERATIONS = get_settings().max_iterations_per_request
MAX_GRID = get_settings().max_grid
MAX_COUNTER = 10**12
MAX_LAYER_WIDTH = max(MAX_UNITS, MAX_OUTPUTS)
Finite = Annotated[float, Field(allow_inf_nan=False)]
Vector = Annotated[list[Finite], Field(max_length=MAX_LAYER_WIDTH)]
Matrix = Annotated[list[Vector], Field(max_length=MAX_LAYER_WIDTH)]
ActivationName = Literal[tuple(ACTIVATIONS)]  # type: ignore[valid-type]
LossName = Literal[tuple(LOSSES)]  # type: ignore[valid-type]
DatasetName = Literal[tuple(DATASETS)]  # type: ignore[valid-type]
FeatureName = Literal[tuple(FEATURES)]  # type: ignore[valid-type]
Seed = Annotated[int, Field(ge=0, le=2**32 - 1)]


def _none_or_grid(n: int) -> int:
    if 0 < n < MIN_GRID:
        raise ValueError(f"0 for none, or {MIN_GRID} to {MAX_GRID} points a side")
    return n


GridSize = Annotated[int, Field(ge=MIN_GRID, le=MAX_GRID, description=f"points a side ({MIN_GRID}…{MAX_GRID})")]
HiddenGridSize = Annotated[int, Field(ge=0, le=MAX_GRID, description=f"0: none, else {MIN_GRID}…{MAX_GRID} points a side"),
                           AfterValidator(_none_or_grid)]


class Strict(BaseModel):
    """Unknown fields are errors (a typo must not be silently ignored); no NaN or infinity; no
    coercion (false is not 0, "3" is not 3)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, strict=True)


class LayerModel(Strict):
    units: int = Field(ge=1, le=MAX_LAYER_WIDTH,
                       description=f"units in the layer: 1…{MAX_UNITS} (hidden), 1…{MAX_OUTPUTS} (output)")
    activation: ActivationName = Field(description="softmax only on the output layer")


class ConfigModel(Strict):
    inputs: int = Field(ge=1, le=MAX_INPUTS, description="input features n₀")
    layers: list[LayerModel] = Field(
        min_length=1, max_length=MAX_HIDDEN_LAYERS + 1,
        description=f"up to {MAX_HIDDEN_LAYERS} hidden layers, then the output layer (last)")
    loss: LossName = "half_sse"
    learning_rate: float = Field(0.1, gt=0, le=MAX_LEARNING_RATE, description="η")
    batch_size: Optional[int] = Field(None, ge=1, le=MAX_POINTS, description="null: full batch")
    l2: float = Field(0.0, ge=0, le=MAX_L2, description="L2 strength λ on weights (never biases): + λ/(2n) Σ W²")
    momentum: float = Field(0.0, ge=0, lt=MAX_MOMENTUM, description="μ of classical momentum")
    freeze_biases: bool = False
    init: Literal[INITIALISERS] = "xavier"  # type: ignore[valid-type]
    seed: Seed = Field(0, description="seeds initialisation and the per-epoch shuffle")


class DatasetModel(Strict):
    name: DatasetName = "mazur"
    n: int = Field(500, ge=4, le=MAX_POINTS, description="points generated")
    noise: float = Field(0.0, ge=0, le=1)
    train_share: float = Field(1.0, ge=0.1, le=1.0, description="share of points used for training")
    seed: Seed = 0
    features: list[FeatureName] = Field(
        default_factory=lambda: ["x1", "x2"], min_length=1, max_length=MAX_INPUTS,
        description="input features the network sees, in order (1-D sets: x1, x1^2, sin_x1)")
    points: Optional[list[Annotated[list[Finite], Field(min_length=2, max_length=MAX_INPUTS + 1)]]] = Field(
        None, min_length=1, max_length=MAX_POINTS,
        description=f"name 'custom' only: up to {MAX_POINTS} rows [x1, …, xd, label or target]")

    @model_validator(mode="after")
    def _points_fit_the_name(self) -> "DatasetModel":
        if self.name == "custom":
            if not self.points:
                raise ValueError("points: a custom dataset needs at least one point")
            widths = {len(p) for p in self.points}
            if len(widths) > 1:
                raise ValueError(f"points: every row must have the same length, got lengths {sorted(widths)}")
        elif self.points is not None:
            raise ValueError("points: only a dataset named 'custom' takes inline points")
        return self


class ParamsModel(Strict):
    weights: list[Matrix] = Field(max_length=MAX_HIDDEN_LAYERS + 1, description="W[l] (n_l × n_{l−1})")
    biases: list[Vector] = Field(max_length=MAX_HIDDEN_LAYERS + 1, description="b[l] (n_l)")


class StateDocument(Strict):
    """The whole state of one network. Send it back unchanged to continue the same run bit for bit.
    This document is also the export/import format."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.mazur_state()]})

    version: Literal[1] = 1
    config: ConfigModel
    dataset: DatasetModel
    params: ParamsModel
    velocity: Optional[ParamsModel] = Field(None, description="momentum state; null means zeros")
    iteration: int = Field(0, ge=0, le=MAX_COUNTER, description="iterations completed")
    epoch: int = Field(0, ge=0, le=MAX_COUNTER, description="epochs completed")
    batch_index: int = Field(0, ge=0, le=MAX_POINTS, description="batches of the current epoch completed")
    phase: int = Field(0, ge=0, le=2 * MAX_HIDDEN_LAYERS + 3,
                       description="phases of the current iteration already shown (below 2L + 2)")
    focus: int = Field(0, ge=0, le=MAX_POINTS, description="position of the focus example in a batch")
    status: Literal["ok", "diverged"] = "ok"


class StepRequest(Strict):
    state: StateDocument
    unit: Literal["phase", "iteration", "epoch"] = "iteration"
    iterations: int = Field(1, ge=1, le=MAX_ITERATIONS, description=(
        f"how many units to advance; in all at most {MAX_ITERATIONS:,} iterations (epochs count their "
        f"iterations) and {get_settings().max_example_passes_per_request:,} example passes "
        "(iterations × batch size) per request"))


class NetworkRequest(Strict):
    """A new network: parameters are initialised from config.init and config.seed."""

    config: ConfigModel
    dataset: DatasetModel = Field(default_factory=DatasetModel)
    focus: int = Field(0, ge=0, le=MAX_POINTS, description="position of the focus example in a batch")


class SettingsChange(Strict):
    """Training settings that change without a reset (engine: Run.change_settings); omitted
    fields keep their values. Parameters, momentum and the place in the epoch are kept."""

    learning_rate: Optional[float] = Field(None, gt=0, le=MAX_LEARNING_RATE, description="η")
    batch_size: Optional[int] = Field(None, ge=0, le=MAX_POINTS, description="0: full batch")
    l2: Optional[float] = Field(None, ge=0, le=MAX_L2, description="λ")
    momentum: Optional[float] = Field(None, ge=0, lt=MAX_MOMENTUM, description="μ")
    freeze_biases: Optional[bool] = None
    focus: Optional[int] = Field(None, ge=0, le=MAX_POINTS, description="position of the focus example in a batch")

    def engine_changes(self) -> dict:
        """The fields that were sent, in the engine's terms (full batch is None there)."""
        changes = {k: v for k, v in self.model_dump().items() if v is not None}
        if changes.get("batch_size") == 0:
            changes["batch_size"] = None
        return changes


class StateRequest(Strict):
    state: StateDocument


class SettingsRequest(Strict):
    state: StateDocument
    changes: SettingsChange


class GradcheckRequest(Strict):
    state: StateDocument
    epsilon: float = Field(1e-5, ge=1e-9, le=1e-2, description="central-difference step")


class GridRequest(Strict):
    state: StateDocument
    size: GridSize = Field(40, description="the output grid is size × size")
    hidden_size: HiddenGridSize = Field(0, description="hidden-unit grids are hidden_size × hidden_size; 0: none")


Speed = Union[Annotated[float, Field(gt=0, le=get_settings().max_speed)], Literal["max"]]
