"""An independent reference for the engine: the network's loss written from its definition in
autograd's NumPy, differentiated by reverse-mode autodiff (as micrograd's tests use PyTorch).

Nothing here imports the engine's formulas: activations and losses are written anew from the
README's definitions, so a slip in the engine cannot cancel out in the comparison.
"""
from __future__ import annotations

import autograd.numpy as anp
from autograd import grad

LEAKY = 0.01


def activation(name: str, z):
    if name == "sigmoid":
        return 0.5 * (anp.tanh(0.5 * z) + 1.0)  # σ, without e^−z overflowing in its gradient
    if name == "tanh":
        return anp.tanh(z)
    if name == "relu":
        return anp.where(z > 0, z, 0.0 * z)
    if name == "leaky_relu":
        return anp.where(z > 0, z, LEAKY * z)
    if name == "linear":
        return z
    if name == "softmax":
        e = anp.exp(z - anp.max(z, axis=1, keepdims=True))
        return e / anp.sum(e, axis=1, keepdims=True)
    raise ValueError(name)


def per_example_loss(name: str, z, a, t):
    """(m,) losses from the output's z (m, K) and a (m, K)."""
    if name == "half_sse":
        return 0.5 * anp.sum((a - t) ** 2, axis=1)
    if name == "mse":
        return anp.mean((a - t) ** 2, axis=1)
    if name == "bce":  # −[t log σ(z) + (1 − t) log(1 − σ(z))], with log σ(z) = −log(1 + e^−z)
        return anp.sum(t * anp.logaddexp(0.0, -z) + (1 - t) * anp.logaddexp(0.0, z), axis=1)
    if name == "softmax_ce":  # −Σ t log softmax(z)
        shifted = z - anp.max(z, axis=1, keepdims=True)
        log_softmax = shifted - anp.log(anp.sum(anp.exp(shifted), axis=1, keepdims=True))
        return -anp.sum(t * log_softmax, axis=1)
    raise ValueError(name)


def loss_in_a(name: str, z, a, t):
    """The same losses written in the output a only (the textbook form), for ∂E/∂a."""
    if name == "bce":
        return -anp.sum(t * anp.log(a) + (1 - t) * anp.log(1 - a), axis=1)
    if name == "softmax_ce":
        return -anp.sum(t * anp.log(a), axis=1)
    return per_example_loss(name, z, a, t)


class Reference:
    """cfg: an engine Config (read as plain data); n_train: the n of λ/(2n) Σ W²."""

    def __init__(self, cfg, n_train: int):
        self.cfg, self.n_train = cfg, n_train
        self.acts = [layer.activation for layer in cfg.layers]

    def forward(self, weights, biases, x, shifts=None):
        """zs and activations per layer; shifts[l] is added to z of layer l (for ∂E/∂z)."""
        zs, acts, a = [], [], x
        for l, (w, b, act) in enumerate(zip(weights, biases, self.acts)):
            z = anp.dot(a, w.T) + b
            if shifts is not None:
                z = z + shifts[l]
            a = activation(act, z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def losses(self, weights, biases, x, t, shifts=None):
        """(m,) per-example losses (no L2)."""
        zs, acts = self.forward(weights, biases, x, shifts)
        return per_example_loss(self.cfg.loss, zs[-1], acts[-1], t)

    def loss(self, weights, biases, x, t):
        """Mean loss plus λ/(2n) Σ ‖W‖²."""
        l2 = self.cfg.l2 / (2.0 * self.n_train) * sum(anp.sum(w * w) for w in weights)
        return anp.mean(self.losses(weights, biases, x, t)) + l2

    def gradients(self, weights, biases, x, t):
        return grad(self.loss, (0, 1))(weights, biases, x, t)

    def deltas(self, weights, biases, x, t, example: int):
        """δ_l = ∂E_i/∂z_l of one example, per layer (n_l,)."""
        xi, ti = x[example:example + 1], t[example:example + 1]
        zero = [anp.zeros((1, layer.units)) for layer in self.cfg.layers]
        found = grad(lambda s: anp.sum(self.losses(weights, biases, xi, ti, s)))(zero)
        return [d[0] for d in found]

    def output_grad(self, weights, biases, x, t, example: int):
        """∂E_i/∂a_L of one example (n_L,)."""
        xi, ti = x[example:example + 1], t[example:example + 1]
        zs, acts = self.forward(weights, biases, xi)
        return grad(lambda a: anp.sum(loss_in_a(self.cfg.loss, zs[-1], a, ti)))(acts[-1])[0]

    def update(self, weights, biases, x, t):
        """Plain gradient descent (no momentum), frozen biases respected."""
        gw, gb = self.gradients(weights, biases, x, t)
        eta = self.cfg.learning_rate
        new_w = [w - eta * g for w, g in zip(weights, gw)]
        new_b = list(biases) if self.cfg.freeze_biases else [b - eta * g for b, g in zip(biases, gb)]
        return new_w, new_b
