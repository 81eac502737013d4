"""Hostile but legal load: what a handful of clients sending only legal requests does to others.

    python benchmarks/hostile.py [--seconds 30]
    make hostile

Starts `backprop-explorer --workers 2` on a free 127.0.0.1 port. For --seconds, from processes of
their own (their client-side work must not slow the probe):
- 50 REST clients (each its own address, via X-Forwarded-For as a proxy would send it) post the
  largest legal requests in a loop: 10,000 iterations of an 8×16 network, 100 × 100 grids with
  the largest hidden maps allowed, gradient checks;
- 10 WebSocket clients start 8×16 training with the largest frames (grid every frame, hidden
  maps of the size the server allows) and never read;
- 1 WebSocket client floods `set` messages as fast as it can send.
Meanwhile the probe (this process) asks, every 50 ms, for GET /healthz and one cheap
POST /api/step (one iteration of the worked example), and samples the server tree's memory.
Before the attack the probe runs alone for --quiet seconds: the machine is shared and noisy, so
the quiet p99 is printed next to the attacked one (their ratio is what the server adds).
Prints p50/p99 of both, what the hostile clients got (status codes, close codes), and the
targets: cheap requests p99 <= 50 ms under attack, memory < 1 GiB. Exit status 1 when one is missed.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
import websockets  # noqa: E402

from benchmarks.load import percentile  # noqa: E402
from app.budget import largest_hidden_size  # noqa: E402
from app.settings import Settings  # noqa: E402
from benchmarks.servers import free_port, start_cli_server, stop_server, tree_rss_bytes  # noqa: E402

MIB = 1024 * 1024
TARGET_P99_MS = 50.0
TARGET_MEMORY = 1024 * MIB
REST_ATTACKERS, SILENT_SOCKETS = 50, 10


def deep_network(base: str) -> dict:
    """The largest network: 8 hidden layers of 16 tanh units on the 2,000-point circle set."""
    state = httpx.get(f"{base}/api/presets/circle").json()["state"]
    config, dataset = state["config"], {**state["dataset"], "n": 2000}
    config.update(layers=[{"units": 16, "activation": "tanh"}] * 8 + [{"units": 1, "activation": "sigmoid"}],
                  batch_size=1)
    body = {"config": config, "dataset": dataset}
    answer = httpx.post(f"{base}/api/networks", json=body, timeout=60)
    answer.raise_for_status()
    return answer.json()["state"]


async def rest_attacker(base: str, doc: dict, address: str, deadline: float, codes: Counter) -> None:
    # The largest grid the server's default limit allows for this network's hidden units (a
    # larger one is a 422 at once and would test nothing).
    units = sum(layer["units"] for layer in doc["config"]["layers"][:-1])
    hidden_size = largest_hidden_size(100, units, 2, Settings().max_grid_values_per_request)
    bodies = [("/api/step", {"state": doc, "unit": "iteration", "iterations": 10_000}),
              ("/api/grid", {"state": doc, "size": 100, "hidden_size": hidden_size}),
              ("/api/gradcheck", {"state": doc})]
    async with httpx.AsyncClient(base_url=base, timeout=120, headers={"X-Forwarded-For": address}) as http:
        k = 0
        while time.monotonic() < deadline:
            path, body = bodies[k % len(bodies)]
            k += 1
            try:
                answer = await http.post(path, json=body)
                codes[f"{path} {answer.status_code}"] += 1
                if answer.status_code in (429, 503):
                    await asyncio.sleep(min(2.0, float(answer.headers.get("retry-after", "1"))))
            except httpx.HTTPError as exc:
                codes[f"{path} {type(exc).__name__}"] += 1


async def silent_socket(url: str, doc: dict, deadline: float, codes: Counter) -> None:
    """Asks for the largest frames and never reads them."""
    try:
        async with websockets.connect(url, max_size=None, max_queue=1, open_timeout=10) as ws:
            await ws.send(json.dumps({"type": "start", "state": doc, "grid_every": 1, "grid_size": 100,
                                      "hidden_grid_size": 100}))
            ws.transport.pause_reading()  # never read: the server's send buffer fills
            await asyncio.sleep(max(0.0, deadline - time.monotonic()))
            # A client that reads nothing cannot see its close either: read what the kernel
            # buffered now, to learn whether the server let this socket go.
            ws.transport.resume_reading()
            async with asyncio.timeout(10):
                while True:
                    await ws.recv()
    except websockets.ConnectionClosed as exc:
        codes[f"silent socket closed {exc.rcvd.code if exc.rcvd else '?'}"] += 1
    except TimeoutError:
        codes["silent socket: still open at the end"] += 1


async def flooder(url: str, doc: dict, deadline: float, codes: Counter) -> None:
    try:
        async with websockets.connect(url, open_timeout=10) as ws:
            await ws.send(json.dumps({"type": "start", "state": doc, "paused": True}))
            message = json.dumps({"type": "set", "learning_rate": 0.01})
            while time.monotonic() < deadline:
                await ws.send(message)
                codes["flood messages sent"] += 1
    except websockets.ConnectionClosed as exc:
        codes[f"flooder closed {exc.rcvd.code if exc.rcvd else '?'}"] += 1


def attack(port: int, seconds: float, out) -> None:
    """In a process of its own: every hostile client, until the deadline."""
    base, url = f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/api/train"

    async def main() -> Counter:
        doc = deep_network(base)
        codes: Counter = Counter()
        deadline = time.monotonic() + seconds
        tasks = [rest_attacker(base, doc, f"10.9.{k // 250}.{k % 250}", deadline, codes) for k in range(REST_ATTACKERS)]
        tasks += [silent_socket(url, doc, deadline, codes) for _ in range(SILENT_SOCKETS)]
        tasks.append(flooder(url, doc, deadline, codes))
        await asyncio.gather(*tasks)
        return codes

    out.put(dict(asyncio.run(main())))


def probe(port: int, seconds: float, latencies: dict[str, list[float]], failures: Counter) -> None:
    base = f"http://127.0.0.1:{port}"
    mazur = httpx.get(f"{base}/api/presets/mazur").json()["state"]
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=10) as http:
        while time.monotonic() < deadline:
            for name, call in (("healthz", lambda: http.get("/healthz")),
                               ("cheap step", lambda: http.post("/api/step", json={"state": mazur}))):
                started = time.perf_counter()
                try:
                    status = call().status_code
                except httpx.TimeoutException:  # counted, with the time it waited, not a crash
                    status = "timeout"
                latencies[name].append((time.perf_counter() - started) * 1000)
                if status != 200:
                    failures[f"{name} {status}"] += 1
            time.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--quiet", type=float, default=8.0, help="seconds of probing before the attack")
    args = parser.parse_args()
    port = free_port()
    server = start_cli_server(port, 2)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], tree_rss_bytes(server.pid))

    threading.Thread(target=sample, daemon=True).start()
    out = multiprocessing.get_context("spawn").Queue()
    attacker = multiprocessing.get_context("spawn").Process(target=attack, args=(port, args.seconds, out))
    quiet: dict[str, list[float]] = {"healthz": [], "cheap step": []}
    latencies: dict[str, list[float]] = {"healthz": [], "cheap step": []}
    failures: Counter = Counter()
    try:
        probe(port, args.quiet, quiet, failures)
        attacker.start()
        time.sleep(2.0)  # the attack's set-up (its network is built first); the probe measures the attack
        probe(port, args.seconds - 2.0, latencies, failures)
        codes = out.get(timeout=args.seconds + 120)
        attacker.join(timeout=30)
    finally:
        done.set()
        stop_server(server)
    return report(quiet, latencies, failures, codes, peak[0])


def report(quiet: dict[str, list[float]], latencies: dict[str, list[float]], failures: Counter,
           codes: dict, peak: int) -> int:
    print("machine load average (1, 5, 15 min): " + ", ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"hostile clients: {REST_ATTACKERS} REST (largest steps, grids, gradient checks), "
          f"{SILENT_SOCKETS} sockets that never read, 1 flooding socket; 2 workers")
    for key in sorted(codes):
        print(f"  {key}: {codes[key]}")
    # A hostile request the server refuses as invalid tests nothing: all of them must be legal.
    checks = {"hostile requests legal (no 400/413/422)": not any(
        key.startswith("/api/") and key.rsplit(" ", 1)[-1] in ("400", "413", "422") for key in codes)}
    for name, values in latencies.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        q50, q99 = percentile(quiet[name], 50), percentile(quiet[name], 99)
        print(f"probe {name}: under attack {len(values)} answers, p50 {p50:.1f} ms, p99 {p99:.1f} ms, "
              f"max {max(values):.1f} ms | quiet p50 {q50:.1f} ms, p99 {q99:.1f} ms | p99 ratio {p99 / q99:.1f}")
        checks[f"{name} p99 <= {TARGET_P99_MS:.0f} ms"] = p99 <= TARGET_P99_MS
    checks["probe never refused"] = not failures
    print(f"probe failures: {dict(failures) or 'none'}")
    print(f"memory: peak server RSS {peak / MIB:.0f} MiB (supervisor, workers, heavy processes)")
    checks["memory < 1 GiB"] = 0 < peak < TARGET_MEMORY
    print("targets: " + ", ".join(f"{name}: {'PASS' if ok else 'FAIL'}" for name, ok in checks.items()))
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
