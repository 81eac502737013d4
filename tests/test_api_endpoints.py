"""Every REST endpoint answers what the page needs in one call, with real values."""
from __future__ import annotations

import json

import pytest

from tests import mazur
from tests.digits import assert_printed

XOR_241 = {"inputs": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
           "loss": "bce", "learning_rate": 0.5, "seed": 3}


def post(client, path: str, body: dict, status: int = 200) -> dict:
    response = client.post(path, json=body)
    assert response.status_code == status, response.text
    return response.json()


def preset_state(client, name: str) -> dict:
    return client.get(f"/api/presets/{name}").json()["state"]


def test_preset_answer_has_the_forward_trace_before_any_step(client):
    body = client.get("/api/presets/mazur").json()
    assert body["state"]["iteration"] == 0
    hidden, output = body["trace"]["layers"]
    assert_printed(hidden["a"][0], mazur.FORWARD["out_h1"], "out_h1")  # shown before the first step
    assert_printed(output["a"][0], mazur.FORWARD["out_o1"], "out_o1")
    assert_printed(body["metrics"]["train_loss"], mazur.E_TOTAL, "E_total")
    assert [(p["kind"], p["layer"]) for p in body["phases"]] == [
        ("forward", 1), ("forward", 2), ("loss", 2), ("backward", 2), ("backward", 1), ("update", None)]


def test_datasets_list_their_parameters(client):
    body = client.get("/api/datasets").json()
    by_name = {d["name"]: d for d in body["datasets"]}
    assert {"mazur", "xor", "circle", "xor_quadrants", "gaussians", "spiral", "sine", "plane", "custom"} <= set(by_name)
    assert by_name["circle"]["parameters"]["n"] == {"min": 4, "max": 2000, "default": 500}
    assert by_name["sine"]["raw_inputs"] == 1
    assert [f["name"] for f in body["features"]] == ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin_x1", "sin_x2"]


def test_create_network_is_seeded_and_ready_to_show(client):
    body = post(client, "/api/networks", {"config": XOR_241, "dataset": {"name": "xor"}})
    again = post(client, "/api/networks", {"config": XOR_241, "dataset": {"name": "xor"}})
    other = post(client, "/api/networks", {"config": dict(XOR_241, seed=4), "dataset": {"name": "xor"}})
    assert body["state"] == again["state"] and body["state"]["params"] != other["state"]["params"]
    assert [len(w) for w in body["state"]["params"]["weights"]] == [4, 1]
    assert body["trace"]["batch_size"] == 4 and len(body["trace"]["layers"][0]["a"]) == 4
    assert len(body["phases"]) == 6 and body["metrics"]["train_loss"] > 0.5


def test_create_network_with_features_and_inline_points(client):
    config = dict(XOR_241, inputs=3)
    body = post(client, "/api/networks", {"config": config, "dataset": {
        "name": "custom", "features": ["x1", "x2", "x1x2"], "train_share": 0.5,
        "points": [[-1, -1, 0], [1, 1, 0], [-1, 1, 1], [1, -1, 1]]}, "focus": 1})
    assert body["state"]["dataset"]["points"] == [[-1.0, -1.0, 0.0], [1.0, 1.0, 0.0], [-1.0, 1.0, 1.0], [1.0, -1.0, 1.0]]
    assert body["state"]["focus"] == 1 and body["metrics"]["test_loss"] is not None
    step = post(client, "/api/step", {"state": body["state"]})  # the document round-trips through step
    assert step["state"]["dataset"] == body["state"]["dataset"] and step["state"]["iteration"] == 1


def test_step_by_phases_walks_the_iteration(client):
    state = preset_state(client, "mazur")
    kinds = []
    for _ in range(6):
        body = post(client, "/api/step", {"state": state, "unit": "phase"})
        kinds.append(body["phase"]["kind"])
        state = body["state"]
    assert kinds == ["forward", "forward", "loss", "backward", "backward", "update"]
    assert state["iteration"] == 1 and state["phase"] == 0
    assert_printed(state["params"]["weights"][1][0][0], mazur.UPDATED["w5"][1], "w5+")


def test_step_by_epochs_counts_iterations(client):
    state = post(client, "/api/networks", {"config": dict(XOR_241, batch_size=2), "dataset": {"name": "xor"}})["state"]
    body = post(client, "/api/step", {"state": state, "unit": "epoch", "iterations": 3})
    assert body["state"]["epoch"] == 3 and body["state"]["iteration"] == 6 and body["status"] == "ok"


def test_momentum_state_round_trips_bit_for_bit(client):
    config = dict(XOR_241, momentum=0.9, batch_size=3, l2=0.01)
    start = post(client, "/api/networks", {"config": config, "dataset": {"name": "xor"}})["state"]
    ten = post(client, "/api/step", {"state": start, "iterations": 10})["state"]
    four = post(client, "/api/step", {"state": start, "iterations": 4})["state"]
    exported = json.loads(json.dumps(four))  # export/import is this document as JSON text
    six_more = post(client, "/api/step", {"state": exported, "iterations": 6})["state"]
    assert six_more == ten and ten["velocity"] is not None


def test_diverged_network_is_a_normal_answer(client):
    config = {"inputs": 2, "layers": [{"units": 4, "activation": "linear"}, {"units": 1, "activation": "linear"}],
              "loss": "mse", "learning_rate": 10, "init": "uniform"}
    state = post(client, "/api/networks", {"config": config, "dataset": {"name": "plane", "n": 50}})["state"]
    body = post(client, "/api/step", {"state": state, "iterations": 200})
    assert body["status"] == "diverged" and body["state"]["status"] == "diverged"
    assert body["state"]["iteration"] < 200  # stopped at the overflow, last finite parameters kept
    again = post(client, "/api/step", {"state": body["state"]})
    assert again["status"] == "diverged"


