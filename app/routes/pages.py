"""HTML pages rendered from Jinja2 templates."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..settings import get_settings

router = APIRouter()
templates = Jinja2Templates(directory=str(get_settings().templates_dir))


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "explorer.html", {})
