"""Sharing screens that say what is true: the grant (not the request) with its fields and
filter in words, "less than asked" marked, Revoke only for live grants, and the case page
listing its live shares and referrals (owners only)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from sharing_policies import services
from sharing_policies.models import SharingGrant

pytestmark = pytest.mark.django_db


def _days(n: int):
    return timezone.localdate() + timedelta(days=n)


def _grant(owner_org, owner_admin, grantee_admin, **approve):
    req = services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=_days(60),
        filter={"exploitation_types": ["forced_labour", "sexual"]},
    )
    return services.access_request_approve(actor=owner_admin, access_request=req, **approve)


def test_the_grant_shows_its_filter_in_words(web, owner_org, owner_admin, grantee_admin):
    _grant(owner_org, owner_admin, grantee_admin)
    page = web.as_user(grantee_admin).get("/sharing/").content.decode()
    assert "Forced labour" in page
    assert "forced_labour" not in page


def test_the_requester_sees_what_was_granted_and_that_it_is_less(
    web, owner_org, owner_admin, grantee_admin
):
    _grant(owner_org, owner_admin, grantee_admin, valid_until=_days(10))
    page = web.as_user(grantee_admin).get("/sharing/").content.decode()
    assert "Granted" in page
    assert _days(10).isoformat() in page
    assert "Less than asked" in page


def test_a_grant_as_asked_is_not_marked_less(web, owner_org, owner_admin, grantee_admin):
    _grant(owner_org, owner_admin, grantee_admin)
    page = web.as_user(grantee_admin).get("/sharing/").content.decode()
    assert "Less than asked" not in page


def test_a_live_grant_offers_revoke(web, owner_org, owner_admin, grantee_admin):
    grant = _grant(owner_org, owner_admin, grantee_admin)
    page = web.as_user(owner_admin).get("/sharing/").content.decode()
    assert f"/sharing/grants/{grant.public_id}/revoke/" in page


def test_an_expired_grant_offers_no_revoke(web, owner_org, owner_admin, grantee_admin):
    grant = _grant(owner_org, owner_admin, grantee_admin)
    SharingGrant.objects.filter(pk=grant.pk).update(valid_until=_days(-1), expired=True)
    page = web.as_user(owner_admin).get("/sharing/").content.decode()
    assert f"/sharing/grants/{grant.public_id}/revoke/" not in page
    assert "Expired" in page


def _case(owner_org, author):
    from coord.cases.services import case_create

    return case_create(
        actor=author,
        organisation=owner_org,
        data={
            "reported_month": timezone.localdate().replace(day=1),
            "region": "KH-12",
            "consent": "share",
        },
    )


def test_the_case_page_lists_its_live_shares_and_referrals(
    web, owner_org, owner_admin, grantee_org, stranger_org
):
    case = _case(owner_org, owner_admin)
    services.share_create(
        actor=owner_admin, case=case, organisation=grantee_org, valid_until=_days(30)
    )
    services.referral_create(
        actor=owner_admin,
        case=case,
        to_organisation=stranger_org,
        reason="legal",
        valid_until=_days(30),
    )
    page = web.as_user(owner_admin).get(f"/cases/{case.reference}/").content.decode()
    assert "Shared with" in page
    assert "Grantee Org" in page
    assert "Stranger Org" in page
    assert "Referral" in page


def test_the_case_page_leaves_out_a_stopped_share(web, owner_org, owner_admin, grantee_org):
    case = _case(owner_org, owner_admin)
    share = services.share_create(
        actor=owner_admin, case=case, organisation=grantee_org, valid_until=_days(30)
    )
    services.share_revoke(actor=owner_admin, share=share)
    page = web.as_user(owner_admin).get(f"/cases/{case.reference}/").content.decode()
    assert "Not shared with any organisation." in page


def test_a_partner_does_not_see_whom_else_the_case_is_shared_with(
    web, owner_org, owner_admin, grantee_org, grantee_caseworker
):
    case = _case(owner_org, owner_admin)
    services.share_create(
        actor=owner_admin, case=case, organisation=grantee_org, valid_until=_days(30)
    )
    page = web.as_user(grantee_caseworker).get(f"/cases/{case.reference}/").content.decode()
    assert "Shared with</h2>" not in page


def test_a_referral_offers_no_stop_sharing_on_the_share_page(
    web, owner_org, owner_admin, grantee_org
):
    case = _case(owner_org, owner_admin)
    services.referral_create(
        actor=owner_admin,
        case=case,
        to_organisation=grantee_org,
        reason="legal",
        valid_until=_days(30),
    )
    page = web.as_user(owner_admin).get(f"/cases/{case.reference}/share/").content.decode()
    assert "Stop sharing" not in page
    assert "Referral" in page


def test_the_grant_filter_speaks_the_readers_language(web, owner_org, owner_admin, grantee_admin):
    _grant(owner_org, owner_admin, grantee_admin)
    web.cookies["django_language"] = "th"
    page = web.as_user(grantee_admin).get("/sharing/").content.decode()
    assert "ที่ได้รับอนุมัติ" in page
    assert "Forced labour" not in page


def _referral(owner_org, owner_caseworker, grantee_org):
    return services.referral_create(
        actor=owner_caseworker,
        case=_case(owner_org, owner_caseworker),
        to_organisation=grantee_org,
        reason="legal",
        valid_until=_days(30),
    )


def test_declining_a_referral_needs_a_reason(
    web, owner_org, owner_caseworker, grantee_org, grantee_caseworker
):
    referral = _referral(owner_org, owner_caseworker, grantee_org)
    response = web.as_user(grantee_caseworker).post(
        f"/referrals/{referral.public_id}/decline/", {"reason": ""}
    )
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_the_sender_sees_the_decline_reason(
    web, owner_org, owner_caseworker, grantee_org, grantee_caseworker
):
    from django.test import Client

    referral = _referral(owner_org, owner_caseworker, grantee_org)
    web.as_user(grantee_caseworker).post(
        f"/referrals/{referral.public_id}/decline/",
        {"reason": "No legal aid lawyer free this month."},
    )
    sender = Client()
    sender.force_login(owner_caseworker)
    page = sender.get("/referrals/").content.decode()
    assert "No legal aid lawyer free this month." in page
    inbox = sender.get("/notifications/").content.decode()
    assert "declined your referral" in inbox


def test_the_decline_reason_is_stored_encrypted(
    owner_org, owner_caseworker, grantee_org, grantee_caseworker
):
    referral = _referral(owner_org, owner_caseworker, grantee_org)
    services.referral_transition(
        actor=grantee_caseworker,
        referral=referral,
        action="decline",
        reason="No legal aid lawyer free this month.",
    )
    referral.refresh_from_db()
    assert referral.decline_reason_ct
    assert "lawyer" not in referral.decline_reason_ct


def test_a_decline_reason_with_a_phone_number_is_refused(
    owner_org, owner_caseworker, grantee_org, grantee_caseworker
):
    from django.core.exceptions import ValidationError

    referral = _referral(owner_org, owner_caseworker, grantee_org)
    with pytest.raises(ValidationError):
        services.referral_transition(
            actor=grantee_caseworker,
            referral=referral,
            action="decline",
            reason="Call her on +855 12 345 678 instead.",
        )
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_reading_the_decline_reason_is_audited_for_the_decliner(
    web, owner_org, owner_caseworker, grantee_org, grantee_caseworker
):
    from coord.audit.models import AuditEvent

    referral = _referral(owner_org, owner_caseworker, grantee_org)
    services.referral_transition(
        actor=grantee_caseworker,
        referral=referral,
        action="decline",
        reason="No legal aid lawyer free this month.",
    )
    web.as_user(owner_caseworker).get("/referrals/")
    event = AuditEvent.objects.get(action="referral.decrypt")
    assert (event.organisation, event.details) == ("grantee-org", {"fields": ["decline_reason"]})


def test_the_end_date_input_offers_only_allowed_dates(web, owner_admin, settings):
    settings.COORD_MAX_GRANT_DAYS = 180
    page = web.as_user(owner_admin).get("/sharing/requests/new/").content.decode()
    assert f'max="{_days(180).isoformat()}"' in page
    assert f'min="{_days(1).isoformat()}"' in page
    assert "at most 180 days from today" in page


def test_the_approve_page_says_whether_the_narrative_is_shared(
    web, owner_org, owner_admin, grantee_admin
):
    req = services.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="narratives",
        valid_until=_days(30),
        purpose="Planning shelter places across the border.",
    )
    page = web.as_user(owner_admin).get(f"/sharing/requests/{req.public_id}/approve/")
    assert "asks for the narrative summaries too" in page.content.decode()
