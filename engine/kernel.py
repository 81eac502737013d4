"""The training hot path: backprop and the update on flat, preallocated buffers.

This computes exactly what network.py describes (same formulas, same order of floating-point
operations), but for speed:
- all parameters live in one flat vector theta (P,) = [W1, …, WL (row-major), b1, …, bL], with
  per-layer views, so the L2 term, the division by m, the update and the finiteness check are
  each one NumPy call over all layers instead of one per layer;
- z, a, δ of every layer are written into buffers kept per batch size (no allocation per step);
- the update is written into a spare vector and only swapped in when finite, so a diverging
  step leaves the last finite parameters in place without any copying.

Shapes, for a batch of m rows: zs[l], acts[l], deltas[l] (m, n_{l+1}) for l = 0…L−1 (layer l+1).
"""
from __future__ import annotations

import math
from typing import Callable, Optional

import numpy as np

from .activations import get_activation
from .config import Config
from .network import Params
from .optimiser import Velocity

Array = np.ndarray


def _frozen(a: Array) -> Array:
    a.setflags(write=False)
    return a


def _frozen_all(arrays: list[Array]) -> list[Array]:
    return [_frozen(a) for a in arrays]


class _Buffers:
    """z, a, δ and scratch for every layer at one batch size m."""

    def __init__(self, m: int, cfg: Config):
        # Per layer one (3, m, n_l) block holding z, a and δ, so the trace copies the focus
        # example's three rows with one call per layer. Each of z, a, δ is a contiguous (m, n_l).
        self.blocks = [np.empty((3, m, layer.units)) for layer in cfg.layers]
        self.linear = [layer.activation == "linear" for layer in cfg.layers]
        self.zs = [block[0] for block in self.blocks]
        self.acts = [block[0] if linear else block[1] for block, linear in zip(self.blocks, self.linear)]
        self.deltas = [block[2] for block in self.blocks]
        self.deltas_t = [d.T for d in self.deltas]  # views made once: .T costs a call per use
        self.tmps = [np.empty_like(z) for z in self.zs]

    def focus_rows(self, focus: int) -> list[tuple[Array, Array, Array]]:
        """Copies of example `focus`'s z, a, δ per layer, each (n_l,)."""
        rows = [block[:, focus].copy() for block in self.blocks]
        return [(r[0], r[0] if linear else r[1], r[2]) for r, linear in zip(rows, self.linear)]


