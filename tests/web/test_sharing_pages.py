"""Sharing pages over sharing_policies: request, approve (narrower), see shared cases with
the grant and its end date, revoke; single-case shares and referrals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from coord.audit.models import AuditEvent
from coord.cases.services import case_create
from coord.cases.validation import current_month
from sharing_policies.models import AccessRequest, CaseShare, Referral, SharingGrant

pytestmark = pytest.mark.django_db


def _until(days=30):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def _case(org, user, **data):
    values = {"reported_month": current_month(), "region": "KH-12", "consent": "share", **data}
    return case_create(actor=user, organisation=org, data=values)


def _ask(web, admin, to="owner-org", **extra):
    data = {"to_organisation": to, "scope": "summaries", "valid_until": _until(), **extra}
    return web.as_user(admin).post(reverse("web:access-request-new"), data)


def test_it_sends_an_access_request(web, grantee_admin, owner_org):
    response = _ask(web, grantee_admin, purpose="Coordinating shelter places.")
    assert response.status_code == 302
    obj = AccessRequest.objects.get()
    assert obj.from_organisation.slug == "grantee-org"
    assert obj.to_organisation.slug == "owner-org"
    assert obj.purpose_ct and "shelter" not in obj.purpose_ct


def test_it_refuses_an_identifier_in_the_purpose(web, grantee_admin, owner_org):
    response = _ask(web, grantee_admin, purpose="Call me on +855 12 345 678")
    assert response.status_code == 200
    assert "purpose" in response.context["form"].errors
    assert not AccessRequest.objects.exists()


def test_it_refuses_the_sharing_page_to_caseworkers(web, grantee_caseworker):
    assert web.as_user(grantee_caseworker).get(reverse("web:sharing")).status_code == 403


def test_it_approves_narrower_and_the_grantee_sees_the_case(
    web, grantee_admin, grantee_caseworker, owner_admin, owner_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker, exploitation_types=["forced_labour"])
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-approve", args=[obj.public_id])
    web.as_user(owner_admin)
    assert web.get(url).status_code == 200
    earlier = _until(10)
    response = web.post(url, {"fields": ["region", "exploitation_types"], "valid_until": earlier})
    assert response.status_code == 302
    grant = SharingGrant.objects.get()
    assert grant.fields == ["exploitation_types", "region"]
    assert grant.valid_until.isoformat() == earlier

    page = web.as_user(grantee_caseworker).get(reverse("web:shared-list"))
    html = page.content.decode()
    assert case.reference in html
    assert earlier in html
    page_read = AuditEvent.objects.get(action="case.list_read", actor_username="grantee.caseworker")
    assert page_read.details["references"] == [case.reference]


def test_it_refuses_approval_by_the_requesting_side(web, grantee_admin, owner_org):
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-approve", args=[obj.public_id])
    assert web.post(url, {"valid_until": _until(5)}).status_code == 403
    assert not SharingGrant.objects.exists()


def test_it_hides_a_request_from_a_stranger(web, grantee_admin, stranger_admin, owner_org):
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-approve", args=[obj.public_id])
    assert web.as_user(stranger_admin).get(url).status_code == 404


def test_it_revokes_after_confirmation_and_the_case_disappears(
    web, grantee_admin, grantee_caseworker, owner_admin, owner_caseworker, owner_org
):
    case = _case(owner_org, owner_caseworker)
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    web.as_user(owner_admin).post(
        reverse("web:access-request-approve", args=[obj.public_id]), {"valid_until": _until()}
    )
    grant = SharingGrant.objects.get()
    url = reverse("web:grant-revoke", args=[grant.public_id])
    assert "Yes, revoke" in web.get(url).content.decode()
    assert SharingGrant.objects.get().revoked_at is None
    assert web.post(url).status_code == 302
    assert SharingGrant.objects.get().revoked_at is not None
    html = web.as_user(grantee_caseworker).get(reverse("web:shared-list")).content.decode()
    assert case.reference not in html
    detail = web.get(reverse("web:case-detail", args=[case.reference]))
    assert detail.status_code == 404


def test_it_denies_with_a_reason(web, grantee_admin, owner_admin, owner_org):
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-deny", args=[obj.public_id])
    assert web.as_user(owner_admin).post(url, {"reason": "Not now."}).status_code == 302
    assert AccessRequest.objects.get().status == "denied"


def test_it_shows_the_requester_the_decrypted_deny_reason_and_audits_it(
    web, grantee_admin, owner_admin, owner_org
):
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-deny", args=[obj.public_id])
    web.as_user(owner_admin).post(url, {"reason": "Outside our mandate."})
    assert "Outside our mandate." not in AccessRequest.objects.get().deny_reason_ct
    html = web.as_user(grantee_admin).get(reverse("web:sharing")).content.decode()
    assert "Outside our mandate." in html
    decrypts = AuditEvent.objects.filter(action="access_request.decrypt")
    assert [e.details["fields"] for e in decrypts] == [["deny_reason"]]


def test_it_withdraws_an_own_request(web, grantee_admin, owner_org):
    _ask(web, grantee_admin)
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-withdraw", args=[obj.public_id])
    assert web.post(url).status_code == 302
    assert AccessRequest.objects.get().status == "withdrawn"


def test_it_shares_one_case_and_shows_it_with_its_end_date(
    web, owner_caseworker, grantee_caseworker, owner_org, grantee_org
):
    case = _case(owner_org, owner_caseworker)
    until = _until(7)
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-share", args=[case.reference]),
        {"organisation": "grantee-org", "valid_until": until},
    )
    assert response.status_code == 302
    assert CaseShare.objects.filter(case=case).exists()
    html = web.as_user(grantee_caseworker).get(reverse("web:shared-list")).content.decode()
    assert case.reference in html
    assert until in html


def test_it_refuses_sharing_a_case_without_share_consent(
    web, owner_caseworker, owner_org, grantee_org
):
    case = _case(owner_org, owner_caseworker, consent="aggregate")
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-share", args=[case.reference]),
        {"organisation": "grantee-org", "valid_until": _until(7)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CaseShare.objects.exists()


def test_it_refers_a_case_and_the_partner_accepts(
    web, owner_caseworker, grantee_caseworker, owner_org, grantee_org
):
    case = _case(owner_org, owner_caseworker)
    response = web.as_user(owner_caseworker).post(
        reverse("web:referral-new", args=[case.reference]),
        {"to_organisation": "grantee-org", "reason": "shelter", "valid_until": _until(14)},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    web.as_user(grantee_caseworker)
    assert case.reference in web.get(reverse("web:referrals")).content.decode()
    assert web.post(reverse("web:referral-accept", args=[referral.public_id])).status_code == 302
    assert Referral.objects.get().status == "accepted"


def test_it_refuses_a_referral_action_to_the_sender(web, owner_caseworker, owner_org, grantee_org):
    case = _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker).post(
        reverse("web:referral-new", args=[case.reference]),
        {"to_organisation": "grantee-org", "reason": "shelter", "valid_until": _until(14)},
    )
    referral = Referral.objects.get()
    response = web.post(reverse("web:referral-accept", args=[referral.public_id]))
    assert response.status_code == 403
    assert Referral.objects.get().status == "pending"


def test_it_approves_as_asked_without_marking_it_narrowed(
    web, grantee_admin, owner_admin, owner_org
):
    _ask(
        web,
        grantee_admin,
        exploitation_types=["forced_labour"],
        reported_from="2025-01",
        fields=["region"],
    )
    obj = AccessRequest.objects.get()
    url = reverse("web:access-request-approve", args=[obj.public_id])
    web.as_user(owner_admin)
    initial = web.get(url).context["form"].initial
    data = {
        "fields": initial["fields"],
        "exploitation_types": initial["exploitation_types"],
        "reported_from": "2025-01",
        "valid_until": initial["valid_until"].isoformat(),
    }
    assert web.post(url, data).status_code == 302
    grant = SharingGrant.objects.get()
    assert grant.fields == ["region"]
    assert grant.filter == {"exploitation_types": ["forced_labour"], "reported_from": "2025-01"}
    event = AuditEvent.objects.get(action="grant.approve")
    assert event.details["narrowed"] is False


def test_it_puts_a_pending_request_on_the_admin_home(web, grantee_admin, owner_admin, owner_org):
    _ask(web, grantee_admin)
    html = web.as_user(owner_admin).get("/").content.decode()
    assert "access request to answer" in html


def test_it_puts_an_incoming_referral_on_the_caseworker_home(
    web, owner_caseworker, grantee_caseworker, owner_org, grantee_org
):
    case = _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker).post(
        reverse("web:referral-new", args=[case.reference]),
        {"to_organisation": "grantee-org", "reason": "shelter", "valid_until": _until(14)},
    )
    html = web.as_user(grantee_caseworker).get("/").content.decode()
    assert "incoming referral to answer" in html


def _shared_then_referred(web, owner_caseworker, owner_org, grantee_org, **extra):
    case = _case(owner_org, owner_caseworker)
    web.as_user(owner_caseworker).post(
        reverse("web:case-share", args=[case.reference]),
        {"organisation": "grantee-org", "valid_until": _until(7)},
    )
    data = {"to_organisation": "grantee-org", "reason": "shelter", "valid_until": _until(14)}
    response = web.post(reverse("web:referral-new", args=[case.reference]), {**data, **extra})
    return case, response


def test_a_referral_to_a_partner_already_shared_with_offers_to_turn_the_share_into_it(
    web, owner_caseworker, owner_org, grantee_org
):
    _, response = _shared_then_referred(web, owner_caseworker, owner_org, grantee_org)
    assert response.status_code == 200
    assert response.context["existing_share"] is not None
    assert 'name="convert_share" value="1"' in response.content.decode()
    assert not Referral.objects.exists()


def test_turning_the_share_into_a_referral_is_one_step(
    web, owner_caseworker, owner_org, grantee_org
):
    _, response = _shared_then_referred(
        web, owner_caseworker, owner_org, grantee_org, convert_share="1"
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    old = CaseShare.objects.get(referral__isnull=True)
    assert old.revoked_at is not None
    assert referral.share.revoked_at is None
    event = AuditEvent.objects.filter(action="referral.create").latest("seq")
    assert event.details["replaces_share"] == str(old.public_id)


def test_a_case_already_referred_is_not_offered_a_conversion(
    web, owner_caseworker, owner_org, grantee_org
):
    case = _case(owner_org, owner_caseworker)
    data = {"to_organisation": "grantee-org", "reason": "shelter", "valid_until": _until(14)}
    url = reverse("web:referral-new", args=[case.reference])
    web.as_user(owner_caseworker).post(url, data)
    response = web.post(url, {**data, "convert_share": "1"})
    assert response.status_code == 200
    assert response.context["existing_share"] is None
    assert response.context["form"].non_field_errors()
    assert Referral.objects.count() == 1
