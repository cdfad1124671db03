"""``manage.py grant_coordinator USERNAME``: the operator's way to appoint a coordinator."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from coord.audit.models import AuditEvent
from coord.organisations.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_it_makes_an_account_a_coordinator_and_audits_it():
    user = get_user_model().objects.create_user("network.lead", password="x-long-passphrase")
    call_command("grant_coordinator", "network.lead")
    assert Membership.objects.get(user=user).role == Role.COORDINATOR
    assert AuditEvent.objects.filter(action="member.appoint_coordinator").exists()


def test_it_refuses_a_member_of_an_organisation(owner_caseworker):
    with pytest.raises(CommandError):
        call_command("grant_coordinator", "owner.caseworker")
    assert Membership.objects.get(user=owner_caseworker).role == Role.CASEWORKER


def test_it_refuses_an_unknown_username(db):
    with pytest.raises(CommandError):
        call_command("grant_coordinator", "nobody-here")
