"""One socket cannot flood a worker: a message rate per socket, with a clear error, then 1008."""
from __future__ import annotations

import json
import time

import httpx
import pytest
from app.frames import read_message
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from app.ratelimit import MessageRate
from tests.conftest import free_port, start_server
from tests.test_ws_train import preset, receive, send, ws_url


def test_the_bucket_admits_a_burst_then_the_rate_then_closes_a_flood():
    now = [0.0]
    bucket = MessageRate(rate=10, burst=5, clock=lambda: now[0])
    assert [bucket.admit() for _ in range(5)] == ["ok"] * 5
    assert bucket.admit() == "drop" and bucket.should_warn() and not bucket.should_warn()
    now[0] += 0.1  # one token back
    assert bucket.admit() == "ok" and bucket.admit() == "drop"
    assert "close" in [bucket.admit() for _ in range(60)]


def test_a_flood_is_closed_even_though_the_bucket_admits_a_trickle_of_it():
    """8,000 messages a second: the bucket admits one every 1/rate s; the flood still closes."""
    now = [0.0]
    bucket = MessageRate(rate=50, burst=100, clock=lambda: now[0])
    verdicts = []
    for _ in range(8000):
        now[0] += 1 / 8000
        verdicts.append(bucket.admit())
    assert "ok" in verdicts[200:] and "close" in verdicts
    calm = MessageRate(rate=50, burst=100, clock=lambda: now[0])
    for _ in range(600):  # a page sending 40 messages a second for 15 s is never refused
        now[0] += 1 / 40
        assert calm.admit() == "ok"


@pytest.fixture(scope="module")
def rated_server():
    port = free_port()
    proc = start_server(port, env={"BPX_WS_MESSAGE_RATE": "20", "BPX_WS_MESSAGE_BURST": "20"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_a_flooding_socket_is_told_then_closed_and_others_are_served(rated_server):
    with connect(ws_url(rated_server)) as ws:
        send(ws, {"type": "start", "state": preset(rated_server, "xor"), "paused": True})
        receive(ws)
        for _ in range(30):  # past the burst: some are dropped, with one error
            send(ws, {"type": "set", "speed": 5})
        kinds = []
        while "rate" not in json.dumps(kinds):
            message = read_message(ws.recv(timeout=10))
            kinds.append(message.get("detail", message["type"]))
        assert any(str(k).startswith("rate: at most 20 messages a second") for k in kinds)
        with pytest.raises(ConnectionClosed) as closed:
            for _ in range(2000):  # a flood
                send(ws, {"type": "set", "speed": 5})
            while True:
                ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    started = time.monotonic()
    assert httpx.get(f"{rated_server}/healthz").status_code == 200 and time.monotonic() - started < 2
