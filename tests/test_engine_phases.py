"""The worked example phase by phase through Run.step_phase, to the tutorial's digits; the trace
stays O(parameters + units) whatever the batch size; the focus example is selectable."""
import numpy as np

from engine.config import Config, LayerSpec
from engine.datasets import DatasetSpec
from engine.presets import build_preset
from engine.state import from_document, new_run, to_document
from tests import mazur
from tests.digits import assert_printed


def test_mazur_phase_by_phase():
    run = build_preset("mazur")
    kinds = []

    def next_phase():
        nonlocal run
        run = from_document(to_document(run))  # as the API does: state document between phases
        phase, _ = run.step_phase()
        kinds.append((phase["kind"], phase["layer"]))
        return phase["values"]

    forward1 = next_phase()
    assert_printed(forward1["z"][0], mazur.FORWARD["net_h1"], "net_h1")
    assert_printed(forward1["a"][0], mazur.FORWARD["out_h1"], "out_h1")
    assert_printed(forward1["a"][1], mazur.FORWARD["out_h2"], "out_h2")
    forward2 = next_phase()
    assert_printed(forward2["z"][0], mazur.FORWARD["net_o1"], "net_o1")
    assert_printed(forward2["a"][0], mazur.FORWARD["out_o1"], "out_o1")
    assert_printed(forward2["a"][1], mazur.FORWARD["out_o2"], "out_o2")
    loss = next_phase()
    assert_printed(loss["loss"], mazur.E_TOTAL, "E_total")
    assert_printed(loss["output_grad"][0], mazur.DE_DOUT_O1, "∂E/∂out_o1")
    backward2 = next_phase()
    assert_printed(backward2["delta"][0], mazur.DELTA_O1, "δ_o1")
    assert_printed(backward2["grad_w"][0][0], mazur.DE_DW5, "∂E/∂w5")
    backward1 = next_phase()
    assert_printed(backward1["grad_w"][0][0], mazur.DE_DW1, "∂E/∂w1")
    assert run.params.weights[0][0, 0] == 0.15 and run.iteration == 0  # nothing applied yet
    update = next_phase()
    for name, ((layer, j, i), printed) in mazur.UPDATED.items():
        assert_printed(update["weights_after"][layer][j][i], printed, name)
        assert_printed(run.params.weights[layer][j, i], printed, name)
    assert kinds == [("forward", 1), ("forward", 2), ("loss", 2), ("backward", 2), ("backward", 1), ("update", None)]
    assert run.iteration == 1 and run.phase == 0


def _run(batch_size, n=400):
    cfg = Config(inputs=2, layers=(LayerSpec(4, "tanh"), LayerSpec(1, "sigmoid")), loss="bce",
                 batch_size=batch_size, seed=1)
    return new_run(cfg, DatasetSpec("gaussians", n=n))


def _trace_numbers(trace) -> int:
    arrays = [trace.input, trace.target, trace.output_grad]
    for layer in trace.layers:
        arrays += [layer.z, layer.a, layer.delta, layer.grad_w, layer.grad_b, layer.w_before, layer.b_before,
                   layer.w_after, layer.b_after]
    return sum(np.size(a) for a in arrays)


def test_trace_size_does_not_grow_with_the_batch():
    small, full = _run(2).step_iteration(), _run(None).step_iteration()
    assert len(full.batch) == 400 and _trace_numbers(small) == _trace_numbers(full)


def test_focus_example_is_selectable():
    run = _run(10)
    run.focus = 3
    trace = run.step_iteration()
    example = trace.batch[3]
    assert trace.focus == 3 and np.array_equal(trace.input, run.data.x_train[example])
    z = run.data.x_train[example] @ trace.layers[0].w_before.T + trace.layers[0].b_before
    np.testing.assert_allclose(trace.layers[0].z, z, rtol=1e-14)
    run.focus = 99  # beyond the batch: the last example
    assert run.step_iteration().focus == 9


def test_focus_in_a_short_last_batch():
    run = _run(10, n=53)  # batches of 10, the sixth has 3 examples
    run.focus = 7
    run.train(5)
    trace = run.step_iteration()
    assert len(trace.batch) == 3 and trace.focus == 2
