"""Heavy work in a process of its own: the jobs, and the pool that runs them.

A job is a name, the run's state document and arguments (all picklable); the process rebuilds
the Run from the document (bit for bit: the document is the whole state), computes the answer
and encodes it as JSON bytes, so neither the computation nor the encoding of a large answer
holds the worker's event loop or its GIL. Routes check requests (4xx) and budgets before a
job is sent, so jobs only fail on the server's own bugs.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Optional

from engine import state as engine_state
from engine.run import Run

from .jsonbytes import encode_json

log = logging.getLogger("backprop_explorer")


def _jobs() -> dict[str, Callable[..., dict[str, Any]]]:
    # Imported here: the routes import this module.
    from .convert import network_answer
    from .grids import grids
    from .routes import practice
    from .routes.gradcheck import check
    from .routes.step import advance
    return {"network": network_answer, "step": advance, "grid": grids, "gradcheck": check,
            "practice_question": practice.question_answer, "practice_check": practice.check_answer,
            "practice_step": practice.step_answer}


def run_job(name: str, document: dict[str, Any], args: tuple) -> bytes:
    """In the heavy process: the answer of job `name` on the run `document` describes."""
    run = engine_state.from_document(document)
    return encode_json(_jobs()[name](run, *args))


def answer_here(name: str, run: Run, args: tuple) -> dict[str, Any]:
    """The same job on the event loop, for cheap requests (no process hop)."""
    return _jobs()[name](run, *args)


def _ready() -> int:
    return 0


PARENT_CHECK_S = 1.0


HEAVY_NICENESS = 10  # CFS weight 110 against a worker's 1024: workers get ~90 % of a contested core


def _start_heavy_process(parent_pid: int) -> None:
    """Initializer of each heavy process: a lower CPU priority, and exit with the worker.

    The priority: on a machine whose cores are all busy with heavy jobs, the workers (which serve
    /healthz, pages and cheap steps, and run auto-training) must not get only an equal share of
    a core; the scheduler now runs them first and heavy jobs take what is left."""
    try:
        os.nice(HEAVY_NICENESS)
    except OSError:  # a platform without nice: equal priority, as before
        pass
    _exit_with_parent(parent_pid)


def _exit_with_parent(parent_pid: int) -> None:
    """Exit this heavy process when the worker that started it is gone.

    A worker killed outright (SIGKILL, an OOM kill, a crashed container entrypoint) runs no
    shutdown, and a pool process blocked on its call queue would never see end-of-file (it
    holds that pipe's write end too), so it would live on as an orphan holding memory."""
    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)
    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


class HeavyPool:
    """A small process pool per worker process, started lazily (or warmed by the app's lifespan)
    with the spawn method: forking a process that runs an event loop and threads is unsafe."""

    def __init__(self, processes: int):
        self.processes = processes
        self.executor: Optional[ProcessPoolExecutor] = None

    def get(self) -> ProcessPoolExecutor:
        if self.executor is None:
            self.executor = ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=_start_heavy_process, initargs=(os.getpid(),))
        return self.executor

    def warm(self) -> None:
        """Start the processes now rather than at the first heavy request; a failure here is
        logged and the pool starts again lazily."""
        try:
            for future in [self.get().submit(_ready) for _ in range(self.processes)]:
                future.result(timeout=60)
        except Exception:
            log.exception("could not start the heavy-work process; it will be retried at the first heavy request")
            self.close()

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = None
