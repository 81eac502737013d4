"""The lessons of /examples/ (the embed gallery): ready embeds with their snippets. Inline
networks are built here as config= flags (base64url JSON), so each lesson is one /embed URL."""
from __future__ import annotations

import base64
import json


def _config(layers: list[tuple[int, str]], dataset: str, loss: str, eta: float, seed: int = 1) -> str:
    body = {"config": {"inputs": 2, "layers": [{"units": u, "activation": a} for u, a in layers],
                       "loss": loss, "learning_rate": eta, "seed": seed}, "dataset": {"name": dataset}}
    return "config=" + base64.urlsafe_b64encode(json.dumps(body, separators=(",", ":")).encode()).decode().rstrip("=")


DEEP_SIGMOID = [(4, "sigmoid")] * 4 + [(1, "sigmoid")]
DEEP_RELU = [(4, "relu")] * 4 + [(1, "sigmoid")]

LESSONS = [
    {"id": "worked", "title": "The worked example, phase by phase",
     "text": "Matt Mazur's 2-2-2 network in his notation (net, out, E_total), with the inspector: press → "
             "for one phase, Step for a whole iteration; click a unit or weight to see its chain rule.",
     "query": "preset=mazur&notation=004&controls=step-only&panels=network,inspector,controls&id=worked"},
    {"id": "xor-none", "title": "XOR needs a hidden layer (1): without one",
     "text": "A single sigmoid unit trains on XOR and never separates it: one line cannot.",
     "query": _config([(1, "sigmoid")], "xor", "bce", 1.0) + "&panels=network,heatmap,controls&autoplay=1&until=400&id=xor-none"},
    {"id": "xor-hidden", "title": "XOR needs a hidden layer (2): with three hidden units",
     "text": "The same data with a 2-3-1 network: the hidden units' maps combine into the XOR pattern.",
     "query": "preset=xor&panels=network,heatmap,controls&autoplay=1&until=400&id=xor-hidden"},
    {"id": "vanishing-sigmoid", "title": "Vanishing gradients (1): four sigmoid layers",
     "text": "Colour the edges by ∂E/∂w (the gradient): the first layers' gradients are tiny, so they barely learn.",
     "query": _config(DEEP_SIGMOID, "circle", "bce", 0.5) + "&panels=network,loss,controls&id=vanishing-sigmoid"},
    {"id": "vanishing-relu", "title": "Vanishing gradients (2): the same depth with ReLU",
     "text": "ReLU's slope is 1 where it is active: the gradient reaches the first layers.",
     "query": _config(DEEP_RELU, "circle", "bce", 0.1) + "&panels=network,loss,controls&id=vanishing-relu"},
    {"id": "softmax", "title": "Three classes with softmax",
     "text": "Three Gaussian blobs, a softmax output and cross-entropy: δ at the output is simply a − t.",
     "query": _config([(3, "softmax")], "three_gaussians", "softmax_ce", 0.5) + "&panels=network,heatmap,controls&id=softmax"},
    {"id": "regression", "title": "Regression: fitting a sine",
     "text": "A 1-8-8-1 network fits a sine curve; the plot shows the data and the network's curve.",
     "query": "preset=sine&panels=network,heatmap,controls&autoplay=1&until=2000&id=regression"},
]
