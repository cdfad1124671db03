"""Case work in a real browser (issue 19): a follow-up refused for a phone number then saved,
seen on the case page and the timeline; reassignment and closing against "My cases"; search
by a reference prefix and sorting by last activity; a partner under a narrowed grant; and
the case pages in every language with no English message left."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from coord.cases.services import case_assign, case_create, case_update
from coord.cases.validation import current_month
from coord.followups import services as followups
from coord.followups.models import FollowUp
from sharing_policies import services as sharing
from tests.factories import member
from tests.web.test_browser import CHROMIUM, page, sign_in, visible  # noqa: F401
from tests.web.test_trends_browser import LOCALE, PLACEHOLDER, _sign_in

PHONE = "+855 12 345 678"
LANGUAGES = ["en", "km", "th", "vi", "my"]
# Files whose messages the case list, a case page with follow-ups and the timeline show.
SOURCES = (
    "coord/web/templates/web/cases/list.html",
    "coord/web/templates/web/cases/_results.html",
    "coord/web/templates/web/cases/detail.html",
    "coord/web/templates/web/followups/",
    "coord/web/views/followups.py",
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


def _case(org, user, **data):
    values = {"reported_month": current_month(), "region": "KH-12", "consent": "share", **data}
    return case_create(actor=user, organisation=org, data=values)


def _refs(tab) -> list[str]:
    return tab.locator("#case-results tbody tr td:first-child a").all_inner_texts()


def test_a_caseworker_logs_a_follow_up_after_a_phone_number_is_refused(
    page,  # noqa: F811
    owner_caseworker,
    owner_org,
):
    case = _case(owner_org, owner_caseworker)
    sign_in(page, "owner.caseworker")
    page.goto(f"/cases/{case.reference}/")
    form = page.locator("details.followup-add form")
    form.get_by_label("Kind").select_option("call")
    form.get_by_label("Due date").fill(timezone.localdate().isoformat())
    form.get_by_label("Note").fill(f"Called the shelter; her brother is on {PHONE}.")
    form.get_by_role("button", name="Save follow-up").click()

    error = page.locator("#id_note_error")
    assert "phone number" in error.inner_text()
    assert PHONE not in error.inner_text()
    assert FollowUp.objects.count() == 0

    page.get_by_label("Note").fill("Called the shelter; training starts next month.")
    page.get_by_role("button", name="Save follow-up").click()
    page.wait_for_url(f"**/cases/{case.reference}/")
    assert visible(page.get_by_text("The follow-up was saved."))
    section = page.locator("#follow-ups")
    assert visible(section.get_by_text("Called the shelter; training starts next month."))
    assert PHONE not in page.content()

    page.goto(f"/cases/{case.reference}/timeline/")
    timeline = page.locator("ol.timeline").inner_text()
    assert "Follow-up added" in timeline
    assert "Follow-up: Call, Planned" in timeline
    assert "Case recorded" in timeline
    assert PHONE not in page.content()


def test_a_reassigned_case_joins_my_cases_and_a_closed_one_leaves(
    page,  # noqa: F811
    owner_admin,
    owner_org,
):
    colleague = member(owner_org, "caseworker", "colleague.cw")
    case = _case(owner_org, owner_admin)
    sign_in(page, "owner.admin")
    page.goto(f"/cases/{case.reference}/")
    page.locator("select[name=owner]").select_option("colleague.cw")
    page.get_by_role("button", name="Reassign").click()
    assert visible(page.get_by_text(f"Case {case.reference} is now assigned to colleague.cw."))
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, colleague.username)
    page.goto("/cases/")
    assert _refs(page) == [case.reference]
    page.goto("/notifications/")
    assert visible(page.get_by_role("link", name=f"Case {case.reference} was assigned to you."))

    page.goto(f"/cases/{case.reference}/")
    page.get_by_label("Why is the case closed?").select_option("goals_met")
    page.get_by_role("button", name="Close the case").click()
    assert visible(page.get_by_text(f"Case {case.reference} was closed."))
    page.goto("/cases/")
    assert _refs(page) == []
    page.goto("/cases/?owner=")
    assert case.reference in _refs(page)


def test_it_finds_a_case_by_a_reference_prefix_and_sorts_by_last_activity(
    page,  # noqa: F811
    owner_caseworker,
    owner_org,
):
    first, second, third = (_case(owner_org, owner_caseworker) for _ in range(3))
    case_update(actor=owner_caseworker, case=first, data={"region": "KH-3"})
    sign_in(page, "owner.caseworker")
    page.goto("/cases/")
    page.get_by_label("Sort by").select_option("-updated_at")
    page.wait_for_url(re.compile(r"ordering=-updated_at"))
    page.wait_for_function(
        "ref => document.querySelector('#case-results tbody a')?.textContent === ref",
        arg=first.reference,
    )
    assert _refs(page)[0] == first.reference
    page.get_by_label("Sort by").select_option("updated_at")
    page.wait_for_url(re.compile(r"ordering=updated_at"))
    page.wait_for_function(
        "ref => document.querySelector('#case-results tbody tr:last-child a')?.textContent === ref",
        arg=first.reference,
    )
    assert _refs(page)[-1] == first.reference

    prefix = second.reference[:-1]
    page.get_by_label("Case reference").fill(prefix.lower())
    page.get_by_role("button", name="Find").click()
    page.wait_for_url(re.compile(r"search="))
    page.wait_for_function(
        "prefix => [...document.querySelectorAll('#case-results tbody a')]"
        ".every(a => a.textContent.startsWith(prefix))",
        arg=prefix,
    )
    refs = _refs(page)
    assert second.reference in refs
    assert [ref for ref in (first.reference, third.reference) if ref.startswith(prefix)] == [
        ref for ref in refs if ref != second.reference
    ]


def test_a_partner_with_a_narrowed_grant_is_refused_sorting_by_a_hidden_field(
    page,  # noqa: F811
    owner_admin,
    owner_caseworker,
    owner_org,
    grantee_admin,
    grantee_caseworker,
):
    case = _case(owner_org, owner_caseworker, age_band="9-17")
    request = sharing.access_request_create(
        actor=grantee_admin,
        to_organisation=owner_org,
        scope="summaries",
        valid_until=timezone.localdate() + timedelta(days=30),
        fields=["reported_month", "exploitation_types"],
    )
    sharing.access_request_approve(actor=owner_admin, access_request=request)
    sign_in(page, "grantee.caseworker")

    page.goto("/shared/")
    row = page.locator("tbody tr", has_text=case.reference)
    assert visible(row)
    cells = row.locator("td").all_inner_texts()
    assert cells[3] == "—"  # the region, hidden by the grant
    assert page.get_by_label("Sort by").count() == 0  # the page offers no sorting

    for field, query in (("ordering", "ordering=status"), ("age_band", "age_band=9-17")):
        refused = page.request.get(f"/api/v1/cases/?scope=shared&{query}")
        assert refused.status == 400
        assert refused.json()["code"] == "field_hidden"
        assert field in refused.json()["fields"]
        khmer = page.request.get(
            f"/api/v1/cases/?scope=shared&{query}", headers={"Accept-Language": "km"}
        )
        assert khmer.json()["detail"] != refused.json()["detail"]
        assert not re.search(r"[A-Za-z]{4,}", khmer.json()["detail"])


def _messages(language: str) -> list[tuple[str, str]]:
    """(msgid, translation) of every message the case pages may show."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = []
    unquote = lambda raw: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', raw))  # noqa: E731
    for block in text.split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        if not any(source in refs for source in SOURCES):
            continue
        ids = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if ids and strs:
            found.append((unquote(ids.group(1)), unquote(strs.group(1))))
    return found


