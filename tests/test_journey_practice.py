"""Journey: practice mode on the worked example — a learner answers out_h1, forgets σ′ in
∂E/∂w5, uses the updated weights for δ_h1, flips the sign of w5⁺, reveals one answer and sees
the score; keyboard for every answer and step; the page never receives an asked value before it
is revealed; at 1280 and 390 px. And an embed with mode=practice posts bpx:answer to a parent
on another origin."""
from __future__ import annotations

import pytest

from tests import mazur
from tests.browser_helpers import open_explorer, press, text, wait_idle, wait_until
from tests.conftest import ARTIFACTS, screenshot
from tests.embed_pages import iframe, parent_site, recorder  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def status(page) -> str:
    return page.get_attribute("[data-panel=practice]", "data-status")


def ask_about(page, quantity: str):
    """Choose the question from the list (the keyboard route; clicking a unit does the same)."""
    page.select_option("#practice-quantity", quantity)
    wait_until(page, "q => document.querySelector('#practice-quantity')?.value === q && document.body.dataset.busy === 'false'", quantity)
    wait_idle(page)


def panel_shot(page, name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-panel=practice]").screenshot(path=str(ARTIFACTS / f"{name}.png"))


def answer(page, value: str) -> str:
    page.fill("#practice-answer", value)
    page.press("#practice-answer", "Enter")
    wait_idle(page)
    return text(page, "#practice-feedback")


def test_a_learner_practises_the_worked_example(page):
    responses = []
    page.on("response", lambda r: responses.append(r) if "/api/" in r.url else None)
    open_explorer(page)
    page.focus("#practice-switch")
    page.keyboard.press("Enter")
    wait_idle(page)
    assert page.get_attribute("#practice-switch", "aria-checked") == "true"
    press(page, "ArrowRight")  # forward 1 is not shown: a question about it is asked
    assert status(page) == "asking" and text(page, "#iteration") == "0"
    ask_about(page, "a:1-0")
    title = text(page, "#practice-title")
    assert "outh1" in title.replace(" ", "").replace("_", "") and "Before phase 1 of 6" in title
    givens = text(page, "#practice-givens")
    assert "0.15" in givens and "0.05" in givens and "0.35" in givens
    assert page.evaluate("document.activeElement.id") == "practice-answer" or page.focus("#practice-answer") is None
    # Nothing the page received or shows holds out_h1 (or net_h1) yet.
    wait_idle(page)
    bodies = "".join(r.text() for r in responses if r.request.method == "POST")
    assert "0.59326999" not in bodies and "0.3775" not in bodies
    assert "0.593269992" not in text(page, "body")
    screenshot(page, "practice-1280-question")

    feedback = answer(page, mazur.FORWARD["out_h1"])
    assert "Correct" in feedback and "0.593269992" in feedback
    assert "forward, layer 1" in text(page, "#phase-name")  # the phase is shown now
    assert "0.593269992" in text(page, "#phase-equations")

    press(page, "ArrowRight")  # forward 2: revealed
    assert status(page) == "asking"
    page.click("#practice-reveal")
    wait_idle(page)
    assert "Revealed" in text(page, "#practice-feedback") and "forward, layer 2" in text(page, "#phase-name")

    press(page, "ArrowRight")  # loss
    ask_about(page, "E")
    assert "Correct" in answer(page, "0.298371109")

    press(page, "ArrowRight")  # backward, layer 2: ∂E/∂w5 without σ′
    ask_about(page, "grad_w:2-0-0")
    feedback = answer(page, f"{mazur.DE_DOUT_O1} × {mazur.FORWARD['out_h1']}")
    assert "forgot the activation's derivative" in feedback and "0.082167041" not in feedback
    screenshot(page, "practice-1280-mistake")
    panel_shot(page, "practice-1280-mistake-panel")
    # The question follows the notation: seed 001's w_j1k1, seed 002's Θ.
    page.select_option("#notation", "nielsen")
    wait_idle(page)
    assert "j1k1" in text(page, "#practice-title") and "outh1" not in text(page, "#practice-givens").replace("_", "")
    page.select_option("#notation", "ng")
    wait_idle(page)
    assert "Θ" in text(page, "#practice-title")
    page.select_option("#notation", "mazur")
    wait_idle(page)
    page.click("#practice-hint")
    wait_idle(page)
    assert "0.74136507" in text(page, "#practice-hints")  # the first factor, ∂E/∂out_o1
    assert "Hint (2 left)" in text(page, "#practice-hint")
    assert "Correct" in answer(page, mazur.DE_DW5)

    press(page, "ArrowRight")  # backward, layer 1: δ_h1 from the already-updated w5, w7
    page.click("[data-node='1-0']")  # the learner picks h1 in the diagram
    wait_until(page, "() => document.querySelector('#practice-quantity')?.value === 'delta:1-0'")
    wait_idle(page)
    assert "already-updated weights" in answer(page, "0.00729446")
    assert "Correct" in answer(page, "0.00877135")

    press(page, "ArrowRight")  # update: w5⁺ with the gradient added
    ask_about(page, "w_after:2-0-0")
    assert "0.35891648" not in "".join(r.text() for r in responses if r.request.method == "POST")
    assert "sign flipped" in answer(page, f"0.4 + 0.5 × {mazur.DE_DW5}")
    assert "Correct" in answer(page, mazur.UPDATED["w5"][1])
    assert text(page, "#iteration") == "1" and text(page, "#loss") == mazur.E_AFTER_FIRST_UPDATE_CORRECT

    score = text(page, "#practice-score")
    rows = {r[0]: r[1:] for r in page.evaluate(
        "[...document.querySelectorAll('#practice-score tr')].map(tr => [...tr.children].map(c => c.textContent))")}
    assert rows["outputs a"] == ["1", "0", "0"] and rows["errors E"] == ["1", "0", "0"]
    assert rows["∂E/∂w"] == ["0", "1", "0"] and rows["δ"] == ["0", "1", "0"] and rows["updated weights"] == ["0", "1", "0"]
    assert rows["All"] == ["2", "3", "1"]  # forward 2 was revealed
    assert "Revealed" in score
    screenshot(page, "practice-1280-score")

    page.set_viewport_size({"width": 390, "height": 844})
    press(page, "ArrowRight")
    ask_about(page, "a:1-1")
    assert "Correct" not in text(page, "#practice-feedback")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 390 px"
    box = page.evaluate("(() => { const b = document.querySelector('#practice-answer').getBoundingClientRect(); return [b.left, b.right]; })()")
    assert box[0] >= 0 and box[1] <= 390
    screenshot(page, "practice-390-question")
    panel_shot(page, "practice-390-question-panel")
    assert "Not right" in answer(page, "0.5")
    panel_shot(page, "practice-390-feedback-panel")
    page.click("#practice-reveal")
    wait_idle(page)
    panel_shot(page, "practice-390-score-panel")


