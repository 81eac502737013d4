"""POST /api/points: a dataset's raw points, for the page's data plot."""
from __future__ import annotations

import numpy as np
from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..convert import run_from_model
from ..schemas import StateDocument, Strict

router = APIRouter(prefix="/api", tags=["datasets"])


class PointsRequest(Strict):
    state: StateDocument


class PointsResponse(BaseModel):
    train: list[list[float]] = Field(description="rows [x1, …, xd, label or target]")
    test: list[list[float]]
    domain: list[list[float]] = Field(description="(low, high) of each raw input axis")


def _labelled(raw: np.ndarray, targets: np.ndarray) -> list[list[float]]:
    """Rows [x1, …, xd, label]: the class index for one-hot targets, else the first target."""
    labels = targets.argmax(axis=1) if targets.shape[1] > 1 else targets[:, 0]
    return np.column_stack([raw, labels]).round(6).tolist()


@router.post("/points", response_model=PointsResponse, summary="The dataset's raw points, for plotting")
def points(request: PointsRequest) -> dict:
    """The train and test points of the state's dataset before feature transforms, each
    [x1, …, xd, label or target], and the raw input domain (the heatmap's axes)."""
    data = run_from_model(request.state).data
    return {"train": _labelled(data.raw_train, data.t_train), "test": _labelled(data.raw_test, data.t_test),
            "domain": [list(d) for d in data.domain]}
