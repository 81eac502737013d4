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
    z = np.log(np.array([[0.2, 0.7, 0.1]]))
    a = get_activation("softmax").fn(z)
    t = np.array([[0.0, 1.0, 0.0]])
    assert math.isclose(get_loss("softmax_ce").value(z, a, t), -math.log(0.7), rel_tol=1e-14)


# -- the extremes a large η reaches (issue: exact at the extremes) -------------------------------
def test_softmax_cross_entropy_is_not_capped_for_far_wrong_logits():
    z, t = np.array([[1000.0, -1000.0]]), np.array([[0.0, 1.0]])
    a = get_activation("softmax").fn(z)  # (1, 0): the probability of the target class is 0.0
    assert get_loss("softmax_ce").per_example(z, a, t)[0] == 2000.0  # was 27.631 (−log 1e-12)


def _output_grad(loss, z, t, activation):
    z, t = np.array([z]), np.array([t])
    return get_loss(loss).output_grad(z, get_activation(activation).fn(z), t)[0]


def test_bce_output_gradient_is_exact_where_the_sigmoid_saturates():
    # ∂E/∂a = (a − t)/(a(1 − a)) = (1 − t)(1 + e^z) − t(1 + e^−z)
    assert math.isclose(_output_grad("bce", [-40.0], [0.0], "sigmoid")[0], 1.0, rel_tol=1e-15)  # was 4.25e-6
    assert math.isclose(_output_grad("bce", [30.0], [1.0], "sigmoid")[0], -(1 + math.exp(-30)), rel_tol=1e-15)  # was −0.0935
    assert math.isclose(_output_grad("bce", [0.3], [1.0], "sigmoid")[0], -1 / (1 / (1 + math.exp(-0.3))), rel_tol=1e-14)
    assert _output_grad("bce", [800.0], [0.0], "sigmoid")[0] == math.inf  # overflows like the true value: null in JSON


def test_softmax_output_gradient_is_exact_for_a_vanishing_probability():
    grad = _output_grad("softmax_ce", [50.0, -50.0], [0.0, 1.0], "softmax")
    assert grad[0] == 0.0 and math.isclose(grad[1], -(1 + math.exp(100)), rel_tol=1e-14)  # was −1e12


def test_bce_keeps_its_relative_digits_when_confidently_right():
    z, t = np.array([[30.0]]), np.array([[1.0]])
    expected = math.log1p(math.exp(-30.0))  # 9.357622968840175e-14
    assert math.isclose(get_loss("bce").per_example(z, get_activation("sigmoid").fn(z), t)[0], expected, rel_tol=1e-15)
