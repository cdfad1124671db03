"""Case fixtures: a valid payload and a ready-made case owned by ``owner_org``."""

from __future__ import annotations

from datetime import date

import pytest

from coord.cases.services import case_create

CLEAN_SUMMARY = (
    "Recruited through an online job advert for factory work across the border; on arrival "
    "documents were kept by the employer and wages withheld to repay a recruitment debt."
)
CLEAN_NOTES = "Follow up on the legal aid referral next month."


@pytest.fixture
def payload() -> dict:
    """A valid API body for POST /api/v1/cases/."""
    return {
        "reported_month": "2025-03",
        "region": "KH-12",
        "age_band": "18-20",
        "gender": "female",
        "citizenship": ["KH"],
        "exploitation_types": ["forced_labour"],
        "recruitment_methods": ["false_job_offer"],
        "control_methods": ["debt_bondage", "documents_confiscated"],
        "industry": "C",
        "technologies": ["online_job_ad", "messaging_app"],
        "services_provided": ["shelter"],
        "status": "active",
        "consent": "aggregate",
        "summary": CLEAN_SUMMARY,
        "notes": CLEAN_NOTES,
    }


@pytest.fixture
def make_case(owner_org, owner_caseworker):
    """Create a case through the service (PII guard, encryption, audit included)."""

    def make(organisation=None, actor=None, **overrides):
        data = {
            "reported_month": date(2025, 3, 1),
            "region": "KH-12",
            "exploitation_types": ["forced_labour"],
            "technologies": ["online_job_ad"],
            "consent": "aggregate",
            "summary": CLEAN_SUMMARY,
            "notes": CLEAN_NOTES,
        }
        data.update(overrides)
        return case_create(
            actor=actor or owner_caseworker,
            organisation=organisation or owner_org,
            data=data,
        )

    return make


@pytest.fixture
def case(make_case):
    return make_case()
