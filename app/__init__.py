"""Backprop Explorer web app: a thin FastAPI layer over the engine."""
import os

# One BLAS thread per process, set before NumPy loads. The engine's matrices are small (at most
# 2,000 × 16) and the server already runs one worker process per core plus heavy processes:
# OpenBLAS would otherwise split such products over every core and its threads would compete
# with the other processes (and spin while they wait) on a busy machine.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
