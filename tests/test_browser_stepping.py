"""The explorer on the worked example (seed 004): phases in order with their numbers, the
chain rule in the inspector, the three notations, history, links and keys."""
import re

import pytest

from tests.browser_helpers import click_edge, history_length, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser

# (phase attribute, a number the tutorial prints that the phase must show)
MAZUR_PHASES = [
    ("forward-1", "0.593269992"),   # out_h1
    ("forward-2", "0.75136507"),    # out_o1
    ("loss-2", "0.298371109"),      # E_total
    ("backward-2", "0.138498562"),  # δ_o1 = 0.74136507 × 0.186815602
    ("backward-1", "0.036350306"),  # Σ_o δ_o w_ho for h1
    ("update-", "0.35891648"),      # w5⁺
]


def test_phases_come_in_order_with_the_tutorials_numbers(page):
    open_explorer(page)
    assert text(page, "#loss") == "0.298371109"
    for k, (phase, number) in enumerate(MAZUR_PHASES):
        press(page, "ArrowRight")
        assert page.get_attribute("[data-panel=phase]", "data-phase") == phase
        assert text(page, "#phase-title").startswith(f"Phase {k + 1} of 6")
        assert number in text(page, "#phase-equations"), (phase, text(page, "#phase-equations"))
        if k == 0:
            # Only layer 1 has been computed: its numbers are highlighted, the output's are not shown yet.
            assert page.locator("[data-node='1-0'].fresh-a").count() == 1
            assert "a ·" in text(page, "[data-node='2-0']")
            screenshot(page, "explorer-mazur-forward-1")
    assert text(page, "#iteration") == "1"
    # The tutorial prints 0.291027924 here; its own updated weights give 0.291027774.
    assert text(page, "#loss") == "0.291027774"
    assert "0.291027924" in text(page, "#slip")
    assert "0.4−0.5×0.082167041=0.35891648" in text(page, "#phase-equations")
    screenshot(page, "explorer-mazur-update")


def test_inspector_derives_w5_by_the_chain_rule_in_three_notations(page):
    open_explorer(page)
    click_edge(page, "2-0-0")  # w5: h1 → o1
    assert "compute" in text(page, "#inspector") and "0.082167041" not in text(page, "#inspector")
    press(page, "ArrowRight", 4)  # forward 1, forward 2, loss, backward 2
    click_edge(page, "2-0-0")
    inspector = text(page, "#inspector")
    for number in ("0.74136507", "0.186815602", "0.593269992", "0.082167041"):
        assert number in inspector, inspector
    assert page.locator("#inspector math").count() >= 2  # rendered as MathML
    assert "out" in inspector and "net" in inspector and "w5" in inspector.replace(" ", "")
    screenshot(page, "explorer-inspector-w5")
    page.select_option("#notation", "nielsen")
    wait_idle(page)
    assert re.search(r"w\s*j1\s*k1", text(page, "#inspector")) and "0.082167041" in text(page, "#inspector")
    page.select_option("#notation", "ng")
    wait_idle(page)
    assert "Θ" in text(page, "#inspector") and "0.082167041" in text(page, "#inspector")
    # A hidden weight sums over the output units it feeds (seed 004: ∂E/∂w1 = 0.000438568).
    page.select_option("#notation", "mazur")
    press(page, "ArrowRight")  # backward 1
    click_edge(page, "1-0-0")
    inspector = text(page, "#inspector")
    for number in ("0.036350306", "0.241300709", "0.05", "0.000438568"):
        assert number in inspector, inspector
    # A node shows its forward sum and its δ.
    page.click("[data-node='1-0']")
    wait_idle(page)
    assert "0.3775" in text(page, "#inspector") and "0.593269992" in text(page, "#inspector")


def test_scrubber_and_back_return_to_earlier_states_and_stepping_on_drops_later_ones(page):
    open_explorer(page)
    losses = [text(page, "#loss")]
    for _ in range(3):
        press(page, "Shift+ArrowRight")
        losses.append(text(page, "#loss"))
    assert len(set(losses)) == 4 and history_length(page) == 4
    page.fill("#scrubber", "1")  # range inputs take fill(); fires input
    wait_idle(page)
    assert text(page, "#iteration") == "1" and text(page, "#loss") == losses[1]
    press(page, "ArrowLeft")
    assert text(page, "#iteration") == "0" and text(page, "#loss") == losses[0]
    page.click("#btn-iteration")
    wait_idle(page)
    assert text(page, "#loss") == losses[1] and history_length(page) == 2


def test_a_copied_url_reproduces_the_view(page, browser):
    open_explorer(page)
    press(page, "ArrowRight", 4)
    click_edge(page, "2-0-0")
    page.select_option("#notation", "ng")
    page.uncheck("#show-numbers")
    wait_idle(page)
    wait_until(page, "() => location.hash.length > 10")
    page.wait_for_timeout(150)  # the hash is written asynchronously (deflate)
    url = page.evaluate("location.href")
    expected = {sel: text(page, sel) for sel in ("#phase-equations", "#inspector", "#loss", "#iteration", "#phase-name")}
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    errors = []
    other.on("pageerror", lambda e: errors.append(str(e)))
    other.goto(url)
    other.wait_for_selector("body[data-ready=true]")
    wait_idle(other)
    assert {sel: text(other, sel) for sel in expected} == expected
    assert "0.082167041" in expected["#inspector"]
    assert other.input_value("#notation") == "ng" and not other.is_checked("#show-numbers")
    assert not errors
    other.context.close()


