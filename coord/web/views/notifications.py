"""The notifications inbox (``/notifications/``): every note addressed to the person,
newest first, unread ones marked, filterable by kind, read one by one or all at once.

What a person may see is ``sharing_policies.access.grants.visible_notifications``; the
sentence for each note is built here from the object it names (organisation names and
case references only, never case content). docs/web.md, docs/sharing.md "Notifications".
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from coord.organisations.selectors import organisation_of
from coord.web.views.base import member_required
from sharing_policies import selectors, services
from sharing_policies.access import grants as sharing
from sharing_policies.models import Notification, NotificationKind

PAGE_SIZE = 25

# kind: (sentence, link). %(org)s is the other organisation, %(ref)s the case reference.
MESSAGES = {
    NotificationKind.REQUEST_RECEIVED: (
        gettext_lazy("%(org)s asks for access to your organisation's cases."),
        "web:sharing",
    ),
    NotificationKind.REQUEST_APPROVED: (
        gettext_lazy("%(org)s approved your access request."),
        "web:sharing",
    ),
    NotificationKind.REQUEST_NARROWED: (
        gettext_lazy("%(org)s approved your access request with less than you asked."),
        "web:sharing",
    ),
    NotificationKind.REQUEST_DENIED: (
        gettext_lazy("%(org)s denied your access request. Their reason is on the sharing page."),
        "web:sharing",
    ),
    NotificationKind.REQUEST_WITHDRAWN: (
        gettext_lazy("%(org)s withdrew its access request."),
        "web:sharing",
    ),
    NotificationKind.GRANT_REVOKED: (
        gettext_lazy("%(org)s revoked the access it gave you."),
        "web:sharing",
    ),
    NotificationKind.GRANT_EXPIRING: (
        gettext_lazy("The grant between your organisation and %(org)s ends soon."),
        "web:sharing",
    ),
    NotificationKind.GRANT_EXPIRED: (
        gettext_lazy("The grant between your organisation and %(org)s has ended."),
        "web:sharing",
    ),
    NotificationKind.SHARE_CREATED: (
        gettext_lazy("%(org)s shared case %(ref)s with you."),
        "web:shared-list",
    ),
    NotificationKind.SHARE_REVOKED: (
        gettext_lazy("The share of case %(ref)s with %(org)s was stopped."),
        "web:shared-list",
    ),
    NotificationKind.SHARE_EXPIRING: (
        gettext_lazy("The share of case %(ref)s with %(org)s ends soon."),
        "web:shared-list",
    ),
    NotificationKind.SHARE_EXPIRED: (
        gettext_lazy("The share of case %(ref)s with %(org)s has ended."),
        "web:shared-list",
    ),
    NotificationKind.REFERRAL_RECEIVED: (
        gettext_lazy("%(org)s referred case %(ref)s to you."),
        "web:referrals",
    ),
    NotificationKind.REFERRAL_ACCEPTED: (
        gettext_lazy("%(org)s accepted your referral of case %(ref)s."),
        "web:referrals",
    ),
    NotificationKind.REFERRAL_DECLINED: (
        gettext_lazy("%(org)s declined your referral of case %(ref)s."),
        "web:referrals",
    ),
    NotificationKind.REFERRAL_COMPLETED: (
        gettext_lazy("%(org)s completed your referral of case %(ref)s."),
        "web:referrals",
    ),
    NotificationKind.REFERRAL_WITHDRAWN: (
        gettext_lazy("%(org)s withdrew its referral of case %(ref)s."),
        "web:referrals",
    ),
    NotificationKind.REFERRAL_UPDATED: (
        gettext_lazy("The referral of case %(ref)s with %(org)s changed."),
        "web:referrals",
    ),
    NotificationKind.AUDIT_WITNESS_FAILED: (
        gettext_lazy("A witness check of the audit log FAILED. Open the audit page now."),
        "web:audit-list",
    ),
}


def _sides(subject) -> tuple[object, object, str]:
    """(one organisation, the other, case reference or "") of the named object."""
    if hasattr(subject, "from_organisation") and hasattr(subject, "share"):  # referral
        return subject.from_organisation, subject.to_organisation, subject.share.case.reference
    if hasattr(subject, "from_organisation"):  # access request
        return subject.from_organisation, subject.to_organisation, ""
    if hasattr(subject, "granting_organisation"):  # grant
        return subject.granting_organisation, subject.grantee_organisation, ""
    return subject.case.organisation, subject.organisation, subject.case.reference  # share


# Notes about a case of the reader's own organisation: named by reference, nothing to load.
CASE_MESSAGES = {
    NotificationKind.CASE_ASSIGNED: gettext_lazy("Case %(ref)s was assigned to you."),
}


def describe(note: Notification, subject, my_org_id: int | None) -> tuple[str, str | None]:
    """The sentence and link of one note, in the reader's language."""
    if note.kind in CASE_MESSAGES:
        ref = note.object_id
        return str(CASE_MESSAGES[note.kind]) % {"ref": ref}, reverse("web:case-detail", args=[ref])
    message, url_name = MESSAGES.get(note.kind, (None, None))
    if message is None or subject is None:
        return str(note.get_kind_display()), None
    one, other, ref = _sides(subject)
    org = other if one.pk == my_org_id else one
    text = str(message) % {"org": org.name, "ref": ref}
    return text, reverse(url_name)


def _inbox_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or reverse("web:notifications")
    if not target.startswith("/notifications/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = reverse("web:notifications")
    return target


@require_http_methods(["GET", "HEAD"])
@member_required()
def inbox(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in NotificationKind.values:
        kind = None
    base = sharing.visible_notifications(request.user)
    qs = selectors.notification_inbox(base=base, kind=kind)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    notes = list(page.object_list)
    subjects = selectors.notification_subjects(notes)
    org = organisation_of(request.user)
    items = []
    for note in notes:
        text, url = describe(note, subjects.get((note.object_type, note.object_id)), org and org.pk)
        items.append({"note": note, "text": text, "url": url, "unread": note.read_at is None})
    kinds = inbox_kinds()
    return render(
        request,
        "web/notifications/inbox.html",
        {
            "items": items,
            "page": page,
            "kind": kind or "",
            "kinds": kinds,
            "unread": selectors.notification_unread_count(base=base),
            "here": request.get_full_path(),
        },
    )


@require_POST
@member_required()
def mark_read(request: HttpRequest, notification_id) -> HttpResponse:
    note = sharing.get_notification_for(request.user, notification_id, request=request)
    services.notification_mark_read(actor=request.user, notification=note)
    return redirect(_inbox_url(request))


@require_POST
@member_required()
def mark_all_read(request: HttpRequest) -> HttpResponse:
    base = sharing.visible_notifications(request.user)
    services.notifications_mark_all_read(
        actor=request.user, notifications=selectors.notification_inbox(base=base)
    )
    return redirect(_inbox_url(request))


def inbox_kinds() -> list[tuple[str, str]]:
    """The kinds a person can filter by (and choose to get by e-mail), with their labels:
    not the hidden ones, not the pre-issue-18 "referral status changed"."""
    return [
        (value, label)
        for value, label in NotificationKind.choices
        if value not in selectors.INBOX_HIDDEN_KINDS and value != NotificationKind.REFERRAL_UPDATED
    ]
