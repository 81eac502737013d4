"""Messages a client sends on WS /api/train, validated like REST bodies (bounds, no unknown
fields, no NaN). The protocol is described in the README and in routes/train.py."""
from __future__ import annotations

import json
from typing import Any, Literal, Optional, Union

from pydantic import Field, ValidationError

from .errors import describe
from .schemas import GridSize, HiddenGridSize, SettingsChange, Speed, StateDocument, Strict


class StartMessage(Strict):
    type: Literal["start"]
    state: StateDocument
    speed: Speed = Field("max", description="iterations per second, or 'max'")
    grid_every: int = Field(10, ge=1, le=600, description="frames between output grids")
    grid_size: GridSize = 40
    hidden_grid_size: HiddenGridSize = Field(0, description="0: no hidden-unit grids")
    paused: bool = Field(False, description="start paused (then 'step' or 'resume')")
    frame_rate: Optional[float] = Field(
        None, ge=1, le=120, description="frames per second wanted (at most the server's BPX_MAX_FRAME_RATE); "
                                        "fewer frames leave more time for training")
    until_epoch: Optional[int] = Field(
        None, ge=1, description="stop training on reaching this epoch (exactly; the last frame has it), "
                                "as an embed's until=N; 'resume' trains on past it")
    encoding: Literal["binary", "json"] = Field(
        "binary", description="frames as binary messages (a JSON header and typed arrays, app/frames.py) or JSON text")


class SetMessage(SettingsChange):
    """Training settings (as POST /api/networks/settings) plus this connection's options."""

    type: Literal["set"]
    speed: Optional[Speed] = None
    grid_every: Optional[int] = Field(None, ge=1, le=600)
    grid_size: Optional[GridSize] = None
    hidden_grid_size: Optional[HiddenGridSize] = None


class ControlMessage(Strict):
    type: Literal["pause", "resume", "step", "stop"]


Message = Union[StartMessage, SetMessage, ControlMessage]
MODELS = {"start": StartMessage, "set": SetMessage, "pause": ControlMessage, "resume": ControlMessage,
          "step": ControlMessage, "stop": ControlMessage}


class BadMessage(Exception):
    """A message the client can correct; the connection stays open."""


def parse(text: str) -> Message:
    """JSON text → a validated message; raises BadMessage naming the field."""
    try:
        data: Any = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise BadMessage(f"message: not valid JSON ({exc})")
    if not isinstance(data, dict):
        raise BadMessage("message: must be a JSON object with a 'type'")
    kind = data.get("type")
    model = MODELS.get(kind) if isinstance(kind, str) else None
    if model is None:
        raise BadMessage(f"type: must be one of {sorted(MODELS)}")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadMessage(describe(list(exc.errors()))["detail"])


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")
