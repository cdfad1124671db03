"""Refusals name the kind and position, never the matched value; API offsets are numbers."""

from __future__ import annotations

import json

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from coord.pii.fields import PiiGuardedCharField
from coord.pii.validation import pii_errors, validate_no_pii

PHONE = "081 234 5678"
TEXT = f"The broker asked her to call him back on {PHONE} after dark."


def test_it_describes_a_finding_without_its_value() -> None:
    [error] = pii_errors(TEXT)
    assert error["code"] == "pii_detected"
    assert error["kind"] == "phone_number"
    assert (error["start"], error["end"]) == (41, 53)
    assert "phone number" in error["message"] and "41" in error["message"]
    assert PHONE not in json.dumps(error) and "5678" not in json.dumps(error)


def test_it_returns_no_errors_for_clean_text() -> None:
    assert pii_errors("She was 17 and owed 45,000 baht in October 2025.") == []


class _Input(serializers.Serializer):
    summary = PiiGuardedCharField(max_length=4000)


class _View(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def post(self, request):
        data = _Input(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"ok": True})


def _post(payload: dict) -> Response:
    request = APIRequestFactory().post("/x/", payload, format="json")
    response = _View.as_view()(request)
    response.render()
    return response


def test_it_refuses_a_guarded_field_with_a_400_in_the_agreed_shape() -> None:
    response = _post({"summary": TEXT})
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["fields"]["summary"][0]["code"] == "pii_detected"
    assert body["fields"]["summary"][0]["kind"] == "phone_number"
    assert body["fields"]["summary"][0]["start"] == 41 and body["fields"]["summary"][0]["end"] == 53


def test_it_never_echoes_the_rejected_value_in_the_api_error() -> None:
    response = _post({"summary": f"Write to sokha88@gmail.com or call {PHONE}."})
    assert response.status_code == 400
    content = response.content.decode()
    assert "sokha88" not in content and PHONE not in content and "gmail" not in content


def test_it_accepts_clean_text_in_a_guarded_field() -> None:
    assert _post({"summary": "She was recruited online in March 2024."}).status_code == 200


def test_it_refuses_pii_in_a_web_form_without_echo() -> None:
    class Form(forms.Form):
        summary = forms.CharField(validators=[validate_no_pii])

    form = Form(data={"summary": TEXT})
    assert not form.is_valid()
    [message] = form.errors["summary"]
    assert "phone number" in message and "41" in message and PHONE not in message


def test_it_raises_a_coded_django_validation_error() -> None:
    with pytest.raises(ValidationError) as info:
        validate_no_pii("mail me at a.b@example.org")
    assert [e.code for e in info.value.error_list] == ["pii_detected"]


def test_it_lets_a_web_form_keep_clean_text() -> None:
    validate_no_pii("He worked 18 hours a day on a fishing boat.")
