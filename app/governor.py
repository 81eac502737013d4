"""One worker's brake on auto-training, so REST requests on the same worker stay fast.

Per-socket budgets cannot see everything a frame costs (encoding, compression, the socket
write, REST requests served meanwhile), nor other processes competing for the core. The
governor watches two signals per worker process, every 0.1 s:
- CPU used by the whole process (time.process_time), against settings.train_cpu_share plus
  LOOP_HEADROOM (capped at one core): the share is what training slices and frames may use,
  and the event loop's own work (sending frames, reading messages, serving requests) comes on
  top. Holding the whole process to the share alone made the two fight: the budget filled
  the share, the loop's work pushed the process over it, the governor braked, and a lone
  learner's run sawed between full speed and two-thirds of it;
- event-loop lag: how late the training ticks wake up, against settings.loop_lag_ms, counted
  only when the loop thread was itself busy for most of the wait (its own callbacks made the
  tick late, which training less relieves).
When the CPU is over, or the lag is over while this process uses at least half its share,
`scale` grows ×1.5 (every socket's frame period grows and its training budget shrinks by that
factor); when both are well under, it decays back towards 1. Lag alone, while this process
uses little CPU, comes from other processes (a browser on the same machine, a neighbour's
job): braking training would not give that time back, only slow the learner's run. The same
holds for a late wake-up of an idle loop: the operating system ran someone else meanwhile.
"""
from __future__ import annotations

import time

WINDOW_S = 0.1
MAX_SCALE = 50.0
LOOP_HEADROOM = 0.1  # the event loop's own CPU beyond training and frames, as a share of a core
BUSY_LOOP = 0.5  # the loop thread's CPU over the wait, as a share of it, that makes lag "ours"


class Governor:
    def __init__(self, cpu_target: float, max_lag_s: float, wall_clock=time.monotonic, cpu_clock=time.process_time):
        self.cpu_target, self.max_lag_s = cpu_target, max_lag_s
        self.scale = 1.0
        self._clocks = wall_clock, cpu_clock  # injectable, so tests need not burn CPU
        self._wall, self._cpu = wall_clock(), cpu_clock()
        self._lag = 0.0

    def report_lag(self, seconds: float, loop_busy: float = 1.0) -> None:
        """A tick woke `seconds` late; `loop_busy`: the loop thread's CPU time over the wait
        divided by the wait. Lateness of an idle loop is another process's doing: not counted."""
        if loop_busy >= BUSY_LOOP:
            self._lag = max(self._lag, seconds)

    def current(self) -> float:
        """The scale now (re-evaluated at most every WINDOW_S)."""
        wall_clock, cpu_clock = self._clocks
        now = wall_clock()
        if now - self._wall >= WINDOW_S:
            cpu = cpu_clock()
            used = (cpu - self._cpu) / (now - self._wall)
            ours = used > 0.5 * self.cpu_target  # lag we could relieve by training less
            if used > self.cpu_target or (self._lag > self.max_lag_s and ours):
                self.scale = min(MAX_SCALE, self.scale * 1.5)
            elif used < 0.8 * self.cpu_target and self._lag < 0.5 * self.max_lag_s:
                self.scale = max(1.0, self.scale / 1.1)
            self._wall, self._cpu, self._lag = now, cpu, 0.0
        return self.scale


_governor: Governor | None = None


def governor(settings) -> Governor:
    """The worker process's governor (one per process: workers do not share CPU accounting)."""
    global _governor
    if _governor is None:
        _governor = Governor(min(1.0, settings.train_cpu_share + LOOP_HEADROOM), settings.loop_lag_ms / 1000.0)
    return _governor
