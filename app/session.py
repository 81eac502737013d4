"""The asynchronous half of auto-training: one WebSocket connection's timing and messages.

Three tasks share one event loop thread, so they never touch the Run at the same time:
- the reader applies client messages (start, pause, resume, set, step, stop);
- the trainer ticks at the frame rate, trains within a compute budget in short slices (each
  slice yields the loop, so other sockets and REST requests keep their latency) and leaves the
  latest frame in the outbox;
- the sender sends what the outbox holds. A slow client makes the sender wait; meanwhile newer
  frames replace the unsent one, so a slow client gets fewer frames and nothing piles up.
"""
from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import deque
from typing import Optional, Union

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketDisconnected

from . import frames
from .governor import governor
from .ratelimit import MessageRate
from .settings import Settings
from .trainer import Trainer
from .turns import training_turn
from .ws_messages import BadMessage, ControlMessage, SetMessage, StartMessage, parse

log = logging.getLogger("backprop_explorer")
MANY = 10**9  # "as many iterations as the budget allows"
FRAME_SHARE = 0.5  # at most this part of train_cpu_share goes to building and encoding frames
FEW_SOCKETS = 4  # up to this many on a worker, a frame may wait while the previous one is sent
LONGEST_PERIOD_S = 2.0  # a frame at least this often, however hard the governor brakes


class Close:
    def __init__(self, code: int, reason: str = ""):
        self.code, self.reason = code, reason


class OutboxFull(Exception):
    pass


class Outbox:
    """Messages in the order they were made; consecutive frames collapse into the newest."""

    def __init__(self, max_items: int = 32):
        self.items: deque[Union[dict, Close]] = deque()
        self.max_items = max_items
        self.ready = asyncio.Event()

    def frame(self, frame: dict) -> None:
        if self.items and isinstance(self.items[-1], dict) and self.items[-1].get("type") == "frame":
            self.items[-1] = frame  # the client has not taken the older one: it is dropped
        else:
            self._append(frame)

    def holds_frame(self) -> bool:
        return any(isinstance(item, dict) and item.get("type") == "frame" for item in self.items)

    def message(self, message: Union[dict, Close]) -> None:
        self._append(message)

    def _append(self, item: Union[dict, Close]) -> None:
        if len(self.items) >= self.max_items:
            raise OutboxFull
        self.items.append(item)
        self.ready.set()

    async def get(self) -> Union[dict, Close]:
        while not self.items:
            self.ready.clear()
            await self.ready.wait()
        return self.items.popleft()


