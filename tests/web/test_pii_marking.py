"""When the PII guard refuses a text on a web form, the page shows the user's own text
with the refused span in <mark> and the kind named, instead of character positions. The
echo goes only to the same user on the same form, HTML-escaped, never logged or stored."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from coord.cases.models import CaseSummary
from coord.cases.validation import current_month, format_month
from coord.web.forms import pii_marked_segments
from sharing_policies.models import AccessRequest
from tests.sharing_policies.conftest import days
from tests.web.test_case_pages import _form

pytestmark = pytest.mark.django_db
PHONE = "012 345 678"


def _marked_block(html: str) -> str:
    block = html[html.index('class="pii-marked"') :]
    return block[: block.index("</div>")]


def test_it_marks_the_refused_phone_number_in_the_case_summary(web, owner_caseworker):
    summary = f"Her brother can be reached on {PHONE} most days."
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(summary=summary)
    )
    block = _marked_block(response.content.decode())
    assert f'<mark title="phone number">{PHONE}</mark>' in block
    assert "Her brother can be reached on " in block
    assert not CaseSummary.objects.exists()


def test_it_names_the_kind_without_character_positions(web, owner_caseworker):
    summary = f"Call {PHONE} today."
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(summary=summary)
    )
    [error] = response.context["form"].errors["summary"]
    assert "phone number" in error
    assert "characters" not in error and "5-16" not in error


def test_it_escapes_the_echoed_text(web, owner_caseworker):
    summary = f"<script>alert(1)</script> call {PHONE} <b>now</b>"
    response = web.as_user(owner_caseworker).post(reverse("web:case-create"), _form(notes=summary))
    block = _marked_block(response.content.decode())
    assert "<script>" not in block and "<b>" not in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    assert f'<mark title="phone number">{PHONE}</mark>' in block


def test_it_does_not_log_the_refused_text(web, owner_caseworker, caplog):
    summary = f"Reach her on {PHONE}."
    with caplog.at_level(logging.DEBUG):
        web.as_user(owner_caseworker).post(reverse("web:case-create"), _form(summary=summary))
    assert PHONE not in caplog.text


def test_it_shows_no_marked_block_for_a_clean_text_with_another_error(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(reverse("web:case-create"), _form(region="XX-99"))
    assert response.status_code == 200
    assert 'class="pii-marked"' not in response.content.decode()


def test_it_marks_the_refused_span_in_the_observation_note(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:observation-new"),
        {
            "period": format_month(current_month()),
            "region": "KH-12",
            "indicator": "new_route",
            "estimated_count": "10-19",
            "note": "Recruiter reachable at recruiter@example.org",
        },
    )
    block = _marked_block(response.content.decode())
    assert '<mark title="e-mail address">recruiter@example.org</mark>' in block


def test_it_marks_the_refused_span_in_the_purpose(web, grantee_admin, owner_org):
    response = web.as_user(grantee_admin).post(
        reverse("web:access-request-new"),
        {
            "to_organisation": "owner-org",
            "scope": "summaries",
            "valid_until": str(days(60)),
            "purpose": f"Her number is {PHONE}.",
        },
    )
    assert f'<mark title="phone number">{PHONE}</mark>' in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_it_marks_the_refused_span_in_the_deny_reason(
    web, api, grantee_admin, owner_admin, owner_org
):
    asked = api.as_user(grantee_admin).post(
        "/api/v1/access-requests/",
        {"to_organisation": "owner-org", "scope": "summaries", "valid_until": str(days(60))},
        format="json",
    )
    url = reverse("web:access-request-deny", args=[asked.json()["id"]])
    response = web.as_user(owner_admin).post(url, {"reason": f"Call {PHONE}"})
    assert f'<mark title="phone number">{PHONE}</mark>' in response.content.decode()
    assert AccessRequest.objects.get().status == "pending"


def test_it_cuts_the_text_into_marked_and_plain_pieces():
    assert pii_marked_segments(f"a {PHONE} b") == [
        ("a ", None),
        (PHONE, "phone number"),
        (" b", None),
    ]
