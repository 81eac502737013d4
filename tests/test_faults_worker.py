"""Faults: a worker process dies (SIGKILL) and the service carries on.

The server runs as deployed: `backprop-explorer --workers 2` (uvicorn's supervisor). The
supervisor replaces a dead worker; nothing is lost because nothing is kept server-side.
"""
from __future__ import annotations

import os
import signal
import time

import httpx
import pytest

from benchmarks.servers import free_port, start_cli_server, stop_server, worker_pids


@pytest.fixture(scope="module")
def cluster():
    """(supervisor process, base url) for 2 workers on a free loopback port."""
    port = free_port()
    proc = start_cli_server(port, workers=2)
    yield proc, f"http://127.0.0.1:{port}"
    stop_server(proc)


def wait_for_workers(master: int, count: int, without: int, timeout: float = 20) -> list[int]:
    """Poll until the supervisor has `count` workers none of which is `without`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == count and without not in pids:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"supervisor did not replace worker {without}: workers now {worker_pids(master)}")


def healthz_pids(base: str, tries: int) -> set[int]:
    """Worker pids seen over `tries` fresh connections (no keep-alive, so each may land anywhere)."""
    seen = set()
    for _ in range(tries):
        r = httpx.get(f"{base}/healthz", timeout=5, headers={"Connection": "close"})
        assert r.status_code == 200
        seen.add(r.json()["worker"])
    return seen


def kill_worker(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


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
