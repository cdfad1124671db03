"""Bad input is a 4xx, always: deeply nested or oversized JSON, too many query or form
fields, malformed bodies, anonymous or signed in, API or web page (issue 23)."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from coord.lib.parsers import TOO_DEEP

pytestmark = pytest.mark.django_db

DEEP = "[" * 3000 + "]" * 3000
MANY_FIELDS = "&".join(f"f{i}=1" for i in range(1500))


def _client(user=None) -> Client:
    """A test client that answers a server error with its 500 page instead of raising."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def _post_json(client: Client, path: str, body: str | bytes, **extra):
    return client.post(path, body, content_type="application/json", **extra)


def test_it_refuses_deeply_nested_json_to_the_anonymous_token_endpoint():
    response = _post_json(_client(), "/api/v1/auth/token/", DEEP)
    assert response.status_code == 400
    assert response.json() == {"code": "parse_error", "detail": TOO_DEEP}


def test_it_refuses_deeply_nested_json_inside_an_object():
    body = '{"username": ' + "{" * 3000 + "}" * 3000 + ', "password": "x"}'
    response = _post_json(_client(), "/api/v1/auth/token/", body)
    assert (response.status_code, response.json()) == (
        400,
        {"code": "parse_error", "detail": TOO_DEEP},
    )


def test_it_refuses_deeply_nested_json_from_a_signed_in_admin(owner_admin):
    response = _post_json(_client(owner_admin), "/api/v1/access-requests/", DEEP)
    assert (response.status_code, response.json()) == (
        400,
        {"code": "parse_error", "detail": TOO_DEEP},
    )


def test_it_refuses_one_level_past_the_limit(settings, owner_admin):
    settings.COORD_JSON_MAX_DEPTH = 5
    body = json.dumps({"a": [[[[{"b": 1}]]]]})  # six levels
    response = _post_json(_client(owner_admin), "/api/v1/access-requests/", body)
    assert (response.status_code, response.json()) == (
        400,
        {"code": "parse_error", "detail": TOO_DEEP},
    )


def test_it_accepts_nesting_at_the_limit(settings, owner_admin):
    settings.COORD_JSON_MAX_DEPTH = 5
    body = json.dumps({"a": [[[{"b": 1}]]]})  # five levels: parsed, then validated
    response = _post_json(_client(owner_admin), "/api/v1/access-requests/", body)
    assert response.status_code == 400
    assert response.json() != {"detail": TOO_DEEP}


def test_it_is_not_fooled_by_brackets_inside_strings():
    body = json.dumps({"username": "[" * 5000 + '\\"{' * 100, "password": "x"})
    response = _post_json(_client(), "/api/v1/auth/token/", body)
    assert response.status_code in (400, 401)
    assert response.json() != {"detail": TOO_DEEP}


def test_it_refuses_an_oversized_json_body_to_the_anonymous_token_endpoint(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = json.dumps({"username": "a" * 5000, "password": "x"})
    assert _post_json(_client(), "/api/v1/auth/token/", body).status_code == 413


@pytest.mark.parametrize(
    ("body", "charset"),
    [(b'{"username": "\xff\xfe"}', "utf-8"), (b'{"a": 1}', "no-such-charset")],
)
def test_it_refuses_an_undecodable_json_body_with_400(body, charset):
    response = _client().generic(
        "POST", "/api/v1/auth/token/", body, content_type=f"application/json; charset={charset}"
    )
    assert response.status_code == 400


def test_it_turns_an_unexpected_parser_failure_into_400(monkeypatch, owner_admin):
    def explode(*args, **kwargs):
        raise RuntimeError("a parser bug")

    monkeypatch.setattr("rest_framework.parsers.json.load", explode)
    response = _post_json(_client(owner_admin), "/api/v1/access-requests/", "{}")
    assert response.status_code == 400
    assert "parser bug" not in response.content.decode()


def test_it_refuses_too_many_query_parameters_on_the_api_with_json(owner_caseworker):
    response = _client(owner_caseworker).get(f"/api/v1/cases/?{MANY_FIELDS}")
    assert response.status_code == 400
    assert response.json() == {
        "code": "too_many_parameters",
        "detail": "Too many parameters in the request.",
    }


def test_it_refuses_too_many_query_parameters_anonymously():
    response = _client().get(f"/login/?{MANY_FIELDS}")
    assert response.status_code == 400
    assert "Too many parameters" in response.content.decode()


def test_it_refuses_too_many_query_parameters_on_a_web_page(owner_caseworker):
    response = _client(owner_caseworker).get(f"/cases/?{MANY_FIELDS}")
    assert response.status_code == 400
    assert "Too many parameters" in response.content.decode()


def test_it_refuses_too_many_form_fields_on_the_sign_in_page():
    response = _client().post(
        "/login/", MANY_FIELDS, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Too many parameters" in response.content.decode()


def test_it_refuses_too_many_form_fields_on_a_signed_in_form(owner_caseworker):
    response = _client(owner_caseworker).post(
        "/cases/new/", MANY_FIELDS, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "Too many parameters" in response.content.decode()


def test_it_sends_the_security_headers_on_a_refusal_page():
    response = _client().get(f"/login/?{MANY_FIELDS}")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"


def test_it_refuses_an_oversized_form_body_with_413(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2048
    body = "username=" + "a" * 5000 + "&password=x"
    response = _client().post("/login/", body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413


def test_it_refuses_a_malformed_multipart_body_with_400(owner_caseworker):
    response = _client(owner_caseworker).post(
        "/cases/new/",
        b"--x\r\nContent-Disposition: form-data\r\n\r\nno name\r\n--x--\r\n",
        content_type="multipart/form-data",  # no boundary parameter
    )
    assert response.status_code == 400


def test_it_answers_too_many_form_fields_to_the_api_with_a_4xx(owner_admin):
    response = _client(owner_admin).post(
        "/api/v1/access-requests/", MANY_FIELDS, content_type="application/x-www-form-urlencoded"
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_it_answers_a_parser_refusal_with_json_under_the_api(rf):
    """``handler400``: whatever a parser refuses after the middleware is JSON under /api/."""
    from django.core.exceptions import TooManyFieldsSent

    from coord.lib.refusals import bad_request

    response = bad_request(rf.get("/api/v1/cases/"), TooManyFieldsSent("x"))
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "code": "too_many_parameters",
        "detail": "Too many parameters in the request.",
    }


class _Trickle:
    """A stream that hands out at most 100 bytes per read, as a socket may."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        size = 100 if size < 0 else min(size, 100)
        chunk, self.data = self.data[:size], self.data[size:]
        return chunk


def test_it_bounds_a_body_that_arrives_in_small_pieces():
    from django.core.exceptions import RequestDataTooBig

    from coord.lib.parsers import read_bounded

    assert read_bounded(_Trickle(b"x" * 1000), 1000) == b"x" * 1000
    with pytest.raises(RequestDataTooBig):
        read_bounded(_Trickle(b"x" * 1001), 1000)
