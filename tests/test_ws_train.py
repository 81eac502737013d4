"""WS /api/train against a real uvicorn: training, pause/step/set/stop, limits."""
from __future__ import annotations

import json
import time

import httpx
import pytest
from app.frames import read_message
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.conftest import free_port, start_server

TIMEOUT = 10  # seconds any single receive may take before the test fails


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/api/train"


def preset(base: str, name: str) -> dict:
    return httpx.get(f"{base}/api/presets/{name}").json()["state"]


def send(ws, message: dict) -> None:
    ws.send(json.dumps(message))


def receive(ws) -> dict:
    return read_message(ws.recv(timeout=TIMEOUT))


def receive_until(ws, kind: str) -> tuple[dict, list[dict]]:
    """Read until a message of `kind`; returns it and the frames before it."""
    frames = []
    while True:
        message = receive(ws)
        if message["type"] == kind:
            return message, frames
        assert message["type"] == "frame", message
        frames.append(message)


def frames_until(ws, iteration: int) -> list[dict]:
    frames = []
    while not frames or frames[-1]["iteration"] < iteration:
        message = receive(ws)
        assert message["type"] == "frame", message
        frames.append(message)
    return frames


def step_rest(base: str, state: dict, iterations: int = 1) -> dict:
    response = httpx.post(f"{base}/api/step", json={"state": state, "iterations": iterations})
    assert response.status_code == 200, response.text
    return response.json()["state"]


def test_auto_training_xor_lowers_the_loss(live_server):
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": preset(live_server, "xor"), "speed": "max"})
        frames = frames_until(ws, 2000)
        send(ws, {"type": "stop"})
        stopped, _ = receive_until(ws, "stopped")
    first, last = frames[0], frames[-1]
    assert first["iteration"] == 0 and first["status"] == "ok"
    assert last["train_loss"] < 0.1 * first["train_loss"]
    assert stopped["state"]["iteration"] >= last["iteration"]
    # a frame has what the page draws: params shaped like the network, the focus a and δ per layer
    assert [len(w) for w in last["params"]["weights"]] == [3, 1]
    assert [len(a) for a in last["focus"]["a"]] == [3, 1]
    assert [len(d) for d in last["focus"]["delta"]] == [3, 1]


def test_frames_are_binary_by_default_and_json_on_request_with_the_same_numbers(live_server):
    """Binary frames (a JSON header + float64 parameters + float32 grids) are what the page gets;
    a script may ask for JSON text. Paused at the same state, both give the same frame."""
    state = preset(live_server, "circle")
    raw = {}
    for encoding in ("binary", "json"):
        with connect(ws_url(live_server)) as ws:
            send(ws, {"type": "start", "state": state, "paused": True, "hidden_grid_size": 16, "grid_every": 1,
                      **({"encoding": encoding} if encoding == "json" else {})})
            raw[encoding] = ws.recv(timeout=TIMEOUT)
            send(ws, {"type": "stop"})
            receive_until(ws, "stopped")
    binary, text = raw["binary"], raw["json"]
    assert isinstance(binary, bytes) and binary[:4] == b"BPXF" and isinstance(text, str)
    assert len(binary) < 0.6 * len(text.encode()), (len(binary), len(text))
    from_binary, from_json = read_message(binary), json.loads(text)
    assert from_binary["params"] == from_json["params"] == state["params"]  # exact
    assert from_binary["focus"] == from_json["focus"] and from_binary["iteration"] == 0
    assert len(from_binary["hidden_grids"]) == 2 and len(from_binary["hidden_grids"][0][0]) == 16
    for a, b in zip(sum(from_binary["grid"]["values"], []), sum(from_json["grid"]["values"], [])):
        assert abs(a - b) <= 1e-5


def pause_step_stop(ws):
    """Pause (→ the full state and the frames before it), one single step, then a clean stop."""
    send(ws, {"type": "pause"})
    paused, frames = receive_until(ws, "paused")
    send(ws, {"type": "step"})
    stepped = receive(ws)
    send(ws, {"type": "stop"})
    receive_until(ws, "stopped")
    return paused, frames, stepped


