"""Long option lists on a 2G connection: the region select lists the organisation's own
country and citizenship the network's countries; every other country is one button away,
without losing what was typed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from coord.cases.models import CaseSummary
from coord.cases.services import case_create
from coord.cases.validation import current_month, format_month
from coord.trends.models import TrendObservation

pytestmark = pytest.mark.django_db

SUMMARY = "Recruited through a fake job advert for a fishing boat."


def _form(**overrides):
    data = {
        "reported_month": format_month(current_month()),
        "region": "KH-12",
        "age_band": "18-20",
        "gender": "female",
        "citizenship": ["KH"],
        "status": "active",
        "consent": "aggregate",
        "summary": SUMMARY,
        "notes": "",
    }
    data.update(overrides)
    return data


def _region_codes(response) -> set[str]:
    groups = response.context["form"].fields["region"].choices[1:]
    return {code for _, regions in groups for code, _ in regions}


def test_the_case_form_lists_only_the_organisations_country(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(reverse("web:case-create"))
    codes = _region_codes(response)
    assert "KH-12" in codes
    assert not any(code.startswith("TH-") for code in codes)
    assert 'name="show_all_countries"' in response.content.decode()


def test_the_case_form_lists_the_networks_countries_for_citizenship(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(reverse("web:case-create"))
    groups = response.context["form"].fields["citizenship"].choices
    assert [code for _, countries in groups for code, _ in countries] == [
        "KH",
        "LA",
        "MM",
        "TH",
        "VN",
        "MY",
        "CN",
    ]


def test_the_narrowed_case_form_has_a_fifth_of_the_options(web, owner_caseworker):
    client = web.as_user(owner_caseworker)
    narrowed = client.get(reverse("web:case-create")).content
    full = client.post(reverse("web:case-create"), {"show_all_countries": "1"}).content
    assert narrowed.count(b"<option") * 5 < full.count(b"<option")


def test_showing_every_country_keeps_the_typed_text_and_saves_nothing(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(region="", show_all_countries="1")
    )
    assert response.status_code == 200
    assert not CaseSummary.objects.exists()
    assert not response.context["form"].errors
    assert SUMMARY in response.content.decode()
    assert "TH-10" in _region_codes(response)
    assert 'name="all_countries"' in response.content.decode()


def test_a_region_of_another_country_is_saved_once_every_country_is_shown(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(region="TH-10", all_countries="1")
    )
    assert response.status_code == 302
    assert CaseSummary.objects.get().region == "TH-10"


def test_the_list_narrows_what_is_shown_not_what_is_valid(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:case-create"), _form(region="TH-10", citizenship=["IN"])
    )
    assert response.status_code == 302
    case = CaseSummary.objects.get()
    assert (case.region, case.citizenship) == ("TH-10", ["IN"])


def test_an_unknown_region_is_still_refused(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(reverse("web:case-create"), _form(region="XX-1"))
    assert "region" in response.context["form"].errors
    assert not CaseSummary.objects.exists()


def test_editing_keeps_the_countries_already_chosen(web, owner_caseworker, owner_org):
    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "TH-10", "citizenship": ["IN"]},
    )
    response = web.as_user(owner_caseworker).get(reverse("web:case-edit", args=[case.reference]))
    codes = _region_codes(response)
    assert {"TH-10", "KH-12"} <= codes
    assert not any(code.startswith("VN-") for code in codes)
    citizenship = response.context["form"].fields["citizenship"].choices
    assert "IN" in {code for _, countries in citizenship for code, _ in countries}


def test_the_observation_form_lists_only_the_organisations_country(web, owner_caseworker):
    response = web.as_user(owner_caseworker).get(reverse("web:observation-new"))
    codes = _region_codes(response)
    assert "KH-12" in codes and "TH-10" not in codes


def test_showing_every_country_on_the_observation_form_logs_nothing(web, owner_caseworker):
    response = web.as_user(owner_caseworker).post(
        reverse("web:observation-new"), {"show_all_countries": "1", "note": "A surge of ads."}
    )
    assert response.status_code == 200
    assert not TrendObservation.objects.exists()
    assert "TH-10" in _region_codes(response)
