"""Case pages over ``sharing_policies.access.cases`` (who may see what, decided once per
page) and ``coord.cases`` (services and selectors): the same rules and writes as the API,
nothing filtered here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coord.cases import selectors, services
from coord.cases.filters import ORDERING_LABELS, find_cases
from coord.cases.services import CASE_TRANSITIONS
from coord.lib.errors import Invalid
from coord.organisations.models import Role
from coord.organisations.selectors import organisation_of
from coord.web.forms import SHOW_ALL_COUNTRIES, CaseAssignForm, CaseCloseForm, CaseForm
from coord.web.geo import region_choices
from coord.web.views.base import apply_service_errors, member_required
from coord.web.views.casework import assignable_members
from coord.web.views.followups import followup_section
from sharing_policies.access import cases as policy
from sharing_policies.selectors import case_live_shares

PAGE_SIZE = 25

# The filters a person may set (labels: ``CaseFilter``); "search" and "owner" stay unfolded.
FILTERS = (
    "search",
    "status",
    "consent",
    "age_band",
    "gender",
    "industry",
    "exploitation_type",
    "technology",
    "citizenship",
    "region",
    "reported_month_from",
    "reported_month_to",
    "owner",
)
CHOICE_FILTERS = ("status", "consent", "age_band", "gender", "industry", "exploitation_type")


def _list_query(request: HttpRequest):
    """The list's filters: as asked, or for a caseworker's first visit "My cases" (the
    cases they work that are not closed)."""
    asked = [key for key in request.GET if key != "cursor"]
    if asked or request.membership.role != Role.CASEWORKER:
        return request.GET
    query = request.GET.copy()
    query["owner"] = "me"
    return query


def _owner_widget(value: str) -> forms.Select:
    choices = [("", _("Anyone")), ("me", _("Me")), ("none", _("Unassigned"))]
    if value and value not in {"me", "none"}:  # a caseworker's caseload, from the caseload page
        choices.append((value, value))
    return forms.Select(choices=choices)


def _dress(request: HttpRequest, filterset) -> None:
    """The API's filter set, with widgets a person can use (lists, month pickers)."""
    data = filterset.form.data
    fields = filterset.form.fields
    for name in FILTERS:
        fields[name].required = False
    for name in (*CHOICE_FILTERS, "technology"):
        fields[name].empty_label = _("Any")
        fields[name].widget.choices = fields[name].choices
    organisation = organisation_of(request.user)
    fields["region"].widget = forms.Select(
        choices=[("", _("Any")), *region_choices(organisation.country if organisation else None)]
    )
    fields["search"].widget = forms.TextInput(
        attrs={"placeholder": "C-7K3", "autocapitalize": "characters", "spellcheck": "false"}
    )
    fields["citizenship"].widget = forms.TextInput(attrs={"placeholder": "KH", "size": 3})
    for name in ("reported_month_from", "reported_month_to"):
        fields[name].widget = forms.DateInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    fields["owner"].widget = _owner_widget(data.get("owner", ""))


@member_required()
def case_list(request: HttpRequest) -> HttpResponse:
    """The organisation's cases: search by reference, filters (folded away on a phone),
    sorting, pages by cursor (``?cursor=``)."""
    policy.require_case_member(request.user, request=request)
    params = _list_query(request)
    try:
        listing = find_cases(request.user, params, scope="own", size=PAGE_SIZE)
    except Invalid as exc:  # an ordering typed into the address bar
        params = params.copy()
        params.pop("ordering", None)
        listing = find_cases(request.user, params, scope="own", size=PAGE_SIZE)
        messages.error(request, exc.message)
    _dress(request, listing.filterset)
    query = params.copy()
    query.pop("cursor", None)
    data = listing.filterset.form.data
    # "My cases" / "All cases" are links above the filters; they do not unfold them.
    folded = [name for name in FILTERS if name not in ("search", "owner") and data.get(name)]
    context = {
        "filter": listing.filterset,
        "pages": listing.page,
        "rows": listing.page.rows if listing.page else [],
        "count": listing.count,
        "query": query.urlencode(),
        "ordering": listing.ordering,
        "orderings": list(ORDERING_LABELS.items()),
        "active_filters": len(folded),
        "mine": data.get("owner") == "me",
    }
    template = "web/cases/_results.html" if request.htmx else "web/cases/list.html"
    return render(request, template, context)


