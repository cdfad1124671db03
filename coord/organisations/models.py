"""Organisations of the network and the one role each person holds in it."""

from __future__ import annotations

import uuid

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coord.pii.validation import validate_no_pii


def validate_country(value: str) -> None:
    if pycountry.countries.get(alpha_2=value) is None:
        raise ValidationError(
            _("Unknown country code %(code)s (use ISO 3166-1 alpha-2)."),
            params={"code": value},
            code="invalid_country",
        )


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        SHELTER = "shelter", _("Shelter")
        LEGAL_AID = "legal_aid", _("Legal aid")
        HOTLINE = "hotline", _("Hotline")
        GOVERNMENT = "government", _("Government")
        INTERNATIONAL = "international", _("International organisation")

    slug = models.SlugField(max_length=50, unique=True)
    # Shown to every member of the network: guarded like every free text (issue 15).
    name = models.CharField(max_length=200, validators=[validate_no_pii])
    country = models.CharField(max_length=2, validators=[validate_country])
    kind = models.CharField(max_length=20, choices=Kind.choices)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.slug


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    ADMIN = "admin", _("Organisation admin")
    COORDINATOR = "coordinator", _("Network coordinator")


class PasswordState(models.TextChoices):
    """Where a member's password stands (docs/security.md, "Passwords").

    ``SET_BY_ADMIN``: the admin chose it (a new member); ``RESET_ISSUED``: an admin issued a
    one-time code that signs in once within 24 hours; ``RESET_USED``: the code signed in and
    may not sign in again. In every state but ``OK`` the member must choose a new password
    before doing anything else.
    """

    OK = "ok", _("Chosen by the member")
    SET_BY_ADMIN = "set_by_admin", _("Set by an admin")
    RESET_ISSUED = "reset_issued", _("One-time code issued")
    RESET_USED = "reset_used", _("One-time code used")


class Membership(models.Model):
    """The one role a user holds.

    One row per user (so nobody belongs to two organisations), and the check
    constraint makes a coordinator and an organisation member mutually exclusive.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept on the one row every request loads anyway (``membership_of``), so checking
    # "must change the password first" on each request costs no query.
    password_state = models.CharField(
        max_length=20, choices=PasswordState.choices, default=PasswordState.OK
    )
    # Until when a one-time reset code (``PasswordState.RESET_ISSUED``) signs in.
    reset_expires_at = models.DateTimeField(null=True, blank=True)
    # The language chosen on the profile page ("" = the browser's); set as the language
    # cookie at sign-in, so a person reads every page in it on any device.
    language = models.CharField(max_length=8, blank=True, default="", choices=settings.LANGUAGES)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="membership_coordinator_has_no_org",
                condition=(Q(role="coordinator") & Q(organisation__isnull=True))
                | (Q(role__in=["caseworker", "admin"]) & Q(organisation__isnull=False)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role} @ {self.organisation or 'network'})"

    @property
    def must_change_password(self) -> bool:
        return self.password_state != PasswordState.OK


class AccountSession(models.Model):
    """A browser session of a person, recorded at sign-in, so the profile page can list the
    person's live sessions and sign out the others (Django's session table cannot be
    searched by user). The session itself stays in Django's table; a row whose session has
    ended is not shown and is dropped at the person's next sign-in."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="account_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # A coarse description ("Chrome on Android"), never the whole User-Agent header.
    client = models.CharField(max_length=60, blank=True, default="")

    def __str__(self) -> str:
        return f"session of {self.user} since {self.created_at:%Y-%m-%d}"
