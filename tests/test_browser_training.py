"""Auto-train over the WebSocket, editing (architecture, hyperparameters, data, weights),
files, the gradient check and the layout: every control of the explorer, in Chromium."""
import json

import pytest

from tests.browser_helpers import click_edge, open_explorer, press, text, wait_idle, wait_until
from tests.conftest import screenshot

pytestmark = pytest.mark.browser


def loss(page) -> float:
    return float(text(page, "#loss").replace("−", "-"))


def set_range(page, selector: str, value: int):
    page.fill(selector, str(value))
    wait_idle(page)


def test_two_seconds_of_auto_train_on_xor_lower_the_loss_and_draw_heatmaps(page):
    open_explorer(page, "xor")
    start = loss(page)
    set_range(page, "#speed", 6)  # 100 iterations per second
    page.click("#btn-play")
    # The controls render on an animation frame (4 times a second while training): wait for it.
    wait_until(page, "() => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'true'")
    page.wait_for_timeout(2000)
    page.keyboard.press("Space")  # pause: the server sends the final state document
    wait_until(page, "() => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false'")
    wait_idle(page)
    assert int(text(page, "#iteration")) > 20
    assert loss(page) < start
    # The decision boundary and the hidden units' heatmaps were drawn from the frames' grids.
    painted = page.evaluate("""() => {
      const c = document.querySelector('#data-plot'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let coloured = 0; for (let k = 0; k < d.length; k += 4) if (d[k + 3] && (d[k] !== d[k + 1] || d[k + 1] !== d[k + 2])) coloured++;
      return coloured / (d.length / 4); }""")
    assert painted > 0.5
    assert page.locator(".node:not([data-node^='0-']) .unit-map[visibility=visible]").count() == 3
    assert page.locator("[data-node^='0-'] .unit-map[visibility=visible]").count() == 2  # the features' pictures
    chart_points = page.evaluate("() => document.querySelector('#loss-chart').getAttribute('aria-label')")
    assert "train" in chart_points
    screenshot(page, "explorer-xor-trained")
    # Training resumes from where it paused; stepping on afterwards works from the final state.
    before = int(text(page, "#iteration"))
    press(page, "Shift+ArrowRight")
    assert int(text(page, "#iteration")) == before + 1


def test_architecture_edits_reset_and_say_so(page):
    open_explorer(page, "xor")
    press(page, "Shift+ArrowRight", 2)
    page.click(".layer-row[data-layer='0'] .units-plus")
    wait_idle(page)
    assert page.locator("[data-node^='1-']").count() == 4
    assert text(page, "#iteration") == "0" and "reset" in text(page, "#notice")
    page.click("#add-layer")
    wait_idle(page)
    assert page.locator(".layer-row").count() == 3 and page.locator("[data-node^='2-']").count() == 4
    page.select_option(".layer-row[data-layer='1'] .activation", "relu")
    wait_idle(page)
    assert page.input_value(".layer-row[data-layer='1'] .activation") == "relu"
    page.fill(".layer-row[data-layer='1'] .units", "16")
    page.press(".layer-row[data-layer='1'] .units", "Enter")
    page.locator("#cfg-seed").focus()  # blur commits the number
    wait_idle(page)
    assert page.locator("[data-node^='2-']").count() == 16
    assert page.locator("line.edge").count() == 2 * 4 + 4 * 16 + 16 * 1
    page.click(".layer-row[data-layer='0'] .remove-layer")
    wait_idle(page)
    assert page.locator(".layer-row").count() == 2 and page.locator("line.edge").count() == 2 * 16 + 16
    page.select_option("#cfg-loss", "half_sse")
    wait_idle(page)
    page.select_option("#cfg-init", "he")
    wait_idle(page)
    assert page.input_value("#cfg-init") == "he"
    press(page, "Shift+ArrowRight")
    assert text(page, "#iteration") == "1" and not text(page, "#message")


