"""Every hidden activation × loss/output × batch mode passes the gradient check (rel. error < 1e-6).

Random networks of depth 0–3 (hidden layers), L2 on, on the four XOR points (inputs in [0, 1]
keep the units out of saturation, so no gradient is so small that rounding dominates it).
ReLU and leaky ReLU have a kink at z = 0 where the loss has no derivative; a network whose
batch puts any such z within 1e-3 of 0 is redrawn with another seed (central differences use
ε = 1e-5, so kinks further away cannot be crossed), and the test asserts a draw was found.
"""
import numpy as np
import pytest

from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.gradcheck import gradient_check
from engine.state import new_run

HIDDEN = ["sigmoid", "tanh", "relu", "leaky_relu", "linear"]
OUTPUTS = [("half_sse", "sigmoid", 2), ("half_sse", "tanh", 2), ("half_sse", "linear", 1),
           ("mse", "sigmoid", 2), ("mse", "tanh", 1), ("mse", "linear", 2),
           ("bce", "sigmoid", 1), ("softmax_ce", "softmax", 2)]
BATCHES = {"online": 1, "mini-batch": 2, "full": None}
KINKED = {"relu", "leaky_relu"}


def _clear_of_kinks(run) -> bool:
    x, _ = run.batch_arrays()
    zs, _ = run.net.forward(run.params, x)
    return all(np.abs(z).min() > 1e-3 for z, layer in zip(zs, run.cfg.layers) if layer.activation in KINKED)


def _run(hidden, depth, loss, out_act, outputs, batch, seed):
    widths = [3, 4, 2][:depth]
    layers = tuple(LayerSpec(w, hidden) for w in widths) + (LayerSpec(outputs, out_act),)
    for attempt in range(50):
        cfg = Config(inputs=2, layers=layers, loss=loss, batch_size=batch, l2=0.05, init="uniform",
                     seed=seed + 1000 * attempt)
        run = new_run(cfg, DatasetSpec("xor"))
        run.batch_index = 1 if batch else 0  # not always the first batch
        if _clear_of_kinks(run):
            return run
    pytest.fail("no draw without a ReLU kink near the batch's z")


def _assert_passes(run):
    check = gradient_check(run)
    assert len(check.entries) == run.params.count()
    worst = max(check.entries, key=lambda e: e["rel_error"])
    assert check.max_rel_error < 1e-6, worst
    assert any(abs(e["analytic"]) > 1e-4 for e in check.entries)  # a real gradient, not all zeros


CASES = [(h, loss, act, k, mode) for h in HIDDEN for (loss, act, k) in OUTPUTS for mode in BATCHES]


@pytest.mark.parametrize("hidden, loss, out_act, outputs, mode", CASES)
def test_gradient_check_hidden_layers(hidden, loss, out_act, outputs, mode):
    index = CASES.index((hidden, loss, out_act, outputs, mode))
    depth = 1 + index % 3  # 1–3 hidden layers, cycling through the matrix
    _assert_passes(_run(hidden, depth, loss, out_act, outputs, BATCHES[mode], seed=index))


@pytest.mark.parametrize("loss, out_act, outputs", OUTPUTS)
@pytest.mark.parametrize("mode", list(BATCHES))
def test_gradient_check_no_hidden_layer(loss, out_act, outputs, mode):
    _assert_passes(_run("tanh", 0, loss, out_act, outputs, BATCHES[mode], seed=7))


def test_every_depth_appears_for_every_activation():
    for hidden in HIDDEN:
        depths = {1 + CASES.index(c) % 3 for c in CASES if c[0] == hidden}
        assert depths == {1, 2, 3}
