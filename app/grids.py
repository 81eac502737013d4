"""Heatmap grids as JSON, shared by POST /api/grid and the training WebSocket."""
from __future__ import annotations

from typing import Any

from engine import grids as engine_grids
from engine.run import Run

from .convert import rounded


def grids(run: Run, size: int, hidden_size: int) -> dict[str, Any]:
    out = engine_grids.output_grid(run, size)
    answer: dict[str, Any] = {"grid": {**out, "values": rounded(out["values"])}}
    if hidden_size > 0:
        answer["hidden_grids"] = [[rounded(unit) for unit in layer]
                                  for layer in engine_grids.hidden_grids(run, hidden_size)]
    return answer
