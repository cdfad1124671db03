"""Who may export which cases, with which fields.

Own cases: an organisation's admins export all of them, a caseworker the cases it
recorded (its own; ``created_by`` until cases have an owner). Narratives only from own
cases, and only when asked and confirmed. Shared cases: what the caller's live grants and
shares show, each row cut to the fields its grant allows (``row_fields``), never
narratives; every exported shared case is audited as read, naming the grant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from coord.cases.models import CaseSummary
from coord.lib.errors import Invalid
from coord.organisations.models import Role
from sharing_policies.access.cases import (
    audit_case_reads,
    require_case_member,
    row_fields,
    visible_cases,
)

EXPORT_SCOPES = ("own", "shared")
CONFIRM_NARRATIVES = "narratives"


@dataclass(frozen=True)
class ExportDecision:
    cases: QuerySet[CaseSummary]
    fields_of: Callable[[CaseSummary], frozenset[str]]
    narratives: bool
    audit_reads: Callable[[list[CaseSummary]], None]


def export_decision(
    user, *, scope: str, narratives: bool, confirm: str, request=None
) -> ExportDecision:
    caller = require_case_member(user, request=request, action="case.export_denied")
    if scope not in EXPORT_SCOPES:
        raise Invalid({"scope": [_("Choose own or shared.")]})
    if narratives and scope != "own":
        raise Invalid({"narratives": [_("Narratives are exported from your own cases only.")]})
    if narratives and confirm != CONFIRM_NARRATIVES:
        raise Invalid(
            {"confirm": [_("Exporting narratives needs confirm=narratives: they are sensitive.")]}
        )
    cases = visible_cases(user, scope=scope)
    if scope == "own" and caller.role != Role.ADMIN:
        cases = cases.filter(created_by=user)

    def fields_of(case: CaseSummary) -> frozenset[str]:
        return row_fields(user, case)

    def audit_reads(page: list[CaseSummary]) -> None:
        audit_case_reads(user, page, request=request, listed=True)

    return ExportDecision(
        cases=cases, fields_of=fields_of, narratives=narratives, audit_reads=audit_reads
    )
