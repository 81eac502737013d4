"""Admission control: heavy work is bounded per worker (503) and per client (a short wait, then 429), each with
Retry-After and a message; /healthz and cheap steps never wait behind it."""
from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from app.compute import EARLY_BUSY_BYTES
from tests.conftest import free_port, start_server


@pytest.fixture(scope="module")
def small_server():
    port = free_port()
    proc = start_server(port, env={"BPX_HEAVY_PROCESSES": "1", "BPX_HEAVY_WORK_PER_WORKER": "44000000",
                                   "BPX_HEAVY_REQUESTS_PER_CLIENT": "1", "BPX_HEAVY_WAITING_PER_CLIENT": "1"})
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


def heavy_step(base: str, state: dict, client: str) -> httpx.Response:
    # 10,000 iterations of batch 10 on circle's 2-8-8-1 (105 parameters, 3 layers):
    # 10⁴·(10·105 + 3·200) = 1.65·10⁷ multiply-adds: two fit this worker's capacity, three do not.
    return httpx.post(f"{base}/api/step", json={"state": state, "iterations": 10_000},
                      headers={"X-Forwarded-For": client}, timeout=60)


def test_heavy_work_is_admitted_up_to_its_cost_and_cheap_work_never_waits(small_server):
    state = httpx.get(f"{small_server}/api/presets/circle").json()["state"]
    mazur = httpx.get(f"{small_server}/api/presets/mazur").json()["state"]
    with ThreadPoolExecutor(8) as pool:
        heavy = [pool.submit(heavy_step, small_server, state, f"10.0.0.{k}") for k in range(6)]
        time.sleep(0.05)  # let them arrive (this only lets the load start; nothing is timed by it)
        started = time.monotonic()
        assert httpx.get(f"{small_server}/healthz", timeout=10).status_code == 200
        cheap = httpx.post(f"{small_server}/api/step", json={"state": mazur}, timeout=10)
        cheap_seconds = time.monotonic() - started
        answers = [f.result() for f in heavy]
    assert cheap.status_code == 200 and cheap_seconds < 2.0, cheap_seconds  # not behind ~2 s of heavy work
    codes = [a.status_code for a in answers]
    assert 200 in codes and 503 in codes, codes
    busy = next(a for a in answers if a.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1 and busy.json()["detail"].startswith("busy: ")
    assert busy.headers["x-content-type-options"] == "nosniff"
    # One client, three heavy requests at once, room in the worker for two: one runs, one waits
    # for it (a classroom behind one address gets its grids, a little later), the third is refused.
    with ThreadPoolExecutor(3) as pool:
        mine = [f.result() for f in [pool.submit(heavy_step, small_server, state, "10.0.1.1") for _ in range(3)]]
    assert sorted(a.status_code for a in mine) == [200, 200, 429], [a.status_code for a in mine]
    limited = next(a for a in mine if a.status_code == 429)
    assert limited.json()["detail"].startswith("rate: ") and int(limited.headers["retry-after"]) >= 1
    assert heavy_step(small_server, state, "10.0.0.9").status_code == 200  # free again afterwards


def test_a_grid_answer_is_bounded_by_its_values_and_says_the_largest_size(small_server):
    state = httpx.get(f"{small_server}/api/presets/circle").json()["state"]
    state["config"]["layers"] = [{"units": 16, "activation": "tanh"}] * 8 + [{"units": 1, "activation": "sigmoid"}]
    doc = httpx.post(f"{small_server}/api/networks", json={"config": state["config"], "dataset": state["dataset"]}).json()["state"]
    refused = httpx.post(f"{small_server}/api/grid", json={"state": doc, "size": 40, "hidden_size": 100})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith("hidden_size: at most 44 for this network's 128 hidden units")
    allowed = httpx.post(f"{small_server}/api/grid", json={"state": doc, "size": 40, "hidden_size": 44}, timeout=60)
    assert allowed.status_code == 200
    hidden = allowed.json()["hidden_grids"]
    assert len(hidden) == 8 and len(hidden[0]) == 16 and len(hidden[0][0]) == 44 and len(hidden[0][0][0]) == 44


def test_heavy_answers_computed_in_the_heavy_process_equal_inline_ones(small_server):
    """The heavy process rebuilds the run from its state document: the answer is bit for bit the
    one of the same work done in small pieces on the event loop."""
    state = httpx.get(f"{small_server}/api/presets/xor").json()["state"]
    heavy = httpx.post(f"{small_server}/api/step", json={"state": state, "unit": "iteration", "iterations": 200},
                       timeout=60).json()
    inline = state
    for _ in range(200):
        inline = httpx.post(f"{small_server}/api/step", json={"state": inline, "unit": "iteration"}).json()["state"]
    assert heavy["state"]["params"] == inline["params"] and heavy["state"]["iteration"] == inline["iteration"] == 200


def test_a_full_worker_refuses_large_bodies_unread_and_still_serves_small_steps():
    from fastapi.testclient import TestClient

    from app.main import create_app
    from app.settings import Settings
    app = create_app(Settings())
    client = TestClient(app)
    mazur = client.get("/api/presets/mazur").json()["state"]
    circle = client.get("/api/presets/circle").json()["state"]
    rows = [[round(0.001 * k - 1, 6), round(1 - 0.0007 * k, 6), k % 2] for k in range(2000)]  # 2,000 drawn points
    custom = {"name": "custom", "points": rows, "train_share": 1.0}
    made = client.post("/api/networks", json={"config": circle["config"], "dataset": custom})
    assert made.status_code == 200, made.text
    large = made.json()["state"]
    body = {"state": large, "iterations": 1}
    assert len(json.dumps(body)) >= EARLY_BUSY_BYTES  # a document that takes milliseconds to parse
    admission = app.state.admission
    admission.cost = admission.capacity  # as while one request at the cap runs
    try:
        refused = client.post("/api/step", json=body)
        assert refused.status_code == 503 and refused.json()["detail"].startswith("busy: ")
        assert int(refused.headers["retry-after"]) >= 1 and refused.headers["x-content-type-options"] == "nosniff"
        small = client.post("/api/step", json={"state": mazur})
        assert small.status_code == 200 and small.json()["state"]["iteration"] == 1
    finally:
        admission.cost = 0
    stepped = client.post("/api/step", json=body)  # free again: parsed, one iteration of batch 1 inline
    assert stepped.status_code == 200 and stepped.json()["state"]["iteration"] == large["iteration"] + 1


def test_a_clients_extra_heavy_request_waits_for_a_slot_and_is_refused_when_none_frees():
    """Unit level (no processes): the waiting line of one client address."""
    import asyncio
    from dataclasses import replace

    from app.compute import Admission, Busy
    from app.settings import Settings

    async def journey():
        admission = Admission(replace(Settings(), heavy_requests_per_client=1, heavy_waiting_per_client=1,
                                      heavy_client_wait_s=0.2))
        cost = admission.admit("class", 10)  # one running
        waiter = asyncio.create_task(admission.client_slot("class"))
        await asyncio.sleep(0)  # the waiter is in line now
        with pytest.raises(Busy) as beyond_the_line:
            await admission.client_slot("class")  # a second waiter: the line holds one
        assert beyond_the_line.value.status_code == 429
        admission.release("class", cost)
        await asyncio.wait_for(waiter, 1.0)  # the finished request lets the waiter in
        admission.admit("class", 10)
        with pytest.raises(Busy) as timed_out:
            await admission.client_slot("class")  # nothing finishes within 0.2 s
        assert timed_out.value.status_code == 429 and timed_out.value.detail.startswith("rate: ")
        await admission.client_slot("other")  # another address is not in this line: no wait

    asyncio.run(journey())
