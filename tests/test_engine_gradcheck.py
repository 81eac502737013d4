"""Gradient check: backprop against central differences on the run's current batch."""
import numpy as np

from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.gradcheck import gradient_check, relative_error
from engine.presets import build_preset
from engine.state import new_run


def test_mazur_passes_and_lists_every_parameter():
    run = build_preset("mazur")
    check = gradient_check(run)
    assert len(check.entries) == 12
    w5 = next(e for e in check.entries if (e["layer"], e["kind"], e["j"], e["i"]) == (2, "W", 0, 0))
    assert abs(w5["analytic"] - 0.082167041) < 1e-9
    assert check.max_rel_error < 1e-6
    assert {e["i"] for e in check.entries if e["kind"] == "b"} == {None}


def test_a_wrong_gradient_is_caught():
    assert relative_error(1.0, 1.0) == 0.0 and relative_error(0.0, 0.0) == 0.0
    assert relative_error(1.0, 0.5) == 0.5
    # Below the floor the difference counts against 1e-4: noise of 1e-12 passes, a factor 2 not.
    assert relative_error(2e-7, 2e-7 + 1e-12) < 1e-6 and relative_error(2e-7, 4e-7) > 1e-3


def test_check_leaves_the_run_unchanged():
    cfg = Config(inputs=2, layers=(LayerSpec(3, "tanh"), LayerSpec(1, "sigmoid")), loss="bce", l2=0.1, seed=2)
    run = new_run(cfg, DatasetSpec("circle", n=40))
    before = run.params.copy()
    gradient_check(run)
    assert all(np.array_equal(a, b) for a, b in zip(before.weights, run.params.weights))
    assert run.iteration == 0
