"""Prediction grids: the network's own numbers over the raw domain, with features applied."""
import numpy as np
import pytest

from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.features import apply_features
from engine.grids import hidden_grids, output_grid
from engine.state import new_run


def _run(name="circle", features=("x1", "x2"), hidden=(("tanh", 4), ("relu", 3)), out=("sigmoid", 1), loss="bce"):
    layers = tuple(LayerSpec(u, a) for a, u in hidden) + (LayerSpec(out[1], out[0]),)
    cfg = Config(inputs=len(features), layers=layers, loss=loss, init="uniform", seed=5)
    return new_run(cfg, DatasetSpec(name=name, n=50, features=features))


def _float64_output(run, raw):
    x = apply_features(raw, run.data.features)
    return run.net.predict(run.params, x)


def test_output_grid_matches_the_network_at_every_point():
    run = _run(features=("x1", "x2", "x1x2", "sin_x2"))
    grid = output_grid(run, 7)
    assert grid["x"] == np.linspace(-3, 3, 7).tolist() and grid["y"] == grid["x"]
    values = np.array(grid["values"])
    assert values.shape == (7, 7)
    for r, y in enumerate(grid["y"]):
        for c, x in enumerate(grid["x"]):
            expected = _float64_output(run, np.array([[x, y]]))[0, 0]
            assert abs(values[r, c] - expected) < 2e-5  # float32 grid, rounded to 5 decimals


def test_hidden_grids_one_per_unit():
    run = _run()
    grids = hidden_grids(run, 5)
    assert [len(layer) for layer in grids] == [4, 3]
    raw = np.array([[-3.0, 1.5]])  # column 0, row 3
    _, acts = run.net.forward(run.params, apply_features(raw, run.data.features))
    for layer in (0, 1):
        for unit, grid in enumerate(grids[layer]):
            assert np.array(grid).shape == (5, 5)
            assert abs(grid[3][0] - acts[layer + 1][0, unit]) < 2e-5


def test_one_dimensional_grid():
    run = _run(name="sine", features=("x1", "sin_x1"), out=("linear", 1), loss="half_sse")
    grid = output_grid(run, 11)
    assert grid["y"] is None and len(grid["values"]) == 11
    assert abs(grid["values"][10] - _float64_output(run, np.array([[3.0]]))[0, 0]) < 2e-5
    assert np.array(hidden_grids(run, 4)[1]).shape == (3, 4)


def test_softmax_grid_shows_class_one_probability():
    run = _run(out=("softmax", 2), loss="softmax_ce")
    grid = output_grid(run, 3)
    assert abs(grid["values"][0][0] - _float64_output(run, np.array([[-3.0, -3.0]]))[0, 1]) < 2e-5


@pytest.mark.parametrize("n", [0, 1])  # the largest size is the server's setting (max_grid)
def test_grid_size_bounds(n):
    with pytest.raises(ValueError, match="grid_size"):
        output_grid(_run(), n)
