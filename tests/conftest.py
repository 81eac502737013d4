"""Shared fixtures: an in-process API client, a real uvicorn server, headless Chromium."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-dev-shm-usage", "--no-first-run"]


@pytest.fixture(scope="session")
def client() -> TestClient:
    from app.main import app
    return TestClient(app)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *extra: str, env: dict | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(
        # The shipped command line (app/cli.py: `backprop-explorer`, as `make run` starts it), so
        # tests and benchmarks meet its options (no per-message deflate, WebSocket size caps).
        [sys.executable, "-m", "app.cli", "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--log-level", "warning", *extra],
        cwd=ROOT, env={**os.environ, **(env or {})})
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/presets", timeout=1)
            return proc
        except httpx.HTTPError:
            if proc.poll() is not None:
                raise RuntimeError("uvicorn exited during start-up")
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("uvicorn did not start within 20 s")


@pytest.fixture(scope="session")
def live_server():
    """A real uvicorn on a free loopback port, for browser and WebSocket tests."""
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page; fails the test on any console error or uncaught exception."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.base_url = live_server  # type: ignore[attr-defined]
    pg.allowed_errors = []  # type: ignore[attr-defined]  # substrings of errors a test causes on purpose
    yield pg
    context.close()
    unexpected = [e for e in errors if not any(a in e for a in pg.allowed_errors)]
    assert not unexpected, f"browser console errors: {unexpected}"


def screenshot(pg, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path
