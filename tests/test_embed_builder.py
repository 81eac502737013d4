"""The embed builder and the lesson gallery: from the explorer's view to a snippet whose frame
reproduces it, a live preview, and "view in the full explorer" back again."""
import re
from html import unescape

import pytest

from tests.browser_helpers import wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def test_builder_from_the_explorers_view_to_a_snippet_and_back(page):
    page.goto(page.base_url + "/")
    page.wait_for_selector("body[data-ready=true]")
    page.click("#btn-iteration")
    page.locator("#iteration").filter(has_text="1").wait_for()
    page.keyboard.press("ArrowRight")  # one phase into iteration 2: mid-iteration numbers
    wait_idle(page)
    page.click("#copy-embed")
    page.wait_for_selector("#embed-code-dialog[open]")
    builder_url = page.get_attribute("#open-builder", "href")
    assert builder_url.startswith("/embed/builder#s=")
    page.goto(page.base_url + builder_url)
    page.wait_for_selector("body[data-ready=true]")
    assert page.is_checked("#source-view")
    page.check("input[name=panels][value=inspector]")
    page.check("input[name=controls][value=step-only]")
    page.select_option("select[name=notation]", "004")
    page.select_option("select[name=theme]", "dark")
    page.fill("input[name=id]", "week3")
    code = page.input_value("#snippet")
    src = unescape(re.search(r'src="([^"]+/embed\?[^"]+)"', code).group(1))
    assert "embed-parent.js" in code and "&id=week3" in src and "theme=dark" in src and "notation=004" in src
    # The live preview shows the chosen embed: the phase just shown, in seed 004's names.
    preview = page.frame_locator("#preview")
    preview.locator("body[data-ready=true][class=embed]").wait_for()
    wait_until(page, "() => document.getElementById('preview').contentDocument?.body.dataset.ready === 'true'")
    assert preview.locator("#iteration").text_content() == "1"
    assert preview.locator("#phase-name").text_content() == "forward, layer 1"
    assert preview.locator("html[data-theme=dark]").count() == 1
    screenshot(page, "embed-builder-1280")
    page.set_viewport_size({"width": 700, "height": 900})
    screenshot(page, "embed-builder-700")
    # The frame's own link opens the same network in the full explorer.
    page.goto(src)
    page.wait_for_selector("body[data-ready=true]")
    wait_until(page, "() => document.getElementById('full-explorer').getAttribute('href').startsWith('/#s=')")
    page.goto(page.base_url + page.get_attribute("#full-explorer", "href"))
    page.wait_for_selector("body[data-ready=true]")
    wait_idle(page)
    assert page.text_content("#iteration") == "1"
    assert "forward, layer 1" in page.text_content("#phase-name")


def test_gallery_lessons_load_with_their_snippets(page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(page.base_url + "/examples/")
    lessons = page.locator(".lesson")
    assert lessons.count() == 7
    first = page.input_value(".lesson .snippet")
    assert first.startswith(f'<iframe src="{page.base_url}/embed?preset=mazur&amp;notation=004') and "embed-parent.js" in first
    for k in range(lessons.count()):
        lesson = lessons.nth(k)
        lesson.scroll_into_view_if_needed()
        frame = lesson.frame_locator("iframe")
        frame.locator("body[data-ready=true] #network").wait_for(timeout=15_000)
        assert frame.locator(".embed-warnings").count() == 0
    screenshot(page, "embed-gallery-1280")
    page.set_viewport_size({"width": 700, "height": 900})
    screenshot(page, "embed-gallery-700")
