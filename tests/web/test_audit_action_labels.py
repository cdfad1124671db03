"""Audit actions in words (issue 26): every action the code base records has a label, the
pages show the label in the reader's language next to the code, and a new code falls back to
itself rather than to nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from coord.audit.services import audit_append
from coord.cases.services import CASE_TRANSITIONS
from coord.web.templatetags.web import AUDIT_ACTIONS, audit_action_label
from sharing_policies.access import cases as case_access
from sharing_policies.access import trends as trend_access
from sharing_policies.services.referrals import REFERRAL_TRANSITIONS

ROOT = Path(settings.BASE_DIR)
SOURCES = [
    p
    for package in ("coord", "sharing_policies")
    for p in (ROOT / package).rglob("*.py")
    if "migrations" not in p.parts
]
# A literal code: ``action="case.read"`` or a policy gate ``(Need.X, "audit.read_denied")``.
LITERAL = re.compile(r'(?:action=|gate_all\([^,()]+, |\(Need\.[A-Z_]+, )"([a-z_]+\.[a-z_]+)"')
# The f-string families the code base builds; a new family must be added here (and labelled).
FAMILIES = {
    'f"case.{action}"': [f"case.{a}" for a in CASE_TRANSITIONS],
    'f"referral.{action}"': [f"referral.{a}" for a in REFERRAL_TRANSITIONS],
    'f"case.{action}_denied"': [f"case.{a}_denied" for a in case_access.ACTIONS],
    'f"trend_observation.{action}_denied"': [
        f"trend_observation.{a}_denied" for a in trend_access.ACTIONS
    ],
    'f"import.{action}_denied"': ["import.read_denied", "import.commit_denied"],
    'f"{object_type}.decrypt"': ["access_request.decrypt", "referral.decrypt"],
}


def _source_text() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)


def _emitted_codes() -> set[str]:
    text = _source_text()
    codes = set(LITERAL.findall(text))
    for family in FAMILIES.values():
        codes.update(family)
    return codes


def test_it_finds_the_action_codes_in_the_source():
    assert {"case.read", "audit.read_denied", "import.denied"} <= _emitted_codes()


def test_it_knows_every_family_of_built_action_codes():
    built = set(re.findall(r'action=(f"[^"]+")', _source_text()))
    assert built == set(FAMILIES)


def test_it_has_a_label_for_every_action_the_code_base_records():
    missing = sorted(code for code in _emitted_codes() if audit_action_label(code) == code)
    assert missing == []


def test_it_labels_a_refusal_with_what_was_attempted():
    assert audit_action_label("case.update_denied") == audit_action_label("case.update")


def test_it_shows_an_unknown_code_as_itself():
    assert audit_action_label("brand.new_thing") == "brand.new_thing"


@pytest.mark.parametrize("language", ["km", "th", "vi", "my"])
def test_it_translates_every_label(language):
    with translation.override("en"):
        english = {code: str(label) for code, label in AUDIT_ACTIONS.items()}
    with translation.override(language):
        untranslated = [c for c, label in AUDIT_ACTIONS.items() if str(label) == english[c]]
    assert untranslated == []


@pytest.mark.django_db
def test_the_audit_page_shows_the_action_in_khmer(web, network_coordinator, owner_org):
    audit_append(action="grant.revoke", organisation=owner_org, object_type="grant", object_id="G")
    client = web.as_user(network_coordinator)
    client.cookies["django_language"] = "km"
    page = client.get(reverse("web:audit-list"), HTTP_ACCEPT_LANGUAGE="km").content.decode()
    with translation.override("km"):
        khmer = audit_action_label("grant.revoke")
    assert khmer in page
    assert "Grant revoked" not in page
    # The code stays only inside its <code> element, for auditors who search by it.
    assert page.count("grant.revoke") == page.count("<code>grant.revoke</code>") == 1
