"""A worker's fairness between requests and auto-training: requests first, a frame at least
every LONGEST_PERIOD_S however hard the governor brakes, compressed static files, and the
garbage collector's thresholds (its full collections were the largest part of REST p99)."""
from __future__ import annotations

import asyncio
import gc
import gzip
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient

from app import collector
from app.main import create_app
from app.session import LONGEST_PERIOD_S, Session
from app.settings import Settings
from app.turns import REQUESTS_FIRST_S, training_turn, worker_turn

STATIC = Path(__file__).resolve().parent.parent / "static"


def test_training_waits_while_a_request_is_served_then_goes_on():
    async def scenario() -> tuple[float, float]:
        turn = worker_turn()
        turn.request_started()
        order = []

        async def request():
            await asyncio.sleep(0.005)  # the request's own work, in several callbacks
            order.append("request")
            turn.request_finished()

        async def training():
            async with training_turn():
                order.append("training")

        started = time.monotonic()
        await asyncio.gather(training(), request())
        served_first = time.monotonic() - started
        assert order == ["request", "training"]

        turn.request_started()  # a request that outlasts the wait (one waiting on the heavy pool)
        started = time.monotonic()
        async with training_turn():
            waited = time.monotonic() - started
        turn.request_finished()
        return served_first, waited

    # A thread of its own: the browser tests' sync Playwright keeps a loop on the main thread.
    with ThreadPoolExecutor(1) as pool:
        served_first, waited = pool.submit(asyncio.run, scenario()).result()
    assert served_first < REQUESTS_FIRST_S + 0.5
    assert REQUESTS_FIRST_S * 0.9 <= waited < REQUESTS_FIRST_S + 0.5  # bounded: training goes on


def test_the_middleware_counts_requests_in_flight_and_lets_go():
    client = TestClient(create_app(Settings()))
    seen = []

    async def probe():
        seen.append(worker_turn().requests)

    with client:
        assert client.get("/healthz").status_code == 200
        client.portal.call(probe)  # the app's own loop, after the request
    assert seen == [0]


def test_a_braked_socket_still_gets_a_frame_every_longest_period():
    class Braked:
        scale = 50.0

        def current(self):
            return self.scale

    settings = Settings()
    session = Session.__new__(Session)
    session.settings, session.active = settings, set(range(300))
    session.frame_seconds, session.governor = 0.002, Braked()
    session.trainer = type("T", (), {"frame_rate": None})()
    assert session.frame_period() == LONGEST_PERIOD_S  # unbraked it would be 300 × 2 ms / 0.425 × 50
    Braked.scale = 1.0
    assert session.frame_period() < LONGEST_PERIOD_S


def test_static_files_are_gzipped_once_and_revalidate():
    client = TestClient(create_app(Settings()))
    raw = (STATIC / "js" / "main.js").read_bytes()
    answer = client.get("/static/js/main.js", headers={"accept-encoding": "gzip, br"})
    assert answer.headers["content-encoding"] == "gzip"
    assert answer.headers["vary"] == "Accept-Encoding"
    assert answer.content == raw  # httpx decodes gzip: the same bytes
    assert int(answer.headers["content-length"]) < len(raw) / 2
    again = client.get("/static/js/main.js", headers={"accept-encoding": "gzip", "if-none-match": answer.headers["etag"]})
    assert again.status_code == 304
    plain = client.get("/static/js/main.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == raw
    assert client.get("/static/nothing.js").status_code == 404


def test_the_started_worker_freezes_its_objects_and_collects_rarely():
    before = gc.get_threshold()
    try:
        with TestClient(create_app(Settings())):
            assert gc.get_threshold() == collector.THRESHOLDS
            assert gc.get_freeze_count() > 10_000  # the app, its modules, pydantic's schemas
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_a_closed_socket_does_not_parse_what_a_flooding_client_still_sends(monkeypatch):
    from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol

    import app.cli
    from app.ws_protocol import CLOSE_TIMEOUT_S, LARGEST_CLOSE_CHUNK, BoundedCloseWebSockets
    parsed = []
    monkeypatch.setattr(WebSocketsSansIOProtocol, "data_received", lambda self, data: parsed.append(len(data)))
    protocol = BoundedCloseWebSockets.__new__(BoundedCloseWebSockets)
    protocol.close_sent, protocol.handshake_complete = False, True
    protocol.data_received(b"x" * 65536)  # open: everything is parsed, floods included (the rate limit's job)
    protocol.close_sent = True
    protocol.data_received(b"x" * 65536)  # closed: a flood's chunk is dropped unparsed
    protocol.data_received(b"\x88\x82" + b"\x00" * 6)  # a client's close frame still completes the handshake
    assert parsed == [65536, 8] and LARGEST_CLOSE_CHUNK >= 131 and CLOSE_TIMEOUT_S < 10

    used = {}
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: used.update(kwargs))
    app.cli.main(["--port", "8123"])
    assert used["ws"] is BoundedCloseWebSockets and used["ws_per_message_deflate"] is False


def test_a_burst_of_sets_while_paused_builds_one_frame_for_the_latest():
    # A dragged slider (or a flood) sends sets faster than frames are worth building: each used
    # to build a whole frame on the event loop (5-10 ms on a large network, 100 in a burst).
    import json

    from app.ws_messages import parse
    state = TestClient(create_app(Settings())).get("/api/presets/circle").json()["state"]

    async def scenario() -> tuple[int, int, float]:
        session = Session(ws=None, settings=Settings(), active=set())
        session.handle(parse(json.dumps({"type": "start", "state": state, "paused": True})))
        session.outbox.items.clear()  # the start's own frame
        built = []
        frame = session.trainer.frame
        session.trainer.frame = lambda: built.append(1) or frame()
        for k in range(1, 31):
            session.handle(parse(json.dumps({"type": "set", "learning_rate": k / 100})))
        during = len(built)
        waiting = asyncio.create_task(session._wait_while_paused())
        while not session.outbox.holds_frame():
            await asyncio.sleep(0)
        waiting.cancel()
        return during, len(built), session.trainer.run.cfg.learning_rate

    with ThreadPoolExecutor(1) as pool:
        during, after, rate = pool.submit(asyncio.run, scenario()).result()
    assert (during, after, rate) == (0, 1, 0.3)
