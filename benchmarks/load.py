"""Load test: a classroom of WebSocket trainers plus a stream of REST steps against 2 workers.

    python benchmarks/load.py [--seconds 60] [--trainers 300] [--speed 30] [--rest-rate 20]
    make load                      (the full 60 s run)

Starts `backprop-explorer --workers 2` on a free 127.0.0.1 port and, for --seconds:
- --trainers WebSocket clients each auto-train their own 2-8-8-1 network (`start` with its state
  document). A trainer that loses its socket reconnects and resumes from the last frame it holds,
  as the page does; every such loss counts as a dropped socket.
- an open-loop stream of --rest-rate POST /api/step requests per second (one iteration of the
  worked example, as a student pressing Step), timed one by one, from a separate process (as
  another user's browser: its timings must not include this process's queue of frames).
It prints errors, REST p50/p99, epochs/s and frames/s delivered, and the peak RSS of the server's
whole process tree (supervisor + workers), sampled from /proc every 0.2 s. Exit status 1 when a
target is missed: 0 failed requests, 0 dropped sockets, REST p99 <= 50 ms, memory < 1 GiB.

Why 30 iterations/s per trainer by default: in a classroom each student's auto-train runs at a
speed they can watch — numbers on the edges change visibly but readably. 30 it/s matches the
frame rate the page draws comfortably (one iteration per frame at 30 frames/s). 100 such
students ask the server for 3,000 iterations and 3,000 frames per second. `--speed max` shows
what full-speed trainers do: every socket asks for all the CPU it can get, so the server's
per-worker compute budget decides how the cores are shared and how long REST requests wait.
Bounded: at most 500 trainers, 600 s, 200 REST requests/s, and a hard deadline for every phase.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import websockets  # noqa: E402

from app.frames import read_message  # noqa: E402
from benchmarks.servers import free_port, start_cli_server, stop_server, tree_rss_bytes, worker_pids  # noqa: E402

MIB = 1024 * 1024
TARGET_P99_MS = 50.0
TARGET_MEMORY = 1024 * MIB
RESUMED_KEYS = ("params", "velocity", "iteration", "epoch", "batch_index", "phase", "status")


@dataclass
class Stats:
    frames: int = 0
    iterations: int = 0
    epochs: int = 0
    dropped: int = 0          # sockets closed by anything but our own stop
    drop_reasons: dict[str, int] = field(default_factory=dict)  # close code and reason → count
    refused: int = 0          # per-worker trainer cap reached
    connect_failures: int = 0
    protocol_errors: list[str] = field(default_factory=list)
    unclean_stops: int = 0    # stop not answered by `stopped`
    rest_latencies: list[float] = field(default_factory=list)
    rest_failures: dict[str, int] = field(default_factory=dict)
    peak_rss: int = 0
    min_trainer_fps: float = float("inf")


class Refused(Exception):
    """The worker's trainer cap was reached; the trainer retries after a second."""


def classroom_state(seed: int) -> dict:
    """One student's network: 2-8-8-1 tanh on the default 2-D set (the page's default), batch 10."""
    from app.convert import state_to_dict
    from engine.config import Config, LayerSpec
    from engine.datasets import DATASETS, DatasetSpec
    from engine.state import new_run

    name = next((n for n in ("circle", "xor_quadrants", "xor") if n in DATASETS), "xor")
    spec = DatasetSpec(name=name, n=200, noise=0.1, train_share=0.8, seed=0) if name != "xor" else DatasetSpec(name="xor")
    batch = 10 if name != "xor" else None
    cfg = Config(inputs=2, layers=(LayerSpec(8, "tanh"), LayerSpec(8, "tanh"), LayerSpec(1, "sigmoid")),
                 loss="bce", learning_rate=0.03, batch_size=batch, seed=seed)
    return state_to_dict(new_run(cfg, spec))


def rebuild_state(initial: dict, frame: dict | None) -> dict:
    """The state document a client can rebuild from its last frame (config etc. it already has)."""
    doc = dict(initial)
    if frame is not None:
        doc.update({k: frame[k] for k in RESUMED_KEYS if k in frame})
    return doc


def note_drop(stats: Stats, code, reason) -> None:
    key = f"{code} {reason or ''}".strip()
    stats.drop_reasons[key] = stats.drop_reasons.get(key, 0) + 1


