"""A learner's typed answer: a number or a small arithmetic expression, parsed without eval,
and the tolerance it is checked with.

Accepted: 0.0822, 8.22e-2, −0.0822 (typographic minus), 8.22×10^-2, and expressions with
+ − × · * / ÷ ^ (or **), parentheses and exp(…), e.g. `0.4 - 0.5*0.082167041` or
`1/(1+exp(-0.3775))`. A recursive-descent parser over a token list; nothing is executed.

Tolerance (how close counts as correct), for an expected value v:
- a plain number: half a unit of the last digit typed (0.593 → ±0.0005), but never looser
  than half a unit of v's 3rd significant digit (at least 3 significant digits are needed);
- an expression: relative to its least precise literal of 3 or more significant digits
  (shorter literals such as 0.5 or 2 are taken as exact constants), with the same 3-digit cap;
- never tighter than 1e-7 relative (the numbers on screen are rounded to 9 decimals);
- a relative tolerance r set by the instructor (`tol=`) replaces both: |given − v| ≤ r·|v|.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

MAX_ANSWER_CHARS = 200
MAX_DEPTH = 30
MIN_SIGNIFICANT = 3
PRECISION_FLOOR = 1e-7  # relative: answers agreeing to 7 significant digits are never wrong
_NUMBER = re.compile(r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_OPERATORS = {"×": "*", "·": "*", "⋅": "*", "∗": "*", "÷": "/", "−": "-", "–": "-", "**": "^"}


@dataclass(frozen=True)
class Answer:
    """A parsed answer: its value, whether it was a single number, and the precision typed.

    half_unit: half a unit of the last digit typed (plain numbers); digits: the fewest
    significant digits among the expression's literals of at least 3 (expressions)."""

    value: float
    plain: bool
    half_unit: float
    digits: int

    def tolerance(self, expected: float, relative: Optional[float] = None) -> float:
        """How far from `expected` this answer may be and still be correct."""
        scale = abs(expected)
        if relative is not None:
            return relative * scale if scale else relative
        cap = 0.5 * 10.0 ** (math.floor(math.log10(scale)) - (MIN_SIGNIFICANT - 1)) if scale else math.inf
        typed = self.half_unit if self.plain else 0.5 * 10.0 ** (1 - self.digits) * scale
        # Beyond 7 significant digits the numbers shown (9 decimals) carry rounding: more digits
        # typed than that are not held against the learner.
        return max(min(typed, cap), PRECISION_FLOOR * scale, 4 * math.ulp(scale or 1.0))


def _significant(mantissa: str) -> int:
    digits = mantissa.replace(".", "").lstrip("0")
    return len(digits) or 1


def _tokens(text: str) -> list[tuple[str, str]]:
    for old, new in _OPERATORS.items():
        text = text.replace(old, new)
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        ch = text[pos]
        if ch.isspace():
            pos += 1
            continue
        number = _NUMBER.match(text, pos)
        if number:
            out.append(("num", number.group(0)))
            pos = number.end()
        elif text.startswith("exp", pos):
            out.append(("fn", "exp"))
            pos += 3
        elif ch in "+-*/^()":
            out.append(("op", ch))
            pos += 1
        else:
            raise ValueError(f"answer: cannot read {text[pos:pos + 8]!r}; type a number such as 0.0822 or 8.22e-2, "
                             "or an expression with + − × / ^ ( ) exp")
    return out


class _Parser:
    """expr := term (± term)* ; term := unary (×÷ unary)* ; unary := ± unary | power ;
    power := atom (^ unary)? ; atom := number | ( expr ) | exp ( expr )"""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.pos, self.depth = tokens, 0, 0
        self.literals: list[str] = []

    def peek(self) -> Optional[tuple[str, str]]:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, op: str) -> bool:
        if self.peek() == ("op", op):
            self.pos += 1
            return True
        return False

    def expr(self) -> float:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ValueError("answer: too deeply nested")
        value = self.term()
        while True:
            if self.take("+"):
                value += self.term()
            elif self.take("-"):
                value -= self.term()
            else:
                self.depth -= 1
                return value

    def term(self) -> float:
        value = self.unary()
        while True:
            if self.take("*"):
                value *= self.unary()
            elif self.take("/"):
                divisor = self.unary()
                if divisor == 0:
                    raise ValueError("answer: division by zero")
                value /= divisor
            else:
                return value

    def unary(self) -> float:
        if self.take("-"):
            return -self.unary()
        if self.take("+"):
            return self.unary()
        return self.power()

    def power(self) -> float:
        base = self.atom()
        if self.take("^"):
            try:
                return float(base ** self.unary())
            except (OverflowError, ZeroDivisionError):
                raise ValueError("answer: a power is too large to compute") from None
        return base

    def atom(self) -> float:
        token = self.peek()
        if token is None:
            raise ValueError("answer: the expression ends too early")
        self.pos += 1
        kind, text = token
        if kind == "num":
            self.literals.append(text)
            return float(text)
        if kind == "fn":
            if not self.take("("):
                raise ValueError("answer: write exp(…) with parentheses")
            arg = self.expr()
            self._close()
            if arg > 700:
                raise ValueError("answer: exp of a number above 700 is too large")
            return math.exp(arg)
        if token == ("op", "("):
            value = self.expr()
            self._close()
            return value
        raise ValueError(f"answer: unexpected {text!r}")

    def _close(self) -> None:
        if not self.take(")"):
            raise ValueError("answer: a parenthesis is not closed")


def _half_unit(literal: str) -> float:
    number = _NUMBER.fullmatch(literal)
    mantissa, exponent = number.group(1), number.group(2)
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    power = int(exponent[1:]) if exponent else 0
    return 0.5 * 10.0 ** (power - decimals)


def parse_answer(text: str) -> Answer:
    """The answer's value and precision; ValueError('answer: …') saying what to change."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError("answer: type a number, e.g. 0.0822")
    if len(text) > MAX_ANSWER_CHARS:
        raise ValueError(f"answer: at most {MAX_ANSWER_CHARS} characters")
    tokens = _tokens(text.strip())
    parser = _Parser(tokens)
    value = parser.expr()
    if parser.pos != len(tokens):
        raise ValueError(f"answer: unexpected {tokens[parser.pos][1]!r} after a complete expression")
    if not math.isfinite(value):
        raise ValueError("answer: the value is not a finite number")
    plain = len(parser.literals) == 1 and all(t[0] == "num" or t == ("op", "-") or t == ("op", "+")
                                             for t in tokens)
    if plain:
        literal = parser.literals[0]
        return Answer(value, True, _half_unit(literal), _significant(_NUMBER.fullmatch(literal).group(1)))
    # A power of ten (8.22×10^-2) is a plain number too: its precision is its mantissa's.
    scaled = re.fullmatch(r"\s*[-+−]?\s*(\d+\.?\d*|\.\d+)\s*[×*·]\s*10\s*\^\s*\(?\s*([-+−]?\d+)\s*\)?\s*", text)
    if scaled:
        exponent = int(scaled.group(2).replace("−", "-"))
        return Answer(value, True, _half_unit(scaled.group(1)) * 10.0 ** exponent, _significant(scaled.group(1)))
    precise = [_significant(_NUMBER.fullmatch(l).group(1)) for l in parser.literals]
    precise = [d for d in precise if d >= MIN_SIGNIFICANT]
    return Answer(value, False, 0.0, min(precise) if precise else MIN_SIGNIFICANT)
