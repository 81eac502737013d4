"""What the page needs to know of the engine's registries and the server's limits, in one
document: served as GET /api/registry and written into every page as bootstrap JSON, so no
page module declares a list or a limit of its own."""
from __future__ import annotations

from typing import Any

from engine import config, datasets
from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS, LEAKY_SLOPE
from engine.features import FEATURES
from engine.grids import MIN_GRID
from engine.losses import LOSSES
from engine.run import MID_RUN_SETTINGS

from .settings import Settings


def registry(settings: Settings) -> dict[str, Any]:
    return {
        "activations": [{"name": a.name, "title": a.title, "hidden": a.name in HIDDEN_ACTIVATIONS,
                         "derivative": a.derivative_formula} for a in ACTIVATIONS.values()],
        "losses": [{"name": l.name, "title": l.title, "formula": l.formula, "requires_output": l.requires_output,
                    "direct_delta": l.direct_delta} for l in LOSSES.values()],
        "initialisers": list(config.INITIALISERS),
        "features": [{"name": f.name, "title": f.title, "needs": f.needs, "op": f.op, "args": list(f.args)}
                     for f in FEATURES.values()],
        "datasets": list(datasets.DATASETS),
        "leaky_slope": LEAKY_SLOPE,
        "mid_run_settings": sorted(MID_RUN_SETTINGS),
        "limits": {
            "max_hidden_layers": config.MAX_HIDDEN_LAYERS, "max_units": config.MAX_UNITS,
            "max_inputs": config.MAX_INPUTS, "max_outputs": config.MAX_OUTPUTS,
            "max_learning_rate": config.MAX_LEARNING_RATE, "max_l2": config.MAX_L2,
            "max_momentum": config.MAX_MOMENTUM, "min_points": datasets.MIN_POINTS,
            "max_points": datasets.MAX_POINTS, "min_train_share": datasets.MIN_TRAIN_SHARE,
            "max_iterations_per_request": settings.max_iterations_per_request,
            "max_example_passes_per_request": settings.max_example_passes_per_request,
            "min_grid": MIN_GRID, "max_grid": settings.max_grid, "max_speed": settings.max_speed,
        },
    }
