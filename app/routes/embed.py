"""GET /embed (the explorer without site chrome, for iframes), POST /embed (the same flags as a
form, for states too long for a URL), GET /examples/…, and POST /embed/state.

/embed resolves its URL flags on the server (app/embed_options.py), so the frame draws its
network from the first response without a round trip. A bad flag gets a 422 naming it: a
readable page inside the frame (which also posts bpx:error to the parent) when a browser asks
for HTML, JSON otherwise. The server keeps nothing per frame.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Any, Mapping, Optional
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.datastructures import ImmutableMultiDict

from ..convert import json_safe, network_answer, run_from_model
from ..embed_options import EMBED_FLAGS, FRAME_ID, decode_link, initial_run, parse_options, practice_options, unknown_flags
from ..errors import InputError
from ..gallery import LESSONS
from engine.presets import PRESETS
from ..grids import grids
from .points import _labelled
from ..responses import NetworkResponse
from ..schemas import StateRequest
from ..settings import AppSettings
from ..templates import render

router = APIRouter(include_in_schema=False)

LINK_FIELDS = ("unit", "view", "selection")  # what of an s= payload the page itself applies
GRID_SIZE, HIDDEN_GRID_SIZE = 40, 16  # as the explorer's charts panel asks (charts-view.js)


def _starting_data(run) -> dict[str, Any]:
    """The dataset's points and the heatmaps at load, in the page itself: the heatmap is drawn
    before any step, the height the frame reports is final at once, and a page of many embeds
    makes no burst of requests (the API limits heavy requests per client)."""
    data = run.data
    points = {"train": _labelled(data.raw_train, data.t_train), "test": _labelled(data.raw_test, data.t_test),
              "domain": [list(d) for d in data.domain]}
    if len(data.domain) not in (1, 2):
        return {"points": points, "grid": None, "hidden_grids": None}
    hidden = HIDDEN_GRID_SIZE if len(run.cfg.layers) > 1 else 0
    return {"points": points, **grids(run, GRID_SIZE, hidden)}


def _boot(params: Mapping[str, str], settings) -> dict[str, Any]:
    options = parse_options(params)
    link = decode_link(params["s"]) if params.get("s") is not None else None
    run = initial_run(options.preset, params.get("state"), params.get("config"), link)
    return {
        # until is left out when unset (the options' JSON keeps its shape for older pages).
        "options": {**{k: v for k, v in asdict(options).items() if not (k == "until" and v is None)},
                    "panels": list(options.panels)},
        "allowedOrigins": list(settings.embed_allowed_origins),
        "network": json_safe(jsonable_encoder(network_answer(run))),  # never Infinity in the page
        "link": {k: link.get(k) for k in LINK_FIELDS} if link else None,
        "practice": practice_options(params, run.cfg.sizes),
        "warnings": unknown_flags(params),
        "starting": json_safe(jsonable_encoder(_starting_data(run))),
    }


def _wants_html(request: Request) -> bool:
    return "text/html" in request.headers.get("accept", "")


def _answer(request: Request, params: Mapping[str, str], settings) -> HTMLResponse:
    try:
        boot = _boot(params, settings)
    except InputError as exc:
        if not _wants_html(request):
            raise  # API clients get the JSON 422 (app/errors.py)
        frame_id = params.get("id") if FRAME_ID.match(params.get("id") or "") else "bpx"
        error = {"detail": str(exc), "id": frame_id, "flags": list(EMBED_FLAGS)}
        return render(request, "embed-error.html", {"error": error, "theme": params.get("theme")}, status_code=422)
    # Framing: app/middleware.py SecurityHeaders gives /embed* the `embed_frame_ancestors` setting.
    return render(request, "embed.html", {"options": boot["options"], "boot": boot})


@router.get("/embed", response_class=HTMLResponse)
def embed(request: Request, settings: AppSettings) -> HTMLResponse:
    return _answer(request, request.query_params, settings)


@router.post("/embed", response_class=HTMLResponse)
async def embed_form(request: Request, settings: AppSettings) -> HTMLResponse:
    """The same flags as an application/x-www-form-urlencoded form: a parent page can POST a
    state too long for a URL into a named frame (<form method=post target=…>)."""
    body = (await request.body()).decode("utf-8", "replace")
    return _answer(request, ImmutableMultiDict(parse_qsl(body, keep_blank_values=True)), settings)


@router.get("/examples/", response_class=HTMLResponse)
def gallery(request: Request) -> HTMLResponse:
    """Ready lesson embeds, each with its snippet and a copy button (app/gallery.py)."""
    return render(request, "examples/gallery.html", {"lessons": LESSONS})


@router.get("/embed/builder", response_class=HTMLResponse)
def builder(request: Request) -> HTMLResponse:
    """The embed builder: choose panels, controls, notation, theme, … with a live preview and
    the snippet (static/js/embed-builder.js). Opened from the explorer with its view in #s=."""
    return render(request, "embed-builder.html", {"flags": EMBED_FLAGS, "presets": list(PRESETS)})


@router.get("/examples/course", response_class=HTMLResponse)
def course_example(request: Request) -> HTMLResponse:
    """A mock course page: two embedded explorers and a parent button that drives one."""
    return render(request, "examples/course.html")


@router.post("/embed/state", response_model=NetworkResponse, include_in_schema=True, tags=["embed"],
             summary="Check a state document (for an embed's setState) and return it with its metrics")
def check_state(body: StateRequest) -> dict:
    return network_answer(run_from_model(body.state))  # as POST /api/networks/check
