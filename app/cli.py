"""`backprop-explorer`: serve the app with N worker processes.

The server keeps no per-user state, so any request may land on any worker. With more than one
worker, uvicorn's supervisor (uvicorn >= 0.30) pings each worker every half second and starts a
replacement for any worker that died (SIGKILL, OOM) — tests/test_faults_worker.py checks it. A
WebSocket lives on one worker; when that worker dies, the client reconnects (to any worker) and
resumes from the state it holds.
"""
from __future__ import annotations

import argparse
import os
from typing import Sequence

from .settings import get_settings

APP = "app.main:app"


def default_workers() -> int:
    """BPX_WORKERS if set, else one worker per core (at least 1)."""
    configured = os.environ.get("BPX_WORKERS")
    if configured:
        return int(configured)
    return max(1, os.cpu_count() or 1)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    settings = get_settings()
    parser = argparse.ArgumentParser(
        prog="backprop-explorer",
        description="Serve Backprop Explorer. Put any reverse proxy or load balancer in front; "
                    "no sticky sessions are needed (see README, Deploying).")
    parser.add_argument("--host", default=settings.host, help="bind address (BPX_HOST, default %(default)s)")
    parser.add_argument("--port", type=int, default=settings.port, help="port (PORT or BPX_PORT, default %(default)s)")
    parser.add_argument("--workers", type=positive_int, default=default_workers(),
                        help="worker processes (BPX_WORKERS, default one per core: %(default)s)")
    parser.add_argument("--log-level", default=os.environ.get("BPX_LOG_LEVEL", "info"),
                        choices=["critical", "error", "warning", "info", "debug"])
    parser.add_argument("--forwarded-allow-ips", default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
                        help="proxies trusted for X-Forwarded-* headers (default %(default)s)")
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError("workers: must be between 1 and 64")
    return value


def main(argv: Sequence[str] | None = None) -> None:
    import uvicorn  # imported late so `--help` stays instant

    from .ws_protocol import BoundedCloseWebSockets

    args = parse_args(argv)
    uvicorn.run(APP, host=args.host, port=args.port, workers=args.workers, log_level=args.log_level,
                proxy_headers=True, forwarded_allow_ips=args.forwarded_allow_ips,
                # The socket's own limit (BPX_WS_MAX_MESSAGE_BYTES) answers 1009 with a message;
                # uvicorn's cap sits just above it, so a larger setting is not silently cut.
                ws_max_size=max(get_settings().ws_max_message_bytes, get_settings().max_body_bytes) + 1024,
                # Frames are small and many: compressing each costs more CPU than it saves.
                ws_per_message_deflate=False,
                ws=BoundedCloseWebSockets,  # a flooding client costs nothing once closed (ws_protocol.py)
                timeout_graceful_shutdown=5)


if __name__ == "__main__":
    main()
