"""The deployed shape for fault tests: `backprop-explorer --workers 2`, and ways to hurt it."""
from __future__ import annotations

import os
import signal
import time

import pytest

from benchmarks.servers import free_port, start_cli_server, stop_server, worker_pids


@pytest.fixture(scope="module")
def cluster():
    """(supervisor process, base url) for 2 workers on a free loopback port."""
    port = free_port()
    proc = start_cli_server(port, workers=2)
    yield proc, f"http://127.0.0.1:{port}"
    stop_server(proc)


def kill_worker(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)


def wait_for_workers(master: int, count: int, without: int, timeout: float = 30) -> list[int]:
    """Poll until the supervisor has `count` workers none of which is `without`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        pids = worker_pids(master)
        if len(pids) == count and without not in pids:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"supervisor did not replace worker {without}: workers now {worker_pids(master)}")
