"""The synchronous half of auto-training: one connection's Run, trained in bounded slices,
and the frames that describe it. No asyncio here (see session.py for the timing)."""
from __future__ import annotations

import os
import time
from typing import Any

import numpy as np

from engine import grids as engine_grids
from engine import state as engine_state
from engine.run import Run
from engine.network import Params

from .convert import finite_list, scores, state_to_dict
from .ws_messages import SetMessage, StartMessage


class Trainer:
    """A Run plus what the client asked for: speed and grid options."""

    def __init__(self, start: StartMessage, max_grid_values: int = 60_000):
        self.run: Run = engine_state.from_document(start.state.model_dump())
        self.speed: float | str = start.speed
        self.grid_every, self.grid_size = start.grid_every, start.grid_size
        self.hidden_grid_size = start.hidden_grid_size
        self.encoding = start.encoding  # how frames go on the wire (frames.py)
        self.frame_rate = start.frame_rate  # None: the server's maximum
        self.max_grid_values = max_grid_values
        self.frames = 0
        self.seconds_per_iteration = 1e-4  # running estimate; sizes the slices
        self.rate = 0.0  # iterations per second achieved recently, for the page's readout

    # -- training --------------------------------------------------------------------------
    @property
    def diverged(self) -> bool:
        return self.run.status == "diverged"

    def train_slice(self, wanted: int, seconds: float) -> int:
        """Train at most `wanted` iterations, sized to take about `seconds`; returns how many."""
        count = max(1, min(wanted, int(seconds / self.seconds_per_iteration)))
        before = self.run.iteration
        started = time.perf_counter()
        self.run.train(count)
        elapsed = time.perf_counter() - started
        done = self.run.iteration - before
        if done:
            # Weighted towards the latest measurement: a GC pause should not stall training.
            self.seconds_per_iteration = 0.7 * (elapsed / done) + 0.3 * self.seconds_per_iteration
        return done

    def retry(self) -> None:
        """Start or resume: a diverged run tries again with the settings it has now (a smaller η,
        say). If it diverges again, the next frame says so and training pauses."""
        self.run.status = "ok"

    def step(self) -> None:
        self.run.step_iteration()

    # -- changes without a reset -----------------------------------------------------------
    def apply(self, change: SetMessage) -> None:
        """Change training settings (the engine's one way: Run.change_settings) and options."""
        for option in ("speed", "grid_every", "grid_size", "hidden_grid_size"):
            if getattr(change, option) is not None:
                setattr(self, option, getattr(change, option))
        training = change.engine_changes()
        for option in ("type", "speed", "grid_every", "grid_size", "hidden_grid_size"):
            training.pop(option, None)
        if training:
            self.run.change_settings(**training)

    # -- what the client sees --------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        return state_to_dict(self.run)

    def frame(self) -> dict[str, Any]:
        """iteration, epoch, losses (with accuracies and confusion matrices for classification:
        convert.scores), status, params (+ velocity, batch_index to rebuild the
        state document), the focus example's a and δ per layer, and every grid_every frames
        the output grid (and hidden-unit grids if asked). Parameters and grids are NumPy arrays
        (copies: training goes on while a frame waits to be sent); frames.py encodes them."""
        run = self.run
        found = scores(run)  # may mark the run diverged: before "status"
        frame: dict[str, Any] = {
            "type": "frame", "iteration": run.iteration, "epoch": run.epoch, "batch_index": run.batch_index,
            **found, "status": run.status, "params": _arrays(run.params),
            "velocity": None if run.velocity is None else _arrays(run.velocity),
            "focus": self.focus(), "rate": round(self.rate, 1),
            "worker": os.getpid(),  # which process serves this socket (several share a port)
        }
        if self.frames % self.grid_every == 0:
            frame.update(self.grids())
        self.frames += 1
        return frame

    def final(self) -> dict[str, Any]:
        """What "paused" and "stopped" carry: the exact state document, its losses, accuracies and
        confusion matrices, and the focus numbers at its own parameters (the page's inspector
        needs nothing else)."""
        found = scores(self.run)  # first: may mark the run diverged
        return {"state": self.state(), **found, "focus": self.focus()}

    def focus(self) -> dict[str, Any]:
        """The focus example's z, a, δ and g'(z) per layer (1…L) at the current parameters: what
        the inspector's chain rule needs while training."""
        run = self.run
        batch = run.current_batch()
        example = int(batch[min(run.focus, len(batch) - 1)])
        x, t = run.data.x_train[example:example + 1], run.data.t_train[example:example + 1]
        bp = run.net.backprop(run.params, x, t)
        output_grad = run.net.loss_fn.output_grad(bp.zs[-1], bp.activations[-1], t)
        return {"example": example, "input": x[0].tolist(), "target": t[0].tolist(),
                "output_grad": finite_list(output_grad[0]),
                "z": [finite_list(z[0]) for z in bp.zs],
                "a": [finite_list(a[0]) for a in bp.activations[1:]],
                "delta": [finite_list(d[0]) for d in bp.deltas],
                "slope": [finite_list(act.derivative(z, a)[0])
                          for act, z, a in zip(run.net.acts, bp.zs, bp.activations[1:])]}

    def hidden_size_within(self, max_values: int) -> int:
        """The hidden-map size a frame can afford: the output grid and every hidden unit's map
        together hold at most `max_values` values (0: no hidden maps fit)."""
        units = sum(layer.units for layer in self.run.cfg.layers[:-1])
        two_d = len(self.run.data.domain) == 2
        room = max(0, max_values - self.grid_size ** (2 if two_d else 1))
        size = self.hidden_grid_size
        while size >= 2 and units * size ** (2 if two_d else 1) > room:
            size -= 1
        return size if size >= 2 else 0

    def grids(self) -> dict[str, Any]:
        """The output grid and, if asked, every hidden unit's map, as float32 arrays."""
        if len(self.run.data.domain) not in (1, 2):
            return {}  # no heatmap of a 3-D (or higher) input space
        hidden = self.hidden_size_within(self.max_grid_values) if self.hidden_grid_size else 0
        x, y, values = engine_grids.output_grid_arrays(self.run, self.grid_size)
        found: dict[str, Any] = {"grid": {"x": x.tolist(), "y": None if y is None else y.tolist(), "values": values},
                                 "hidden_grid_size": hidden}  # may be smaller than asked: bounded by cost
        if hidden:
            found["hidden_grids"] = engine_grids.hidden_grid_arrays(self.run, hidden)
        return found


def _arrays(params: Params) -> dict[str, list[np.ndarray]]:
    return {"weights": [np.array(w, dtype=np.float64) for w in params.weights],
            "biases": [np.array(b, dtype=np.float64) for b in params.biases]}