class Kernel:
    """Forward, backward and update for one Config, on the flat parameter vector theta (P,)."""

    def __init__(self, cfg: Config, n_train: int):
        self.cfg = cfg
        self.n_train = n_train  # n of the L2 term λ/(2n) Σ‖W‖² (see network.py)
        sizes = cfg.sizes
        self.shapes = [(n_out, n_in) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
        self.n_weights = sum(r * c for r, c in self.shapes)  # theta[:n_weights] are the weights
        size = self.n_weights + sum(sizes[1:])
        self._spans()
        self.theta, self.spare = np.zeros(size), np.zeros(size)
        self.grad, self.step = np.zeros(size), np.zeros(size)
        self.vel, self.vel_spare = np.zeros(size), np.zeros(size)
        # Views of both parameter vectors, made once: the update swaps the pairs.
        self.W, self.b = self.views(self.theta)
        self.spare_views = self.views(self.spare)
        self.WT, self.spare_WT = [w.T for w in self.W], [w.T for w in self.spare_views[0]]
        self.gW, self.gb = self.views(self.grad)
        activations = [get_activation(layer.activation) for layer in cfg.layers]
        self.forwards = [act.into for act in activations]  # the registry's in-place forms
        self.derivatives = [act.times_derivative for act in activations]
        self.output_delta = self._output_delta_fn(cfg)
        self.buffers: dict[int, _Buffers] = {}
        self.last: Optional[_Buffers] = None  # the buffers of the latest gradient() call
        self.issued: tuple = (None, None)  # what issue() last handed out

    def views(self, flat: Array) -> tuple[list[Array], list[Array]]:
        """Per-layer views of a flat (P,) vector: weights [(n_l, n_{l-1})], biases [(n_l,)]."""
        return ([flat[start:stop].reshape(shape) for start, stop, shape in self.weight_spans],
                [flat[start:stop] for start, stop in self.bias_spans])

    def _spans(self) -> None:
        self.weight_spans, self.bias_spans, w_at, b_at = [], [], 0, self.n_weights
        for rows, cols in self.shapes:
            self.weight_spans.append((w_at, w_at + rows * cols, (rows, cols)))
            self.bias_spans.append((b_at, b_at + rows))
            w_at, b_at = w_at + rows * cols, b_at + rows

    def _output_delta_fn(self, cfg: Config) -> Callable[[Array, Array, Array, Array, Array], None]:
        """δ_L = ∂E_i/∂z_L in place, as losses.py defines it (not divided by m)."""
        times_derivative = self.derivatives[-1]
        scale = 2.0 / cfg.outputs  # mse averages over the K outputs

        def cross_entropy(d, z, a, t, tmp):
            np.subtract(a, t, out=d)  # bce/softmax_ce: g'(z) cancels the loss's denominator

        def half_sse(d, z, a, t, tmp):
            np.subtract(a, t, out=d)
            times_derivative(d, z, a, tmp)

        def mse(d, z, a, t, tmp):
            np.subtract(a, t, out=d)
            np.multiply(d, scale, out=d)
            times_derivative(d, z, a, tmp)
        return {"half_sse": half_sse, "mse": mse}.get(cfg.loss, cross_entropy)

    # -- state in and out -----------------------------------------------------------------------
    def load(self, params: Params, velocity: Optional[Velocity]) -> None:
        """Copy parameters (and momentum) in; spares start equal so frozen parts stay put.

        Skipped when they are the very objects the kernel last handed out (its own numbers)."""
        if params is self.issued[0] and velocity is self.issued[1]:
            return
        for view, w in zip(self.W, params.weights):
            view[...] = w
        for view, b in zip(self.b, params.biases):
            view[...] = b
        self.spare[...] = self.theta
        if velocity is None:
            self.vel.fill(0.0)
        else:
            vw, vb = self.views(self.vel)
            for view, v in zip(vw + vb, velocity.weights + velocity.biases):
                view[...] = v
        self.vel_spare[...] = self.vel

    def issue(self, with_velocity: bool) -> tuple[Params, Optional[Velocity]]:
        """Read-only copies of the parameters (and velocity, if asked) for the run to own.

        The kernel remembers them: handed back unchanged to `load`, they need no copying in.
        They are read-only so that an edit in place (which `load` would not see) fails loudly;
        to change a weight, pass new arrays (Params.copy())."""
        # Copying the per-layer views is cheaper than copying theta and reshaping it again.
        params = Params([_frozen(w.copy()) for w in self.W], [_frozen(b.copy()) for b in self.b])
        velocity = Velocity(*map(_frozen_all, self.views(_frozen(self.vel.copy())))) if with_velocity else None
        self.issued = (params, velocity)
        return params, velocity

    def gradients(self) -> tuple[list[Array], list[Array]]:
        """Copies of the last gradient, per layer: ∂E/∂W (n_l, n_{l-1}) and ∂E/∂b (n_l,)."""
        return [g.copy() for g in self.gW], [g.copy() for g in self.gb]

    def rejected(self) -> Params:
        """Copies of the non-finite parameters the last `update` refused."""
        return Params(*self.views(self.spare.copy()))

    # -- one iteration --------------------------------------------------------------------------
    def forward(self, x: Array) -> _Buffers:
        """x (m, n_0) → buffers with zs and acts of every layer filled."""
        buf = self.buffers.get(len(x))
        if buf is None:
            buf = self.buffers[len(x)] = _Buffers(len(x), self.cfg)
        a = x
        for wt, b, z, out, g in zip(self.WT, self.b, buf.zs, buf.acts, self.forwards):
            np.matmul(a, wt, out=z)
            np.add(z, b, out=z)
            a = g(z, out)
        self.last = buf
        return buf

    def gradient(self, x: Array, t: Array) -> None:
        """Fill grad with (Σ_i δᵀa + λ(m/n)W)/m for weights and Σ_i δ/m for biases: the batch
        mean plus (λ/n)W, n the training-set size."""
        buf = self.forward(x)
        zs, acts, deltas, tmps = buf.zs, buf.acts, buf.deltas, buf.tmps
        last = len(zs) - 1
        self.output_delta(deltas[last], zs[last], acts[last], t, tmps[last])
        add_reduce = np.add.reduce  # np.sum's Python wrapper costs more than the sum here
        for l in range(last, -1, -1):
            d = deltas[l]
            np.matmul(buf.deltas_t[l], acts[l - 1] if l else x, out=self.gW[l])
            add_reduce(d, axis=0, out=self.gb[l])
            if l:
                # δ[l−1] = (δ[l] · W[l]) ⊙ g'(z[l−1]), with the weights before the update.
                np.matmul(d, self.W[l], out=deltas[l - 1])
                self.derivatives[l - 1](deltas[l - 1], zs[l - 1], acts[l - 1], tmps[l - 1])
        if self.cfg.l2:
            n = self.n_weights
            np.multiply(self.theta[:n], self.cfg.l2 * len(x) / self.n_train, out=self.step[:n])
            np.add(self.grad[:n], self.step[:n], out=self.grad[:n])
        np.divide(self.grad, len(x), out=self.grad)

    def update(self) -> bool:
        """θ ← θ − η∇ (or with momentum v ← μv − η∇, θ ← θ + v); False, and θ kept, if the new
        θ has diverged (a parameter non-finite, or Σθ² overflows)."""
        cfg = self.cfg
        end = self.n_weights if cfg.freeze_biases else len(self.theta)
        grad, step, theta, spare = self.grad[:end], self.step[:end], self.theta[:end], self.spare[:end]
        np.multiply(grad, cfg.learning_rate, out=step)
        if cfg.momentum:
            vel = self.vel_spare[:end]
            np.multiply(self.vel[:end], cfg.momentum, out=vel)
            np.subtract(vel, step, out=vel)
            np.add(theta, vel, out=spare)
        else:
            np.subtract(theta, step, out=spare)
        # θ·θ is finite iff every |θ_i| < ~1.3e154 (and none is NaN or ±inf): beyond that the
        # next forward pass overflows, so the run counts as diverged already (DIVERGENCE below).
        if not math.isfinite(float(np.dot(self.spare, self.spare))):
            return False
        self.theta, self.spare = self.spare, self.theta
        self.vel, self.vel_spare = self.vel_spare, self.vel
        (self.W, self.b), self.spare_views = self.spare_views, (self.W, self.b)
        self.WT, self.spare_WT = self.spare_WT, self.WT
        return True
