"""GET /embed's URL flags resolved on the server, and POST /embed/state (no browser)."""
import json
import re

from tests.embed_pages import b64

XOR_CONFIG = {"inputs": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
              "loss": "bce", "learning_rate": 0.3, "seed": 7}


def boot(response) -> dict:
    assert response.status_code == 200, response.text
    match = re.search(r'<script type="application/json" id="bpx-boot">(.*?)</script>', response.text, re.S)
    return json.loads(match.group(1))


def test_defaults_are_the_worked_example_with_full_controls(client):
    data = boot(client.get("/embed"))
    assert data["options"]["panels"] == ["network", "controls"]
    assert data["options"]["controls"] == "full" and data["options"]["theme"] == "light"
    assert data["options"]["notation"] is None and data["options"]["autoplay"] is False
    assert data["allowedOrigins"] == ["*"]
    assert round(data["network"]["metrics"]["train_loss"], 9) == 0.298371109
    assert data["network"]["state"]["params"]["weights"][1] == [[0.40, 0.45], [0.50, 0.55]]


def test_flags_reach_the_page(client):
    response = client.get("/embed?preset=xor&panels=network,inspector&controls=step-only&notation=004"
                          "&autoplay=1&readonly=true&theme=dark&id=week3-a&speed=50")
    data = boot(response)
    assert data["options"] == {"preset": "xor", "panels": ["network", "inspector"], "controls": "step-only",
                               "notation": "004", "autoplay": True, "readonly": True, "theme": "dark",
                               "id": "week3-a", "speed": 50.0}
    assert data["network"]["state"]["config"]["layers"][0] == {"units": 3, "activation": "tanh"}
    assert 'data-theme="dark"' in response.text and 'data-readonly="true"' in response.text
    # "controls" is not among the panels, so no buttons are rendered at all.
    assert "<button" not in response.text


def test_inline_state_continues_that_exact_network(client):
    start = client.get("/api/presets/mazur").json()["state"]
    stepped = client.post("/api/step", json={"state": start, "iterations": 3}).json()["state"]
    data = boot(client.get(f"/embed?state={b64(stepped)}"))
    assert data["network"]["state"] == stepped
    assert data["options"]["preset"] is None


def test_inline_config_builds_a_seeded_network(client):
    data = boot(client.get(f"/embed?config={b64({'config': XOR_CONFIG, 'dataset': {'name': 'xor'}})}"))
    state = data["network"]["state"]
    assert state["config"]["learning_rate"] == 0.3 and state["iteration"] == 0
    assert [len(w) for w in state["params"]["weights"]] == [4, 1]
    # A bare config (dataset: the default, the worked example's point); the seed fixes the weights.
    bare = {"inputs": 2, "layers": [{"units": 2, "activation": "sigmoid"}] * 2, "seed": 3}
    first = boot(client.get(f"/embed?config={b64(bare)}"))["network"]["state"]
    second = boot(client.get(f"/embed?config={b64(bare)}"))["network"]["state"]
    other = boot(client.get(f"/embed?config={b64(bare | {'seed': 4})}"))["network"]["state"]
    assert first["params"] == second["params"] != other["params"]
    assert first["dataset"]["name"] == "mazur"


def test_bad_flags_get_a_422_naming_the_flag(client):
    cases = {
        "controls=some": "controls", "notation=003": "notation", "theme=blue": "theme",
        "panels=network,chart": "panels", "autoplay=maybe": "autoplay", "preset=nope": "preset",
        "id=a%20b": "id", "speed=0": "speed", "speed=fast": "speed", "state=%%%": "state",
        f"state={b64({'version': 1})}": "state.config",
        f"config={b64({'config': XOR_CONFIG | {'layers': [{'units': 99, 'activation': 'tanh'}]}})}": "config.config.layers.0.units",
        f"config={b64([1, 2])}": "config",
    }
    for query, field in cases.items():
        response = client.get(f"/embed?{query}")
        assert response.status_code == 422, query
        assert response.json()["detail"].startswith(field), (query, response.json()["detail"])


def test_embed_state_checks_a_document(client):
    start = client.get("/api/presets/xor").json()["state"]
    answer = client.post("/embed/state", json={"state": start}).json()
    assert answer["state"] == start and round(answer["metrics"]["train_loss"], 9) == 0.703257279
    bad = dict(start, batch_index=99)
    response = client.post("/embed/state", json={"state": bad})
    assert response.status_code == 422 and "batch_index" in response.json()["detail"]


def test_practice_flags_are_checked_on_the_server(client):
    """mode=, ask= (against this network's layers), tol= and seed= reach the page checked; a bad
    one gets the 422 naming the flag and what is allowed, as every other flag does."""
    data = boot(client.get("/embed?preset=mazur&mode=practice&ask=a:1-0,%20grad_w&tol=0.02&seed=7"))
    assert data["practice"] == {"practice": True, "ask": "a:1-0,grad_w", "tol": 0.02, "seed": 7}
    assert boot(client.get("/embed?preset=mazur"))["practice"] == {"practice": False, "ask": None, "tol": None, "seed": 0}
    cases = {
        "mode=quiz": ("mode", "practice"), "ask=a:3-0": ("ask", "layer 3"), "ask=bogus": ("ask", "unknown kind"),
        "ask=dEda:1-0": ("ask", "dEda only at the output"), "tol=0": ("tol", "at most 0.5"), "tol=0.9": ("tol", "at most 0.5"),
        "tol=nan": ("tol", "above 0"), "tol=lots": ("tol", "above 0"), "seed=-1": ("seed", "whole number"),
        "seed=1.5": ("seed", "whole number"), "seed=%C2%B2": ("seed", "whole number"), "seed=99999999999": ("seed", "4294967295"),
        "until=%C2%B2": ("until", "whole number"),
    }
    for query, (field, allowed) in cases.items():
        response = client.get(f"/embed?preset=mazur&{query}")
        assert response.status_code == 422, query
        detail = response.json()["detail"]
        assert detail.startswith(field) and allowed in detail, (query, detail)
    page = client.get("/embed?preset=mazur&mode=practice&tol=2", headers={"accept": "text/html"})
    assert page.status_code == 422 and "tol:" in page.text and "at most 0.5" in page.text  # the readable page
