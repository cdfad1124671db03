"""Writes about organisations and people; each one is atomic and audited in its transaction."""

from __future__ import annotations

import secrets
import unicodedata
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coord.audit.services import audit_append
from coord.lib.errors import Invalid
from coord.organisations.models import (
    AccountSession,
    Membership,
    Organisation,
    PasswordState,
    Role,
)
from coord.organisations.usernames import clean_new_username

User = get_user_model()


def revoke_tokens(*, user, keep=None) -> int:
    """Sign a user out of every API client at once (but the token ``keep``, if given)."""
    from knox.models import AuthToken

    tokens = AuthToken.objects.filter(user=user)
    if keep is not None:
        tokens = tokens.exclude(pk=keep.pk)
    deleted, _kinds = tokens.delete()
    return deleted


@transaction.atomic
def organisation_create(
    *, actor, slug: str, name: str, country: str, kind: str, active: bool = True
) -> Organisation:
    if Organisation.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": ["An organisation with this slug exists."]})
    org = Organisation(slug=slug, name=name, country=country, kind=kind, active=active)
    org.full_clean()
    org.save()
    audit_append(
        action="organisation.create",
        actor=actor,
        organisation=org,
        object_type="organisation",
        object_id=org.slug,
    )
    return org


@transaction.atomic
def organisation_update(*, actor, organisation: Organisation, **changes) -> Organisation:
    allowed = {"name", "country", "kind", "active"}
    for field, value in changes.items():
        if field not in allowed:
            raise ValidationError({field: ["This field cannot be changed."]})
        setattr(organisation, field, value)
    organisation.full_clean()
    organisation.save()
    audit_append(
        action="organisation.update",
        actor=actor,
        organisation=organisation,
        object_type="organisation",
        object_id=organisation.slug,
        details={"fields": sorted(changes)},
    )
    return organisation


def _new_user(username: str, password: str):
    """Every account is made here: the username is checked by ``clean_new_username``
    (NFKC, one script, no look-alike of an existing one, no e-mail or phone)."""
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": ["This username is taken."]})
    username = clean_new_username(username)
    user = User(username=username)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def member_create(
    *,
    actor,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    set_by_admin: bool = False,
) -> Membership:
    """Add a member. ``set_by_admin``: an admin chose the first password (the member pages
    and API), so the member must choose their own at first sign-in."""
    if role not in (Role.CASEWORKER, Role.ADMIN):
        raise ValidationError({"role": ["Choose caseworker or admin."]})
    user = _new_user(username, password)
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        role=role,
        password_state=PasswordState.SET_BY_ADMIN if set_by_admin else PasswordState.OK,
    )
    audit_append(
        action="member.create",
        actor=actor,
        organisation=organisation,
        object_type="user",
        object_id=user.get_username(),
        details={"role": role},
    )
    return membership


@transaction.atomic
def member_update(
    *, actor, membership: Membership, role: str | None = None, is_active: bool | None = None
) -> Membership:
    changed = []
    if role is not None and role != membership.role:
        if role not in (Role.CASEWORKER, Role.ADMIN):
            raise ValidationError({"role": ["Choose caseworker or admin."]})
        membership.role = role
        membership.save(update_fields=["role"])
        changed.append("role")
    user = membership.user
    if is_active is not None and is_active != user.is_active:
        user.is_active = is_active
        user.save(update_fields=["is_active"])
        changed.append("is_active")
        if not is_active:
            revoke_tokens(user=user)
    audit_append(
        action="member.update",
        actor=actor,
        organisation=membership.organisation,
        object_type="user",
        object_id=user.get_username(),
        details={"fields": changed, "role": membership.role, "active": user.is_active},
    )
    return membership


@transaction.atomic
def member_remove(*, actor, membership: Membership) -> None:
    """Remove a member: the account is deactivated (kept for the audit trail) and signed out."""
    user, org = membership.user, membership.organisation
    membership.delete()
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoke_tokens(user=user)
    audit_append(
        action="member.remove",
        actor=actor,
        organisation=org,
        object_type="user",
        object_id=user.get_username(),
    )


