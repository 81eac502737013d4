"""The one Jinja2 templates object. Every page gets the registry (app/registry.py) as
bootstrap JSON, so page modules read lists and limits from the server, never declare them."""
from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from .registry import registry
from .settings import get_settings

templates = Jinja2Templates(directory=str(get_settings().templates_dir))


def render(request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200) -> Response:
    settings = request.app.state.settings
    return templates.TemplateResponse(request, name, {"registry": registry(settings), **(context or {})},
                                      status_code=status_code)
