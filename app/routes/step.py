"""POST /api/step: advance a state document by phases, iterations or epochs."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from engine.run import Run

from .. import budget, examples
from ..compute import ComputeDep
from ..convert import metrics, phase_to_dict, phases, run_from_model, state_to_dict, trace_to_dict
from ..responses import StepResponse
from ..schemas import StepRequest

router = APIRouter(prefix="/api", tags=["training"])


@router.post("/step", response_model=StepResponse, summary="Advance a network and return its next state")
async def step(compute: ComputeDep, request: StepRequest = Body(openapi_examples=examples.step_examples())) -> JSONResponse:
    """Advance `iterations` units (phases, iterations or epochs). The answer holds the next state
    document, the trace of the last iteration computed, for `unit: phase` that phase, the phase
    list and the losses. A run that overflows stops there with `status: "diverged"` and keeps its
    last finite parameters (still a 200 answer)."""
    run = run_from_model(request.state)
    budget.check_step(run, request.unit, request.iterations, compute.settings)
    passes = run.iterations_needed(request.unit, request.iterations) * run.batch_size
    return await compute.answer("step", run, request.unit, request.iterations, example_passes=passes,
                                iterations=passes // run.batch_size)


def advance(run: Run, unit: str, count: int) -> dict[str, Any]:
    phase, trace = run.advance(unit, count)
    found = metrics(run)  # first: a non-finite loss marks the run diverged
    return {"state": state_to_dict(run), "trace": trace_to_dict(trace) if trace else None,
            "phase": phase_to_dict(phase), "phases": phases(run), "metrics": found, "status": run.status}
