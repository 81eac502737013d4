"""Journey: the worked-example student inspects at every moment — after stepping, while
training (live numbers), after Pause, after scrubbing history and after Back."""
from __future__ import annotations

import re

import pytest

from tests.browser_helpers import click_edge, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

NUMBER = re.compile(r"−?\d+\.\d+(?:e[+−-]?\d+)?")


def numbers(s: str) -> list[float]:
    return [float(x.replace("−", "-")) for x in NUMBER.findall(s)]


def assert_delta_line_multiplies_out(inspector: str):
    """A hidden unit's last δ line reads `= s × g'(z) = δ`: the product must equal the δ shown."""
    values = numbers(inspector)
    s, slope, delta = values[-3], values[-2], values[-1]
    assert delta == pytest.approx(s * slope, rel=1e-6, abs=1e-12), inspector


def iteration(page) -> int:
    return int(text(page, "#iteration"))


def test_the_inspector_works_after_play_while_training_after_scrub_and_back(page):
    open_explorer(page)  # the worked example, η = 0.5
    press(page, "ArrowRight", 5)  # forward 1, 2, loss, backward 2, backward 1
    page.click("[data-node='1-0']")
    wait_idle(page)
    assert "0.036350306" in text(page, "#inspector")  # Σ δ_o w_ho for h1, from seed 004
    assert_delta_line_multiplies_out(text(page, "#inspector"))

    page.click("#btn-play")  # Play with h1 selected: the inspector follows the live numbers
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 12")
    live = text(page, "#inspector")
    assert "Live" in live and "δ" in live, live
    screenshot(page, "journey-inspect-live")
    page.click("#btn-play")  # Pause
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)
    paused_at = iteration(page)
    assert paused_at >= 12
    inspector = text(page, "#inspector")
    assert f"iteration {paused_at}" in inspector, inspector  # numbers of the state on screen
    assert_delta_line_multiplies_out(inspector)

    page.click("[data-node='1-1']")  # a different hidden unit, clicked after Pause
    wait_idle(page)
    assert_delta_line_multiplies_out(text(page, "#inspector"))
    click_edge(page, "2-0-0")  # w5: the focus example's ∂E/∂w5 = δ_o1 · out_h1
    w5 = text(page, "#inspector")
    assert "w5" in w5.replace(" ", "") and "Live" in w5
    screenshot(page, "journey-inspect-after-pause")

    page.fill("#scrubber", "3")  # scrub back into the stepped phases of iteration 1
    page.dispatch_event("#scrubber", "input")
    wait_idle(page)
    assert iteration(page) == 0
    inspector = text(page, "#inspector")
    assert "0.082167041" in inspector or "backward" in inspector, inspector

    page.fill("#scrubber", str(int(page.get_attribute("#scrubber", "max"))))
    page.dispatch_event("#scrubber", "input")
    wait_idle(page)
    press(page, "ArrowLeft")  # Back one state from the paused one
    assert iteration(page) <= paused_at
    page.click("[data-node='1-0']")
    wait_idle(page)
    assert_delta_line_multiplies_out(text(page, "#inspector"))
    press(page, "ArrowRight", 4)  # stepping on from there: forward 1, 2, loss, backward 2
    click_edge(page, "2-0-0")
    w5 = text(page, "#inspector")
    assert "Live" not in w5 and "∂" in w5 and len(numbers(w5)) >= 4, w5  # the full chain rule again
    screenshot(page, "journey-inspect-stepped-after-back")
