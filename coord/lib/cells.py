"""Spreadsheet cells that a spreadsheet shows rather than runs (OWASP "CSV injection"): every
CSV the service writes (audit, trends, outside access, case exports) goes through here."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def csv_safe(value: Any) -> str:
    """``value`` as text, with a leading quote mark when it starts like a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
