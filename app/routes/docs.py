"""/docs: Swagger UI under the strict Content-Security-Policy.

FastAPI's built-in page bootstraps Swagger UI with an inline <script>, which a CSP without
'unsafe-inline' blocks. This page has no inline code: the bootstrap is a same-origin script.
The Swagger UI bundle itself comes from settings.swagger_ui_url: by default the copy that
scripts/vendor.py pins under /static/vendor/swagger-ui (same origin, so the CSP needs nothing
more and /docs works offline); a full URL elsewhere adds only that origin to the CSP of /docs.
"""
from __future__ import annotations

from html import escape

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from ..settings import AppSettings

router = APIRouter(include_in_schema=False)

BOOTSTRAP = """window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout"});
});
"""


@router.get("/docs", response_class=HTMLResponse)
def docs(settings: AppSettings) -> HTMLResponse:
    base = escape(settings.swagger_ui_url.rstrip("/"), quote=True)
    return HTMLResponse(f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Backprop Explorer API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{base}/swagger-ui.css"></head>
<body><div id="swagger-ui"><p>API reference: <a href="/openapi.json">/openapi.json</a></p></div>
<script src="{base}/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-init.js"></script></body></html>""")


@router.get("/docs/swagger-init.js")
def bootstrap() -> Response:
    return Response(BOOTSTRAP, media_type="text/javascript")
