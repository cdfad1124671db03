"""Follow-up and timeline pages of a case, over ``sharing_policies.access.followups``
(decided once per page) and ``coord.followups`` (the same services and selectors as the
API, nothing filtered here)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coord.followups import selectors, services
from coord.followups.models import FollowUpStatus, Kind
from coord.web.forms import FollowUpForm, FollowUpStatusForm
from coord.web.views.base import apply_service_errors, member_required
from sharing_policies.access import followups as policy

TIMELINE_PAGE = 50

# What each audited action means on a timeline, in the reader's language.
EVENT_LABELS = {
    "case.create": gettext_lazy("Case recorded"),
    "case.update": gettext_lazy("Case changed"),
    "followup.create": gettext_lazy("Follow-up added"),
    "followup.update": gettext_lazy("Follow-up changed"),
    "share.create": gettext_lazy("Shared with a partner organisation"),
    "share.revoke": gettext_lazy("Share revoked"),
    "referral.create": gettext_lazy("Referred to a partner organisation"),
    "referral.accept": gettext_lazy("Referral accepted"),
    "referral.decline": gettext_lazy("Referral declined"),
    "referral.withdraw": gettext_lazy("Referral withdrawn"),
    "referral.complete": gettext_lazy("Referral completed"),
    "case.read": gettext_lazy("Opened from outside the organisation"),
    "case.list_read": gettext_lazy("Listed from outside the organisation"),
    "case.decrypt": gettext_lazy("Summary read from outside the organisation"),
    "followup.decrypt": gettext_lazy("Follow-up notes read from outside the organisation"),
}


def followup_section(request: HttpRequest, access) -> dict | None:
    """The case page's follow-ups block: rows (notes decrypted, audited for partners) and,
    for the owner, an empty form; None when the caller may not see follow-ups."""
    kinds = policy.followup_kinds(access)
    if not kinds:
        return None
    allowed = policy.FollowUpAccess(access=access, kinds=kinds)
    rows = list(selectors.followup_list(case=access.case, kinds=kinds)[:100])
    notes = services.followup_notes(
        reader=request.user, case=access.case, followups=rows, request=request
    )
    today = timezone.localdate()
    return {
        "rows": [
            {
                "row": row,
                "note": notes[row.pk][0],
                "state": notes[row.pk][1],
                "overdue": row.status == FollowUpStatus.PLANNED and row.due_date < today,
                "status_form": FollowUpStatusForm(initial={"status": row.status}),
            }
            for row in rows
        ],
        "form": FollowUpForm() if allowed.may_write else None,
    }


@member_required()
@require_http_methods(["GET", "POST"])
def followup_new(request: HttpRequest, reference: str) -> HttpResponse:
    allowed = policy.case_followups(request.user, reference, write=True, request=request)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.followup_create(
                actor=request.user, case=allowed.case, data=form.cleaned_data, request=request
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up was saved."))
            return redirect("web:case-detail", reference=allowed.case.reference)
    return render(request, "web/followups/form.html", {"form": form, "case": allowed.case})


@require_POST
@member_required()
def followup_status(request: HttpRequest, reference: str, follow_up_id: str) -> HttpResponse:
    allowed = policy.case_followups(request.user, reference, write=True, request=request)
    followup = policy.followup_for(allowed, follow_up_id)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        services.followup_update(
            actor=request.user, followup=followup, data=form.cleaned_data, request=request
        )
        messages.success(request, _("The follow-up was updated."))
    else:
        messages.error(request, _("Choose a status from the list."))
    return redirect("web:case-detail", reference=allowed.case.reference)


def _labelled(entry: dict) -> dict:
    """A timeline entry with its sentence and its follow-up's kind and status in words."""
    out = {**entry, "label": EVENT_LABELS.get(entry["event"], entry["event"])}
    if entry["follow_up"]:
        out["follow_up"] = {
            **entry["follow_up"],
            "kind": Kind(entry["follow_up"]["kind"]).label,
            "status": FollowUpStatus(entry["follow_up"]["status"]).label,
        }
    return out


@require_http_methods(["GET", "HEAD"])
@member_required()
def case_timeline(request: HttpRequest, reference: str) -> HttpResponse:
    view = policy.case_timeline_view(request.user, reference, request=request)
    cursor = selectors.Cursor.decode(request.GET.get("cursor"))
    entries, following = selectors.case_timeline(
        case=view.case,
        viewer=view.viewer,
        fields=view.fields,
        kinds=view.kinds,
        cursor=cursor,
        limit=TIMELINE_PAGE,
    )
    return render(
        request,
        "web/followups/timeline.html",
        {
            "case": view.case,
            "entries": [_labelled(entry) for entry in entries],
            "next": following.encode() if following else None,
            "is_owner": view.viewer is None,
        },
    )
