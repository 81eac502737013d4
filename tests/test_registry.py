"""One source of truth: the page and the API read registries and limits from the engine and
the Settings; no page module declares them; a changed setting changes schema, answer and page."""
from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest

from tests.browser_helpers import open_explorer
from tests.conftest import free_port, start_server

JS = Path(__file__).resolve().parent.parent / "static" / "js"
# An activation, loss or initialiser list, or a numeric limit constant, written in a page module.
DECLARED = [
    re.compile(r'\[\s*"(sigmoid|tanh|relu|leaky_relu|linear|softmax)"\s*,'),
    re.compile(r'\[\s*"(half_sse|mse|bce|softmax_ce)"\s*,|\b(half_sse|softmax_ce)\s*:'),
    re.compile(r'\[\s*"(xavier|he|uniform)"\s*,'),
    re.compile(r'\bMAX_(HIDDEN\w*|UNITS|LAYERS|INPUTS|OUTPUTS|POINTS|GRID|ITERATIONS)\s*=\s*\d'),
]


def test_no_page_module_declares_a_registry_or_a_limit():
    found = [(path.name, rule.pattern) for path in JS.rglob("*.js") if "vendor" not in path.parts
             for rule in DECLARED if rule.search(path.read_text())]
    assert not found, found


@pytest.fixture(scope="module")
def roomy_server():
    port = free_port()
    proc = start_server(port, env={"BPX_MAX_ITERATIONS_PER_REQUEST": "20000", "BPX_MAX_GRID": "60"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def test_a_changed_limit_changes_the_schema_the_answer_and_the_page(roomy_server):
    schema = httpx.get(f"{roomy_server}/openapi.json").json()["components"]["schemas"]
    assert schema["StepRequest"]["properties"]["iterations"]["maximum"] == 20000
    assert schema["GridRequest"]["properties"]["size"]["maximum"] == 60
    state = httpx.get(f"{roomy_server}/api/presets/mazur").json()["state"]
    answer = httpx.post(f"{roomy_server}/api/step", json={"state": state, "iterations": 15000}, timeout=30)
    assert answer.status_code == 200 and answer.json()["state"]["iteration"] == 15000  # was "≤ 10000"
    refused = httpx.post(f"{roomy_server}/api/step", json={"state": state, "iterations": 20001})
    assert refused.status_code == 422 and "20000" in refused.text
    assert httpx.get(f"{roomy_server}/api/registry").json()["limits"]["max_iterations_per_request"] == 20000
    page = httpx.get(f"{roomy_server}/").text
    boot = json.loads(re.search(r'id="bpx-registry">(.*?)</script>', page, re.S).group(1))
    assert boot["limits"]["max_iterations_per_request"] == 20000 and boot["limits"]["max_grid"] == 60


def test_the_editor_offers_what_the_server_lists(page):
    open_explorer(page, "xor")
    registry = httpx.get(f"{page.base_url}/api/registry").json()
    losses = page.eval_on_selector_all("#cfg-loss option", "os => os.map(o => o.value)")
    assert losses == [l["name"] for l in registry["losses"]]
    hidden = page.eval_on_selector_all(".layer-row:first-child .activation option", "os => os.map(o => o.value)")
    assert hidden == [a["name"] for a in registry["activations"] if a["hidden"]]
    assert page.get_attribute(".layer-row:first-child .units", "max") == str(registry["limits"]["max_units"])
