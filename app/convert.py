"""Translation between engine objects and API models: the only place that knows both."""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from engine import state as engine_state
from engine.run import Run
from engine.trace import IterationTrace

from .schemas import Metrics, StateDocument


def finite(value: Any) -> Any:
    """Replace NaN/±inf by None, recursively: JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def _array(a: Optional[np.ndarray]) -> Any:
    return None if a is None else finite(a.tolist())


def run_from_model(doc: StateDocument) -> Run:
    return engine_state.from_document(doc.model_dump())


def state_to_dict(run: Run) -> dict[str, Any]:
    return engine_state.to_document(run)


def trace_to_dict(trace: IterationTrace) -> dict[str, Any]:
    return {
        "iteration": trace.iteration, "epoch": trace.epoch, "batch_size": int(len(trace.batch)),
        "example": int(trace.batch[trace.focus]), "focus": trace.focus,
        "input": trace.input.tolist(), "target": trace.target.tolist(),
        "output_grad": _array(trace.output_grad), "focus_loss": finite(float(trace.focus_loss)),
        "loss": finite(float(trace.loss)), "status": trace.status,
        "layers": [
            {"z": _array(l.z), "a": _array(l.a), "delta": _array(l.delta), "grad_w": _array(l.grad_w),
             "grad_b": _array(l.grad_b), "w_before": l.w_before.tolist(), "b_before": l.b_before.tolist(),
             "w_after": _array(l.w_after), "b_after": _array(l.b_after)}
            for l in trace.layers
        ],
    }


def metrics(run: Run) -> Metrics:
    return Metrics(train_loss=finite(run.train_loss()), test_loss=finite(run.test_loss()))
