"""Reads about organisations and people. ``role_of`` is the one answer to "who is this user"."""

from __future__ import annotations

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