def test_gradcheck_agrees_with_backprop(client):
    body = post(client, "/api/gradcheck", {"state": preset_state(client, "mazur")})
    assert len(body["entries"]) == 12 and body["batch_size"] == 1 and body["epsilon"] == 1e-5
    assert body["max_rel_error"] < 1e-6
    w5 = next(e for e in body["entries"] if (e["layer"], e["kind"], e["j"], e["i"]) == (2, "W", 0, 0))
    assert_printed(w5["analytic"], mazur.DE_DW5, "∂E/∂w5")
    assert abs(w5["numeric"] - w5["analytic"]) < 1e-9


def test_grid_gives_output_and_hidden_heatmaps(client):
    body = post(client, "/api/grid", {"state": preset_state(client, "xor"), "size": 5, "hidden_size": 3})
    grid = body["grid"]
    assert grid["x"] == [-0.5, 0.0, 0.5, 1.0, 1.5] and grid["y"] == grid["x"]
    assert len(grid["values"]) == 5 and all(len(row) == 5 for row in grid["values"])
    assert all(0 <= v <= 1 for row in grid["values"] for v in row)  # a sigmoid output
    assert len(body["hidden_grids"]) == 1 and len(body["hidden_grids"][0]) == 3
    assert len(body["hidden_grids"][0][0]) == 3
    assert post(client, "/api/grid", {"state": preset_state(client, "xor")})["hidden_grids"] is None


def test_grid_over_a_one_dimensional_dataset(client):
    config = {"inputs": 1, "layers": [{"units": 3, "activation": "tanh"}, {"units": 1, "activation": "linear"}],
              "loss": "mse"}
    state = post(client, "/api/networks", {"config": config, "dataset": {"name": "sine", "features": ["x1"]}})["state"]
    grid = post(client, "/api/grid", {"state": state, "size": 7})["grid"]
    assert grid["y"] is None and len(grid["values"]) == 7 and grid["x"][0] == -3.0


@pytest.mark.parametrize("path", ["/", "/api/presets", "/docs", "/openapi.json", "/nope"])
def test_security_headers_on_every_response(client, path):
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["x-frame-options"] == "DENY"


def test_embed_paths_get_frame_ancestors_from_settings():
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    client = TestClient(create_app(Settings(embed_frame_ancestors="https://course.example")))
    headers = client.get("/embed/anything").headers
    assert "frame-ancestors https://course.example" in headers["content-security-policy"]
    assert "x-frame-options" not in headers
    assert "frame-ancestors 'none'" in client.get("/").headers["content-security-policy"]


def test_docs_page_has_no_inline_script_and_loads_the_vendored_swagger_ui(client):
    response = client.get("/docs")
    html = response.text
    assert '<script src="/docs/swagger-init.js"></script>' in html
    assert '<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>' in html
    assert "<script>" not in html  # all scripts have a src: nothing inline for the CSP to allow
    csp = response.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "https:" not in csp  # same origin only: works offline
    init = client.get("/docs/swagger-init.js")
    assert init.headers["content-type"].startswith("text/javascript") and "/openapi.json" in init.text
    assert "script-src 'self';" in client.get("/").headers["content-security-policy"]


def test_docs_from_a_cdn_adds_only_that_origin_to_the_docs_csp():
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    cdn = TestClient(create_app(Settings(swagger_ui_url="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5.17.14")))
    csp = cdn.get("/docs").headers["content-security-policy"]
    assert "script-src 'self' https://cdn.jsdelivr.net;" in csp
    assert "cdn.jsdelivr.net" not in cdn.get("/").headers["content-security-policy"]


def test_openapi_documents_limits_and_examples(client):
    schema = client.get("/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["ConfigModel"]["properties"]["inputs"]["maximum"] == 7
    assert components["ConfigModel"]["properties"]["layers"]["maxItems"] == 9
    assert components["LayerModel"]["properties"]["units"]["maximum"] == 16
    assert components["GridRequest"]["properties"]["size"]["maximum"] == 100
    assert components["StepRequest"]["properties"]["iterations"]["maximum"] == 10000
    assert components["DatasetModel"]["properties"]["n"]["maximum"] == 2000
    step = schema["paths"]["/api/step"]["post"]
    assert "one iteration" in step["requestBody"]["content"]["application/json"]["examples"]
    assert step["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorResponse")
    assert {"/api/presets", "/api/presets/{preset_id}", "/api/datasets", "/api/networks", "/api/step",
            "/api/gradcheck", "/api/grid"} <= set(schema["paths"])


def test_points_returns_the_raw_points_with_labels_and_the_domain(client):
    state = client.get("/api/presets/circle").json()["state"]
    body = client.post("/api/points", json={"state": state}).json()
    assert len(body["train"]) == 250 and len(body["test"]) == 250  # the preset's half-and-half split
    assert {row[2] for row in body["train"]} == {0.0, 1.0}  # [x1, x2, class]
    assert body["domain"] == [[-3.0, 3.0], [-3.0, 3.0]]
    rejected = client.post("/api/points", json={"state": state, "extra": 1})
    assert rejected.status_code == 422 and "extra" in rejected.json()["detail"]
