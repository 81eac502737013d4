"""The OpenAPI document: FastAPI's, with the error shape this API really answers."""
from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from .responses import ErrorResponse

ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
ERRORS = {"400": "the body is not valid JSON", "413": "request body over the size limit", "422": "a field is out of range or inconsistent; "
          "`detail` names it and the allowed range"}


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def build(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    error_schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(error_schema.pop("$defs", {}))
    schemas["ErrorResponse"] = error_schema
    for path in schema.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            codes = ["422"] + (["400", "413"] if "requestBody" in operation else [])
            if "404" in responses:
                codes.append("404")
            for code in codes:
                description = responses.get(code, {}).get("description") or ERRORS.get(code, "not found")
                responses[code] = {"description": description,
                                   "content": {"application/json": {"schema": ERROR_REF}}}
    return schema
