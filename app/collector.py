"""Python's cyclic garbage collector, tuned for a worker that holds a class of training sockets.

A full (generation 2) collection walks every tracked object the process holds: with 150 sockets
on a worker that took 56–147 ms on this 2-core machine under load, and every request in flight
waited for it (the largest part of the REST p99 of `make load`). The objects that exist when
the worker has started (modules, the app, pydantic's schemas) live as long as the process:
`gc.freeze()` moves them out of every collection. A larger first threshold makes the young
collections rarer (a step or a frame allocates thousands of short-lived objects that reference
counting frees anyway); the later thresholds make full collections rarer. Cycles are still
collected, only less often: a long-lived cycle waits a little longer to be freed.
"""
from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 50)  # (young, middle, full); CPython's defaults are (700, 10, 10)


def settle() -> None:
    """Collect once, freeze what the started worker holds, and set the thresholds above."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
