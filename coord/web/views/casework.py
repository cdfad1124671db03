"""Case work pages (issue 19): the status buttons and the reassignment form of a case page,
the caseload of an organisation's caseworkers, and the "What de-identified means" help.

The same rules and services as the API: ``sharing_policies.access.cases`` decides who may
change or reassign a case, ``coord.cases.services`` does it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from coord.cases import selectors, services
from coord.cases.choices import WORKING_STATUSES, Status
from coord.lib.errors import Conflict
from coord.organisations import selectors as org_selectors
from coord.web.forms import CaseAssignForm, CaseCloseForm
from coord.web.views.base import member_required
from sharing_policies.access import cases as policy
from sharing_policies.access import organisations as org_policy

DONE = {
    "activate": gettext_lazy("Case %(ref)s is now active."),
    "close": gettext_lazy("Case %(ref)s was closed."),
    "reopen": gettext_lazy("Case %(ref)s was reopened."),
}


def assignable_members(organisation) -> list:
    """The active members a case of ``organisation`` can be assigned to."""
    return list(
        org_selectors.member_list(organisation=organisation)
        .filter(user__is_active=True)
        .select_related("user")
    )


@require_POST
@member_required()
def case_transition(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """One step of the workflow from the case page's buttons; a refusal (a 409 on the API)
    comes back as a message on the case page."""
    case = policy.case_access(request.user, reference, action="update", request=request).case
    reason = ""
    if action == "close":
        form = CaseCloseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose why the case is closed."))
            return redirect("web:case-detail", reference=case.reference)
        reason = form.cleaned_data["closure_reason"]
    try:
        services.case_transition(
            actor=request.user, case=case, action=action, closure_reason=reason, request=request
        )
    except Conflict as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, str(DONE[action]) % {"ref": case.reference})
    return redirect("web:case-detail", reference=case.reference)


@require_POST
@member_required()
def case_assign(request: HttpRequest, reference: str) -> HttpResponse:
    """Reassign from the case page: the organisation's admins only (caseworkers 403)."""
    case = policy.case_access(request.user, reference, action="assign", request=request).case
    members = assignable_members(case.organisation)
    form = CaseAssignForm(request.POST, members=members)
    if not form.is_valid():
        messages.error(request, _("Choose an active member of your organisation."))
        return redirect("web:case-detail", reference=case.reference)
    owner = next(m.user for m in members if m.user.username == form.cleaned_data["owner"])
    try:
        services.case_assign(actor=request.user, case=case, owner=owner, request=request)
    except services.AlreadyOwner:
        messages.error(request, _("This caseworker already owns the case."))
    except ValidationError:
        messages.error(request, _("Choose an active member of your organisation."))
    else:
        messages.success(
            request,
            _("Case %(ref)s is now assigned to %(owner)s.")
            % {"ref": case.reference, "owner": owner.username},
        )
    return redirect("web:case-detail", reference=case.reference)


@require_GET
@member_required()
def caseload(request: HttpRequest, slug: str) -> HttpResponse:
    """Cases per caseworker and status, for the organisation's admins (its caseworkers get
    403, anyone else 404, as on the member pages). Counted over the policy's visible cases:
    the same number of queries however many members and cases (pinned in the tests)."""
    org = org_policy.organisation_for_member_admin(request.user, slug, request=request)
    load = selectors.case_caseload(base=policy.visible_cases(request.user))
    statuses = [Status(value) for value in (*WORKING_STATUSES, Status.CLOSED)]
    rows = []
    for member in org_selectors.member_list(organisation=org).select_related("user"):
        counts = load.pop(member.user_id, {})
        rows.append(_load_row(member.user.username, member.user.is_active, counts, statuses))
    unassigned = load.pop(None, {})
    # Owners who are no longer members (their accounts went): counted together.
    gone: dict[str, int] = {}
    for counts in load.values():
        for status, n in counts.items():
            gone[status] = gone.get(status, 0) + n
    return render(
        request,
        "web/cases/caseload.html",
        {
            "organisation": org,
            "statuses": statuses,
            "rows": rows,
            "unassigned": _load_row("", True, unassigned, statuses),
            "gone": _load_row("", False, gone, statuses) if gone else None,
        },
    )


def _load_row(username: str, active: bool, counts: dict[str, int], statuses) -> dict:
    working = sum(counts.get(status, 0) for status in WORKING_STATUSES)
    return {
        "username": username,
        "active": active,
        "cells": [counts.get(status, 0) for status in statuses],
        "working": working,
    }


@require_GET
@member_required()
def deidentified_help(request: HttpRequest) -> HttpResponse:
    """What to write in a case or follow-up, what never to write, with fictional examples."""
    return render(request, "web/help/deidentified.html")
