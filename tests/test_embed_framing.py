"""Who may frame what: `/` refuses to be framed, `/embed` allows it (frame-ancestors from the
`embed_frame_ancestors` setting), and only allow-listed origins may command an embed."""
import pytest

from tests.conftest import free_port, screenshot, start_server
from tests.embed_pages import ParentSite, iframe, parent_site, recorder  # noqa: F401 (fixtures)

REFUSED = ("Refused to display", "Refused to frame", "frame-ancestors", "X-Frame-Options")


def test_headers_deny_framing_everywhere_but_embed(client):
    embed = client.get("/embed?preset=xor")
    assert embed.status_code == 200
    # Unrestricted ("*", the default): no frame-ancestors at all, since `frame-ancestors *` would
    # refuse a parent with an opaque origin (a sandboxed srcdoc page, test_embed_sandbox.py).
    assert "frame-ancestors" not in embed.headers["content-security-policy"]
    assert "x-frame-options" not in embed.headers
    for path in ("/", "/examples/course"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers.get("content-security-policy", "")
        assert response.headers.get("x-frame-options", "").upper() == "DENY" or "frame-ancestors 'none'" in csp, path


@pytest.mark.browser
def test_browser_renders_embed_in_a_frame_but_not_the_main_page(parent_site, live_server, recorder):
    rec = recorder(tolerated=REFUSED)
    body = (iframe("main", f"{live_server}/", height=300)
            + iframe("embed", f"{live_server}/embed?preset=mazur&id=embed", height=300))
    rec.page.goto(parent_site.page("framing", body, live_server))
    rec.wait_message("m.data && m.data.id === 'embed' && m.data.type === 'bpx:ready'")
    embed = rec.page.frame_locator("#embed")
    assert embed.locator("body[data-ready=true] line.edge").count() == 8
    main = rec.page.frame_locator("#main")
    # The refused frame holds Chromium's error page, never the explorer's document.
    assert main.locator("#network").count() == 0
    assert main.locator("body[data-ready]").count() == 0
    frame = rec.page.query_selector("#main").content_frame()
    assert frame is None or "Backprop Explorer" not in (frame.title() or "")
    screenshot(rec.page, "embed-framing-main-refused")


@pytest.fixture(scope="module")
def restricted(tmp_path_factory):
    """A second explorer whose settings allow commands from site A only and framing by A and B."""
    sites = {name: ParentSite(tmp_path_factory.mktemp(name)) for name in ("a", "b", "c")}
    port = free_port()
    proc = start_server(port, env={
        "BPX_EMBED_ALLOWED_ORIGINS": sites["a"].origin,
        "BPX_EMBED_FRAME_ANCESTORS": f"{sites['a'].origin} {sites['b'].origin}",
    })
    yield f"http://127.0.0.1:{port}", sites
    proc.terminate()
    proc.wait(timeout=10)
    for site in sites.values():
        site.close()


@pytest.mark.browser
def test_origin_allow_list_and_frame_ancestors_setting(restricted, recorder):
    explorer, sites = restricted
    src = f"{explorer}/embed?preset=mazur&id=x"
    allowed, ignored, refused = recorder(), recorder(), recorder(tolerated=REFUSED)
    allowed.page.goto(sites["a"].page("a", iframe("x", src, height=400), explorer))
    ignored.page.goto(sites["b"].page("b", iframe("x", src, height=400), explorer))
    refused.page.goto(sites["c"].page("c", iframe("x", src, height=400), explorer))

    # Site A is on the allow-list: it gets events and its step is obeyed.
    allowed.wait_message("m.data && m.data.type === 'bpx:ready'")
    allowed.page.evaluate("send('x', {type: 'bpx:step'})")
    allowed.wait_message("m.data && m.data.type === 'bpx:state' && m.data.iteration === 1")

    # Site B may frame it but not command it: its step is dropped and it hears nothing back.
    ignored.page.frame_locator("#x").locator("body[data-ready=true]").wait_for(timeout=10_000)
    ignored.page.evaluate("send('x', {type: 'bpx:step'}); send('x', {type: 'bpx:step'})")
    frame = ignored.page.frame_locator("#x")
    frame.locator("body[data-refused-messages='2']").wait_for(timeout=10_000)
    assert frame.locator("#iteration").text_content() == "0"
    frame.locator("#btn-iteration").click()  # the learner's own button still works
    frame.locator("#iteration").filter(has_text="1").wait_for(timeout=10_000)
    assert ignored.page.evaluate("window.bpxMessages.length") == 0

    # Site C is not among the frame-ancestors: Chromium refuses to render the frame.
    refused.page.wait_for_load_state("load")
    assert refused.page.frame_locator("#x").locator("body[data-ready]").count() == 0
    assert refused.page.evaluate("window.bpxMessages.length") == 0
