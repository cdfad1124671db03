"""Measure PII guard throughput on ~1,000-character narratives. Run:
.venv/bin/python tests/pii/bench.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's coord
from coord.pii.guard import scan

CORPUS = Path(__file__).parent / "corpus" / "corpus.jsonl"


def narratives(lang: str, size: int = 1000) -> list[str]:
    """Concatenate clean corpus lines of one language into ~size-character narratives."""
    rows = [json.loads(line) for line in CORPUS.open(encoding="utf-8")]
    clean = [r["text"] for r in rows if not r["kinds"] and r["lang"] == lang]
    out, buf = [], ""
    for text in clean:
        buf = f"{buf} {text}".strip()
        if len(buf) >= size:
            out.append(buf[:size])
            buf = ""
    return out


def rate(texts: list[str], rounds: int = 7, per_round: int = 300) -> tuple[float, float]:
    """Median scans per wall-clock second, and per CPU second of this process.

    The machine is shared, so wall-clock rates drop with other load; CPU time does not.
    """
    wall, cpu = [], []
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        for i in range(per_round):
            scan(texts[i % len(texts)])
        wall.append(per_round / (time.perf_counter() - start))
        cpu.append(per_round / max(time.process_time() - start_cpu, 1e-9))
    return statistics.median(wall), statistics.median(cpu)


def with_identifiers(texts: list[str]) -> list[str]:
    """The same narratives with a phone number, an e-mail and a date in the middle."""
    insert = " Call 081 234 5678 or write to a.b@example.com; born 12 March 2001. "
    return [t[:450] + insert + t[450 : 1000 - len(insert)] for t in texts]


if __name__ == "__main__":
    for lang in ("en", "km", "th", "vi", "my"):
        texts = narratives(lang)
        wall, cpu = rate(texts)
        print(f"{lang} clean, {len(texts)} x 1,000 chars: {wall:,.0f}/s wall, {cpu:,.0f}/s CPU")
    wall, cpu = rate(with_identifiers(narratives("en")))
    print(f"en with 3 identifiers, 1,000 chars: {wall:,.0f}/s wall, {cpu:,.0f}/s CPU")
