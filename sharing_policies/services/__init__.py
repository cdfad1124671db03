"""Writes of the grants domain, one module per concern: ``access_requests`` (requests and
the grants they make), ``shares``, ``referrals``, ``expiry`` (notifications read and the
expiry sweep), ``common``. Re-exported here so callers write ``services.share_create``."""

from sharing_policies.services.access_requests import (
    access_request_approve,
    access_request_create,
    access_request_deny,
    access_request_deny_reasons,
    access_request_purposes,
    access_request_withdraw,
    check_not_wider,
    grant_revoke,
)
from sharing_policies.services.common import normalise_filter, validate_valid_until
from sharing_policies.services.expiry import (
    notification_mark_read,
    notifications_mark_all_read,
    notifications_prune,
    sharing_expire,
)
from sharing_policies.services.notification_email import notification_emails_set
from sharing_policies.services.referrals import (
    REFERRAL_TRANSITIONS,
    referral_create,
    referral_decline_reasons,
    referral_messages,
    referral_transition,
)
from sharing_policies.services.shares import organisation_group, share_create, share_revoke

__all__ = [
    "REFERRAL_TRANSITIONS",
    "access_request_approve",
    "access_request_create",
    "access_request_deny",
    "access_request_deny_reasons",
    "access_request_purposes",
    "access_request_withdraw",
    "check_not_wider",
    "grant_revoke",
    "normalise_filter",
    "notification_emails_set",
    "notification_mark_read",
    "notifications_mark_all_read",
    "notifications_prune",
    "organisation_group",
    "referral_create",
    "referral_decline_reasons",
    "referral_messages",
    "referral_transition",
    "share_create",
    "share_revoke",
    "sharing_expire",
    "validate_valid_until",
]
