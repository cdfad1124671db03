"""Reads about cases that are not access decisions (those live in sharing_policies.access.cases)."""

from __future__ import annotations

from django.db.models import QuerySet

from coord.audit.models import AuditEvent
from coord.audit.selectors import access_log
from coord.cases.models import CaseSummary


def case_list(*, base: QuerySet[CaseSummary]) -> QuerySet[CaseSummary]:
    """Rows for the list view: ``base`` (from visible_cases) ordered, with the owner joined.

    The ciphertext columns are deferred, so a list never even loads them.
    """
    return base.select_related("organisation").defer("summary_ct", "notes_ct")


def case_access_log(*, case: CaseSummary) -> QuerySet[AuditEvent]:
    """What people outside the owning organisation did or tried on ``case``, newest first."""
    return access_log(
        organisation_slug=case.organisation.slug, object_type="case", object_id=case.reference
    )
