"""Who may manage an organisation (members, keys, the directory) and see a job.

Outsiders get the same ``NotFound`` whether an object is missing or off-limits, and the
attempt on an existing object is audited as denied.
"""

from __future__ import annotations

from coord.jobs.models import Job
from coord.jobs.selectors import job_get
from coord.lib.errors import NotFound
from coord.organisations.models import Membership, Organisation, Role
from coord.organisations.selectors import member_get, membership_of, organisation_get, role_of
from sharing_policies.access.deny import deny


def can_manage_directory(user) -> bool:
    """Coordinators curate the organisation directory."""
    return role_of(user) == Role.COORDINATOR


def _organisation_for_own_admin(
    user, slug: str, *, action: str, caseworkers_get_403: bool, request=None
) -> Organisation:
    """The organisation ``slug`` if ``user`` is one of its admins. Outsiders get 404
    (audited as denied when it exists); its own caseworkers get 403 or 404 as asked."""
    org = organisation_get(slug=slug)
    if org is None:
        raise NotFound
    membership = membership_of(user)
    insider = membership is not None and membership.organisation_id == org.pk
    if not insider or membership.role != Role.ADMIN:
        deny(
            user=user,
            action=action,
            organisation=org,
            object_type="organisation",
            object_id=org.slug,
            request=request,
            not_found=not (insider and caseworkers_get_403),
        )
    return org


def organisation_for_member_admin(user, slug: str, *, request=None) -> Organisation:
    """The organisation whose members ``user`` may manage: its own admins; its
    caseworkers get 403 (they know it exists); everyone else 404."""
    return _organisation_for_own_admin(
        user, slug, action="member.access_denied", caseworkers_get_403=True, request=request
    )


def organisation_for_key_admin(user, slug: str, *, request=None) -> Organisation:
    """The organisation whose data keys ``user`` may rotate: only its own admins;
    everyone else, its caseworkers included, gets 404."""
    return _organisation_for_own_admin(
        user, slug, action="key.rotate_denied", caseworkers_get_403=False, request=request
    )


def get_job_for(user, job_id, *, request=None) -> Job:
    """A job is visible to whoever started it, to admins of its organisation, and to
    coordinators for network-level jobs (no organisation)."""
    job = job_get(job_id=job_id)
    if job is None:
        raise NotFound
    membership = membership_of(user)
    allowed = membership is not None and (
        job.created_by_id == user.pk
        or (
            job.organisation_id is not None
            and membership.role == Role.ADMIN
            and membership.organisation_id == job.organisation_id
        )
        or (job.organisation_id is None and membership.role == Role.COORDINATOR)
    )
    if not allowed:
        deny(
            user=user,
            action="job.read_denied",
            organisation=job.organisation,
            object_type="job",
            object_id=str(job.pk),
            request=request,
        )
    return job


def ensure_not_own_membership(user, membership, *, request=None) -> None:
    """Admins manage other members, never their own membership (role, activation, removal),
    so an organisation never loses its last admin by accident: 403, audited."""
    if membership.user_id == user.pk:
        deny(
            user=user,
            action="member.change_denied",
            organisation=membership.organisation,
            object_type="user",
            object_id=membership.user.get_username(),
            request=request,
            not_found=False,
            message="Admins cannot change their own role, deactivate or remove themselves.",
        )


def member_for_account_reset(user, slug: str, username: str, *, request=None) -> Membership:
    """The member whose password or second factor ``user`` may reset.

    An organisation's admins reset the other members of their own organisation; network
    coordinators reset organisation admins (so an organisation whose only admin is locked
    out is not stuck). Nobody resets themselves here (they change their own password). The
    organisation's caseworkers get 403, as on the member pages; everyone else, admins of
    other organisations included, gets 404, audited as denied.
    """
    membership = membership_of(user)
    if membership is not None and membership.role == Role.COORDINATOR:
        org = organisation_get(slug=slug)
        if org is None:
            raise NotFound
        target = member_get(organisation=org, username=username)
        if target is None or target.role != Role.ADMIN:
            deny(
                user=user,
                action="member.reset_denied",
                organisation=org,
                object_type="organisation",
                object_id=org.slug,
                request=request,
            )
        return target
    org = _organisation_for_own_admin(
        user, slug, action="member.reset_denied", caseworkers_get_403=True, request=request
    )
    target = member_get(organisation=org, username=username)
    if target is None:
        raise NotFound
    if target.user_id == user.pk:
        deny(
            user=user,
            action="member.reset_denied",
            organisation=org,
            object_type="user",
            object_id=user.get_username(),
            request=request,
            not_found=False,
            message="Change your own password on your account page.",
        )
    return target
