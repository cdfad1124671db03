"""Who is asking: the caller's membership (organisation and role), looked up once."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coord.organisations.models import Membership, Organisation, Role
from coord.organisations.selectors import membership_of

_CACHE = "_coord_caller"


@dataclass(frozen=True)
class Caller:
    """A signed-in user (or not) and what the network knows of them."""

    user: object
    membership: Membership | None
    # Live grants received, by public id, as loaded by the case policy for this request.
    grants: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def organisation_id(self) -> int | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    @property
    def is_member(self) -> bool:
        """A caseworker or admin of an organisation (coordinators have none)."""
        return self.organisation_id is not None

    @property
    def is_admin(self) -> bool:
        return self.is_member and self.role == Role.ADMIN

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR


def caller_for(user) -> Caller:
    """The caller for ``user``, built once and kept on the user object for the request."""
    cached = getattr(user, _CACHE, None) if user is not None else None
    if cached is not None:
        return cached
    caller = Caller(user=user, membership=membership_of(user))
    if user is not None:
        setattr(user, _CACHE, caller)
    return caller
