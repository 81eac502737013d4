"""GET /api/presets and /api/presets/{id}: ready-made state documents."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException

from engine.presets import PRESETS, build_preset

from ..convert import metrics, state_to_dict
from ..schemas import PresetSummary, StateResponse

router = APIRouter(prefix="/api/presets", tags=["presets"])


@router.get("", response_model=list[PresetSummary], summary="List the presets")
def list_presets() -> list[PresetSummary]:
    return [PresetSummary(id=p.id, title=p.title, description=p.description) for p in PRESETS.values()]


@router.get("/{preset_id}", response_model=StateResponse, summary="A preset's initial state document")
def get_preset(preset_id: str) -> dict:
    if preset_id not in PRESETS:
        raise HTTPException(404, detail=f"preset_id: unknown preset {preset_id!r}; choose one of {sorted(PRESETS)}")
    run = build_preset(preset_id)
    return {"state": state_to_dict(run), "metrics": metrics(run)}
