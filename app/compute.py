"""Where a request's computation runs, and how its answer is sent.

Cheap work (one iteration of a small network) runs right on the event loop: a thread hop costs
more than the work. Anything bigger is admitted as heavy work (Admission) and runs on its own
threads, so the loop keeps serving other requests and training sockets. Answers are dicts built by convert.py from engine numbers (NaN
already replaced by null), so they are sent as JSON directly instead of being validated again
against the response model (that model still documents them in /openapi.json; the schemathesis
test checks that they conform).
"""
from __future__ import annotations

import asyncio
import json
import math
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Annotated, Any, Callable

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from .convert import json_safe
from .settings import Settings


class Busy(HTTPException):
    """A deliberate refusal of heavy work: 503 (this worker is full) or 429 (this client has
    enough running), with Retry-After; errors.py sends it as JSON naming what to do."""

    def __init__(self, status: int, detail: str, retry_after: int):
        super().__init__(status, detail=detail, headers={"Retry-After": str(retry_after)})


class Admission:
    """Admission control for heavy work, per worker process: at most `heavy_cost_per_worker`
    example passes in flight or queued (a grid counts its points, a gradient check its passes)
    and `heavy_requests_per_client` requests per client address. Heavy work runs on its own few
    threads, so cheap endpoints (/healthz, pages, presets, small steps) never wait behind it."""

    def __init__(self, settings: Settings):
        self.capacity = settings.heavy_cost_per_worker
        self.per_client = settings.heavy_requests_per_client
        self.executor = ThreadPoolExecutor(max_workers=settings.heavy_threads, thread_name_prefix="heavy")
        self.cost = 0
        self.clients: Counter[str] = Counter()

    def _retry_after(self) -> int:
        return max(1, math.ceil(self.cost / max(1, self.capacity) * 4))  # about 4 s for a full queue

    def admit(self, client: str, cost: int) -> int:
        cost = min(cost, self.capacity)  # one request of any allowed size fits an idle worker
        if self.clients[client] >= self.per_client:
            raise Busy(429, f"rate: {self.clients[client]} large requests of yours are still running; "
                            "wait for them, or ask for fewer iterations at a time", self._retry_after())
        if self.cost and self.cost + cost > self.capacity:
            raise Busy(503, "busy: this server is computing other large requests; try again shortly, "
                            "or ask for fewer iterations at a time", self._retry_after())
        self.cost += cost
        self.clients[client] += 1
        return cost

    def release(self, client: str, cost: int) -> None:
        self.cost -= cost
        self.clients[client] -= 1
        if self.clients[client] <= 0:
            del self.clients[client]

    async def run(self, client: str, cost: int, work: Callable[[], Any]) -> Any:
        admitted = self.admit(client, cost)
        try:
            return await asyncio.get_running_loop().run_in_executor(self.executor, work)
        finally:
            self.release(client, admitted)


@dataclass
class Compute:
    """Where one request's computation runs: inline if cheap, else admitted as heavy work."""

    settings: Settings
    admission: Admission
    client: str

    async def answer(self, work: Callable[[], dict[str, Any]], example_passes: int) -> JSONResponse:
        """Run `work` inline if it touches at most settings.inline_example_passes examples."""
        if example_passes <= self.settings.inline_example_passes:
            return SafeJSONResponse(work())
        return SafeJSONResponse(await self.admission.run(self.client, example_passes, work))


def compute(request: Request) -> Compute:
    app = request.app
    client = request.client.host if request.client else "unknown"  # the proxy's X-Forwarded-For when trusted
    return Compute(app.state.settings, app.state.admission, client)


ComputeDep = Annotated[Compute, Depends(compute)]


class SafeJSONResponse(JSONResponse):
    """JSON in which NaN/±inf are null wherever they are (a diverging run's numbers): every
    answer of the app goes through this class (main.py makes it the default)."""

    def render(self, content: Any) -> bytes:
        try:
            return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        except ValueError:  # rare: walk the answer only when it holds a non-finite number
            return json.dumps(json_safe(content), ensure_ascii=False, allow_nan=False,
                              separators=(",", ":")).encode("utf-8")
