"""Demo follow-ups for ``manage.py seed_demo``: a few per demo case, some done, some
missed, some planned (overdue, due this week, later), so the case pages, the timeline and
the home page show real content at first run. Deterministic; idempotent (skips cases that
have follow-ups already); notes are generic sentences the PII guard accepts."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from coord.cases.demo import DEMO_ORGS
from coord.cases.models import CaseSummary
from coord.followups.models import FollowUp, FollowUpStatus, Kind
from coord.followups.services import followup_create
from coord.pii.guard import scan

NOTES = {
    Kind.VISIT: "Home visit: the person is settled and attends the vocational course.",
    Kind.CALL: "Phone check-in: asked about the legal aid appointment and travel costs.",
    Kind.SERVICE_DELIVERED: "Counselling session held at the shelter.",
    Kind.REFERRAL_STEP: "Legal aid partner confirmed the intake appointment.",
    Kind.NOTE: "Discuss the repatriation options at the next team meeting.",
}
CASES_WITH_FOLLOW_UPS = 12


def seed(stdout) -> None:
    """Called by ``manage.py seed_demo`` after the demo cases exist."""
    today = timezone.localdate()
    for slug in sorted(DEMO_ORGS):
        cases = list(
            CaseSummary.objects.filter(organisation__slug=slug)
            .select_related("organisation", "created_by")
            .order_by("-reported_month", "-id")[:CASES_WITH_FOLLOW_UPS]
        )
        if not cases or FollowUp.objects.filter(case__in=cases).exists():
            stdout.write(f"  {slug}: follow-ups present or no cases, skipped")
            continue
        rng = random.Random(f"coord-demo-followups:{slug}")  # noqa: S311 - demo data
        added = 0
        with transaction.atomic():
            for case in cases:
                plan = ((-40, "done"), (-12, "missed"), (rng.randint(-6, 9), "planned"))
                for offset, status in plan:
                    kind = rng.choice(list(Kind))
                    note = NOTES[kind] if not scan(NOTES[kind]) else ""
                    followup_create(
                        actor=case.created_by,
                        case=case,
                        data={
                            "kind": kind.value,
                            "status": FollowUpStatus(status).value,
                            "due_date": today + timedelta(days=offset),
                            "note": note,
                        },
                    )
                    added += 1
        stdout.write(f"  {slug}: {added} demo follow-ups")
