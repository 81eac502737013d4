"""One screen that teaches (issue 11): what a student sees without scrolling, at three widths and
in both themes, and the keyboard's help. Journeys: many steps per page, numbers asserted on
screen, no page errors (the `page` fixture fails on any; the dark context collects its own)."""
from __future__ import annotations

import re

from tests.browser_helpers import READY, choose_preset, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

# What must be on the first screen at 1280×720 while a 2-D preset trains.
FIRST_SCREEN = {"controls": "#btn-play", "stepping": "#btn-iteration", "diagram": "#network", "data plot": "#data-plot",
                "loss chart": "#loss-chart", "readout": ".readout"}
BOXES = """sels => Object.fromEntries(Object.entries(sels).map(([k, s]) => {
  const b = document.querySelector(s).getBoundingClientRect();
  return [k, [Math.round(b.left), Math.round(b.top), Math.round(b.right), Math.round(b.bottom)]]; }))"""
# Every element of the phase and inspector panels whose content is wider than its box, and every
# equation piece that reaches past its panel's padding: "cut" on screen.
CLIPPED = """() => {
  const bad = [];
  for (const panel of document.querySelectorAll('.panel.phase, .panel.inspector')) {
    const edge = panel.getBoundingClientRect().right - parseFloat(getComputedStyle(panel).paddingRight) + 1;
    for (const el of [panel, ...panel.querySelectorAll('*')]) {
      if (el.namespaceURI === 'http://www.w3.org/1998/Math/MathML' && el.tagName !== 'math') continue;
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) bad.push(`${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
      if (el !== panel && el.getBoundingClientRect().right > edge) bad.push(`${el.tagName} ends at ${el.getBoundingClientRect().right} > ${edge}`);
    }
  }
  return bad;
}"""
# WCAG contrast of an element's text against the first opaque background behind it.
CONTRAST = """el => {
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  let node = el, bg = null;
  while (node && !bg) { const v = rgb(getComputedStyle(node).backgroundColor); if (v.length < 4 || v[3] > 0) bg = v; node = node.parentElement; }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg ?? [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""
# Blank height at the foot of each panel on screen: from its last visible child to its content's end.
BLANK = """() => [...document.querySelectorAll('.panel')].filter(p => p.offsetParent && p.getBoundingClientRect().top < innerHeight).map(p => {
  const kids = [...p.children].filter(k => k.offsetParent || k.getClientRects().length).map(k => k.getBoundingClientRect().bottom);
  const end = p.getBoundingClientRect().bottom - parseFloat(getComputedStyle(p).paddingBottom);
  return [p.dataset.panel, Math.round(end - Math.max(p.getBoundingClientRect().top, ...kids))]; })"""
# Controls smaller than 24×24 CSS px (a checkbox or radio counts with its label, which toggles it too).
SMALL = """() => [...document.querySelectorAll('button, select, input, textarea, summary, a[href]')].filter(e => e.offsetParent).map(e => {
  const target = (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e;
  const r = target.getBoundingClientRect();
  return r.width < 24 || r.height < 24 ? `${e.outerHTML.slice(0, 80)} ${Math.round(r.width)}×${Math.round(r.height)}` : null; }).filter(Boolean)"""
# Selects whose chosen option's text is wider than the room inside them ("sigmoi").
CUT_SELECTS = """() => { const ctx = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('select')].filter(s => s.offsetParent).map(s => {
    ctx.font = getComputedStyle(s).font;
    const room = s.clientWidth - 20; // the arrow and the padding
    const need = ctx.measureText(s.selectedOptions[0]?.text ?? '').width;
    return need > room ? `${s.id || s.className}: ${Math.round(need)} > ${room}` : null; }).filter(Boolean); }"""
TEXTS = ["h1", ".panel.controls h2, .readout dt", ".readout dd", "#btn-play", "#btn-phase", ".chart-key .key-train",
         ".chart-key .key-test", ".panel.phase h2", ".legend", ".editor summary small", "#theme-toggle", "label[for], .row"]


def inside(box, width, height):
    left, top, right, bottom = box
    return left >= 0 and top >= 0 and right <= width and bottom <= height


def iteration(page) -> int:
    return int(text(page, "#iteration"))


def test_first_screen_equations_and_help_at_three_widths(page):
    open_explorer(page)  # the worked example
    # The help overlay: "?" opens it over the focused button, Escape closes it, focus returns.
    page.focus("#btn-phase")
    page.keyboard.press("?")
    page.wait_for_selector("#help-dialog[open]")
    shortcuts = text(page, "#help-dialog")
    for key, what in [("→", "Next phase"), ("Shift+→", "Next whole iteration"), ("Space", "Auto-train"), ("←", "Step back"),
                      ("E", "One epoch"), ("R", "Reset"), ("?", "shortcuts")]:
        assert key in shortcuts and what in shortcuts, (key, shortcuts)
    assert page.evaluate("document.activeElement.id") == "help-close"
    page.keyboard.press("Escape")
    wait_until(page, "() => !document.querySelector('#help-dialog').open")
    assert page.evaluate("document.activeElement.id") == "btn-phase"
    page.click("#help-open")  # the visible button does the same
    page.wait_for_selector("#help-dialog[open]")
    page.keyboard.press("Escape")
    wait_until(page, "() => document.activeElement.id === 'help-open'")

    # Every phase of the worked example at 1280×720: no equation or number cut, focus kept on →.
    page.focus("#btn-phase")
    seen = []
    for _ in range(6):
        page.keyboard.press("Enter")  # the focused Phase → button
        wait_idle(page)
        seen.append(page.get_attribute(".panel.phase", "data-phase"))
        assert page.evaluate(CLIPPED) == [], seen[-1]
        assert page.evaluate("document.activeElement.id") == "btn-phase"  # focus stays on the button pressed
    assert seen == ["forward-1", "forward-2", "loss-2", "backward-2", "backward-1", "update-"]
    assert "0.4−0.5×0.082167041=0.35891648" in text(page, "#phase-equations")  # w5⁺, whole
    for sel in ("[data-node='1-0']", "[data-node='2-0']"):  # a hidden and an output unit in the inspector
        page.click(sel)
        wait_idle(page)
        assert page.evaluate(CLIPPED) == [], sel
    assert "1.105905967" in text(page, "#inspector") and "0.75136507" in text(page, "#inspector")  # net_o1, out_o1
    screenshot(page, "layout-1280-light-mazur")

    # Circle trains: controls, diagram, data plot, loss chart and readout all on the first screen.
    page.focus("#preset")
    choose_preset(page, "circle")
    assert page.evaluate("document.activeElement.id") == "preset"  # a preset change keeps the focus
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) > 300", timeout=20)
    assert page.evaluate("document.activeElement.id") == "btn-play"
    boxes = page.evaluate(BOXES, FIRST_SCREEN)
    for name, box in boxes.items():
        assert inside(box, 1280, 720), (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    blank = dict(page.evaluate(BLANK))
    assert set(blank) >= {"controls", "network", "charts"} and max(blank.values()) <= 80, blank
    assert page.evaluate(SMALL) == []
    assert page.evaluate(CUT_SELECTS) == []
    assert re.search(r"^Loss chart.*: train \d\.\d+", page.get_attribute("#loss-chart", "aria-label"))
    # The diagram uses its panel's width.
    diagram, panel = page.evaluate("""() => [document.querySelector('#network').getBoundingClientRect().width,
      document.querySelector('.panel.network').clientWidth]""")
    assert diagram >= panel - 40, (diagram, panel)
    screenshot(page, "layout-1280-light-circle")

    # 1920×1080: the phase equations and the inspector sit by the diagram, on the first screen.
    page.set_viewport_size({"width": 1920, "height": 1080})
    wait_idle(page)
    boxes = page.evaluate(BOXES, {**FIRST_SCREEN, "phase": ".panel.phase", "inspector": ".panel.inspector"})
    for name, box in boxes.items():
        assert inside(box, 1920, 1080), (name, box)
    before = iteration(page)
    wait_until(page, "n => Number(document.querySelector('#iteration').textContent) > n", before)  # still training
    screenshot(page, "layout-1920-light-circle")
    page.click("#btn-play")
    wait_until(page, "() => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false'")
    wait_idle(page)

    # 390×844: one column; nothing scrolls sideways for presets up to 2-8-8-1.
    page.set_viewport_size({"width": 390, "height": 844})
    for preset in ("circle", "xor", "mazur", "sine"):
        # Each network's output grid is awaited (it is fetched after the network lands).
        with page.expect_response(lambda r: r.url.endswith("/api/grid"), timeout=30_000):
            choose_preset(page, preset)
        widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert widths[0] <= widths[1], (preset, widths)
        with page.expect_response(lambda r: r.url.endswith("/api/grid"), timeout=30_000):
            press(page, "Shift+ArrowRight")
        assert iteration(page) == 1, preset
        diagram = page.evaluate("() => [document.querySelector('#network').getBoundingClientRect().right, innerWidth]")
        assert diagram[0] <= diagram[1], (preset, diagram)  # the whole diagram, no scrolling inside it
        assert page.evaluate(CUT_SELECTS) == [], preset
        if preset in ("circle", "sine"):
            screenshot(page, f"layout-390-light-{preset}")


def test_dark_theme_follows_the_system_and_the_toggle_wins(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.base_url = live_server
    background = "() => getComputedStyle(document.body).backgroundColor"
    dark = "() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 150; }"
    try:
        open_explorer(page, "circle")
        assert page.evaluate(dark), page.evaluate(background)  # the system's dark setting, with no choice made
        assert page.get_attribute("#theme-toggle", "aria-pressed") == "true"
        page.click("#btn-play")
        wait_until(page, "() => Number(document.querySelector('#iteration').textContent) > 200", timeout=20)
        for sel in TEXTS:
            for k in range(page.locator(sel).count()):
                assert page.locator(sel).nth(k).evaluate(CONTRAST) >= 4.5, ("dark", sel, k)
        screenshot(page, "layout-1280-dark-circle")
        page.set_viewport_size({"width": 1920, "height": 1080})
        wait_idle(page)
        screenshot(page, "layout-1920-dark-circle")
        page.click("#btn-play")
        wait_until(page, "() => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false'")
        page.set_viewport_size({"width": 390, "height": 844})
        wait_idle(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        screenshot(page, "layout-390-dark-circle")
        page.set_viewport_size({"width": 1280, "height": 720})

        # The toggle overrides the system and survives a reload (localStorage).
        page.click("#theme-toggle")
        assert not page.evaluate(dark) and page.get_attribute("html", "data-theme") == "light"
        for sel in TEXTS:
            for k in range(page.locator(sel).count()):
                assert page.locator(sel).nth(k).evaluate(CONTRAST) >= 4.5, ("light", sel, k)
        page.reload()
        page.wait_for_selector(READY)
        assert not page.evaluate(dark) and page.get_attribute("#theme-toggle", "aria-pressed") == "false"
        assert iteration(page) > 200  # the reload kept the network too
        page.click("#theme-toggle")
        assert page.evaluate(dark)
        press(page, "Shift+ArrowRight")  # the diagram and charts redraw in the dark palette
        assert re.fullmatch(r"\d+\.\d+(e-\d+)?", text(page, "#loss").replace("−", "-"))
        screenshot(page, "layout-1280-dark-stepped")

        # /embed?theme=auto follows the same system setting (light and dark forced by the flag).
        for theme, is_dark in (("auto", True), ("light", False), ("dark", True)):
            page.goto(f"{live_server}/embed?preset=xor&theme={theme}")
            page.wait_for_selector(READY)
            assert page.evaluate(dark) == is_dark, theme
            assert page.locator("#loss").evaluate(CONTRAST) >= 4.5, theme
        page.goto(live_server + "/")
        page.wait_for_selector(READY)

        # Storage refused (as in a sandboxed frame): the toggle still works, nothing throws.
        page.add_init_script("Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } })")
        page.reload()
        page.wait_for_selector(READY)
        assert page.evaluate(dark)  # no stored choice readable: the system's setting
        page.click("#theme-toggle")
        assert not page.evaluate(dark)
        assert errors == []
    finally:
        context.close()
