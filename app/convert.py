"""Translation between engine objects and API data: the only place that knows both."""
from __future__ import annotations

import math
from typing import Any, Optional

import numpy as np

from engine import state as engine_state
from engine.run import Run
from engine.trace import IterationTrace, phase_names

from .errors import InputError
from .schemas import NetworkRequest, StateDocument


def finite(value: Any) -> Any:
    """Replace NaN/±inf by None, recursively: JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def _array(a: Optional[np.ndarray]) -> Any:
    return None if a is None else finite_list(a)


def finite_list(a: np.ndarray) -> list:
    """a.tolist() with NaN/±inf as None; the walk over every value only when one is not finite."""
    return a.tolist() if np.isfinite(a).all() else finite(a.tolist())


def run_from_model(doc: StateDocument, field: str = "state") -> Run:
    """Rebuild the Run; the engine's ValueError names a field inside the document, so the
    message is prefixed with where the document sits in the request."""
    try:
        return engine_state.from_document(doc.model_dump())
    except ValueError as exc:
        raise InputError(f"{field}.{exc}") from None


def run_from_request(request: NetworkRequest) -> Run:
    """A new Run; the engine's messages name fields of the request body (config.…, dataset.…)."""
    try:
        cfg = engine_state.config_from_dict(request.config.model_dump())
        spec = engine_state.dataset_from_dict(request.dataset.model_dump())
        run = engine_state.new_run(cfg, spec)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    run.focus = request.focus
    return run


def json_safe(value: Any) -> Any:
    """Any answer with NaN/±inf replaced by null at any depth (JSON has no such numbers)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


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
            {"z": _array(l.z), "a": _array(l.a), "delta": _array(l.delta), "slope": _array(l.slope),
             "grad_w": _array(l.grad_w),
             "grad_b": _array(l.grad_b), "w_before": l.w_before.tolist(), "b_before": l.b_before.tolist(),
             "w_after": _array(l.w_after), "b_after": _array(l.b_after)}
            for l in trace.layers
        ],
    }


def phases(run: Run) -> list[dict[str, Any]]:
    return [dict(p, index=i) for i, p in enumerate(phase_names(len(run.cfg.layers)))]


def phase_to_dict(phase: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    if phase is None:
        return None
    return dict(phase, values={k: finite(v) for k, v in phase["values"].items()})


def scores(run: Run) -> dict[str, Any]:
    """The losses and, for classification, accuracy and confusion matrices (engine/metrics.py),
    JSON-safe: what REST metrics, training frames and paused/stopped replies all carry.
    Computing them may mark the run diverged: call this before state_to_dict."""
    found = run.scores()
    found["train_loss"], found["test_loss"] = finite(found["train_loss"]), finite(found["test_loss"])
    return found


def metrics(run: Run) -> dict[str, Any]:
    """The losses, accuracies and confusion matrices, and the training-set size."""
    return {**scores(run), "n_train": run.n_train}


def preview(run: Run) -> dict[str, Any]:
    """The coming iteration computed but not applied: activations and δ before any step."""
    return trace_to_dict(run.compute_iteration())


def network_answer(run: Run) -> dict[str, Any]:
    trace = preview(run)
    found = metrics(run)
    return {"state": state_to_dict(run), "metrics": found, "trace": trace, "phases": phases(run)}

