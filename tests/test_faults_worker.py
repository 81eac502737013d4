"""Faults: a worker process dies (SIGKILL) and the service carries on.

The server runs as deployed: `backprop-explorer --workers 2` (uvicorn's supervisor). The
supervisor replaces a dead worker; nothing is lost because nothing is kept server-side.
"""
from __future__ import annotations

import json
import time

import httpx
from app.frames import read_message
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import connect

from benchmarks.servers import socket_owner, worker_pids
from tests.cluster import cluster, kill_worker, wait_for_workers  # noqa: F401 (cluster: a fixture)


def healthz_pids(base: str, tries: int) -> set[int]:
    """Worker pids seen over `tries` fresh connections (no keep-alive, so each may land anywhere)."""
    seen = set()
    for _ in range(tries):
        r = httpx.get(f"{base}/healthz", timeout=5, headers={"Connection": "close"})
        assert r.status_code == 200
        seen.add(r.json()["worker"])
    return seen


def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(cluster):
    proc, base = cluster
    before = worker_pids(proc.pid)
    assert len(before) == 2
    victim = before[0]
    kill_worker(victim)
    after = wait_for_workers(proc.pid, 2, without=victim)
    assert before[1] in after  # the other worker was left alone
    replacement = (set(after) - {before[1]}).pop()
    deadline = time.monotonic() + 20
    seen: set[int] = set()
    while replacement not in seen and time.monotonic() < deadline:
        seen |= healthz_pids(base, 10)
    assert replacement in seen and victim not in seen
    step = httpx.post(f"{base}/api/step", json={
        "state": httpx.get(f"{base}/api/presets/mazur").json()["state"], "unit": "iteration", "iterations": 1})
    assert step.status_code == 200 and step.json()["state"]["iteration"] == 1


# -- protocol level: a client that holds its last frame resumes after its worker dies ----------

RESUMED_KEYS = ("params", "velocity", "iteration", "epoch", "batch_index", "phase", "status")


def rebuild_state(initial: dict, frame: dict) -> dict:
    """What a client rebuilds from its last frame: its config etc. plus the frame's run fields."""
    return {**initial, **{k: frame[k] for k in RESUMED_KEYS if k in frame}}


def frames_until(ws, predicate, timeout: float = 20) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        msg = read_message(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
        assert msg["type"] == "frame", msg
        if predicate(msg):
            return msg


def last_frame_before_close(ws, last: dict, timeout: float = 10) -> tuple[dict, int | None]:
    """Read until the socket dies; the last frame seen and the close code (None: no close frame)."""
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            msg = read_message(ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            if msg["type"] == "frame":
                last = msg
    except ConnectionClosed as exc:
        return last, exc.rcvd.code if exc.rcvd else None
    raise AssertionError("the socket outlived its worker")


def connect_with_retry(url: str, timeout: float = 20):
    """Reconnect as the page does: retry until some worker accepts."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return connect(url, open_timeout=5, max_size=4 * 1024 * 1024)
        except (OSError, InvalidHandshake):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop_and_read_state(ws) -> dict:
    ws.send(json.dumps({"type": "stop"}))
    while (msg := read_message(ws.recv(timeout=10)))["type"] == "frame":
        pass
    assert msg["type"] == "stopped", msg
    return msg["state"]


def test_a_trainer_resumes_on_another_worker_after_its_worker_is_killed(cluster):
    proc, base = cluster
    port = int(base.rsplit(":", 1)[1])
    url = f"ws://127.0.0.1:{port}/api/train"
    initial = httpx.get(f"{base}/api/presets/xor").json()["state"]
    start = {"type": "start", "speed": 200, "grid_every": 600}
    with connect_with_retry(url) as ws:
        ws.send(json.dumps({**start, "state": initial}))
        seen = frames_until(ws, lambda f: f["iteration"] >= 40)
        victim = socket_owner(proc.pid, port, ws.local_address[1])
        assert victim in worker_pids(proc.pid) and seen["worker"] == victim
        kill_worker(victim)
        held, code = last_frame_before_close(ws, seen)
    assert code is None  # the worker vanished: no close frame, unlike a stop
    assert held["iteration"] >= 40

    resumed = rebuild_state(initial, held)
    with connect_with_retry(url) as ws:
        ws.send(json.dumps({**start, "state": resumed}))
        echo = frames_until(ws, lambda f: True)
        later = frames_until(ws, lambda f: f["iteration"] > held["iteration"])
        assert socket_owner(proc.pid, port, ws.local_address[1]) != victim
        final = stop_and_read_state(ws)
    # The new worker took the held network as it was, and training went on from there, not from 0 …
    assert (echo["iteration"], echo["params"]) == (held["iteration"], held["params"])
    assert echo["worker"] != victim
    assert held["iteration"] < later["iteration"] <= held["iteration"] + 200
    assert final["iteration"] >= later["iteration"]
    # … bit for bit: REST from the same rebuilt state reaches the same parameters.
    rest = httpx.post(f"{base}/api/step", json={"state": resumed, "unit": "iteration",
                                                "iterations": later["iteration"] - held["iteration"]}).json()
    assert rest["state"]["iteration"] == later["iteration"]
    assert rest["state"]["params"] == later["params"]
    wait_for_workers(proc.pid, 2, without=victim)


def test_heavy_processes_exit_when_their_worker_is_killed():
    """A worker killed outright runs no shutdown; its heavy-work processes must not live on."""
    from benchmarks.servers import children, cmdline
    from tests.conftest import free_port, start_server
    proc = start_server(free_port())
    try:
        heavy = [p for p in children(proc.pid) if "spawn_main" in cmdline(p)]
        assert heavy, "the lifespan starts the heavy-work process before serving"
    finally:
        proc.kill()
        proc.wait(timeout=10)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(p) for p in heavy):
        time.sleep(0.2)
    assert not [p for p in heavy if _alive(p)], "heavy-work processes outlived their worker"


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie has exited (only its parent may reap it)
    except FileNotFoundError:
        return False
