"""Keep the BLAS behind NumPy single-threaded.

The engine's matrices are tiny (at most 16 × 16 weights; batches up to 2,000 rows). For them a
multi-threaded GEMM costs more in thread hand-off than it saves, and on a shared 2-core machine
under load OpenBLAS's spinning worker threads made a 100 × 100 grid ~10× slower (135 ms against
15 ms) than one thread. Servers get parallelism from several workers instead.

The environment variables only work before NumPy loads its BLAS, so we also call OpenBLAS's
own setter through ctypes when the library is already loaded (as threadpoolctl does). Linux
only; anywhere else, or for another BLAS, this quietly does nothing.
"""
from __future__ import annotations

import ctypes
import os

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")


def _loaded_openblas() -> list[str]:
    try:
        with open("/proc/self/maps") as maps:
            return sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    except OSError:
        return []


def limit_blas_threads(threads: int = 1) -> bool:
    """Ask every loaded OpenBLAS to use `threads` threads; True if one was found."""
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, str(threads))
    import numpy  # noqa: F401  (loads the BLAS so that it shows in /proc/self/maps)

    done = False
    for path in _loaded_openblas():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _SETTERS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(ctypes.c_int(threads))
                done = True
                break
    return done
