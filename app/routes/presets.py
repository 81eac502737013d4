"""GET /api/presets and /api/presets/{id}: ready-made networks, ready to show."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path
from fastapi.responses import JSONResponse

from engine.presets import PRESETS, build_preset

from ..compute import ComputeDep
from ..responses import NetworkResponse, PresetSummary

router = APIRouter(prefix="/api/presets", tags=["presets"])


@router.get("", response_model=list[PresetSummary], summary="List the presets")
def list_presets() -> list[PresetSummary]:
    return [PresetSummary(id=p.id, title=p.title, description=p.description, speed=p.speed) for p in PRESETS.values()]


@router.get("/{preset_id}", response_model=NetworkResponse, summary="A preset's initial network",
            responses={404: {"description": "unknown preset; the message lists the known ones"}})
async def get_preset(compute: ComputeDep, preset_id: str = Path(max_length=64, examples=["mazur"])) -> JSONResponse:
    """The preset's state document, its losses, the phase list and the coming iteration's trace
    (computed, not applied), so the page can draw activations before the first step."""
    if preset_id not in PRESETS:
        raise HTTPException(404, detail=f"preset_id: unknown preset {preset_id!r}; choose one of {sorted(PRESETS)}")
    run = build_preset(preset_id)
    return await compute.answer("network", run, example_passes=run.n_train)