@transaction.atomic
def coordinator_appoint(*, actor, user) -> Membership:
    """Make a user a network coordinator; a member of an organisation cannot be one."""
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(
            {"user": ["This user already has a role; coordinators belong to no organisation."]}
        )
    membership = Membership.objects.create(user=user, organisation=None, role=Role.COORDINATOR)
    audit_append(
        action="member.appoint_coordinator",
        actor=actor,
        object_type="user",
        object_id=user.get_username(),
    )
    return membership


@transaction.atomic
def user_create_with_role(
    *, actor, username: str, password: str, role: str, organisation: Organisation | None
) -> Membership:
    """Create an account with its role (used by seed_demo and the admin)."""
    if role == Role.COORDINATOR:
        return coordinator_appoint(actor=actor, user=_new_user(username, password))
    if organisation is None:
        raise ValidationError({"organisation": ["Members need an organisation."]})
    return member_create(
        actor=actor, organisation=organisation, username=username, password=password, role=role
    )


RECOVERY_CODES = 10


def second_factor_verify(*, user, token: str) -> bool:
    """Check a TOTP code or a one-time recovery code (which is then used up)."""
    from django_otp import match_token

    return bool(token) and match_token(user, token.strip().replace(" ", "")) is not None


@transaction.atomic
def totp_enrol(*, user, request=None):
    """Start TOTP enrolment: a fresh unconfirmed device replaces any earlier unconfirmed one."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


@transaction.atomic
def totp_confirm(*, user, device, token: str, request=None) -> list[str]:
    """Confirm a TOTP device with a code from the app; returns fresh recovery codes."""
    if device.user_id != user.pk or not device.verify_token(token.strip()):
        raise ValidationError({"otp": ["That code is not valid. Check the time on your phone."]})
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    type(device).objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    audit_append(
        action="auth.2fa_enrol",
        actor=user,
        request=request,
        object_type="user",
        object_id=user.get_username(),
    )
    return recovery_codes_regenerate(user=user, request=request)


@transaction.atomic
def recovery_codes_regenerate(*, user, request=None) -> list[str]:
    """Replace the user's recovery codes; each works once. Shown once, stored as given."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    audit_append(
        action="auth.recovery_codes",
        actor=user,
        request=request,
        object_type="user",
        object_id=user.get_username(),
    )
    return codes


# Passwords (docs/security.md, "Passwords"). Changing a password changes the hash every
# session is bound to (Django's session auth hash), so other browser sessions end on their
# next request; API tokens are not bound to it and are deleted here.

RESET_CODE_HOURS = 24
# No 0/o, 1/l/i: the code is read aloud or copied from a screen.
_RESET_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RESET_GROUPS = 4


def _reset_code() -> str:
    """Four groups of four characters (about 79 bits), e.g. ``k7pq-2mzx-hr4t-9vbn``."""
    return "-".join(
        "".join(secrets.choice(_RESET_ALPHABET) for _ in range(4)) for _ in range(_RESET_GROUPS)
    )


def _membership_for_update(user) -> Membership | None:
    return Membership.objects.select_for_update().filter(user=user).first()


def _password_replaced(
    user, new_password: str, *, action: str, keep_token=None, request=None
) -> None:
    """The member chose a new password: stored, the change no longer due, every API token but
    ``keep_token`` revoked, audited as ``action`` (no password in the event)."""
    user.set_password(new_password)
    user.save(update_fields=["password"])
    membership = _membership_for_update(user)
    if membership is not None:
        membership.password_state = PasswordState.OK
        membership.reset_expires_at = None
        membership.save(update_fields=["password_state", "reset_expires_at"])
    revoked = revoke_tokens(user=user, keep=keep_token)
    audit_append(
        action=action,
        actor=user,
        organisation=membership.organisation if membership else None,
        request=request,
        object_type="user",
        object_id=user.get_username(),
        details={"tokens_revoked": revoked},
    )


