"""Fault fixtures: clients that return what a user would get instead of re-raising the
exception behind a ``handler500`` answer (Django's test client does by default)."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient


@pytest.fixture
def web():
    class WebClient(Client):
        def as_user(self, user):
            self.force_login(user)
            return self

    return WebClient(raise_request_exception=False)


@pytest.fixture
def api():
    class Api(APIClient):
        def as_user(self, user):
            self.force_authenticate(user=user)
            return self

    return Api(raise_request_exception=False)


@pytest.fixture
def client():
    return Client(raise_request_exception=False)