def _form_country(request: HttpRequest) -> str | None:
    organisation = organisation_of(request.user)
    return organisation.country if organisation else None


@member_required()
@require_http_methods(["GET", "POST"])
def case_create(request: HttpRequest) -> HttpResponse:
    policy.require_case_member(request.user, request=request)
    form = CaseForm(
        request.POST or None,
        country=_form_country(request),
        initial={"age_band": "unknown", "gender": "unknown", "status": "open", "consent": "none"},
    )
    if request.method == "POST" and SHOW_ALL_COUNTRIES in request.POST:
        form = form.with_every_country()
    elif request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(
                actor=request.user,
                organisation=organisation_of(request.user),
                data=form.service_data(),
                request=request,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(ref)s was saved.") % {"ref": case.reference})
            return redirect("web:case-detail", reference=case.reference)
    return render(request, "web/cases/form.html", {"form": form, "case": None})


def _initial(request: HttpRequest, access: policy.CaseAccess) -> dict:
    case = access.case
    initial = {name: getattr(case, name) for name in CaseForm.base_fields if hasattr(case, name)}
    narrative = services.case_read_summary(
        reader=request.user, case=case, fields=access.fields, request=request
    )
    for name in ("summary", "notes"):
        initial[name] = narrative.get(name) or ""
    return initial


@member_required()
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, reference: str) -> HttpResponse:
    access = policy.case_access(request.user, reference, action="update", request=request)
    case = access.case
    form = CaseForm(
        request.POST or None,
        country=_form_country(request),
        initial=_initial(request, access),
        editing=True,
    )
    if request.method == "POST" and SHOW_ALL_COUNTRIES in request.POST:
        form = form.with_every_country()
    elif request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user, case=case, data=form.changed_values(), request=request
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("web:case-detail", reference=case.reference)
    return render(request, "web/cases/form.html", {"form": form, "case": case})


def _transitions(case) -> list[str]:
    """The workflow's buttons for the case's current status."""
    return [
        action for action, (sources, _target) in CASE_TRANSITIONS.items() if case.status in sources
    ]


@member_required()
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    access = policy.case_access(request.user, reference, action="read", request=request)
    case, fields = access.case, access.fields
    narrative = services.case_read_summary(
        reader=request.user, case=case, request=request, fields=fields
    )
    live_shares = None
    if access.may("share"):
        live_shares = list(case_live_shares(case=case))
    members = None
    if access.may("assign"):
        members = assignable_members(case.organisation)
    outside = None
    if access.may("access_log"):
        # The audit app's access log: events by anyone outside the owning organisation.
        outside = list(selectors.case_access_log(case=case)[:20])
    return render(
        request,
        "web/cases/detail.html",
        {
            "case": case,
            "fields": fields,
            "narrative": narrative,
            "outside_access": outside,
            "live_shares": live_shares,
            "can_edit": access.may("update"),
            "can_delete": access.may("delete"),
            "can_share": access.may("share"),
            "via": access.via,
            "transitions": _transitions(case) if access.may("update") else (),
            "close_form": CaseCloseForm(),
            "assign_form": CaseAssignForm(members=members) if members is not None else None,
            "followups": followup_section(request, access),
        },
    )


@member_required()
@require_http_methods(["GET", "POST"])
def case_delete(request: HttpRequest, reference: str) -> HttpResponse:
    case = policy.case_access(request.user, reference, action="delete", request=request).case
    if request.method == "POST":
        services.case_delete(actor=request.user, case=case, request=request)
        messages.success(request, _("Case %(ref)s was deleted.") % {"ref": reference})
        return redirect("web:case-list")
    return render(request, "web/cases/confirm_delete.html", {"case": case})
