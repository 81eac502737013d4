"""A training run and how it advances: by phase, iteration or epoch.

A `Run` is the whole state of one network (config, dataset spec, parameters, momentum, where
it is in its epoch and iteration). It is plain data, rebuilt from the JSON state document on
every request; nothing else is kept. Batches follow a seeded shuffle per epoch, so the same
state always takes the same next step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import datasets
from .config import Config
from .datasets import Data, DatasetSpec
from .network import Network, Params
from .optimiser import Velocity, sgd_update
from .trace import IterationTrace, attach_update, build_trace, phase_count, phase_names, phase_values


@dataclass
class Run:
    cfg: Config
    dataset: DatasetSpec
    params: Params
    velocity: Optional[Velocity] = None
    iteration: int = 0  # iterations completed
    epoch: int = 0  # epochs completed
    batch_index: int = 0  # batches of the current epoch completed
    phase: int = 0  # phases of the current iteration already shown
    focus: int = 0  # position of the focus example in each batch
    status: str = "ok"  # 'ok' or 'diverged'
    net: Network = field(init=False, repr=False)
    data: Data = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.net = Network(self.cfg)
        self.data = datasets.load(self.dataset, self.cfg.outputs)
        if self.data.x_train.shape[1] != self.cfg.inputs:
            raise ValueError(f"config.inputs: the dataset gives {self.data.x_train.shape[1]} input feature(s), "
                             f"the network has {self.cfg.inputs}")

    # -- batches ---------------------------------------------------------------------------
    @property
    def n_train(self) -> int:
        return len(self.data.x_train)

    @property
    def batch_size(self) -> int:
        size = self.cfg.batch_size or self.n_train
        return min(size, self.n_train)

    @property
    def iterations_per_epoch(self) -> int:
        return math.ceil(self.n_train / self.batch_size)

    def epoch_order(self, epoch: int) -> np.ndarray:
        """The seeded shuffle of the training set for `epoch` (identity for a full batch)."""
        if self.batch_size >= self.n_train:
            return np.arange(self.n_train)
        return np.random.default_rng([self.cfg.seed, epoch]).permutation(self.n_train)

    def current_batch(self) -> np.ndarray:
        start = self.batch_index * self.batch_size
        return self.epoch_order(self.epoch)[start:start + self.batch_size]

    # -- one iteration ----------------------------------------------------------------------
    def compute_iteration(self) -> IterationTrace:
        """Forward, loss and backward for the current batch, and the update, not yet applied."""
        batch = self.current_batch()
        x, t = self.data.x_train[batch], self.data.t_train[batch]
        bp = self.net.backprop(self.params, x, t)
        focus = min(self.focus, len(batch) - 1)
        out, tgt = bp.activations[-1][focus:focus + 1], t[focus:focus + 1]
        trace = build_trace(bp, self.params, t, self.net.loss_fn.output_grad(out, tgt)[0],
                            self.net.loss_fn.value(out, tgt), self.iteration, self.epoch, batch, focus)
        new_params, new_velocity = sgd_update(self.params, bp.grad_w, bp.grad_b, self.cfg.learning_rate,
                                              self.cfg.momentum, self.cfg.freeze_biases, self.velocity)
        attach_update(trace, new_params)
        if not (math.isfinite(bp.loss) and new_params.all_finite()):
            trace.status = "diverged"
        self._pending = (new_params, new_velocity)
        return trace

    def apply(self, trace: IterationTrace) -> None:
        """Apply the update computed by `compute_iteration`, unless the run diverged there."""
        self.phase = 0
        if trace.status == "diverged":
            # Keep the last finite parameters; the user sees why training stopped.
            self.status = "diverged"
            return
        self.params, self.velocity = self._pending
        self.status = "ok"
        self._advance_counters()

    def _advance_counters(self) -> None:
        self.iteration += 1
        self.batch_index += 1
        if self.batch_index >= self.iterations_per_epoch:
            self.batch_index = 0
            self.epoch += 1

    # -- stepping ---------------------------------------------------------------------------
    def step_iteration(self) -> IterationTrace:
        """Finish the current iteration (from whatever phase it is at) and return its trace."""
        trace = self.compute_iteration()
        self.apply(trace)
        return trace

    def step_iterations(self, n: int) -> Optional[IterationTrace]:
        """Advance n iterations, stopping early on divergence; the last iteration's trace."""
        trace = None
        for _ in range(n):
            trace = self.step_iteration()
            if trace.status == "diverged":
                break
        return trace

    def step_epoch(self) -> Optional[IterationTrace]:
        """Advance to the start of the next epoch."""
        remaining = self.iterations_per_epoch - self.batch_index
        return self.step_iterations(remaining)

    def step_phase(self) -> tuple[dict, IterationTrace]:
        """Show the next phase of the current iteration; the update phase applies it.

        Returns ({'index', 'kind', 'layer', 'values'}, trace of the whole iteration).
        """
        phases = phase_names(len(self.cfg.layers))
        trace = self.compute_iteration()
        index = self.phase
        phase = dict(phases[index], index=index, count=len(phases))
        phase["values"] = phase_values(trace, phases[index])
        if index == len(phases) - 1:
            self.apply(trace)
        else:
            self.phase += 1
        return phase, trace

    @property
    def phases_per_iteration(self) -> int:
        return phase_count(len(self.cfg.layers))

    # -- evaluation -------------------------------------------------------------------------
    def train_loss(self) -> float:
        return self.net.loss(self.params, self.data.x_train, self.data.t_train)

    def test_loss(self) -> Optional[float]:
        if len(self.data.x_test) == 0:
            return None
        return self.net.loss(self.params, self.data.x_test, self.data.t_test)

    # -- gradients for the gradient check ------------------------------------------------------
    def batch_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The current batch's inputs (m, n_0) and targets (m, n_L)."""
        batch = self.current_batch()
        return self.data.x_train[batch], self.data.t_train[batch]

    def batch_gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """∂E/∂W[l] (n_l, n_{l-1}) and ∂E/∂b[l] (n_l,) of the batch, as training computes them."""
        bp = self.net.backprop(self.params, x, t)
        return bp.grad_w, bp.grad_b
