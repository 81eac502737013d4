"""Point generators for the synthetic datasets: (n, noise, rng) -> raw points and labels.

Every generator returns raw (n, d) coordinates and y (n, 1): a class label 0/1 (0/1/2 for
three_gaussians and spiral3) for the classification sets, a real target for the regression sets.

Domain: every synthetic set lives in [−3, 3] per axis (TF Playground uses ±6). Half its scale
keeps x², x1·x2 ≤ 9 and the tanh/sigmoid units of a Xavier-initialised network out of
saturation at the start, so the default learning rates train, while sin x still spans about one
period, so the sin features mean something.

Noise ∈ [0, 1] is a Gaussian with standard deviation noise × a per-set scale (chosen so that
noise 0.5 visibly blurs the class boundary). For the classification sets it moves the points and
the label stays that of the clean point, so classes overlap; for regression it is added to the
target.
"""
from __future__ import annotations

import numpy as np

Array = np.ndarray
RADIUS = 3.0
DOMAIN_2D = ((-RADIUS, RADIUS), (-RADIUS, RADIUS))
DOMAIN_1D = ((-RADIUS, RADIUS),)


def _split(n: int) -> tuple[int, int]:
    """Points per class: the first class gets the extra point when n is odd."""
    return n - n // 2, n // 2


def circle(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Class 1 inside radius 1.25, class 0 on a ring between radius 1.75 and 2.5."""
    n_in, n_out = _split(n)
    r = np.concatenate([rng.uniform(0.0, 1.25, n_in), rng.uniform(1.75, 2.5, n_out)])
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    raw = np.column_stack([r * np.cos(angle), r * np.sin(angle)])
    raw += rng.normal(0.0, 0.5 * noise, raw.shape)
    return raw, np.concatenate([np.ones(n_in), np.zeros(n_out)])[:, None]


def xor_quadrants(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Uniform points kept 0.3 away from the axes; class 1 where x1·x2 > 0."""
    raw = rng.uniform(-RADIUS + 0.3, RADIUS - 0.3, (n, 2))
    raw += np.where(raw > 0, 0.3, -0.3)  # the padding makes the quadrants separable at noise 0
    label = (raw[:, 0] * raw[:, 1] > 0).astype(float)
    raw += rng.normal(0.0, 0.5 * noise, raw.shape)
    return raw, label[:, None]


def gaussians(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Class 1 around (1.5, 1.5), class 0 around (−1.5, −1.5); spread 0.4 + noise."""
    n_pos, n_neg = _split(n)
    spread = 0.4 + 1.0 * noise
    raw = np.concatenate([rng.normal(1.5, spread, (n_pos, 2)), rng.normal(-1.5, spread, (n_neg, 2))])
    return raw, np.concatenate([np.ones(n_pos), np.zeros(n_neg)])[:, None]


def three_gaussians(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Three classes 0, 1, 2 around points 1.8 from the origin at 90°, 210° and 330°; spread
    0.4 + noise. Labels are class indices (m, 1); datasets.to_targets one-hot encodes them."""
    counts = [n // 3 + (1 if k < n % 3 else 0) for k in range(3)]
    spread = 0.4 + 1.0 * noise
    parts, labels = [], []
    for label, (count, angle) in enumerate(zip(counts, np.radians([90.0, 210.0, 330.0]))):
        centre = 1.8 * np.array([np.cos(angle), np.sin(angle)])
        parts.append(rng.normal(centre, spread, (count, 2)))
        labels.append(np.full(count, float(label)))
    return np.concatenate(parts), np.concatenate(labels)[:, None]


def spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Two interleaved arms of 1.75 turns out to radius 2.8; class 1 is the first arm."""
    parts, labels = [], []
    for count, offset, label in zip(_split(n), (0.0, np.pi), (1.0, 0.0)):
        s = np.arange(count) / max(count, 1)
        r, t = 2.8 * s, 1.75 * 2.0 * np.pi * s + offset
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(count, label))
    raw = np.concatenate(parts)
    raw += rng.normal(0.0, 0.4 * noise, raw.shape)
    return raw, np.concatenate(labels)[:, None]


def spiral3(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """Three interleaved arms of 1.25 turns out to radius 2.8, 120° apart; arm k is class k."""
    counts = [n // 3 + (1 if k < n % 3 else 0) for k in range(3)]
    parts, labels = [], []
    for label, count in enumerate(counts):
        s = np.arange(count) / max(count, 1)
        r, t = 2.8 * s, 1.25 * 2.0 * np.pi * s + label * 2.0 * np.pi / 3.0
        parts.append(np.column_stack([r * np.sin(t), r * np.cos(t)]))
        labels.append(np.full(count, float(label)))
    raw = np.concatenate(parts)
    raw += rng.normal(0.0, 0.4 * noise, raw.shape)
    return raw, np.concatenate(labels)[:, None]


def sine(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """1-D regression: x uniform in [−3, 3], target sin x (+ noise × 0.3 Gaussian)."""
    x = rng.uniform(-RADIUS, RADIUS, n)
    return x[:, None], (np.sin(x) + rng.normal(0.0, 0.3 * noise, n))[:, None]


def plane(n: int, noise: float, rng: np.random.Generator) -> tuple[Array, Array]:
    """2-D regression: target (x1 + x2) / 6 ∈ [−1, 1] (+ noise × 0.3 Gaussian)."""
    raw = rng.uniform(-RADIUS, RADIUS, (n, 2))
    target = (raw[:, 0] + raw[:, 1]) / (2.0 * RADIUS) + rng.normal(0.0, 0.3 * noise, n)
    return raw, target[:, None]
