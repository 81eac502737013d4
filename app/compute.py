"""Where a request's computation runs, and how its answer is sent.

Cheap work (one iteration of a small network) runs right on the event loop: a process hop costs
more than the work. Anything bigger is admitted as heavy work (Admission) and runs as a job in a
process of its own (heavy.py), so neither its computation nor the encoding of its answer holds
this worker's event loop or GIL: /healthz, pages, presets, small steps and training sockets keep
their latency. Answers are dicts built by convert.py from engine numbers, sent as JSON directly
instead of being validated again against the response model (that model still documents them in
/openapi.json; the schemathesis test checks that they conform).
"""
from __future__ import annotations

import asyncio
import math
from collections import Counter
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from engine.run import Run

from .heavy import HeavyPool, answer_here, run_job
from .budget import work_units
from .convert import state_to_dict
from .jsonbytes import encode_json
from .settings import Settings


class Busy(HTTPException):
    """A deliberate refusal of heavy work: 503 (this worker is full) or 429 (this client has
    enough running), with Retry-After; errors.py sends it as JSON naming what to do."""

    def __init__(self, status: int, detail: str, retry_after: int):
        super().__init__(status, detail=detail, headers={"Retry-After": str(retry_after)})


BUSY = "busy: this server is computing other large requests; try again shortly, or ask for fewer iterations at a time"


class Admission:
    """Admission control for heavy work, per worker process: at most `heavy_work_per_worker`
    multiply-adds in flight or queued (budget.work_units: about 10 s of one core by default;
    a grid counts its points, a gradient check its passes, each times the parameters) and `heavy_requests_per_client` requests per client address. Heavy work runs in
    `heavy_processes` processes of its own, so cheap endpoints never wait behind it."""

    def __init__(self, settings: Settings):
        self.capacity = settings.heavy_work_per_worker
        self.per_client = settings.heavy_requests_per_client
        self.waiting_per_client = settings.heavy_waiting_per_client
        self.client_wait_s = settings.heavy_client_wait_s
        self.pool = HeavyPool(settings.heavy_processes)
        self.cost = 0
        self.clients: Counter[str] = Counter()
        self.waiting: Counter[str] = Counter()
        self.released = asyncio.Event()  # set (and replaced) whenever a request finishes

    def refuse_client(self, client: str) -> Busy:
        return Busy(429, f"rate: {self.clients[client]} large requests of yours are still running; "
                         "wait for them, or ask for fewer iterations at a time", self.retry_after())

    async def client_slot(self, client: str) -> None:
        """Returns when `client` has fewer than `per_client` heavy requests running. A request
        beyond that waits (at most `waiting_per_client` of one client, each at most
        `client_wait_s`) for one of them to finish; beyond either it gets the 429."""
        if self.clients[client] < self.per_client:
            return
        if self.waiting[client] >= self.waiting_per_client:
            raise self.refuse_client(client)
        self.waiting[client] += 1
        deadline = asyncio.get_running_loop().time() + self.client_wait_s
        try:
            while self.clients[client] >= self.per_client:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise self.refuse_client(client)
                try:
                    await asyncio.wait_for(self.released.wait(), remaining)
                except asyncio.TimeoutError:
                    pass
        finally:
            self.waiting[client] -= 1
            if self.waiting[client] <= 0:
                del self.waiting[client]

    def retry_after(self) -> int:
        return max(1, math.ceil(self.cost / max(1, self.capacity) * 10))  # a full queue is about 10 s of work

    def admit(self, client: str, cost: int) -> int:
        cost = min(cost, self.capacity)  # one request of any allowed size fits an idle worker
        if self.clients[client] >= self.per_client:
            raise self.refuse_client(client)
        if self.cost and self.cost + cost > self.capacity:
            raise Busy(503, BUSY, self.retry_after())
        self.cost += cost
        self.clients[client] += 1
        return cost

    def full(self) -> bool:
        """No more heavy work fits this worker now (one request at the cap fills it)."""
        return self.cost >= self.capacity

    def release(self, client: str, cost: int) -> None:
        self.cost -= cost
        self.clients[client] -= 1
        if self.clients[client] <= 0:
            del self.clients[client]
        self.released.set()  # wakes every waiting request; each checks its own client's count
        self.released = asyncio.Event()

    async def run(self, client: str, cost: int, job: str, document: dict[str, Any], args: tuple) -> bytes:
        await self.client_slot(client)
        admitted = self.admit(client, cost)
        try:
            return await asyncio.get_running_loop().run_in_executor(self.pool.get(), run_job, job, document, args)
        except BrokenProcessPool:
            # The heavy process died (killed, out of memory): a new one starts with the next job.
            self.pool.close()
            raise Busy(503, "busy: the server restarted its heavy-work process; try again", 1) from None
        finally:
            self.release(client, admitted)


@dataclass
class Compute:
    """Where one request's computation runs: inline if cheap, else admitted as heavy work."""

    settings: Settings
    admission: Admission
    client: str

    async def answer(self, job: str, run: Run, *args: Any, example_passes: int, iterations: int = 1) -> Response:
        """The answer of heavy.py's `job` on `run`: inline if it touches at most
        settings.inline_example_passes examples, else admitted by its cost (budget.work_units)
        and run in the heavy process."""
        if example_passes <= self.settings.inline_example_passes:
            return SafeJSONResponse(answer_here(job, run, args))
        document = state_to_dict(run)
        cost = work_units(run, iterations, example_passes)
        body = await self.admission.run(self.client, cost, job, document, args)
        return Response(body, media_type="application/json")


def compute(request: Request) -> Compute:
    app = request.app
    client = request.client.host if request.client else "unknown"  # the proxy's X-Forwarded-For when trusted
    return Compute(app.state.settings, app.state.admission, client)


ComputeDep = Annotated[Compute, Depends(compute)]


class SafeJSONResponse(JSONResponse):
    """JSON in which NaN/±inf are null wherever they are (a diverging run's numbers): every
    answer of the app goes through this class (main.py makes it the default)."""

    def render(self, content: Any) -> bytes:
        return encode_json(content)


EARLY_BUSY_BYTES = 32 * 1024  # a body this large (~1,300 drawn points) takes milliseconds to parse and validate


class EarlyBusy:
    """Pure ASGI middleware: while this worker's heavy work is full, a POST whose declared body is
    at least EARLY_BUSY_BYTES gets the 503 at once, unread. Parsing and validating a large state
    document holds the event loop for milliseconds; under a stream of large requests that would
    be refused anyway, that parsing was what made /healthz and small steps wait. Small bodies
    (a student's step) are parsed as always and run inline."""

    def __init__(self, app, admission: Admission):
        self.app, self.admission = app, admission

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and self.admission.full():
            declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
            if declared.isdigit() and int(declared) >= EARLY_BUSY_BYTES:
                response = JSONResponse(status_code=503, headers={"Retry-After": str(self.admission.retry_after()),
                                                                  "Connection": "close"},
                                        content={"detail": BUSY, "errors": [{"field": "busy", "message": BUSY}]})
                return await response(scope, receive, send)
        await self.app(scope, receive, send)
