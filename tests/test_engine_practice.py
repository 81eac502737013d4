"""Practice mode's engine: the answer parser, the tolerance, the mistake catalogue on random
networks (every activation and loss) and on seed 004's worked example."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from engine.activations import HIDDEN_ACTIVATIONS
from engine.answers import parse_answer
from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.network import Params
from engine.practice import MISTAKES, Catalogue, Quantity, check, choose, parse_quantity, phase_quantities
from engine.presets import build_preset
from engine.state import new_run
from engine.trace import phase_names
from tests import mazur
from tests.digits import assert_printed


# -- answers -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, value", [
    ("0.0822", 0.0822), ("8.22e-2", 0.0822), ("−0.0822", -0.0822), ("-8.22E-2", -0.0822), (".0822", 0.0822),
    ("8.22×10^-2", 0.0822), ("0.74136507 × 0.186815602 × 0.593269992", 0.74136507 * 0.186815602 * 0.593269992),
    ("1/(1+exp(−0.3775))", 1 / (1 + math.exp(-0.3775))), ("0.4 − 0.5·0.082167041", 0.4 - 0.5 * 0.082167041),
    ("2^3 ÷ 4", 2.0), ("-(0.01 - 0.75136507)", 0.74136507), ("3 ** 2", 9.0),
])
def test_answers_are_read_in_the_usual_forms(text, value):
    assert parse_answer(text).value == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text", ["", "  ", "abc", "__import__('os')", "1 +", "(1", "1/0", "exp(1000)", "2^99999",
                                  "1 2", "0.5.5", "(" * 40 + "1" + ")" * 40, "1" * 201])
def test_bad_answers_say_what_to_change(text):
    with pytest.raises(ValueError, match=r"^answer: "):
        parse_answer(text)


def test_tolerance_is_the_digits_typed_with_at_least_three_significant():
    expected = 0.5932699921071872
    assert parse_answer("0.593").tolerance(expected) == pytest.approx(5e-4)
    assert parse_answer("0.5932").tolerance(expected) == pytest.approx(5e-5)
    assert parse_answer("0.593269992").tolerance(expected) == pytest.approx(1e-7 * expected)  # the 7-digit floor
    assert parse_answer("0.6").tolerance(expected) == pytest.approx(5e-4)  # capped at 3 significant digits
    assert parse_answer("5.93e-1").tolerance(expected) == pytest.approx(5e-4)
    assert parse_answer("5.93×10^-1").tolerance(expected) == pytest.approx(5e-4)
    assert parse_answer("0.6").tolerance(expected, relative=0.05) == pytest.approx(0.05 * expected)
    # An expression: relative to its least precise literal of ≥ 3 digits (0.5 counts as exact).
    assert parse_answer("0.4 - 0.5*0.08216").tolerance(0.3589) == pytest.approx(0.5e-3 * 0.3589)
    assert parse_answer("0.4 - 0.5*0.0822").tolerance(0.3589) == pytest.approx(5e-4)  # the 3-digit cap


# -- the worked example --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def worked():
    run = build_preset("mazur")
    trace = run.compute_iteration()
    return Catalogue(trace, run.net.loss_fn, run.cfg.learning_rate, run.batch_size), trace


def verdict(catalogue, quantity, text, tol=None):
    return check(catalogue.work(parse_quantity(quantity, catalogue.sizes)), parse_answer(text), tol)


def test_worked_example_values_are_the_tutorials(worked):
    catalogue, _ = worked
    value = lambda q: catalogue.work(parse_quantity(q, catalogue.sizes)).value  # noqa: E731
    assert_printed(value("z:1-0"), mazur.FORWARD["net_h1"])
    assert_printed(value("a:1-0"), mazur.FORWARD["out_h1"])
    assert_printed(value("E"), mazur.E_TOTAL)
    assert_printed(value("dEda:2-0"), mazur.DE_DOUT_O1)
    assert_printed(value("delta:2-0"), mazur.DELTA_O1)
    assert_printed(value("grad_w:2-0-0"), mazur.DE_DW5)
    assert_printed(value("grad_w:1-0-0"), mazur.DE_DW1)
    for name, ((layer, j, i), printed) in mazur.UPDATED.items():
        assert_printed(value(f"w_after:{layer + 1}-{j}-{i}"), printed, name)


def test_worked_example_answers_and_their_mistakes(worked):
    catalogue, _ = worked
    assert verdict(catalogue, "a:1-0", mazur.FORWARD["out_h1"]).verdict == "correct"
    assert verdict(catalogue, "a:1-0", "0.593").verdict == "correct"
    assert verdict(catalogue, "a:1-0", "0.59").verdict == "close"  # 2 significant digits are not enough
    assert verdict(catalogue, "a:1-0", mazur.FORWARD["net_h1"]).mistake == "used_z_for_a"
    assert verdict(catalogue, "z:1-0", "0.15*0.05 + 0.2*0.1").mistake == "forgot_bias"
    assert verdict(catalogue, "E", "0.596742218").mistake == "forgot_half"
    assert verdict(catalogue, "dEda:2-0", "−0.74136507").mistake == "sign_flipped"
    # ∂E/∂w5 without σ′: ∂E/∂out_o1 · out_h1
    no_slope = f"{float(mazur.DE_DOUT_O1) * float(mazur.FORWARD['out_h1']):.9f}"
    assert verdict(catalogue, "grad_w:2-0-0", no_slope).mistake == "forgot_derivative"
    assert verdict(catalogue, "grad_w:2-0-0", f"{mazur.DE_DOUT_O1} × {mazur.FORWARD['out_h1']}").mistake == "forgot_derivative"
    # w5⁺ with the gradient added, or without η
    assert verdict(catalogue, "w_after:2-0-0", f"0.4 + 0.5 × {mazur.DE_DW5}").mistake == "sign_flipped"
    assert verdict(catalogue, "w_after:2-0-0", "0.44108352").mistake == "sign_flipped"
    assert verdict(catalogue, "w_after:2-0-0", f"0.4 - {mazur.DE_DW5}").mistake == "forgot_learning_rate"
    assert verdict(catalogue, "w_after:2-0-0", "0.358916").verdict == "correct"
    assert verdict(catalogue, "w_after:2-0-0", "0.36", tol=0.01).verdict == "correct"
    assert verdict(catalogue, "w_after:2-0-0", "0.37", tol=0.01).verdict != "correct"
    assert verdict(catalogue, "w_after:2-0-0", "12345").verdict == "wrong"


def test_delta_h1_with_the_updated_output_weights_is_the_tutorials_slip(worked):
    """δ_h1 from the updated w5 and w7 is recognised; and updating w1…w4 with such δ gives the
    error the tutorial prints after its first update, 0.291027924 (correct backprop: 0.291027774)."""
    catalogue, trace = worked
    w_new = np.array([[float(mazur.UPDATED[w][1]) for w in ("w5", "w6")], [float(mazur.UPDATED[w][1]) for w in ("w7", "w8")]])
    out_h = np.array([float(mazur.FORWARD["out_h1"]), float(mazur.FORWARD["out_h2"])])
    delta_o = trace.layers[1].delta
    slipped = (delta_o @ w_new) * out_h * (1 - out_h)  # δ_h with w5⁺, w7⁺ (and w6⁺, w8⁺)
    given = f"{slipped[0]:.9g}"
    assert verdict(catalogue, "delta:1-0", given).mistake == "used_updated_weights"
    assert verdict(catalogue, "grad_w:1-0-0", f"{slipped[0] * 0.05:.9g}").mistake == "used_updated_weights"
    assert verdict(catalogue, "w_after:1-0-0", f"0.15 - 0.5 * {slipped[0]:.12g} * 0.05").mistake == "used_updated_weights"
    # The slip reproduces the tutorial's printed error after the update.
    x, t = np.array([0.05, 0.10]), np.array([0.01, 0.99])
    w_hidden = np.array([[0.15, 0.20], [0.25, 0.30]]) - 0.5 * np.outer(slipped, x)
    sigmoid = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    out = sigmoid(w_new @ sigmoid(w_hidden @ x + 0.35) + 0.60)
    assert_printed(0.5 * np.sum((t - out) ** 2), mazur.E_AFTER_FIRST_UPDATE_PRINTED)


# -- random networks -------------------------------------------------------------------------------
OUTPUTS = [("sigmoid", "half_sse"), ("tanh", "mse"), ("linear", "half_sse"), ("relu", "mse"),
           ("leaky_relu", "half_sse"), ("sigmoid", "bce"), ("softmax", "softmax_ce"), ("linear", "mse")]


def random_run(hidden: str, output: str, loss: str, seed: int, batch: int = 1):
    rng = np.random.default_rng(seed)
    inputs, widths = int(rng.integers(1, 4)), [int(rng.integers(1, 4)) for _ in range(int(rng.integers(1, 3)))]
    outputs = int(rng.integers(2, 4)) if output == "softmax" else int(rng.integers(1, 3))
    cfg = Config(inputs=inputs, layers=(*(LayerSpec(u, hidden) for u in widths), LayerSpec(outputs, output)), loss=loss,
                 learning_rate=0.3, batch_size=batch, init="explicit", momentum=0.5 if seed % 3 == 0 else 0.0)
    classes = outputs > 1 or loss == "bce"
    labels = rng.integers(0, max(outputs, 2), size=4) if classes else rng.normal(size=4)
    points = tuple(tuple(rng.normal(size=inputs).tolist()) + (float(y),) for y in labels)
    sizes = cfg.sizes
    params = Params([rng.normal(size=(o, i)) for i, o in zip(sizes[:-1], sizes[1:])], [rng.normal(size=o) for o in sizes[1:]])
    return new_run(cfg, DatasetSpec(name="custom", points=points, features=tuple(f"x{k + 1}" for k in range(inputs))
                                    if inputs <= 2 else ("x1", "x2")), params)


CASES = [(h, o, l, seed) for seed, (h, (o, l)) in enumerate(itertools.product(HIDDEN_ACTIVATIONS, OUTPUTS))]


@pytest.mark.parametrize("hidden, output, loss, seed", CASES)
def test_every_mistake_differs_from_the_answer_and_is_recognised(hidden, output, loss, seed):
    run = random_run(hidden, output, loss, seed, batch=1 if seed % 2 else 2)
    trace = run.compute_iteration()
    catalogue = Catalogue(trace, run.net.loss_fn, run.cfg.learning_rate, run.batch_size)
    L = len(trace.layers)
    for phase in phase_names(L):
        for q in phase_quantities(catalogue.sizes, phase):
            worked = catalogue.work(q)
            assert math.isfinite(worked.value)
            assert check(worked, parse_answer(repr(worked.value))).verdict == "correct", q
            for kind, value in worked.mistakes:
                assert kind in MISTAKES
                assert abs(value - worked.value) > 1e-6 * max(abs(value), abs(worked.value)), (q, kind)
                got = check(worked, parse_answer(repr(value)))
                assert got.verdict == "mistake", (q, kind, got)
                assert any(k == got.mistake and abs(v - value) <= 1e-6 * max(abs(v), 1e-12) for k, v in worked.mistakes)
            kinds = {kind for kind, _ in worked.mistakes}
            layer = trace.layers[q.layer - 1] if q.layer else None
            # A linear unit's derivative is 1: forgetting it changes nothing, so it is not offered.
            if q.kind == "delta" and layer.activation.name == "linear":
                assert "forgot_derivative" not in kinds
            if q.kind == "delta" and q.layer < L and np.any(trace.layers[q.layer].delta != 0) and layer.slope[q.unit] != 0:
                assert "sign_flipped" in kinds
    # The correct values are the trace's own numbers.
    out = trace.layers[-1]
    assert catalogue.work(Quantity("E", L)).value == trace.focus_loss
    assert catalogue.work(Quantity("w_after", L, 0, 0)).value == out.w_after[0, 0]
    if run.batch_size == 1 and not run.cfg.l2:
        assert catalogue.work(Quantity("grad_w", L, 0, 0)).value == pytest.approx(out.grad_w[0, 0], rel=1e-12, abs=1e-15)


def test_questions_follow_a_seeded_rule_and_the_ask_list():
    sizes = [2, 2, 2]
    picks = [choose(sizes, p, 0, seed=7) for p in range(6)]
    assert picks == [choose(sizes, p, 0, seed=7) for p in range(6)]  # a link reproduces them
    assert [q.kind in {"forward": ("z", "a"), "loss": ("E", "dEda"), "backward": ("delta", "grad_w"), "update": ("w_after",)}[
        phase["kind"]] for q, phase in zip(picks, phase_names(2))] == [True] * 6
    assert {choose(sizes, 0, it, seed=1).id for it in range(30)} == {"a:1-0", "a:1-1", "z:1-0", "z:1-1"}
    assert choose(sizes, 5, 0, 0, ["w_after:2-0-0"]).id == "w_after:2-0-0"
    assert choose(sizes, 0, 0, 0, ["w_after:2-0-0"]) is None  # nothing asked in forward 1
    assert choose(sizes, 3, 4, 0, ["delta"]).kind == "delta"


@pytest.mark.parametrize("text, message", [("q:1-0", "unknown kind"), ("a:1", "write a:l-j"), ("a:3-0", "layer 3"),
                                           ("a:1-5", "no unit 5"), ("grad_w:1-0", "write grad_w:l-j-i"),
                                           ("dEda:1-0", "dEda only at the output"), ("a:x-y", "write a:l-j")])
def test_bad_quantities_are_named(text, message):
    with pytest.raises(ValueError, match=f"^quantity: .*{message}"):
        parse_quantity(text, [2, 2, 2])


def test_every_mistake_kind_occurs_on_some_network():
    seen = set()
    for hidden, output, loss, seed in CASES:
        run = random_run(hidden, output, loss, seed, batch=1 if seed % 2 else 2)
        catalogue = Catalogue(run.compute_iteration(), run.net.loss_fn, run.cfg.learning_rate, run.batch_size)
        for phase in phase_names(len(run.cfg.layers)):
            for q in phase_quantities(catalogue.sizes, phase):
                seen |= {kind for kind, _ in catalogue.work(q).mistakes}
    assert seen == set(MISTAKES)


def test_weight_for_input_and_sigma_prime_with_cross_entropy_are_named(worked):
    """∂E/∂w5 = δ_o1 · w5 (the weight instead of out_h1, the input it multiplies); and, with
    cross-entropy after a sigmoid, δ = (a − t)·a(1 − a) (σ′ multiplied in though it cancelled)."""
    catalogue, _ = worked
    assert verdict(catalogue, "grad_w:2-0-0", f"{mazur.DELTA_O1} × 0.4").mistake == "used_weight_for_input"
    assert verdict(catalogue, "w_after:2-0-0", f"0.4 - 0.5 × {mazur.DELTA_O1} × 0.4").mistake == "used_weight_for_input"
    run = random_run("tanh", "sigmoid", "bce", seed=5, batch=1)
    trace = run.compute_iteration()
    bce = Catalogue(trace, run.net.loss_fn, run.cfg.learning_rate, run.batch_size)
    out, t = float(trace.layers[-1].a[0]), float(trace.target[0])
    L = len(trace.layers)
    assert verdict(bce, f"delta:{L}-0", repr(out - t)).verdict == "correct"
    assert verdict(bce, f"delta:{L}-0", repr((out - t) * out * (1 - out))).mistake == "extra_derivative"
    x = float(trace.layers[-2].a[0])
    assert verdict(bce, f"grad_w:{L}-0-0", repr((out - t) * out * (1 - out) * x)).mistake == "extra_derivative"
