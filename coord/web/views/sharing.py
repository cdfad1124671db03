"""Sharing pages: access requests, grants, "shared with us", single-case shares and
referrals. Every decision is the access policy's (``sharing_policies.access``: ``grants``,
``cases``); every write is one of the sharing services; lists come from its selectors."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from coord.cases.filters import find_cases
from coord.cases.validation import parse_month
from coord.lib.errors import Conflict, Invalid
from coord.organisations.selectors import organisation_get, organisation_list, organisation_of
from coord.web.forms import (
    FIELD_LABELS,
    AccessRequestForm,
    ApproveForm,
    DeclineForm,
    ReasonForm,
    ReferralForm,
    ShareForm,
)
from coord.web.views.base import member_required, service_succeeded
from sharing_policies import selectors, services
from sharing_policies.access import cases as case_policy
from sharing_policies.access import grants as sharing
from sharing_policies.grants import GRANTABLE_FIELDS
from sharing_policies.models import RequestStatus

PAGE_SIZE = 25


def _partners(request: HttpRequest):
    """Active organisations other than the user's own (the directory is public to members)."""
    own = organisation_of(request.user)
    return [org for org in organisation_list() if own is None or org.pk != own.pk]


def _conflict(request: HttpRequest, exc: Conflict) -> None:
    messages.error(request, exc.message)


def _with_purpose(request: HttpRequest, items):
    """Each request's purpose and deny reason, decrypted once for the page (audited for the
    other side)."""
    items = list(items)
    purposes = services.access_request_purposes(
        reader=request.user, access_requests=items, request=request
    )
    deny_reasons = services.access_request_deny_reasons(
        reader=request.user, access_requests=items, request=request
    )
    for item in items:
        item.purpose_text = purposes.get(item.pk)
        item.deny_reason_text = deny_reasons.get(item.pk)
        item.field_labels = [FIELD_LABELS.get(f, f) for f in item.fields]
        grant = getattr(item, "grant", None) if item.status == RequestStatus.APPROVED else None
        if grant is not None:
            grant.field_labels = [FIELD_LABELS.get(f, f) for f in grant.fields]
    return items


@member_required()
def sharing_index(request: HttpRequest) -> HttpResponse:
    """Admins: incoming and outgoing access requests, grants given and received."""
    org = sharing.require_org_admin(
        request.user, action="access_request.list_denied", request=request
    )
    requests = list(selectors.access_request_list(organisation_id=org.pk))
    requests = _with_purpose(request, requests)
    context = {
        "incoming": [r for r in requests if r.to_organisation_id == org.pk],
        "outgoing": [r for r in requests if r.from_organisation_id == org.pk],
        "given": list(selectors.grant_list(organisation_id=org.pk, direction="given")),
        "received": list(selectors.grant_list(organisation_id=org.pk, direction="received")),
        "pending": RequestStatus.PENDING,
        "approved": RequestStatus.APPROVED,
        "today": timezone.localdate(),
    }
    for grant in context["given"] + context["received"]:
        grant.field_labels = [FIELD_LABELS.get(f, f) for f in grant.fields]
    return render(request, "web/sharing/index.html", context)


