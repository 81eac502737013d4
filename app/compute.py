"""Where a request's computation runs, and how its answer is sent.

Cheap work (one iteration of a small network) runs right on the event loop: a thread hop costs
more than the work. Anything bigger runs in the thread pool so the loop keeps serving other
requests and training sockets. Answers are dicts built by convert.py from engine numbers (NaN
already replaced by null), so they are sent as JSON directly instead of being validated again
against the response model (that model still documents them in /openapi.json; the schemathesis
test checks that they conform).
"""
from __future__ import annotations

import json
from typing import Any, Callable

from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from .convert import json_safe
from .settings import Settings


async def answer(work: Callable[[], dict[str, Any]], example_passes: int, settings: Settings) -> JSONResponse:
    """Run `work` inline if it touches at most settings.inline_example_passes examples."""
    if example_passes <= settings.inline_example_passes:
        result = work()
    else:
        result = await run_in_threadpool(work)
    return SafeJSONResponse(result)


class SafeJSONResponse(JSONResponse):
    """JSON in which NaN/±inf are null wherever they are (a diverging run's numbers): every
    answer of the app goes through this class (main.py makes it the default)."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except ValueError:  # rare: walk the answer only when it holds a non-finite number
            return json.dumps(json_safe(content), ensure_ascii=False, allow_nan=False,
                              separators=(",", ":")).encode("utf-8")
