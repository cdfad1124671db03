"""Shared fixtures: three organisations (owner, grantee, stranger) with a caseworker and an
admin each, a network coordinator, and API clients signed in as any of them."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from coord.organisations.models import Role
from tests.factories import OrganisationFactory, coordinator, member

TEST_PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres`` need PostgreSQL; ``worker`` ones need a broker and a worker."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    has_broker = not settings.CELERY_TASK_ALWAYS_EAGER
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)"))
        if "worker" in item.keywords and not has_broker:
            item.add_marker(pytest.mark.skip(reason="needs CELERY_BROKER_URL and a worker"))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def owner_org(db):
    return OrganisationFactory(slug="owner-org", country="KH")


@pytest.fixture
def grantee_org(db):
    return OrganisationFactory(slug="grantee-org", country="TH")


@pytest.fixture
def stranger_org(db):
    return OrganisationFactory(slug="stranger-org", country="VN")


@pytest.fixture
def owner_caseworker(owner_org):
    return member(owner_org, Role.CASEWORKER, "owner.caseworker")


@pytest.fixture
def owner_admin(owner_org):
    return member(owner_org, Role.ADMIN, "owner.admin")


@pytest.fixture
def grantee_caseworker(grantee_org):
    return member(grantee_org, Role.CASEWORKER, "grantee.caseworker")


@pytest.fixture
def grantee_admin(grantee_org):
    return member(grantee_org, Role.ADMIN, "grantee.admin")


@pytest.fixture
def stranger_caseworker(stranger_org):
    return member(stranger_org, Role.CASEWORKER, "stranger.caseworker")


@pytest.fixture
def stranger_admin(stranger_org):
    return member(stranger_org, Role.ADMIN, "stranger.admin")


@pytest.fixture
def network_coordinator(db):
    return coordinator("network.coord")


@pytest.fixture
def api():
    """An API client; ``api.as_user(user)`` signs it in."""

    class Client(APIClient):
        def as_user(self, user):
            self.force_authenticate(user=user)
            return self

    return Client()
