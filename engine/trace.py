"""The trace of one training iteration, and its phases.

An iteration is an ordered list of phases (L = number of dense layers):
    forward 1 … forward L, loss, backward L … backward 1, update      (2L + 2 phases)
The trace keeps what every phase computed, O(parameters + units) whatever the batch size:
per-unit z, a, δ of one focus example of the batch, and the batch's ∂E/∂W, ∂E/∂b and loss.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

import numpy as np

from .network import Params

Array = np.ndarray


@dataclass(slots=True)
class LayerTrace:
    """Layer l (1…L). z, a, delta, slope = g'(z): the focus example's, shape (n_l,).
    grad_*: the batch's."""

    z: Array
    a: Array
    delta: Array
    activation: Any  # the layer's registry entry (activations.Activation)
    grad_w: Array  # (n_l, n_{l-1})
    grad_b: Array  # (n_l,)
    w_before: Array
    b_before: Array
    w_after: Optional[Array] = None  # filled when the update is applied
    b_after: Optional[Array] = None
    _slope: Optional[Array] = None

    @property
    def slope(self) -> Array:
        """g'(z) of the focus example (n_l,), from the registry; derived when first read, so
        training steps that are never shown do not pay for it."""
        if self._slope is None:
            self._slope = self.activation.derivative(self.z, self.a)
        return self._slope


@dataclass(slots=True)
class IterationTrace:
    iteration: int
    epoch: int
    batch: Array  # (m,) indices into the training set
    focus: int  # position of the focus example within the batch
    input: Array  # (n_0,) the focus example's inputs
    target: Array  # (n_L,)
    focus_loss: float  # the focus example's loss
    loss: float  # the batch loss before the update (with the L2 term)
    layers: list[LayerTrace]
    status: str = "ok"
    # (z, a, t), each (1, n_L) -> ∂E/∂a; derived on first read from numbers the trace holds.
    output_grad_fn: Optional[Callable[[Array, Array, Array], Array]] = None
    _output_grad: Optional[Array] = None

    @property
    def output_grad(self) -> Array:
        """(n_L,) ∂E/∂a of the focus example: the chain rule's first factor (∂E/∂out_o1)."""
        if self._output_grad is None:
            last = self.layers[-1]
            self._output_grad = self.output_grad_fn(last.z[None], last.a[None], self.target[None])[0]
        return self._output_grad


def build_trace(focus_rows: list[tuple[Array, Array, Array]], x: Array, grad_w: list[Array],
                grad_b: list[Array], loss: float, params: Params, targets: Array,
                output_grad_fn: Callable[[Array, Array, Array], Array], focus_loss: float, iteration: int,
                epoch: int, batch: Array, focus: int, activations: list) -> IterationTrace:
    """Assemble the trace of one iteration; O(parameters + units).

    focus_rows: per layer the focus example's (z, a, δ), each (n_l,), owned by the trace.
    x (m, n_0), targets (m, n_L): the batch, rows of read-only arrays that are never written
    (a new epoch makes new ones), so the trace keeps views of them rather than copies.
    grad_*: the batch's gradients, kept as given. output_grad_fn: the loss's ∂E/∂a.
    activations: the layers' registry entries (each layer's slope g'(z) comes from them).
    """
    layers = [LayerTrace(z, a, d, act, gw, gb, w, b)
              for (z, a, d), act, gw, gb, w, b in zip(focus_rows, activations, grad_w, grad_b, params.weights,
                                                      params.biases)]
    return IterationTrace(iteration, epoch, batch, focus, x[focus], targets[focus], focus_loss, loss,
                          layers, output_grad_fn=output_grad_fn)


def attach_update(trace: IterationTrace, new_params: Params) -> None:
    for layer, w, b in zip(trace.layers, new_params.weights, new_params.biases):
        layer.w_after, layer.b_after = w, b


def phase_names(n_layers: int) -> list[dict[str, Any]]:
    """The phases of an iteration in order: [{'kind': 'forward', 'layer': 1}, …]."""
    forward = [{"kind": "forward", "layer": l} for l in range(1, n_layers + 1)]
    backward = [{"kind": "backward", "layer": l} for l in range(n_layers, 0, -1)]
    return forward + [{"kind": "loss", "layer": n_layers}] + backward + [{"kind": "update", "layer": None}]


def phase_count(n_layers: int) -> int:
    return 2 * n_layers + 2


def phase_values(trace: IterationTrace, phase: dict[str, Any]) -> dict[str, Any]:
    """What one phase computed, as plain lists: the numbers the page highlights."""
    kind, l = phase["kind"], phase["layer"]
    if kind == "forward":
        layer = trace.layers[l - 1]
        return {"z": layer.z.tolist(), "a": layer.a.tolist()}
    if kind == "loss":
        return {"loss": trace.loss, "focus_loss": trace.focus_loss, "output": trace.layers[-1].a.tolist(),
                "target": trace.target.tolist(), "output_grad": trace.output_grad.tolist()}
    if kind == "backward":
        layer = trace.layers[l - 1]
        return {"delta": layer.delta.tolist(), "grad_w": layer.grad_w.tolist(),
                "grad_b": layer.grad_b.tolist()}
    return {"weights_before": [t.w_before.tolist() for t in trace.layers],
            "weights_after": [t.w_after.tolist() for t in trace.layers if t.w_after is not None],
            "biases_before": [t.b_before.tolist() for t in trace.layers],
            "biases_after": [t.b_after.tolist() for t in trace.layers if t.b_after is not None]}
