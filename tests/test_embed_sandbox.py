"""/embed inside sandboxed frames, as LMSs and notebook outputs show it: a frame sandboxed with
allow-scripts only (an opaque origin: modules, API and WebSocket answer "null"), a sandboxed
srcdoc parent (framing unrestricted by the setting), and a frame whose scripts are blocked."""
import html

import pytest

from tests.conftest import screenshot
from tests.embed_pages import parent_site, recorder  # noqa: F401 (fixtures)

FROM_S = "m.data && m.data.source === 'backprop-explorer' && m.data.id === 's'"


def sandboxed(src: str, sandbox: str = "allow-scripts", height: int = 200) -> str:
    return (f"<iframe id='s' sandbox='{sandbox}' src='{src}' title='sandboxed' "
            f"style='width:800px;height:{height}px;border:0;display:block'></iframe>")


def test_cors_answers_the_null_origin_only(client):
    js = client.get("/static/js/embed.js", headers={"Origin": "null"})
    assert js.status_code == 200 and js.headers["access-control-allow-origin"] == "null"
    assert "access-control-allow-credentials" not in js.headers
    assert js.headers["access-control-expose-headers"] == "Retry-After"  # so the frame can wait as told
    preflight = client.options("/api/step", headers={"Origin": "null", "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 204 and preflight.headers["access-control-allow-origin"] == "null"
    assert "content-type" in preflight.headers["access-control-allow-headers"]
    other = client.get("/static/js/embed.js", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in other.headers
    # Framing unrestricted ("*"): no frame-ancestors at all, so opaque-origin parents may frame.
    assert "frame-ancestors" not in client.get("/embed").headers["content-security-policy"]


@pytest.mark.browser
def test_allow_scripts_only_frame_draws_steps_and_trains(parent_site, live_server, recorder):
    rec = recorder()
    src = f"{live_server}/embed?preset=mazur&id=s&panels=network,loss,controls"
    rec.page.goto(parent_site.page("sandbox", sandboxed(src), live_server))
    ready = rec.wait_message(f"{FROM_S} && m.data.type === 'bpx:ready'")
    assert round(ready["loss"], 9) == 0.298371109
    assert rec.messages(f"{FROM_S}")[0] and {m["origin"] for m in rec.page.evaluate("window.bpxMessages")} == {"null"}
    frame = rec.page.frame_locator("#s")
    assert frame.locator("line.edge").count() == 8  # the diagram is drawn
    rec.page.evaluate("send('s', {type: 'bpx:step'})")
    event = rec.wait_message(f"{FROM_S} && m.data.type === 'bpx:state' && m.data.iteration === 1")
    assert round(event["loss"], 9) == 0.291027774
    frame.locator("#loss").filter(has_text="0.291027774").wait_for()
    # embed-parent.js accepts the opaque origin of a sandboxed frame and sizes it.
    # (the latest bpx:resize: the frame may settle its height after the first one)
    rec.wait_message(f"{FROM_S} && m.data.type === 'bpx:resize'")
    rec.page.wait_for_function(f"""() => {{
        const last = window.bpxMessages.filter(m => {FROM_S} && m.data.type === 'bpx:resize').at(-1);
        return Math.abs(document.getElementById('s').getBoundingClientRect().height - last.data.height) < 1;
    }}""")
    # The training WebSocket accepts the null origin: Play trains, Pause stops.
    rec.page.evaluate("send('s', {type: 'bpx:play', speed: 50})")
    rec.wait_message(f"{FROM_S} && m.data.type === 'bpx:state' && m.data.playing && m.data.iteration >= 5")
    rec.page.evaluate("send('s', {type: 'bpx:pause'})")
    rec.wait_message(f"{FROM_S} && m.data.type === 'bpx:state' && !m.data.playing && m.data.iteration >= 5")
    screenshot(rec.page, "embed-sandboxed-allow-scripts")


@pytest.mark.browser
def test_sandboxed_srcdoc_parent_holds_a_working_embed(parent_site, live_server, recorder):
    """A notebook-style output: the parent shows a sandboxed srcdoc document that frames /embed
    and relays messages both ways (its own origin is opaque)."""
    rec = recorder()
    inner = (f"<iframe id='e' src='{live_server}/embed?preset=mazur&id=nb&controls=step-only' "
             "style='width:760px;height:400px;border:0'></iframe><script>"
             "const e = document.getElementById('e');"
             "addEventListener('message', (m) => { if (m.source === e.contentWindow) parent.postMessage(m.data, '*');"
             " else e.contentWindow.postMessage(m.data, '*'); });</script>")
    body = (f"<iframe id='nb' sandbox='allow-scripts' srcdoc=\"{html.escape(inner)}\" "
            "style='width:800px;height:440px;border:0'></iframe>")
    rec.page.goto(parent_site.page("srcdoc", body, live_server))
    nb = "m.data && m.data.source === 'backprop-explorer' && m.data.id === 'nb'"
    rec.wait_message(f"{nb} && m.data.type === 'bpx:ready'")
    rec.page.evaluate("send('nb', {type: 'bpx:step'})")
    event = rec.wait_message(f"{nb} && m.data.type === 'bpx:state' && m.data.iteration === 1")
    assert round(event["loss"], 9) == 0.291027774
    embed = rec.page.frame_locator("#nb").frame_locator("#e")
    embed.locator("#loss").filter(has_text="0.291027774").wait_for()
    assert embed.locator("line.edge").count() == 8
    screenshot(rec.page, "embed-sandboxed-srcdoc-parent")


@pytest.mark.browser
def test_a_frame_without_scripts_says_why(parent_site, live_server, recorder):
    rec = recorder(tolerated=("Blocked script execution",))
    rec.page.goto(parent_site.page("noscript", sandboxed(f"{live_server}/embed?preset=mazur&id=s", sandbox=""),
                                   live_server))
    note = rec.page.frame_locator("#s").locator(".embed-noscript")
    note.wait_for()
    assert "allow-scripts" in note.text_content()
