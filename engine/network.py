"""Dense feed-forward network: initialisation, forward pass and backpropagation.

Notation (see ../shared/NOTATION.md): layer 0 is the input, layers 1…L are dense. For a batch
of m examples stored as rows:

    W[l]  shape (n_l, n_{l-1})   weight from unit i of layer l−1 to unit j of layer l is W[l][j, i]
    b[l]  shape (n_l,)
    z[l]  shape (m, n_l)         z[l] = a[l−1] · W[l]ᵀ + b[l]
    a[l]  shape (m, n_l)         a[l] = g_l(z[l]);  a[0] = X
    δ[l]  shape (m, n_l)         δ[l] = ∂E_i/∂z[l] per example
    ∂E/∂W[l] = (δ[l]ᵀ · a[l−1] + λ W[l]) / m      (seed 002: Δ accumulated, λ on weights only)
    ∂E/∂b[l] = Σ_i δ[l]_i / m

Python lists hold the layers with index 0 standing for layer 1 (`weights[0]` is W[1]).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .activations import get_activation
from .config import Config
from .losses import get_loss

Array = np.ndarray


@dataclass
class Params:
    """The learnable parameters: weights[l] (n_l, n_{l-1}) and biases[l] (n_l,), l = 1…L."""

    weights: list[Array]
    biases: list[Array]

    def copy(self) -> "Params":
        return Params([w.copy() for w in self.weights], [b.copy() for b in self.biases])

    def all_finite(self) -> bool:
        return all(np.isfinite(w).all() for w in self.weights) and all(
            np.isfinite(b).all() for b in self.biases)

    def count(self) -> int:
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases))


@dataclass
class Backprop:
    """What one forward and backward pass over a batch computed (Nielsen's zs/activations/deltas).

    zs[l], deltas[l]: (m, n_{l+1}) for l = 0…L−1; activations[0] = X (m, n_0), activations[l+1]
    = a of layer l+1. grad_w/grad_b have the shapes of the parameters. loss includes the L2 term.
    """

    zs: list[Array]
    activations: list[Array]
    deltas: list[Array]
    grad_w: list[Array]
    grad_b: list[Array]
    loss: float


def init_params(cfg: Config, rng: np.random.Generator) -> Params:
    """Seeded initialisation: uniform ±0.5, Xavier/Glorot uniform, or He normal.

    Biases start at 0 for Xavier and He (the usual choice) and uniform ±0.5 for 'uniform'.
    """
    weights, biases = [], []
    for fan_in, fan_out in zip(cfg.sizes[:-1], cfg.sizes[1:]):
        if cfg.init == "he":
            w = rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
            b = np.zeros(fan_out)
        elif cfg.init == "uniform":
            w = rng.uniform(-0.5, 0.5, size=(fan_out, fan_in))
            b = rng.uniform(-0.5, 0.5, size=fan_out)
        else:  # xavier, also the fallback for 'explicit' when no parameters were given
            limit = np.sqrt(6.0 / (fan_in + fan_out))
            w = rng.uniform(-limit, limit, size=(fan_out, fan_in))
            b = np.zeros(fan_out)
        weights.append(w)
        biases.append(b)
    return Params(weights, biases)


def check_param_shapes(cfg: Config, params: Params) -> None:
    """Raise ValueError if `params` does not fit the layer sizes of `cfg`."""
    sizes = cfg.sizes
    if len(params.weights) != len(sizes) - 1 or len(params.biases) != len(sizes) - 1:
        raise ValueError(f"params: expected {len(sizes) - 1} layers of weights and biases")
    for l, (w, b) in enumerate(zip(params.weights, params.biases), start=1):
        if w.shape != (sizes[l], sizes[l - 1]):
            raise ValueError(f"params.weights[{l - 1}]: expected shape {(sizes[l], sizes[l - 1])}, got {w.shape}")
        if b.shape != (sizes[l],):
            raise ValueError(f"params.biases[{l - 1}]: expected length {sizes[l]}, got {b.shape}")


class Network:
    """A configured network: forward and backprop over parameters it is given.

    The network holds no parameters itself, so one Network serves any number of states.
    """

    def __init__(self, cfg: Config, n_train: int):
        """n_train: the training-set size n of the L2 term λ/(2n) Σ‖W‖² (the same in every
        batch mode, as in seed 002 and Nielsen)."""
        self.cfg = cfg
        self.n_train = n_train
        self.acts = [get_activation(layer.activation) for layer in cfg.layers]
        self.loss_fn = get_loss(cfg.loss)

    def forward(self, params: Params, x: Array) -> tuple[list[Array], list[Array]]:
        """x (m, n_0) → (zs, activations) as described in `Backprop`."""
        zs, activations = [], [x]
        a = x
        with np.errstate(over="ignore", invalid="ignore"):  # σ(very negative z) = 0; diverging runs: inf
            for w, b, act in zip(params.weights, params.biases, self.acts):
                z = a @ w.T + b
                a = act.fn(z)
                zs.append(z)
                activations.append(a)
        return zs, activations

    def predict(self, params: Params, x: Array) -> Array:
        """x (m, n_0) → output a[L] (m, n_L)."""
        return self.forward(params, x)[1][-1]

    def loss(self, params: Params, x: Array, t: Array) -> float:
        """Loss over x: mean per-example loss plus λ/(2n) Σ‖W‖², n the training-set size
        (seed 002's regularised cost; the same term for a batch, the training or the test set)."""
        zs, activations = self.forward(params, x)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run: inf, not a warning
            return self.loss_fn.value(zs[-1], activations[-1], t) + self.l2_term(params)

    def loss_and_output(self, params: Params, x: Array, t: Array) -> tuple[float, Array]:
        """`loss` over x and the output a[L] (m, n_L) of the same forward pass: accuracy
        (metrics.py) reads the outputs the loss already computed, at no second pass."""
        zs, activations = self.forward(params, x)
        with np.errstate(over="ignore", invalid="ignore"):
            return self.loss_fn.value(zs[-1], activations[-1], t) + self.l2_term(params), activations[-1]

    def l2_term(self, params: Params) -> float:
        if self.cfg.l2 == 0.0:
            return 0.0
        return self.cfg.l2 / (2.0 * self.n_train) * sum(float(np.sum(w * w)) for w in params.weights)

    def backprop(self, params: Params, x: Array, t: Array) -> Backprop:
        """Forward, loss, backward over a batch x (m, n_0) with targets t (m, n_L). A diverging
        run's overflow gives inf/NaN (reported as such), not warnings."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self._backprop(params, x, t)

    def _backprop(self, params: Params, x: Array, t: Array) -> Backprop:
        zs, activations = self.forward(params, x)
        m = len(x)
        out = activations[-1]
        loss = self.loss_fn.value(zs[-1], out, t) + self.l2_term(params)
        delta = self.loss_fn.output_delta(zs[-1], out, t, self.acts[-1])
        n_layers = len(params.weights)
        deltas: list[Array] = [None] * n_layers  # type: ignore[list-item]
        grad_w: list[Array] = [None] * n_layers  # type: ignore[list-item]
        grad_b: list[Array] = [None] * n_layers  # type: ignore[list-item]
        for l in range(n_layers - 1, -1, -1):
            deltas[l] = delta
            grad_w[l] = self._weight_gradient(delta, activations[l], params.weights[l], m)
            grad_b[l] = delta.sum(axis=0) / m
            if l > 0:
                # δ[l−1] = (δ[l] · W[l]) ⊙ g'(z[l−1]); uses the weights before any update.
                delta = (delta @ params.weights[l]) * self.acts[l - 1].derivative(zs[l - 1], activations[l])
        return Backprop(zs, activations, deltas, grad_w, grad_b, loss)

    def _weight_gradient(self, delta: Array, a_prev: Array, w: Array, m: int) -> Array:
        # (Σ_i δ_i a_iᵀ + λ(m/n) W) / m = the batch mean + (λ/n) W, in kernel.py's order of operations.
        grad = delta.T @ a_prev
        if self.cfg.l2:
            grad += self.cfg.l2 * m / self.n_train * w
        return grad / m
