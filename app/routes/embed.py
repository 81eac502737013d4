"""GET /embed (the explorer without site chrome, for iframes) and GET /examples/course.

/embed resolves its URL flags on the server, so the frame draws its network from the first
response without a round trip, and a bad flag gets a JSON 422 naming it. The initial state
document is written into the page; from there the frame talks to the JSON API like the main
page does. The server keeps nothing per frame.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import asdict, dataclass
from typing import Any, Optional

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from engine.presets import PRESETS, build_preset

from ..convert import json_safe, network_answer, run_from_model, run_from_request
from ..errors import InputError
from ..responses import NetworkResponse
from ..schemas import NetworkRequest, StateDocument, StateRequest, Strict
from ..settings import AppSettings
from ..templates import render

router = APIRouter(include_in_schema=False)

PANELS = ("network", "loss", "heatmap", "inspector", "controls")
DEFAULT_PANELS = ("network", "controls")
CONTROL_SETS = ("full", "step-only", "none")
NOTATIONS = ("001", "002", "004")
THEMES = ("light", "dark")
FRAME_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
MAX_INLINE_CHARS = 200_000  # base64url of a state document for the largest network is ~60 kB
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


@dataclass(frozen=True)
class EmbedOptions:
    """What the URL flags choose; handed to the page as JSON (static/js/embed-flags.js)."""

    preset: Optional[str]
    panels: tuple[str, ...]
    controls: str
    notation: Optional[str]
    autoplay: bool
    readonly: bool
    theme: str
    id: str
    speed: float


def _choice(field: str, value: Optional[str], allowed: tuple[str, ...], default: Optional[str]) -> Optional[str]:
    if value is None:
        return default
    if value not in allowed:
        raise InputError(f"{field}: {value!r} is not allowed; choose one of {list(allowed)}")
    return value


def _flag(field: str, value: Optional[str]) -> bool:
    if value is None or value.lower() in FALSE:
        return False
    if value.lower() in TRUE:
        return True
    raise InputError(f"{field}: {value!r} is not a flag; use 1 or 0")


def _panels(value: Optional[str]) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_PANELS
    names = tuple(dict.fromkeys(p.strip() for p in value.split(",") if p.strip()))
    unknown = [p for p in names if p not in PANELS]
    if unknown or not names:
        raise InputError(f"panels: {unknown or value!r} not allowed; a comma list of {list(PANELS)}")
    return names


def _speed(value: Optional[str]) -> float:
    try:
        speed = float(value) if value is not None else 20.0
    except ValueError:
        raise InputError(f"speed: {value!r} is not a number; iterations per second, 1 to 1000")
    if not 1 <= speed <= 1000:
        raise InputError("speed: iterations per second must be between 1 and 1000")
    return speed


def decode_json(field: str, value: str) -> Any:
    """base64url (padding optional) of UTF-8 JSON → object; ValueError naming `field`."""
    if len(value) > MAX_INLINE_CHARS:
        raise InputError(f"{field}: at most {MAX_INLINE_CHARS} characters of base64url JSON")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        return json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InputError(f"{field}: must be base64url-encoded JSON")


def _validated(field: str, model, data: Any):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise InputError(f"{field}{'.' + where if where else ''}: {first.get('msg', 'invalid')}")


def _run_from_config(data: Any):
    """config= holds {"config": …, "dataset"?: …} (as POST /api/networks) or a bare config;
    parameters are initialised from config.init and config.seed."""
    if not isinstance(data, dict):
        raise InputError("config: must be a JSON object")
    body = data if "config" in data else {"config": data}
    if isinstance(body["config"], dict) and body["config"].get("init") == "explicit":
        raise InputError("config.init: 'explicit' needs parameters; send state= instead")
    return run_from_request(_validated("config", NetworkRequest, body))


def initial_run(preset: Optional[str], state: Optional[str], config: Optional[str]):
    """The frame's starting Run: inline state, else inline config, else the preset."""
    if state is not None:
        return run_from_model(_validated("state", StateDocument, decode_json("state", state)))
    if config is not None:
        return _run_from_config(decode_json("config", config))
    return build_preset(preset or "mazur")


def parse_options(params) -> EmbedOptions:
    preset = params.get("preset")
    if preset is not None and preset not in PRESETS:
        raise InputError(f"preset: unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
    frame_id = params.get("id") or "bpx"
    if not FRAME_ID.match(frame_id):
        raise InputError("id: 1 to 40 letters, digits, '-' or '_'")
    return EmbedOptions(
        preset=preset if params.get("state") is None and params.get("config") is None else None,
        panels=_panels(params.get("panels")),
        controls=_choice("controls", params.get("controls"), CONTROL_SETS, "full"),
        notation=_choice("notation", params.get("notation"), NOTATIONS, None),
        autoplay=_flag("autoplay", params.get("autoplay")),
        readonly=_flag("readonly", params.get("readonly")),
        theme=_choice("theme", params.get("theme"), THEMES, "light"),
        id=frame_id,
        speed=_speed(params.get("speed")),
    )


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request, settings: AppSettings) -> HTMLResponse:
    params = request.query_params
    options = parse_options(params)
    run = initial_run(options.preset, params.get("state"), params.get("config"))
    boot = {
        "options": {**asdict(options), "panels": list(options.panels)},
        "allowedOrigins": list(settings.embed_allowed_origins),
        "network": json_safe(jsonable_encoder(network_answer(run))),  # never Infinity in the page
    }
    # Framing: app/middleware.py SecurityHeaders gives /embed* the `embed_frame_ancestors` setting.
    return render(request, "embed.html", {"options": options, "boot": boot})


@router.get("/examples/course", response_class=HTMLResponse)
def course_example(request: Request) -> HTMLResponse:
    """A mock course page: two embedded explorers and a parent button that drives one."""
    return render(request, "examples/course.html")


@router.post("/embed/state", response_model=NetworkResponse, include_in_schema=True, tags=["embed"],
             summary="Check a state document (for an embed's setState) and return it with its metrics")
def check_state(body: StateRequest) -> dict:
    return network_answer(run_from_model(body.state))  # as POST /api/networks/check