def test_hyperparameters_change_without_reset(page):
    open_explorer(page)
    press(page, "Shift+ArrowRight")
    page.fill("#cfg-learning_rate", "0.1")
    page.press("#cfg-learning_rate", "Tab")
    wait_idle(page)
    assert text(page, "#iteration") == "1" and "kept" in text(page, "#notice")
    for selector, value in (("#cfg-momentum", "0.5"), ("#cfg-l2", "0.01"), ("#cfg-batch_size", "1")):
        page.fill(selector, value)
        page.press(selector, "Tab")
        wait_idle(page)
    page.uncheck("#cfg-freeze_biases")
    wait_idle(page)
    press(page, "ArrowRight", 6)  # one iteration phase by phase, with the new settings
    equations = text(page, "#phase-equations")
    assert "η" in equations and "0.1×" in equations  # the update uses η = 0.1
    assert text(page, "#iteration") == "2" and not text(page, "#message")


def test_typing_a_weight_and_pasting_csv_points(page):
    open_explorer(page, "xor")
    click_edge(page, "1-0-0")
    page.fill("#param-value", "−1.5")
    page.press("#param-value", "Enter")
    wait_idle(page)
    assert "−1.5" in page.get_attribute("[data-node='1-0']", "aria-label") or "Set to −1.5" in text(page, "#notice")
    page.click("[data-node='1-0']")
    wait_idle(page)
    assert "Weights in" in text(page, "#inspector")
    page.click("#inspector [data-edge='1-0-0']")  # the keyboard route to an edge
    wait_idle(page)
    assert page.input_value("#param-value") == "−1.5"
    page.fill("#csv", "x1,x2,label\n-1,-1,0\n1,1,0\n-1,1,1\n1,-1,1\n0.5,0.5,0\n-0.5,0.5,1")
    page.click("#csv-apply")
    wait_idle(page)
    wait_until(page, "() => (document.querySelector('#data-plot').getAttribute('aria-label') || '').includes('6 training')")
    assert page.input_value("#data-name") == "custom"
    # Clicking the plot adds a point; Shift+click one of the other class. (The plot is in the
    # right-hand column, the CSV form at the foot of the left one: bring the plot into view.)
    page.locator("#data-plot").scroll_into_view_if_needed()
    box = page.locator("#data-plot").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.8, box["y"] + box["height"] * 0.2)
    wait_idle(page)
    wait_until(page, "() => document.querySelector('#data-plot').getAttribute('aria-label').includes('7 training')")
    page.keyboard.down("Shift")
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.8)
    page.keyboard.up("Shift")
    wait_until(page, "() => document.querySelector('#data-plot').getAttribute('aria-label').includes('8 training')")
    assert "class-0" in text(page, "#notice")
    press(page, "Shift+ArrowRight")
    assert not text(page, "#message")


def test_dataset_choice_noise_and_transforms(page):
    open_explorer(page, "xor")
    page.select_option("#data-name", "circle")
    wait_idle(page)
    wait_until(page, "() => (document.querySelector('#data-plot').getAttribute('aria-label') || '').includes('500 training')")
    page.fill("#data-train_share", "0.8")
    page.press("#data-train_share", "Tab")
    wait_until(page, "() => document.querySelector('#data-plot').getAttribute('aria-label').includes('400 training')")
    page.check("input[name=feature][value='x1^2']")
    wait_idle(page)
    assert page.locator("[data-node^='0-']").count() == 3 and "reset" in text(page, "#notice")
    press(page, "Shift+ArrowRight")
    assert text(page, "#test-loss") != "–"
    screenshot(page, "explorer-circle-features")


def test_export_and_import_the_state_document(page, browser, tmp_path):
    open_explorer(page)
    press(page, "Shift+ArrowRight", 2)
    with page.expect_download() as download:
        page.click("#export")
    doc = json.loads(open(download.value.path()).read())
    assert doc["iteration"] == 2 and doc["params"]["weights"][1][0][0] != 0.4
    press(page, "r")
    path = tmp_path / "state.json"
    path.write_text(json.dumps(doc))
    page.set_input_files("#import", str(path))
    wait_until(page, "() => document.querySelector('#iteration').textContent === '2'")
    assert "Imported" in text(page, "#notice")


