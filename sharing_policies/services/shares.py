"""Single-case shares: one case made visible to one partner organisation until an end
date, through a django-guardian object permission on that organisation's group."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.shortcuts import assign_perm, remove_perm

from coord.audit.services import audit_append
from coord.cases.choices import Consent
from coord.cases.models import CaseSummary
from coord.organisations.models import Membership, Organisation
from sharing_policies.errors import DuplicateShare, ShareAlreadyRevoked
from sharing_policies.grants import VIEW_SHARED_CASE, live_q, org_group_name
from sharing_policies.grants import today as _today
from sharing_policies.models import CaseShare, NotificationKind
from sharing_policies.services.common import notify, validate_valid_until


def _view_shared_case_permission() -> Permission:
    """``cases.view_shared_case``, created on first use (the cases app does not declare it)."""
    content_type = ContentType.objects.get_for_model(CaseSummary)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=VIEW_SHARED_CASE,
        defaults={"name": "Can view a case shared with the organisation"},
    )
    return permission


def organisation_group(organisation: Organisation) -> Group:
    """The organisation's guardian group (``org:<slug>``), created lazily, with its current
    members in it and former members out of it."""
    group, _ = Group.objects.get_or_create(name=org_group_name(organisation.slug))
    member_ids = set(
        Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
    )
    current = set(group.user_set.values_list("pk", flat=True))
    if member_ids - current:
        group.user_set.add(*(member_ids - current))
    if current - member_ids:
        group.user_set.remove(*(current - member_ids))
    return group


def share_create(
    *,
    actor,
    case: CaseSummary,
    organisation: Organisation,
    valid_until: date,
    include_narrative: bool = False,
    request=None,
    audit: bool = True,
) -> CaseShare:
    """Make one case visible to one partner organisation until ``valid_until``.

    Only cases with consent ``share`` can be shared; one live share per case and
    organisation (409 otherwise).
    """
    errors: dict[str, list[ValidationError]] = {}
    if organisation.pk == case.organisation_id:
        errors["organisation"] = [
            ValidationError(
                _("The case already belongs to this organisation."), code="own_organisation"
            )
        ]
    elif not organisation.active:
        errors["organisation"] = [
            ValidationError(_("This organisation is not active."), code="inactive_organisation")
        ]
    if case.consent != Consent.SHARE:
        errors["case"] = [
            ValidationError(
                _("The person's consent does not allow sharing this case."), code="no_consent"
            )
        ]
    if errors:
        raise ValidationError(errors)
    validate_valid_until(valid_until)
    with transaction.atomic():
        CaseSummary.objects.select_for_update(no_key=True).filter(pk=case.pk).first()
        if CaseShare.objects.filter(
            live_q(CaseShare), case=case, organisation=organisation
        ).exists():
            raise DuplicateShare
        share = CaseShare.objects.create(
            case=case,
            organisation=organisation,
            created_by=actor,
            valid_until=valid_until,
            include_narrative=include_narrative,
        )
        _view_shared_case_permission()
        assign_perm(f"cases.{VIEW_SHARED_CASE}", organisation_group(organisation), case)
        if audit:
            audit_append(
                action="share.create",
                actor=actor,
                organisation=case.organisation,
                object_type="case",
                object_id=case.reference,
                details={
                    "share": str(share.public_id),
                    "with": organisation.slug,
                    "valid_days": (valid_until - _today()).days,
                    "include_narrative": include_narrative,
                },
                request=request,
            )
            # A referral's share is announced by the referral itself.
            notify(
                kind=NotificationKind.SHARE_CREATED,
                obj=share,
                object_type="share",
                organisation=organisation,
                admins_only=True,
            )
    return share


def drop_permission_if_unused(share: CaseShare) -> None:
    """Take the object permission back unless another live share still needs it."""
    still_live = CaseShare.objects.filter(
        live_q(CaseShare), case_id=share.case_id, organisation_id=share.organisation_id
    ).exclude(pk=share.pk)
    if not still_live.exists():
        group = Group.objects.filter(name=org_group_name(share.organisation.slug)).first()
        if group is not None:
            remove_perm(f"cases.{VIEW_SHARED_CASE}", group, share.case)


def share_revoke(*, actor, share: CaseShare, request=None, audit: bool = True) -> CaseShare:
    """End a share now and take the object permission back."""
    with transaction.atomic():
        locked = CaseShare.objects.select_for_update().get(pk=share.pk)
        if locked.revoked_at is not None:
            raise ShareAlreadyRevoked
        locked.revoked_at, locked.revoked_by = timezone.now(), actor
        locked.save(update_fields=["revoked_at", "revoked_by"])
        drop_permission_if_unused(share)
        if audit:
            audit_append(
                action="share.revoke",
                actor=actor,
                organisation=share.case.organisation,
                object_type="case",
                object_id=share.case.reference,
                details={"share": str(share.public_id), "with": share.organisation.slug},
                request=request,
            )
            # The partner's admins, the sender and the case's author; a referral's share
            # ending is told by the referral's own note.
            notify(
                kind=NotificationKind.SHARE_REVOKED,
                obj=locked,
                object_type="share",
                organisation=share.organisation,
                admins_only=True,
                users=(share.created_by, share.case.created_by),
                skip=actor,
            )
    share.refresh_from_db()
    return share
