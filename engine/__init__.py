"""Backprop Explorer engine: pure NumPy, no web imports.

Modules, one concept each: activations, losses, network (forward/backward), optimiser,
datasets, trace (phases and stepping), gradcheck, presets, state (the JSON-able document).
"""
from .blas import limit_blas_threads

limit_blas_threads(int(__import__("os").environ.get("ENGINE_BLAS_THREADS", "1")))
