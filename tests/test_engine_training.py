"""Initialisation, batches, L2, momentum, divergence and the lean Run.train path."""
import math

import numpy as np
import pytest

from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.network import Params
from engine.state import from_document, new_run, to_document

TWO_POINTS = DatasetSpec("custom", points=((1.0, 1.0), (2.0, 0.0)), features=("x1",))


def _tiny(**cfg):
    """1 input → 1 linear output, half_sse: w = 0.5, b = 0.1 on x = 1 → t = 1, x = 2 → t = 0."""
    config = Config(inputs=1, layers=(LayerSpec(1, "linear"),), loss="half_sse", learning_rate=0.1, **cfg)
    return new_run(config, TWO_POINTS, Params([np.array([[0.5]])], [np.array([0.1])]))


def _net(batch_size=None, seed=0, init="xavier", hidden="tanh", **kw):
    cfg = Config(inputs=2, layers=(LayerSpec(5, hidden), LayerSpec(3, hidden), LayerSpec(1, "sigmoid")),
                 loss="bce", batch_size=batch_size, init=init, seed=seed, **kw)
    return new_run(cfg, DatasetSpec("circle", n=53, noise=0.2, seed=3))


# -- initialisation ----------------------------------------------------------------------------
@pytest.mark.parametrize("init", ["uniform", "xavier", "he"])
def test_same_seed_same_weights_other_seed_other_weights(init):
    a, b, c = _net(seed=4, init=init), _net(seed=4, init=init), _net(seed=5, init=init)
    for wa, wb, wc in zip(a.params.weights, b.params.weights, c.params.weights):
        assert np.array_equal(wa, wb) and not np.array_equal(wa, wc)


def test_initialiser_ranges():
    uniform = _net(init="uniform", seed=1).params
    assert all(np.abs(w).max() <= 0.5 for w in uniform.weights + uniform.biases)
    xavier = _net(init="xavier", seed=1).params
    assert np.abs(xavier.weights[0]).max() <= math.sqrt(6 / (2 + 5)) and not xavier.biases[0].any()
    he = _net(init="he", seed=1, hidden="relu").params
    assert 0.3 < he.weights[1].std() < 1.2  # N(0, 2/5): std 0.63


def test_explicit_parameters_are_kept():
    assert _tiny().params.weights[0].tolist() == [[0.5]]


# -- batches -----------------------------------------------------------------------------------
@pytest.mark.parametrize("batch_size, per_epoch, last", [(1, 53, 1), (10, 6, 3), (None, 1, 53)])
def test_an_epoch_visits_every_example_once(batch_size, per_epoch, last):
    run = _net(batch_size=batch_size)
    assert run.iterations_per_epoch == per_epoch
    seen = []
    for _ in range(per_epoch):
        seen.extend(run.step_iteration().batch.tolist())
    assert sorted(seen) == list(range(53)) and run.epoch == 1 and run.batch_index == 0
    assert len(run.step_iterations(per_epoch).batch) == last


def test_shuffle_is_seeded_per_epoch():
    a, b, other = _net(batch_size=10, seed=2), _net(batch_size=10, seed=2), _net(batch_size=10, seed=3)
    assert np.array_equal(a.epoch_order(0), b.epoch_order(0))
    assert not np.array_equal(a.epoch_order(0), a.epoch_order(1))
    assert not np.array_equal(a.epoch_order(0), other.epoch_order(0))
    assert np.array_equal(_net(batch_size=None).epoch_order(5), np.arange(53))  # full batch: no shuffle


