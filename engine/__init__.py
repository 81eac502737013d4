"""Backprop Explorer engine: pure NumPy, no web imports.

Modules, one concept each: activations, losses, network (forward/backward), optimiser,
datasets (+ features, generators), kernel (the flat-buffer hot path), run (stepping, train),
trace (phases), gradcheck, grids (heatmaps), blas, presets, state (the JSON-able document).
"""
import os as _os

from .blas import limit_blas_threads

# Tiny matrices: one BLAS thread is fastest, and far faster on a loaded machine (see blas.py).
limit_blas_threads(int(_os.environ.get("ENGINE_BLAS_THREADS", "1")))
