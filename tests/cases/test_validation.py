"""coord.cases.validation beyond what the API and service tests reach."""

from __future__ import annotations

import pytest

from coord.cases.validation import CheckedCaseInput
from tests.cases.conftest import CLEAN_SUMMARY


def test_checked_input_cannot_be_changed_after_the_checks():
    checked = CheckedCaseInput({"region": "KH-12", "technologies": ["messaging_app"]})
    with pytest.raises(TypeError):
        checked["region"] = "XX-99"  # type: ignore[index]
    with pytest.raises(AttributeError):
        checked["technologies"].append("telegraph")


def test_checked_input_names_its_fields_but_never_their_values():
    text = repr(CheckedCaseInput({"summary": CLEAN_SUMMARY}))
    assert "summary" in text
    assert CLEAN_SUMMARY not in text
