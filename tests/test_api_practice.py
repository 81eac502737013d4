"""POST /api/practice/question, /check, /step: questions that withhold their answer, checks
that name the mistake without revealing the value until asked, 4xx naming the field."""
from __future__ import annotations

import json

import pytest

from tests import mazur
from tests.digits import assert_printed


@pytest.fixture(scope="module")
def doc(client):
    return client.get("/api/presets/mazur").json()["state"]


def post(client, path, body, status=200):
    response = client.post(f"/api/practice/{path}", json=body)
    assert response.status_code == status, response.text
    return response.json()


def check(client, doc, quantity, answer=None, **extra):
    return post(client, "check", {"state": doc, "quantity": quantity, **({"answer": answer} if answer else {}), **extra})


def test_a_question_withholds_its_phase_and_gives_the_numbers_needed(client, doc):
    asked = post(client, "question", {"state": doc, "quantity": "a:1-0"})
    q = asked["question"]
    assert q["id"] == "a:1-0" and q["kind"] == "a" and q["hints"] == 4 and q["batch_size"] == 1
    given = {tuple(i["ref"]): i["value"] for i in q["inputs"]}
    assert given == {("w", 1, 0, 0): 0.15, ("w", 1, 0, 1): 0.2, ("a", 0, 0): 0.05, ("a", 0, 1): 0.1, ("b", 1, 0): 0.35}
    assert asked["phase"] == {"kind": "forward", "layer": 1, "index": 0}
    assert asked["choices"] == ["a:1-0", "a:1-1", "z:1-0", "z:1-1"]
    text = json.dumps(asked)
    assert "0.5932" not in text and "0.3775" not in text  # neither out_h1 nor net_h1 anywhere
    layers = asked["trace"]["layers"]
    assert layers[0]["a"] == [None, None] and layers[1]["delta"] == [None, None] and layers[1]["w_after"] is None
    assert asked["trace"]["loss"] is None and layers[1]["w_before"] == [[0.4, 0.45], [0.5, 0.55]]


def test_stepping_in_practice_shows_only_the_phases_up_to_the_one_shown(client, doc):
    stepped = post(client, "step", {"state": doc})
    assert stepped["state"]["phase"] == 1 and stepped["phase"]["kind"] == "forward"
    hidden, out = stepped["trace"]["layers"]
    assert_printed(hidden["a"][0], mazur.FORWARD["out_h1"])
    assert out["a"] == [None, None] and out["grad_w"] == [[None, None], [None, None]]
    state = stepped["state"]
    for _ in range(4):  # forward 2, loss, backward 2, backward 1
        state = post(client, "step", {"state": state})["state"]
    asked = post(client, "question", {"state": state, "ask": "w_after:2-0-0"})
    assert asked["question"]["id"] == "w_after:2-0-0"
    given = {tuple(i["ref"]): i["value"] for i in asked["question"]["inputs"]}
    assert given[("eta",)] == 0.5 and given[("w", 2, 0, 0)] == 0.4
    assert_printed(given[("grad_w", 2, 0, 0)], mazur.DE_DW5)
    assert "0.35891" not in json.dumps(asked)  # w5⁺ is not in the answer
    last = post(client, "step", {"state": state})  # the update: the iteration is complete, nothing withheld
    assert last["state"]["iteration"] == 1
    assert_printed(last["trace"]["layers"][1]["w_after"][0][0], mazur.UPDATED["w5"][1])
    assert post(client, "question", {"state": last["state"], "ask": "w_after"})["question"] is None


def test_the_seeded_rule_and_the_ask_list(client, doc):
    first = post(client, "question", {"state": doc, "seed": 3})["question"]["id"]
    assert all(post(client, "question", {"state": doc, "seed": 3})["question"]["id"] == first for _ in range(3))
    assert post(client, "question", {"state": doc, "ask": "z"})["question"]["kind"] == "z"
    assert post(client, "question", {"state": doc, "ask": "delta,grad_w"})["question"] is None


def test_check_answers_correct_mistake_close_wrong_without_revealing(client, doc):
    right = check(client, doc, "a:1-0", mazur.FORWARD["out_h1"])
    assert right["verdict"] == "correct" and right["correct"] is True and right["given"] == 0.593269992
    assert_printed(right["expected"], mazur.FORWARD["out_h1"])
    no_slope = check(client, doc, "grad_w:2-0-0", f"{mazur.DE_DOUT_O1} * {mazur.FORWARD['out_h1']}")
    assert no_slope["verdict"] == "mistake" and no_slope["mistake"]["kind"] == "forgot_derivative"
    assert "derivative" in no_slope["message"] and "expected" not in no_slope
    flipped = check(client, doc, "w_after:2-0-0", "0.44108352")
    assert flipped["mistake"]["kind"] == "sign_flipped" and "expected" not in flipped
    assert "0.3589" not in json.dumps(flipped)
    close = check(client, doc, "a:1-0", "0.59")
    assert close["verdict"] == "close" and "3 significant" in close["message"] and "expected" not in close
    wrong = check(client, doc, "a:1-0", "0.7", hints=2)
    assert wrong["verdict"] == "wrong" and "hint" in wrong["message"]
    assert [h["ref"] for h in wrong["hints"]] == [["wa", 1, 0, 0], ["wa", 1, 0, 1]]
    assert wrong["hints"][0]["value"] == pytest.approx(0.0075)
    assert check(client, doc, "a:1-0", "0.6", tol=0.02)["correct"] is True  # the instructor's relative tolerance
    revealed = check(client, doc, "grad_w:2-0-0", reveal=True)
    assert revealed["verdict"] == "revealed" and revealed["correct"] is False
    assert_printed(revealed["expected"], mazur.DE_DW5)
    with_answer = check(client, doc, "grad_w:2-0-0", "1", reveal=True)
    assert with_answer["verdict"] == "wrong" and with_answer["expected"] == revealed["expected"]


@pytest.mark.parametrize("path, change, field", [
    ("check", {"quantity": "a:7-0"}, "quantity"),
    ("check", {"quantity": "nonsense"}, "quantity"),
    ("check", {"answer": "0.5 +"}, "answer"),
    ("check", {"answer": "os.system('x')"}, "answer"),
    ("check", {"answer": None}, "answer"),
    ("check", {"tol": 0}, "tol"),
    ("check", {"tol": 2}, "tol"),
    ("check", {"hints": -1}, "hints"),
    ("check", {"reveal": "yes"}, "reveal"),
    ("check", {"extra": 1}, "extra"),
    ("question", {"quantity": "w_after:2-0-0"}, "quantity"),  # not computed in the next phase
    ("question", {"ask": "a,bogus"}, "ask"),
    ("question", {"ask": "a:3-0"}, "ask"),
    ("question", {"seed": -1}, "seed"),
    ("step", {"state": {"version": 1}}, "state.config"),
])
def test_bad_input_gets_a_4xx_naming_the_field(client, doc, path, change, field):
    body = {"state": doc, **({"quantity": "a:1-0", "answer": "0.5"} if path == "check" else {}), **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post(f"/api/practice/{path}", json=body)
    assert response.status_code == 422, response.text
    detail = response.json()
    assert detail["detail"].startswith(field) or detail["errors"][0]["field"].startswith(field), detail
