"""Engine speed against a minimal hand-written NumPy loop (and PyTorch CPU autograd if present).

Network 2-8-8-1, tanh hidden, sigmoid output, binary cross-entropy, on the default 2-D set
(circle, 500 points), full batch and batch 10. For each case it prints the median time of one
training step for:
  (a) loop:      a minimal hand-written NumPy loop for the same network (per-epoch shuffle,
                 in-place updates), the yardstick;
  (b) train:     the engine with the trace off (Run.train);
  (c) trace:     the engine with the trace on (Run.step_iteration, a full trace per step);
  (d) torch:     PyTorch CPU autograd with manual SGD, when `import torch` works;
and the ratios b/a (target ≤ 1.3) and c/a (target ≤ 2). Measurements are interleaved round
robin, so machine noise hits every variant alike; medians are over the rounds. Finally the
auto-train throughput (epochs per second of Run.train at batch 10; API target ≥ 500) and the
time of the heatmap grids on the largest network (8 hidden layers of 16 units).

Run: python benchmarks/engine.py [--rounds N]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from engine.config import Config, LayerSpec  # noqa: E402
from engine.datasets import DatasetSpec  # noqa: E402
from engine.state import new_run  # noqa: E402

LEARNING_RATE = 0.1
DATASET = DatasetSpec(name="circle", n=500, noise=0.1)


def make_run(batch_size):
    cfg = Config(inputs=2, layers=(LayerSpec(8, "tanh"), LayerSpec(8, "tanh"), LayerSpec(1, "sigmoid")),
                 loss="bce", learning_rate=LEARNING_RATE, batch_size=batch_size, init="xavier", seed=1)
    return new_run(cfg, DATASET)


class HandLoop:
    """The yardstick: what one would write by hand for this network in NumPy."""

    def __init__(self, run, batch_size):
        self.x, self.t = run.data.x_train, run.data.t_train
        (self.W1, self.W2, self.W3), (self.b1, self.b2, self.b3) = [
            [a.copy() for a in arrays] for arrays in (run.params.weights, run.params.biases)]
        self.batch = batch_size or len(self.x)
        self.rng = np.random.default_rng(0)
        self.pos = len(self.x)

    def next_batch(self):
        if self.batch >= len(self.x):
            return self.x, self.t
        if self.pos >= len(self.x):
            perm = self.rng.permutation(len(self.x))
            self.xs, self.ts, self.pos = self.x[perm], self.t[perm], 0
        xb, tb = self.xs[self.pos:self.pos + self.batch], self.ts[self.pos:self.pos + self.batch]
        self.pos += self.batch
        return xb, tb

    def step(self):
        W1, b1, W2, b2, W3, b3 = self.W1, self.b1, self.W2, self.b2, self.W3, self.b3
        x, t = self.next_batch()
        m = len(x)
        a1 = np.tanh(x @ W1.T + b1)
        a2 = np.tanh(a1 @ W2.T + b2)
        a3 = 1.0 / (1.0 + np.exp(-(a2 @ W3.T + b3)))
        d3 = a3 - t  # sigmoid + cross-entropy
        d2 = (d3 @ W3) * (1.0 - a2 * a2)
        d1 = (d2 @ W2) * (1.0 - a1 * a1)
        lr = LEARNING_RATE / m
        W3 -= lr * (d3.T @ a2)
        b3 -= lr * d3.sum(axis=0)
        W2 -= lr * (d2.T @ a1)
        b2 -= lr * d2.sum(axis=0)
        W1 -= lr * (d1.T @ x)
        b1 -= lr * d1.sum(axis=0)


def torch_stepper(run, batch_size):
    try:
        import torch
    except Exception:
        return None
    torch.set_num_threads(1)
    x = torch.tensor(np.asarray(run.data.x_train))
    t = torch.tensor(np.asarray(run.data.t_train))
    params = [torch.tensor(a, requires_grad=True) for pair in zip(run.params.weights, run.params.biases) for a in pair]
    batch = batch_size or len(x)
    state = {"pos": len(x)}

    def step():
        if batch >= len(x):
            xb, tb = x, t
        else:
            if state["pos"] >= len(x):
                perm = torch.randperm(len(x))
                state["xs"], state["ts"], state["pos"] = x[perm], t[perm], 0
            p = state["pos"]
            xb, tb = state["xs"][p:p + batch], state["ts"][p:p + batch]
            state["pos"] += batch
        W1, b1, W2, b2, W3, b3 = params
        z3 = torch.tanh(torch.tanh(xb @ W1.T + b1) @ W2.T + b2) @ W3.T + b3
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z3, tb)
        loss.backward()
        with torch.no_grad():
            for p_ in params:
                p_ -= LEARNING_RATE * p_.grad
                p_.grad = None
    return step, torch.__version__


def check_same_numbers(steps=20):
    """The hand loop and the engine must compute the same thing (full batch: no shuffle)."""
    run, hand = make_run(None), None
    hand = HandLoop(run, None)
    for _ in range(steps):
        hand.step()
    run.train(steps)
    diff = max(float(np.abs(a - b).max()) for a, b in zip(run.params.weights, (hand.W1, hand.W2, hand.W3)))
    return diff


def bench_case(batch_size, rounds):
    run_train, run_trace = make_run(batch_size), make_run(batch_size)
    hand = HandLoop(make_run(batch_size), batch_size)
    steps = 40 if batch_size is None else 200  # ~10 ms of work per measurement
    variants = {"loop": hand.step, "train": lambda: run_train.train(1), "trace": run_trace.step_iteration}
    batched = {"train": lambda: run_train.train(steps)}  # train(n) is how auto-train calls it
    torch_step = torch_stepper(make_run(batch_size), batch_size)
    if torch_step:
        variants["torch"] = torch_step[0]
    times = {name: [] for name in variants}
    for name in variants:  # warm up: buffers, caches
        variants[name]()
    for _ in range(rounds):
        for name, fn in variants.items():
            start = time.perf_counter()
            if name in batched:
                batched[name]()
            else:
                for _ in range(steps):
                    fn()
            times[name].append((time.perf_counter() - start) / steps)
    return {name: statistics.median(ts) for name, ts in times.items()}, (torch_step[1] if torch_step else None)


def epochs_per_second(rounds):
    """Auto-train throughput on the default 2-D set: the circle preset (250 of its 500 points
    train, batch 10, 2-8-8-1), as the page and the WebSocket benchmark use it."""
    from engine.presets import build_preset
    run = build_preset("circle")
    per_epoch = run.iterations_per_epoch
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        run.train(10 * per_epoch)
        rates.append(10 / (time.perf_counter() - start))
    return statistics.median(rates), per_epoch


def grid_times(rounds):
    """Median ms of output_grid(100) and hidden_grids(40) on the largest network (8 × 16 tanh)."""
    from engine.grids import hidden_grids, output_grid
    cfg = Config(inputs=2, layers=(LayerSpec(16, "tanh"),) * 8 + (LayerSpec(1, "sigmoid"),), loss="bce")
    run = new_run(cfg, DATASET)
    out, hidden = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        output_grid(run, 100)
        middle = time.perf_counter()
        hidden_grids(run, 40)
        out.append(middle - start)
        hidden.append(time.perf_counter() - middle)
    return statistics.median(out) * 1e3, statistics.median(hidden) * 1e3


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=31)
    args = parser.parse_args()
    print(f"engine benchmark: 2-8-8-1 tanh/sigmoid, bce, {DATASET.name} {DATASET.n} points, "
          f"median of {args.rounds} interleaved rounds, numpy {np.__version__}")
    print(f"hand loop vs engine after 20 full-batch steps: max |ΔW| = {check_same_numbers():.1e}")
    for batch_size in (None, 10):
        medians, torch_version = bench_case(batch_size, args.rounds)
        label = "full batch (500)" if batch_size is None else f"batch {batch_size}"
        a = medians["loop"]
        line = (f"{label:>17}: loop {a * 1e6:7.1f} µs | train {medians['train'] * 1e6:7.1f} µs "
                f"(b/a {medians['train'] / a:4.2f}, target ≤ 1.3) | trace {medians['trace'] * 1e6:7.1f} µs "
                f"(c/a {medians['trace'] / a:4.2f}, target ≤ 2.0)")
        if "torch" in medians:
            line += f" | torch {torch_version} {medians['torch'] * 1e6:7.1f} µs ({medians['torch'] / a:4.2f}× loop)"
        print(line)
    if "torch" not in medians:
        print("torch: not installed (optional)")
    rate, per_epoch = epochs_per_second(max(5, args.rounds // 3))
    print(f"auto-train: Run.train on the circle preset, batch 10 ({per_epoch} iterations/epoch): {rate:.0f} epochs/s "
          f"(API target ≥ 500)")
    out_ms, hidden_ms = grid_times(args.rounds)
    print(f"grids on 2-16×8-1 tanh: output 100×100 {out_ms:.1f} ms (target well under 10), "
          f"all 128 hidden units at 40×40 {hidden_ms:.1f} ms")


if __name__ == "__main__":
    main()
