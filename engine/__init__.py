"""Backprop Explorer engine: pure NumPy, no web imports.

Modules, one concept each: activations, losses, network (forward/backward), optimiser,
datasets, trace (phases and stepping), gradcheck, presets, state (the JSON-able document).
"""
