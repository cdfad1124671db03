"""Country and first-level region lists for forms, named in the reader's language.

Names come from pycountry's own ISO translations (iso3166-1, iso3166-2); where a
language has no translation the English name is shown. The codes stored are always
ISO codes, so a list replaces free text.
"""

from __future__ import annotations

import gettext
from functools import cache

import pycountry
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# The Mekong region and its neighbours, listed first; every country stays selectable.
NETWORK_COUNTRIES = ("KH", "LA", "MM", "TH", "VN", "MY", "CN")


@cache
def _translator(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _name(domain: str, english: str) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return english
    return _translator(domain, language).gettext(english)


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code.upper())
    return _name("iso3166-1", country.name) if country else code


def region_name(code: str) -> str:
    region = pycountry.subdivisions.get(code=code.upper())
    return _name("iso3166-2", region.name) if region else code


def country_choices() -> list:
    """Grouped choices: the network's countries first, then every other country."""
    network = [(code, country_name(code)) for code in NETWORK_COUNTRIES]
    others = sorted(
        (
            (c.alpha_2, country_name(c.alpha_2))
            for c in pycountry.countries
            if c.alpha_2 not in NETWORK_COUNTRIES
        ),
        key=lambda pair: pair[1],
    )
    return [(_("Mekong region and neighbours"), network), (_("Other countries"), others)]


def region_choices(first: str | None = None) -> list:
    """First-level regions grouped by country (the organisation's own country first)."""
    countries = list(NETWORK_COUNTRIES)
    if first and first.upper() not in countries:
        countries.insert(0, first.upper())
    elif first:
        countries.remove(first.upper())
        countries.insert(0, first.upper())
    groups = []
    for code in countries:
        regions = [
            (s.code, region_name(s.code))
            for s in pycountry.subdivisions.get(country_code=code) or []
            if s.parent_code is None
        ]
        groups.append((country_name(code), sorted(regions, key=lambda pair: pair[1])))
    return groups
