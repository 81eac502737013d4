"""POST /api/grid: the network's output (and each hidden unit) over the dataset's input plane."""
from __future__ import annotations

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from .. import budget, examples
from ..compute import ComputeDep
from ..convert import run_from_model
from ..responses import GridResponse
from ..schemas import GridRequest

router = APIRouter(prefix="/api", tags=["training"])


@router.post("/grid", response_model=GridResponse, summary="Prediction grids for heatmaps")
async def grid(compute: ComputeDep, request: GridRequest = Body(openapi_examples=examples.grid_examples())) -> JSONResponse:
    """The output over a size × size grid of the dataset's raw input domain (feature transforms
    applied), and optionally every hidden unit's activation over a hidden_size grid. Values are
    rounded to 4 decimals: they are for colouring."""
    run = run_from_model(request.state)
    budget.check_grid(run, request.size, request.hidden_size, compute.settings)
    points = request.size ** 2 + request.hidden_size ** 2
    return await compute.answer("grid", run, request.size, request.hidden_size, example_passes=points)
