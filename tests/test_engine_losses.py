"""Loss values: the formulas of the reference texts, computed independently here."""
import math

import numpy as np

from engine.activations import get_activation
from engine.losses import get_loss


def test_bce_equals_the_textbook_formula_for_moderate_outputs():
    z = np.array([[-2.0], [0.3], [4.0]])
    t = np.array([[0.0], [1.0], [1.0]])
    a = get_activation("sigmoid").fn(z)
    expected = [-(ti * math.log(ai) + (1 - ti) * math.log(1 - ai)) for ai, ti in zip(a[:, 0], t[:, 0])]
    assert np.allclose(get_loss("bce").per_example(z, a, t), expected, rtol=1e-13, atol=0)


def test_bce_is_exact_where_the_sigmoid_saturates():
    # σ(−50) ≈ 1.9e-22: log of it is −50 exactly; a clipped log(a) would give about 27.6.
    z, t = np.array([[-50.0]]), np.array([[1.0]])
    a = get_activation("sigmoid").fn(z)
    assert math.isclose(get_loss("bce").per_example(z, a, t)[0], 50.0, rel_tol=1e-15)


def test_half_sse_and_mse_of_the_worked_example_outputs():
    a = np.array([[0.75136507, 0.772928465]])
    t = np.array([[0.01, 0.99]])
    half = 0.5 * ((0.75136507 - 0.01) ** 2 + (0.772928465 - 0.99) ** 2)
    assert math.isclose(get_loss("half_sse").value(None, a, t), half, rel_tol=1e-15)
    assert math.isclose(get_loss("mse").value(None, a, t), half, rel_tol=1e-15)  # (1/K)Σ = ½Σ for K = 2


def test_softmax_cross_entropy_reads_the_target_class():
    a = np.array([[0.2, 0.7, 0.1]])
    t = np.array([[0.0, 1.0, 0.0]])
    assert math.isclose(get_loss("softmax_ce").value(None, a, t), -math.log(0.7), rel_tol=1e-15)
