"""WS /api/train: auto-training streamed as frames (protocol in the README, section API).

client → server: start {state, speed, grid_every, grid_size, hidden_grid_size, paused},
pause, resume, set {learning_rate, batch_size, l2, momentum, speed, focus, grid_*}, step, stop.
server → client: frame, paused {state}, stopped {state} (then close 1000), error {detail},
refused {detail} (then close 1013 when this worker already serves its maximum of trainers).
"""
from __future__ import annotations

from fastapi import APIRouter, WebSocket

from ..settings import AppSettings

from ..session import Session

router = APIRouter()


@router.websocket("/api/train")
async def train(ws: WebSocket, settings: AppSettings) -> None:
    active: set = ws.app.state.trainers
    await ws.accept()
    if len(active) >= settings.max_trainers:
        await ws.send_json({"type": "refused", "detail": (
            f"busy: this server is already training {len(active)} networks live; try again in a "
            "moment, or keep stepping (stepping does not need live training)")})
        await ws.close(1013, "try again later")
        return
    session = Session(ws, settings, active)
    active.add(session)
    try:
        await session.serve()
    finally:
        active.discard(session)
