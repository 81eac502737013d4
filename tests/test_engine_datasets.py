"""Datasets: seeded, split, within their domain, shaped by the features; bad specs refused."""
import numpy as np
import pytest

from engine import datasets
from engine.datasets import DatasetSpec, load
from engine.features import apply_features

SYNTHETIC = ["circle", "xor_quadrants", "gaussians", "spiral", "sine", "plane"]


def _spec(name, **kw):
    kw.setdefault("features", ("x1",) if name == "sine" else ("x1", "x2"))
    return DatasetSpec(name=name, **kw)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_same_seed_same_points_other_seed_other_points(name):
    a = load(_spec(name, seed=3, noise=0.2), 1)
    b = datasets._load_cached.__wrapped__(_spec(name, seed=3, noise=0.2), 1)  # regenerated, not the cache
    c = load(_spec(name, seed=4, noise=0.2), 1)
    assert np.array_equal(a.raw_train, b.raw_train) and np.array_equal(a.t_train, b.t_train)
    assert not np.array_equal(a.raw_train, c.raw_train)


@pytest.mark.parametrize("name", SYNTHETIC)
def test_split_sizes_and_domain(name):
    data = load(_spec(name, n=301, train_share=0.8), 1)
    assert len(data.x_train) == 241 and len(data.x_test) == 60
    raw = np.concatenate([data.raw_train, data.raw_test])
    for axis, (low, high) in enumerate(data.domain):
        assert low <= raw[:, axis].min() and raw[:, axis].max() <= high  # noise 0: inside the domain
    assert data.x_train.shape[1] == (1 if name == "sine" else 2)


@pytest.mark.parametrize("name", ["circle", "gaussians", "spiral"])
def test_classification_sets_are_balanced_binary_labels(name):
    data = load(_spec(name, n=500), 1)
    labels = data.t_train[:, 0]
    assert set(np.unique(labels)) == {0.0, 1.0}
    assert labels.sum() == 250


def test_circle_labels_follow_the_radius_without_noise():
    data = load(_spec("circle", n=400), 1)
    r = np.hypot(data.raw_train[:, 0], data.raw_train[:, 1])
    assert (r[data.t_train[:, 0] == 1] <= 1.25).all() and (r[data.t_train[:, 0] == 0] >= 1.75).all()


def test_xor_quadrants_label_is_sign_of_product():
    data = load(_spec("xor_quadrants", n=400), 1)
    assert np.array_equal(data.t_train[:, 0], (data.raw_train[:, 0] * data.raw_train[:, 1] > 0).astype(float))


def test_regression_targets():
    sine = load(_spec("sine", n=200), 1)
    assert np.allclose(sine.t_train[:, 0], np.sin(sine.raw_train[:, 0]))
    plane = load(_spec("plane", n=200), 1)
    assert np.allclose(plane.t_train[:, 0], (plane.raw_train[:, 0] + plane.raw_train[:, 1]) / 6.0)
    noisy = load(_spec("sine", n=200, noise=0.5), 1)
    residual = noisy.t_train[:, 0] - np.sin(noisy.raw_train[:, 0])
    assert 0.1 < residual.std() < 0.2  # noise 0.5 × scale 0.3


def test_noise_moves_points_but_keeps_labels():
    clean = load(_spec("gaussians", n=200), 1)
    noisy = load(_spec("gaussians", n=200, noise=1.0), 1)
    assert noisy.raw_train.std() > clean.raw_train.std()
    assert noisy.t_train.sum() == clean.t_train.sum()


def test_feature_transforms_values():
    raw = np.array([[2.0, -3.0], [0.5, 1.0]])
    x = apply_features(raw, ("x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"))
    assert x[0].tolist() == [2.0, -3.0, 4.0, 9.0, -6.0, np.sin(2.0), np.sin(-3.0)]
    assert x[1].tolist() == [0.5, 1.0, 0.25, 1.0, 0.5, np.sin(0.5), np.sin(1.0)]


def test_features_set_the_network_inputs():
    spec = _spec("circle", features=("x1^2", "x2^2", "x1x2"))
    data = load(spec, 1)
    assert datasets.input_count(spec) == 3 and data.x_train.shape[1] == 3
    assert np.allclose(data.x_train[:, 2], data.raw_train[:, 0] * data.raw_train[:, 1])


def test_fixed_sets():
    mazur = load(DatasetSpec("mazur"), 2)
    assert mazur.x_train.tolist() == [[0.05, 0.10]] and mazur.t_train.tolist() == [[0.01, 0.99]]
    xor = load(DatasetSpec("xor"), 1)
    assert xor.t_train[:, 0].tolist() == [0.0, 1.0, 1.0, 0.0] and len(xor.x_test) == 0


def test_custom_points_one_hot_and_domain():
    spec = DatasetSpec("custom", points=((0.0, 0.0, 0.0), (1.0, 2.0, 1.0), (-1.0, 4.0, 2.0)))
    data = load(spec, 3)
    label_of = {0.0: 0, 1.0: 1, -1.0: 2}  # by x1
    assert [label_of[x1] for x1 in data.raw_train[:, 0]] == data.t_train.argmax(axis=1).tolist()
    assert data.t_train.sum() == 3
    assert data.domain == ((-1.5, 1.5), (-0.5, 4.5))


def test_softmax_targets_are_one_hot():
    data = load(_spec("spiral", n=100), 2)
    assert np.array_equal(data.t_train.sum(axis=1), np.ones(100))


@pytest.mark.parametrize("spec, outputs, field", [
    (DatasetSpec("nope"), 1, "dataset.name"),
    (_spec("circle", n=2001), 1, "dataset.n"),
    (_spec("circle", n=3), 1, "dataset.n"),
    (_spec("circle", noise=1.5), 1, "dataset.noise"),
    (_spec("circle", train_share=0.05), 1, "dataset.train_share"),
    (DatasetSpec("sine"), 1, "dataset.features"),  # x2 on a 1-D set
    (_spec("circle", features=("x3",)), 1, "dataset.features"),
    (_spec("circle", features=()), 1, "dataset.features"),
    (_spec("plane"), 2, "dataset"),
    (DatasetSpec("custom", points=((0.0, 0.5, 0.3),)), 2, "labels"),
    (DatasetSpec("custom", points=((0.0, 1.0), (1.0,))), 1, "dataset.points"),
    (DatasetSpec("custom"), 1, "dataset.points"),
])
def test_bad_specs_name_the_field(spec, outputs, field):
    with pytest.raises(ValueError, match=field):
        load(spec, outputs)


def test_describe_lists_every_set_with_ranges():
    listing = {d["name"]: d for d in datasets.describe()}
    assert set(listing) == {"mazur", "xor", "custom", "three_gaussians", "spiral3", *SYNTHETIC}
    circle = listing["circle"]
    assert circle["kind"] == "classification" and circle["domain"] == [[-3.0, 3.0], [-3.0, 3.0]]
    assert circle["parameters"]["n"] == {"min": 4, "max": 2000, "default": 500}
    assert "x1x2" in circle["parameters"]["features"]["allowed"]
    assert listing["sine"]["parameters"]["features"] == {"allowed": ["x1", "x1^2", "sin_x1"], "default": ["x1"]}
    assert listing["mazur"]["parameters"] == {}