async def trainer(url: str, doc: dict, speed, deadline: float, stats: Stats) -> None:
    start_iter, start_epoch = doc["iteration"], doc["epoch"]
    last: dict | None = None
    frames = 0
    t0 = time.monotonic()
    while time.monotonic() < deadline:
        try:
            async with websockets.connect(url, max_size=4 * MIB, open_timeout=10, close_timeout=5) as ws:
                await ws.send(json.dumps({"type": "start", "state": rebuild_state(doc, last), "speed": speed,
                                          "grid_every": 10, "grid_size": 40}))
                async for raw in ws:
                    msg = read_message(raw)
                    kind = msg.get("type")
                    if kind == "frame":
                        frames += 1
                        last = msg
                        if time.monotonic() >= deadline:
                            break
                    elif kind == "refused":
                        stats.refused += 1
                        raise Refused
                    elif kind == "error":
                        stats.protocol_errors.append(msg.get("detail", "?"))
                else:
                    if time.monotonic() < deadline:   # server closed the socket under us
                        stats.dropped += 1
                        note_drop(stats, ws.close_code, ws.close_reason)
                        continue
                final = await stop(ws)
                if final is None:
                    stats.unclean_stops += 1
                else:
                    last = final
                break
        except Refused:
            await asyncio.sleep(1.0)
        except websockets.ConnectionClosed as exc:
            stats.dropped += 1
            note_drop(stats, exc.rcvd.code if exc.rcvd else None, exc.rcvd.reason if exc.rcvd else "no close frame")
        except (OSError, asyncio.TimeoutError, websockets.InvalidHandshake):
            stats.connect_failures += 1
            await asyncio.sleep(0.5)
    stats.frames += frames
    if last is not None:
        stats.iterations += last["iteration"] - start_iter
        stats.epochs += last["epoch"] - start_epoch
    stats.min_trainer_fps = min(stats.min_trainer_fps, frames / max(1e-9, time.monotonic() - t0))


async def stop(ws) -> dict | None:
    """Send stop and return the final state, or None if the server does not answer within 5 s."""
    try:
        await ws.send(json.dumps({"type": "stop"}))
        async with asyncio.timeout(5):
            async for raw in ws:
                msg = read_message(raw)
                if msg.get("type") == "stopped":
                    return msg["state"]
    except (websockets.ConnectionClosed, asyncio.TimeoutError):
        pass
    return None


async def rest_stream(base: str, rate: float, deadline: float, stats: Stats) -> None:
    """Open loop: a request every 1/rate s whatever the previous one is doing."""
    async with httpx.AsyncClient(base_url=base, timeout=10,
                                 limits=httpx.Limits(max_connections=64, max_keepalive_connections=16)) as http:
        preset = (await http.get("/api/presets/mazur")).json()["state"]
        body = {"state": preset, "unit": "iteration", "iterations": 1}
        tasks = []
        next_at = time.monotonic()
        while next_at < deadline:
            tasks.append(asyncio.create_task(one_step(http, body, stats)))
            next_at += 1 / rate
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        await asyncio.gather(*tasks)


async def one_step(http: httpx.AsyncClient, body: dict, stats: Stats) -> None:
    t = time.perf_counter()
    try:
        r = await http.post("/api/step", json=body)
        outcome = str(r.status_code) if r.status_code != 200 else None
    except httpx.HTTPError as exc:
        outcome = type(exc).__name__
    if outcome is None:
        stats.rest_latencies.append((time.perf_counter() - t) * 1000)
    else:
        stats.rest_failures[outcome] = stats.rest_failures.get(outcome, 0) + 1


def sample_memory(master: int, stats: Stats, done: threading.Event) -> None:
    while not done.wait(0.2):
        stats.peak_rss = max(stats.peak_rss, tree_rss_bytes(master))


def rest_process(port: int, rate: float, seconds: float, out) -> None:
    """The REST stream in its own process, as another user's browser would be: its latencies
    must not include the trainer clients' queueing in this process's event loop."""
    stats = Stats()
    asyncio.run(rest_stream(f"http://127.0.0.1:{port}", rate, time.monotonic() + seconds, stats))
    out.send((stats.rest_latencies, stats.rest_failures))
    out.close()


