"""``manage.py verify_encrypted``: the restore drill's check that every value decrypts."""

from __future__ import annotations

import base64
import os
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coord.cases.services import case_create
from coord.crypto.keys import clear_key_cache


@pytest.fixture
def two_cases(owner_org, owner_caseworker):
    for _ in range(2):
        case_create(
            actor=owner_caseworker,
            organisation=owner_org,
            data={
                "reported_month": date(2025, 3, 1),
                "region": "KH-12",
                "summary": "Recruited through an online job advert for factory work.",
                "notes": "Follow up next month.",
            },
        )


def test_it_counts_every_value_that_decrypts(two_cases):
    out = StringIO()
    call_command("verify_encrypted", stdout=out)
    assert out.getvalue().strip() == "decrypted 4, failed 0, shredded 0"


def test_it_fails_when_the_master_key_does_not_match(two_cases, settings):
    settings.COORD_MASTER_KEY = base64.urlsafe_b64encode(os.urandom(32)).decode()
    clear_key_cache()
    with pytest.raises(CommandError, match="failed 4"):
        call_command("verify_encrypted", stdout=StringIO())
