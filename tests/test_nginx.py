"""Debian's nginx with deploy/nginx.conf in front of two backprop-explorer processes: REST
round-robin, header and slow-client limits, and a page whose auto-train survives a killed
backend."""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from benchmarks.servers import free_port, start_cli_server, stop_server
from app.frames import read_message
from tests.test_faults_page import WATCH_READOUT, readout, wait_until

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """(nginx url, [backend processes]) with the shipped configuration on free ports."""
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: `make test` installs Debian's nginx")
    ports = [free_port(), free_port()]
    backends = [start_cli_server(port, workers=1) for port in ports]
    listen = free_port()
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "temp").mkdir()
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    conf = (conf.replace("127.0.0.1:8001", f"127.0.0.1:{ports[0]}").replace("127.0.0.1:8002", f"127.0.0.1:{ports[1]}")
            .replace("listen 127.0.0.1:8080", f"listen 127.0.0.1:{listen}").replace("worker_processes auto", "worker_processes 1"))
    (prefix / "nginx.conf").write_text(conf)
    nginx = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"])
    base = f"http://127.0.0.1:{listen}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base, backends
    nginx.send_signal(signal.SIGQUIT)
    nginx.wait(timeout=10)
    for proc in backends:
        stop_server(proc)


def test_rest_goes_round_robin_and_hostile_headers_and_slow_clients_are_cut(proxied):
    base, backends = proxied
    workers = {httpx.get(f"{base}/healthz").json()["worker"] for _ in range(6)}
    assert workers == {p.pid for p in backends}  # both processes answer, no stickiness
    state = httpx.get(f"{base}/api/presets/mazur").json()["state"]
    assert httpx.post(f"{base}/api/step", json={"state": state}).json()["state"]["iteration"] == 1
    big = httpx.get(f"{base}/healthz", headers={"X-Big": "a" * 64 * 1024})
    assert big.status_code in (400, 431, 494)  # nginx refuses 64 KiB of headers
    with socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=15) as slow:
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # half a request, then nothing
        started = time.monotonic()
        try:
            while slow.recv(4096):
                pass  # nginx may answer 408 before closing
        except ConnectionResetError:
            pass  # reset_timedout_connection: closed with a reset
        assert time.monotonic() - started < 8  # client_header_timeout 5 s, not held open


def test_the_page_trains_through_the_proxy_and_survives_a_killed_backend(proxied, browser):
    base, backends = proxied
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    frames: list[dict] = []
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        {k: v for k, v in read_message(payload).items() if k in ("type", "worker", "iteration")})))
    try:
        pg.goto(f"{base}/")
        pg.wait_for_selector("body[data-ready=true]", timeout=15_000)
        pg.select_option("#preset", "xor")
        pg.wait_for_selector("body[data-busy=false]")
        pg.evaluate(WATCH_READOUT)
        pg.click("#btn-play")
        wait_until(pg, lambda: readout(pg) >= 200, 20, "auto-train through nginx")
        victim = next(f["worker"] for f in reversed(frames) if f["type"] == "frame")
        os.kill(victim, signal.SIGKILL)  # the backend process serving the socket dies
        wait_until(pg, lambda: any(f["type"] == "frame" and f["worker"] != victim for f in frames), 20,
                   "a frame from the other backend")
        held = max(f["iteration"] for f in frames if f.get("worker") == victim)
        wait_until(pg, lambda: readout(pg) >= held + 200, 20, "training to go on after the reconnect")
        seen = pg.evaluate("window.__iterations")
        assert all(a <= b for a, b in zip(seen, seen[1:]))  # never back to an earlier iteration
        pg.click("#btn-play")
        pg.wait_for_selector("#btn-play[aria-pressed=false]", timeout=10_000)
        assert pg.text_content("#message") == ""
    finally:
        context.close()
    survivors = {httpx.get(f"{base}/healthz").json()["worker"] for _ in range(4)}
    assert survivors and victim not in survivors  # REST goes on through the survivor
    assert not errors, errors
