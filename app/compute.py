"""Where a request's computation runs, and how its answer is sent.

Cheap work (one iteration of a small network) runs right on the event loop: a thread hop costs
more than the work. Anything bigger runs in the thread pool so the loop keeps serving other
requests and training sockets. Answers are dicts built by convert.py from engine numbers (NaN
already replaced by null), so they are sent as JSON directly instead of being validated again
against the response model (that model still documents them in /openapi.json; the schemathesis
test checks that they conform).
"""
from __future__ import annotations

from typing import Any, Callable

from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from .settings import Settings


async def answer(work: Callable[[], dict[str, Any]], example_passes: int, settings: Settings) -> JSONResponse:
    """Run `work` inline if it touches at most settings.inline_example_passes examples."""
    if example_passes <= settings.inline_example_passes:
        result = work()
    else:
        result = await run_in_threadpool(work)
    return JSONResponse(result)