async def drive(port: int, args, stats: Stats) -> float:
    url = f"ws://127.0.0.1:{port}/api/train"
    speed = args.speed if args.speed == "max" else float(args.speed)
    docs = [classroom_state(seed) for seed in range(args.trainers)]
    receive, send = multiprocessing.Pipe(duplex=False)
    rest = multiprocessing.get_context("spawn").Process(
        target=rest_process, args=(port, args.rest_rate, args.seconds, send), daemon=True)
    rest.start()
    t0 = time.monotonic()
    deadline = t0 + args.seconds
    async with asyncio.timeout(args.seconds + 60):  # hard bound on the whole run
        await asyncio.gather(*(trainer(url, d, speed, deadline, stats) for d in docs))
        seconds = time.monotonic() - t0
        while not receive.poll():
            await asyncio.sleep(0.1)
    stats.rest_latencies, stats.rest_failures = receive.recv()
    rest.join(timeout=10)
    return seconds


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def report(stats: Stats, seconds: float, args) -> bool:
    rest_failed = sum(stats.rest_failures.values())
    p50, p99 = percentile(stats.rest_latencies, 50), percentile(stats.rest_latencies, 99)
    # Other jobs on a shared machine take CPU from the workers; say how busy it was.
    print("machine load average (1, 5, 15 min) at the end: " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"load: {args.trainers} WebSocket trainers at speed {args.speed}, REST {args.rest_rate}/s, "
          f"2 workers, {seconds:.1f} s on {os.cpu_count()} cores")
    print(f"errors: REST failed {rest_failed} {stats.rest_failures or ''}| dropped sockets {stats.dropped} | "
          f"refused {stats.refused} | connect failures {stats.connect_failures} | "
          f"protocol errors {len(stats.protocol_errors)} {stats.protocol_errors[:3] or ''}| unclean stops {stats.unclean_stops}")
    if stats.drop_reasons:
        print(f"dropped sockets by close code: {stats.drop_reasons}")
    print(f"REST /api/step: {len(stats.rest_latencies)} ok, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
          f"max {max(stats.rest_latencies, default=float('nan')):.1f} ms")
    print(f"training: {stats.epochs / seconds:.1f} epochs/s, {stats.iterations / seconds:.0f} iterations/s, "
          f"{stats.frames / seconds:.0f} frames/s delivered "
          f"(per trainer: {stats.frames / seconds / max(1, args.trainers):.1f} avg, {stats.min_trainer_fps:.1f} min)")
    print(f"memory: peak server RSS {stats.peak_rss / MIB:.0f} MiB (supervisor + workers)")
    checks = {
        "0 failed requests": rest_failed == 0 and stats.refused == 0 and stats.connect_failures == 0,
        "0 dropped sockets": stats.dropped == 0 and stats.unclean_stops == 0,
        f"REST p99 <= {TARGET_P99_MS:.0f} ms": p99 <= TARGET_P99_MS,
        "memory < 1 GiB": 0 < stats.peak_rss < TARGET_MEMORY,
    }
    print("targets: " + ", ".join(f"{name}: {'PASS' if ok else 'FAIL'}" for name, ok in checks.items()))
    return all(checks.values())


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--trainers", type=int, default=300)
    p.add_argument("--speed", default="30", help="iterations/s per trainer, or 'max'")
    p.add_argument("--rest-rate", type=float, default=20.0, help="REST /api/step requests per second")
    p.add_argument("--workers", type=int, default=2)
    args = p.parse_args()
    if not (1 <= args.seconds <= 600 and 1 <= args.trainers <= 500 and 0 < args.rest_rate <= 200
            and 1 <= args.workers <= 8):
        p.error("bounds: seconds 1..600, trainers 1..500, rest-rate 0..200, workers 1..8")
    return args


def main() -> int:
    args = parse_args()
    port = free_port()
    server = start_cli_server(port, args.workers)
    stats = Stats()
    done = threading.Event()
    sampler = threading.Thread(target=sample_memory, args=(server.pid, stats, done), daemon=True)
    sampler.start()
    try:
        print(f"server: supervisor {server.pid}, workers {worker_pids(server.pid)}, port {port}")
        seconds = asyncio.run(drive(port, args, stats))
    finally:
        done.set()
        sampler.join()
        stop_server(server)
    return 0 if report(stats, seconds, args) else 1


if __name__ == "__main__":
    sys.exit(main())
