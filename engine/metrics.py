"""Classification metrics: accuracy and the confusion matrix, computed once here for every
answer (REST metrics, training frames, paused/stopped replies).

Which class a network predicts, from its output a (m, K):
- one output unit (a sigmoid, or any unit trained on labels 0/1): class 1 where a ≥ 0.5 on
  unit 0, else class 0; two classes;
- K > 1 output units (softmax, or one-hot targets on other units): the argmax; K classes.
The true class is read the same way from the targets t (m, K): t ≥ 0.5 (labels 0/1) or the
argmax of a one-hot row. A regression run (a set of targets, or custom points under a loss
that is not a cross-entropy, as the page treats them) has no classes: None.

A confusion matrix C (k, k) counts C[i, j] = examples of true class i predicted as class j;
its trace over its sum is the accuracy. An output that overflowed (NaN) predicts no class:
it counts in no column and as wrong.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

import numpy as np

from .datasets import get_dataset_info

Array = np.ndarray
THRESHOLD = 0.5  # one output unit: class 1 at and above this output
# What `classification` answers; a regression run answers each of them as None.
CLASSIFICATION_KEYS = ("classes", "train_accuracy", "test_accuracy", "train_confusion", "test_confusion")


def is_classification(dataset_name: str, loss: str) -> bool:
    """A run whose outputs are classes: a labelled set (datasets.DatasetInfo.classes: the
    classification sets and XOR), or custom points under a cross-entropy loss. The worked
    example's targets (0.01, 0.99) and the regression sets' are not classes."""
    info = get_dataset_info(dataset_name)
    if info.kind == "custom":
        return loss in ("bce", "softmax_ce")
    return info.classes is not None


def class_count(outputs: int) -> int:
    """Classes a network with `outputs` output units tells apart: 2 for one unit, else K."""
    return 2 if outputs == 1 else outputs


def predicted_classes(a: Array) -> Array:
    """Outputs a (m, K) → predicted class (m,) int; −1 where the output is not finite."""
    with np.errstate(invalid="ignore"):
        if a.shape[1] == 1:
            found = (a[:, 0] >= THRESHOLD).astype(np.int64)
        else:
            found = a.argmax(axis=1).astype(np.int64)
    found[~np.isfinite(a).all(axis=1)] = -1
    return found


def true_classes(t: Array) -> Array:
    """Targets t (m, K) → true class (m,) int: t ≥ 0.5 for one unit, the one-hot's argmax."""
    return (t[:, 0] >= THRESHOLD).astype(np.int64) if t.shape[1] == 1 else t.argmax(axis=1).astype(np.int64)


def confusion(true: Array, predicted: Array, k: int) -> Array:
    """true (m,), predicted (m,) class indices → C (k, k) int: C[i, j] counts true i predicted
    j. A prediction of −1 (an overflowed output) is counted nowhere."""
    ok = predicted >= 0
    # One bincount over the flat index i·k + j: several times faster than np.add.at.
    return np.bincount(true[ok] * k + predicted[ok], minlength=k * k).reshape(k, k)


def accuracy(counts: Array, m: int) -> Optional[float]:
    """Correct predictions (the trace of C) over the m examples; None for an empty set."""
    return float(np.trace(counts)) / m if m else None


@dataclass(frozen=True)
class SetScore:
    """One set's accuracy and confusion matrix (k, k)."""

    accuracy: Optional[float]
    confusion: Array

    def to_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "confusion": self.confusion.tolist()}


def score(a: Array, t: Array) -> SetScore:
    """Outputs a (m, K) and targets t (m, K) of one set → its accuracy and confusion matrix."""
    k = class_count(t.shape[1])
    counts = confusion(true_classes(t), predicted_classes(a), k)
    return SetScore(accuracy(counts, len(t)), counts)


def classification(a_train: Array, t_train: Array, a_test: Optional[Array],
                   t_test: Optional[Array]) -> dict[str, Any]:
    """{classes, train_accuracy, test_accuracy, train_confusion, test_confusion}: accuracies in
    [0, 1] (test: None without a test split), confusion matrices as (k, k) lists of counts."""
    train = score(a_train, t_train)
    test = score(a_test, t_test) if a_test is not None and len(a_test) else None
    return {"classes": int(train.confusion.shape[0]),
            "train_accuracy": train.accuracy, "test_accuracy": test.accuracy if test else None,
            "train_confusion": train.confusion.tolist(),
            "test_confusion": test.confusion.tolist() if test else None}
