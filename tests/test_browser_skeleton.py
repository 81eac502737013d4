"""The page in real headless Chromium: Step advances the worked example."""
import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def edge_styles(pg):
    return pg.eval_on_selector_all(
        "line.edge", "els => els.map(e => e.getAttribute('stroke') + '|' + e.getAttribute('stroke-width'))")


def test_step_button_advances_iteration_error_and_edges(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.wait_for_selector("line.edge", state="attached")
    assert page.text_content("#iteration") == "0"
    assert page.text_content("#loss") == "0.298371109"
    before = edge_styles(page)
    assert len(before) == 8
    page.click("#step")
    page.wait_for_function("document.querySelector('#iteration').textContent === '1'")
    assert page.text_content("#loss") == "0.291027774"
    assert edge_styles(page) != before
    # The nodes show the forward values of the iteration just computed.
    assert "0.751" in page.text_content("[data-node='2-0']")
    screenshot(page, "skeleton-after-step")


def test_arrow_key_steps(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#iteration').textContent === '1'")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('#iteration').textContent === '2'")
