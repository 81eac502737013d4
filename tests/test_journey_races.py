"""Races: every state change waits in one queue, so a late answer never undoes a later action."""
from __future__ import annotations

import pytest

from tests.browser_helpers import open_explorer, text, wait_idle

pytestmark = pytest.mark.browser


def slow_steps(page, seconds: float = 0.4):
    """Hold every /api/step answer back, as a slow network would."""
    def hold(route):
        page.wait_for_timeout(int(seconds * 1000))  # the answer is late on purpose
        route.continue_()
    page.route("**/api/step", hold)


def test_reset_and_back_with_a_step_in_flight(page):
    open_explorer(page)
    slow_steps(page)
    page.evaluate("""() => { document.querySelector('#btn-iteration').click();
                            document.querySelector('#btn-iteration').click();
                            document.querySelector('#btn-reset').click(); }""")
    wait_idle(page)
    assert text(page, "#iteration") == "0" and text(page, "#loss") == "0.298371109"  # the reset stands
    page.click("#btn-iteration")  # iteration 1 lands
    wait_idle(page)
    page.evaluate("""() => { document.querySelector('#btn-iteration').click();
                            document.querySelector('#btn-back').click(); }""")
    wait_idle(page)
    # Back applies after the step in flight: iteration 2 is kept in history, iteration 1 shown.
    assert text(page, "#iteration") == "1"
    assert page.get_attribute("#scrubber", "max") == "2" and page.input_value("#scrubber") == "1"
    page.unroute("**/api/step")
    page.click("#gradcheck-run")
    wait_idle(page)
    page.click("#btn-iteration")
    wait_idle(page)
    assert page.locator("#gradcheck-max").count() == 0  # the check described the state before the step
