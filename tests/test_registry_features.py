"""Input features have one home (engine/features.py): the registry gives each its display label
and its formula (an operation on raw coordinates), which the page uses to draw the feature's
picture in the diagram; the engine computes the feature from the same formula."""
from __future__ import annotations

import math

import numpy as np

from engine.features import apply_features


def test_registry_gives_each_feature_a_label_and_a_formula_the_engine_follows(client):
    features = {f["name"]: f for f in client.get("/api/registry").json()["features"]}
    assert {name: f["title"] for name, f in features.items()} == {
        "x1": "x₁", "x2": "x₂", "x1^2": "x₁²", "x2^2": "x₂²", "x1x2": "x₁x₂", "sin_x1": "sin x₁", "sin_x2": "sin x₂"}
    assert (features["x1^2"]["op"], features["x1^2"]["args"], features["x1^2"]["needs"]) == ("square", [0], 1)
    assert (features["x1x2"]["op"], features["x1x2"]["args"], features["x1x2"]["needs"]) == ("product", [0, 1], 2)
    assert (features["sin_x2"]["op"], features["sin_x2"]["args"], features["sin_x2"]["needs"]) == ("sin", [1], 2)
    # The page's reading of a formula (op on raw coordinates) gives what the engine computes.
    ops = {"identity": lambda a: a, "square": lambda a: a * a, "product": lambda a, b: a * b, "sin": math.sin}
    raw = np.array([[0.5, -2.0], [-1.25, 3.0]])
    x = apply_features(raw, tuple(features))
    for k, f in enumerate(features.values()):
        expected = [ops[f["op"]](*(point[a] for a in f["args"])) for point in raw]
        assert np.allclose(x[:, k], expected), f["name"]
