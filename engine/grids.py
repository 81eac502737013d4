"""Prediction grids for the heatmaps: the network evaluated over its raw input domain.

For a 2-D dataset the grid is n × n points: x (n,) along raw axis 1, y (n,) along raw axis 2,
and values[r][c] is the network at (x[c], y[r]) (row r is y, so rows read bottom to top in y).
The raw points pass through the run's feature transforms first, exactly like the data.
For a 1-D dataset the grid is n points along x: y is None and values is [n floats].
One forward pass over all n² points in float32, in place: a heatmap needs no more than ~6
digits, and float32 halves the memory traffic and runs the transcendental functions several
times faster than float64 (np.tanh on float64 is scalar libm code, ~25 ns a value). Values are
rounded to 5 decimals, which also keeps the JSON short.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

import numpy as np

from .activations import get_activation
from .features import apply_features
from .run import Run

Array = np.ndarray
MIN_GRID = 2  # a grid needs both ends of each axis; the largest size is the server's setting
DECIMALS = 5


def _tanh32(z: Array, out: Array) -> Array:
    # tanh z = 1 − 2/(e^{2z} + 1): two fast exp-based passes instead of slow np.tanh; its
    # absolute error (~1e-7 in float32) is invisible on a heatmap. Held equal to the registry's
    # tanh by tests/test_engine_forward_property.py.
    np.multiply(z, 2.0, out=out)
    np.exp(out, out=out)
    out += 1.0
    np.divide(2.0, out, out=out)
    return np.subtract(1.0, out, out=out)


# Faster float32 forms of registry activations; every other activation uses the registry's.
_FAST32 = {"tanh": _tanh32}


def forward32(run: Run, inputs: Array) -> list[Array]:
    """inputs (N, n_0) float32 → activations of layers 1…L, each (N, n_l) float32."""
    activations, a = [], inputs
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run's grid: NaN, drawn grey
        for w, b, layer in zip(run.params.weights, run.params.biases, run.cfg.layers):
            z = np.matmul(a, w.T.astype(np.float32))
            z += b.astype(np.float32)
            into = _FAST32.get(layer.activation) or get_activation(layer.activation).into
            a = into(z, z)
            activations.append(a)
    return activations


def _check_size(n: int) -> None:
    if n < MIN_GRID:
        raise ValueError(f"grid_size: must be at least {MIN_GRID}, got {n}")


@lru_cache(maxsize=32)
def _grid_inputs(domain: tuple[tuple[float, float], ...], n: int,
                 features: Optional[tuple[str, ...]]) -> tuple[Array, Array, Array]:
    """(x axis (n,), y axis (n,) or empty, network inputs (n^d, n_0)); cached, read-only."""
    axes = [np.linspace(lo, hi, n) for lo, hi in domain]
    if len(axes) == 1:
        raw = axes[0][:, None]
    elif len(axes) == 2:
        gx, gy = np.meshgrid(axes[0], axes[1])  # gx[r, c] = x[c], gy[r, c] = y[r]
        raw = np.column_stack([gx.ravel(), gy.ravel()])
    else:
        raise ValueError("grid: heatmaps need a dataset with 1 or 2 raw inputs")
    inputs = (apply_features(raw, features) if features else raw).astype(np.float32)
    y = axes[1] if len(axes) == 2 else np.empty(0)
    for a in (axes[0], y, inputs):
        a.setflags(write=False)
    return axes[0], y, inputs


def _inputs_for(run: Run, n: int) -> tuple[Array, Array, Array]:
    _check_size(n)
    domain = tuple(tuple(float(v) for v in axis) for axis in run.data.domain)
    return _grid_inputs(domain, n, run.data.features)


CONFIDENCE_CAP = 0.99999  # below 1 so that class + confidence never reads as the next class


def output_value(out: Array, activation: str) -> Array:
    """out (N, K) → (N,): unit 0; for softmax with K = 2 the class-1 probability; for softmax
    with K ≥ 3 the most probable class k plus its probability p (capped at CONFIDENCE_CAP):
    k + p, so floor(value) is the class and value − k its confidence (the page colours the
    class's region, lighter where the network is less sure)."""
    if activation == "softmax":
        if out.shape[1] == 2:
            return out[:, 1]
        k = out.argmax(axis=1)
        return k + np.minimum(np.take_along_axis(out, k[:, None], axis=1)[:, 0], CONFIDENCE_CAP)
    return out[:, 0]


def output_grid_arrays(run: Run, n: int) -> tuple[Array, Optional[Array], Array]:
    """x (n,), y (n,) or None for 1-D data, values float32 (n, n) (row r is y[r]) or (n,)."""
    x, y, inputs = _inputs_for(run, n)
    out = forward32(run, inputs)[-1]
    values = output_value(out, run.cfg.layers[-1].activation).astype(np.float32, copy=False)
    two_d = len(y) > 0
    return x, (y if two_d else None), (values.reshape(n, n) if two_d else values)


def hidden_grid_arrays(run: Run, n: int) -> list[Array]:
    """Per hidden layer, float32 (units, n, n) for 2-D data or (units, n) for 1-D: each unit's
    activation over the grid."""
    _, y, inputs = _inputs_for(run, n)
    two_d = len(y) > 0
    hidden = forward32(run, inputs)[:-1]  # the output layer has its own grid
    return [np.ascontiguousarray(a.T).reshape((a.shape[1], n, n) if two_d else (a.shape[1], n)) for a in hidden]


def output_grid(run: Run, n: int) -> dict[str, Any]:
    """{x: [n], y: [n] or None, values: [[n] * n] (2-D) or [n] (1-D)} of the output unit."""
    x, y, values = output_grid_arrays(run, n)
    return {"x": x.tolist(), "y": None if y is None else y.tolist(), "values": rounded(values)}


def hidden_grids(run: Run, n: int) -> list[list[list]]:
    """Per hidden layer, per unit, that unit's activation over the grid ([[n] * n] or [n])."""
    return [rounded(a) for a in hidden_grid_arrays(run, n)]


def rounded(values: Array) -> list:
    """A grid array as nested lists rounded to DECIMALS (the JSON form)."""
    return np.round(values.astype(np.float64), DECIMALS).tolist()
