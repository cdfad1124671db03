"""Trend fixtures: cases made through the cases service, in bulk where many are needed."""

from __future__ import annotations

from datetime import date

import pytest

from coord.cases.services import case_create
from coord.trends.services import trend_observation_create


@pytest.fixture
def add_cases(owner_caseworker, owner_org):
    """``add_cases(n, **fields)``: ``n`` identical cases through the cases service."""

    def add(n: int, *, organisation=None, actor=None, **fields):
        data = {
            "reported_month": date(2025, 3, 1),
            "region": "KH-12",
            "exploitation_types": ["forced_labour"],
            "consent": "aggregate",
        }
        data.update(fields)
        return [
            case_create(
                actor=actor or owner_caseworker,
                organisation=organisation or owner_org,
                data=dict(data),
            )
            for _ in range(n)
        ]

    return add


@pytest.fixture
def observation_payload() -> dict:
    return {
        "period": "2025-10",
        "region": "TH-83",
        "exploitation_types": ["forced_labour"],
        "recruitment_methods": ["online_contact"],
        "technologies": ["messaging_app", "online_job_ad"],
        "industry": "A",
        "estimated_count": "10-19",
        "indicator": "new_recruitment_channel",
        "note": "Fake job ads on a messaging app recruiting deckhands for fishing boats.",
    }


@pytest.fixture
def make_observation(owner_org, owner_caseworker):
    def make(organisation=None, actor=None, **overrides):
        data = {
            "period": date(2025, 10, 1),
            "region": "TH-83",
            "exploitation_types": ["forced_labour"],
            "technologies": ["messaging_app"],
            "estimated_count": "10-19",
            "indicator": "surge",
            "note": "More reports of fishing-boat recruitment this month.",
        }
        data.update(overrides)
        return trend_observation_create(
            actor=actor or owner_caseworker, organisation=organisation or owner_org, data=data
        )

    return make
