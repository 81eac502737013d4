"""Every client error is JSON that names the field and what to change; never a 500."""
from __future__ import annotations

import logging
from typing import Any, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from engine.config import MAX_HIDDEN_LAYERS

log = logging.getLogger("backprop_explorer")


class InputError(ValueError):
    """A request the client can correct: "field: what to change" → 422. The app raises it at
    the boundaries where engine checks meet a request; any other ValueError is the server's own
    bug and becomes a logged 500."""


def _location(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body",)]
    return ".".join(parts) or "body"


HINTS = {  # messages where pydantic's wording would not say what the limit means
    ("layers", "too_long"): f"at most {MAX_HIDDEN_LAYERS} hidden layers plus the output layer",
}


def _message(error: dict) -> str:
    message = error.get("msg", "invalid")
    loc = error.get("loc") or ("",)
    hint = HINTS.get((str(loc[-1]), error.get("type")))
    if hint:
        message = f"{hint} ({message})"
    # Model validators say "Value error, field: what is allowed"; keep the useful part.
    return message.removeprefix("Value error, ")


def describe(errors: list[dict], prefix: str = "") -> dict[str, Any]:
    """Pydantic errors → {"detail": "field: message", "errors": [{field, message}]}.
    A model validator's message starting with 'name:' names a field inside the location."""
    listed = []
    for e in errors:
        if e.get("type") == "json_invalid":
            error = (e.get("ctx") or {}).get("error", "")
            listed.append({"field": "body", "message": f"not valid JSON ({error}) at character {e['loc'][-1]}"})
            continue
        field, message = _location((prefix, *e.get("loc", ())) if prefix else e.get("loc", ())), _message(e)
        head = message.split(":", 1)[0]
        if ":" in message and " " not in head and not field.endswith(head):
            field, message = f"{field}.{head}" if field != "body" else head, message.split(":", 1)[1].strip()
        listed.append({"field": field, "message": message})
    first = listed[0] if listed else {"field": "body", "message": "invalid request"}
    return {"detail": f"{first['field']}: {first['message']}", "errors": listed}


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse(status_code=422, content=describe(list(exc.errors())))


async def input_error(request: Request, exc: InputError) -> JSONResponse:
    # The message is "field: what is allowed", the field named from the request's top.
    field = str(exc).split(":", 1)[0] if ":" in str(exc) else "body"
    return JSONResponse(status_code=422, content={"detail": str(exc), "errors": [
        {"field": field, "message": str(exc)}]})


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    detail = str(exc.detail)
    if exc.status_code == 400 and "parsing the body" in detail:
        detail = "body: not valid JSON text (UTF-8 JSON object expected)"
    field = detail.split(":", 1)[0] if ":" in detail else "request"
    return JSONResponse(status_code=exc.status_code, headers=getattr(exc, "headers", None),
                        content={"detail": detail, "errors": [{"field": field, "message": detail}]})


async def unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A bug, not the client's fault; still JSON, and logged with the traceback.
    log.exception("unexpected error on %s", request.url.path)
    return JSONResponse(status_code=500, content={"detail": "internal error: the request was not processed",
                                                  "errors": []})


def install(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(ValidationError, validation_error)
    app.add_exception_handler(InputError, input_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(Exception, unexpected)
