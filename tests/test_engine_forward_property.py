"""The three forward passes (network.py readable, kernel.py flat float64, grids.py float32 for
heatmaps) compute the same network: a property test over random configs, values near
saturation included. All three take their activations from the one registry."""
from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.activations import ACTIVATIONS, HIDDEN_ACTIVATIONS
from engine.config import Config, LayerSpec
from engine.grids import forward32
from engine.kernel import Kernel
from engine.network import Network, Params

OUTPUT_LOSS = {"sigmoid": "bce", "softmax": "softmax_ce"}


@st.composite
def networks(draw):
    hidden = draw(st.lists(st.tuples(st.integers(1, 5), st.sampled_from(HIDDEN_ACTIVATIONS)), max_size=3))
    out_act = draw(st.sampled_from(sorted(ACTIVATIONS)))
    outputs = draw(st.integers(2, 3)) if out_act == "softmax" else draw(st.integers(1, 3))
    inputs = draw(st.integers(1, 4))
    cfg = Config(inputs=inputs, layers=(*(LayerSpec(u, a) for u, a in hidden), LayerSpec(outputs, out_act)),
                 loss=OUTPUT_LOSS.get(out_act, "half_sse"))
    # Scales up to 300 drive sigmoid/tanh units deep into saturation (z of ±1000 and more).
    scale = draw(st.sampled_from([0.1, 1.0, 30.0, 300.0]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    sizes = cfg.sizes
    params = Params([rng.normal(scale=scale, size=(o, i)) for i, o in zip(sizes[:-1], sizes[1:])],
                    [rng.normal(scale=scale, size=o) for o in sizes[1:]])
    x = rng.normal(scale=2.0, size=(draw(st.integers(1, 6)), inputs))
    return cfg, params, x


@settings(max_examples=300, deadline=None)
@given(networks())
def test_kernel_and_readable_network_agree(case):
    cfg, params, x = case
    _, readable = Network(cfg, n_train=len(x)).forward(params, x)
    kernel = Kernel(cfg, n_train=len(x))
    kernel.load(params, None)
    with np.errstate(over="ignore", invalid="ignore"):
        flat = kernel.forward(x).acts
    for mine, ref in zip(flat, readable[1:]):
        np.testing.assert_allclose(mine, ref, rtol=1e-12, atol=1e-300)


@settings(max_examples=200, deadline=None)
@given(networks())
def test_float32_grid_forward_agrees_with_the_readable_network(case):
    cfg, params, x = case
    # Compare at the float32-rounded parameters and inputs: what is left is float32 arithmetic
    # (and the fast tanh), bounded relative to the size of the terms each z sums.
    p32 = Params([w.astype(np.float32).astype(float) for w in params.weights],
                 [b.astype(np.float32).astype(float) for b in params.biases])
    x32 = x.astype(np.float32)
    zs, readable = Network(cfg, n_train=len(x)).forward(p32, x32.astype(float))
    grid = forward32(SimpleNamespace(params=p32, cfg=cfg), x32)  # type: ignore[arg-type]
    size = 1.0
    for l, (mine, ref) in enumerate(zip(grid, readable[1:])):
        terms = np.abs(readable[l]) @ np.abs(p32.weights[l]).T + np.abs(p32.biases[l])
        size = max(size, float(terms.max()))
        slope = 1.0 if cfg.layers[l].activation in ("sigmoid", "tanh", "softmax") else size
        assert np.all(np.abs(mine - ref) <= 1e-5 * size * max(1.0, slope) + 1e-6), (l, cfg.layers[l].activation)
