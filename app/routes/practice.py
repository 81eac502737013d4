"""Practice mode: POST /api/practice/question, /check and /step.

Stateless like every route: the page sends the state document each time. The server chooses
a question for the phase about to be shown, checks an answer against the engine's numbers on
the same state (naming a common mistake when the answer is one), and steps a phase answering
only the numbers shown so far, so the page never holds a value before it is revealed. The
expected value is answered only for a correct answer or when `reveal` is asked. (Scores are for
self-checking: the state document lets anyone compute every number.)
"""
from __future__ import annotations

from typing import Any, Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from engine import practice
from engine.answers import MIN_SIGNIFICANT, parse_answer
from engine.run import Run
from engine.trace import phase_names

from ..compute import ComputeDep
from ..convert import finite, metrics, phase_to_dict, phases, run_from_model, state_to_dict, trace_to_dict
from ..errors import InputError
from ..schemas_practice import (CheckRequest, CheckResponse, PracticeStepRequest, PracticeStepResponse,
                                QuestionRequest, QuestionResponse)

router = APIRouter(prefix="/api/practice", tags=["practice"])

# Trace fields each phase kind computes (app/convert.py trace_to_dict names).
LAYER_FIELDS = {"forward": ("z", "a", "slope"), "backward": ("delta", "grad_w", "grad_b")}


def _nulls(value: Any) -> Any:
    return [_nulls(v) for v in value] if isinstance(value, list) else None


def withheld(trace: dict[str, Any], n_layers: int, shown: int) -> dict[str, Any]:
    """The trace with every number of phases `shown`… replaced by null (same shapes)."""
    trace = dict(trace, layers=[dict(layer) for layer in trace["layers"]])
    for index, phase in enumerate(phase_names(n_layers)):
        if index < shown:
            continue
        kind, l = phase["kind"], phase["layer"]
        if kind in LAYER_FIELDS:
            layer = trace["layers"][l - 1]
            for name in LAYER_FIELDS[kind]:
                layer[name] = _nulls(layer[name])
        elif kind == "loss":
            trace.update(output_grad=_nulls(trace["output_grad"]), focus_loss=None, loss=None)
        else:
            for layer in trace["layers"]:
                layer.update(w_after=None, b_after=None)
    return trace


def _catalogue(run: Run):
    trace = run.compute_iteration()
    return trace, practice.Catalogue(trace, run.net.loss_fn, run.cfg.learning_rate, run.batch_size, run.cfg.l2)


def _quantity(text: str, run: Run, field: str = "quantity") -> practice.Quantity:
    try:
        return practice.parse_quantity(text, run.cfg.sizes)
    except ValueError as exc:
        raise InputError(f"{field}{str(exc).removeprefix('quantity')}") from None


def _ask(text: Optional[str], run: Run) -> Optional[list[str]]:
    """The ask= list: kinds and quantity ids, each checked against this network."""
    try:
        return practice.parse_ask(text, run.cfg.sizes)
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _refs(pairs) -> list[dict[str, Any]]:
    return [{"ref": list(ref), "value": finite(float(value))} for ref, value in pairs]


def question_answer(run: Run, request: QuestionRequest) -> dict[str, Any]:
    index = run.phase
    phase = dict(phase_names(len(run.cfg.layers))[index], index=index)
    sizes = run.cfg.sizes
    ask = _ask(request.ask, run)
    if request.quantity:
        chosen = _quantity(request.quantity, run)
        if practice.phase_of(chosen, len(run.cfg.layers)) != index:
            raise InputError(f"quantity: {chosen.id} is not computed in the next phase "
                             f"({phase['kind']}{'' if phase['layer'] is None else ' ' + str(phase['layer'])})")
    else:
        chosen = practice.choose(sizes, index, run.iteration, request.seed, ask)
    trace, catalogue = _catalogue(run)
    question = None
    if chosen is not None:
        worked = catalogue.work(chosen)
        question = {"id": chosen.id, "kind": chosen.kind, "layer": chosen.layer, "unit": chosen.unit,
                    "source": chosen.source if chosen.kind in ("grad_w", "w_after") else None,
                    "inputs": _refs((ref, _ref_value(catalogue, ref)) for ref in worked.inputs),
                    "hints": len(worked.factors), "focus_example": int(trace.batch[trace.focus]),
                    "batch_size": run.batch_size}
    return {"question": question, "choices": [q.id for q in practice.phase_quantities(sizes, phase)],
            "phase": phase, "trace": withheld(trace_to_dict(trace), len(run.cfg.layers), index)}


