"""Template helpers: the navigation for the signed-in person's role."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from coord.organisations.models import Role
from coord.organisations.selectors import membership_of

register = template.Library()

# (label, url name, needs the organisation slug, roles that see it). Pages whose URL does
# not exist yet (features still landing) are left out rather than linked to a 404.
NAV = [
    (_("Home"), "web:home", False, {Role.CASEWORKER, Role.ADMIN, Role.COORDINATOR}),
    (_("Cases"), "web:case-list", False, {Role.CASEWORKER, Role.ADMIN}),
    (_("Shared with us"), "web:shared-list", False, {Role.CASEWORKER, Role.ADMIN}),
    (_("Referrals"), "web:referrals", False, {Role.CASEWORKER, Role.ADMIN}),
    (_("Sharing"), "web:sharing", False, {Role.ADMIN}),
    (_("Trends"), "web:trends-charts", False, {Role.CASEWORKER, Role.ADMIN, Role.COORDINATOR}),
    (_("Audit"), "web:audit-list", False, {Role.ADMIN, Role.COORDINATOR}),
    (_("Members"), "web:member-list", True, {Role.ADMIN}),
]


@register.simple_tag(takes_context=True)
def main_nav(context) -> list[dict]:
    request = context.get("request")
    membership = membership_of(getattr(request, "user", None))
    if membership is None:
        return []
    items = []
    for label, name, needs_org, roles in NAV:
        if membership.role not in roles:
            continue
        try:
            url = reverse(name, args=[membership.organisation.slug] if needs_org else [])
        except NoReverseMatch:
            continue
        current = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items


@register.simple_tag(takes_context=True)
def current_membership(context):
    request = context.get("request")
    return membership_of(getattr(request, "user", None))


def _choice_classes() -> dict:
    from coord.cases import choices

    return {
        "age_band": choices.AgeBand,
        "gender": choices.Gender,
        "industry": choices.Industry,
        "status": choices.Status,
        "consent": choices.Consent,
        "exploitation_types": choices.ExploitationType,
        "recruitment_methods": choices.RecruitmentMethod,
        "control_methods": choices.ControlMethod,
        "technologies": choices.Technology,
        "services_provided": choices.Service,
    }


@register.filter
def label(value, field: str) -> str:
    """A stored code (or list of codes) of case field ``field`` as words, in the reader's
    language: categories by their choice labels, countries and regions by ISO names."""
    from coord.cases.validation import format_month
    from coord.web.geo import country_name, region_name

    if value in (None, "", []):
        return "—"
    if field == "reported_month":
        return format_month(value)
    if field == "region":
        return f"{region_name(value)} ({value})"
    if field == "citizenship":
        return ", ".join(country_name(code) for code in value)
    choices_cls = _choice_classes().get(field)
    if choices_cls is None:
        return str(value)
    names = dict(choices_cls.choices)
    values = value if isinstance(value, list) else [value]
    return ", ".join(str(names.get(code, code)) for code in values)


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The header badge: unread notes in the inbox (one COUNT per page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if membership_of(user) is None:
        return 0
    from sharing_policies.access.grants import visible_notifications
    from sharing_policies.selectors import notification_unread_count

    return notification_unread_count(base=visible_notifications(user))


@register.filter
def sharing_filter(value) -> list[tuple[str, str]]:
    """A grant's or request's filter as ``(label, words)`` pairs in the reader's language
    (exploitation types and regions by name, months as months), never raw codes."""
    from coord.web.geo import region_name

    if not value:
        return []
    rows = []
    if value.get("exploitation_types"):
        rows.append(
            (_("Exploitation types"), label(value["exploitation_types"], "exploitation_types"))
        )
    if value.get("regions"):
        rows.append((_("Regions"), ", ".join(str(region_name(r)) for r in value["regions"])))
    for key, text in (("reported_from", _("Reported from")), ("reported_to", _("Reported until"))):
        if value.get(key):
            rows.append((text, str(value[key])))  # stored as YYYY-MM, shown as such
    return [(str(k), v) for k, v in rows]


@register.simple_tag
def grant_narrower(grant, access_request) -> bool:
    """Whether the grant gives less than the request asked (fields, filter or end date)."""
    from sharing_policies.grants import GRANTABLE_FIELDS

    if grant is None or access_request is None:
        return False
    # No field list means every grantable field, on either side.
    asked = set(access_request.fields or GRANTABLE_FIELDS)
    given = set(grant.fields or GRANTABLE_FIELDS)
    return bool(
        given != asked
        or dict(grant.filter or {}) != dict(access_request.filter or {})
        or grant.valid_until != access_request.valid_until
    )


# What an audit event is about, in words (issue 26); the code stays next to the words on
# the pages, since it is what an auditor searches for and what the API and the CSV carry.
AUDIT_OBJECT_TYPES = {
    "access_request": _("access request"),
    "audit_event": _("audit event"),
    "audit_trail": _("audit trail"),
    "audit_tree_head": _("signed tree head"),
    "case": _("case"),
    "grant": _("grant"),
    "job": _("background job"),
    "master_key": _("master key"),
    "notification": _("notification"),
    "organisation": _("organisation"),
    "organisation_key": _("organisation key"),
    "referral": _("referral"),
    "share": _("case share"),
    "trend_observation": _("trend observation"),
    "trends": _("trends table"),
    "user": _("user account"),
}


@register.filter
def audit_object_type(value: str) -> str:
    """An audit event's object type in the reader's language (the code if it is new)."""
    return str(AUDIT_OBJECT_TYPES.get(value, value))


# Every audit action in words (issue 26), one map for the audit list, the case page's
# outside-access history and the "Outside access" page. A refused attempt (``…_denied``)
# has the words of what was attempted; the outcome column says it was refused.
AUDIT_ACTIONS = {
    "access_request.create": pgettext_lazy("audit action", "Access requested"),
    "access_request.decrypt": pgettext_lazy("audit action", "Access request text read"),
    "access_request.list": pgettext_lazy("audit action", "Access requests listed"),
    "access_request.read": pgettext_lazy("audit action", "Access request opened"),
    "access_request.withdraw": pgettext_lazy("audit action", "Access request withdrawn"),
    "account.update": pgettext_lazy("audit action", "Account changed"),
    "account.notification_email": pgettext_lazy("audit action", "E-mail notifications changed"),
    "audit.outside": pgettext_lazy("audit action", "Outside access viewed"),
    "audit.proof": pgettext_lazy("audit action", "Audit proof fetched"),
    "audit.read": pgettext_lazy("audit action", "Audit trail viewed"),
    "audit.sth": pgettext_lazy("audit action", "Signed tree head fetched"),
    "audit.verify": pgettext_lazy("audit action", "Audit trail verified"),
    "auth.locked_out": pgettext_lazy("audit action", "Account locked"),
    "auth.login": pgettext_lazy("audit action", "Signed in"),
    "auth.login_failed": pgettext_lazy("audit action", "Sign-in failed"),
    "auth.logout": pgettext_lazy("audit action", "Signed out"),
    "auth.password_change": pgettext_lazy("audit action", "Password changed"),
    "auth.password_reset_by_email": pgettext_lazy("audit action", "Password reset by email"),
    "auth.recovery_codes": pgettext_lazy("audit action", "Recovery codes issued"),
    "auth.session_ended": pgettext_lazy("audit action", "Session ended"),
    "auth.sessions_ended": pgettext_lazy("audit action", "Other sessions ended"),
    "case.access_log": pgettext_lazy("audit action", "Case access history viewed"),
    "case.activate": pgettext_lazy("audit action", "Work on the case started"),
    "case.assign": pgettext_lazy("audit action", "Case assigned"),
    "case.close": pgettext_lazy("audit action", "Case closed"),
    "case.create": pgettext_lazy("audit action", "Case created"),
    "case.decrypt": pgettext_lazy("audit action", "Case narrative read"),
    "case.delete": pgettext_lazy("audit action", "Case deleted"),
    "case.export": pgettext_lazy("audit action", "Cases exported"),
    "case.list": pgettext_lazy("audit action", "Cases listed"),
    "case.list_read": pgettext_lazy("audit action", "Case seen in a list"),
    "case.read": pgettext_lazy("audit action", "Case opened"),
    "case.reopen": pgettext_lazy("audit action", "Case reopened"),
    "case.share": pgettext_lazy("audit action", "Case shared"),
    "case.timeline": pgettext_lazy("audit action", "Case timeline viewed"),
    "case.update": pgettext_lazy("audit action", "Case changed"),
    "export.csv": pgettext_lazy("audit action", "Case exported as CSV"),
    "followup.create": pgettext_lazy("audit action", "Follow-up added"),
    "followup.decrypt": pgettext_lazy("audit action", "Follow-up notes read"),
    "followup.list": pgettext_lazy("audit action", "Follow-ups listed"),
    "followup.read": pgettext_lazy("audit action", "Follow-up opened"),
    "followup.update": pgettext_lazy("audit action", "Follow-up changed"),
    "grant.approve": pgettext_lazy("audit action", "Access granted"),
    "grant.deny": pgettext_lazy("audit action", "Access request declined"),
    "grant.expired": pgettext_lazy("audit action", "Grant expired"),
    "grant.list": pgettext_lazy("audit action", "Grants listed"),
    "grant.revoke": pgettext_lazy("audit action", "Grant revoked"),
    "import.check": pgettext_lazy("audit action", "Import checked"),
    "import.commit": pgettext_lazy("audit action", "Import confirmed"),
    "import.committed": pgettext_lazy("audit action", "Import completed"),
    "import.denied": pgettext_lazy("audit action", "Imports opened"),
    "import.expire": pgettext_lazy("audit action", "Import expired"),
    "import.read": pgettext_lazy("audit action", "Import opened"),
    "job.create": pgettext_lazy("audit action", "Background job started"),
    "job.interrupted": pgettext_lazy("audit action", "Background job interrupted"),
    "job.read": pgettext_lazy("audit action", "Background job viewed"),
    "job.resume": pgettext_lazy("audit action", "Background job resumed"),
    "key.create": pgettext_lazy("audit action", "Organisation key created"),
    "key.master_rotate": pgettext_lazy("audit action", "Master key replaced"),
    "key.reencrypt": pgettext_lazy("audit action", "Data re-encrypted"),
    "key.rotate": pgettext_lazy("audit action", "Organisation key replaced"),
    "key.shred": pgettext_lazy("audit action", "Organisation key destroyed"),
    "member.access": pgettext_lazy("audit action", "Member viewed"),
    "member.appoint_coordinator": pgettext_lazy("audit action", "Coordinator appointed"),
    "member.change": pgettext_lazy("audit action", "Member changed"),
    "member.create": pgettext_lazy("audit action", "Member added"),
    "member.password_reset": pgettext_lazy("audit action", "Member's password reset"),
    "member.remove": pgettext_lazy("audit action", "Member removed"),
    "member.reset": pgettext_lazy("audit action", "Member's sign-in reset"),
    "member.second_factor_reset": pgettext_lazy("audit action", "Member's second factor reset"),
    "member.update": pgettext_lazy("audit action", "Member changed"),
    "notification.read": pgettext_lazy("audit action", "Notification opened"),
    "organisation.create": pgettext_lazy("audit action", "Organisation created"),
    "organisation.update": pgettext_lazy("audit action", "Organisation changed"),
    "referral.accept": pgettext_lazy("audit action", "Referral accepted"),
    "referral.complete": pgettext_lazy("audit action", "Referral completed"),
    "referral.create": pgettext_lazy("audit action", "Referral sent"),
    "referral.decline": pgettext_lazy("audit action", "Referral declined"),
    "referral.decrypt": pgettext_lazy("audit action", "Referral text read"),
    "referral.list": pgettext_lazy("audit action", "Referrals listed"),
    "referral.read": pgettext_lazy("audit action", "Referral opened"),
    "referral.withdraw": pgettext_lazy("audit action", "Referral withdrawn"),
    "share.create": pgettext_lazy("audit action", "Case share created"),
    "share.expired": pgettext_lazy("audit action", "Case share expired"),
    "share.revoke": pgettext_lazy("audit action", "Case share revoked"),
    "trend_observation.create": pgettext_lazy("audit action", "Trend observation logged"),
    "trend_observation.list": pgettext_lazy("audit action", "Trend observations listed"),
    "trend_observation.read": pgettext_lazy("audit action", "Trend observation opened"),
    "trend_observation.update": pgettext_lazy("audit action", "Trend observation changed"),
    "trends.breakdown": pgettext_lazy("audit action", "Trends breakdown viewed"),
    "trends.export": pgettext_lazy("audit action", "Trends exported"),
    "trends.read": pgettext_lazy("audit action", "Trends viewed"),
    "trends.release": pgettext_lazy("audit action", "Trends released"),
}


def audit_action_label(code: str) -> str:
    """An audit action in the reader's language; a refusal reads as what was attempted,
    and an action with no words yet shows its code rather than nothing."""
    label = AUDIT_ACTIONS.get(code) or AUDIT_ACTIONS.get(code.removesuffix("_denied"))
    return str(label) if label is not None else code


@register.filter
def audit_action(value: str) -> str:
    """Template form of ``audit_action_label``."""
    return audit_action_label(value)