class Session:
    def __init__(self, ws: WebSocket, settings: Settings, active: set):
        self.ws, self.settings, self.active = ws, settings, active
        self.trainer: Optional[Trainer] = None
        self.until_epoch: Optional[int] = None  # a start's until_epoch, until reached
        self.running = False
        self.closing = False
        self.owed = 0.0  # iterations due at a numeric speed, not yet trained
        self.wake = asyncio.Event()
        self.outbox = Outbox()
        self.rate = MessageRate(settings.ws_message_rate, settings.ws_message_burst)
        self.last_message = time.monotonic()
        self.governor = governor(settings)
        self.frame_seconds = 0.0005  # running estimate of one frame's build + encode time
        self.sending = False  # a frame is on its way to the client
        self.due = 0.0  # when the current training tick was due (monotonic seconds)
        self.frame_wanted = False  # a set arrived while paused: its frame is still to be built
        self.frame_build_seconds = 0.0

    # -- lifecycle --------------------------------------------------------------------------
    async def serve(self) -> None:
        tasks = [asyncio.create_task(coro) for coro in (self.read_loop(), self.send_loop(), self.train_loop())]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in done:
            exc = task.exception()
            # A socket closed under the sender (a flood, a send timeout) ends the session quietly.
            if exc is not None and not isinstance(exc, (WebSocketDisconnect, WebSocketDisconnected, OSError)):
                log.error("training socket failed", exc_info=exc)
                await self._close_quietly(1011, "internal error")

    async def _close_quietly(self, code: int, reason: str) -> None:
        try:
            await asyncio.wait_for(self.ws.close(code, reason), 2)
        except Exception:  # the client may be gone already; nothing left to tell it
            pass

    # -- reading ----------------------------------------------------------------------------
    async def read_loop(self) -> None:
        while True:
            message = await self.ws.receive()
            if message["type"] == "websocket.disconnect":
                return
            self.last_message = time.monotonic()
            self.wake.set()
            verdict = self.rate.admit()
            if verdict == "close":
                await self._close_quietly(1008, "message flood")
                return
            try:
                if verdict == "drop":
                    if self.rate.should_warn():
                        self.error(f"rate: at most {self.settings.ws_message_rate:g} messages a second "
                                   f"(bursts of {self.settings.ws_message_burst}); messages beyond that are dropped")
                    continue
                self.receive(message.get("text"))
            except OutboxFull:
                await self._close_quietly(1008, "too many unread replies")
                return

    def receive(self, text: Optional[str]) -> None:
        if text is None:
            self.error("message: send JSON text frames, not binary")
        elif len(text) > self.settings.ws_max_message_bytes:
            self.error(f"message: at most {self.settings.ws_max_message_bytes} bytes")
            self.close(1009, "message too big")
        else:
            try:
                self.handle(parse(text))
            except (BadMessage, ValueError) as exc:
                self.error(str(exc))

    def handle(self, message: Union[StartMessage, SetMessage, ControlMessage]) -> None:
        if self.closing:
            return
        if isinstance(message, StartMessage):
            self.trainer = Trainer(message, self.settings.max_frame_grid_values)
            self.until_epoch = message.until_epoch
            self.outbox.frame(self.trainer.frame())
            self.running, self.owed = not message.paused, 0.0
            if self.running:
                self.trainer.retry()
            return
        if self.trainer is None:
            raise BadMessage(f"{message.type}: send a 'start' message with a state first")
        if isinstance(message, SetMessage):
            self.trainer.apply(message)
            if not self.running:
                # The frame showing the change is built by the paused train loop, once for a
                # burst of sets (a dragged slider, or a flood: a frame each held the loop 5 ms).
                self.frame_wanted = True
        elif message.type == "pause":
            self.running = False
            self.outbox.message({"type": "paused", **self.trainer.final()})
        elif message.type == "resume":
            self.running, self.owed = True, 0.0
            self.until_epoch = None  # resumed by hand after the stop: train on
            self.trainer.retry()
        elif message.type == "step":
            if self.running:
                raise BadMessage("step: pause first; 'step' runs one iteration while paused")
            self.trainer.step()
            self.outbox.frame(self.trainer.frame())
        elif message.type == "stop":
            self.running = False
            self.outbox.message({"type": "stopped", **self.trainer.final()})
            self.close(1000, "stopped")

    def error(self, detail: str) -> None:
        self.outbox.message({"type": "error", "detail": detail})

    def close(self, code: int, reason: str) -> None:
        self.closing = True
        self.outbox.message(Close(code, reason))

    # -- sending ----------------------------------------------------------------------------
    async def send_loop(self) -> None:
        while True:
            item = await self.outbox.get()
            if isinstance(item, Close):
                await self._close_quietly(item.code, item.reason)
                return
            if item.get("type") == "frame":
                async with training_turn():
                    encoded = time.thread_time()  # within the turn: waiting runs other sockets' work
                    data = frames.encode(item, self.trainer.encoding)
                    self.measure_frame(self.frame_build_seconds + time.thread_time() - encoded)
            else:  # control replies are JSON text in either encoding
                data = json.dumps(item, allow_nan=False, separators=(",", ":"))
            self.sending = True
            try:
                send = self.ws.send_bytes(data) if isinstance(data, bytes) else self.ws.send_text(data)
                await asyncio.wait_for(send, self.settings.ws_send_timeout_s)
            except asyncio.TimeoutError:
                # The client stopped reading: its unsent bytes are all it may hold; let it go.
                log.info("closing a training socket whose client does not read")
                await self._close_quietly(1008, "not reading: the client took no frame for "
                                                f"{self.settings.ws_send_timeout_s:g} s")
                return
            finally:
                self.sending = False

    # -- training ---------------------------------------------------------------------------
    def frame_period(self) -> float:
        """1/60 s alone (or 1/frame_rate the client asked for); longer when many sockets share
        the worker (frames cost CPU too): all sockets' frames together may use at most half of
        the worker's training share. Never longer than LONGEST_PERIOD_S: a socket sleeps one
        period, and a brake at its peak must not leave a learner without a frame for a minute
        (the governor brakes the training budget too)."""
        sockets = len(self.active)
        per_worker = sockets / self.settings.max_frames_per_worker
        frame_cpu = sockets * self.frame_seconds / (FRAME_SHARE * self.settings.train_cpu_share)
        rate = min(self.settings.max_frame_rate, self.trainer.frame_rate or self.settings.max_frame_rate)
        return min(LONGEST_PERIOD_S, max(1.0 / rate, per_worker, frame_cpu) * self.governor.current())

    def compute_budget(self, period: float) -> float:
        """Seconds of training this tick: the per-frame budget, or a fair share of the worker
        less what this socket's frame costs, so that frames and training together stay within
        train_cpu_share of a core and REST requests on the worker keep their latency."""
        share = (period * self.settings.train_cpu_share / max(1, len(self.active)) / self.governor.scale
                 - self.frame_seconds)
        # frame_budget_ms is per 1/max_frame_rate s: a client asking for fewer frames gets the
        # same share of the time, not the same milliseconds.
        cap = self.settings.frame_budget_ms / 1000.0 * period * self.settings.max_frame_rate
        return max(0.0, min(cap, share))

    def measure_frame(self, seconds: float) -> None:
        """Running estimate of one frame's cost: building it plus encoding it."""
        self.frame_seconds = 0.8 * self.frame_seconds + 0.2 * seconds

    async def train_loop(self) -> None:
        last = time.monotonic()
        while True:
            if not self.running:
                await self._wait_while_paused()
                # A random phase within the period: sockets started together (a class pressing
                # Play at once) would otherwise tick together, and a REST request arriving then
                # would wait behind all of their slices.
                await asyncio.sleep(random.uniform(0, self.frame_period()))
                last = self.due = time.monotonic()
                continue
            tick = time.monotonic()
            period = self.frame_period()
            wanted = min(self._wanted(tick - last, period), self._left_until_epoch())
            last = tick
            done = await self._train_for(wanted, self.compute_budget(period))
            trainer = self.trainer
            if self.until_epoch is not None and trainer.run.epoch >= self.until_epoch:
                # Reached: stop here and always send this frame (it replaces an unsent one), so
                # the client sees exactly this epoch and asks for the final state.
                self.running, self.until_epoch = False, None
                self.outbox.frame(trainer.frame())
                continue
            trainer.rate = 0.8 * trainer.rate + 0.2 * done / max(period, time.monotonic() - tick)
            # A frame for progress made while running, and for a divergence (also one at once,
            # with nothing done); none after a pause arrived mid-slice: "paused" was the last word.
            # Frames are built only when they can be sent soon: a slow reader costs training
            # nothing and holds one frame at most, or two on a worker with few sockets (one
            # being sent, one waiting: a lone learner's page keeps its frame rate when a send is
            # still draining at the tick; with a class, the extra frames only cost CPU).
            async with training_turn():  # decided within the turn: a pause may arrive while waiting
                can_send = not self.outbox.holds_frame() and (not self.sending or len(self.active) <= FEW_SOCKETS)
                if can_send and ((self.running and (done or trainer.diverged)) or (done and trainer.diverged)):
                    built = time.thread_time()  # CPU time: other processes' load must not count
                    self.outbox.frame(trainer.frame())
                    self.frame_build_seconds = time.thread_time() - built
            if trainer.diverged:
                self.running = False  # auto-pause: the page shows why; set a smaller η and resume
            slept, loop_cpu = time.monotonic(), time.thread_time()  # the loop's thread
            delay = max(0.0, self._next_due(period, slept) - slept)
            await asyncio.sleep(delay)
            woke = time.monotonic()
            busy = (time.thread_time() - loop_cpu) / max(woke - slept, 1e-6)
            self.governor.report_lag(woke - slept - delay, busy)  # how late the loop woke us, and why

    def _next_due(self, period: float, now: float) -> float:
        """When the next tick is due: one period after this one was due, so that the late
        wake-ups of a busy machine do not add up and the client gets the frame rate it asked
        for; a tick more than a period late starts the count again (no burst to catch up)."""
        self.due = self.due + period if now - self.due < 2 * period else now
        return self.due

    def _left_until_epoch(self) -> int:
        """Iterations left before the epoch a start's until_epoch names (MANY without one)."""
        run = self.trainer.run
        if self.until_epoch is None:
            return MANY
        return run.iterations_needed("epoch", self.until_epoch - run.epoch) if run.epoch < self.until_epoch else 0

    def _wanted(self, elapsed: float, period: float) -> int:
        speed = self.trainer.speed
        if speed == "max":
            return MANY
        self.owed = min(self.owed + float(speed) * min(elapsed, 4 * period), float(speed) + 1)
        return int(self.owed)

    async def _train_for(self, wanted: int, budget: float) -> int:
        """Train up to `wanted` iterations in slices of at most settings.slice_ms, each in the
        worker's training turn, yielding the event loop between slices, until the slices have
        taken `budget` seconds (time spent waiting for the turn is other sockets' and not
        counted: with a class of sockets a wall-clock deadline would pass before the turn came)."""
        done, used = 0, 0.0
        slice_seconds = self.settings.slice_ms / 1000.0
        while done < wanted and used < budget and self.running and not self.trainer.diverged:
            async with training_turn():
                if not self.running:  # a pause arrived while this socket waited for its turn
                    break
                started = time.monotonic()
                done += self.trainer.train_slice(wanted - done, min(slice_seconds, budget - used))
                used += time.monotonic() - started
            await asyncio.sleep(0)
        if self.trainer.speed != "max":
            self.owed = max(0.0, self.owed - done)
        return done

    async def _wait_while_paused(self) -> None:
        while not self.running:
            self.wake.clear()
            if self.frame_wanted and not self.closing:
                self.frame_wanted = False
                async with training_turn():
                    self.outbox.frame(self.trainer.frame())
                continue  # messages that came meanwhile may want another
            left = self.last_message + self.settings.idle_timeout_s - time.monotonic()
            if left <= 0 and not self.closing:
                self.error(f"idle: no message for {self.settings.idle_timeout_s:g} s while paused; closing")
                self.close(1000, "idle")
            if self.closing:
                await asyncio.Event().wait()  # the sender closes the socket and ends the session
            try:
                await asyncio.wait_for(self.wake.wait(), max(left, 0.01))
            except asyncio.TimeoutError:
                pass

