"""The network state document: a Run as plain JSON-able data, and back.

The document is the only state there is: the server rebuilds the Run from it on every request
and returns the next one. Floats are written as Python floats, whose JSON form (shortest repr)
reads back to the identical double, so a returned document continues the run bit for bit.
"""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from .config import Config, LayerSpec
from .datasets import DatasetSpec
from .network import Params, check_param_shapes, init_params
from .optimiser import Velocity
from .run import Run

VERSION = 1


def config_to_dict(cfg: Config) -> dict[str, Any]:
    return {
        "inputs": cfg.inputs,
        "layers": [{"units": l.units, "activation": l.activation} for l in cfg.layers],
        "loss": cfg.loss, "learning_rate": cfg.learning_rate, "batch_size": cfg.batch_size,
        "l2": cfg.l2, "momentum": cfg.momentum, "freeze_biases": cfg.freeze_biases,
        "init": cfg.init, "seed": cfg.seed,
    }


def config_from_dict(d: dict[str, Any]) -> Config:
    """A Config; its ValueErrors name the field inside the document ("config.loss: …")."""
    d = dict(d)
    d["layers"] = tuple(LayerSpec(**layer) for layer in d["layers"])
    try:
        return Config(**d)
    except ValueError as exc:
        raise ValueError(f"config.{exc}") from None


def dataset_to_dict(spec: DatasetSpec) -> dict[str, Any]:
    d = {"name": spec.name, "n": spec.n, "noise": spec.noise, "train_share": spec.train_share,
         "seed": spec.seed, "features": list(spec.features)}
    d["points"] = [list(p) for p in spec.points] if spec.points else None
    return d


def dataset_from_dict(d: dict[str, Any]) -> DatasetSpec:
    d = dict(d)
    if "features" in d and d["features"] is not None:
        d["features"] = tuple(d["features"])
    if d.get("points") is not None:
        d["points"] = tuple(tuple(float(v) for v in p) for p in d["points"])
    return DatasetSpec(**{k: v for k, v in d.items() if v is not None or k == "points"})


def _matrices(arrays: list[np.ndarray]) -> list:
    return [a.tolist() for a in arrays]


def params_to_dict(p: Params) -> dict[str, Any]:
    return {"weights": _matrices(p.weights), "biases": _matrices(p.biases)}


def params_from_dict(d: dict[str, Any], field: str = "params") -> Params:
    """Parameters from JSON lists; `field` names them in errors ("params" or "velocity")."""
    try:
        weights = [np.array(w, dtype=float).reshape(len(w), -1) if len(w) else np.zeros((0, 0))
                   for w in d["weights"]]
        biases = [np.array(b, dtype=float) for b in d["biases"]]
    except ValueError as exc:  # ragged rows
        raise ValueError(f"{field}.weights: every weight matrix must be rectangular ({exc})")
    return Params(weights, biases)


def to_document(run: Run) -> dict[str, Any]:
    return {
        "version": VERSION,
        "config": config_to_dict(run.cfg),
        "dataset": dataset_to_dict(run.dataset),
        "params": params_to_dict(run.params),
        "velocity": None if run.velocity is None else {
            "weights": _matrices(run.velocity.weights), "biases": _matrices(run.velocity.biases)},
        "iteration": run.iteration, "epoch": run.epoch, "batch_index": run.batch_index,
        "phase": run.phase, "focus": run.focus, "status": run.status,
    }


def from_document(doc: dict[str, Any]) -> Run:
    """Rebuild a Run; raises ValueError naming the field when the document is inconsistent."""
    if doc.get("version", VERSION) != VERSION:
        raise ValueError(f"version: this server reads state documents of version {VERSION}")
    cfg = config_from_dict(doc["config"])
    spec = dataset_from_dict(doc["dataset"])
    params = params_from_dict(doc["params"])
    check_param_shapes(cfg, params)
    velocity = None
    if doc.get("velocity") is not None:
        v = params_from_dict(doc["velocity"], "velocity")
        try:
            check_param_shapes(cfg, v)
        except ValueError as exc:
            raise ValueError(str(exc).replace("params", "velocity", 1))
        velocity = Velocity(v.weights, v.biases)
    run = Run(cfg, spec, params, velocity, iteration=doc.get("iteration", 0), epoch=doc.get("epoch", 0),
              batch_index=doc.get("batch_index", 0), phase=doc.get("phase", 0), focus=doc.get("focus", 0),
              status=doc.get("status", "ok"))
    if run.batch_index >= run.iterations_per_epoch:
        raise ValueError(f"batch_index: must be below {run.iterations_per_epoch} for this batch size")
    if run.phase >= run.phases_per_iteration:
        raise ValueError(f"phase: must be below {run.phases_per_iteration} for {len(cfg.layers)} layers")
    return run


def new_run(cfg: Config, spec: DatasetSpec, params: Optional[Params] = None) -> Run:
    """A fresh run: explicit parameters if given, else seeded initialisation from cfg.seed."""
    if params is None:
        params = init_params(cfg, np.random.default_rng(cfg.seed))
    check_param_shapes(cfg, params)
    return Run(cfg, spec, params)
