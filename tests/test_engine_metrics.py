"""Accuracy and confusion matrices (engine/metrics.py) on hand-built outputs, on a run with
chosen weights, and the labels an output layer cannot represent (engine/datasets.py)."""
from __future__ import annotations

import numpy as np
import pytest

from engine import metrics
from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec, load
from engine.grids import output_value
from engine.network import Params
from engine.presets import PRESETS, build_preset
from engine.state import new_run


def test_one_sigmoid_unit_thresholds_at_half_and_an_overflow_counts_as_wrong():
    a = np.array([[0.9], [0.2], [0.5], [0.49], [np.nan]])
    t = np.array([[1.0], [0.0], [0.0], [1.0], [1.0]])
    assert metrics.predicted_classes(a).tolist() == [1, 0, 1, 0, -1]
    found = metrics.score(a, t)
    # true 0: predicted 0 once (0.2), 1 once (0.5 is class 1); true 1: 1 once (0.9), 0 once (0.49)
    assert found.confusion.tolist() == [[1, 1], [1, 1]]
    assert found.accuracy == pytest.approx(2 / 5)  # the NaN row is in m, never in a cell


def test_softmax_argmax_confusion_counts():
    a = np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4], [0.5, 0.1, 0.4],
                  [0.2, 0.5, 0.3], [0.1, 0.1, 0.8], [0.05, 0.9, 0.05]])
    t = np.eye(3)[[0, 1, 2, 2, 1, 2, 0]]
    found = metrics.classification(a, t, a[:3], t[:3])
    assert found["classes"] == 3
    assert found["train_confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 2]]
    assert found["train_accuracy"] == pytest.approx(5 / 7)
    assert found["test_confusion"] == [[1, 0, 0], [0, 1, 0], [0, 0, 1]] and found["test_accuracy"] == 1.0


def test_a_run_with_chosen_weights_scores_its_points():
    # One sigmoid unit on x1 alone: a = σ(4·x1), so class 1 exactly where x1 ≥ 0.
    points = ((-2.0, 0.0, 0), (-1.0, 1.0, 1), (0.5, 0.0, 1), (1.5, 2.0, 0), (2.0, -1.0, 1), (-0.5, 3.0, 0))
    cfg = Config(inputs=2, layers=(LayerSpec(1, "sigmoid"),), loss="bce", learning_rate=0.1, batch_size=None,
                 init="explicit", seed=0)
    run = new_run(cfg, DatasetSpec(name="custom", points=points),
                  Params(weights=[np.array([[4.0, 0.0]])], biases=[np.array([0.0])]))
    found = run.scores()
    # true 0 at x1 = −2, 1.5, −0.5 → predicted 0, 1, 0; true 1 at −1, 0.5, 2 → predicted 0, 1, 1
    assert found["train_confusion"] == [[2, 1], [1, 2]] and found["train_accuracy"] == pytest.approx(4 / 6)
    assert found["test_accuracy"] is None and found["test_confusion"] is None
    assert found["train_loss"] == pytest.approx(run.losses()[0])


def test_regression_and_the_worked_example_have_no_classes():
    for preset in ("sine", "mazur"):
        found = build_preset(preset).scores()
        assert all(found[key] is None for key in metrics.CLASSIFICATION_KEYS), preset


def test_three_gaussians_preset_is_three_classes_and_learns():
    run = build_preset("three_gaussians")
    assert run.cfg.layers[-1].units == 3 and run.cfg.layers[-1].activation == "softmax"
    assert run.cfg.loss == "softmax_ce" and len(run.data.x_test) == 250
    run.train(400)
    found = run.scores()
    assert found["classes"] == 3 and found["train_accuracy"] > 0.9 and found["test_accuracy"] > 0.9
    assert sum(map(sum, found["train_confusion"])) == run.n_train == 250
    assert all(row[i] > 0 for i, row in enumerate(found["train_confusion"]))  # every class is found


def test_gaussians_is_a_preset_of_its_own_with_a_test_split():
    run = build_preset("gaussians")
    assert PRESETS["gaussians"].title.startswith("Two Gaussians")
    assert run.dataset.name == "gaussians" and 0 < len(run.data.x_test) < 500
    assert [l.units for l in run.cfg.layers] == [2, 1] and run.cfg.layers[0].activation == "tanh"


def test_decision_grid_value_is_class_plus_confidence_for_three_classes():
    out = np.array([[0.2, 0.3, 0.5], [0.98, 0.01, 0.01], [0.0, 1.0, 0.0]], dtype=np.float32)
    values = output_value(out, "softmax").astype(np.float32)
    assert np.floor(values).tolist() == [2, 0, 1]
    assert values - np.floor(values) == pytest.approx([0.5, 0.98, 0.99999], abs=1e-6)


@pytest.mark.parametrize("points, layers, loss, message", [
    # the bug of issue 11: label 2 on one sigmoid unit with binary cross-entropy
    (((0.0, 0.0, 0), (1.0, 1.0, 2)), (LayerSpec(1, "sigmoid"),), "bce",
     "dataset.points: label 2 needs an output layer with at least 3 units and softmax"),
    (((0.0, 0.0, 0), (1.0, 1.0, 1.5)), (LayerSpec(1, "sigmoid"),), "bce",
     "dataset.points: label 1.5 is not a class or a probability"),
    (((0.0, 0.0, 0), (1.0, 1.0, 3)), (LayerSpec(3, "softmax"),), "softmax_ce",
     "dataset.points: label 3 needs an output layer with at least 4 units .* this one has 3"),
    (((0.0, 0.0, 0), (1.0, 1.0, -1)), (LayerSpec(3, "softmax"),), "softmax_ce",
     "dataset.points: label -1 is not a class"),
])
def test_labels_the_output_cannot_represent_are_refused(points, layers, loss, message):
    cfg = Config(inputs=2, layers=layers, loss=loss, learning_rate=0.1, batch_size=None, init="xavier", seed=0)
    with pytest.raises(ValueError, match=message):
        new_run(cfg, DatasetSpec(name="custom", points=points))


def test_regression_targets_and_probabilities_are_kept():
    data = load(DatasetSpec(name="custom", points=((0.0, 0.0, 2.5), (1.0, 1.0, -7.0))), 1, "half_sse")
    assert data.t_train[:, 0].tolist() == [2.5, -7.0]  # a target, whatever the output can reach
    soft = load(DatasetSpec(name="custom", points=((0.0, 0.0, 0.25), (1.0, 1.0, 1.0))), 1, "bce")
    assert soft.t_train[:, 0].tolist() == [0.25, 1.0]


def test_three_classes_on_one_unit_name_the_dataset():
    cfg = Config(inputs=2, layers=(LayerSpec(4, "tanh"), LayerSpec(1, "sigmoid")), loss="bce", learning_rate=0.1,
                 batch_size=None, init="xavier", seed=0)
    with pytest.raises(ValueError, match="dataset.name: label 2 needs an output layer with at least 3 units"):
        new_run(cfg, DatasetSpec(name="three_gaussians", n=30, train_share=0.5))


def test_three_arm_spiral_preset_learns_its_three_classes():
    run = build_preset("spiral3")
    counts = np.bincount(run.data.t_train.argmax(axis=1), minlength=3)
    assert counts.sum() == 250 and counts.min() > 60  # three arms, all in the training half
    run.train(2500)
    found = run.scores()
    assert found["classes"] == 3 and found["train_accuracy"] > 0.9, found["train_accuracy"]