def test_keyboard_shortcuts_and_buttons(page):
    open_explorer(page)
    press(page, "ArrowRight")
    assert page.get_attribute("[data-panel=phase]", "data-phase") == "forward-1"
    press(page, "Shift+ArrowRight")  # finishes the iteration
    assert text(page, "#iteration") == "1"
    press(page, "e")  # one epoch (the example has one pair: one iteration)
    assert text(page, "#iteration") == "2" and text(page, "#epoch") == "2"
    page.click("#btn-epoch")
    wait_idle(page)
    assert text(page, "#epoch") == "3"
    page.click("#btn-phase")
    wait_idle(page)
    assert page.get_attribute("[data-panel=phase]", "data-phase") == "forward-1"
    page.click("#btn-back")
    wait_idle(page)
    assert text(page, "#iteration") == "3" and page.get_attribute("[data-panel=phase]", "data-phase") == ""
    press(page, "r")
    assert text(page, "#iteration") == "0" and text(page, "#loss") == "0.298371109"
    press(page, "Shift+ArrowRight")
    page.click("#btn-reset")
    wait_idle(page)
    assert text(page, "#iteration") == "0"
    # Every action is a button with its key announced.
    for button, key in (("back", "ArrowLeft"), ("phase", "ArrowRight"), ("iteration", "Shift+ArrowRight"),
                        ("epoch", "e"), ("play", "Space"), ("reset", "r")):
        assert page.get_attribute(f"#btn-{button}", "aria-keyshortcuts") == key


def test_numbers_toggle_edge_colour_by_gradient_and_matrix_view(page):
    open_explorer(page)
    weights = page.eval_on_selector_all("line.edge", "els => els.map(e => e.getAttribute('stroke'))")
    press(page, "Shift+ArrowRight")
    page.select_option("#edge-mode", "grad")
    wait_idle(page)
    grads = page.eval_on_selector_all("line.edge", "els => els.map(e => e.getAttribute('stroke'))")
    assert grads != weights and "∂E/∂w" in text(page, ".legend")
    page.uncheck("#show-numbers")
    wait_idle(page)
    assert not page.is_visible("[data-node='1-0'] text.a")
    page.select_option("#matrix-layer", "2")
    wait_idle(page)
    matrix = text(page, "#matrix")
    assert "W(2)" in matrix and "0.3589" in matrix  # w5 after the first update


def test_an_action_taken_while_a_request_is_in_flight_is_queued_not_dropped(page):
    open_explorer(page, "xor")
    # Two steps and an architecture edit in one task: the second step and the edit are made
    # while the first step's request is in flight, and must run after it.
    page.evaluate("""() => {
      const key = (k, shift) => document.body.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey: shift, bubbles: true }));
      key('ArrowRight', true); key('ArrowRight', true);
      if (document.body.dataset.busy !== 'true') throw new Error('the first step should be in flight');
    }""")
    wait_idle(page)
    assert text(page, "#iteration") == "2"
    assert history_length(page) == 3
    page.evaluate("""() => {
      document.querySelector(".layer-row[data-layer='0'] .units-plus").click();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', shiftKey: true, bubbles: true }));
    }""")
    wait_idle(page)
    # The edit reset the network (4 hidden units), then the queued step ran on the new one.
    assert page.locator("[data-node^='1-']").count() == 4
    assert text(page, "#iteration") == "1"


def test_step_advances_iteration_and_error_and_repaints_the_edges(page):
    """The walking skeleton's promise: Step → a new iteration, a new error, edges redrawn."""
    open_explorer(page)
    edges = "els => els.map(e => e.getAttribute('stroke') + '|' + e.getAttribute('stroke-width'))"
    before = page.eval_on_selector_all("line.edge", edges)
    assert len(before) == 8 and text(page, "#iteration") == "0" and text(page, "#loss") == "0.298371109"
    page.click("#btn-iteration")
    wait_idle(page)
    assert text(page, "#iteration") == "1" and text(page, "#loss") == "0.291027774"
    after = page.eval_on_selector_all("line.edge", edges)
    changed = [k for k, (b, a) in enumerate(zip(before, after)) if b != a]
    assert changed, "no edge changed colour or width after a step"


def test_docs_render_the_api_reference_offline(page):
    """/docs runs the vendored Swagger UI under the strict CSP: operations listed, no errors."""
    page.goto(page.base_url + "/docs")
    page.locator(".opblock-summary-path", has_text="/api/step").first.wait_for(timeout=15_000)
    assert page.locator(".opblock").count() >= 8  # every REST operation has a block
