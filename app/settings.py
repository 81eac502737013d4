"""The one Settings object, read from the environment (BPX_* variables) once at start-up."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

# Where templates/ and static/ are: the source tree, or BPX_ROOT for an installed package
# (the Dockerfile installs the app normally and keeps those folders in /srv/app).
ROOT = Path(os.environ.get("BPX_ROOT") or Path(__file__).resolve().parent.parent)


def _env(name: str, default: str) -> str:
    return os.environ.get(f"BPX_{name}", default)


def _int(name: str, default: int) -> int:
    return field(default_factory=lambda: int(_env(name, str(default))))


def _float(name: str, default: float) -> float:
    return field(default_factory=lambda: float(_env(name, str(default))))


def _str(name: str, default: str) -> str:
    return field(default_factory=lambda: _env(name, default))


@dataclass(frozen=True)
class Settings:
    host: str = _str("HOST", "127.0.0.1")
    port: int = field(default_factory=lambda: int(os.environ.get("PORT", _env("PORT", "8000"))))
    templates_dir: Path = ROOT / "templates"
    static_dir: Path = ROOT / "static"
    # Origins whose postMessage commands an embed obeys (comma-separated); "*" = any origin.
    embed_allowed_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip() for o in _env("EMBED_ALLOWED_ORIGINS", "*").split(",") if o.strip()) or ("*",))

    # Origins that may load static files and call the API from a browser (CORS). "null" is the
    # opaque origin of a frame sandboxed without allow-same-origin (LMS and notebook frames).
    cors_origins: tuple[str, ...] = field(default_factory=lambda: tuple(
        o.strip() for o in _env("CORS_ORIGINS", "null").split(",") if o.strip()))

    # -- request limits (REST) ------------------------------------------------------------------
    max_body_bytes: int = _int("MAX_BODY_BYTES", 1024 * 1024)
    # One request may run at most this many iterations (epochs are counted in iterations) …
    max_iterations_per_request: int = _int("MAX_ITERATIONS_PER_REQUEST", 10_000)
    # … and at most this many forward+backward passes of single examples (iterations × batch).
    max_example_passes_per_request: int = _int("MAX_EXAMPLE_PASSES", 2_000_000)
    # Requests touching at most this many examples (iterations × batch) run on the event loop.
    inline_example_passes: int = _int("INLINE_EXAMPLE_PASSES", 64)
    # Heatmap grids are at most max_grid × max_grid points (output and each hidden unit).
    max_grid: int = _int("MAX_GRID", 100)
    # … and one answer holds at most this many grid values (output + every hidden unit's map).
    max_grid_values_per_request: int = _int("MAX_GRID_VALUES", 250_000)
    # Admission control of heavy work, per worker (app/compute.py): processes that run it, the
    # work (multiply-adds, budget.work_units) in flight or queued beyond which it gets 503
    # (10⁸: about 10 s of one core), requests per client (429).
    heavy_processes: int = _int("HEAVY_PROCESSES", 1)
    heavy_work_per_worker: int = _int("HEAVY_WORK_PER_WORKER", 100_000_000)
    heavy_requests_per_client: int = _int("HEAVY_REQUESTS_PER_CLIENT", 2)
    # … and how many more of one client's heavy requests wait (up to heavy_client_wait_s) for one
    # of those to finish before the 429: a classroom behind one NAT address, or a course page
    # with several embeds, sends a few grids at once and should get them, a little later.
    heavy_waiting_per_client: int = _int("HEAVY_WAITING_PER_CLIENT", 6)
    heavy_client_wait_s: float = _float("HEAVY_CLIENT_WAIT_S", 10.0)
    # Gradient check cost: parameters² × batch size (each parameter needs two forward passes).
    max_gradcheck_cost: int = _int("MAX_GRADCHECK_COST", 50_000_000)

    # -- auto-training over WS /api/train (per worker process) ----------------------------------
    max_trainers: int = _int("MAX_TRAINERS", 300)  # per worker; more get 1013 (300: a class of 300 on one worker of an uneven spread)
    max_frame_rate: float = _float("MAX_FRAME_RATE", 60.0)  # frames per second per socket
    # Frames cost CPU too (losses, focus, JSON): with many sockets each gets fewer frames.
    max_frames_per_worker: float = _float("MAX_FRAMES_PER_WORKER", 1500.0)
    frame_budget_ms: float = _float("FRAME_BUDGET_MS", 16.0)  # compute per 1/60 s per socket
    # Share of one core all trainers of a worker may use together for training and frames,
    # split among active sockets. REST requests keep their latency by going first (turns.py),
    # not by an idle reserve; the governor brakes above this share plus the event loop's own
    # work (governor.py). 0.95: a lone learner's page trains 8×16 at ~0.78× Run.train alone on
    # a 2-core machine shared with its browser (0.85 gave ~0.60×; benchmarks/browser.py).
    train_cpu_share: float = _float("TRAIN_CPU_SHARE", 0.95)
    slice_ms: float = _float("SLICE_MS", 4.0)  # longest stretch training holds the event loop
    # Training ticks waking later than this slow every socket of the worker (app/governor.py).
    loop_lag_ms: float = _float("LOOP_LAG_MS", 10.0)
    idle_timeout_s: float = _float("IDLE_TIMEOUT_S", 300.0)  # paused and silent → closed
    ws_max_message_bytes: int = _int("WS_MAX_MESSAGE_BYTES", 1024 * 1024)
    # A socket whose client does not take a frame within this time is closed (1008): at most one
    # frame per socket is ever waiting to be sent, so an unread socket holds one frame, no more.
    ws_send_timeout_s: float = _float("WS_SEND_TIMEOUT_S", 10.0)
    # Grid values one frame may carry (output grid + every hidden unit's map): larger requested
    # sizes are reduced to fit, and the frame says which size it used.
    max_frame_grid_values: int = _int("MAX_FRAME_GRID_VALUES", 60_000)
    # Messages a client may send per second (a burst of ws_message_burst is allowed); beyond
    # that they are dropped with one error a second, and a flood closes the socket (1008).
    ws_message_rate: float = _float("WS_MESSAGE_RATE", 50.0)
    ws_message_burst: int = _int("WS_MESSAGE_BURST", 100)
    max_speed: float = _float("MAX_SPEED", 100_000.0)  # iterations per second a client may ask

    # -- security headers -----------------------------------------------------------------------
    # Who may frame /embed pages (CSP frame-ancestors); every other page denies framing.
    # "*" sends no frame-ancestors at all, so sandboxed (opaque-origin) parents may frame it too.
    embed_frame_ancestors: str = _str("EMBED_FRAME_ANCESTORS", "*")
    # Where /docs loads Swagger UI from: the copy scripts/vendor.py pins under /static/vendor
    # (same origin, works offline), or a full URL such as a CDN (its origin joins the CSP).
    swagger_ui_url: str = _str("SWAGGER_UI_URL", "/static/vendor/swagger-ui")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def app_settings(request: HTTPConnection) -> Settings:
    """The app's Settings, as a dependency: `settings: AppSettings` in a route's signature."""
    return request.app.state.settings


AppSettings = Annotated[Settings, Depends(app_settings)]
