"""Where the time goes while the page auto-trains the 8×16 network of browser.py: CPU used by
the server and by Chromium (its busiest threads: renderer, edge worker, compositor…),
iterations per second and per server CPU-second, and the page's main thread by function (a CDP
sampling profile, which itself costs the renderer ~0.08 of a core). A diagnostic for
browser.py's ratios.

    python benchmarks/page_profile.py [--seconds 4]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.browser import BIG_CONFIG, DATASET  # noqa: E402
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, free_port, start_server  # noqa: E402


def cpu_seconds(pid: int) -> float:
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def chromium_threads() -> dict[tuple[str, str], tuple[str, float]]:
    """CPU seconds of every Chromium thread, keyed by (pid, tid), named "process type: thread"
    (the renderer's main thread, the edge worker, the compositor…): where the page's CPU goes."""
    found = {}
    for pid in subprocess.run(["pgrep", "-f", "chromium"], capture_output=True, text=True).stdout.split():
        try:
            args = open(f"/proc/{pid}/cmdline").read().replace("\0", " ").split()  # Chromium rewrites its argv
            kind = next((a.split("=", 1)[1] for a in args if a.startswith("--type=")), "browser")
            for tid in os.listdir(f"/proc/{pid}/task"):
                stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat.rsplit(")", 1)[1].split()
                found[(pid, tid)] = (f"{kind}: {name}", (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
        except (FileNotFoundError, ProcessLookupError):
            pass
    return found


def busiest_threads(before: dict, after: dict, seconds: float, count: int = 8) -> list[tuple[str, float]]:
    """The threads that used the most CPU between two chromium_threads() readings, in cores."""
    used: Counter = Counter()
    for key, (name, cpu) in after.items():
        if key in before:
            used[name] += (cpu - before[key][1]) / seconds
    return used.most_common(count)


def main() -> None:
    from playwright.sync_api import sync_playwright
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4.0)
    args = parser.parse_args()
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        doc = httpx.post(base + "/api/networks", json={"config": BIG_CONFIG, "dataset": DATASET}).json()["state"]
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            page = context.new_page()
            page.goto(base + "/")
            page.wait_for_selector("body[data-ready=true]")
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(doc, f)
            page.set_input_files("#import", f.name)
            page.wait_for_selector("[data-node='8-15']", state="attached")
            page.fill("#speed", "9")
            page.click("#btn-play")
            page.wait_for_timeout(1000)
            frames = {"n": 0}
            page.on("websocket", lambda ws: ws.on("framereceived", lambda _: frames.__setitem__("n", frames["n"] + 1)))
            cdp = context.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
            threads0 = chromium_threads()
            it0, s0, t0 = int(page.text_content("#iteration")), cpu_seconds(server.pid), time.monotonic()
            page.wait_for_timeout(args.seconds * 1000)
            seconds = time.monotonic() - t0
            it1, s1, threads1 = int(page.text_content("#iteration")), cpu_seconds(server.pid), chromium_threads()
            profile = cdp.send("Profiler.stop")["profile"]
            page.click("#btn-play")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    busiest = busiest_threads(threads0, threads1, seconds, count=1000)
    print(f"load average {os.getloadavg()[0]:.2f}; over {seconds:.1f} s: server CPU {(s1 - s0) / seconds:.2f} cores, "
          f"Chromium {sum(c for _, c in busiest):.2f} cores, {(it1 - it0) / seconds:.0f} it/s shown, "
          f"{(it1 - it0) / max(s1 - s0, 1e-9):.0f} iterations per server CPU-second")
    print("Chromium's busiest threads, in cores:")
    for name, cores in busiest[:8]:
        print(f"  {cores:5.3f}  {name}")
    nodes = {n["id"]: n["callFrame"] for n in profile["nodes"]}
    spent: Counter = Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]
        spent[f"{frame['functionName'] or '(anonymous)'} {frame['url'].rsplit('/', 1)[-1]}:{frame['lineNumber'] + 1}"] += delta
    total = sum(profile["timeDeltas"])
    print("page main thread, share of samples:")
    for name, delta in spent.most_common(20):
        print(f"  {delta / total * 100:5.1f} %  {name}")


if __name__ == "__main__":
    main()
