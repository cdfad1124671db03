"""sharing_policies.access.cases: the single access helper for cases."""

from __future__ import annotations

import pytest

from coord.audit.models import AuditEvent
from coord.lib.errors import Forbidden, NotFound
from sharing_policies.access import cases as policy
from tests.factories import member, readable_fields

pytestmark = pytest.mark.django_db


def test_it_shows_members_their_organisations_cases(owner_caseworker, case):
    assert list(policy.visible_cases(owner_caseworker)) == [case]


def test_it_hides_cases_from_other_organisations(stranger_caseworker, grantee_admin, case):
    assert not policy.visible_cases(stranger_caseworker).exists()
    assert not policy.visible_cases(grantee_admin).exists()


def test_it_hides_every_case_from_coordinators(network_coordinator, case):
    assert not policy.visible_cases(network_coordinator).exists()
    assert not policy.can_list_cases(network_coordinator)


def test_it_refuses_an_unknown_scope(owner_caseworker):
    with pytest.raises(ValueError):
        policy.visible_cases(owner_caseworker, scope="everything")


def test_it_returns_a_visible_case(owner_caseworker, case):
    assert policy.case_access(owner_caseworker, case.reference).case == case


def test_it_raises_404_for_an_outsider_and_audits_it_under_the_callers_organisation(
    stranger_caseworker, case
):
    with pytest.raises(NotFound):
        policy.case_access(stranger_caseworker, case.reference)
    event = AuditEvent.objects.get(action="case.read_denied", outcome="denied")
    assert (event.organisation, event.details) == ("stranger-org", {"owner": "owner-org"})


def test_it_raises_404_for_a_missing_case_and_audits_it_the_same_way(owner_caseworker):
    with pytest.raises(NotFound):
        policy.case_access(owner_caseworker, "C-ZZZZZZZZZZ")
    event = AuditEvent.objects.get(action="case.read_denied", outcome="denied")
    assert (event.organisation, event.object_id, event.details) == (
        "owner-org",
        "C-ZZZZZZZZZZ",
        {"owner": ""},
    )


def test_it_keeps_a_reference_that_is_not_shaped_like_one_out_of_the_log(owner_caseworker):
    with pytest.raises(NotFound):
        policy.case_access(owner_caseworker, "Nguyen Thi Lan")
    assert AuditEvent.objects.get(action="case.read_denied").object_id == ""


def test_it_lets_owner_members_edit(owner_caseworker, owner_admin, case):
    assert policy.case_access(owner_caseworker, case.reference, action="update").may("update")
    assert policy.case_access(owner_admin, case.reference, action="update").may("update")


def test_it_refuses_edits_by_outsiders(stranger_admin, network_coordinator, case):
    for user in (stranger_admin, network_coordinator):
        with pytest.raises(NotFound):
            policy.case_access(user, case.reference, action="update")


def test_it_lets_admins_and_the_author_delete(owner_admin, owner_caseworker, case):
    assert policy.case_access(owner_admin, case.reference).may("delete")
    assert policy.case_access(owner_caseworker, case.reference).may("delete")


def test_it_refuses_deletion_by_other_caseworkers(owner_org, case):
    colleague = member(owner_org, "caseworker", "colleague")
    assert not policy.case_access(colleague, case.reference).may("delete")
    with pytest.raises(Forbidden):
        policy.case_access(colleague, case.reference, action="delete")


def test_it_gives_owner_members_every_field(owner_caseworker, case):
    fields = readable_fields(owner_caseworker, case)
    assert {"summary", "notes", "exploitation_types", "reported_month"} <= fields


def test_it_gives_outsiders_no_field(stranger_caseworker, network_coordinator, case):
    assert readable_fields(stranger_caseworker, case) == set()
    assert readable_fields(network_coordinator, case) == set()


def test_it_refuses_inactive_users(owner_caseworker, case):
    owner_caseworker.is_active = False
    owner_caseworker.save()
    fresh = type(owner_caseworker).objects.get(pk=owner_caseworker.pk)
    with pytest.raises(NotFound):
        policy.case_access(fresh, case.reference)
