"""Assemble the app: routers, static files, error handlers. Nothing else lives here."""
from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from . import errors
from .routes import pages, presets, step
from .routes import health
from .settings import get_settings


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(title="Backprop Explorer", version="0.1.0",
                  description="Watch a neural network learn by backpropagation, one number at a time. "
                              "The server keeps no per-user state: every request carries the network's "
                              "state document and every answer returns the next one.")
    errors.install(app)
    app.include_router(presets.router)
    app.include_router(step.router)
    app.include_router(pages.router)
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=str(settings.static_dir)), name="static")
    return app


app = create_app()
