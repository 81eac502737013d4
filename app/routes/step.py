"""POST /api/step: advance a state document by phases, iterations or epochs."""
from __future__ import annotations

from fastapi import APIRouter, Body, Request

from .. import budget, examples
from ..convert import metrics, phase_to_dict, phases, run_from_model, state_to_dict, trace_to_dict
from ..responses import StepResponse
from ..schemas import StepRequest

router = APIRouter(prefix="/api", tags=["training"])


@router.post("/step", response_model=StepResponse, summary="Advance a network and return its next state")
def step(http: Request, request: StepRequest = Body(openapi_examples=examples.step_examples())) -> dict:
    """Advance `iterations` units (phases, iterations or epochs). The answer holds the next state
    document, the trace of the last iteration computed, for `unit: phase` that phase, the phase
    list and the losses. A run that overflows stops there with `status: "diverged"` and keeps its
    last finite parameters (still a 200 answer)."""
    run = run_from_model(request.state)
    budget.check_step(run, request.unit, request.iterations, http.app.state.settings)
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
            "phase": phase_to_dict(phase), "phases": phases(run), "metrics": metrics(run), "status": run.status}