@transaction.atomic
def password_change(
    *, user, current_password: str, new_password: str, keep_token=None, request=None
) -> None:
    """The member changes their own password: the current one is required, Django's
    validators apply, a required change must pick a different one. Every API token but
    ``keep_token`` is revoked; the caller keeps its own browser session
    (``update_session_auth_hash``)."""
    if not user.check_password(current_password):
        raise Invalid({"current_password": [_("Your current password is not correct.")]})
    if new_password == current_password:
        raise Invalid({"new_password": [_("Choose a password different from the current one.")]})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise Invalid({"new_password": list(exc.messages)}) from None
    _password_replaced(
        user, new_password, action="auth.password_change", keep_token=keep_token, request=request
    )


@transaction.atomic
def password_set_by_link(*, user, new_password: str, request=None) -> None:
    """A forgotten password replaced through an e-mailed link (Django's reset views, which
    validated the password): the same revocations as a change, audited."""
    _password_replaced(user, new_password, action="auth.password_reset_by_email", request=request)


@transaction.atomic
def member_password_reset(*, actor, membership: Membership, request=None) -> tuple[str, object]:
    """Replace a member's password with a one-time code, returned once (only its hash is
    kept, as the password): it signs in once within 24 hours, and then the member must
    choose a new password. The old password, every session and every token stop working
    at once. Returns ``(code, expires_at)``."""
    membership = _membership_for_update(membership.user)
    user = membership.user
    code = _reset_code()
    user.set_password(code)
    user.save(update_fields=["password"])
    expires = timezone.now() + timedelta(hours=RESET_CODE_HOURS)
    membership.password_state = PasswordState.RESET_ISSUED
    membership.reset_expires_at = expires
    membership.save(update_fields=["password_state", "reset_expires_at"])
    revoked = revoke_tokens(user=user)
    audit_append(
        action="member.password_reset",
        actor=actor,
        organisation=membership.organisation,
        request=request,
        object_type="user",
        object_id=user.get_username(),
        details={"tokens_revoked": revoked, "expires_hours": RESET_CODE_HOURS},
    )
    return code, expires


@transaction.atomic
def member_second_factor_reset(*, actor, membership: Membership, request=None) -> None:
    """Remove a member's authenticator and recovery codes (a lost phone): the member enrols
    again at the next sign-in. Their API tokens are revoked too."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = membership.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    revoked = revoke_tokens(user=user)
    audit_append(
        action="member.second_factor_reset",
        actor=actor,
        organisation=membership.organisation,
        request=request,
        object_type="user",
        object_id=user.get_username(),
        details={"tokens_revoked": revoked},
    )


@transaction.atomic
def password_sign_in_recorded(*, user) -> None:
    """A sign-in passed: a one-time reset code is now used up (it cannot sign in again)."""
    Membership.objects.filter(user=user, password_state=PasswordState.RESET_ISSUED).update(
        password_state=PasswordState.RESET_USED, reset_expires_at=None
    )
    cached = getattr(user, "_coord_membership", None)
    if cached is not None and cached.password_state == PasswordState.RESET_ISSUED:
        cached.password_state = PasswordState.RESET_USED
        cached.reset_expires_at = None


# --- the profile page: name, e-mail, language, sessions ---------------------------------


def _is_name(value: str) -> bool:
    """A person's own name, in any script: letters, combining marks (Khmer, Thai and Burmese
    vowels), spaces and ' . - only, starting with a letter. No digits, no "@": the field
    cannot carry a phone number, an address or an ID number."""
    return (
        len(value) <= 150
        and unicodedata.category(value[0]).startswith("L")
        and all(unicodedata.category(c)[0] in "LM" or c in " '.-" for c in value)
    )


_BROWSERS = (
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def describe_client(user_agent: str) -> str:
    """ "Chrome on Android": enough to recognise one's own devices, never the whole header."""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for token, name in _SYSTEMS if token in user_agent), "")
    return " on ".join(part for part in (browser, system) if part)


