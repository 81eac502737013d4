"""Pydantic models of practice mode (app/routes/practice.py): what the page sends and gets back.
Quantities are named as in engine/practice.py: `kind:l-j` or `kind:l-j-i`, or `E`."""
from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, Field

from engine.answers import MAX_ANSWER_CHARS
from engine.practice import KINDS, MISTAKES

from .responses import Metrics, PhaseModel, PhaseName, TraceModel
from .schemas import Seed, StateDocument, Strict

QUANTITY = Field(min_length=1, max_length=40, description="kind:l-j or kind:l-j-i (engine indices), or E; "
                                                          f"kinds {', '.join(KINDS)}")
ASK = Field(None, max_length=2000, description="comma list of kinds and/or quantities the questions are chosen from")


class QuestionRequest(Strict):
    """Ask about the next phase of `state` (the phase `state.phase` is about to show)."""

    state: StateDocument
    ask: Optional[str] = ASK
    seed: Seed = Field(0, description="seeds the choice of question (with the iteration and phase)")
    quantity: Optional[str] = Field(None, min_length=1, max_length=40,
                                    description="ask this quantity (the learner clicked it); it must be computed in the next phase")


class CheckRequest(Strict):
    state: StateDocument
    quantity: str = QUANTITY
    answer: Optional[str] = Field(None, max_length=MAX_ANSWER_CHARS, description=(
        "a number (0.0822, 8.22e-2, −0.0822) or an expression with + − × / ^ ( ) exp; may be omitted with reveal"))
    tol: Optional[float] = Field(None, gt=0, le=0.5, description=(
        "relative tolerance; default: half a unit of the last digit typed, at least 3 significant digits"))
    hints: int = Field(0, ge=0, le=20, description="how many chain-rule factors to reveal")
    reveal: bool = Field(False, description="answer the expected value")


class PracticeStepRequest(Strict):
    state: StateDocument


class Ref(BaseModel):
    ref: list[Any] = Field(description='what the number is: ["w", l, j, i], ["a", l, j], ["eta"], … (engine/practice.py)')
    value: Optional[float]


class Question(BaseModel):
    id: str
    kind: Literal[KINDS]  # type: ignore[valid-type]
    layer: int
    unit: int
    source: Optional[int] = Field(description="the weight's source unit (grad_w, w_after)")
    inputs: list[Ref] = Field(description="the numbers needed to compute it (all already shown)")
    hints: int = Field(description="how many chain-rule factors a hint can reveal")
    focus_example: int = Field(description="index in the training set of the example the numbers are for")
    batch_size: int


class QuestionResponse(BaseModel):
    question: Optional[Question] = Field(description="null when `ask` names nothing this phase computes")
    choices: list[str] = Field(description="every quantity of the phase (the learner may pick one)")
    phase: PhaseName = Field(description="the phase asked about (not shown yet)")
    trace: TraceModel = Field(description="the iteration's numbers shown so far: the asked phase's and later ones are null")


class MistakeModel(BaseModel):
    kind: Literal[tuple(MISTAKES)]  # type: ignore[valid-type]
    title: str
    step: str = Field(description="the step of the chain rule to look at again")


class CheckResponse(BaseModel):
    quantity: str
    verdict: Literal["correct", "mistake", "close", "wrong", "revealed", "hint"]
    correct: bool
    given: Optional[float] = Field(description="the value the answer was read as")
    mistake: Optional[MistakeModel]
    message: str
    hints: list[Ref] = Field(description="the first `hints` chain-rule factors")
    expected: Optional[float] = Field(None, description="only when the answer is correct or `reveal` was asked")


class PracticeStepResponse(BaseModel):
    state: StateDocument
    trace: TraceModel = Field(description="the iteration's numbers up to the phase just shown; later ones null")
    phase: PhaseModel
    phases: list[PhaseName]
    metrics: Metrics
    status: Literal["ok", "diverged"]
