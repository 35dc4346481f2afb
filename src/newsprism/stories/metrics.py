"""B-cubed precision, recall and F1 (Bagga & Baldwin, 1998) of a clustering against gold
classes: per item, the share of its cluster that shares its gold class (precision) and the
share of its gold class that shares its cluster (recall), averaged over items."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Hashable, Sequence


@dataclass(frozen=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> BCubed:
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels differ in length")
    if not gold:
        return BCubed(1.0, 1.0, 1.0)
    cluster_sizes = Counter(predicted)
    class_sizes = Counter(gold)
    joint = Counter(zip(predicted, gold))
    n = len(gold)
    precision = sum(joint[(p, g)] / cluster_sizes[p] for p, g in zip(predicted, gold)) / n
    recall = sum(joint[(p, g)] / class_sizes[g] for p, g in zip(predicted, gold)) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)
