"""/embed's URL flags: the one list of flags (EMBED_FLAGS, which the unknown-flag warning
checks; a new flag joins it here), their parsing with precise messages, and the inline network
(state=, config=, or s= — the explorer's own link payload, deflate-raw + base64url, as
static/js/url-state.js writes it for links, embeds and the embed builder)."""
from __future__ import annotations

import base64
import binascii
import difflib
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any, Optional

from pydantic import ValidationError

from engine.practice import parse_ask
from engine.presets import PRESETS, build_preset

from .convert import run_from_model, run_from_request
from .errors import InputError
from .schemas import NetworkRequest, StateDocument

# Every flag /embed understands, with what it sets (the builder and README list the same).
EMBED_FLAGS = {
    "preset": "a preset id", "state": "a state document, base64url JSON",
    "config": "a network config, base64url JSON", "s": "the explorer's link payload (deflate-raw + base64url)",
    "panels": "comma list of panels", "controls": "full, step-only or none", "notation": "001, 002 or 004",
    "autoplay": "1: train while visible", "until": "stop auto-training after this many epochs",
    "readonly": "1: no weight editing", "theme": "light, dark or auto", "id": "the frame's id in messages",
    "speed": "iterations per second",
    # practice mode (checked here: practice_options; the page reads the boot JSON's "practice")
    "mode": "practice or explore", "ask": "practice: kinds or quantities asked",
    "tol": "practice: relative tolerance", "seed": "practice: question choice",
}

PANELS = ("network", "loss", "heatmap", "inspector", "controls")
DEFAULT_PANELS = ("network", "controls")
CONTROL_SETS = ("full", "step-only", "none")
NOTATIONS = ("001", "002", "004")
THEMES = ("light", "dark", "auto")
FRAME_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
# The server reads request lines up to this size (uvicorn/h11's limit is near 64 KiB): a longer
# URL never reaches the route. Documented in the README; larger states go in by bpx:setState.
MAX_INLINE_CHARS = 60_000
MAX_INFLATED_BYTES = 4 * 1024 * 1024  # a deflated payload may not unpack beyond this
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
    until: Optional[int] = None


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


def initial_run(preset: Optional[str], state: Optional[str], config: Optional[str], link: Optional[dict] = None):
    """The frame's starting Run: a link payload's document, inline state, inline config, else the preset."""
    if link is not None:
        return run_from_model(_validated("s.doc", StateDocument, link["doc"]))
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
    inline = any(params.get(k) is not None for k in ("state", "config", "s"))
    return EmbedOptions(
        preset=preset if not inline else None,
        panels=_panels(params.get("panels")),
        controls=_choice("controls", params.get("controls"), CONTROL_SETS, "full"),
        notation=_choice("notation", params.get("notation"), NOTATIONS, None),
        autoplay=_flag("autoplay", params.get("autoplay")),
        readonly=_flag("readonly", params.get("readonly")),
        theme=_choice("theme", params.get("theme"), THEMES, "light"),
        id=frame_id,
        speed=_speed(params.get("speed")),
        until=_until(params.get("until")),
    )


def _until(value: Optional[str]) -> Optional[int]:
    if value is None:
        return None
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 100_000:
        raise InputError(f"until: {value!r} is not a whole number of epochs from 1 to 100000")
    return int(value)


MODES = ("practice", "explore")
MAX_SEED = 2**32 - 1


def practice_options(params, sizes: list[int]) -> dict[str, Any]:
    """mode=, ask= (checked against the network's layer sizes), tol= and seed= → what the
    page's practice panel is configured with; InputError naming the flag and what is allowed."""
    mode = _choice("mode", params.get("mode"), MODES, "explore")
    try:
        ask = parse_ask(params.get("ask"), sizes)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    return {"practice": mode == "practice", "ask": ",".join(ask) if ask else None,
            "tol": _tolerance(params.get("tol")), "seed": _seed(params.get("seed"))}


def _tolerance(value: Optional[str]) -> Optional[float]:
    if value is None:
        return None
    try:
        tol = float(value)
    except ValueError:
        tol = float("nan")
    if not 0 < tol <= 0.5:  # also refuses nan
        raise InputError(f"tol: {value!r} is not allowed; a relative tolerance above 0 and at most 0.5, e.g. 0.01")
    return tol


def _seed(value: Optional[str]) -> int:
    if value is None:
        return 0
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_SEED:
        raise InputError(f"seed: {value!r} is not allowed; a whole number from 0 to {MAX_SEED}")
    return int(value)


def unknown_flags(params) -> list[str]:
    """Warnings for flags /embed does not know (a typo such as control=step-only is ignored)."""
    warnings = []
    for name in params.keys():
        if name in EMBED_FLAGS:
            continue
        close = difflib.get_close_matches(name, EMBED_FLAGS, n=1)
        hint = f" (did you mean {close[0]}=?)" if close else f"; the flags are {', '.join(EMBED_FLAGS)}"
        warnings.append(f"unknown flag {name}= is ignored{hint}")
    return warnings


def decode_link(value: str) -> dict:
    """s=: deflate-raw + base64url of the link payload {v: 1, doc, unit?, preset?, view?,
    selection?, speed?} → the payload with its document checked (InputError naming the field)."""
    if len(value) > MAX_INLINE_CHARS:
        raise InputError(f"s: at most {MAX_INLINE_CHARS} characters")
    try:
        packed = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
        inflater = zlib.decompressobj(-15)
        raw = inflater.decompress(packed, MAX_INFLATED_BYTES)
        if inflater.unconsumed_tail:
            raise InputError(f"s: unpacks to more than {MAX_INFLATED_BYTES} bytes")
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, zlib.error, ValueError, UnicodeDecodeError) as exc:
        if isinstance(exc, InputError):
            raise
        raise InputError("s: not a view link payload (deflate-raw + base64url JSON); was it cut off when copied?")
    if not isinstance(payload, dict) or payload.get("v") != 1 or not isinstance(payload.get("doc"), dict):
        raise InputError("s: a link payload needs v: 1 and doc: a state document")
    return payload



