"""Persona journeys, each in one page (the self-learner's is in test_journey_links.py):
(a) the worked-example student, (b) the 2-D student."""
from __future__ import annotations

import pytest

from tests.browser_helpers import click_edge, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot
from tests.test_journey_inspect import assert_delta_line_multiplies_out

pytestmark = pytest.mark.browser

# After each phase of iteration 1: is ∂E/∂w5 (0.082167041) / ∂E/∂w1 (0.000438568) derived yet?
PHASES = [("forward-1", False, False), ("forward-2", False, False), ("loss-2", False, False),
          ("backward-2", True, False), ("backward-1", True, True), ("update-", True, True)]


def iteration(page) -> int:
    return int(text(page, "#iteration"))


def pause(page):
    page.click("#btn-play")
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)


def test_the_worked_example_student(page):
    open_explorer(page)
    for phase, w5_known, w1_known in PHASES:
        press(page, "ArrowRight")
        assert page.get_attribute("[data-panel=phase]", "data-phase") == phase
        click_edge(page, "2-0-0")
        assert ("0.082167041" in text(page, "#inspector")) == w5_known, phase
        click_edge(page, "1-0-0")
        assert ("0.000438568" in text(page, "#inspector")) == w1_known, phase
    assert "w5⁺" in text(page, "#phase-equations").replace(" ", "") or "0.35891648" in text(page, "#phase-equations")
    page.select_option("#notation", "nielsen")  # the same numbers in seed 001's names
    wait_idle(page)
    assert "0.000438568" in text(page, "#inspector") and "δ" in text(page, "#inspector")
    page.select_option("#notation", "mazur")
    page.fill("#scrubber", "3")  # back to "loss" of iteration 1
    page.dispatch_event("#scrubber", "input")
    wait_idle(page)
    assert page.get_attribute("[data-panel=phase]", "data-phase") == "loss-2"
    assert "0.298371109" in text(page, "#phase-equations")
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 3")
    pause(page)
    page.click("[data-node='1-0']")  # inspect again after Play and Pause
    wait_idle(page)
    assert_delta_line_multiplies_out(text(page, "#inspector"))
    screenshot(page, "persona-a-after-pause")


def test_the_2d_student(page):
    open_explorer(page, "spiral")
    assert text(page, "#speed-label") == "full speed"  # the preset's default: learning shows at once
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 3000", timeout=60)
    page.fill("#cfg-learning_rate", "0.05")  # an edit while training: training goes on
    page.press("#cfg-learning_rate", "Tab")
    wait_until(page, "() => document.querySelector('#notice').textContent.includes('kept')")
    at_edit = iteration(page)
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 10000", timeout=90)
    pause(page)
    assert iteration(page) > at_edit and page.input_value("#cfg-learning_rate") == "0.05"
    while iteration(page) > 10000:  # the state at iteration 10,000 (or just before)
        press(page, "ArrowLeft")
    assert float(text(page, "#loss")) < 0.05, text(page, "#loss")
    screenshot(page, "persona-b-spiral-trained")

    plot = page.locator("#data-plot")
    box = plot.bounding_box()
    plot.click(position={"x": box["width"] * 0.2, "y": box["height"] * 0.3})  # add a point
    wait_idle(page)
    assert page.input_value("#data-name") == "custom" and page.input_value("#data-n") == "501"
    assert "point" in text(page, "#notice")

    page.select_option(".layer-row[data-layer='0'] .activation", "relu")  # a new activation resets
    wait_idle(page)
    assert "reset" in text(page, "#notice") and text(page, "#iteration") == "0"

    page.select_option("#cfg-loss", "half_sse")  # a regression-style output: nothing bounds it …
    wait_idle(page)
    page.select_option(".layer-row[data-layer='3'] .activation", "linear")
    wait_idle(page)
    page.fill("#cfg-learning_rate", "10")  # … so a large η diverges
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    page.click("#btn-play")
    wait_until(page, "() => !document.querySelector('#diverged').hidden", timeout=60)
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    screenshot(page, "persona-b-diverged")
    page.fill("#scrubber", "0")  # … and recover: back to the start, a smaller η, train
    page.dispatch_event("#scrubber", "input")
    wait_idle(page)
    page.fill("#cfg-learning_rate", "0.05")
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 500", timeout=60)
    pause(page)
    assert page.is_hidden("#diverged") and text(page, "#loss") not in ("–", "")
