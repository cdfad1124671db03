"""The home page: for each role, what needs attention today and where to start.

Each block asks the owning app's selectors and ``sharing_policies``; blocks for
features that have not landed yet are simply absent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coord.organisations import selectors as org_selectors
from coord.organisations.models import Membership, Role
from coord.web.views.base import member_required

VERIFY_EVERY = timedelta(days=1)


def _url(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _item(count: int | None, label: str, url: str | None, *, urgent: bool = False) -> dict:
    return {"count": count, "label": label, "url": url, "urgent": urgent}


def _case_attention(request: HttpRequest) -> list[dict]:
    """The signed-in person's own caseload (not the whole organisation's): cases assigned
    to them and not started yet, and those they are working. One query over the policy's
    visible cases."""
    from coord.cases import selectors
    from coord.cases.choices import Status
    from sharing_policies.access import cases as policy

    counts = selectors.case_counts_for_owner(
        base=policy.visible_cases(request.user), owner=request.user
    )
    mine = reverse("web:case-list") + "?owner=me"
    items = []
    waiting = counts.get(Status.OPEN, 0)
    if waiting:
        items.append(
            _item(
                waiting,
                ngettext(
                    "of your cases is waiting for a first follow-up",
                    "of your cases are waiting for a first follow-up",
                    waiting,
                ),
                mine + "&status=open",
                urgent=True,
            )
        )
    working = counts.get(Status.ACTIVE, 0) + counts.get(Status.REOPENED, 0)
    if working:
        items.append(
            _item(
                working,
                ngettext("case you are working on", "cases you are working on", working),
                mine,
            )
        )
    return items


def _followups_due(request: HttpRequest) -> list:
    """The signed-in member's planned follow-ups due within a week, overdue ones first
    (its own and those on cases it owns: ``sharing_policies.access.followups``)."""
    from django.utils import timezone

    from coord.followups.selectors import followups_due
    from sharing_policies.access.followups import my_followups

    today = timezone.localdate()
    rows = list(
        followups_due(base=my_followups(request.user), until=today + timedelta(days=7))[:20]
    )
    return [{"row": row, "overdue": row.due_date < today} for row in rows]


def _sharing_attention(request: HttpRequest, membership: Membership) -> list[dict]:
    """Pending requests to us (admins), referrals waiting for an answer, grants ending soon."""
    from sharing_policies import selectors
    from sharing_policies.grants import ending_soon_q
    from sharing_policies.models import SharingGrant

    items, org_id = [], membership.organisation_id
    if membership.role == Role.ADMIN:
        pending = selectors.access_request_list(
            organisation_id=org_id, direction="incoming", status="pending"
        ).count()
        if pending:
            items.append(
                _item(
                    pending,
                    ngettext("access request to answer", "access requests to answer", pending),
                    reverse("web:sharing"),
                    urgent=True,
                )
            )
    referrals = (
        selectors.referral_list(organisation_id=org_id, direction="incoming")
        .filter(status="pending")
        .count()
    )
    if referrals:
        items.append(
            _item(
                referrals,
                ngettext("incoming referral to answer", "incoming referrals to answer", referrals),
                reverse("web:referrals"),
                urgent=True,
            )
        )
    ending = (
        selectors.grant_list(organisation_id=org_id).filter(ending_soon_q(SharingGrant)).count()
    )
    if ending:
        days = settings.COORD_GRANT_WARN_DAYS
        items.append(
            _item(
                ending,
                ngettext(
                    "grant ending within %(days)d days",
                    "grants ending within %(days)d days",
                    ending,
                )
                % {"days": days},
                reverse("web:sharing") if membership.role == Role.ADMIN else None,
            )
        )
    return items


def _admin_attention(membership: Membership) -> list[dict]:
    org = membership.organisation
    inactive = org_selectors.member_list(organisation=org).filter(user__is_active=False).count()
    if not inactive:
        return []
    return [
        _item(
            inactive,
            ngettext("deactivated member", "deactivated members", inactive),
            reverse("web:member-list", args=[org.slug]),
        )
    ]


def _coordinator_attention(request: HttpRequest) -> list[dict]:
    """The chain's last verification: missing, old or failed ones need attention."""
    from coord.audit.selectors import audit_event_list
    from sharing_policies.access.audit import visible_audit_events

    last = (
        audit_event_list(
            base=visible_audit_events(request.user), filters={"action": "audit.verify"}
        )
        .order_by("-seq")
        .first()
    )
    url = reverse("web:audit-list")
    if last is None:
        return [_item(None, _("The audit chain has not been verified yet."), url, urgent=True)]
    if not last.details.get("ok"):
        seq = last.details.get("first_bad_event", "?")
        label = _("The last verification found the chain broken at event #%(seq)s.")
        return [_item(None, label % {"seq": seq}, url, urgent=True)]
    age = datetime.now(tz=UTC) - last.at
    if age > VERIFY_EVERY:
        days = age.days
        return [
            _item(
                days,
                ngettext(
                    "day since the chain was last verified",
                    "days since the chain was last verified",
                    days,
                ),
                url,
                urgent=True,
            )
        ]
    return []


def _actions(membership: Membership) -> list[dict]:
    actions = []
    if membership.role in (Role.CASEWORKER, Role.ADMIN):
        actions.append({"label": _("Log a new case"), "url": reverse("web:case-create")})
        actions.append({"label": _("My cases"), "url": reverse("web:case-list") + "?owner=me"})
        actions.append({"label": _("All cases"), "url": reverse("web:case-list") + "?owner="})
        # Members of an organisation log observations (the policy's rule, read from the
        # membership the request already holds: no query more).
        actions.append(
            {"label": _("Log a trend observation"), "url": reverse("web:observation-new")}
        )
    if membership.role == Role.ADMIN:
        actions.append(
            {
                "label": _("Manage members"),
                "url": reverse("web:member-list", args=[membership.organisation.slug]),
            }
        )
        actions.append(
            {
                "label": _("Caseload per caseworker"),
                "url": reverse("web:caseload", args=[membership.organisation.slug]),
            }
        )
    if membership.role in (Role.ADMIN, Role.COORDINATOR):
        actions.append({"label": _("Audit trail"), "url": reverse("web:audit-list")})
    return actions


@member_required()
def home(request: HttpRequest) -> HttpResponse:
    membership: Membership = request.membership
    attention: list[dict] = []
    if membership.role in (Role.CASEWORKER, Role.ADMIN):
        attention += _case_attention(request)
        attention += _sharing_attention(request, membership)
    if membership.role == Role.ADMIN:
        attention += _admin_attention(membership)
    if membership.role == Role.COORDINATOR:
        attention += _coordinator_attention(request)
    return render(
        request,
        "web/home.html",
        {
            "organisation": membership.organisation,
            "attention": attention,
            "actions": _actions(membership),
            "followups_due": _followups_due(request)
            if membership.role in (Role.CASEWORKER, Role.ADMIN)
            else None,
        },
    )