@member_required()
@require_http_methods(["GET", "POST"])
def access_request_new(request: HttpRequest) -> HttpResponse:
    sharing.require_org_admin(request.user, action="access_request.create_denied", request=request)
    form = AccessRequestForm(request.POST or None, organisations=_partners(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_succeeded(
            form,
            lambda: services.access_request_create(
                actor=request.user,
                to_organisation=organisation_get(slug=data["to_organisation"]),
                scope=data["scope"],
                fields=data["fields"],
                filter=form.filter_value(),
                purpose=data["purpose"],
                valid_until=data["valid_until"],
                request=request,
            ),
        ):
            messages.success(request, _("Your request was sent."))
            return redirect("web:sharing")
    return render(request, "web/sharing/request_form.html", {"form": form})


@member_required()
@require_http_methods(["GET", "POST"])
def access_request_approve(request: HttpRequest, request_id) -> HttpResponse:
    obj = sharing.get_access_request_for(
        request.user, request_id, action="approve", request=request
    )
    # An empty field list in a request means "every category field": show them all ticked.
    fields = obj.fields or sorted(GRANTABLE_FIELDS)
    initial = {"fields": fields, "valid_until": obj.valid_until, **obj.filter}
    for key in ("reported_from", "reported_to"):
        if initial.get(key):
            initial[key] = parse_month(initial[key])
    form = ApproveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_succeeded(
            form,
            lambda: services.access_request_approve(
                actor=request.user,
                access_request=obj,
                fields=data["fields"] if "fields" in form.changed_data else None,
                filter=form.filter_value() if _filter_changed(form) else None,
                valid_until=data["valid_until"] if "valid_until" in form.changed_data else None,
                request=request,
            ),
        ):
            messages.success(request, _("Approved: the grant is live."))
            return redirect("web:sharing")
    _with_purpose(request, [obj])
    return render(request, "web/sharing/approve.html", {"form": form, "item": obj})


def _filter_changed(form: ApproveForm) -> bool:
    keys = {"exploitation_types", "regions", "reported_from", "reported_to"}
    return bool(keys & set(form.changed_data))


def _confirm(request, *, title, text, button, danger=True, form=None, back="web:sharing"):
    return render(
        request,
        "web/sharing/confirm.html",
        {
            "title": title,
            "text": text,
            "button": button,
            "danger": danger,
            "form": form,
            "back": back,
        },
    )


@member_required()
@require_http_methods(["GET", "POST"])
def access_request_deny(request: HttpRequest, request_id) -> HttpResponse:
    obj = sharing.get_access_request_for(request.user, request_id, action="deny", request=request)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_deny(
                actor=request.user,
                access_request=obj,
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except Conflict as exc:
            _conflict(request, exc)
        else:
            messages.success(request, _("The request was denied."))
        return redirect("web:sharing")
    return _confirm(
        request,
        title=_("Deny the request from %(org)s?") % {"org": obj.from_organisation.name},
        text=_(
            "Their admins are notified at once, and see your reason (if you give one) on "
            "their sharing page."
        ),
        button=_("Yes, deny"),
        form=form,
    )


@member_required()
@require_http_methods(["GET", "POST"])
def access_request_withdraw(request: HttpRequest, request_id) -> HttpResponse:
    obj = sharing.get_access_request_for(
        request.user, request_id, action="withdraw", request=request
    )
    if request.method == "POST":
        try:
            services.access_request_withdraw(
                actor=request.user, access_request=obj, request=request
            )
        except Conflict as exc:
            _conflict(request, exc)
        else:
            messages.success(request, _("The request was withdrawn."))
        return redirect("web:sharing")
    return _confirm(
        request,
        title=_("Withdraw your request to %(org)s?") % {"org": obj.to_organisation.name},
        text=_("They will no longer be able to approve it."),
        button=_("Yes, withdraw"),
    )


@member_required()
@require_http_methods(["GET", "POST"])
def grant_revoke(request: HttpRequest, grant_id) -> HttpResponse:
    grant = sharing.get_grant_for(request.user, grant_id, action="revoke", request=request)
    if request.method == "POST":
        try:
            services.grant_revoke(actor=request.user, grant=grant, request=request)
        except Conflict as exc:
            _conflict(request, exc)
        else:
            messages.success(request, _("The grant was revoked. Access ended at once."))
        return redirect("web:sharing")
    return _confirm(
        request,
        title=_("Revoke the grant to %(org)s?") % {"org": grant.grantee_organisation.name},
        text=_(
            "They lose access to the shared cases immediately. This cannot be undone; "
            "they can ask again."
        ),
        button=_("Yes, revoke"),
    )


@member_required()
def shared_list(request: HttpRequest) -> HttpResponse:
    """Cases other organisations made visible to us, each with the grant or share that
    allows it and its end date. Reading them is audited for the owners."""
    case_policy.require_case_member(request.user, request=request)
    try:
        listing = find_cases(
            request.user, {"cursor": request.GET.get("cursor")}, scope="shared", size=PAGE_SIZE
        )
    except Invalid:  # a stale cursor: start again from the first page
        listing = find_cases(request.user, {}, scope="shared", size=PAGE_SIZE)
    page = listing.page.rows if listing.page else []
    # The policy's rows: the grant came with the list; the shares of the page in one query.
    shares = selectors.shares_by_public_id(getattr(c, "via_share", None) for c in page)
    rows = [
        {
            "case": case,
            "fields": case_policy.row_fields(request.user, case),
            "grant": case_policy.row_grant(request.user, case),
            "share": shares.get(str(getattr(case, "via_share", None) or "")),
        }
        for case in page
    ]
    case_policy.audit_case_reads(request.user, page, request=request, listed=True)
    context = {"pages": listing.page, "rows": rows, "count": listing.count}
    return render(request, "web/sharing/shared_list.html", context)


@member_required()
@require_http_methods(["GET", "POST"])
def case_share(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_policy.case_access(request.user, reference, action="share", request=request).case
    form = ShareForm(request.POST or None, organisations=_partners(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if service_succeeded(
            form,
            lambda: services.share_create(
                actor=request.user,
                case=case,
                organisation=organisation_get(slug=data["organisation"]),
                valid_until=data["valid_until"],
                include_narrative=data["include_narrative"],
                request=request,
            ),
        ):
            messages.success(request, _("The case is now shared."))
            return redirect("web:case-detail", reference=case.reference)
    shares = selectors.share_list(case=case)
    return render(
        request,
        "web/sharing/share_form.html",
        {"form": form, "case": case, "shares": shares, "today": timezone.localdate()},
    )


@member_required()
@require_http_methods(["GET", "POST"])
def case_share_revoke(request: HttpRequest, reference: str, share_id) -> HttpResponse:
    case = case_policy.case_access(request.user, reference, action="share", request=request).case
    share = sharing.get_share_for(request.user, case, share_id, request=request)
    if request.method == "POST":
        try:
            services.share_revoke(actor=request.user, share=share, request=request)
        except Conflict as exc:
            _conflict(request, exc)
        else:
            messages.success(request, _("The share was revoked."))
        return redirect("web:case-share", reference=case.reference)
    return _confirm(
        request,
        title=_("Stop sharing %(ref)s with %(org)s?")
        % {"ref": case.reference, "org": share.organisation.name},
        text=_("They lose access to this case immediately."),
        button=_("Yes, stop sharing"),
        back="web:case-list",
    )


@member_required()
def referral_list(request: HttpRequest) -> HttpResponse:
    org = sharing.require_org_member(request.user, action="referral.list_denied", request=request)
    referrals = list(selectors.referral_list(organisation_id=org.pk))
    texts = services.referral_messages(reader=request.user, referrals=referrals, request=request)
    reasons = services.referral_decline_reasons(
        reader=request.user, referrals=referrals, request=request
    )
    for referral in referrals:
        referral.message_text = texts.get(referral.pk)
        referral.decline_reason_text = reasons.get(referral.pk)
    incoming = [r for r in referrals if r.to_organisation_id == org.pk]
    outgoing = [r for r in referrals if r.from_organisation_id == org.pk]
    return render(
        request, "web/sharing/referrals.html", {"incoming": incoming, "outgoing": outgoing}
    )


@member_required()
@require_http_methods(["GET", "POST"])
def referral_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Refer a case. When it is already shared with that partner, the page offers to turn
    the share into the referral in one step (``convert_share``) instead of a dead end."""
    sharing.require_org_member(request.user, action="referral.create_denied", request=request)
    case = case_policy.case_access(request.user, reference, action="share", request=request).case
    form = ReferralForm(request.POST or None, organisations=_partners(request))
    existing = None
    # The "Turn the share into this referral" button, offered below when the case is
    # already shared with the chosen partner (a button, so it works without JavaScript).
    convert = request.POST.get("convert_share") == "1"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partner = organisation_get(slug=data["to_organisation"])
        if service_succeeded(
            form,
            lambda: services.referral_create(
                actor=request.user,
                case=case,
                to_organisation=partner,
                reason=data["reason"],
                message=data["message"],
                valid_until=data["valid_until"],
                convert_share=convert,
                request=request,
            ),
        ):
            if convert:
                messages.success(request, _("The share became a referral. The partner is told."))
            else:
                messages.success(request, _("The referral was sent."))
            return redirect("web:referrals")
        existing = next(
            (
                share
                for share in selectors.case_live_shares(case=case)
                if share.organisation_id == partner.pk and not hasattr(share, "referral")
            ),
            None,
        )
    return render(
        request,
        "web/sharing/referral_form.html",
        {"form": form, "case": case, "existing_share": existing},
    )


REFERRAL_DONE = {
    "accept": gettext_lazy("The referral was accepted. The sender is notified."),
    "decline": gettext_lazy("The referral was declined. The sender is notified, with your reason."),
    "complete": gettext_lazy("The referral was marked as completed. The sender is notified."),
    "withdraw": gettext_lazy("The referral was withdrawn. The receiving organisation is notified."),
}

# One question and one button per action: a verb placed into a sentence reads wrongly in
# Khmer and Burmese, and "Accept" here is the act, not the status "Accepted" (issue 26).
REFERRAL_BUTTONS = {
    "accept": (pgettext_lazy("referral action", "Accept"), False),
    "decline": (pgettext_lazy("referral action", "Decline"), True),
    "complete": (pgettext_lazy("referral action", "Mark as completed"), False),
    "withdraw": (pgettext_lazy("referral action", "Withdraw"), True),
}
REFERRAL_QUESTIONS = {
    "accept": gettext_lazy("Accept the referral of %(ref)s?"),
    "decline": gettext_lazy("Decline the referral of %(ref)s?"),
    "complete": gettext_lazy("Mark the referral of %(ref)s as completed?"),
    "withdraw": gettext_lazy("Withdraw the referral of %(ref)s?"),
}


@member_required()
@require_http_methods(["GET", "POST"])
def referral_action(request: HttpRequest, referral_id, action: str) -> HttpResponse:
    referral = sharing.get_referral_for(request.user, referral_id, action=action, request=request)
    form = DeclineForm(request.POST or None) if action == "decline" else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.referral_transition(
                actor=request.user,
                referral=referral,
                action=action,
                reason=form.cleaned_data["reason"] if form is not None else "",
                request=request,
            )
        except Conflict as exc:
            _conflict(request, exc)
        else:
            messages.success(request, REFERRAL_DONE[action])
        return redirect("web:referrals")
    label, danger = REFERRAL_BUTTONS[action]
    return _confirm(
        request,
        title=str(REFERRAL_QUESTIONS[action]) % {"ref": referral.share.case.reference},
        text=_("Both organisations see the new status.")
        if action != "decline"
        else _("The sending organisation is notified and sees your reason."),
        button=label,
        danger=danger,
        back="web:referrals",
        form=form,
    )
