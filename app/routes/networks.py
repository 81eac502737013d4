"""POST /api/networks: a new network from a configuration and a dataset spec."""
from __future__ import annotations

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from .. import examples
from ..compute import ComputeDep
from ..errors import InputError
from ..convert import run_from_model, run_from_request
from ..responses import NetworkResponse
from ..schemas import NetworkRequest, SettingsRequest, StateRequest

router = APIRouter(prefix="/api/networks", tags=["networks"])


@router.post("", response_model=NetworkResponse, summary="Create a network from a configuration")
async def create_network(compute: ComputeDep,
                         request: NetworkRequest = Body(openapi_examples=examples.network_examples())) -> JSONResponse:
    """Initialise parameters from `config.init` and `config.seed` and answer the state document,
    its losses, the phase list and the coming iteration's trace (computed, not applied)."""
    run = run_from_request(request)
    return await compute.answer("network", run, example_passes=run.n_train)


@router.post("/settings", response_model=NetworkResponse, summary="Change training settings without a reset")
async def change_settings(compute: ComputeDep, request: SettingsRequest) -> JSONResponse:
    """Apply `changes` (learning rate, batch size, λ, momentum, frozen biases, focus) to the
    state document the way auto-training does: parameters, momentum, iteration and epoch are
    kept; a new batch size continues at the batch holding the first example of this epoch not
    yet used; the current iteration restarts at its first phase. Answers the new document, its
    losses and the coming iteration's trace."""
    run = run_from_model(request.state)
    try:
        run.change_settings(**request.changes.engine_changes())
    except ValueError as exc:
        raise InputError(f"changes.{exc}") from None
    return await compute.answer("network", run, example_passes=run.n_train)


@router.post("/check", response_model=NetworkResponse, summary="Check a state document and answer its losses")
async def check_state(compute: ComputeDep, request: StateRequest) -> JSONResponse:
    """Validate a state document (an edited weight, new data, a link, an import) and answer it
    with its losses and the coming iteration's trace, or a 422 naming the field to change."""
    run = run_from_model(request.state)
    return await compute.answer("network", run, example_passes=run.n_train)
