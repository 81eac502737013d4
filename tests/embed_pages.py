"""Helpers for the embed tests: parent pages served from another origin (a second port on
127.0.0.1, so a different origin from the live server) and a browser context that records
console errors, optionally tolerating the browser's own refusal to frame a page."""
from __future__ import annotations

import base64
import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

RECORDER = """<script>
window.bpxMessages = [];
window.addEventListener("message", (e) => window.bpxMessages.push({origin: e.origin, data: e.data}));
window.send = (frameId, message) => document.getElementById(frameId).contentWindow.postMessage(message, "*");
</script>"""


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


class ParentSite:
    """A static site on its own port; `page(name, body)` writes an HTML page and returns its URL."""

    def __init__(self, root: Path):
        self.root = root
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, name: str, body: str, explorer: str) -> str:
        html = (f"<!doctype html><html><head><meta charset='utf-8'><link rel='icon' href='data:,'><title>{name}</title>{RECORDER}"
                f"<script src='{explorer}/static/js/embed-parent.js'></script></head>"
                f"<body style='margin:0;font-family:sans-serif'>{body}</body></html>")
        (self.root / f"{name}.html").write_text(html)
        return f"{self.origin}/{name}.html"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def iframe(frame_id: str, src: str, height: int = 150, width: int = 900) -> str:
    return (f"<iframe id='{frame_id}' src='{src}' title='{frame_id}' "
            f"style='width:{width}px;height:{height}px;border:0;display:block'></iframe>")


def b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


class Recorder:
    """A page in its own context; `errors` collects console errors of the page and its frames."""

    def __init__(self, browser, tolerated: tuple[str, ...] = ()):
        self.context = browser.new_context(viewport={"width": 1000, "height": 800})
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page.on("console", lambda m: self._error(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self._error(str(e)))
        self.tolerated = tolerated

    def _error(self, text: str) -> None:
        if not any(t in text for t in self.tolerated):
            self.errors.append(text)

    def messages(self, js_filter: str) -> list:
        return self.page.evaluate(f"window.bpxMessages.filter(m => {js_filter}).map(m => m.data)")

    def wait_message(self, js_filter: str, timeout: float = 15_000):
        self.page.wait_for_function(f"window.bpxMessages.some(m => {js_filter})", timeout=timeout)
        return self.messages(js_filter)[-1]

    def close(self) -> None:
        self.context.close()
        assert not self.errors, f"browser console errors: {self.errors}"


@pytest.fixture(scope="module")
def parent_site(tmp_path_factory):
    site = ParentSite(tmp_path_factory.mktemp("parent"))
    yield site
    site.close()


@pytest.fixture
def recorder(browser):
    made: list[Recorder] = []

    def make(tolerated: tuple[str, ...] = ()) -> Recorder:
        made.append(Recorder(browser, tolerated))
        return made[-1]

    yield make
    for r in made:
        r.close()
