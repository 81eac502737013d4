"""GET /api/registry: the engine's registries and the server's limits, as the page reads them."""
from __future__ import annotations

from fastapi import APIRouter

from ..registry import registry
from ..responses import RegistryResponse
from ..settings import AppSettings

router = APIRouter(prefix="/api", tags=["meta"])


@router.get("/registry", response_model=RegistryResponse, summary="Activations, losses, initialisers and limits")
def get_registry(settings: AppSettings) -> dict:
    """Every choice the page offers (activations, losses, initialisers, features, datasets) and
    every limit it enforces (layers, units, η, λ, μ, points, iterations per request, grid size),
    from the engine's registries and this server's settings. Pages also embed this as JSON."""
    return registry(settings)