def _ref_value(catalogue: practice.Catalogue, ref: tuple) -> float:
    """The value of an input (all shown before the question's phase)."""
    name, *where = ref
    if name == "eta":
        return catalogue.eta
    l, j = where[0], where[1]
    if name == "a":
        return float(catalogue.trace.input[j] if l == 0 else catalogue.layer(l).a[j])
    if name == "t":
        return float(catalogue.trace.target[j])
    layer = catalogue.layer(l)
    values = {"w": lambda: layer.w_before[j, where[2]], "b": lambda: layer.b_before[j],
              "delta": lambda: layer.delta[j], "grad_w": lambda: layer.grad_w[j, where[2]]}
    return float(values[name]())


def _message(verdict: practice.Verdict, answer) -> str:
    if verdict.verdict == "correct":
        return "Correct."
    if verdict.verdict == "mistake":
        title, step = practice.MISTAKES[verdict.mistake]
        return f"Not quite: it looks like you {title}. Check this step: {step}."
    if verdict.verdict == "close" and answer.plain and answer.digits < MIN_SIGNIFICANT:
        return "Close: give at least 3 significant digits."
    if verdict.verdict == "close":
        return "Close, but not within the tolerance: carry more digits through each step."
    return "Not right, and not a mistake we know. Ask for a hint: it shows the chain rule's factors one at a time."


def check_answer(run: Run, request: CheckRequest) -> dict[str, Any]:
    q = _quantity(request.quantity, run)
    _, catalogue = _catalogue(run)
    worked = catalogue.work(q)
    hints = _refs(worked.factors[:request.hints])
    base = {"quantity": q.id, "hints": hints, "mistake": None, "given": None}
    if request.answer is None or not request.answer.strip():
        if not request.reveal and request.hints:
            return {**base, "verdict": "hint", "correct": False, "message": "A hint: the chain rule's factors so far."}
        if not request.reveal:
            raise InputError("answer: type a number, e.g. 0.0822 (or ask for a hint or to reveal)")
        return {**base, "verdict": "revealed", "correct": False, "message": "Revealed.",
                "expected": finite(worked.value)}
    try:
        answer = parse_answer(request.answer)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    verdict = practice.check(worked, answer, request.tol)
    correct = verdict.verdict == "correct"
    mistake = None
    if verdict.mistake:
        title, step = practice.MISTAKES[verdict.mistake]
        mistake = {"kind": verdict.mistake, "title": title, "step": step}
    out = {**base, "verdict": verdict.verdict, "correct": correct, "given": finite(answer.value), "mistake": mistake,
           "message": _message(verdict, answer)}
    if correct or request.reveal:
        out["expected"] = finite(worked.value)
    return out


def step_answer(run: Run) -> dict[str, Any]:
    phase, trace = run.advance("phase", 1)
    found = metrics(run)
    shown = phase["index"] + 1
    return {"state": state_to_dict(run), "trace": withheld(trace_to_dict(trace), len(run.cfg.layers), shown),
            "phase": phase_to_dict(phase), "phases": phases(run), "metrics": found, "status": run.status}


@router.post("/question", response_model=QuestionResponse, summary="A question about the next phase")
async def question(compute: ComputeDep, request: QuestionRequest) -> JSONResponse:
    """The quantity to ask about the phase `state.phase` is about to show (by `quantity`, else by
    the seeded rule among those `ask` names), the numbers needed (all already shown), and the
    iteration's trace without the asked phase's numbers or any later ones."""
    run = run_from_model(request.state)
    return await compute.answer("practice_question", run, request, example_passes=run.batch_size)


@router.post("/check", response_model=CheckResponse, summary="Check an answer; name the mistake if known")
async def check(compute: ComputeDep, request: CheckRequest) -> JSONResponse:
    """Correct when within the tolerance; else compared with what each common mistake gives on
    the same state. `expected` is answered only when correct or with `reveal`."""
    run = run_from_model(request.state)
    return await compute.answer("practice_check", run, request, example_passes=run.batch_size)


@router.post("/step", response_model=PracticeStepResponse, summary="Show the next phase, withholding later ones")
async def step(compute: ComputeDep, request: PracticeStepRequest) -> JSONResponse:
    """As POST /api/step with unit 'phase', but the trace holds only the phases shown so far."""
    run = run_from_model(request.state)
    return await compute.answer("practice_step", run, example_passes=run.batch_size)
