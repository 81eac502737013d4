"""A teacher's three-class journey in Chromium: the Three Gaussians preset trains to > 90 %
train accuracy on screen, the loss chart switches to a log scale, the confusion matrix counts
the training set, a clicked point of class 2 joins the data, and a CSV label the softmax output
cannot represent is refused with the reason while the network stays. Screenshots of the
decision plot and the confusion matrix at 390, 1280 and 1920 px (test-artifacts/)."""
from __future__ import annotations

import re

import pytest

from tests.browser_helpers import choose_preset, open_explorer, text, wait_idle, wait_until
from tests.conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

ACCURACY = "() => { const m = (document.querySelector('#train-accuracy').textContent || '').match(/([\\d.]+) %/); return m ? Number(m[1]) : 0; }"
TOTAL_POINTS = "() => { const m = (document.querySelector('#data-plot').getAttribute('aria-label') || '').match(/(\\d+) training and (\\d+) test/); return m ? Number(m[1]) + Number(m[2]) : 0; }"
CONFUSION = "() => [...document.querySelectorAll('#confusion tbody tr')].map(r => [...r.querySelectorAll('td')].map(td => Number(td.textContent)))"


def shoot(page, name: str) -> None:
    """The whole page, and the charts panel alone (the decision plot and the matrix up close)."""
    screenshot(page, name)
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("[data-panel=charts]").screenshot(path=str(ARTIFACTS / f"{name}-charts.png"))


def test_three_classes_train_count_and_refuse_a_label(page):
    open_explorer(page, "three_gaussians")
    assert "(3)" in text(page, ".plot-title")
    assert page.locator("input[name=point-class]").count() == 3
    wait_until(page, "() => document.querySelector('#train-accuracy').textContent.includes('%')")
    before = page.evaluate(ACCURACY)
    assert before < 90, before  # a fresh network: far from trained

    page.click("#btn-play")
    wait_until(page, f"() => ({ACCURACY})() > 90", timeout=120)
    page.click("#btn-play")  # pause: the server sends the final document and its accuracies
    wait_until(page, "() => document.querySelector('#btn-play').getAttribute('aria-pressed') === 'false'")
    wait_idle(page)
    accuracy = page.evaluate(ACCURACY)
    assert 90 < accuracy <= 100, accuracy
    assert re.fullmatch(r"accuracy \d+\.\d %", text(page, "#test-accuracy")), text(page, "#test-accuracy")
    iteration = text(page, "#iteration")
    assert int(iteration) > 0

    # Log scale: the axis is labelled with whole powers of ten, none cut.
    page.check("input[name=loss-scale][value=log]")
    wait_until(page, "() => document.querySelector('#loss-chart').getAttribute('aria-label').includes('log scale')")
    ticks = page.get_attribute("#loss-chart", "data-ticks").split()
    assert len(ticks) >= 2 and all(re.fullmatch(r"1e−\d+|0\.0*1|1|10+|1e\d+", t) for t in ticks), ticks

    # The confusion matrix counts every training point once; the diagonal is the accuracy.
    page.click("#confusion summary")
    wait_until(page, "() => document.querySelectorAll('#confusion tbody tr').length === 3")
    counts = page.evaluate(CONFUSION)
    train_points = int(re.search(r"(\d+) training", page.get_attribute("#data-plot", "aria-label")).group(1))
    assert len(counts) == 3 and sum(map(sum, counts)) == train_points == 250
    assert round(100 * sum(counts[i][i] for i in range(3)) / train_points, 1) == accuracy
    page.check("input[name=confusion-set][value=test]")
    wait_until(page, "() => document.querySelector('#confusion caption').textContent.startsWith('Test set')")
    assert sum(map(sum, page.evaluate(CONFUSION))) == 250
    for width in (390, 1280, 1920):
        page.set_viewport_size({"width": width, "height": 900 if width < 1000 else 1080})
        page.locator("#confusion").scroll_into_view_if_needed()
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        shoot(page, f"classes-three-gaussians-{width}")
        page.emulate_media(color_scheme="dark")  # the theme follows the system setting
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        shoot(page, f"classes-three-gaussians-{width}-dark")
        page.emulate_media(color_scheme="light")
    page.set_viewport_size({"width": 1280, "height": 720})
    wait_idle(page)

    # A point of class 2, picked with the keyboard's radio group and clicked on the plot.
    total = page.evaluate(TOTAL_POINTS)
    page.check("input[name=point-class][value='2']")
    plot = page.locator("#data-plot")
    box = plot.bounding_box()
    plot.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.85})  # scrolls it into view
    wait_until(page, f"() => ({TOTAL_POINTS})() === {total + 1}")
    wait_idle(page)
    assert "class-2 point" in text(page, "#notice")
    assert page.input_value("#data-name") == "custom"
    assert page.input_value("#csv").splitlines()[-1].endswith(",2")

    # A CSV label 3 on a 3-unit softmax: refused with the reason; the network on screen stays.
    page.fill("#csv", "x1,x2,label\n0,0,0\n1,1,1\n-1,1,2\n0.5,0.5,3")
    page.allowed_errors.append("422")  # the refused check logs its HTTP status
    page.click("#csv-apply")
    wait_until(page, "() => document.querySelector('#message').textContent.includes('label 3')")
    message = text(page, "#message")
    assert "dataset.points" in message and "at least 4 units" in message, message
    assert page.evaluate(TOTAL_POINTS) == total + 1 and page.input_value("#data-name") == "custom"
    assert page.input_value("#csv").splitlines()[-1].endswith(",2")  # the form shows the data on screen
    screenshot(page, "classes-refused-label")

    # Two Gaussians is a preset of its own (a test split); choosing the three-class set for
    # its one-unit output makes the output layer three softmax units, and says so.
    choose_preset(page, "gaussians")
    assert page.locator("input[name=point-class]").count() == 2 and text(page, "#test-accuracy").startswith("accuracy")
    page.select_option("#data-name", "three_gaussians")
    wait_until(page, "() => document.querySelector('#notice').textContent.includes('3 classes')")
    wait_idle(page)
    assert page.input_value(".layer-row[data-layer='1'] .units") == "3"
    assert page.input_value(".layer-row[data-layer='1'] .activation") == "softmax"
    assert page.input_value("#cfg-loss") == "softmax_ce" and not text(page, "#message")
    wait_until(page, "() => document.querySelectorAll('input[name=point-class]').length === 3")
