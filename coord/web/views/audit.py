"""Audit pages: the event list (the API's filters and selector), CSV export (the API's
endpoint, which audits the export), and chain verification with progress (coordinators)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from coord.audit.api import EventFilterSerializer
from coord.audit.models import Outcome
from coord.audit.selectors import audit_event_list
from coord.organisations.models import Role
from coord.web.views.base import member_required
from sharing_policies.access.audit import visible_audit_events
from sharing_policies.access.gate import Need, require
from sharing_policies.access.organisations import get_job_for

PAGE_SIZE = 50
FILTERS = (
    "action",
    "actor",
    "organisation",
    "object_type",
    "object_id",
    "outcome",
    "since",
    "until",
)


class AuditFilterForm(forms.Form):
    """What a person types; the API's ``EventFilterSerializer`` then validates it, so the web
    and the API accept exactly the same filters."""

    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=64,
        help_text=_("For example case.read_denied or auth.login"),
    )
    actor = forms.CharField(label=_("Username"), required=False, max_length=150)
    organisation = forms.SlugField(label=_("Organisation (slug)"), required=False)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("Any")), (Outcome.ALLOWED, _("allowed")), (Outcome.DENIED, _("refused"))],
    )
    since = forms.DateField(
        label=_("From (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Before (date)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


def _query(form: AuditFilterForm) -> dict[str, str]:
    data = {}
    for name, value in form.cleaned_data.items():
        if value not in (None, ""):
            data[name] = value.isoformat() + "T00:00:00Z" if name in ("since", "until") else value
    return data


@member_required()
def audit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Need.AUDIT_READER, action="audit.read_denied", request=request)
    form = AuditFilterForm(request.GET)
    events, query, before = [], {}, None
    if form.is_valid():
        query = _query(form)
        api_filters = EventFilterSerializer(data=query)
        if api_filters.is_valid():
            queryset = audit_event_list(
                base=visible_audit_events(request.user), filters=api_filters.validated_data
            )
            before = request.GET.get("before", "")
            if before.isdigit():
                queryset = queryset.filter(seq__lt=int(before))
            events = list(queryset.order_by("-seq")[: PAGE_SIZE + 1])
        else:
            for field, errors in api_filters.errors.items():
                form.add_error(field if field in form.fields else None, errors)
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    base_query = urlencode({k: v for k, v in request.GET.items() if k in form.fields})
    context = {
        "form": form,
        "events": events,
        "older": events[-1].seq if more and events else None,
        "query": base_query,
        "export_url": reverse("audit-events-export") + ("?" + urlencode(query) if query else ""),
        "can_verify": _is_verifier(request),
        "can_see_outside": request.membership.role == Role.ADMIN,
    }
    template = "web/audit/_events.html" if request.htmx else "web/audit/list.html"
    return render(request, template, context)


def _is_verifier(request: HttpRequest) -> bool:
    return request.membership.role == Role.COORDINATOR


@member_required()
@require_POST
def audit_verify_start(request: HttpRequest) -> HttpResponse:
    """Start a verification job, as ``POST /api/v1/audit/verify/`` does, then show its page."""
    from coord.audit.tasks import audit_verify_task
    from coord.jobs.services import job_create, job_enqueue

    require(request.user, Need.COORDINATOR, action="audit.verify_denied", request=request)
    with transaction.atomic():
        job = job_create(kind="audit.verify", actor=request.user, request=request)
        job_enqueue(job.pk, audit_verify_task)
    return redirect("web:audit-verify", job_id=job.pk)


@member_required()
def audit_verify_status(request: HttpRequest, job_id) -> HttpResponse:
    """Progress and result of one verification; refreshes itself (htmx, or a meta refresh
    without JavaScript) until the job has finished."""
    job = get_job_for(request.user, job_id, request=request)
    finished = job.status in ("succeeded", "failed", "interrupted")
    context = {"job": job, "finished": finished, "result": job.result or {}}
    template = "web/audit/_verify.html" if request.htmx else "web/audit/verify.html"
    return render(request, template, context)