def _session_store():
    from importlib import import_module

    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore


def session_recorded(*, user, session_key: str, user_agent: str = "") -> None:
    """A browser signed in: remember its session for the profile page, and forget the
    person's sessions that have ended since."""
    store = _session_store()
    with transaction.atomic():
        ended = [
            row.pk
            for row in AccountSession.objects.filter(user=user)
            if not store().exists(row.session_key)
        ]
        AccountSession.objects.filter(pk__in=ended).delete()
        AccountSession.objects.update_or_create(
            session_key=session_key,
            defaults={"user": user, "client": describe_client(user_agent)},
        )


def account_sessions(*, user) -> list:
    """The person's browser sessions that are still live, newest first."""
    store = _session_store()
    rows = AccountSession.objects.filter(user=user).order_by("-created_at")
    return [row for row in rows if store().exists(row.session_key)]


def _sessions_ended(user, rows, *, request, action: str, tokens: bool) -> int:
    store = _session_store()
    for row in rows:
        store(session_key=row.session_key).delete()
    count = len(rows)
    revoked = revoke_tokens(user=user) if tokens else 0
    AccountSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    membership = Membership.objects.filter(user=user).select_related("organisation").first()
    audit_append(
        action=action,
        actor=user,
        organisation=membership.organisation if membership else None,
        object_type="user",
        object_id=str(user.pk),
        details={"sessions": count, "tokens_revoked": revoked},
        request=request,
    )
    return count


@transaction.atomic
def sessions_end_others(*, user, current_session_key: str, request=None) -> int:
    """Sign the person out everywhere but this browser: every other session and every API
    token, audited ``auth.sessions_ended``. Returns how many browser sessions ended."""
    rows = [row for row in account_sessions(user=user) if row.session_key != current_session_key]
    return _sessions_ended(user, rows, request=request, action="auth.sessions_ended", tokens=True)


@transaction.atomic
def session_end(*, user, public_id, current_session_key: str, request=None) -> bool:
    """Sign out one other browser session of the person (False when there is no such live
    session, or it is this one: signing out here is the sign-out button)."""
    rows = [
        row
        for row in account_sessions(user=user)
        if str(row.public_id) == str(public_id) and row.session_key != current_session_key
    ]
    if not rows:
        return False
    _sessions_ended(user, rows, request=request, action="auth.session_ended", tokens=False)
    return True


@transaction.atomic
def profile_update(
    *, user, first_name: str, last_name: str, email: str, language: str, request=None
) -> list[str]:
    """The person's own name, work e-mail and language; audited ``account.update`` naming the
    fields changed (never their values). Returns the changed fields."""
    from django.conf import settings
    from django.core.validators import validate_email

    problems: dict[str, list[str]] = {}
    for field, value in (("first_name", first_name), ("last_name", last_name)):
        if value and not _is_name(value):
            problems[field] = [_("Use letters, spaces, apostrophes, dots and hyphens only.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems["email"] = [_("Enter a valid e-mail address.")]
    if language not in {"", *(code for code, _name in settings.LANGUAGES)}:
        problems["language"] = [_("Unknown language.")]
    if problems:
        raise Invalid(problems)
    values = {"first_name": first_name, "last_name": last_name, "email": email}
    changed = [name for name, value in values.items() if getattr(user, name) != value]
    for name in changed:
        setattr(user, name, values[name])
    if changed:
        user.save(update_fields=changed)
    membership = _membership_for_update(user)
    if membership is not None and membership.language != language:
        membership.language = language
        membership.save(update_fields=["language"])
        changed.append("language")
    if changed:
        audit_append(
            action="account.update",
            actor=user,
            organisation=membership.organisation if membership else None,
            object_type="user",
            object_id=str(user.pk),
            details={"fields": changed},
            request=request,
        )
    return changed
