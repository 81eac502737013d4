"""A token bucket per training socket: the one limit on how fast a client may send messages."""
from __future__ import annotations

import time


class MessageRate:
    """`rate` messages a second on average, bursts of `burst`. `admit()` says what to do with
    the next message: "ok", "drop" (and tell the client, at most once a second) or "close" (a
    flood: more than ten bursts' worth dropped within one second; the trickle of messages the
    bucket still admits during a flood does not reset that count)."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.updated = float(burst), clock()
        self.dropped, self.window = 0, clock()
        self.warned_at = float("-inf")

    def admit(self) -> str:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if now - self.window >= 1.0:
            self.dropped, self.window = 0, now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return "ok"
        self.dropped += 1
        if self.dropped > 10 * self.burst:
            return "close"
        return "drop"

    def should_warn(self) -> bool:
        """True at most once a second while messages are being dropped."""
        now = self.clock()
        if now - self.warned_at >= 1.0:
            self.warned_at = now
            return True
        return False
