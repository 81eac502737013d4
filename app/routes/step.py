"""POST /api/step: advance a state document by phases, iterations or epochs."""
from __future__ import annotations

from fastapi import APIRouter

from ..convert import metrics, run_from_model, state_to_dict, trace_to_dict
from ..schemas import StepRequest, StepResponse

router = APIRouter(prefix="/api", tags=["training"])


@router.post("/step", response_model=StepResponse, summary="Advance a network and return its next state")
def step(request: StepRequest) -> dict:
    """Advance `iterations` units (phases, iterations or epochs). The answer holds the next state
    document and the trace of the last iteration computed; for `unit: phase`, also that phase."""
    run = run_from_model(request.state)
    phase = trace = None
    for _ in range(request.iterations):
        if request.unit == "phase":
            phase, trace = run.step_phase()
        elif request.unit == "epoch":
            trace = run.step_epoch()
        else:
            trace = run.step_iteration()
        if trace is not None and trace.status == "diverged":
            break
    return {"state": state_to_dict(run), "trace": trace_to_dict(trace) if trace else None,
            "phase": phase, "metrics": metrics(run)}
