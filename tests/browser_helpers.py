"""Helpers shared by the explorer's browser tests."""
from __future__ import annotations

import time

READY = "body[data-ready=true]"


def open_explorer(page, preset: str | None = None, path: str = "/"):
    page.goto(page.base_url + path)
    page.wait_for_selector(READY)
    if preset:
        choose_preset(page, preset)
    return page


def wait_until(page, expression: str, arg=None, timeout: float = 10.0):
    """Poll a JS expression until truthy. (The page's CSP forbids eval, which Playwright's
    wait_for_function needs; page.evaluate goes through the debugger and is allowed.)"""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        time.sleep(0.03)


def choose_preset(page, preset: str):
    page.select_option("#preset", preset)
    wait_until(page, "p => document.querySelector('#preset').value === p && document.body.dataset.busy === 'false'", preset)
    wait_idle(page)


def wait_idle(page):
    """Until no request is in flight and the panels have drawn (two animation frames)."""
    wait_until(page, "() => document.body.dataset.busy === 'false'")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def press(page, key: str, times: int = 1):
    for _ in range(times):
        page.keyboard.press(key)
        wait_idle(page)


def text(page, selector: str) -> str:
    return page.text_content(selector) or ""


def click_edge(page, edge: str, shift: bool = False):
    """Edges are thin lines: click the middle of one (the page picks the nearest edge)."""
    x, y = page.evaluate(
        "sel => { const e = document.querySelector(sel); e.scrollIntoView({ block: 'nearest' }); const b = e.getBoundingClientRect(); return [b.x + b.width / 2, b.y + b.height / 2]; }",
        f"[data-edge='{edge}']")
    page.mouse.click(x, y)
    wait_idle(page)


def history_length(page) -> int:
    return int(page.get_attribute("#scrubber", "max")) + 1
