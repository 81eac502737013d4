"""Assemble the app: middleware, routers, static files, error handlers. Nothing else lives here."""
from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Optional
from urllib.parse import urlsplit

from fastapi import FastAPI

from . import allocator, collector, errors, openapi
from .compute import Admission, EarlyBusy, SafeJSONResponse
from .middleware import BodyLimit, CrossOrigin, SecurityHeaders
from .routes import datasets, docs, embed, gradcheck, grid, networks, pages, points, presets, registry, step, train
from .routes import health, practice
from .settings import Settings, get_settings
from .static_files import CompressedStaticFiles
from .turns import RequestsFirst

DESCRIPTION = """Watch a neural network learn by backpropagation, one number at a time.

The server keeps no per-user state: every request carries the network's **state document** and
every answer returns the next one (send it back unchanged to continue bit for bit). Limits are
in the schemas below; a request beyond them gets a JSON 4xx whose `detail` names the field and
the allowed range. Auto-training streams over the WebSocket `/api/train` (see the README)."""


def _docs_sources(settings: Settings) -> dict[str, str]:
    """CSP sources /docs needs for Swagger UI: the origin it is served from, if not this one."""
    parts = urlsplit(settings.swagger_ui_url)
    if not parts.scheme:
        return {}
    origin = f"{parts.scheme}://{parts.netloc}"
    return {"script-src": origin, "style-src": origin}


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Start the heavy-work process before the first request (a spawn takes a moment) and stop
    it with the worker. Tune the C allocator and the garbage collector for frames and sockets."""
    pool = app.state.admission.pool
    pool.warm()
    allocator.keep_freed_heap()
    collector.settle()
    yield
    pool.close()


def create_app(settings: Optional[Settings] = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="Backprop Explorer", version="0.2.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None, default_response_class=SafeJSONResponse)
    app.state.settings = settings
    app.state.trainers = set()  # live training sockets of this worker process
    app.state.admission = Admission(settings)  # heavy work of this worker process
    errors.install(app)
    openapi.install(app)
    for module in (presets, datasets, registry, points, networks, step, gradcheck, grid, train, practice, docs, pages, embed):
        app.include_router(module.router)
    app.include_router(health.router)
    app.mount("/static", CompressedStaticFiles(directory=str(settings.static_dir)), name="static")
    # The last added is the outermost: the security headers also go on BodyLimit's own 413.
    app.add_middleware(EarlyBusy, admission=app.state.admission)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CrossOrigin, origins=settings.cors_origins)
    app.add_middleware(SecurityHeaders, frame_rules={"/embed": settings.embed_frame_ancestors},
                       extra_sources={"/docs": _docs_sources(settings)})
    app.add_middleware(RequestsFirst)  # outermost: a request counts from its first moment here
    return app


app = create_app()
