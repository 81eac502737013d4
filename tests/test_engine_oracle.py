"""The engine against an autodiff oracle (tests/oracle.py) on random networks: losses, δ,
∂E/∂a, gradients and updates, including saturated units and large logits."""
from __future__ import annotations

import math

import numpy as np
import pytest

from engine.activations import HIDDEN_ACTIVATIONS
from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.network import Params
from engine.state import new_run
from tests.oracle import Reference

OUTPUTS = [("half_sse", a) for a in HIDDEN_ACTIVATIONS] + [("mse", "linear"), ("mse", "tanh"),
                                                           ("bce", "sigmoid"), ("softmax_ce", "softmax")]
CASES = 120


def random_run(seed: int, scale: float = 1.0):
    """A random network (0–3 hidden layers), data and batch mode; `scale` widens the weights
    (large scales saturate sigmoid/tanh units and give far-off logits)."""
    rng = np.random.default_rng(seed)
    loss, out_act = OUTPUTS[seed % len(OUTPUTS)]
    inputs = int(rng.integers(1, 5))
    outputs = int(rng.integers(2, 4)) if out_act == "softmax" else int(rng.integers(1, 3))
    hidden = [LayerSpec(int(rng.integers(1, 6)), str(rng.choice(HIDDEN_ACTIVATIONS))) for _ in range(rng.integers(0, 4))]
    n = int(rng.integers(4, 13))
    labels = rng.integers(0, outputs, n) if outputs > 1 else rng.random(n).round(3)
    points = tuple(tuple(row) for row in np.column_stack([rng.normal(size=(n, inputs)).round(4), labels]).tolist())
    cfg = Config(inputs=inputs, layers=(*hidden, LayerSpec(outputs, out_act)), loss=loss,
                 learning_rate=float(rng.uniform(0.01, 0.5)), batch_size=[None, 1, 3][seed % 3],
                 l2=[0.0, 0.1][seed % 2], freeze_biases=bool(seed % 5 == 0), seed=seed)
    sizes = cfg.sizes
    params = Params([rng.normal(scale=scale, size=(o, i)) for i, o in zip(sizes[:-1], sizes[1:])],
                    [rng.normal(scale=scale, size=o) for o in sizes[1:]])
    spec = DatasetSpec("custom", n=n, points=points, features=tuple(f"x{k + 1}" for k in range(inputs))[:2])
    return new_run(cfg, spec, params)


def close(mine, ref, rtol=1e-10, atol=1e-12):
    np.testing.assert_allclose(np.asarray(mine, float), np.asarray(ref, float), rtol=rtol, atol=atol)


@pytest.mark.parametrize("scale", [1.0, 8.0])
def test_engine_agrees_with_autodiff_on_random_networks(scale):
    checked = 0
    for seed in range(CASES):
        run = random_run(seed, scale)
        ref = Reference(run.cfg, run.n_train)
        x, t = (a.copy() for a in run.batch_arrays())
        w, b = [a.copy() for a in run.params.weights], [a.copy() for a in run.params.biases]
        trace = run.step_iteration()
        if trace.status == "diverged":
            continue
        checked += 1
        close(trace.loss, ref.loss(w, b, x, t))
        gw, gb = ref.gradients(w, b, x, t)
        for layer, ew, eb in zip(trace.layers, gw, gb):
            close(layer.grad_w, ew)
            close(layer.grad_b, eb)
        for layer, d in zip(trace.layers, ref.deltas(w, b, x, t, trace.focus)):
            close(layer.delta, d)
        new_w, new_b = ref.update(w, b, x, t)
        for mine, expected in zip(run.params.weights + run.params.biases, new_w + new_b):
            close(mine, expected)
        a_out = trace.layers[-1].a
        if run.cfg.loss in ("half_sse", "mse") or np.all((a_out > 1e-6) & (a_out < 1 - 1e-6)):
            # The oracle differentiates the loss written in a, which is exact only away from 0 and 1.
            close(trace.output_grad, ref.output_grad(w, b, x, t, trace.focus), rtol=1e-8)
    assert checked > CASES * 0.9


def test_ordinary_softmax_run_reports_its_true_loss():
    """The issue's run: 5 inputs, linear 2-14-1-16, softmax over 3, He init, online η 0.035."""
    rng = np.random.default_rng(7)
    layers = tuple(LayerSpec(u, "linear") for u in (2, 14, 1, 16)) + (LayerSpec(3, "softmax"),)
    cfg = Config(inputs=5, layers=layers, loss="softmax_ce", learning_rate=0.035, batch_size=1, init="he", seed=4)
    points = tuple(tuple(r) for r in np.column_stack([rng.normal(scale=3, size=(40, 5)).round(3),
                                                      rng.integers(0, 3, 40)]).tolist())
    run = new_run(cfg, DatasetSpec("custom", n=40, points=points, train_share=0.5, features=("x1", "x2")))
    ref = Reference(cfg, run.n_train)
    for _ in range(5):
        run.step_iteration()
    w, b = run.params.weights, run.params.biases
    train = float(ref.loss(w, b, run.data.x_train, run.data.t_train))
    test = float(ref.loss(w, b, run.data.x_test, run.data.t_test))
    mine_train, mine_test = run.losses()
    assert math.isclose(mine_train, train, rel_tol=1e-10) and math.isclose(mine_test, test, rel_tol=1e-10)
