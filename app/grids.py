"""Heatmap grids as JSON, shared by POST /api/grid and the training WebSocket."""
from __future__ import annotations

from typing import Any

from engine import grids as engine_grids
from engine.run import Run

from .convert import finite
from .errors import InputError


def grids(run: Run, size: int, hidden_size: int) -> dict[str, Any]:
    """The engine rounds to 5 decimals; values that overflowed (a diverging run) become null."""
    if len(run.data.domain) not in (1, 2):
        raise InputError(f"state.dataset: heatmaps need 1 or 2 raw inputs; this dataset has {len(run.data.domain)}")
    out = engine_grids.output_grid(run, size)
    hidden = finite(engine_grids.hidden_grids(run, hidden_size)) if hidden_size > 0 else None
    return {"grid": {**out, "values": finite(out["values"])}, "hidden_grids": hidden}
