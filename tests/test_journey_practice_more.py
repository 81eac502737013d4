"""Journeys through practice mode beyond the first one (tests/test_journey_practice.py): switching
practice on keeps the history, the selection and the plots; practice after Play and Pause asks
about the paused network; after an edit (a weight, η) the numbers given and checked are the
edited network's; a reload and a shared link bring back practice and the question asked; and a
learner does it all with the keyboard alone. Every answer typed is computed here from the numbers
the question shows, so a check against any other network's numbers would fail."""
from __future__ import annotations

import math

import pytest

from tests.browser_helpers import READY, click_edge, history_length, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot
from tests.test_journey_practice import answer, ask_about, status

pytestmark = pytest.mark.browser


def givens(page) -> list[float]:
    """The numbers the question shows, in the engine's order (engine/practice.py inputs)."""
    lines = page.eval_on_selector_all("#practice-givens li", "items => items.map(li => li.textContent)")
    return [float(line.split("=")[-1].strip().replace("−", "-")) for line in lines]


def expected_from_givens(kind: str, values: list[float]) -> float:
    """What the question asks, computed from what it shows (sigmoid units, ½ SSE)."""
    if kind in ("z", "a"):
        n = (len(values) - 1) // 2
        z = sum(w * x for w, x in zip(values[:n], values[n:2 * n])) + values[-1]
        return z if kind == "z" else 1 / (1 + math.exp(-z))
    if kind == "E":
        n = len(values) // 2
        return sum(0.5 * (t - a) ** 2 for a, t in zip(values[:n], values[n:]))
    if kind == "dEda":
        return values[0] - values[1]
    if kind == "w_after":
        w, eta, grad = values
        return w - eta * grad
    raise AssertionError(kind)


def answer_from_screen(page) -> str:
    quantity = page.input_value("#practice-quantity")
    value = expected_from_givens(quantity.split(":")[0], givens(page))
    return answer(page, f"{value:.6g}")


def reveal(page):
    page.click("#practice-reveal")
    wait_idle(page)
    assert "Revealed" in text(page, "#practice-feedback")


def test_practice_keeps_history_then_follows_play_pause_an_edit_and_a_reload(page, browser):
    open_explorer(page)  # the worked example
    press(page, "ArrowRight", 2)  # forward 1 and 2, shown without practice
    page.click("[data-node='1-0']")
    wait_idle(page)
    steps = history_length(page)
    page.click("#practice-switch")
    wait_idle(page)
    # Practice on keeps the history, the selection, the phase on screen and its numbers.
    assert history_length(page) == steps and "forward, layer 2" in text(page, "#phase-name")
    assert page.locator("[data-node='1-0'].selected").count() == 1
    assert "0.593269992" in text(page, "[data-node='1-0']") or "0.5933" in text(page, "[data-node='1-0']")
    press(page, "ArrowLeft")  # Back reaches a step taken before practice
    assert "forward, layer 1" in text(page, "#phase-name")
    press(page, "ArrowRight")  # practice asks about forward 2 again
    assert status(page) == "asking"
    ask_about(page, "a:2-0")
    assert "Correct" in answer_from_screen(page)
    assert "0.75136507" in text(page, "#practice-feedback")  # out_o1 of seed 004

    # Play, Pause: the next question is about the paused network.
    page.click("#btn-play")
    wait_until(page, "() => Number(document.querySelector('#iteration').textContent) >= 8")
    page.click("#btn-play")
    wait_until(page, "() => document.querySelector('#btn-play').textContent.includes('Play')")
    wait_idle(page)
    paused_at = text(page, "#iteration")
    press(page, "ArrowRight")
    ask_about(page, "z:1-0")
    w1, w2, i1, i2, b1 = givens(page)
    assert (i1, i2) == (0.05, 0.1) and w1 != 0.15 and b1 == 0.35  # trained w1; biases are not trained here
    assert text(page, "#iteration") == paused_at
    assert "Correct" not in answer(page, "0.3775")  # the starting network's net_h1 is not this one's

    # An edit while asked about forward 1: asked again, with the edited w1.
    click_edge(page, "1-0-0")
    page.fill("#param-value", "0.2")
    page.press("#param-value", "Enter")
    wait_idle(page)
    wait_until(page, "() => document.querySelector('#practice-givens')?.textContent.includes('0.2') && document.body.dataset.busy === 'false'")
    wait_idle(page)
    assert status(page) == "asking" and givens(page)[0] == 0.2
    assert "Correct" in answer_from_screen(page)

    # An edit while asked about forward 2: the edit starts the iteration over, the question is dropped.
    press(page, "ArrowRight")
    ask_about(page, "a:2-1")
    page.click("[data-node='2-1']")  # o2, then its weight from h1 (w7) in the inspector
    wait_idle(page)
    page.click("#inspector button[data-edge='2-1-0']")
    wait_idle(page)
    page.fill("#param-value", "0.9")
    page.press("#param-value", "Enter")
    wait_idle(page)
    wait_until(page, "() => document.body.dataset.busy === 'false' && document.querySelector('#practice-quantity')?.value === 'z:1-0' || document.querySelector('[data-panel=practice]').dataset.status !== 'asking'")
    wait_idle(page)
    # The edit starts the iteration over (phase 0): the question about forward 2 is dropped.
    assert status(page) == "idle" and "network changed" in text(page, "#practice-feedback")
    page.fill("#cfg-learning_rate", "0.25")  # and η (a settings change also starts the iteration over)
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    page.focus("#btn-phase")  # the focus stays in the form after an edit (arrows there move the caret)
    press(page, "ArrowRight")
    ask_about(page, "z:1-0")
    assert "Correct" in answer_from_screen(page)
    press(page, "ArrowRight")
    ask_about(page, "z:2-1")
    assert 0.9 in givens(page)[:2]  # the typed w7
    assert "Correct" in answer_from_screen(page)
    for _ in range(3):  # loss, backward 2, backward 1
        press(page, "ArrowRight")
        reveal(page)
    press(page, "ArrowRight")
    ask_about(page, "w_after:2-1-0")
    w7, eta, _ = givens(page)
    assert (w7, eta) == (0.9, 0.25)
    assert "Correct" in answer_from_screen(page)

    # A question asked, then a reload: practice is on and the same question is asked again.
    press(page, "ArrowRight")
    ask_about(page, "a:1-1")
    title, shown = text(page, "#practice-title"), givens(page)
    iteration = text(page, "#iteration")
    page.reload()
    page.wait_for_selector(READY)
    wait_until(page, "() => document.querySelector('[data-panel=practice]').dataset.status === 'asking'")
    wait_idle(page)
    assert page.get_attribute("#practice-switch", "aria-checked") == "true"
    assert text(page, "#practice-title") == title and givens(page) == shown and text(page, "#iteration") == iteration
    shared = page.url
    assert "Correct" in answer_from_screen(page)

    # The link, opened by someone else, asks the same question about the same network.
    friend = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    errors = []
    friend.on("pageerror", lambda e: errors.append(str(e)))
    friend.goto(shared)
    friend.wait_for_selector(READY)
    wait_until(friend, "() => document.querySelector('[data-panel=practice]').dataset.status === 'asking'")
    wait_idle(friend)
    assert text(friend, "#practice-title") == title and givens(friend) == shown
    assert "Correct" in answer_from_screen(friend)
    friend.context.close()
    assert not errors


