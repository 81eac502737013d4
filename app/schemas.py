"""Pydantic models of the JSON API. Bounds live here so they show in /openapi.json and are
enforced on every request; unknown fields and NaN/inf are rejected."""
from __future__ import annotations

from typing import Annotated, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.config import INITIALISERS, MAX_HIDDEN_LAYERS, MAX_INPUTS, MAX_OUTPUTS, MAX_UNITS
from engine.datasets import MAX_POINTS
from engine.losses import LOSSES

MAX_ITERATIONS = 10_000
Finite = Annotated[float, Field(allow_inf_nan=False)]
Vector = Annotated[list[Finite], Field(max_length=max(MAX_UNITS, MAX_OUTPUTS))]
Matrix = Annotated[list[Vector], Field(max_length=max(MAX_UNITS, MAX_OUTPUTS))]
ActivationName = Literal[tuple(ACTIVATIONS)]  # type: ignore[valid-type]
LossName = Literal[tuple(LOSSES)]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LayerModel(Strict):
    units: int = Field(ge=1, le=max(MAX_UNITS, MAX_OUTPUTS), description="units in the layer")
    activation: ActivationName = Field(description="softmax only on the output layer")


class ConfigModel(Strict):
    inputs: int = Field(ge=1, le=MAX_INPUTS, description="input features")
    layers: list[LayerModel] = Field(min_length=1, max_length=MAX_HIDDEN_LAYERS + 1,
                                     description="hidden layers, then the output layer")
    loss: LossName = "half_sse"
    learning_rate: float = Field(0.1, gt=0, le=10)
    batch_size: Optional[int] = Field(None, ge=1, le=MAX_POINTS, description="null: full batch")
    l2: float = Field(0.0, ge=0, le=10, description="L2 strength λ on weights (never biases)")
    momentum: float = Field(0.0, ge=0, lt=1)
    freeze_biases: bool = False
    init: Literal[INITIALISERS] = "xavier"  # type: ignore[valid-type]
    seed: int = Field(0, ge=0, le=2**32 - 1)


class DatasetModel(Strict):
    name: str = Field("mazur", max_length=32)
    n: int = Field(500, ge=4, le=MAX_POINTS, description="points generated")
    noise: float = Field(0.0, ge=0, le=1)
    train_share: float = Field(1.0, ge=0.1, le=1.0)
    seed: int = Field(0, ge=0, le=2**32 - 1)
    features: list[str] = Field(default_factory=lambda: ["x1", "x2"], min_length=1, max_length=MAX_INPUTS)
    points: Optional[list[Annotated[list[Finite], Field(min_length=2, max_length=MAX_INPUTS + 1)]]] = Field(
        None, max_length=MAX_POINTS, description="custom points: [x1, …, xd, label]")


class ParamsModel(Strict):
    weights: list[Matrix] = Field(max_length=MAX_HIDDEN_LAYERS + 1)
    biases: list[Vector] = Field(max_length=MAX_HIDDEN_LAYERS + 1)


class StateDocument(Strict):
    """The whole state of one network. Send it back unchanged to continue the same run."""

    version: Literal[1] = 1
    config: ConfigModel
    dataset: DatasetModel
    params: ParamsModel
    velocity: Optional[ParamsModel] = None
    iteration: int = Field(0, ge=0)
    epoch: int = Field(0, ge=0)
    batch_index: int = Field(0, ge=0)
    phase: int = Field(0, ge=0, description="phases of the current iteration already shown")
    focus: int = Field(0, ge=0, le=MAX_POINTS, description="position of the focus example in a batch")
    status: Literal["ok", "diverged"] = "ok"


class StepRequest(Strict):
    state: StateDocument
    unit: Literal["phase", "iteration", "epoch"] = "iteration"
    iterations: int = Field(1, ge=1, le=MAX_ITERATIONS, description="how many units to advance")


# Computed numbers may overflow when a run diverges; they are sent as null, never as NaN.
Num = Optional[float]


class LayerTraceModel(BaseModel):
    z: list[Num]
    a: list[Num]
    delta: list[Num]
    grad_w: list[list[Num]]
    grad_b: list[Num]
    w_before: list[list[float]]
    b_before: list[float]
    w_after: Optional[list[list[Num]]]
    b_after: Optional[list[Num]]


class TraceModel(BaseModel):
    """One iteration: per layer the focus example's z, a, δ and the batch's ∂E/∂W, ∂E/∂b."""

    iteration: int
    epoch: int
    batch_size: int
    example: int = Field(description="index in the training set of the focus example")
    focus: int
    input: list[float]
    target: list[float]
    output_grad: list[Num] = Field(description="∂E/∂a of the focus example's outputs")
    focus_loss: Num
    loss: Num = Field(description="batch loss before the update (null if it overflowed)")
    status: Literal["ok", "diverged"]
    layers: list[LayerTraceModel]


class PhaseModel(BaseModel):
    index: int
    count: int
    kind: Literal["forward", "loss", "backward", "update"]
    layer: Optional[int]
    values: dict


class Metrics(BaseModel):
    train_loss: Num
    test_loss: Num


class StepResponse(BaseModel):
    state: StateDocument
    trace: Optional[TraceModel]
    phase: Optional[PhaseModel] = None
    metrics: Metrics


class PresetSummary(BaseModel):
    id: str
    title: str
    description: str


class StateResponse(BaseModel):
    state: StateDocument
    metrics: Metrics
