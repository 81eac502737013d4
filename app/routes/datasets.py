"""GET /api/datasets: the datasets a network can train on, with their parameters' ranges."""
from __future__ import annotations

from fastapi import APIRouter

from engine import datasets
from engine.features import FEATURES

from ..responses import DatasetsResponse

router = APIRouter(prefix="/api/datasets", tags=["datasets"])


@router.get("", response_model=DatasetsResponse, summary="List the datasets and their parameters")
def list_datasets() -> dict:
    """Every dataset with its kind, raw input count, domain and the ranges and defaults of its
    parameters (n, noise, …), and the feature transforms 2-D sets may feed the network."""
    features = [{"name": f.name, "title": f.title, "needs": f.needs} for f in FEATURES.values()]
    return {"datasets": datasets.describe(), "features": features}
