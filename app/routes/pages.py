"""HTML pages rendered from Jinja2 templates, and the data points the page plots."""
from __future__ import annotations

import numpy as np
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from ..convert import run_from_model
from ..schemas import StateDocument
from ..settings import get_settings

router = APIRouter()
templates = Jinja2Templates(directory=str(get_settings().templates_dir))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "explorer.html", {})


class PointsRequest(BaseModel):
    state: StateDocument


def _labelled(raw: np.ndarray, targets: np.ndarray) -> list[list[float]]:
    """Rows [x1, …, xd, label]: the class index for one-hot targets, else the first target."""
    labels = targets.argmax(axis=1) if targets.shape[1] > 1 else targets[:, 0]
    return np.column_stack([raw, labels]).round(6).tolist()


@router.post("/api/points", tags=["datasets"], summary="The dataset's raw points, for plotting")
def points(request: PointsRequest) -> dict:
    """The train and test points of the state's dataset before feature transforms, each
    [x1, …, xd, label or target], and the raw input domain (the heatmap's axes)."""
    data = run_from_model(request.state).data
    return {"train": _labelled(data.raw_train, data.t_train), "test": _labelled(data.raw_test, data.t_test),
            "domain": [list(d) for d in data.domain]}
