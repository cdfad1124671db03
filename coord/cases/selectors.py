"""Reads about cases that are not access decisions (those live in sharing_policies.access.cases)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from coord.audit.models import AuditEvent
from coord.audit.selectors import access_log
from coord.cases.models import CaseSummary


def case_list(*, base: QuerySet[CaseSummary]) -> QuerySet[CaseSummary]:
    """Rows for the list view: ``base`` (from visible_cases) ordered, with the owning
    organisation and the caseworker who owns each case joined.

    The ciphertext columns are deferred, so a list never even loads them.
    """
    return base.select_related("organisation", "owner").defer("summary_ct", "notes_ct")


def case_access_log(*, case: CaseSummary) -> QuerySet[AuditEvent]:
    """What people outside the owning organisation did or tried on ``case``, newest first."""
    return access_log(
        organisation_slug=case.organisation.slug, object_type="case", object_id=case.reference
    )


def case_caseload(*, base: QuerySet[CaseSummary]) -> dict[int | None, dict[str, int]]:
    """Cases per owner (user id; ``None`` for unassigned) and status, over ``base`` (the
    policy's visible cases of one organisation): one query."""
    rows = base.order_by().values("owner_id", "status").annotate(n=Count("pk"))
    load: dict[int | None, dict[str, int]] = {}
    for row in rows:
        load.setdefault(row["owner_id"], {})[row["status"]] = row["n"]
    return load


def case_counts_for_owner(*, base: QuerySet[CaseSummary], owner) -> dict[str, int]:
    """How many of ``base`` (the policy's visible cases) ``owner`` works, by status: one
    query, for the home page."""
    rows = base.filter(owner=owner).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}
