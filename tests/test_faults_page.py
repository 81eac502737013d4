"""Faults, in the page: the worker serving the page's auto-train socket is SIGKILLed; the page
reconnects by itself, resumes from the last frame it holds, and never loses its network."""
from __future__ import annotations

import json
import time

import pytest

from app.frames import read_message
from benchmarks.servers import worker_pids
from tests.cluster import cluster, kill_worker, wait_for_workers  # noqa: F401 (cluster: a fixture)
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

# Every value the iteration readout takes, recorded by the page itself so none is missed.
WATCH_READOUT = """() => {
  window.__iterations = [];
  const dd = document.querySelector('#iteration');
  new MutationObserver(() => window.__iterations.push(Number(dd.textContent)))
    .observe(dd, {childList: true, characterData: true, subtree: true});
}"""


def readout(pg) -> int:
    return int(pg.text_content("#iteration"))


def wait_until(pg, predicate, timeout: float, what: str) -> None:
    """Poll `predicate`; waiting through Playwright lets it deliver the page's events meanwhile."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        pg.wait_for_timeout(50)


def test_the_page_resumes_auto_train_after_its_worker_is_killed(cluster, browser):
    proc, base = cluster
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    frames: list[dict] = []  # (worker, iteration) of every frame the page received
    pg.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(
        {k: v for k, v in read_message(payload).items() if k in ("type", "worker", "iteration")})))
    try:
        pg.goto(f"{base}/")
        pg.wait_for_selector("body[data-ready=true]", timeout=15_000)
        pg.evaluate(WATCH_READOUT)
        pg.click("#btn-play")
        wait_until(pg, lambda: readout(pg) >= 20, 20, "auto-train to reach iteration 20")

        victim = next(f["worker"] for f in reversed(frames) if f["type"] == "frame")
        assert victim in worker_pids(proc.pid)
        kill_worker(victim)
        wait_until(pg, lambda: any(f["type"] == "frame" and f["worker"] != victim for f in frames), 20,
                   "a frame from another worker")
        held = max(f["iteration"] for f in frames if f.get("worker") == victim)
        resumed = [f for f in frames if f["type"] == "frame" and f["worker"] != victim]
        # The new worker started from the page's last frame, not from the preset …
        assert resumed[0]["iteration"] == held
        wait_until(pg, lambda: readout(pg) >= held + 20, 20, "training to go on after the reconnect")
        assert pg.get_attribute("#btn-play", "aria-pressed") == "true"
        # … and the page never showed an earlier iteration: the network was never lost.
        seen = pg.evaluate("window.__iterations")
        assert seen[0] <= held and seen[-1] >= held + 20
        assert all(a <= b for a, b in zip(seen, seen[1:])), seen
        assert pg.text_content("#message") == ""

        pg.click("#btn-play")  # pause: the final state comes from the new worker
        pg.wait_for_selector("#btn-play[aria-pressed=false]", timeout=10_000)
        assert readout(pg) >= held + 20
        screenshot(pg, "faults-page-resumed")
    finally:
        context.close()
    wait_for_workers(proc.pid, 2, without=victim)
    assert not errors, errors
