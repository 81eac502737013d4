"""The example course page and the main page's "Copy embed code", in headless Chromium."""
import re
from html import unescape

import pytest

from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def snippet_src(page) -> str:
    page.click("#copy-embed")
    page.wait_for_selector("#embed-code-dialog[open]")
    code = page.input_value("#embed-code")
    assert code.startswith("<iframe ") and code.endswith('/static/js/embed-parent.js" async></script>')  # resize script
    src = unescape(re.search(r'src="([^"]+)"', code).group(1))
    page.click("#embed-code-dialog button[type=submit]")
    return src


def test_copy_embed_code_reproduces_the_current_view(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    src = snippet_src(page)
    assert src == f"{page.base_url}/embed?preset=mazur&notation=004"  # the page shows seed 004's names
    page.click("#btn-iteration")
    page.locator("#iteration").filter(has_text="1").wait_for()
    src = snippet_src(page)
    assert src.startswith(f"{page.base_url}/embed?s=")  # the view's link payload, as "Copy link" writes it
    weights = page.eval_on_selector_all("line.edge", "els => els.map(e => e.dataset.weight)")
    page.goto(src)
    page.wait_for_selector("body[data-ready=true]")
    assert page.text_content("#iteration") == "1"
    assert page.text_content("#loss") == "0.291027774"
    assert page.eval_on_selector_all("line.edge", "els => els.map(e => e.dataset.weight)") == weights


def test_course_page_drives_the_worked_example_and_xor_trains(page):
    page.goto(page.base_url + "/examples/course")
    worked, xor = page.frame_locator("#worked"), page.frame_locator("#xor")
    page.locator("body[data-worked-iteration='0']").wait_for(timeout=15_000)
    assert worked.locator("button").all_text_contents() == ["Step ▸"]  # step-only controls
    page.click("#course-step")
    page.locator("body[data-worked-iteration='1']").wait_for(timeout=15_000)
    assert page.text_content("#course-status") == "worked example: iteration 1, E_total = 0.291027774"
    assert worked.locator("#loss").text_content() == "0.291027774"
    assert worked.locator("html[data-notation='004']").count() == 1
    # XOR trains on its own (autoplay) while it is in view, and its error falls.
    page.locator("#xor").scroll_into_view_if_needed()
    xor.locator("#iteration").filter(has_text=re.compile(r"^[1-9]\d{1,}$")).wait_for(timeout=15_000)
    assert float(xor.locator("#loss").text_content()) < 0.703257279
    # Both frames were grown to their content by embed-parent.js.
    screenshot(page, "embed-course-page")
    # embed-parent.js grew both frames to their content: neither scrolls inside.
    for frame in page.frames[1:]:
        assert frame.evaluate("document.documentElement.scrollHeight - window.innerHeight") <= 0, frame.url


def test_dark_theme_and_panels_flag(page):
    page.goto(page.base_url + "/embed?preset=xor&theme=dark&panels=network&notation=002")
    page.wait_for_selector("body[data-ready=true]")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(21, 22, 26)"
    assert page.locator("[data-panel]").evaluate_all("els => els.map(e => e.dataset.panel)") == ["network"]
    assert page.locator("button").count() == 0  # no "controls" panel asked for
    assert page.get_attribute("html", "data-notation") == "002"
    assert page.text_content("#loss") == "0.703257279"  # XOR's starting error, before any step
    screenshot(page, "embed-dark-network-only")


def test_readonly_inspector_explains_but_does_not_edit(page):
    for flag, visible in (("0", True), ("1", False)):
        page.goto(page.base_url + "/embed?preset=mazur&panels=network,inspector,controls&controls=step-only"
                  f"&notation=004&readonly={flag}")
        page.wait_for_selector("body[data-ready=true]")
        page.click("#step")
        page.locator("#iteration").filter(has_text="1").wait_for()
        page.click("[data-node='2-0']")
        page.click("#inspector [data-edge='2-0-0']")
        # The unit's derivation is MathML too: wait for the weight's own result, not any math.
        page.locator("#inspector").filter(has_text="0.082167041").wait_for()
        text = page.text_content("#inspector").replace(" ", "")
        assert "w5" in text and "0.082167041" in text  # seed 004's names and its ∂E/∂w5
        assert page.locator(".param-edit").is_visible() is visible
    screenshot(page, "embed-readonly-inspector")
