"""POST /api/gradcheck: backprop's gradients against central differences, per parameter."""
from __future__ import annotations

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from engine.gradcheck import gradient_check

from .. import budget, examples
from ..compute import ComputeDep
from ..convert import finite, run_from_model
from ..responses import GradcheckResponse
from ..schemas import GradcheckRequest

router = APIRouter(prefix="/api", tags=["training"])


@router.post("/gradcheck", response_model=GradcheckResponse, summary="Check the gradients numerically")
async def gradcheck(compute: ComputeDep,
                    request: GradcheckRequest = Body(openapi_examples=examples.state_examples())) -> JSONResponse:
    """For every weight and bias, the analytic ∂E/∂θ of backprop and the numeric
    (E(θ+ε) − E(θ−ε)) / 2ε on the run's current batch, and their relative error."""
    run = run_from_model(request.state)
    budget.check_gradcheck(run, compute.settings)
    count = sum(w.size + b.size for w, b in zip(run.params.weights, run.params.biases))
    return await compute.answer("gradcheck", run, request.epsilon, example_passes=2 * count * run.batch_size)


def check(run, epsilon: float) -> dict:
    result = gradient_check(run, epsilon=epsilon)
    entries = [{**e, "numeric": finite(float(e["numeric"])), "analytic": finite(float(e["analytic"])),
                "rel_error": finite(float(e["rel_error"]))} for e in result.entries]
    return {"entries": entries, "max_rel_error": finite(float(result.max_rel_error)),
            "batch_size": run.batch_size, "epsilon": epsilon}
