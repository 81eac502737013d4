"""A run is diverged the first time its loss or any parameter is not finite: over REST, and in
the socket, which stops and says so (also when it starts from a diverged document)."""
from __future__ import annotations

import httpx
from websockets.sync.client import connect

from tests.test_ws_train import preset, receive, send, ws_url


def _at_eta_10(base: str) -> dict:
    state = preset(base, "sine")
    state["config"]["learning_rate"] = 10.0
    return state


def test_divergence_is_flagged_at_the_first_non_finite_loss(live_server):
    state, statuses = _at_eta_10(live_server), []
    for _ in range(120):  # the loss grows ×1e4 an iteration: inf at iteration 75
        answer = httpx.post(f"{live_server}/api/step", json={"state": state}).json()
        train_loss, status = answer["metrics"]["train_loss"], answer["state"]["status"]
        statuses.append((train_loss, status))
        assert train_loss is not None or status == "diverged", statuses  # null loss with "ok": the old bug
        if status == "diverged":
            break
        state = answer["state"]
    assert statuses[-1][1] == "diverged", statuses
    assert all(loss is not None for loss, _ in statuses[:-1])  # finite until the step that diverged


def test_a_socket_stops_on_divergence_and_a_diverged_start_is_not_silent(live_server):
    state = _at_eta_10(live_server)
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": state, "speed": "max"})
        frame = receive(ws)
        while frame["status"] != "diverged":
            frame = receive(ws)
        send(ws, {"type": "pause"})
        paused = receive(ws)
    assert paused["type"] == "paused" and paused["state"]["status"] == "diverged"
    diverged = paused["state"]
    with connect(ws_url(live_server)) as ws:  # the same document again: it says so at once
        send(ws, {"type": "start", "state": diverged, "speed": "max"})
        first, second = receive(ws), receive(ws)
    assert first["status"] == "diverged" and second["status"] == "diverged"
    assert second["iteration"] == diverged["iteration"]  # it did not move on
    # The way out: back to an early state with a smaller η, then it trains.
    early = httpx.post(f"{live_server}/api/step", json={"state": state}).json()["state"]
    early["config"]["learning_rate"] = 0.01
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": early, "speed": "max"})
        resumed = receive(ws)
        while resumed["iteration"] < early["iteration"] + 100:
            resumed = receive(ws)
    assert resumed["status"] == "ok" and resumed["train_loss"] is not None
