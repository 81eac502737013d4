"""The smaller breaks a new student met, walked in one page: each value on screen is the one the
network has, a refused edit leaves nothing refused on screen, focus stays where the student is."""
from __future__ import annotations

import pytest

from tests.browser_helpers import open_explorer, press, text, wait_idle, wait_until

pytestmark = pytest.mark.browser


def test_small_breaks(page):
    page.allowed_errors.append("status of 422")  # the refused edits below
    open_explorer(page)  # the worked example: one training pair
    assert page.input_value("#data-n") == "1"

    page.select_option("#cfg-loss", "softmax_ce")  # needs a softmax output: refused
    wait_idle(page)
    assert "softmax" in text(page, "#message") and page.input_value("#cfg-loss") == "half_sse"
    page.fill("#cfg-learning_rate", "50")  # above the limit: refused, and no "changed" notice
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    assert "learning_rate" in text(page, "#message") and text(page, "#notice") == ""
    assert page.input_value("#cfg-learning_rate") == "0.5" and text(page, "#loss") == "0.298371109"

    page.fill(".layer-row[data-layer='0'] .units", "17")  # more than the 16 allowed
    page.press(".layer-row[data-layer='0'] .units", "Tab")
    wait_idle(page)
    assert page.input_value(".layer-row[data-layer='0'] .units") == "16"
    assert page.locator("[data-node^='1-']").count() == 16

    open_explorer(page, "xor")
    page.focus("[data-node='1-0']")  # keyboard only: a unit, its weight chips, the inspector
    page.keyboard.press("Enter")
    wait_idle(page)
    page.focus("#inspector .chip")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert page.evaluate("() => document.activeElement.closest('#inspector') !== null")
    assert "weight" in text(page, "#inspector h3")

    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 200")
    page.click("#btn-play")
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)
    assert "step" in text(page, ".matrix-note")  # why ∂E/∂W shows "·" after auto-train
    press(page, "Shift+ArrowRight")
    assert text(page, ".matrix-note") == "" and "·" not in text(page, "#matrix")
