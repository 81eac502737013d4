"""A student presses Shift+→ many times in a row on the circle set: the maps follow the last
state (one grid request at a time, the newest state next), and no request is refused."""
from __future__ import annotations

import json

from tests.browser_helpers import open_explorer, text, wait_idle, wait_until


def test_quick_steps_end_on_the_map_of_the_last_iteration(page):
    open_explorer(page, "circle")
    out, most_in_flight, asked, answers = set(), [0], [], []  # out: grid requests sent from here on

    def sent(request):
        if request.url.endswith("/api/grid"):
            out.add(request)
            most_in_flight[0] = max(most_in_flight[0], len(out))
            asked.append(json.loads(request.post_data)["state"]["iteration"])

    def answered(response):
        if response.request in out:  # the preset's own grid may still be out: not counted
            out.discard(response.request)
            answers.append(response.status)

    page.on("request", sent)
    page.on("response", answered)

    def slow_grid(route):  # a slow network or a busy server: steps land while a grid is out
        page.wait_for_timeout(300)  # the answer is late on purpose
        route.continue_()
    page.route("**/api/grid", slow_grid)
    for _ in range(8):
        page.keyboard.press("Shift+ArrowRight")  # as fast as a key repeats: no waiting between
    wait_until(page, "() => document.querySelector('#iteration').textContent === '8'")
    wait_idle(page)
    for _ in range(200):  # the last grid answer (a grid is fetched after the step lands)
        if asked and asked[-1] == 8 and len(answers) == len(asked):
            break
        page.wait_for_timeout(50)
    page.unroute("**/api/grid")
    assert text(page, "#iteration") == "8"
    assert asked and asked[-1] == 8, asked  # the map asked for is the last iteration's
    assert answers and set(answers) == {200}, answers  # nothing refused (429) or failed
    assert most_in_flight[0] == 1, most_in_flight  # one at a time
    assert len(asked) < 8, asked  # states stepped past while a grid was out are skipped


def test_a_step_the_server_refuses_for_now_is_asked_again_and_says_so(page):
    """The server's admission control answers 503 with Retry-After (a full worker): the page
    says it will ask again, does, and shows the step's numbers; no error is left on screen."""
    open_explorer(page, "mazur")
    page.allowed_errors = ["status of 503"]  # the browser logs the refused request itself
    refused = []

    def busy_once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=503, headers={"Retry-After": "1", "Content-Type": "application/json"},
                          body=json.dumps({"detail": "busy: this server is computing other large requests"}))
        else:
            route.continue_()
    page.route("**/api/step", busy_once)
    page.keyboard.press("Shift+ArrowRight")
    page.locator("#notice").filter(has_text="The server is busy with other requests: asking again in 1 s").wait_for()
    page.locator("#iteration").filter(has_text="1").wait_for(timeout=10_000)
    wait_idle(page)
    assert text(page, "#loss") == "0.291027774"  # seed 004's total error after the first update
    assert text(page, "#notice") == "" and text(page, "#message").strip() == "", (text(page, "#notice"), text(page, "#message"))
    assert len(refused) == 1
