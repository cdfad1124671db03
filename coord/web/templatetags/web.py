"""Template helpers: the navigation for the signed-in person's role."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

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


# What an audit event is about, in words (issue 26); the action stays a code, which is
# what an auditor searches for and what the API and the CSV export carry.
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


# What someone outside the organisation did with a case (the case page's access history);
# a refused attempt has the same words, the outcome column says it was refused.
AUDIT_CASE_ACTIONS = {
    "case.read": _("opened the case"),
    "case.decrypt": _("read the narrative summary"),
    "case.list_read": _("saw the case in a list"),
    "case.update": _("changed the case"),
    "case.delete": _("deleted the case"),
    "export.csv": _("exported the case"),
}


@register.filter
def audit_case_action(value: str) -> str:
    """An audit action on a case in the reader's language (the code if it has no words)."""
    return str(AUDIT_CASE_ACTIONS.get(value.removesuffix("_denied"), value))
