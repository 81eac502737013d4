"""The worker's one turn for the CPU work of auto-training, and requests first.

Every piece of auto-training's CPU work (a training slice, building or encoding a frame) runs
inside the worker's turn. Sockets take it one at a time (the lock wakes waiters first come,
first served), so at most one training callback is ready on the event loop at any moment: a
request's callbacks wait behind one slice, not behind a slice of every socket of a class
(150 sockets × 0.5 ms = 75 ms).

Requests go first: while an HTTP request is being served on this worker, the turn is not given
to training, for at most REQUESTS_FIRST_S at a time (a stream of requests, or one waiting for
the heavy-work process, must not stop every learner's run). The RequestsFirst middleware counts
the requests in flight.
"""
from __future__ import annotations

import asyncio
import weakref
from contextlib import asynccontextmanager
from typing import AsyncIterator

from starlette.types import ASGIApp, Receive, Scope, Send

REQUESTS_FIRST_S = 0.02  # longest a training turn waits for the requests in flight


class Turn:
    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.requests = 0
        self.no_requests = asyncio.Event()
        self.no_requests.set()

    def request_started(self) -> None:
        self.requests += 1
        self.no_requests.clear()

    def request_finished(self) -> None:
        self.requests -= 1
        if self.requests <= 0:
            self.requests = 0
            self.no_requests.set()

    async def _requests_served(self) -> None:
        if self.requests:
            try:
                await asyncio.wait_for(self.no_requests.wait(), REQUESTS_FIRST_S)
            except asyncio.TimeoutError:
                pass  # training goes on between the requests of a long stream

    @asynccontextmanager
    async def taken(self) -> AsyncIterator[None]:
        await self._requests_served()
        async with self.lock:
            yield


_turns: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Turn]" = weakref.WeakKeyDictionary()


def worker_turn() -> Turn:
    """This event loop's (this worker's) turn."""
    loop = asyncio.get_running_loop()
    turn = _turns.get(loop)
    if turn is None:
        turn = _turns[loop] = Turn()
    return turn


def training_turn():
    """`async with training_turn():` runs a piece of training's CPU work in the worker's turn."""
    return worker_turn().taken()


class RequestsFirst:
    """Pure ASGI middleware: counts this worker's HTTP requests in flight (WebSockets pass)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        turn = worker_turn()
        turn.request_started()
        try:
            await self.app(scope, receive, send)
        finally:
            turn.request_finished()
