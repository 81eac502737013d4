"""Embeds where instructors put them, as journeys in headless Chromium with parent pages on
another origin: narrow and notebook-sized frames, a long page of stacked embeds sized without
scrolling, the heatmap at load, a 2,000-point custom state in the URL, errors and typos in a
frame's address, and autoplay that stops when the frame is scrolled away."""
import base64
import json
import random
import zlib

import httpx
import pytest

from tests.browser_helpers import wait_until
from tests.conftest import screenshot
from tests.embed_pages import iframe, parent_site, recorder  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser


def from_id(frame_id: str) -> str:
    return f"m.data && m.data.source === 'backprop-explorer' && m.data.id === '{frame_id}'"


def link_payload(doc: dict, **extra) -> str:
    """The explorer's link payload as url-state.js writes it: deflate-raw + base64url."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = packer.compress(json.dumps({"v": 1, "doc": doc, **extra}, separators=(",", ":")).encode()) + packer.flush()
    return base64.urlsafe_b64encode(packed).decode().rstrip("=")


def test_notebook_and_narrow_frames_show_the_network(parent_site, live_server, recorder):
    rec = recorder()
    body = (iframe("nb", f"{live_server}/embed?preset=mazur&id=nb", height=350, width=700)
            + iframe("narrow", f"{live_server}/embed?preset=circle&id=narrow&panels=network,controls", height=700, width=400)
            + iframe("phone", f"{live_server}/embed?preset=circle&id=phone&panels=network,controls", height=700, width=320))
    # No resize script here: the frames keep the parent's fixed sizes, as a notebook's IFrame does.
    rec.page.goto(parent_site.page("sizes", body, live_server))
    rec.wait_message(f"{from_id('nb')} && m.data.type === 'bpx:ready'")
    rec.wait_message(f"{from_id('narrow')} && m.data.type === 'bpx:ready'")
    rec.wait_message(f"{from_id('phone')} && m.data.type === 'bpx:ready'")
    # 320 px (a phone, a course page's side column): the buttons wrap onto a second row, none cut off.
    phone = rec.page.frame(url=lambda u: "id=phone" in u)
    edges = phone.evaluate("[...document.querySelectorAll('.buttons button')].map(b => [b.getBoundingClientRect().left, b.getBoundingClientRect().right])")
    assert len(edges) == 6 and all(left >= 0 and right <= 320 for left, right in edges), edges
    for frame_id, width in (("nb", 700), ("narrow", 400)):
        frame = rec.page.frame(url=lambda u, f=frame_id: f"id={f}" in u)
        box = frame.evaluate("(() => { const r = document.getElementById('network').getBoundingClientRect();"
                             " return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; })()")
        buttons = frame.evaluate("[...new Set([...document.querySelectorAll('.buttons button')]"
                                 ".map(b => Math.round(b.getBoundingClientRect().top)))]")
        assert len(buttons) == 1, f"{frame_id}: the controls are one toolbar row, not {buttons}"
        assert box["top"] < 150 and box["left"] >= 0 and box["right"] <= width, (frame_id, box)
        if frame_id == "nb":
            assert box["bottom"] <= 350, "the 2-2-2 network is wholly inside the first 350 px"
        else:  # the whole 2-8-8-1 network: every unit inside the frame's width
            right = frame.evaluate("Math.max(...[...document.querySelectorAll('#network .node')].map(n => n.getBoundingClientRect().right))")
            assert right <= width
    screenshot(rec.page, "embed-journey-notebook-and-narrow")


def test_a_long_page_of_embeds_is_sized_at_load_without_scrolling(parent_site, live_server, recorder):
    rec = recorder()
    srcs = ["preset=mazur", "preset=xor&panels=network,loss,heatmap,controls", "preset=circle",
            "preset=sine&panels=network,heatmap,controls", "preset=mazur&notation=004&controls=step-only",
            "preset=xor_quadrants&panels=network,loss", "preset=mazur&panels=network,inspector,controls&notation=001",
            "preset=spiral&controls=none"]
    body = "".join(iframe(f"f{k}", f"{live_server}/embed?{q}&id=f{k}", height=150) for k, q in enumerate(srcs))
    rec.page.set_viewport_size({"width": 1000, "height": 700})
    rec.page.goto(parent_site.page("long", body, live_server))
    for k in range(len(srcs)):
        rec.wait_message(f"{from_id(f'f{k}')} && m.data.type === 'bpx:resize'")
    # No scrolling at all: the frames below the fold measured themselves.
    assert rec.page.evaluate("window.scrollY") == 0
    for k in range(len(srcs)):
        frame = rec.page.frame(url=lambda u, k=k: f"id=f{k}" in u)
        content = frame.evaluate("Math.ceil(document.getElementById('embed-root').getBoundingClientRect().height)")
        rec.page.wait_for_function(
            f"Math.abs(document.getElementById('f{k}').getBoundingClientRect().height - {content}) <= 4")
        sizes = [m["height"] for m in rec.messages(f"{from_id(f'f{k}')} && m.data.type === 'bpx:resize'")]
        assert len(sizes) == 1, f"frame {k} ({srcs[k]}) settled in {len(sizes)} steps: {sizes}"
    ims = rec.messages("m.data && m.data.subject === 'org.imsglobal.lti.frameResize'")
    assert len(ims) == len(srcs) and all(m["height"] > 100 for m in ims)
    screenshot(rec.page, "embed-journey-long-page")


def test_heatmap_is_drawn_at_load_and_1d_data_show_the_fit(page):
    page.goto(page.base_url + "/embed?preset=xor&panels=network,heatmap")
    page.wait_for_selector("body[data-ready=true]")
    colours = page.evaluate("""(() => { const c = document.getElementById('data-plot');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; const seen = new Set();
        for (let k = 0; k < d.length; k += 4 * 7) seen.add(d[k] << 16 | d[k + 1] << 8 | d[k + 2]); return seen.size; })()""")
    assert colours > 100, f"the heatmap has {colours} colours before any step"
    assert page.text_content("#iteration") == "0"
    page.goto(page.base_url + "/embed?preset=sine&panels=heatmap")
    page.wait_for_selector("body[data-ready=true]")
    assert page.text_content(".plot-title") == "Fit: the data and the network's curve"
    assert page.evaluate("document.getElementById('data-plot').getBoundingClientRect().height") > 100


def test_a_2000_point_custom_state_embeds_and_continues_exactly(parent_site, live_server, recorder):
    rng = random.Random(13)
    points = [[round(rng.uniform(-1, 1), 6), round(rng.uniform(-1, 1), 6), rng.randint(0, 1)] for _ in range(2000)]
    config = {"inputs": 2, "layers": [{"units": 4, "activation": "tanh"}, {"units": 1, "activation": "sigmoid"}],
              "loss": "bce", "learning_rate": 0.5, "seed": 3, "batch_size": 50}
    made = httpx.post(f"{live_server}/api/networks", json={"config": config, "dataset": {"name": "custom", "points": points}})
    assert made.status_code == 200, made.text
    doc = httpx.post(f"{live_server}/api/step", json={"state": made.json()["state"], "iterations": 3}).json()["state"]
    expected = httpx.post(f"{live_server}/api/step", json={"state": doc, "iterations": 1}).json()
    s = link_payload(doc)
    assert len(s) < 60_000 < len(base64.urlsafe_b64encode(json.dumps(doc).encode()))  # only compressed it fits
    rec = recorder()
    rec.page.goto(parent_site.page("big", iframe("big", f"{live_server}/embed?s={s}&id=big", height=400), live_server))
    rec.wait_message(f"{from_id('big')} && m.data.type === 'bpx:ready'")
    rec.page.evaluate("send('big', {type: 'bpx:getState', requestId: 'g'})")
    got = rec.wait_message(f"{from_id('big')} && m.data.type === 'bpx:stateDocument'")
    assert got["state"] == doc
    rec.page.evaluate("send('big', {type: 'bpx:step'})")
    rec.wait_message(f"{from_id('big')} && m.data.type === 'bpx:state' && m.data.iteration === 4")
    rec.page.evaluate("send('big', {type: 'bpx:getState', requestId: 'h'})")
    after = rec.wait_message(f"{from_id('big')} && m.data.type === 'bpx:stateDocument' && m.data.requestId === 'h'")
    assert after["state"]["params"] == expected["state"]["params"]
    assert after["metrics"]["train_loss"] == expected["metrics"]["train_loss"]


def test_a_mistake_in_the_address_is_explained_in_the_frame_and_posted(parent_site, live_server, recorder):
    rec = recorder(tolerated=("422",))
    body = (iframe("bad", f"{live_server}/embed?preset=mazur&controls=some&id=bad", height=200)
            + iframe("typo", f"{live_server}/embed?preset=mazur&control=step-only&id=typo", height=300))
    rec.page.goto(parent_site.page("errors", body, live_server))
    error = rec.wait_message(f"{from_id('bad')} && m.data.type === 'bpx:error'")
    assert error["detail"].startswith("controls: 'some' is not allowed")
    bad = rec.page.frame_locator("#bad")
    assert "could not start" in bad.locator("h1").text_content()
    assert bad.locator("#error-detail").text_content() == error["detail"]
    ready = rec.wait_message(f"{from_id('typo')} && m.data.type === 'bpx:ready'")
    assert ready["warnings"] == ["unknown flag control= is ignored (did you mean controls=?)"]
    assert "did you mean controls=?" in rec.page.frame_locator("#typo").locator(".embed-warnings").text_content()
    screenshot(rec.page, "embed-journey-errors")


def test_autoplay_trains_only_while_the_frame_is_in_view(parent_site, live_server, recorder):
    rec = recorder()
    body = iframe("auto", f"{live_server}/embed?preset=xor&autoplay=1&speed=50&id=auto", height=400) + \
        "<div style='height:3000px'></div><p id='end'>end</p>"
    rec.page.goto(parent_site.page("autoplay", body, live_server))
    auto = from_id("auto")
    rec.wait_message(f"{auto} && m.data.type === 'bpx:state' && m.data.playing && m.data.iteration >= 5")
    rec.page.evaluate("document.getElementById('end').scrollIntoView()")
    stopped = rec.wait_message(f"{auto} && m.data.type === 'bpx:state' && !m.data.playing && m.data.iteration >= 5")
    count = len(rec.messages(f"{auto} && m.data.type === 'bpx:state'"))
    rec.page.evaluate("window.scrollTo(0, 0)")
    resumed = rec.wait_message(f"{auto} && m.data.type === 'bpx:state' && m.data.playing && m.data.iteration > {stopped['iteration']}")
    assert resumed["loss"] is not None and count > 1
    # The learner's own Pause is kept: scrolling away and back does not restart training.
    rec.page.frame_locator("#auto").locator("#btn-play").click()
    rec.wait_message(f"{auto} && m.data.type === 'bpx:state' && !m.data.playing && m.data.iteration >= {resumed['iteration']}")
    frame = rec.page.frame_locator("#auto")
    rec.page.evaluate("document.getElementById('end').scrollIntoView()")
    frame.locator("body[data-in-view=false]").wait_for()
    rec.page.evaluate("window.scrollTo(0, 0)")
    frame.locator("body[data-in-view=true]").wait_for()
    assert frame.locator("body").get_attribute("data-playing") == "false"
    assert rec.page.frame_locator("#auto").locator("#btn-play").text_content() == "Play ▶"


def test_until_stops_after_n_epochs(page):
    page.goto(page.base_url + "/embed?preset=xor&autoplay=1&until=30&speed=200")
    page.wait_for_selector("body[data-ready=true]")
    wait_until(page, "() => document.body.dataset.playing === 'false' && Number(document.getElementById('epoch').textContent) >= 30",
               timeout=20)
    assert page.text_content("#epoch") == "30"  # exactly: the server stops there, however late frames arrive
    page.click("#btn-play")  # Play after the stop trains on
    wait_until(page, "() => Number(document.getElementById('epoch').textContent) > 30", timeout=20)


def test_the_flagship_snippet_shows_seed_004s_names_and_steps_phase_by_phase(page):
    page.goto(page.base_url + "/embed?preset=mazur&notation=004&controls=step-only")
    page.wait_for_selector("body[data-ready=true]")
    names = page.eval_on_selector_all("#network .unit-name", "els => els.map(e => e.textContent)")
    assert names == ["i1", "i2", "outh1", "outh2", "outo1", "outo2"]  # the diagram in seed 004's names (h1 a subscript)
    assert page.text_content("#network [data-node='1-0'] .unit-name tspan") == "h1"
    assert page.text_content(".embed-readout dt:has(+ #loss)") == "Error Etotal"  # E with "total" as subscript
    page.click("#step")
    page.locator("#iteration").filter(has_text="1").wait_for()
    assert page.text_content("#loss") == "0.291027774"
    # The focus line is drawn on the animation frame after the state arrives: wait for it.
    page.locator("#focus-values").filter(has_text="neto1").wait_for()
    focus = page.text_content("#focus-values")
    assert "neto1 = 1.105905967" in focus and "outo1 = 0.75136507" in focus  # seed 004's net_o1, out_o1
    # → steps one phase, as the hint says: the forward pass of layer 1 of iteration 2.
    page.keyboard.press("ArrowRight")
    page.locator("#phase-name").filter(has_text="forward, layer 1").wait_for()
    assert page.text_content("#iteration") == "1"
    page.keyboard.press("Shift+ArrowRight")
    page.locator("#iteration").filter(has_text="2").wait_for()
    screenshot(page, "embed-journey-flagship")
