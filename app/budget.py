"""Compute budgets per request, so no request can keep a worker busy for long.

Bounds on single fields (in schemas.py) are not enough: 10,000 epochs of a 2,000-point set in
batches of one is 20 million iterations. These checks combine fields and name the one to change.
"""
from __future__ import annotations

from engine.run import Run

from .errors import InputError
from .settings import Settings


# One layer of one iteration costs Python and NumPy call overhead of about this many
# multiply-adds (measured: 8 layers × 16 units, batch 1, and 2-8-1, batch 10, agree within 2×).
LAYER_OVERHEAD = 200


def work_units(run: Run, iterations: int, example_passes: int) -> int:
    """A request's cost for admission control, in multiply-adds: each example pass touches every
    parameter (forward and backward), each iteration pays a fixed overhead per layer."""
    params = sum(w.size + b.size for w, b in zip(run.params.weights, run.params.biases))
    return example_passes * params + iterations * len(run.cfg.layers) * LAYER_OVERHEAD


def check_step(run: Run, unit: str, count: int, settings: Settings) -> None:
    """Raise InputError('iterations: …') when a step request exceeds the budget."""
    iterations = run.iterations_needed(unit, count)
    passes = iterations * run.batch_size
    max_iterations = settings.max_iterations_per_request
    max_passes = settings.max_example_passes_per_request
    if iterations <= max_iterations and passes <= max_passes:
        return
    per_unit = run.iterations_per_epoch if unit == "epoch" else 1
    allowed = max(0, min(max_iterations, max_passes // run.batch_size) // per_unit)
    what = f"{unit}s of {per_unit} iterations" if unit == "epoch" else f"{unit}s"
    raise InputError(
        f"iterations: at most {allowed} {what} for this network and dataset (a request runs at most "
        f"{max_iterations:,} iterations and {max_passes:,} example passes; batch size {run.batch_size})")


def check_gradcheck(run: Run, settings: Settings) -> None:
    """Each parameter is perturbed twice and the batch re-evaluated: cost ∝ params² × batch."""
    count = sum(w.size for w in run.params.weights) + sum(b.size for b in run.params.biases)
    cost = count * count * run.batch_size
    if cost > settings.max_gradcheck_cost:
        largest = max(1, settings.max_gradcheck_cost // (count * count))
        raise InputError(
            f"state.config.batch_size: a gradient check of {count} parameters allows a batch of at most "
            f"{largest} examples (this one has {run.batch_size})")


def largest_hidden_size(size: int, units: int, dims: int, limit: int) -> int:
    """The largest hidden_size whose answer (size^dims output values plus hidden_size^dims for
    each of `units` hidden units) holds at most `limit` grid values; 0 when none fits."""
    room = max(0, limit - size ** dims) // max(1, units)
    largest = int(room ** (1 / dims) + 1e-9)
    while largest > 0 and largest ** dims > room:
        largest -= 1
    return largest


def check_grid(run: Run, size: int, hidden_size: int, settings: Settings) -> None:
    """A grid answer holds size^d output values plus hidden_size^d per hidden unit (d = 1 or 2
    raw inputs); bounded so one request cannot ask for tens of megabytes of JSON."""
    dims = len(run.data.domain)
    if dims not in (1, 2):
        raise InputError(f"state.dataset: heatmaps need 1 or 2 raw inputs; this dataset has {dims}")
    units = sum(layer.units for layer in run.cfg.layers[:-1])
    limit = settings.max_grid_values_per_request
    if size ** dims + units * hidden_size ** dims <= limit:
        return
    largest = largest_hidden_size(size, units, dims, limit)
    raise InputError(f"hidden_size: at most {largest} for this network's {units} hidden units and a "
                     f"{size}-point grid (an answer holds at most {limit:,} grid values)")
