"""Lighthouse 12 on the explorer (`/`) and the embed (`/embed`): performance, accessibility and
best-practices scores and the cumulative layout shift, with Lighthouse's default mobile settings
(simulated throttling), driving Debian's Chromium. A benchmark, not a test: it prints, and its
exit status says whether the targets hold.

Targets: performance ≥ 95, accessibility 100, best practices 100, CLS < 0.05 on each page.
Lighthouse comes from the npm registry (installed once under LIGHTHOUSE_DIR, /tmp/lh by default);
this script starts its own server on a free loopback port.
Run: python benchmarks/lighthouse.py [--runs N] [--path /embed?preset=circle ...]   (or `make lighthouse`)
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.servers import free_port, start_cli_server, stop_server  # noqa: E402

CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
LH_DIR = Path(os.environ.get("LIGHTHOUSE_DIR", "/tmp/lh"))
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
CLS_TARGET = 0.05
CATEGORIES = ["performance", "accessibility", "best-practices"]


def install() -> None:
    """lighthouse@12 from the npm registry, once."""
    if LH_BIN.exists():
        return
    LH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"installing lighthouse@12 into {LH_DIR} (npm) …", flush=True)
    subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(LH_DIR), "lighthouse@12"],
                   check=True, stdout=subprocess.DEVNULL)


def run_once(url: str, attempts: int = 3) -> dict | None:
    """One Lighthouse run (default: mobile form factor, simulated throttling) → its JSON report.
    Chromium sometimes fails to start on a loaded machine: tried again, then reported."""
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "report.json"
            cmd = [str(LH_BIN), url, "--quiet", "--output=json", f"--output-path={out}",
                   "--only-categories=" + ",".join(CATEGORIES),
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu"]
            done = subprocess.run(cmd, timeout=240, env={**os.environ, "CHROME_PATH": CHROME},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode == 0 and out.exists():
                report = json.loads(out.read_text())
                if not report.get("runtimeError"):
                    return report
                why = report["runtimeError"].get("message", "runtime error")
            else:
                why = (done.stderr.strip().splitlines() or ["no output"])[-1]
            print(f"  lighthouse run {attempt} on {url} failed: {why}", file=sys.stderr, flush=True)
    return None


def summary(report: dict) -> dict:
    cats, audits = report["categories"], report["audits"]
    failing = sorted(a["id"] for cat in CATEGORIES for ref in cats[cat]["auditRefs"]
                     if ref["weight"] and (a := audits[ref["id"]]).get("score") is not None and a["score"] < 1
                     and cat != "performance")
    return {
        **{c: round(cats[c]["score"] * 100) for c in CATEGORIES},
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failing": failing,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median of each figure is printed")
    parser.add_argument("--path", action="append", help="page paths (default: / and /embed)")
    args = parser.parse_args()
    if not Path(CHROME).exists():
        print(f"{CHROME} is missing (set CHROME_PATH)", file=sys.stderr)
        return 2
    install()
    port = free_port()
    server = start_cli_server(port, 1)
    ok = True
    try:
        for path in args.path or ["/", "/embed"]:
            runs = [summary(r) for _ in range(args.runs) if (r := run_once(f"http://127.0.0.1:{port}{path}"))]
            if not runs:
                print(f"{path:<10} no Lighthouse run completed", flush=True)
                ok = False
                continue
            med = {k: statistics.median(r[k] for r in runs) for k in [*CATEGORIES, "cls", "fcp_ms", "lcp_ms", "tbt_ms"]}
            failing = sorted({a for r in runs for a in r["failing"]})
            met = all(med[c] >= t for c, t in TARGETS.items()) and med["cls"] < CLS_TARGET
            ok &= met
            print(f"{path:<10} performance {med['performance']:>3.0f}  accessibility {med['accessibility']:>3.0f}  "
                  f"best-practices {med['best-practices']:>3.0f}  CLS {med['cls']:.3f}  "
                  f"(FCP {med['fcp_ms'] / 1000:.1f} s, LCP {med['lcp_ms'] / 1000:.1f} s, TBT {med['tbt_ms']:.0f} ms)  "
                  f"{'targets met' if met else 'TARGETS MISSED'}", flush=True)
            if failing:
                print(f"{'':<10} failing audits: {', '.join(failing)}", flush=True)
    finally:
        stop_server(server)
    print(f"targets: performance ≥ {TARGETS['performance']}, accessibility {TARGETS['accessibility']}, "
          f"best practices {TARGETS['best-practices']}, CLS < {CLS_TARGET}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
