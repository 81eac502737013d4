"""Bounded sockets: a client that stops reading holds at most one frame and is closed within
its budget; its place goes to the next client. Frames are bounded by cost."""
from __future__ import annotations

import time

import httpx
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.conftest import free_port, start_server
from tests.test_ws_train import receive, send, ws_url


@pytest.fixture(scope="module")
def one_socket_server():
    port = free_port()
    proc = start_server(port, env={"BPX_MAX_TRAINERS": "1", "BPX_WS_SEND_TIMEOUT_S": "1"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def big_network(base: str) -> dict:
    """8 hidden layers of 16 on the circle set: 128 hidden maps."""
    state = httpx.get(f"{base}/api/presets/circle").json()["state"]
    layers = [{"units": 16, "activation": "tanh"}] * 8 + [{"units": 1, "activation": "sigmoid"}]
    config = dict(state["config"], layers=layers, init="xavier")
    return httpx.post(f"{base}/api/networks", json={"config": config, "dataset": state["dataset"]}).json()["state"]


def test_frames_are_bounded_and_a_client_that_stops_reading_is_let_go(one_socket_server):
    state = big_network(one_socket_server)
    reader = connect(ws_url(one_socket_server), max_queue=1, max_size=None)  # stops reading when full
    send(reader, {"type": "start", "state": state, "speed": "max", "grid_every": 1, "grid_size": 100,
                  "hidden_grid_size": 100})
    first = receive(reader)
    assert first["hidden_grid_size"] < 100  # 128 maps of 100×100 would be 1.3 M values: reduced
    values = len(first["grid"]["values"]) ** 2 + sum(len(u) ** 2 for layer in first["hidden_grids"] for u in layer)
    assert values <= 60_000  # BPX_MAX_FRAME_GRID_VALUES
    # Now this client reads nothing. Within its 1 s budget (plus the kernel's buffers) the
    # server lets it go, and the one training slot is free again.
    deadline = time.monotonic() + 30
    while True:
        try:
            with connect(ws_url(one_socket_server)) as other:
                send(other, {"type": "start", "state": state, "paused": True})
                answer = receive(other)
        except ConnectionClosed as closed:  # refused (1013) before its message was read
            answer = {"type": "refused", "code": closed.rcvd.code if closed.rcvd else None}
        if answer["type"] == "frame":
            break
        assert answer["type"] == "refused" and time.monotonic() < deadline, answer
        time.sleep(0.5)
    with pytest.raises(ConnectionClosed):
        while True:
            reader.recv(timeout=10)
    reader.close()
