"""API speed against a real uvicorn on 127.0.0.1 (started here, stopped at the end).

Prints, measured in this one run:
- p50/p99 latency of one-iteration POST /api/step of the worked example (targets ≤ 3 / ≤ 10 ms);
- WS /api/train on the default 2-D set, the `circle` preset (500 points, noise 0.1, half train
  and half test as in TensorFlow Playground, so an epoch is 25 batches of 10) with its 2-8-8-1
  network, speed "max", for ~10 s: epochs/s trained and frames/s received (targets ≥ 500 and
  ≥ 30). Also printed: iterations/s, which does not depend on the split.

Usage: python benchmarks/api.py [--seconds 10] [--requests 2000]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app.frames import read_message  # noqa: E402
from tests.conftest import free_port, start_server  # noqa: E402

DEFAULT_2D_PRESET = "circle"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_step(base: str, requests: int) -> tuple[float, float]:
    with httpx.Client(base_url=base) as http:
        state = http.get("/api/presets/mazur").json()["state"]
        body = json.dumps({"state": state, "unit": "iteration", "iterations": 1})
        headers = {"content-type": "application/json"}
        for _ in range(100):  # warm up
            http.post("/api/step", content=body, headers=headers)
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            response = http.post("/api/step", content=body, headers=headers)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
    return percentile(times, 0.5) * 1000, percentile(times, 0.99) * 1000


def bench_train(base: str, seconds: float) -> dict:
    state = httpx.get(f"{base}/api/presets/{DEFAULT_2D_PRESET}").json()["state"]
    layers = [layer["units"] for layer in state["config"]["layers"]]
    assert state["config"]["inputs"] == 2 and layers == [8, 8, 1] and state["config"]["batch_size"] == 10
    url = base.replace("http://", "ws://") + "/api/train"
    frames, grids = 0, 0
    with connect(url, max_size=2**24) as ws:
        ws.send(json.dumps({"type": "start", "state": state, "speed": "max"}))
        first = read_message(ws.recv(timeout=10))
        started = time.perf_counter()
        last = first
        while time.perf_counter() - started < seconds:
            last = read_message(ws.recv(timeout=10))
            frames += 1
            grids += "grid" in last
        elapsed = time.perf_counter() - started
        ws.send(json.dumps({"type": "stop"}))
    epochs = last["epoch"] - first["epoch"]
    return {"epochs_per_s": epochs / elapsed, "frames_per_s": frames / elapsed,
            "iterations_per_s": (last["iteration"] - first["iteration"]) / elapsed,
            "loss": (first["train_loss"], last["train_loss"]), "grid_frames": grids}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        p50, p99 = bench_step(base, args.requests)
        print(f"POST /api/step (worked example, 1 iteration, {args.requests} requests): "
              f"p50 {p50:.2f} ms (target ≤ 3, ratio {p50 / 3:.2f})  p99 {p99:.2f} ms (target ≤ 10, ratio {p99 / 10:.2f})")
        train = bench_train(base, args.seconds)
        print(f"WS /api/train (circle preset: 500 points, 250 train, 2-8-8-1, batch 10, speed max, {args.seconds:g} s): "
              f"{train['epochs_per_s']:.0f} epochs/s (target ≥ 500, ratio {train['epochs_per_s'] / 500:.2f}), "
              f"{train['iterations_per_s']:.0f} iterations/s, "
              f"{train['frames_per_s']:.1f} frames/s (target ≥ 30, ratio {train['frames_per_s'] / 30:.2f}), "
              f"{train['grid_frames']} frames with a grid; loss {train['loss'][0]:.4f} → {train['loss'][1]:.4f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
