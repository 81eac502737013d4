"""The JSON API drives the worked example to the tutorial's numbers."""
from tests import mazur
from tests.digits import assert_printed


def get_mazur(client):
    response = client.get("/api/presets/mazur")
    assert response.status_code == 200
    return response.json()["state"]


def test_presets_list(client):
    response = client.get("/api/presets")
    assert response.status_code == 200
    ids = [p["id"] for p in response.json()]
    assert "mazur" in ids and "xor" in ids
    assert all(p["title"] for p in response.json())


def test_mazur_preset_document(client):
    state = get_mazur(client)
    assert state["version"] == 1 and state["iteration"] == 0
    assert state["config"]["learning_rate"] == 0.5 and state["config"]["freeze_biases"] is True
    assert state["params"]["weights"] == [[[0.15, 0.2], [0.25, 0.3]], [[0.4, 0.45], [0.5, 0.55]]]
    assert state["params"]["biases"] == [[0.35, 0.35], [0.6, 0.6]]


def test_step_reproduces_worked_example(client):
    response = client.post("/api/step", json={"state": get_mazur(client), "iterations": 1})
    assert response.status_code == 200
    body = response.json()
    trace = body["trace"]
    hidden, output = trace["layers"]
    assert_printed(hidden["a"][0], mazur.FORWARD["out_h1"], "out_h1")
    assert_printed(hidden["a"][1], mazur.FORWARD["out_h2"], "out_h2")
    assert_printed(output["a"][0], mazur.FORWARD["out_o1"], "out_o1")
    assert_printed(output["a"][1], mazur.FORWARD["out_o2"], "out_o2")
    assert_printed(trace["loss"], mazur.E_TOTAL, "E_total")
    assert_printed(output["grad_w"][0][0], mazur.DE_DW5, "∂E/∂w5")
    weights = body["state"]["params"]["weights"]
    for name, ((layer, j, i), printed) in mazur.UPDATED.items():
        assert_printed(weights[layer][j][i], printed, name)
        assert_printed(trace["layers"][layer]["w_after"][j][i], printed, name)
    assert body["state"]["iteration"] == 1
    assert_printed(body["metrics"]["train_loss"], mazur.E_AFTER_FIRST_UPDATE_CORRECT, "E after")


def test_returned_state_continues_the_run_bit_for_bit(client):
    start = get_mazur(client)
    two = client.post("/api/step", json={"state": start, "iterations": 2}).json()["state"]
    one = client.post("/api/step", json={"state": start, "iterations": 1}).json()["state"]
    one_more = client.post("/api/step", json={"state": one, "iterations": 1}).json()["state"]
    assert one_more == two


def test_unknown_preset_is_404_with_a_message(client):
    response = client.get("/api/presets/nope")
    assert response.status_code == 404
    assert "mazur" in response.json()["detail"]


def test_openapi_docs_served(client):
    assert client.get("/docs").status_code == 200
    assert "/api/step" in client.get("/openapi.json").json()["paths"]