def test_an_embed_in_practice_mode_posts_the_answer_to_its_parent(parent_site, live_server, recorder):
    rec = recorder()
    src = f"{live_server}/embed?preset=mazur&mode=practice&ask=a:1-0,grad_w:2-0-0&id=p"
    rec.page.goto(parent_site.page("practice", iframe("p", src, height=900), live_server))
    rec.wait_message("m.data && m.data.id === 'p' && m.data.type === 'bpx:ready'")
    frame = rec.page.frame_locator("#p")
    frame.locator("#btn-phase").click()
    frame.locator("#practice-answer").fill("0.3775")
    frame.locator("#practice-answer").press("Enter")
    got = rec.wait_message("m.data && m.data.id === 'p' && m.data.type === 'bpx:answer'")
    assert got["quantity"] == "a:1-0" and got["correct"] is False and got["mistake"] == "used_z_for_a"
    assert got["given"] == 0.3775 and got["attempts"] == 1
    frame.locator("#practice-answer").fill("0.593269992")
    frame.locator("#practice-answer").press("Enter")
    got = rec.wait_message("m.data && m.data.id === 'p' && m.data.type === 'bpx:answer' && m.data.correct")
    assert got["attempts"] == 2
    score = rec.wait_message("m.data && m.data.id === 'p' && m.data.type === 'bpx:score' && m.data.total.later === 1")
    assert score["score"]["a"] == {"first": 0, "later": 1, "revealed": 0}
    origins = rec.page.evaluate("[...new Set(window.bpxMessages.filter(m => m.data.type === 'bpx:answer').map(m => m.origin))]")
    assert origins == [live_server] and parent_site.origin != live_server
    # ask= skips phases it names nothing in: the next question is ∂E/∂w5 (backward, layer 2).
    frame.locator("#practice-next").click()
    frame.locator("#practice-title").filter(has_text="w5").wait_for()
    screenshot(rec.page, "practice-embed")
    assert not rec.errors, rec.errors