def test_pause_then_rest_step_equals_stepping_in_the_socket(live_server):
    state = preset(live_server, "xor")
    state["config"]["momentum"] = 0.9  # the velocity must round-trip too
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": state, "speed": "max"})
        frames_until(ws, 50)
        paused, _, stepped = pause_step_stop(ws)
    assert paused["state"]["iteration"] >= 50 and paused["state"]["velocity"] is not None
    expected = step_rest(live_server, paused["state"])
    assert stepped["type"] == "frame" and stepped["iteration"] == expected["iteration"]
    assert stepped["params"] == expected["params"]  # bit for bit: floats compared exactly
    assert stepped["velocity"] == expected["velocity"]


def test_learning_rate_change_mid_stream_takes_effect_without_reset(live_server):
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": preset(live_server, "xor"), "speed": "max"})
        before = frames_until(ws, 100)[-1]
        send(ws, {"type": "set", "learning_rate": 0.05})
        paused, frames, stepped = pause_step_stop(ws)
    state = paused["state"]
    assert state["config"]["learning_rate"] == 0.05
    assert state["iteration"] >= before["iteration"]  # no reset: the count went on
    expected = step_rest(live_server, state)  # stepping with η = 0.05 from the paused state
    assert stepped["params"] == expected["params"]
    at_old_rate = dict(state, config=dict(state["config"], learning_rate=0.5))
    assert step_rest(live_server, at_old_rate)["params"] != stepped["params"]


def test_set_batch_size_keeps_parameters_and_position(live_server):
    state = preset(live_server, "xor")
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": state, "paused": True})
        initial = receive(ws)
        send(ws, {"type": "set", "batch_size": 2, "l2": 0.01, "momentum": 0.5})
        changed = receive(ws)
        send(ws, {"type": "pause"})
        paused, _ = receive_until(ws, "paused")
    assert changed["params"] == initial["params"] and changed["iteration"] == 0
    assert paused["state"]["config"]["batch_size"] == 2
    assert paused["state"]["config"]["l2"] == 0.01 and paused["state"]["config"]["momentum"] == 0.5


def test_a_mid_epoch_batch_size_change_lands_the_same_in_the_socket_and_over_rest(live_server):
    """One meaning per setting: Run.change_settings serves both (issue: one engine method)."""
    state = step_rest(live_server, preset(live_server, "circle"), iterations=7)  # epoch 0, batch 7 of 25
    rest = httpx.post(f"{live_server}/api/networks/settings",
                      json={"state": state, "changes": {"batch_size": 4, "learning_rate": 0.2}})
    assert rest.status_code == 200, rest.text
    by_rest = rest.json()["state"]
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": state, "paused": True})
        receive(ws)
        send(ws, {"type": "set", "batch_size": 4, "learning_rate": 0.2})
        receive(ws)
        send(ws, {"type": "pause"})
        paused, _ = receive_until(ws, "paused")
    assert paused["state"] == by_rest
    assert (by_rest["epoch"], by_rest["batch_index"], by_rest["iteration"]) == (0, 17, 7)  # 70 examples used


def test_settings_endpoint_refuses_a_bad_change_naming_the_field(live_server):
    state = preset(live_server, "xor")
    answer = httpx.post(f"{live_server}/api/networks/settings",
                        json={"state": state, "changes": {"learning_rate": 50}})
    assert answer.status_code == 422 and "changes.learning_rate" in answer.text


def test_stop_returns_the_state_and_closes_cleanly(live_server):
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": preset(live_server, "mazur"), "speed": 200})
        frames_until(ws, 5)
        send(ws, {"type": "stop"})
        stopped, _ = receive_until(ws, "stopped")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 1000
    assert stopped["state"]["iteration"] >= 5
    assert step_rest(live_server, stopped["state"])["iteration"] == stopped["state"]["iteration"] + 1


def test_numeric_speed_paces_training(live_server):
    with connect(ws_url(live_server)) as ws:
        send(ws, {"type": "start", "state": preset(live_server, "mazur"), "speed": 50})
        started = time.monotonic()
        frames = frames_until(ws, 10)
        elapsed = time.monotonic() - started
        send(ws, {"type": "stop"})
        receive_until(ws, "stopped")
    # 10 iterations at 50/s cannot arrive before 0.2 s (an upper bound on speed, not a timing target)
    assert elapsed >= 0.15
    assert all(b["iteration"] - a["iteration"] <= 5 for a, b in zip(frames, frames[1:]))


