"""One JSON encoder for answers: compact UTF-8, NaN/±inf as null (a diverging run's numbers).
Used by SafeJSONResponse on the event loop and by heavy jobs in their own process."""
from __future__ import annotations

import json
from typing import Any

from .convert import json_safe


def encode_json(content: Any) -> bytes:
    try:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
    except ValueError:  # rare: walk the answer only when it holds a non-finite number
        return json.dumps(json_safe(content), ensure_ascii=False, allow_nan=False,
                          separators=(",", ":")).encode("utf-8")