def test_a_bad_import_is_refused_naming_the_field(browser, live_server, tmp_path):
    # Its own page: the refused request is logged by Chromium as a failed resource, which
    # the shared fixture would count as an error. Any other console error still fails.
    pg = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" and "status of 422" not in m.text else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.base_url = live_server
    open_explorer(pg)
    press(pg, "Shift+ArrowRight")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "config": {"inputs": 2, "layers": [{"units": 2, "activation": "sigmoid"}],
                                "learning_rate": -1}, "dataset": {"name": "mazur"}, "params": {"weights": [], "biases": []}}))
    pg.set_input_files("#import", str(bad))
    wait_until(pg, "() => document.querySelector('#message').textContent.includes('learning_rate')")
    assert text(pg, "#iteration") == "1"  # the network on screen is kept
    assert not errors
    pg.context.close()


def test_gradient_check_panel(page):
    open_explorer(page)
    page.click("#gradcheck-run")
    wait_until(page, "() => document.querySelector('#gradcheck-max')")
    assert float(text(page, "#gradcheck-max").replace("−", "-")) < 1e-6
    assert page.locator(".gradcheck-table tbody tr").count() == 12  # 8 weights + 4 biases
    assert "w5" in text(page, ".gradcheck-table")


def test_keyboard_reach_and_narrow_layout(page):
    open_explorer(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "preset"
    page.locator("[data-node='1-0']").focus()
    press(page, "Enter")
    assert "h1" in text(page, "#inspector")
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('button, input, select, textarea')].filter(e =>
      !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.textContent.trim()).map(e => e.outerHTML)""")
    assert unlabelled == []
    page.set_viewport_size({"width": 390, "height": 844})
    wait_idle(page)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.querySelector('.side').getBoundingClientRect().width]")
    assert widths[0] <= 392 and widths[1] <= 390
    screenshot(page, "explorer-390px")


def unit_canvas_pixel(page, node: str, fx: float, fy: float) -> list[int]:
    """RGBA of the unit canvas at a point of unit `node`'s box (fractions of its width, height)."""
    return page.evaluate("""([node, fx, fy]) => {
        const canvas = document.querySelector('canvas.unit-bodies');
        const box = document.querySelector(`[data-node='${node}'] .body`).getBoundingClientRect();
        const at = canvas.getBoundingClientRect(), ratio = canvas.width / at.width;
        const x = Math.round((box.left + fx * box.width - at.left) * ratio), y = Math.round((box.top + fy * box.height - at.top) * ratio);
        return Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data); }""", [node, fx, fy])


def test_an_8x16_network_is_drawn_and_its_canvas_edges_can_be_inspected(page, tmp_path):
    import httpx
    config = {"inputs": 2, "loss": "bce", "learning_rate": 0.03, "seed": 3,
              "layers": [{"units": 16, "activation": "tanh"}] * 8 + [{"units": 1, "activation": "sigmoid"}]}
    doc = httpx.post(page.base_url + "/api/networks", json={"config": config, "dataset": {"name": "circle", "n": 100}}).json()["state"]
    open_explorer(page)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(doc))
    page.set_input_files("#import", str(path))
    page.wait_for_selector("[data-node='8-15']", state="attached")
    wait_idle(page)
    # The units' a and δ colours are on the unit canvas (unit-canvas.js): the output unit's
    # δ bar (its right edge) is "not computed yet" before the first step, coloured after it.
    blank = unit_canvas_pixel(page, "8-0", 0.97, 0.5)
    press(page, "Shift+ArrowRight")
    stepped = unit_canvas_pixel(page, "8-0", 0.97, 0.5)
    assert stepped != blank and stepped[3] == 255, (blank, stepped)
    assert unit_canvas_pixel(page, "9-0", 0.3, 0.5)[3] == 255  # the output unit's a square (no map)
    assert page.get_attribute("#network", "data-edge-count") == str(2 * 16 + 7 * 16 * 16 + 16)
    assert page.locator("#network .node").count() == 2 + 8 * 16 + 1
    # Click halfway between unit 1 of hidden layer 3 and unit 1 of hidden layer 4.
    a = page.locator("[data-node='3-0'] .body").bounding_box()
    b = page.locator("[data-node='4-0'] .body").bounding_box()
    page.mouse.click((a["x"] + a["width"] + b["x"]) / 2, a["y"] + a["height"] / 2)
    wait_idle(page)
    assert "weight from h3,1 to h4,1" in text(page, "#inspector")
    screenshot(page, "explorer-8x16")