def test_bad_messages_get_errors_and_the_socket_stays_open(live_server):
    with connect(ws_url(live_server)) as ws:
        for bad, field in [("not json", "message"), ('{"type": "dance"}', "type"),
                           ('{"type": "pause"}', "pause"), ('[1, 2]', "message"),
                           ('{"type": "start", "state": {}}', "state.config")]:
            ws.send(bad)
            error = receive(ws)
            assert error["type"] == "error" and error["detail"].startswith(field), (bad, error)
        state = preset(live_server, "xor")
        send(ws, {"type": "start", "state": state, "speed": "max", "grid_size": 1000})
        assert receive(ws)["detail"].startswith("grid_size")
        state["config"]["learning_rate"] = float("nan")
        ws.send(json.dumps({"type": "start", "state": state}))  # Python writes NaN; JSON has none
        assert "NaN" in receive(ws)["detail"]
        send(ws, {"type": "start", "state": preset(live_server, "xor"), "paused": True})
        assert receive(ws)["type"] == "frame"
        send(ws, {"type": "resume"})
        send(ws, {"type": "step"})
        message, _ = receive_until(ws, "error")
        assert message["detail"].startswith("step: pause first")


@pytest.fixture(scope="module")
def strict_server():
    """A server allowing 2 trainers and closing idle sockets after 1 s."""
    port = free_port()
    proc = start_server(port, env={"BPX_MAX_TRAINERS": "2", "BPX_IDLE_TIMEOUT_S": "1"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_trainers_beyond_the_cap_are_refused(strict_server):
    url = ws_url(strict_server)
    with connect(url) as first, connect(url) as second:
        for ws in (first, second):
            send(ws, {"type": "start", "state": preset(strict_server, "mazur"), "speed": 10})
            assert receive(ws)["type"] == "frame"
        with connect(url) as third:
            refused = receive(third)
            with pytest.raises(ConnectionClosed) as closed:
                third.recv(timeout=TIMEOUT)
        assert refused["type"] == "refused" and "busy" in refused["detail"]
        assert closed.value.rcvd.code == 1013
    deadline = time.monotonic() + TIMEOUT  # the two closed: a new trainer is welcome again
    while not welcome(url, preset(strict_server, "mazur")):
        assert time.monotonic() < deadline, "closed sockets still count against the cap"
        time.sleep(0.05)


def welcome(url: str, state: dict) -> bool:
    try:
        with connect(url) as ws:
            send(ws, {"type": "start", "state": state, "paused": True})
            return receive(ws)["type"] == "frame"
    except ConnectionClosed:
        return False


def test_idle_paused_socket_is_closed(strict_server):
    with connect(ws_url(strict_server)) as ws:
        send(ws, {"type": "start", "state": preset(strict_server, "mazur"), "paused": True})
        assert receive(ws)["type"] == "frame"
        message = receive(ws)
        assert message["type"] == "error" and message["detail"].startswith("idle")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=TIMEOUT)
    assert closed.value.rcvd.code == 1000


def test_until_epoch_stops_training_at_that_epoch_exactly_and_resume_trains_on(live_server):
    with connect(ws_url(live_server)) as ws:
        # The circle preset: 25 iterations an epoch, at full speed (many per frame).
        send(ws, {"type": "start", "state": preset(live_server, "circle"), "until_epoch": 3})
        frames = []
        while not frames or frames[-1]["epoch"] < 3:
            frames.append(receive(ws))
        last = frames[-1]
        assert (last["epoch"], last["iteration"], last["batch_index"]) == (3, 75, 0)
        send(ws, {"type": "pause"})  # nothing trained past it meanwhile
        paused, _ = receive_until(ws, "paused")
        assert paused["state"]["iteration"] == 75
        send(ws, {"type": "resume"})
        assert frames_until(ws, 76)[-1]["epoch"] >= 3
        send(ws, {"type": "start", "state": preset(live_server, "circle"), "until_epoch": 0})
        error, _ = receive_until(ws, "error")
        assert "until_epoch" in error["detail"]
