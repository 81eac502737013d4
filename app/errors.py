"""Every client error is JSON that names the field and what to change; never a 500."""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def _location(loc) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [{"field": _location(e.get("loc", ())), "message": e.get("msg", "invalid")}
              for e in exc.errors()]
    first = errors[0] if errors else {"field": "body", "message": "invalid request"}
    return JSONResponse(status_code=422, content={
        "detail": f"{first['field']}: {first['message']}", "errors": errors})


async def value_error(request: Request, exc: ValueError) -> JSONResponse:
    # The engine raises ValueError("field: what is allowed") for inconsistent documents.
    return JSONResponse(status_code=422, content={"detail": str(exc), "errors": [
        {"field": str(exc).split(":", 1)[0], "message": str(exc)}]})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValueError, value_error)