def test_a_learner_practises_with_the_keyboard_alone(page):
    open_explorer(page)
    for _ in range(80):  # the switch is reachable with Tab
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "practice-switch":
            break
    assert page.evaluate("document.activeElement.id") == "practice-switch"
    page.keyboard.press("Space")
    wait_idle(page)
    assert page.get_attribute("#practice-switch", "aria-checked") == "true"
    press(page, "ArrowRight")
    wait_until(page, "() => document.activeElement.id === 'practice-answer'")  # the answer box has focus
    quantity = page.input_value("#practice-quantity")
    value = expected_from_givens(quantity.split(":")[0], givens(page))
    page.keyboard.type(f"{value:.6g}")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert "Correct" in text(page, "#practice-feedback")
    wait_until(page, "() => document.activeElement.id === 'practice-next'")
    page.keyboard.press("Enter")  # Next question → (forward 2)
    wait_idle(page)
    wait_until(page, "() => document.activeElement.id === 'practice-answer'")
    assert "phase 2 of 6" in text(page, "#practice-title")
    for expected in ("Check", "Hint", "Reveal"):
        page.keyboard.press("Tab")
        assert expected in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")  # Reveal
    wait_idle(page)
    assert "Revealed" in text(page, "#practice-feedback")
    wait_until(page, "() => document.activeElement.id === 'practice-next'")
    press(page, "ArrowRight")  # the loss: a hint first, then the answer
    wait_until(page, "() => document.activeElement.id === 'practice-answer'")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Hint
    wait_idle(page)
    assert text(page, "#practice-hints").strip()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "practice-answer"
    quantity = page.input_value("#practice-quantity")
    value = expected_from_givens(quantity.split(":")[0], givens(page))
    page.keyboard.type(f"{value:.6g}")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert "Correct" in text(page, "#practice-feedback")
    totals = page.eval_on_selector_all("#practice-score tfoot td", "cells => cells.map(c => c.textContent)")
    assert totals == ["1", "1", "1"]  # first try, after a hint, revealed


CONTRAST = """el => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  let node = el, bg = null;
  while (node && !bg) { const c = getComputedStyle(node).backgroundColor; const v = rgb(c); if (v.length < 4 || v[3] > 0) bg = v; node = node.parentElement; }
  const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg ?? [255, 255, 255])];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_question_mistake_and_score_read_in_both_themes_at_three_widths(page, live_server, theme):
    """An embed in practice mode (the page's dark theme lives there on this branch): the verdict and
    the switch keep ≥ 4.5:1 contrast, nothing scrolls sideways; screenshots for a person to look at."""
    for width in (390, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server}/embed?preset=mazur&mode=practice&ask=a:1-0,grad_w:2-0-0&theme={theme}&panels=network,inspector,controls")
        page.wait_for_selector(READY)
        page.click("#btn-phase")
        wait_until(page, "() => document.querySelector('[data-panel=practice], .practice')?.dataset.status === 'asking'")
        wait_idle(page)
        name = f"practice-{theme}-{width}"
        screenshot(page, f"{name}-question")
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
        assert page.eval_on_selector("#practice-switch", CONTRAST) >= 4.5, (theme, width)
        assert "used z instead of a" in answer(page, "0.3775") or "used a instead of z" in text(page, "#practice-feedback")
        assert page.eval_on_selector("#practice-feedback strong", CONTRAST) >= 4.5, (theme, width)
        screenshot(page, f"{name}-mistake")
        assert "Correct" in answer(page, "0.593269992")
        assert page.eval_on_selector("#practice-feedback strong", CONTRAST) >= 4.5, (theme, width)
        page.click("#practice-next")
        wait_idle(page)
        page.click("#practice-reveal")
        wait_idle(page)
        assert page.eval_on_selector_all("#practice-score tfoot td", "cells => cells.map(c => c.textContent)") == ["0", "1", "1"]
        screenshot(page, f"{name}-score")
