"""Country and first-level region lists for forms, named in the reader's language.

Names come from pycountry's own ISO translations (iso3166-1, iso3166-2); where a
language has no translation the English name is shown. The codes stored are always
ISO codes, so a list replaces free text.
"""

from __future__ import annotations

import gettext
from collections import Counter
from functools import cache

import pycountry
from django.utils.translation import get_language, pgettext_lazy
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


# Subdivision types that tell apart two first-level regions of one country sharing a name
# (Laos: the prefecture and the province both "Viangchan"). Only types of the network's
# countries that such a clash needs are listed; another clash falls back to the code.
REGION_TYPES = {
    "Prefecture": pgettext_lazy("region type", "prefecture"),
    "Province": pgettext_lazy("region type", "province"),
    "Municipality": pgettext_lazy("region type", "municipality"),
    "State": pgettext_lazy("region type", "state"),
    "Region": pgettext_lazy("region type", "region"),
}


def _first_level(country: str) -> list:
    return [
        s
        for s in pycountry.subdivisions.get(country_code=country.upper()) or []
        if s.parent_code is None
    ]


@cache
def _region_names(language: str) -> dict[str, str]:
    """Every first-level region of the network's countries named in ``language``
    (pycountry's ISO catalogue; the ISO name, in the region's own romanisation, where the
    language has none), a name shared by two regions made unique: within one country by
    the region's type, across countries by the country."""
    translate = (
        (lambda text: text) if language == "en" else _translator("iso3166-2", language).gettext
    )
    subs = [s for country in NETWORK_COUNTRIES for s in _first_level(country)]
    base = {s.code: translate(s.name) for s in subs}
    in_country = Counter((s.country_code, base[s.code]) for s in subs)
    across = Counter(base[s.code] for s in subs)
    names = {}
    for s in subs:
        name = base[s.code]
        if in_country[(s.country_code, name)] > 1:
            kind = REGION_TYPES.get(s.type)
            name = f"{name} ({kind})" if kind is not None else f"{name} ({s.code})"
        elif across[name] > 1:
            name = f"{name} ({country_name(s.country_code)})"
        names[s.code] = name
    return names


def region_name(code: str) -> str:
    """The region named for the reader, unique among the network's regions."""
    language = (get_language() or "en").split("-")[0]
    known = _region_names(language).get(code.upper())
    if known is not None:
        return known
    region = pycountry.subdivisions.get(code=code.upper())
    return _name("iso3166-2", region.name) if region else code


def country_choices(only: set[str] | None = None) -> list:
    """Grouped choices: the network's countries first, then every other country (of
    ``only``, when given)."""
    network = [(code, country_name(code)) for code in NETWORK_COUNTRIES]
    others = sorted(
        (
            (c.alpha_2, country_name(c.alpha_2))
            for c in pycountry.countries
            if c.alpha_2 not in NETWORK_COUNTRIES and (only is None or c.alpha_2 in only)
        ),
        key=lambda pair: pair[1],
    )
    groups = [(_("Mekong region and neighbours"), network)]
    return [*groups, (_("Other countries"), others)] if others else groups


def region_choices(first: str | None = None, only: set[str] | None = None) -> list:
    """First-level regions grouped by country (the organisation's own country first);
    ``only`` keeps just those countries' groups."""
    countries = list(NETWORK_COUNTRIES)
    if first and first.upper() not in countries:
        countries.insert(0, first.upper())
    elif first:
        countries.remove(first.upper())
        countries.insert(0, first.upper())
    groups = []
    for code in countries:
        if only is not None and code not in only:
            continue
        regions = [
            (s.code, region_name(s.code))
            for s in pycountry.subdivisions.get(country_code=code) or []
            if s.parent_code is None
        ]
        groups.append((country_name(code), sorted(regions, key=lambda pair: pair[1])))
    return groups
