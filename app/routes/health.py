"""GET /healthz: a cheap liveness probe for load balancers and the container HEALTHCHECK."""
from __future__ import annotations

import os

from fastapi import APIRouter
from pydantic import BaseModel, Field

router = APIRouter(tags=["operations"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    worker: int = Field(description="process id of the worker that answered (several workers share one port)")


@router.get("/healthz", response_model=Health, summary="Liveness probe")
async def healthz() -> Health:
    """Answers on the event loop without touching the engine or any thread pool, so a worker
    busy with heavy work (app/compute.py) still answers at once."""
    return Health(status="ok", worker=os.getpid())
