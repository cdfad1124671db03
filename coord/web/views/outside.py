"""The "Outside access" page for organisation admins: who outside the organisation read
which of its cases, when, and under which grant or share, with a CSV export.

The events come from ``sharing_policies.access.audit.outside_access_events`` (admins only);
names, organisations and grants are looked up by the selectors for one page at a time.
docs/sharing.md, "Outside access".
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from coord.audit.models import AuditEvent
from coord.audit.services import audit_append
from coord.lib.cells import csv_safe
from coord.organisations.selectors import organisation_list, organisation_names, person_names
from coord.web.templatetags.web import audit_action_label
from coord.web.views.base import member_required
from sharing_policies.access.audit import outside_access_events
from sharing_policies.selectors import given_by_public_id

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000  # rows in one CSV; a longer period is exported in parts


class OutsideAccessForm(forms.Form):
    """Filters: one partner organisation and a period (dates inclusive, UTC)."""

    partner = forms.ChoiceField(label=_("Partner organisation"), required=False)
    since = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (date, inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, own_slug: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        partners = organisation_list(include_inactive=True).exclude(slug=own_slug)
        self.fields["partner"].choices = [("", _("All partners"))] + [
            (org.slug, org.name) for org in partners
        ]

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period is before its start."))
        return data

    def period(self) -> tuple[datetime | None, datetime | None]:
        """``since`` inclusive and ``until`` exclusive, as UTC instants."""
        since, until = self.cleaned_data.get("since"), self.cleaned_data.get("until")
        return (
            datetime.combine(since, time.min, tzinfo=UTC) if since else None,
            datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC) if until else None,
        )


@dataclass
class Row:
    """One case read by one person: a list page names several cases, one row each."""

    event: AuditEvent
    reference: str
    person: str
    organisation: str
    action: str
    via: str  # "grant", "share", "referral" or ""
    via_id: str
    via_detail: object  # the grant or share, when it is one of ours


def _rows(events: list[AuditEvent], organisation_id: int) -> list[Row]:
    """The page's events as rows, with names instead of ids (three queries a page)."""
    people = person_names(usernames=[e.actor_username for e in events])
    orgs = organisation_names(slugs=[e.actor_organisation for e in events])
    expanded: list[tuple[AuditEvent, str, dict]] = []
    for event in events:
        details = event.details or {}
        if event.action == "case.list_read":
            via = details.get("via") or {}
            for reference in details.get("references") or []:
                expanded.append((event, reference, via.get(reference) or {}))
        else:
            expanded.append((event, event.object_id, details))
    grants, shares = given_by_public_id(
        organisation_id=organisation_id,
        grant_ids=[str(d.get("grant", "")) for _e, _r, d in expanded],
        share_ids=[str(d.get("share", "")) for _e, _r, d in expanded],
    )
    rows = []
    for event, reference, details in expanded:
        via, via_id, detail = "", "", None
        if details.get("share"):
            via_id = str(details["share"])
            detail = shares.get(via_id)
            referral = getattr(detail, "referral", None) if detail is not None else None
            via = "referral" if referral is not None else "share"
        elif details.get("grant"):
            via, via_id = "grant", str(details["grant"])
            detail = grants.get(via_id)
        rows.append(
            Row(
                event=event,
                reference=reference,
                person=people.get(event.actor_username) or event.actor_username or "—",
                organisation=orgs.get(event.actor_organisation)
                or event.actor_organisation
                or gettext("network"),
                action=audit_action_label(event.action),
                via=via,
                via_id=via_id,
                via_detail=detail,
            )
        )
    return rows


def _events(request: HttpRequest, form: OutsideAccessForm):
    since, until = form.period()
    return outside_access_events(
        request.user,
        partner_slug=form.cleaned_data.get("partner") or None,
        since=since,
        until=until,
        request=request,
    )


def _query(request: HttpRequest, form: OutsideAccessForm) -> str:
    return urlencode({k: v for k, v in request.GET.items() if k in form.fields and v})


@require_safe
@member_required()
def outside_access(request: HttpRequest) -> HttpResponse:
    """The list, newest first, 50 events a page ("Older reads")."""
    own = request.membership.organisation
    form = OutsideAccessForm(request.GET, own_slug=own.slug if own else "")
    if not form.is_valid():
        outside_access_events(request.user, request=request)  # the door first: 403 or on
        return render(
            request,
            "web/audit/outside.html",
            {"form": form, "rows": [], "older": None, "query": _query(request, form)},
            status=400,
        )
    events = _events(request, form)
    before = request.GET.get("before", "")
    if before.isdigit():
        events = events.filter(seq__lt=int(before))
    page = list(events[: PAGE_SIZE + 1])
    older = page[PAGE_SIZE - 1].seq if len(page) > PAGE_SIZE else None
    rows = _rows(page[:PAGE_SIZE], own.pk)
    return render(
        request,
        "web/audit/outside.html",
        {"form": form, "rows": rows, "older": older, "query": _query(request, form)},
    )


CSV_HEADER = (
    "when_utc",
    "person",
    "username",
    "organisation",
    "case",
    "action",
    "action_label",
    "via",
    "via_id",
)


def _csv_lines(rows: list[Row]) -> Iterator[str]:
    class _Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_HEADER)
    for row in rows:
        cells = (
            row.event.at.astimezone(UTC).isoformat(),
            row.person,
            row.event.actor_username,
            row.organisation,
            row.reference,
            row.event.action,
            row.action,
            row.via,
            row.via_id,
        )
        yield writer.writerow([csv_safe(cell) for cell in cells])


@require_safe
@member_required()
def outside_access_export(request: HttpRequest) -> HttpResponse:
    """The same rows as a CSV (formula-safe cells); the export itself is audited."""
    own = request.membership.organisation
    form = OutsideAccessForm(request.GET, own_slug=own.slug if own else "")
    if not form.is_valid():
        outside_access_events(request.user, request=request)  # the door first
        return render(
            request,
            "web/audit/outside.html",
            {"form": form, "rows": [], "older": None, "query": _query(request, form)},
            status=400,
        )
    events = list(_events(request, form)[:EXPORT_LIMIT])
    rows = _rows(events, own.pk)
    audit_append(
        action="export.csv",
        actor=request.user,
        organisation=own,
        object_type="audit_trail",
        details={
            "export": "outside_access",
            "filters": sorted(k for k, v in form.cleaned_data.items() if v),
            "rows": len(rows),
        },
        request=request,
    )
    response = StreamingHttpResponse(_csv_lines(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="outside-access.csv"'
    response["Cache-Control"] = "no-store"
    return response