def _english_left(shown: str, language: str) -> list[str]:
    left = []
    for msgid, msgstr in _messages(language):
        for fragment in PLACEHOLDER.split(msgid):
            fragment = fragment.strip(" .,:;()“”\"'—-←")
            if not re.search(r"[A-Za-z]{3,}", fragment) or fragment in msgstr:
                continue
            if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", shown):
                left.append(fragment)
    return sorted(set(left))


def _assert_no_english(tab, language: str) -> None:
    """In English the same check must find the messages (so it can fail)."""
    shown = tab.inner_text("body")
    if language == "en":
        assert len(_english_left(shown, "km")) > 5
    else:
        assert _english_left(shown, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_case_pages_speak_every_language(
    page,  # noqa: F811
    live_server,
    owner_caseworker,
    owner_admin,
    owner_org,
    language,
):
    case = _case(owner_org, owner_admin)
    case_assign(actor=owner_admin, case=case, owner=owner_caseworker)
    followups.followup_create(
        actor=owner_caseworker,
        case=case,
        data={
            "kind": "visit",
            "status": "planned",
            "due_date": timezone.localdate() - timedelta(days=2),
            "note": "Visit to the shelter.",
        },
    )
    case_update(actor=owner_caseworker, case=case, data={"region": "KH-3"})
    _sign_in(page, live_server, owner_caseworker, language)
    for path in ("/cases/", f"/cases/{case.reference}/", f"/cases/{case.reference}/timeline/"):
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == language
        assert visible(page.locator("main"))
        _assert_no_english(page, language)
