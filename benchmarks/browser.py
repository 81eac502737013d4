"""Browser speed: frames per second while auto-training an 8×16 network in headless Chromium,
and the time to a first drawn network on loopback. Prints medians; asserts nothing.

Targets (issue 5): ≥ 55 frames/s rendered during auto-train; ≤ 1 s to a drawn network.
Run: python benchmarks/browser.py   (uses /usr/bin/chromium, starts its own server)
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402

LOADS = 5
TRAIN_SECONDS = 5.0

# Counts animation frames and redraws of the diagram from the first moment of the document.
PROBE = """
window.__probe = { raf: 0, drawn: 0, firstNode: null };
const tick = () => { window.__probe.raf++; requestAnimationFrame(tick); };
requestAnimationFrame(tick);
new MutationObserver((records) => {
  for (const r of records) {
    if (r.type === 'attributes' && r.attributeName === 'data-iteration') window.__probe.drawn++;
  }
  if (window.__probe.firstNode === null && document.querySelector('#network .node text.a')) window.__probe.firstNode = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-iteration'] });
"""

BIG_CONFIG = {
    "inputs": 2, "loss": "bce", "learning_rate": 0.03, "init": "xavier", "seed": 3,
    "layers": [{"units": 16, "activation": "tanh"}] * 8 + [{"units": 1, "activation": "sigmoid"}],
}


def first_draw_times(browser, base: str) -> list[float]:
    times = []
    for _ in range(LOADS):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        page = context.new_page()
        page.add_init_script(PROBE)
        page.goto(base + "/")
        page.wait_for_selector("#network .node text.a", timeout=10_000)
        times.append(page.evaluate("() => window.__probe.firstNode") / 1000)
        context.close()
    return times


def auto_train(browser, base: str) -> dict:
    doc = httpx.post(base + "/api/networks", json={"config": BIG_CONFIG, "dataset": {"name": "circle", "n": 500}}).json()["state"]
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.add_init_script(PROBE)
    received = {"n": 0}
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.__setitem__("n", received["n"] + 1)))
    page.goto(base + "/")
    page.wait_for_selector("body[data-ready=true]")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    page.set_input_files("#import", f.name)
    os.unlink(f.name)
    page.wait_for_selector("[data-node='8-15']", state="attached")
    page.fill("#speed", "9")  # full speed
    page.click("#btn-play")
    page.wait_for_timeout(1000)  # warm-up: socket, first grids
    start = page.evaluate("() => ({ ...window.__probe, t: performance.now(), it: Number(document.querySelector('#iteration').textContent) })")
    ws_start = received["n"]
    page.wait_for_timeout(TRAIN_SECONDS * 1000)
    end = page.evaluate("() => ({ ...window.__probe, t: performance.now(), it: Number(document.querySelector('#iteration').textContent) })")
    ws_frames = received["n"] - ws_start
    page.click("#btn-play")
    context.close()
    seconds = (end["t"] - start["t"]) / 1000
    return {"fps": (end["raf"] - start["raf"]) / seconds, "drawn_per_s": (end["drawn"] - start["drawn"]) / seconds,
            "ws_per_s": ws_frames / seconds, "iterations_per_s": (end["it"] - start["it"]) / seconds}


def main() -> None:
    from playwright.sync_api import sync_playwright
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            times = first_draw_times(browser, base)
            runs = [auto_train(browser, base) for _ in range(3)]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    first = statistics.median(times)
    fps = statistics.median(r["fps"] for r in runs)
    print(f"time to first drawn network (median of {LOADS} loads): {first * 1000:.0f} ms "
          f"(target ≤ 1000 ms, ratio {first / 1.0:.2f})  all: {[round(t * 1000) for t in times]}")
    print(f"auto-train 8×16, {TRAIN_SECONDS:.0f} s × {len(runs)} runs, medians:")
    print(f"  animation frames rendered: {fps:.1f} /s (target ≥ 55, ratio {fps / 55:.2f})")
    print(f"  diagram redraws with new data: {statistics.median(r['drawn_per_s'] for r in runs):.1f} /s")
    print(f"  WebSocket frames received: {statistics.median(r['ws_per_s'] for r in runs):.1f} /s")
    print(f"  iterations trained: {statistics.median(r['iterations_per_s'] for r in runs):.0f} /s")
    t0 = time.monotonic()
    del t0


if __name__ == "__main__":
    main()
