"""Recall per kind, per language and per group, and the false-positive rate, on each corpus.
Run: .venv/bin/python tests/pii/report.py [corpus.jsonl ... holdout3.jsonl]
Prints one table per file; used to write docs/pii-guard.md (before/after figures).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this checkout's coord


def tally(rows: list[dict]) -> dict[str, dict[str, list[int]]]:
    """{axis: {value: [found, expected]}} for axes kind, lang, group; plus clean/fp counts."""
    from coord.pii.guard import scan

    out: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        found = {f.kind for f in scan(row["text"])}
        if not row["kinds"]:
            cell = out["clean"][row.get("lang", "?")]
            cell[0] += bool(found)
            cell[1] += 1
            continue
        for kind in row["kinds"]:
            hit = kind in found
            for axis, value in (
                ("kind", kind),
                ("lang", row.get("lang", "?")),
                ("group", row["group"]),
            ):
                out[axis][value][0] += hit
                out[axis][value][1] += 1
            ident = "names" if kind == "person_name" else "identifiers"
            out["total"][ident][0] += hit
            out["total"][ident][1] += 1
    return out


def main(names: list[str]) -> None:
    for name in names:
        rows = [json.loads(line) for line in (CORPUS / name).open(encoding="utf-8") if line.strip()]
        t = tally(rows)
        fp = sum(v[0] for v in t["clean"].values())
        clean = sum(v[1] for v in t["clean"].values())
        print(
            f"## {name}: {len(rows)} lines, false positives {fp}/{clean} = {fp / max(clean, 1):.1%}"
        )
        for axis in ("total", "kind", "lang", "group", "clean"):
            cells = ", ".join(
                f"{k} {v[0]}/{v[1]}" + ("" if axis == "clean" else f" ({v[0] / v[1]:.2f})")
                for k, v in sorted(t[axis].items())
            )
            print(f"- {axis}: {cells}")


if __name__ == "__main__":
    main(
        sys.argv[1:]
        or ["corpus.jsonl", "holdout.jsonl", "regional.jsonl", "holdout2.jsonl", "holdout3.jsonl"]
    )
