"""A training run and how it advances: by phase, iteration or epoch.

A `Run` is the whole state of one network (config, dataset spec, parameters, momentum, where
it is in its epoch and iteration). It is plain data, rebuilt from the JSON state document on
every request; nothing else is kept. Batches follow a seeded shuffle per epoch, so the same
state always takes the same next step.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Optional

import numpy as np

from . import datasets, metrics
from .config import Config
from .datasets import Data, DatasetSpec
from .kernel import Kernel
from .losses import mean
from .network import Network, Params
from .optimiser import Velocity
from .trace import IterationTrace, attach_update, build_trace, phase_count, phase_names, phase_values


# Settings a run can change without a reset (Run.change_settings): they keep the layer sizes.
MID_RUN_SETTINGS = frozenset({"learning_rate", "batch_size", "l2", "momentum", "freeze_biases"})


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
    _kernel: Optional[Kernel] = field(init=False, default=None, repr=False, compare=False)
    # (epoch, batch size, order (n,), inputs (n, n_0) and targets (n, n_L) in that order)
    _epoch_cache: Any = field(init=False, default=None, repr=False, compare=False)
    _sizes_cache: Any = field(init=False, default=(None, None), repr=False, compare=False)

    def __post_init__(self) -> None:
        self.data = datasets.load(self.dataset, self.cfg.outputs, self.cfg.loss)
        self.net = Network(self.cfg, self.n_train)
        if self.data.x_train.shape[1] != self.cfg.inputs:
            raise ValueError(f"config.inputs: the dataset gives {self.data.x_train.shape[1]} input feature(s), "
                             f"the network has {self.cfg.inputs}")

    # -- batches ---------------------------------------------------------------------------
    @property
    def n_train(self) -> int:
        return len(self.data.x_train)

    @property
    def batch_size(self) -> int:
        return self._sizes()[0]

    @property
    def iterations_per_epoch(self) -> int:
        return self._sizes()[1]

    def _sizes(self) -> tuple[int, int]:
        """(batch size, iterations per epoch), cached for the current config object."""
        if self._sizes_cache[0] is not self.cfg:
            size = min(self.cfg.batch_size or self.n_train, self.n_train)
            self._sizes_cache = (self.cfg, (size, math.ceil(self.n_train / size)))
        return self._sizes_cache[1]

    def change_settings(self, **changes: Any) -> None:
        """Change training settings mid-run: the one way REST, the WebSocket and the page do it.

        `changes` names Config fields that keep the layer sizes (learning_rate, batch_size, l2,
        momentum, freeze_biases) and/or `focus`. Parameters and momentum are kept; the current
        iteration restarts at its first phase (its numbers were computed with the old settings).

        A new batch size keeps the run's place in the epoch: the epoch's shuffled order does not
        depend on the batch size, so the run continues with the batch holding the first example
        not yet used (examples 0…seen−1 were used; at most batch_size − 1 of them are used again)
        in the same epoch. Iteration and epoch counts are unchanged.
        """
        focus = changes.pop("focus", None)
        unknown = set(changes) - MID_RUN_SETTINGS
        if unknown:
            raise ValueError(f"{sorted(unknown)[0]}: cannot change mid-run (changes the network: create a new one)")
        seen = self.batch_index * self.batch_size
        cfg = self.cfg.with_changes(**changes)
        self.cfg, self.net, self.phase = cfg, Network(cfg, self.n_train), 0
        self.batch_index = min(seen // self.batch_size, self.iterations_per_epoch - 1)
        if focus is not None:
            self.focus = int(focus)

    def epoch_order(self, epoch: int) -> np.ndarray:
        """The seeded shuffle of the training set for `epoch` (identity for a full batch)."""
        if self.batch_size >= self.n_train:
            return np.arange(self.n_train)
        return np.random.default_rng([self.cfg.seed, epoch]).permutation(self.n_train)

    def _epoch_data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """This epoch's order (n,) and the training inputs/targets permuted by it, computed once
        per epoch so that every batch is a contiguous slice (a view, no copy)."""
        cache, size = self._epoch_cache, self.batch_size
        if cache is None or cache[0] != self.epoch or cache[1] != size:
            order = self.epoch_order(self.epoch)
            if size >= self.n_train:
                x, t = self.data.x_train, self.data.t_train
            else:
                x, t = self.data.x_train[order], self.data.t_train[order]
                x.setflags(write=False)  # traces keep views of these rows: they must never change
                t.setflags(write=False)
            cache = self._epoch_cache = (self.epoch, size, order, x, t)
        return cache[2], cache[3], cache[4]

    def current_batch(self) -> np.ndarray:
        start = self.batch_index * self.batch_size
        return self._epoch_data()[0][start:start + self.batch_size]

    def batch_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """The current batch's inputs (m, n_0) and targets (m, n_L)."""
        _, x, t = self._epoch_data()
        start = self.batch_index * self.batch_size
        return x[start:start + self.batch_size], t[start:start + self.batch_size]

    def kernel(self) -> Kernel:
        """The flat-buffer hot path, loaded with this run's current parameters."""
        if self._kernel is None or self._kernel.cfg is not self.cfg:
            self._kernel = Kernel(self.cfg, self.n_train)
        self._kernel.load(self.params, self.velocity)
        return self._kernel

    def _issue(self, kernel: Kernel) -> tuple[Params, Optional[Velocity]]:
        """The kernel's parameters and velocity (unchanged velocity without momentum)."""
        params, velocity = kernel.issue(bool(self.cfg.momentum))
        return params, velocity if self.cfg.momentum else self.velocity

    # -- one iteration ----------------------------------------------------------------------
    def compute_iteration(self) -> IterationTrace:
        """Forward, loss and backward for the current batch, and the update, not yet applied."""
        order, x_all, t_all = self._epoch_data()
        size = self.batch_size
        start = self.batch_index * size
        batch, x, t = order[start:start + size], x_all[start:start + size], t_all[start:start + size]
        kernel, loss_fn = self.kernel(), self.net.loss_fn
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is reported, not warned
            kernel.gradient(x, t)
            buf = kernel.last
            per_example = loss_fn.per_example(buf.zs[-1], buf.acts[-1], t)  # (m,)
            loss = mean(per_example) + self.net.l2_term(self.params)
            grad_w, grad_b = kernel.gradients()
            focus = min(self.focus, len(x) - 1)  # the last batch of an epoch may be short
            trace = build_trace(buf.focus_rows(focus), x, grad_w, grad_b, loss, self.params, t, loss_fn.output_grad,
                                float(per_example[focus]), self.iteration, self.epoch, batch, focus, self.net.acts)
            finite = kernel.update()
        if finite:
            new_params, new_velocity = self._issue(kernel)
        else:  # the kernel kept the old parameters; show the user the non-finite ones it refused
            new_params, new_velocity = kernel.rejected(), None
        attach_update(trace, new_params)
        if not (math.isfinite(loss) and finite):
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
        """Advance n iterations, stopping early on divergence; the last iteration's trace.

        Only the last trace is returned, so the first n − 1 iterations take the lean path (the
        same numbers bit for bit); a divergence there repeats in the traced step, which reports it.
        """
        if n <= 0:
            return None
        self.train(n - 1)
        return self.step_iteration()

    def train(self, n: int) -> int:
        """Advance n iterations without traces (auto-train); stops early on divergence.

        The same numbers as n calls of step_iteration, bit for bit. Returns the iterations done.
        """
        kernel = self.kernel()
        size, per_epoch = self.batch_size, self.iterations_per_epoch
        done = 0
        gradient, update = kernel.gradient, kernel.update
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected, not warned
            while done < n:
                if self.batch_index == 0 or done == 0:
                    _, x_all, t_all = self._epoch_data()
                start = self.batch_index * size
                gradient(x_all[start:start + size], t_all[start:start + size])
                if not update():
                    self.status = "diverged"
                    break
                self.status = "ok"
                done += 1
                self.iteration += 1
                self.batch_index += 1
                if self.batch_index >= per_epoch:
                    self.batch_index = 0
                    self.epoch += 1
        self.phase = 0
        if done:
            self.params, self.velocity = self._issue(kernel)
        return done

    def step_epoch(self) -> Optional[IterationTrace]:
        """Advance to the start of the next epoch."""
        return self.step_iterations(self.iterations_needed("epoch", 1))

    def iterations_needed(self, unit: str, count: int) -> int:
        """Iterations that `advance(unit, count)` runs at most (a phase computes an iteration)."""
        if unit == "epoch":
            return (self.iterations_per_epoch - self.batch_index) + (count - 1) * self.iterations_per_epoch
        return count

    def advance(self, unit: str, count: int) -> tuple[Optional[dict], Optional[IterationTrace]]:
        """Advance `count` phases, iterations or epochs, stopping at a divergence: the one
        stepping rule of REST steps. Returns (the last phase shown or None, the last trace)."""
        if unit == "phase":
            phase = trace = None
            for _ in range(count):
                phase, trace = self.step_phase()
                if trace.status == "diverged":
                    break
            return phase, trace
        if unit not in ("iteration", "epoch"):
            raise ValueError(f"unit: choose 'phase', 'iteration' or 'epoch', got {unit!r}")
        return None, self.step_iterations(self.iterations_needed(unit, count))

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

    def losses(self) -> tuple[float, Optional[float]]:
        """(train loss, test loss or None) at the current parameters. A run whose training loss
        is not finite is diverged from now on: the first moment any loss or parameter is not
        finite (README: when a run counts as diverged)."""
        with np.errstate(over="ignore", invalid="ignore"):
            train, test = self.train_loss(), self.test_loss()
        if not math.isfinite(train):
            self.status = "diverged"
        return train, test

    def scores(self) -> dict[str, Any]:
        """{train_loss, test_loss} as `losses` gives them (marking a run diverged the same way)
        and, for a classification run (metrics.is_classification), metrics.classification's
        {classes, train_accuracy, test_accuracy, train_confusion, test_confusion}, all from one
        forward pass over each set; for a regression run those are None."""
        data, net = self.data, self.net
        with np.errstate(over="ignore", invalid="ignore"):
            train, a_train = net.loss_and_output(self.params, data.x_train, data.t_train)
            test, a_test = (net.loss_and_output(self.params, data.x_test, data.t_test) if len(data.x_test)
                            else (None, None))
        if not math.isfinite(train):
            self.status = "diverged"
        found: dict[str, Any] = {"train_loss": train, "test_loss": test}
        if metrics.is_classification(self.dataset.name, self.cfg.loss):
            found.update(metrics.classification(a_train, data.t_train, a_test, data.t_test))
        else:
            found.update(dict.fromkeys(metrics.CLASSIFICATION_KEYS))
        return found

    def test_loss(self) -> Optional[float]:
        if len(self.data.x_test) == 0:
            return None
        return self.net.loss(self.params, self.data.x_test, self.data.t_test)

    def batch_gradient(self, x: np.ndarray, t: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """∂E/∂W[l] (n_l, n_{l-1}) and ∂E/∂b[l] (n_l,) of a batch, as training computes them."""
        kernel = self.kernel()
        kernel.gradient(x, t)
        return kernel.gradients()
