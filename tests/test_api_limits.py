"""Every limit is enforced with a JSON 4xx naming the field and the allowed range; nothing 500s."""
from __future__ import annotations

import copy
import json

import httpx
import pytest

HIDDEN = {"units": 2, "activation": "tanh"}
OUTPUT = {"units": 1, "activation": "sigmoid"}


@pytest.fixture(scope="module")
def mazur(client) -> dict:
    return client.get("/api/presets/mazur").json()["state"]


@pytest.fixture(scope="module")
def xor(client) -> dict:
    return client.get("/api/presets/xor").json()["state"]


def network(**config) -> dict:
    base = {"inputs": 2, "layers": [HIDDEN, OUTPUT], "loss": "bce"}
    return {"config": {**base, **config}, "dataset": {"name": "xor"}}


def rejected(response: httpx.Response, field: str, *words: str, status: int = 422) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["detail"].startswith(field), body
    for word in words:
        assert word in body["detail"], body
    assert body["errors"][0]["field"].startswith(field)
    return body


def with_changes(state: dict, path: str, value) -> dict:
    doc = copy.deepcopy(state)
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    node[int(last) if isinstance(node, list) else last] = value
    return doc


@pytest.mark.parametrize("config, field, words", [
    ({"layers": [HIDDEN] * 9 + [OUTPUT]}, "config.layers", ("8 hidden layers", "9")),
    ({"layers": [{"units": 17, "activation": "tanh"}, OUTPUT]}, "config.layers.0.units", ("16",)),
    ({"inputs": 8}, "config.inputs", ("7",)),
    ({"inputs": 0}, "config.inputs", ("1",)),
    ({"learning_rate": 0}, "config.learning_rate", ("greater than 0",)),
    ({"learning_rate": 11}, "config.learning_rate", ("10",)),
    ({"momentum": 1}, "config.momentum", ("less than 1",)),
    ({"l2": -1}, "config.l2", ("0",)),
    ({"batch_size": 2001}, "config.batch_size", ("2000",)),
    ({"layers": [{"units": 2, "activation": "swish"}, OUTPUT]}, "config.layers.0.activation", ("sigmoid",)),
    ({"loss": "hinge"}, "config.loss", ("bce",)),
    ({"seed": -1}, "config.seed", ("0",)),
    ({"inputs": "2"}, "config.inputs", ("integer",)),
    ({"freeze_biases": 0}, "config.freeze_biases", ("boolean",)),
    ({"colour": "red"}, "config.colour", ("Extra inputs",)),
])
def test_config_limits(client, config, field, words):
    rejected(client.post("/api/networks", json=network(**config)), field, *words)


@pytest.mark.parametrize("dataset, field, words", [
    ({"name": "circle", "n": 2001}, "dataset.n", ("2000",)),
    ({"name": "circle", "n": 3}, "dataset.n", ("4",)),
    ({"name": "circle", "noise": 2}, "dataset.noise", ("1",)),
    ({"name": "moons"}, "dataset.name", ("circle",)),
    ({"name": "circle", "features": ["x1", "x3"]}, "dataset.features.1", ("x1^2",)),
    ({"name": "circle", "features": ["x1"] * 8}, "dataset.features", ("7",)),
    ({"name": "custom"}, "dataset.points", ("at least one point",)),
    ({"name": "custom", "points": [[0, 0, 1]] * 2001}, "dataset.points", ("2000",)),
    ({"name": "custom", "points": [[0, 0, 1], [0, 1]]}, "dataset.points", ("same length",)),
    ({"name": "custom", "points": [[0] * 9]}, "dataset.points.0", ("8",)),
    ({"name": "xor", "points": [[0, 0, 1]]}, "dataset.points", ("custom",)),
])
def test_dataset_limits(client, dataset, field, words):
    rejected(client.post("/api/networks", json={**network(), "dataset": dataset}), field, *words)


def test_network_inconsistent_with_its_dataset_is_422(client):
    rejected(client.post("/api/networks", json={**network(inputs=3), "dataset": {"name": "xor"}}),
             "config.inputs", "2 input feature")
    body = network()
    body["dataset"] = {"name": "custom", "points": [[0, 0, 0, 1], [1, 1, 1, 0]]}  # 3 raw inputs
    rejected(client.post("/api/networks", json=body), "config.inputs", "3 input feature")
    rejected(client.post("/api/networks", json={**network(), "dataset": {"name": "sine"}}), "dataset")


@pytest.mark.parametrize("path, value, field, words", [
    ("phase", 6, "state.phase", ("below 6",)),
    ("batch_index", 1, "state.batch_index", ("below 1",)),
    ("params.weights.0", [[0.1, 0.2]], "state.params.weights[0]", ("shape",)),
    ("params.weights.0.0", [0.1, 0.2, 0.3], "state.params", ("rectangular",)),
    ("params.biases.1", [0.6], "state.params.biases[1]", ("length 2",)),
    ("version", 2, "state.version", ("1",)),
    ("iteration", 10**13, "state.iteration", ("1000000000000",)),
    ("velocity", {"weights": [[[0.0]]], "biases": [[0.0]]}, "state.velocity", ()),
    ("config.layers.0.units", 3, "state.params.weights[0]", ("shape",)),
])
def test_inconsistent_state_documents_are_422(client, mazur, path, value, field, words):
    rejected(client.post("/api/step", json={"state": with_changes(mazur, path, value)}), field, *words)


