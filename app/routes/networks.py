"""POST /api/networks: a new network from a configuration and a dataset spec."""
from __future__ import annotations

from fastapi import APIRouter, Body

from .. import examples
from ..convert import network_answer, run_from_request
from ..responses import NetworkResponse
from ..schemas import NetworkRequest

router = APIRouter(prefix="/api/networks", tags=["networks"])


@router.post("", response_model=NetworkResponse, summary="Create a network from a configuration")
def create_network(request: NetworkRequest = Body(openapi_examples=examples.network_examples())) -> dict:
    """Initialise parameters from `config.init` and `config.seed` and answer the state document,
    its losses, the phase list and the coming iteration's trace (computed, not applied)."""
    return network_answer(run_from_request(request))
