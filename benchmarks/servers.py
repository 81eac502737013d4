"""Start the multi-worker server through the CLI and inspect its processes via /proc.

Shared by benchmarks/load.py and the fault tests: both need the real `backprop-explorer`
process tree (a uvicorn supervisor and its workers), not an in-process app.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_cli_server(port: int, workers: int, *, log_level: str = "warning",
                     env: dict | None = None, timeout: float = 30) -> subprocess.Popen:
    """`python -m app.cli` (what the console script runs) on 127.0.0.1; waits until every worker
    has answered /healthz at least once or the deadline passes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--log-level", log_level],
        cwd=ROOT, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"backprop-explorer exited during start-up (code {proc.returncode})")
        # One worker runs inside the supervisor's own process: there are no children to count.
        if (workers == 1 or len(worker_pids(proc.pid)) >= workers) and healthy(port):
            return proc
        time.sleep(0.1)
    stop_server(proc)
    raise RuntimeError(f"backprop-explorer did not start {workers} workers within {timeout} s")


def healthy(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def stop_server(proc: subprocess.Popen) -> None:
    """SIGTERM the supervisor (it stops its workers); SIGKILL only if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def children(pid: int) -> list[int]:
    """Direct children of `pid`, from /proc/<pid>/task/*/children."""
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                found.extend(int(c) for c in f.read().split())
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children(p))
    return tree


def cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except (FileNotFoundError, ProcessLookupError):
        return ""


def worker_pids(master: int) -> list[int]:
    """The supervisor's worker processes (multiprocessing spawn children), not its resource tracker."""
    return [p for p in children(master) if "spawn_main" in cmdline(p)]


def rss_bytes(pid: int) -> int:
    """Resident set size of one process (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * PAGE_SIZE
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0


def tree_rss_bytes(master: int) -> int:
    """Sum of RSS over the supervisor and every descendant (workers, resource tracker)."""
    return sum(rss_bytes(p) for p in process_tree(master))


def socket_owner(master: int, server_port: int, client_port: int) -> int | None:
    """The worker pid holding the server side of the TCP connection 127.0.0.1:client_port ->
    server_port: matches the socket inode in /proc/net/tcp against each worker's fds."""
    inode = _server_socket_inode(server_port, client_port)
    if inode is None:
        return None
    target = f"socket:[{inode}]"
    for pid in worker_pids(master):
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                try:
                    if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                        return pid
                except OSError:
                    continue
        except OSError:
            continue
    return None


def _server_socket_inode(server_port: int, client_port: int) -> str | None:
    with open("/proc/net/tcp") as f:
        next(f)
        for line in f:
            fields = line.split()
            local, remote, inode = fields[1], fields[2], fields[9]
            if int(local.split(":")[1], 16) == server_port and int(remote.split(":")[1], 16) == client_port:
                return inode
    return None
