"""Accuracy and confusion matrices in REST answers and training frames; labels the output
cannot represent refused with a 422 naming the field; the new presets wherever presets are."""
from __future__ import annotations

import json

import pytest

from websockets.sync.client import connect

from app.frames import encode_binary, read_message
from app.trainer import Trainer
from app.ws_messages import parse


def preset(client, name: str) -> dict:
    answer = client.get(f"/api/presets/{name}")
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_step_answers_carry_accuracy_and_confusion(client):
    start = preset(client, "three_gaussians")
    m = start["metrics"]
    assert m["classes"] == 3 and 0 <= m["train_accuracy"] <= 1 and 0 <= m["test_accuracy"] <= 1
    assert sum(map(sum, m["train_confusion"])) == m["n_train"] == 250
    assert sum(map(sum, m["test_confusion"])) == 250
    answer = client.post("/api/step", json={"state": start["state"], "unit": "epoch", "iterations": 10})
    assert answer.status_code == 200, answer.text
    trained = answer.json()["metrics"]
    assert trained["train_accuracy"] > 0.9 > m["train_accuracy"]
    diagonal = sum(trained["train_confusion"][i][i] for i in range(3))
    assert trained["train_accuracy"] == pytest.approx(diagonal / 250)


def test_regression_answers_say_no_classes(client):
    m = preset(client, "sine")["metrics"]
    assert m["classes"] is None and m["train_accuracy"] is None and m["train_confusion"] is None
    check = client.post("/api/networks/check", json={"state": preset(client, "xor")["state"]}).json()["metrics"]
    assert check["classes"] == 2 and check["test_accuracy"] is None and sum(map(sum, check["train_confusion"])) == 4


def test_frames_and_replies_carry_accuracy(client, live_server):
    state = preset(client, "circle")["state"]
    with connect(live_server.replace("http://", "ws://") + "/api/train") as ws:
        ws.send(json.dumps({"type": "start", "state": state, "paused": True}))
        first = read_message(ws.recv(timeout=10))
        assert first["type"] == "frame" and first["classes"] == 2
        assert sum(map(sum, first["train_confusion"])) == 250 and 0 <= first["train_accuracy"] <= 1
        for _ in range(3):
            ws.send(json.dumps({"type": "step"}))
            frame = read_message(ws.recv(timeout=10))
        assert frame["iteration"] == 3 and frame["test_accuracy"] is not None
        ws.send(json.dumps({"type": "stop"}))
        stopped = read_message(ws.recv(timeout=10))
    assert stopped["type"] == "stopped" and stopped["train_accuracy"] == frame["train_accuracy"]
    assert stopped["train_confusion"] == frame["train_confusion"]


def test_accuracy_costs_a_frame_little(client):
    """The accuracy rides in the JSON header: a few dozen bytes, no new array."""
    state = preset(client, "circle")["state"]
    trainer = Trainer(parse(json.dumps({"type": "start", "state": state, "hidden_grid_size": 16})))
    frame = trainer.frame()
    with_accuracy = len(encode_binary(frame))
    for key in ("classes", "train_accuracy", "test_accuracy", "train_confusion", "test_confusion"):
        frame.pop(key)
    assert with_accuracy - len(encode_binary(frame)) <= 160


@pytest.mark.parametrize("points, layers, loss, needle", [
    ([[0, 0, 0], [1, 1, 1], [0.5, 0.5, 2]], [{"units": 1, "activation": "sigmoid"}], "bce",
     "state.dataset.points: label 2 needs an output layer with at least 3 units and softmax"),
    ([[0, 0, 0], [1, 1, 1], [0.5, 0.5, 3]], [{"units": 3, "activation": "softmax"}], "softmax_ce",
     "state.dataset.points: label 3 needs an output layer with at least 4 units"),
])
def test_a_label_the_output_cannot_represent_is_a_422_naming_the_field(client, points, layers, loss, needle):
    state = preset(client, "xor")["state"]
    state["config"].update(layers=layers, loss=loss, init="xavier")
    state["dataset"] = {**state["dataset"], "name": "custom", "points": points}
    units = layers[0]["units"]
    state["params"] = {"weights": [[[0.1, -0.2]] * units], "biases": [[0.0] * units]}
    state["velocity"] = None
    answer = client.post("/api/networks/check", json={"state": state})
    assert answer.status_code == 422, answer.text
    body = answer.json()
    assert body["detail"].startswith(needle), body["detail"]
    assert body["errors"][0]["field"] == "state.dataset.points"


def test_new_presets_are_listed_and_embed(client):
    listed = {p["id"]: p for p in client.get("/api/presets").json()}
    assert {"gaussians", "three_gaussians"} <= set(listed)
    assert listed["three_gaussians"]["title"] == "Three Gaussians 2-8-3 (softmax)"
    page = client.get("/embed?preset=three_gaussians", headers={"accept": "text/html"})
    assert page.status_code == 200 and "softmax" in page.text
    assert client.get("/embed?preset=gaussians").status_code == 200
    assert "three_gaussians" in client.get("/embed/builder").text
    names = [d["name"] for d in client.get("/api/datasets").json()["datasets"]]
    assert "three_gaussians" in names


def test_readme_names_every_preset():
    from pathlib import Path

    from engine.presets import PRESETS
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    missing = [p for p in PRESETS if f"`{p}`" not in readme]
    assert not missing, f"README's preset flag row lacks {missing}"
