"""Journeys: a run that diverges while playing says so and offers the way out; every number on
screen follows an edit (a typed weight, new data)."""
from __future__ import annotations

import pytest

from tests.browser_helpers import click_edge, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def set_field(page, selector: str, value: str):
    page.fill(selector, value)
    page.press(selector, "Tab")
    wait_idle(page)


def test_a_run_that_diverges_while_playing_stops_says_why_and_recovers(page):
    open_explorer(page, "sine")
    set_field(page, "#cfg-learning_rate", "10")
    assert "0.03" not in page.input_value("#cfg-learning_rate")
    page.click("#btn-play")
    wait_until(page, "() => !document.querySelector('#diverged').hidden", timeout=30)
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)
    shown = int(text(page, "#iteration"))
    message = text(page, "#diverged-text")
    assert f"diverged at iteration {shown + 1}" in message and "η = 10" in message, message
    assert text(page, "#btn-lower-eta") == "Lower η to 1"
    screenshot(page, "journey-diverged")
    page.click("#btn-lower-eta")  # the way out, part 1: a smaller η …
    wait_idle(page)
    assert page.input_value("#cfg-learning_rate") == "1"
    page.fill("#scrubber", "0")  # … part 2: back to a state before it diverged
    page.dispatch_event("#scrubber", "input")
    wait_idle(page)
    assert page.is_hidden("#diverged") and text(page, "#iteration") == "0"
    set_field(page, "#cfg-learning_rate", "0.03")
    start = float(text(page, "#loss"))
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 2000", timeout=60)
    page.click("#btn-play")
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)
    assert page.is_hidden("#diverged") and float(text(page, "#loss")) < start
    # 1-D data: the fit plot shows the points and the network's curve (no heatmap errors).
    assert "curve" in page.get_attribute("#data-plot", "aria-label")
    assert page.evaluate("""() => { const c = document.querySelector('#data-plot');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let green = 0; for (let k = 0; k < d.length; k += 4) if (d[k + 1] > 100 && d[k] < 60 && d[k + 2] < 90) green++;
      return green; }""") > 50  # the curve's pixels (#1b7837)
    screenshot(page, "journey-sine-fit")


def test_every_number_follows_an_edit(page):
    open_explorer(page)  # worked example
    assert text(page, "#loss") == "0.298371109"
    press(page, "ArrowRight", 4)
    click_edge(page, "2-0-0")  # w5
    page.fill("#param-value", "0.5")
    page.press("#param-value", "Enter")
    wait_idle(page)
    # E with w5 = 0.5 (was 0.40): out_o1 rises, so E rises; recomputed by the server, not kept.
    assert text(page, "#loss") not in ("0.298371109", "–")
    assert text(page, "#loss") == "0.306524333"  # the server's E at w5 = 0.5
    assert page.input_value("#preset") == ""  # no longer the preset's network
    page.select_option("#preset", "xor")
    wait_idle(page)
    xor_loss = text(page, "#loss")
    page.select_option("#data-name", "gaussians")
    wait_idle(page)
    assert text(page, "#loss") not in (xor_loss, "–")  # the Gaussians' error, not XOR's
    assert page.input_value("#preset") == ""
