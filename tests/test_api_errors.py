"""Errors: the client's mistakes are 422 naming the field; overflowing numbers are null, never
a refusal; the server's own bugs are logged 500s (the suite's client re-raises them)."""
from __future__ import annotations

import base64
import json
import logging

from fastapi.testclient import TestClient

from app.main import create_app


def _huge(client) -> dict:
    state = client.get("/api/presets/mazur").json()["state"]
    state["params"]["weights"][0] = [[1e300, 1e300], [1e300, 1e300]]
    state["params"]["weights"][1] = [[1e308, 1e308], [1e308, 1e308]]
    return state


def test_finite_input_that_overflows_is_answered_with_nulls(client):
    """It was 422 "Out of range float values are not JSON compliant", blaming `body`."""
    answer = client.post("/api/step", json={"state": _huge(client), "unit": "phase"})
    assert answer.status_code == 200, answer.text
    assert "Infinity" not in answer.text and "NaN" not in answer.text
    body = answer.json()
    assert body["trace"]["layers"][1]["z"] == [None, None]  # σ(1.5e299) = 1, then 1e308 + 1e308 overflows: null


def test_an_embed_of_an_overflowing_document_starts(client):
    state = base64.urlsafe_b64encode(json.dumps(_huge(client)).encode()).decode().rstrip("=")
    page = client.get(f"/embed?state={state}")
    assert page.status_code == 200 and "Infinity" not in page.text and "NaN" not in page.text


def test_a_server_bug_is_a_logged_500_not_a_422(caplog):
    app = create_app()

    @app.get("/boom")
    def boom() -> dict:
        raise ValueError("a bug in the server, not the client's fault")

    with caplog.at_level(logging.ERROR, logger="backprop_explorer"):
        answer = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert answer.status_code == 500 and answer.json()["detail"].startswith("internal error")
    assert any("unexpected error on /boom" in r.getMessage() for r in caplog.records)
