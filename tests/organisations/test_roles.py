import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coord.organisations.models import Membership, Role
from coord.organisations.selectors import organisation_of, role_of
from coord.organisations.services import coordinator_appoint
from tests.factories import UserFactory


def test_it_resolves_a_caseworker_with_their_organisation(owner_caseworker, owner_org):
    assert role_of(owner_caseworker) == Role.CASEWORKER
    assert organisation_of(owner_caseworker) == owner_org


def test_it_resolves_an_admin(owner_admin):
    assert role_of(owner_admin) == Role.ADMIN


def test_it_resolves_a_coordinator_with_no_organisation(network_coordinator):
    assert role_of(network_coordinator) == Role.COORDINATOR
    assert organisation_of(network_coordinator) is None


def test_it_gives_no_role_to_a_user_without_membership(db):
    assert role_of(UserFactory()) is None


def test_it_gives_no_role_to_a_deactivated_member(owner_caseworker):
    owner_caseworker.is_active = False
    assert role_of(owner_caseworker) is None


def test_it_refuses_to_appoint_a_member_as_coordinator(owner_caseworker):
    with pytest.raises(ValidationError):
        coordinator_appoint(actor=None, user=owner_caseworker)


def test_it_refuses_a_coordinator_row_with_an_organisation_at_database_level(owner_org):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=UserFactory(), organisation=owner_org, role=Role.COORDINATOR)


def test_it_refuses_a_second_membership_for_one_user(owner_caseworker, grantee_org):
    with pytest.raises(IntegrityError):
        Membership.objects.create(
            user=owner_caseworker, organisation=grantee_org, role=Role.CASEWORKER
        )