# -- L2 and momentum, by hand ---------------------------------------------------------------------
def test_l2_gradient_and_update_by_hand():
    # a = w·x + b: 0.6 and 1.1; δ = a − t: −0.4 and 1.1; m = 2, λ = 0.2, η = 0.1.
    # ∂E/∂w = (Σ δ·x + λw)/m = (−0.4·1 + 1.1·2 + 0.2·0.5)/2 = 1.9/2 = 0.95
    # ∂E/∂b = Σ δ/m = 0.7/2 = 0.35   (no λ on the bias)
    # E = mean ½δ² + λ/(2n)·w² = (0.08 + 0.605)/2 + 0.05·0.25 = 0.355   (full batch: n = m = 2)
    run = _tiny(l2=0.2)
    trace = run.step_iteration()
    assert trace.layers[0].grad_w[0, 0] == pytest.approx(0.95, abs=1e-14)
    assert trace.layers[0].grad_b[0] == pytest.approx(0.35, abs=1e-14)
    assert trace.loss == pytest.approx(0.355, abs=1e-14)
    assert run.params.weights[0][0, 0] == pytest.approx(0.5 - 0.1 * 0.95, abs=1e-14)  # 0.405
    assert run.params.biases[0][0] == pytest.approx(0.1 - 0.1 * 0.35, abs=1e-14)  # 0.065


def test_lambda_regularises_the_same_in_every_batch_mode():
    """L2 is λ/(2n) Σ W² with n the training-set size (seed 002, Nielsen): its gradient (λ/n) W
    does not depend on the batch size. It was λ/m: 25× harder for batches of 10 of 250 points."""
    for batch_size in (None, 10, 1):
        plain, regularised = _net(batch_size=batch_size), _net(batch_size=batch_size, l2=0.5)
        x, t = plain.batch_arrays()
        extra = regularised.batch_gradient(x, t)[0][0] - plain.batch_gradient(x, t)[0][0]
        np.testing.assert_allclose(extra, 0.5 / plain.n_train * plain.params.weights[0], rtol=1e-9, atol=1e-15)
        penalty = regularised.train_loss() - plain.train_loss()
        assert penalty == pytest.approx(0.5 / (2 * plain.n_train) * sum((w * w).sum() for w in plain.params.weights))


def test_momentum_two_steps_by_hand():
    # μ = 0.9, η = 0.1, no L2.  Step 1: ∂E/∂w = 1.8/2 = 0.9, ∂E/∂b = 0.35
    #   v_w = −0.09, v_b = −0.035 → w = 0.41, b = 0.065
    # Step 2: a = 0.475, 0.885; δ = −0.525, 0.885; ∂E/∂w = (−0.525 + 1.77)/2 = 0.6225, ∂E/∂b = 0.18
    #   v_w = 0.9·(−0.09) − 0.1·0.6225 = −0.14325 → w = 0.26675
    #   v_b = 0.9·(−0.035) − 0.1·0.18 = −0.0495 → b = 0.0155
    run = _tiny(momentum=0.9)
    run.step_iteration()
    assert run.params.weights[0][0, 0] == pytest.approx(0.41, abs=1e-14)
    assert run.velocity.weights[0][0, 0] == pytest.approx(-0.09, abs=1e-14)
    run = from_document(to_document(run))  # the velocity travels in the state document
    run.step_iteration()
    assert run.params.weights[0][0, 0] == pytest.approx(0.26675, abs=1e-14)
    assert run.params.biases[0][0] == pytest.approx(0.0155, abs=1e-14)
    assert run.velocity.biases[0][0] == pytest.approx(-0.0495, abs=1e-14)


def test_frozen_biases_stay_with_momentum_and_l2():
    run = _tiny(momentum=0.5, l2=0.1, freeze_biases=True)
    run.train(5)
    assert run.params.biases[0].tolist() == [0.1] and run.params.weights[0][0, 0] != 0.5


# -- Run.train: the lean path -------------------------------------------------------------------
@pytest.mark.parametrize("kw", [
    dict(batch_size=10), dict(batch_size=1, momentum=0.9), dict(batch_size=None, l2=0.3),
    dict(batch_size=7, hidden="relu", freeze_biases=True, momentum=0.5, l2=0.01),
])
def test_train_equals_step_iteration_bit_for_bit(kw):
    lean, traced = _net(**kw), _net(**kw)
    assert lean.train(23) == 23
    for _ in range(23):
        traced.step_iteration()
    assert to_document(lean) == to_document(traced)  # every weight, bias, velocity and counter


