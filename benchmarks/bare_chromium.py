"""Debian's Chromium driven over a bare DevTools connection: the Page and Runtime domains only.

Why not Playwright for speed figures: Playwright enables the Network domain on every page, so
Chromium copies each WebSocket frame (≈ 167 KB on the 8×16 network, ~40 a second) base64 into
a DevTools event and its driver parses it, listener or not. Measured while the page auto-trains
8×16: Playwright's driver 0.06–0.07 of a core and its Python client 0.05, and the page trained
~5 % slower (paired runs: median 0.74 against 0.78 here). A student's browser has no DevTools
attached; this one has a connection that only evaluates the expressions a benchmark asks for.

    with BareChromium() as chromium:
        tab = chromium.open(url, init_script=PROBE)
        tab.wait("document.body.dataset.ready === 'true'")
        tab.eval("document.querySelector('#btn-play').click()")
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port  # noqa: E402


class Tab:
    """One page target: evaluate expressions (awaiting promises) and wait for them to be true."""

    def __init__(self, websocket_url: str):
        self.socket = connect(websocket_url, max_size=None, open_timeout=10)
        self.last_id = 0

    def send(self, method: str, **params) -> dict:
        self.last_id += 1
        self.socket.send(json.dumps({"id": self.last_id, "method": method, "params": params}))
        while True:  # events of the enabled Page domain may come first: skip them
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == self.last_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]

    def eval(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while not (value := self.eval(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {expression}")
            time.sleep(0.05)
        return value

    def close(self) -> None:
        self.socket.close()


class BareChromium:
    """A headless Chromium at 1280×720 with a DevTools port; `open` navigates its one tab."""

    def __enter__(self) -> "BareChromium":
        self.profile = tempfile.mkdtemp(prefix="bare-chromium-")
        self.port = free_port()
        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", *CHROMIUM_ARGS, f"--remote-debugging-port={self.port}",
             f"--user-data-dir={self.profile}", "--window-size=1280,720", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.tab: Tab | None = None
        return self

    def _page_target(self) -> str:
        deadline = time.monotonic() + 20
        while True:
            try:
                targets = httpx.get(f"http://127.0.0.1:{self.port}/json/list", timeout=2).json()
                return next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            except (httpx.HTTPError, StopIteration):
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("Chromium did not open its DevTools port")
                time.sleep(0.1)

    def open(self, url: str, init_script: str = "") -> Tab:
        if self.tab is None:
            self.tab = Tab(self._page_target())
            self.tab.send("Page.enable")
        if init_script:
            self.tab.send("Page.addScriptToEvaluateOnNewDocument", source=init_script)
        self.tab.send("Page.navigate", url=url)
        self.tab.wait("document.readyState !== 'loading' && location.href !== 'about:blank'")
        return self.tab

    def __exit__(self, *exc) -> None:
        if self.tab:
            self.tab.close()
        self.process.kill()
        self.process.wait(timeout=10)
        shutil.rmtree(self.profile, ignore_errors=True)
