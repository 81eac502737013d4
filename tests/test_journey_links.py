"""Journeys: the self-learner edits, checks gradients, shares a link, reloads (also mid-training),
exports and imports; damaged and hostile links are refused in words and the page stays usable."""
from __future__ import annotations

import base64
import json
import zlib

import httpx
import pytest

from tests.browser_helpers import READY, click_edge, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def link(payload: dict) -> str:
    """The page's link format: deflate-raw, then base64url without padding."""
    packer = zlib.compressobj(wbits=-15)
    raw = packer.compress(json.dumps(payload).encode()) + packer.flush()
    return "#s=" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def test_the_self_learner_edits_checks_shares_reloads_exports_and_imports(page, browser, tmp_path):
    open_explorer(page)
    press(page, "ArrowRight", 4)
    click_edge(page, "2-0-0")  # w5 = 0.40 → 0.5
    page.fill("#param-value", "0.5")
    page.press("#param-value", "Enter")
    wait_idle(page)
    assert text(page, "#loss") == "0.306524333"
    page.fill("#cfg-learning_rate", "0.25")
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    page.click("#gradcheck-run")
    wait_until(page, "() => document.querySelector('#gradcheck-max') !== null")
    assert float(text(page, "#gradcheck-max").replace("−", "-").replace("e", "E")) < 1e-6
    names = page.eval_on_selector_all(".gradcheck-table tbody th", "cells => cells.map(c => c.textContent.trim())")
    assert len(names) == 12 and len(names) == len(set(names)), names  # 8 weights, 4 biases; b1 was listed twice
    press(page, "ArrowRight", 2)  # forward 1, forward 2 of the edited network
    page.click("#copy-link")
    wait_idle(page)
    shared = page.url
    friend = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    errors = []
    friend.on("pageerror", lambda e: errors.append(str(e)))
    friend.goto(shared)
    friend.wait_for_selector(READY)
    wait_idle(friend)
    assert text(friend, "#loss") == "0.306524333" and friend.input_value("#cfg-learning_rate") == "0.25"
    assert "0.7" in text(friend, "#phase-equations")  # the phase on screen (forward 2), not blank
    assert "a 0.5933" in text(friend, "[data-node='1-0']")  # the units show their numbers
    screenshot(friend, "journey-link-opened")
    friend.context.close()
    assert not errors

    page.reload()  # a reload brings back the same network and view
    page.wait_for_selector(READY)
    wait_idle(page)
    assert text(page, "#loss") == "0.306524333" and page.input_value("#cfg-learning_rate") == "0.25"

    with page.expect_download() as download:
        page.click("#export")
    path = tmp_path / "state.json"
    download.value.save_as(path)
    exported = json.loads(path.read_text())
    assert exported["params"]["weights"][1][0][0] == 0.5 and exported["config"]["learning_rate"] == 0.25
    open_explorer(page, "xor")
    page.set_input_files("#import", str(path))
    wait_idle(page)
    assert text(page, "#loss") == "0.306524333" and "Imported" in text(page, "#notice")


def test_a_reload_mid_training_keeps_the_iterations(page):
    open_explorer(page, "circle")
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 500", timeout=30)
    wait_until(page, "() => location.hash.length > 10")
    page.evaluate("() => new Promise(r => setTimeout(r, 1100))")  # one URL write period (1/s)
    before = int(text(page, "#iteration"))
    page.reload()
    page.wait_for_selector(READY)
    wait_idle(page)
    assert int(text(page, "#iteration")) >= before  # nothing lost: the view is kept over the reload
    assert page.input_value("#preset") in ("circle", "")
    # The network's output is drawn under the points again (its grid waits for the points).
    wait_until(page, "() => { const c = document.querySelector('#data-plot'); "
                     "return c.width > 0 && c.getContext('2d').getImageData(1, 1, 1, 1).data[3] === 255; }")


def test_damaged_and_hostile_links_are_refused_in_words(page, live_server):
    page.allowed_errors.append("status of 422")  # the hostile document, refused on purpose
    page.goto(f"{page.base_url}/#s=AAAA-not-a-view")
    page.wait_for_selector(READY)
    wait_idle(page)
    assert "damaged" in text(page, "#message") and text(page, "#loss") == "0.298371109"  # default network, usable
    press(page, "ArrowRight")
    assert text(page, "[data-panel=phase]").strip() != ""

    state = httpx.get(f"{live_server}/api/presets/mazur").json()["state"]
    hostile = json.loads(json.dumps(state))
    hostile["config"]["seed"] = '<img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=about:blank">'
    hostile["config"]["learning_rate"] = "<b>bold</b>"
    hostile["dataset"]["points"] = [["<style>body{display:none}</style>", 1, 0]]
    payload = {"v": 1, "doc": hostile, "unit": None, "preset": "<b>x</b>", "view": {"notation": "<i>x</i>"}}
    page.goto(f"{page.base_url}/{link(payload)}")
    page.wait_for_selector(READY)
    wait_idle(page)
    assert page.url.startswith(page.base_url)  # not navigated away
    assert page.locator("img[src=x], b, i, main style, meta[http-equiv]").count() == 0
    assert "refused" in text(page, "#message") and "state.config" in text(page, "#message")
    assert text(page, "#loss") == "0.298371109"
