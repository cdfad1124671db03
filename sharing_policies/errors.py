"""Refusals of the sharing services, each with its error code."""

from __future__ import annotations

from enum import StrEnum

from coord.lib.errors import Conflict


class SharingErrorCode(StrEnum):
    INVALID_STATE = "invalid_state"
    DUPLICATE_REQUEST = "duplicate_request"
    DUPLICATE_SHARE = "duplicate_share"


class StateConflict(Conflict):
    default_message = "This is no longer possible in the object's current state."
    default_code = SharingErrorCode.INVALID_STATE


class DuplicateRequest(Conflict):
    default_message = (
        "A pending request for this organisation and scope already exists; "
        "withdraw it before asking again."
    )
    default_code = SharingErrorCode.DUPLICATE_REQUEST


class DuplicateShare(Conflict):
    default_message = "This case is already shared with this organisation."
    default_code = SharingErrorCode.DUPLICATE_SHARE
