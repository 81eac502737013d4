"""Compare a computed number with a number as a tutorial prints it, to the digits printed."""
from __future__ import annotations

from decimal import Decimal


def matches_printed(value: float, printed: str) -> bool:
    """True when `value` rounds to `printed` at the number of decimals `printed` shows.

    The tutorial rounds (or truncates) its last digit, so allow half a unit in the last place
    plus the float noise of the comparison itself.
    """
    decimals = -Decimal(printed).as_tuple().exponent
    return abs(value - float(printed)) <= 0.5 * 10.0 ** (-decimals) + 1e-15


def assert_printed(value: float, printed: str, what: str = "") -> None:
    assert matches_printed(value, printed), f"{what}: computed {value!r}, tutorial prints {printed}"
