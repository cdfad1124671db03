"""Demo trend observations for ``manage.py seed_demo``: a few dozen signals, idempotent.

Observations go through ``trend_observation_create`` (PII guard, encrypted note, audit),
written by each demo organisation's caseworker, spread over the last twelve months.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from coord.cases.validation import current_month
from coord.organisations.models import Membership, Organisation, Role
from coord.trends.models import TrendObservation
from coord.trends.services import trend_observation_create

DEMO_ORGS = {
    "mekong-shelter": ("KH-12", "KH-18", "KH-2", "KH-17"),
    "border-legal-aid": ("TH-83", "TH-20", "TH-50", "TH-10"),
    "delta-outreach": ("VN-SG", "VN-HN", "VN-44"),
    "andaman-hotline": ("MY-01", "MY-12", "MY-14"),
}
PER_ORG = 9

# (indicator, exploitation types, recruitment, technologies, industry, note)
SIGNALS = [
    ("new_recruitment_channel", ["forced_labour"], ["online_contact"],
     ["messaging_app", "online_job_ad"], "A",
     "Fake job ads on a messaging app recruiting deckhands for fishing boats."),
    ("surge", ["forced_criminality"], ["false_job_offer"], ["social_media"], "J",
     "More people returning from online scam compounds after answering call-centre job posts."),
    ("new_payment_method", ["forced_criminality"], ["online_contact"],
     ["cryptocurrency"], "K",
     "Recruitment fees and debts now demanded in cryptocurrency rather than cash."),
    ("new_route", ["forced_labour"], ["recruitment_agency"], ["online_job_ad"], "F",
     "Construction workers moved by minivan through a new border crossing."),
    ("new_control_method", ["sexual_exploitation"], ["intimate_partner"],
     ["dating_app", "livestream"], "R",
     "Victims coerced into livestreamed content under threat of exposure to family."),
    ("surge", ["forced_marriage"], ["marriage_offer"], ["social_media"], "",
     "Brokers offering marriages abroad through social media groups for young women."),
    ("new_recruitment_channel", ["child_labour"], ["friend_or_acquaintance"],
     ["online_game"], "G",
     "Teenagers approached in online games with offers of paid work in the city."),
    ("other", ["servitude"], ["family_member"], ["mobile_money"], "T",
     "Domestic workers paid through mobile money accounts controlled by the employer."),
]  # fmt: skip


def _months(rng: random.Random, count: int) -> list[date]:
    latest = current_month()
    out = []
    for _ in range(count):
        back = rng.randint(0, 11)
        year, month = latest.year, latest.month - back
        while month < 1:
            year, month = year - 1, month + 12
        out.append(date(year, month, 1))
    return out


def seed_organisation(organisation: Organisation) -> int:
    """Add demo observations to ``organisation`` unless it has some."""
    if TrendObservation.objects.filter(organisation=organisation).exists():
        return 0
    author = (
        Membership.objects.filter(organisation=organisation, role=Role.CASEWORKER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    rng = random.Random(f"coord-demo-trends:{organisation.slug}")  # noqa: S311 - demo data
    regions = DEMO_ORGS[organisation.slug]
    with transaction.atomic():
        for period in _months(rng, PER_ORG):
            indicator, types, recruitment, tech, industry, note = rng.choice(SIGNALS)
            trend_observation_create(
                actor=author.user if author else None,
                organisation=organisation,
                data={
                    "period": period,
                    "region": rng.choice(regions),
                    "exploitation_types": types,
                    "recruitment_methods": recruitment,
                    "technologies": tech,
                    "industry": industry,
                    "estimated_count": rng.choice(["1-4", "5-9", "5-9", "10-19", "20-49"]),
                    "indicator": indicator,
                    "note": note,
                },
            )
    return PER_ORG


def seed(stdout) -> None:
    """Called by ``manage.py seed_demo`` once the demo organisations exist."""
    for organisation in Organisation.objects.filter(slug__in=DEMO_ORGS).order_by("slug"):
        added = seed_organisation(organisation)
        message = f"{added} demo observations" if added else "has observations already, skipped"
        stdout.write(f"  {organisation.slug}: {message}")
