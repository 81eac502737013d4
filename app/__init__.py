"""Backprop Explorer web app: a thin FastAPI layer over the engine."""