def test_step_iteration_limits(client, mazur, xor):
    rejected(client.post("/api/step", json={"state": mazur, "iterations": 10_001}), "iterations", "10000")
    rejected(client.post("/api/step", json={"state": mazur, "iterations": 0}), "iterations", "1")
    rejected(client.post("/api/step", json={"state": mazur, "unit": "batch"}), "unit", "epoch")
    big = client.post("/api/networks", json={"config": {"inputs": 2, "layers": [HIDDEN, OUTPUT], "batch_size": 1},
                                             "dataset": {"name": "circle", "n": 2000}}).json()["state"]
    body = rejected(client.post("/api/step", json={"state": big, "unit": "epoch", "iterations": 10}),
                    "iterations", "at most 5 epochs", "10,000 iterations")
    assert "batch size 1" in body["detail"]
    full = with_changes(big, "config.batch_size", None)
    rejected(client.post("/api/step", json={"state": full, "iterations": 1001}),
             "iterations", "at most 1000 iterations", "2,000,000 example passes")


def test_grid_and_gradcheck_limits(client, xor):
    rejected(client.post("/api/grid", json={"state": xor, "size": 101}), "size", "100")
    rejected(client.post("/api/grid", json={"state": xor, "size": 1}), "size", "2")
    rejected(client.post("/api/grid", json={"state": xor, "hidden_size": 101}), "hidden_size", "100")
    rejected(client.post("/api/gradcheck", json={"state": xor, "epsilon": 1}), "epsilon", "0.01")
    layers = [{"units": 16, "activation": "tanh"}] * 8 + [OUTPUT]
    big = client.post("/api/networks", json={"config": {"inputs": 2, "layers": layers, "loss": "bce"},
                                             "dataset": {"name": "circle", "n": 100}}).json()["state"]
    rejected(client.post("/api/gradcheck", json={"state": big}), "state.config.batch_size", "at most 12 examples")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_nan_and_infinity_are_422_not_500(client, mazur, literal):
    text = json.dumps({"state": mazur}).replace('"learning_rate": 0.5', f'"learning_rate": {literal}')
    rejected(client.post("/api/step", content=text, headers={"content-type": "application/json"}),
             "state.config.learning_rate", "finite")
    text = json.dumps({"state": mazur}).replace("0.15", literal, 1)
    rejected(client.post("/api/step", content=text, headers={"content-type": "application/json"}),
             "state.params.weights.0.0.0", "finite")


def test_unknown_fields_rejected_at_every_level(client, mazur):
    rejected(client.post("/api/step", json={"state": mazur, "speed": 2}), "speed", "Extra inputs")
    rejected(client.post("/api/step", json={"state": {**mazur, "notes": "hi"}}), "state.notes", "Extra inputs")


def test_bad_bodies(client):
    rejected(client.post("/api/step", content=b"{not json", headers={"content-type": "application/json"}),
             "body", "JSON")
    not_utf8 = client.post("/api/step", content=b"\xff\xfe", headers={"content-type": "application/json"})
    rejected(not_utf8, "body", "JSON", status=not_utf8.status_code)
    assert not_utf8.status_code in (400, 422)
    rejected(client.post("/api/step", json=[1, 2]), "body")
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post("/api/step", content=deep, headers={"content-type": "application/json"})
    assert 400 <= response.status_code < 500 and response.json()["detail"]


def test_bodies_over_one_mebibyte_are_413(client):
    big = b" " * (1024 * 1024 + 1)
    answer = client.post("/api/step", content=big, headers={"content-type": "application/json"})
    rejected(answer, "body", "1048576", status=413)
    assert answer.headers["x-content-type-options"] == "nosniff"  # the 413 has the security headers
    assert "default-src 'self'" in answer.headers["content-security-policy"]

    def chunks():  # no Content-Length: the middleware counts bytes as they stream in
        for _ in range(12):
            yield b" " * 100_000

    rejected(client.post("/api/step", content=chunks(), headers={"content-type": "application/json"}),
             "body", "1048576", status=413)


def test_body_limit_answers_early_from_content_length(live_server):
    """A client announcing 2 MiB gets 413 before sending any of it."""
    import socket
    host, port = live_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(b"POST /api/step HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 2097152\r\n\r\n")
        answer = b""
        # Headers and body may arrive in separate packets; the server closes after answering.
        while b"1048576 bytes" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
    assert answer.decode().startswith("HTTP/1.1 413") and "1048576 bytes" in answer.decode()


def test_unknown_preset_is_404_naming_the_choices(client):
    rejected(client.get("/api/presets/nope"), "preset_id", "mazur", "xor", status=404)
    rejected(client.get("/api/presets/" + "x" * 65), "path.preset_id", "64")


def test_errors_name_the_field_to_change(client):
    """Every refusal starts with the field it is about (issue: errors that name no field)."""
    state = client.get("/api/presets/xor").json()["state"]
    softmax_bce = dict(state["config"], layers=[{"units": 3, "activation": "tanh"}, {"units": 2, "activation": "softmax"}], loss="bce")
    answer = client.post("/api/networks", json={"config": softmax_bce})
    assert answer.status_code == 422 and "config.loss" in answer.text, answer.text
    one_unit = dict(softmax_bce, layers=[{"units": 1, "activation": "softmax"}], loss="softmax_ce")
    answer = client.post("/api/networks", json={"config": one_unit})
    assert answer.status_code == 422 and "config.layers[0].units" in answer.text, answer.text
    ragged = dict(state, config=dict(state["config"], momentum=0.5),
                  velocity={"weights": [[[0.0, 0.0], [0.0]], [[0.0, 0.0, 0.0]]], "biases": [[0.0, 0.0, 0.0], [0.0]]})
    answer = client.post("/api/step", json={"state": ragged})
    assert answer.status_code == 422 and "state.velocity" in answer.text and "state.params" not in answer.text, answer.text
