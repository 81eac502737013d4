"""Pydantic models of what the server answers. Computed numbers may overflow when a run
diverges; they are sent as null, never as NaN (JSON has no NaN)."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from .schemas import StateDocument

Num = Optional[float]


class LayerTraceModel(BaseModel):
    z: list[Num]
    a: list[Num]
    delta: list[Num]
    slope: list[Num] = Field(description="g'(z) of the focus example, the registry's derivative")
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


class PhaseName(BaseModel):
    index: int
    kind: Literal["forward", "loss", "backward", "update"]
    layer: Optional[int] = Field(description="1-based layer; null for the update")


class PhaseModel(PhaseName):
    count: int
    values: dict[str, Any]


class Metrics(BaseModel):
    train_loss: Num
    test_loss: Num = Field(description="null when the dataset has no test split")
    n_train: int = Field(description="training examples: the n of the L2 term λ/(2n) Σ W²")
    classes: Optional[int] = Field(None, description="classification: how many classes (2 for one output "
                                                     "unit, else the output units); null for regression")
    train_accuracy: Num = Field(None, description="share of training examples classified right (one unit: "
                                                  "output ≥ 0.5 is class 1; several: the argmax); null for regression")
    test_accuracy: Num = Field(None, description="the same on the test set; null without a test split")
    train_confusion: Optional[list[list[int]]] = Field(
        None, description="classes × classes counts: row i = true class i, column j = predicted class j")
    test_confusion: Optional[list[list[int]]] = Field(None, description="the same on the test set")


class NetworkResponse(BaseModel):
    """A network ready to show: `trace` is the coming iteration computed but not applied, so the
    page can draw activations and δ before the first step."""

    state: StateDocument
    metrics: Metrics
    trace: TraceModel
    phases: list[PhaseName] = Field(description="the phases of one iteration, in order")


class StepResponse(BaseModel):
    state: StateDocument
    trace: Optional[TraceModel] = Field(description="the last iteration computed")
    phase: Optional[PhaseModel] = Field(None, description="unit 'phase': the phase just shown")
    phases: list[PhaseName]
    metrics: Metrics
    status: Literal["ok", "diverged"] = Field(description="'diverged': the last update overflowed; "
                                                          "the state keeps the last finite parameters")


class PresetSummary(BaseModel):
    id: str
    title: str
    description: str
    speed: float | Literal["max"] = Field(description="the auto-train speed the page starts at (iterations/s)")


class DatasetDescription(BaseModel):
    name: str
    title: str
    kind: str
    raw_inputs: int
    classes: Optional[int] = Field(None, description="labelled sets: how many classes (labels 0…classes−1); "
                                                     "null for regression targets and custom points")
    domain: list[list[float]]
    parameters: dict[str, dict[str, Any]] = Field(
        description="per spec field: {min, max, default} or {allowed, default}")
    size: Optional[int] = Field(None, description="fixed sets only: how many points the set has")


class FeatureDescription(BaseModel):
    name: str
    title: str
    needs: int = Field(description="raw coordinates it reads: 1 (x1 only) or 2")


class DatasetsResponse(BaseModel):
    datasets: list[DatasetDescription]
    features: list[FeatureDescription] = Field(description="input feature transforms")


class GradEntry(BaseModel):
    layer: int = Field(description="1-based layer")
    kind: Literal["W", "b"]
    j: int
    i: Optional[int] = Field(description="null for a bias")
    numeric: Num
    analytic: Num
    rel_error: Num


class GradcheckResponse(BaseModel):
    entries: list[GradEntry]
    max_rel_error: Num
    batch_size: int
    epsilon: float


class GridModel(BaseModel):
    x: list[float]
    y: Optional[list[float]] = Field(None, description="null for a 1-D dataset")
    values: list[Any] = Field(description="2-D: values[r][c] at (x[c], y[r]); 1-D: values[c] at x[c] "
                                          "(5 decimals; null where the output overflowed)")


class GridResponse(BaseModel):
    grid: GridModel
    hidden_grids: Optional[list[list[Any]]] = Field(
        None, description="per hidden layer, per unit, rows of values (when hidden_size > 0)")


class FieldError(BaseModel):
    field: str = Field(description="dotted path of the field, e.g. state.config.layers.0.units")
    message: str = Field(description="what is wrong and the allowed range")


class ErrorResponse(BaseModel):
    """Every 4xx (and the 500 that should never happen) has this shape."""

    detail: str = Field(description="'field: message' of the first error")
    errors: list[FieldError]


class RegistryActivation(BaseModel):
    name: str
    title: str
    hidden: bool = Field(description="allowed in hidden layers (softmax is output-only)")
    derivative: str = Field(description="g'(z) written in terms of a")


class RegistryLoss(BaseModel):
    name: str
    title: str
    formula: str
    requires_output: Optional[str] = Field(description="the output activation this loss needs, if any")
    direct_delta: bool = Field(description="δ_L = a − t directly (the g'(z) cancels)")


class RegistryFeature(BaseModel):
    name: str
    title: str = Field(description="display label: x₁, x₁², sin x₁")
    needs: int
    op: str = Field(description="formula: identity, square, product or sin of the raw coordinates in args")
    args: list[int] = Field(description="raw coordinates the formula reads: 0 = x1, 1 = x2")


class RegistryResponse(BaseModel):
    activations: list[RegistryActivation]
    losses: list[RegistryLoss]
    initialisers: list[str]
    features: list[RegistryFeature]
    datasets: list[str]
    leaky_slope: float
    mid_run_settings: list[str] = Field(description="settings that change without a reset (POST /api/networks/settings)")
    limits: dict[str, int | float]
