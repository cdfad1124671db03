"""Reads about organisations and people. ``role_of`` is the one answer to "who is this user"."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from coord.organisations.models import Membership, Organisation, Role

_CACHE = "_coord_membership"


def membership_of(user: AbstractBaseUser | AnonymousUser | None) -> Membership | None:
    """The user's membership, cached on the user object for the request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if not hasattr(user, _CACHE):
        setattr(
            user,
            _CACHE,
            Membership.objects.select_related("organisation").filter(user=user).first(),
        )
    return getattr(user, _CACHE)


def role_of(user) -> Role | None:
    membership = membership_of(user)
    return Role(membership.role) if membership else None


def organisation_of(user) -> Organisation | None:
    membership = membership_of(user)
    return membership.organisation if membership else None


def organisation_list(*, include_inactive: bool = False) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    return qs if include_inactive else qs.filter(active=True)


def organisation_countries() -> list[str]:
    """The countries the network's active organisations work in."""
    return sorted(set(Organisation.objects.filter(active=True).values_list("country", flat=True)))


def organisation_names(*, slugs: Iterable[str]) -> dict[str, str]:
    """Organisation names by slug (one query), for pages that show names, not slugs."""
    wanted = {slug for slug in slugs if slug}
    if not wanted:
        return {}
    return dict(Organisation.objects.filter(slug__in=wanted).values_list("slug", "name"))


def person_names(*, usernames: Iterable[str]) -> dict[str, str]:
    """A person's full name (their username when they gave none) by username, one query:
    audit events name their actor by username only (issue 24: no account numbers)."""
    wanted = {name for name in usernames if name}
    if not wanted:
        return {}
    users = (
        get_user_model()
        .objects.filter(username__in=wanted)
        .only("username", "first_name", "last_name")
    )
    return {user.get_username(): user.get_full_name() or user.get_username() for user in users}


def organisation_get(*, slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def member_list(*, organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )


def member_get(*, organisation: Organisation, username: str) -> Membership | None:
    return member_list(organisation=organisation).filter(user__username=username).first()


def requires_second_factor(user) -> bool:
    """Admins and coordinators sign in with TOTP when COORD_REQUIRE_2FA is on."""
    from django.conf import settings

    return settings.COORD_REQUIRE_2FA and role_of(user) in (Role.ADMIN, Role.COORDINATOR)


def has_second_factor(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def sign_in_refusal(user) -> str | None:
    """Why a user whose password matched may still not sign in, or ``None``: a one-time
    reset code that expired (``"reset_expired"``) or already signed in once
    (``"reset_used"``). Read fresh, never from the request's cache."""
    from django.utils import timezone

    from coord.organisations.models import PasswordState

    membership = Membership.objects.filter(user=user).first()
    if membership is None:
        return None
    if membership.password_state == PasswordState.RESET_USED:
        return "reset_used"
    if membership.password_state == PasswordState.RESET_ISSUED and (
        membership.reset_expires_at is None or membership.reset_expires_at <= timezone.now()
    ):
        return "reset_expired"
    return None


def must_change_password(user) -> bool:
    """The member must choose a new password before anything else (no query: the
    membership is loaded once per request)."""
    membership = membership_of(user)
    return membership is not None and membership.must_change_password
