"""Fuzzing every parser entry point with raw bytes (hypothesis): the API's JSON parser on its
own, JSON bodies anonymous and signed in, web form bodies (urlencoded and multipart) and query
strings. The one property: never a server error. Bounded by FUZZ_PARSER_EXAMPLES per test."""

from __future__ import annotations

import io
import json
import os
from urllib.parse import quote_from_bytes

import pytest
from django.core.exceptions import RequestDataTooBig
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.exceptions import APIException

from coord.lib.parsers import BoundedJSONParser, json_depth_exceeds

EXAMPLES = int(os.environ.get("FUZZ_PARSER_EXAMPLES", "60"))
HTTP = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=40,
)
# Raw bytes, JSON that is almost right, and shapes aimed at the depth check.
hostile_bodies = st.one_of(
    st.binary(max_size=2048),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.tuples(json_values, st.binary(max_size=16), st.integers(0, 200)).map(
        lambda t: json.dumps(t[0]).encode()[: t[2]] + t[1]
    ),
    st.tuples(st.sampled_from('[{"\\'), st.integers(1, 4000)).map(lambda t: (t[0] * t[1]).encode()),
    st.integers(60, 3000).map(lambda n: ('{"a":' * n + "1" + "}" * n).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-16",
        "application/json; charset=nonsense",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "multipart/form-data",
        "text/plain",
        "",
    ]
)


def _depth(value) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


@pytest.fixture
def no_throttles(monkeypatch, settings):
    """Every example reaches the parser: no rate limit or lockout answers first."""
    from rest_framework.throttling import SimpleRateThrottle

    rates = {"login": "1000000/min", "pii_write": "1000000/min", "export": "1000000/hour"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    settings.AXES_ENABLED = False


def _client(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


@settings(max_examples=EXAMPLES * 8, deadline=None, database=None)
@given(value=json_values, limit=st.integers(1, 8))
def test_it_measures_json_depth_exactly_whatever_the_strings_hold(value, limit):
    assert json_depth_exceeds(json.dumps(value), limit) == (_depth(value) > limit)


@settings(max_examples=EXAMPLES * 8, deadline=None, database=None)
@given(body=hostile_bodies, charset=st.sampled_from(["utf-8", "utf-16", "latin-1", "bogus"]))
def test_it_parses_or_refuses_any_bytes_in_the_json_parser(body, charset):
    from django.test import override_settings

    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=4096):
        try:
            result = BoundedJSONParser().parse(
                io.BytesIO(body), "application/json", {"encoding": charset}
            )
        except (APIException, RequestDataTooBig):
            return
    assert isinstance(result, dict | list)


@pytest.mark.django_db
@HTTP
@given(body=hostile_bodies, content_type=content_types)
def test_it_never_answers_a_server_error_to_anonymous_bodies(no_throttles, body, content_type):
    response = _client().generic("POST", "/api/v1/auth/token/", body, content_type=content_type)
    assert response.status_code < 500


@pytest.mark.django_db
@HTTP
@given(
    body=hostile_bodies,
    content_type=content_types,
    path=st.sampled_from(
        ["/api/v1/access-requests/", "/api/v1/cases/", "/api/v1/trend-observations/"]
    ),
)
def test_it_never_answers_a_server_error_to_signed_in_bodies(
    no_throttles, owner_admin, body, content_type, path
):
    response = _client(owner_admin).generic("POST", path, body, content_type=content_type)
    assert response.status_code < 500


@pytest.mark.django_db
@HTTP
@given(
    body=hostile_bodies,
    content_type=content_types,
    path=st.sampled_from(
        ["/login/", "/cases/new/", "/sharing/requests/new/", "/trends/observations/new/"]
    ),
)
def test_it_never_answers_a_server_error_to_web_form_bodies(
    no_throttles, owner_admin, body, content_type, path
):
    client = _client(None if path == "/login/" else owner_admin)
    response = client.generic("POST", path, body, content_type=content_type)
    assert response.status_code < 500


@pytest.mark.django_db
@HTTP
@given(
    raw=st.binary(max_size=512),
    path=st.sampled_from(
        ["/api/v1/cases/", "/api/v1/audit/events/", "/cases/", "/trends/explore/"]
    ),
)
def test_it_never_answers_a_server_error_to_query_strings(no_throttles, owner_admin, raw, path):
    query = quote_from_bytes(raw, safe=b"=&;%+")
    response = _client(owner_admin).get(f"{path}?{query}")
    assert response.status_code < 500
