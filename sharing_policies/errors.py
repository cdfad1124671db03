"""Refusals of the sharing services, each with its error code."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from coord.lib.errors import Conflict


class SharingErrorCode(StrEnum):
    INVALID_STATE = "invalid_state"
    DUPLICATE_REQUEST = "duplicate_request"
    DUPLICATE_SHARE = "duplicate_share"
    # A repeated or out-of-order state change (409): one code and sentence per case, so a
    # client can tell "someone already did this" apart from "not possible yet" (issue 24).
    REQUEST_NOT_PENDING = "request_not_pending"
    GRANT_ALREADY_REVOKED = "grant_already_revoked"
    SHARE_ALREADY_REVOKED = "share_already_revoked"
    REFERRAL_NOT_PENDING = "referral_not_pending"
    REFERRAL_NOT_ACCEPTED = "referral_not_accepted"
    REFERRAL_CLOSED = "referral_closed"


class StateConflict(Conflict):
    default_message = _("This is no longer possible in the object's current state.")
    default_code = SharingErrorCode.INVALID_STATE


class DuplicateRequest(Conflict):
    default_message = _(
        "A pending request for this organisation and scope already exists; "
        "withdraw it before asking again."
    )
    default_code = SharingErrorCode.DUPLICATE_REQUEST


class DuplicateShare(Conflict):
    default_message = _("This case is already shared with this organisation.")
    default_code = SharingErrorCode.DUPLICATE_SHARE


class RequestNotPending(StateConflict):
    default_message = _("This request was already approved, denied or withdrawn.")
    default_code = SharingErrorCode.REQUEST_NOT_PENDING


class GrantAlreadyRevoked(StateConflict):
    default_message = _("This grant was already revoked.")
    default_code = SharingErrorCode.GRANT_ALREADY_REVOKED


class ShareAlreadyRevoked(StateConflict):
    default_message = _("This share was already revoked.")
    default_code = SharingErrorCode.SHARE_ALREADY_REVOKED


class ReferralNotPending(StateConflict):
    default_message = _("This referral was already accepted, declined or withdrawn.")
    default_code = SharingErrorCode.REFERRAL_NOT_PENDING


class ReferralNotAccepted(StateConflict):
    default_message = _("Only an accepted referral can be completed.")
    default_code = SharingErrorCode.REFERRAL_NOT_ACCEPTED


class ReferralClosed(StateConflict):
    default_message = _("This referral is already closed.")
    default_code = SharingErrorCode.REFERRAL_CLOSED
