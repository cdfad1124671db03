"""/api/v1/cases/<reference>/shares/: one case with one partner, on guardian permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from coord.audit.models import AuditEvent
from coord.cases.models import CaseSummary
from sharing_policies.models import CaseShare
from tests.factories import member
from tests.sharing_policies.conftest import days

pytestmark = pytest.mark.django_db


def url(case) -> str:
    return f"/api/v1/cases/{case.reference}/shares/"


def share_body(**overrides) -> dict:
    data = {"organisation": "grantee-org", "valid_until": str(days(14)), "include_narrative": False}
    data.update(overrides)
    return data


def test_it_shares_a_case_and_audits(api, case, owner_caseworker, grantee_org):
    response = api.as_user(owner_caseworker).post(url(case), share_body(), format="json")
    assert response.status_code == 201
    assert response.json()["organisation"] == "grantee-org"
    event = AuditEvent.objects.get(action="share.create")
    assert event.details["share"] == response.json()["id"]
    assert event.object_id == case.reference


def test_it_creates_the_organisation_group_lazily_with_its_members(
    api, case, owner_caseworker, grantee_org, grantee_caseworker, grantee_admin
):
    assert not Group.objects.filter(name="org:grantee-org").exists()
    api.as_user(owner_caseworker).post(url(case), share_body(), format="json")
    group = Group.objects.get(name="org:grantee-org")
    assert set(group.user_set.values_list("username", flat=True)) == {
        "grantee.caseworker",
        "grantee.admin",
    }


def test_it_shows_a_shared_case_to_a_member_who_joined_later(
    api, case, owner_caseworker, grantee_org
):
    api.as_user(owner_caseworker).post(url(case), share_body(), format="json")
    newcomer = member(grantee_org, username="grantee.newcomer")
    assert api.as_user(newcomer).get(f"/api/v1/cases/{case.reference}/").status_code == 200


def test_it_lists_the_shares_of_a_case(api, case, make_share, owner_caseworker):
    share = make_share(case)
    response = api.as_user(owner_caseworker).get(url(case))
    assert [row["id"] for row in response.json()["results"]] == [str(share.public_id)]


def test_it_refuses_the_share_list_to_the_partner(api, case, make_share, grantee_admin):
    make_share(case)
    assert api.as_user(grantee_admin).get(url(case)).status_code == 403


def test_it_refuses_the_share_list_to_strangers(api, case, stranger_admin):
    assert api.as_user(stranger_admin).get(url(case)).status_code == 404


def test_it_refuses_to_share_a_case_without_share_consent(
    api, make_case, owner_caseworker, grantee_org
):
    case = make_case(consent="aggregate")
    response = api.as_user(owner_caseworker).post(url(case), share_body(), format="json")
    assert response.status_code == 400
    assert "case" in response.json()["fields"]
    assert not CaseShare.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"organisation": "owner-org"}, "organisation"),
        ({"organisation": "nobody"}, "organisation"),
        ({"valid_until": str(days(0))}, "valid_until"),
        ({"valid_until": str(days(500))}, "valid_until"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_it_refuses_bad_share_input(api, case, owner_caseworker, grantee_org, overrides, field):
    response = api.as_user(owner_caseworker).post(url(case), share_body(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_it_refuses_a_second_live_share_with_the_same_partner(
    api, case, make_share, owner_caseworker
):
    make_share(case)
    response = api.as_user(owner_caseworker).post(url(case), share_body(), format="json")
    assert response.status_code == 409


def test_it_revokes_a_share_and_the_partner_loses_the_case(
    api, case, make_share, owner_caseworker, grantee_caseworker
):
    share = make_share(case)
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 200
    )
    response = api.as_user(owner_caseworker).delete(f"{url(case)}{share.public_id}/")
    assert response.status_code == 204
    assert AuditEvent.objects.filter(action="share.revoke").exists()
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    )


def test_it_hides_an_expired_share_before_the_task_runs(api, case, make_share, grantee_caseworker):
    share = make_share(case)
    CaseShare.objects.filter(pk=share.pk).update(valid_until=days(-1))
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    )


def test_it_hides_a_shared_case_when_consent_is_withdrawn(
    api, case, make_share, grantee_caseworker
):
    make_share(case)
    CaseSummary.objects.filter(pk=case.pk).update(consent="none")
    assert (
        api.as_user(grantee_caseworker).get(f"/api/v1/cases/{case.reference}/").status_code == 404
    )


def test_it_answers_404_for_a_share_of_another_case(api, make_case, make_share, owner_caseworker):
    first, second = make_case(), make_case()
    share = make_share(first)
    response = api.as_user(owner_caseworker).delete(f"{url(second)}{share.public_id}/")
    assert response.status_code == 404


def test_it_shows_the_narrative_only_with_include_narrative(
    api, make_case, make_share, grantee_caseworker
):
    plain, told = make_case(), make_case()
    make_share(plain)
    make_share(told, include_narrative=True)
    client = api.as_user(grantee_caseworker)
    assert "summary" not in client.get(f"/api/v1/cases/{plain.reference}/").json()
    assert client.get(f"/api/v1/cases/{told.reference}/").json()["summary"]
    assert AuditEvent.objects.filter(action="case.decrypt", object_id=told.reference).exists()
    assert not AuditEvent.objects.filter(action="case.decrypt", object_id=plain.reference).exists()