def test_train_matches_the_reference_backprop():
    """The flat-buffer kernel computes network.py's formulas."""
    run = _net(batch_size=10, l2=0.1)
    x, t = run.batch_arrays()
    reference = run.net.backprop(run.params, x, t)
    grad_w, grad_b = run.batch_gradient(x, t)
    for mine, ref in zip(grad_w + grad_b, reference.grad_w + reference.grad_b):
        np.testing.assert_allclose(mine, ref, rtol=1e-13, atol=1e-16)


def test_changing_the_settings_mid_run_keeps_the_place_in_the_epoch():
    run = _net(batch_size=10)
    run.train(8)  # epoch 1, batch 2: examples 0…19 of epoch 1's order used
    order = run.epoch_order(1)
    run.change_settings(learning_rate=0.5, batch_size=15)
    assert (run.epoch, run.batch_index, run.iteration, run.phase) == (1, 1, 8, 0)  # batch 1 = examples 15…29
    np.testing.assert_array_equal(run.current_batch(), order[15:30])
    before = run.params.weights[0].copy()
    run.train(1)
    assert run.kernel().cfg.learning_rate == 0.5 and not np.array_equal(before, run.params.weights[0])


def test_a_larger_batch_mid_epoch_stays_in_the_epoch():
    run = _net(batch_size=10)
    run.train(11)  # epoch 1, batch 5 (the last of 6)
    run.change_settings(batch_size=40)  # 2 batches per epoch: example 50 is in batch 1
    assert (run.epoch, run.batch_index) == (1, 1)


def test_settings_that_change_the_network_are_refused_mid_run():
    run = _net(batch_size=10)
    with pytest.raises(ValueError, match="^init: cannot change mid-run"):
        run.change_settings(init="he")
    with pytest.raises(ValueError, match="^batch_size"):
        run.change_settings(batch_size=0)


# -- divergence ----------------------------------------------------------------------------------
def _diverging():
    cfg = Config(inputs=2, layers=(LayerSpec(8, "relu"), LayerSpec(1, "linear")), loss="half_sse",
                 learning_rate=10.0, batch_size=None, init="he", seed=0)
    return new_run(cfg, DatasetSpec("plane", n=100))


def test_divergence_keeps_the_last_finite_parameters():
    run = _diverging()
    done = run.train(1000)
    assert done < 1000 and run.status == "diverged" and run.iteration == done
    assert run.params.all_finite()
    kept = run.params.copy()
    trace = run.step_iteration()  # the same step diverges again, and reports it
    assert trace.status == "diverged" and run.status == "diverged" and run.iteration == done
    assert not all(np.isfinite(layer.w_after).all() for layer in trace.layers)
    assert all(np.array_equal(a, b) for a, b in zip(kept.weights, run.params.weights))


def test_step_iterations_stop_at_divergence_like_train():
    lean, traced = _diverging(), _diverging()
    lean.train(1000)
    traced.step_iterations(1000)
    assert traced.status == "diverged" and to_document(lean) == to_document(traced)


def test_parameters_handed_out_by_the_kernel_cannot_be_edited_in_place():
    """An in-place edit would be lost (the kernel does not copy back what it handed out)."""
    run = _net(batch_size=10)
    run.train(3)
    with pytest.raises(ValueError, match="read-only"):
        run.params.weights[0][0, 0] = 5.0
    edited = run.params.copy()
    edited.weights[0][0, 0] = 5.0
    run.params = edited
    trace = run.step_iteration()
    assert trace.layers[0].w_before[0, 0] == 5.0  # the step used the edited weight
    np.testing.assert_allclose(run.params.weights[0], edited.weights[0] - 0.1 * trace.layers[0].grad_w, rtol=1e-15)
