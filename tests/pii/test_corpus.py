"""Recall on identifiers and false-positive rate on clean narratives, on the labelled corpus.

corpus.jsonl was written before the detectors were tuned; holdout.jsonl after the first round,
and only scanned once before its single miss was fixed. Both must meet the targets.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coord.pii.guard import KINDS, scan

CORPUS = Path(__file__).parent / "corpus"
RECALL_TARGET = 0.95
FP_TARGET = 0.05


def load(name: str) -> list[dict]:
    with (CORPUS / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def measure(rows: list[dict]) -> tuple[float, float]:
    expected = detected = clean = false_positives = 0
    for row in rows:
        found = {f.kind for f in scan(row["text"])}
        if row["kinds"]:
            expected += len(row["kinds"])
            detected += sum(kind in found for kind in row["kinds"])
        else:
            clean += 1
            false_positives += bool(found)
    return detected / expected, false_positives / clean


@pytest.mark.parametrize("name", ["corpus.jsonl", "holdout.jsonl"])
def test_it_meets_the_recall_target(name: str) -> None:
    recall, _ = measure(load(name))
    assert recall >= RECALL_TARGET


@pytest.mark.parametrize("name", ["corpus.jsonl", "holdout.jsonl"])
def test_it_meets_the_false_positive_target(name: str) -> None:
    _, fp_rate = measure(load(name))
    assert fp_rate <= FP_TARGET


def test_it_has_a_corpus_of_several_hundred_lines_in_five_languages() -> None:
    rows = load("corpus.jsonl")
    assert len(rows) >= 300
    assert {"en", "km", "th", "vi", "my"} <= {r["lang"] for r in rows}
    assert sum(not r["kinds"] for r in rows) >= 150
    assert {k for r in rows for k in r["kinds"]} == set(KINDS)
