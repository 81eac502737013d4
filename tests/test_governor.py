"""The worker's governor brakes auto-training for lag its own loop causes, not for lag that
another process on the machine causes (a browser on the same cores, a neighbour's job)."""
from __future__ import annotations

import pytest

from app.governor import WINDOW_S, Governor


class Clocks:
    """Wall and process-CPU clocks a test advances by hand."""
    def __init__(self):
        self.wall = self.cpu = 0.0

    def advance(self, wall: float, cpu_share: float) -> None:
        self.wall += wall
        self.cpu += wall * cpu_share


def governed(cpu_target: float = 0.85) -> tuple[Governor, Clocks]:
    clocks = Clocks()
    return Governor(cpu_target, 0.010, wall_clock=lambda: clocks.wall, cpu_clock=lambda: clocks.cpu), clocks


def run_windows(governor: Governor, clocks: Clocks, cpu_share: float, lag_s: float, loop_busy: float,
                windows: int = 4) -> list[float]:
    scales = []
    for _ in range(windows):
        clocks.advance(WINDOW_S * 1.01, cpu_share)  # a little over: float sums of 0.1 fall short
        if lag_s:
            governor.report_lag(lag_s, loop_busy)
        scales.append(governor.current())
    return scales


def test_lag_of_an_idle_loop_does_not_brake_training():
    # The page's own browser takes a core: this worker uses 0.6 of one (over half its share) and
    # its ticks wake 50 ms late, but its loop was idle while it waited.
    governor, clocks = governed()
    assert run_windows(governor, clocks, cpu_share=0.6, lag_s=0.050, loop_busy=0.05) == [1.0] * 4


def test_lag_of_a_busy_loop_brakes_training_and_recovers():
    governor, clocks = governed()
    scales = run_windows(governor, clocks, cpu_share=0.6, lag_s=0.050, loop_busy=0.9)
    assert scales == [1.5, 2.25, 3.375, 5.0625]  # ×1.5 per window that saw the lag
    calm = run_windows(governor, clocks, cpu_share=0.3, lag_s=0.0, loop_busy=0.0, windows=3)
    assert calm == pytest.approx([5.0625 / 1.1, 5.0625 / 1.1 ** 2, 5.0625 / 1.1 ** 3])  # decays back towards 1


def test_cpu_over_the_share_brakes_without_any_lag():
    governor, clocks = governed(cpu_target=0.85)
    assert run_windows(governor, clocks, cpu_share=0.95, lag_s=0.0, loop_busy=0.0, windows=2) == [1.5, 2.25]
