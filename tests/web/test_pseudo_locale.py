"""Nothing a person reads escapes the catalogue (issue 26).

A pseudo-locale is generated from the real catalogue at test time: every message wrapped in
``[…]`` and its Latin letters accented (``[Ŝîĝñ îñ]``), placeholders and markup kept. It is
compiled into a temporary ``LOCALE_PATHS`` entry, every page is rendered for every role in
it, and so are the main API errors; any plain ASCII word left outside the markers did not
come through gettext. Data values (references, names, codes) and a short allow-list pass.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.urls import URLPattern, get_resolver, reverse

from coord.cases.services import case_create
from coord.cases.validation import current_month

pytestmark = pytest.mark.django_db

PSEUDO = "en-xa"
ROOT = Path(__file__).resolve().parents[2]
_ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "âƀçđêƒĝĥîĵķĺɱñôþǫŕŝŧûṽŵẋýžÂƁÇĐÊƑĜĤÎĴĶĹṀÑÔÞǪŔŜŦÛṼŴẊÝŽ",
        strict=True,
    )
)
# Kept as they are: placeholders, tags, entities, and web addresses.
_KEEP = re.compile(r"%\([^)]+\)[sdfi]|%[sdfi]|\{[^}]*\}|<[^>]+>|&#?\w+;|https?://\S+")
# Plain words that may show on a page without a translation: product and standard names,
# units and formats a person types (each one looked at: none is a sentence).
ALLOWED = {
    "YYYY",  # the month format hint, the same in every language
    "ISO",
    "CSV",
    "JSON",
    "API",
    "TOTP",
    "UTC",  # times are shown in UTC, named by its standard abbreviation
    "htmx",
}


def pseudo(text: str) -> str:
    """``text`` accented and wrapped, with every placeholder and tag left intact."""
    if not text:
        return text
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append("".join(_ACCENTED.get(c, c) for c in text[last : match.start()]))
        out.append(match.group())
        last = match.end()
    out.append("".join(_ACCENTED.get(c, c) for c in text[last:]))
    return "[" + "".join(out) + "]"


def test_it_keeps_placeholders_and_tags_intact():
    assert pseudo("Refer %(ref)s <b>now</b>") == "[Ŕêƒêŕ %(ref)s <b>ñôŵ</b>]"


def test_it_finds_a_word_outside_the_markers_and_nothing_inside_them():
    html = '<p title="[Ŧîŧĺê]">[Ŝîĝñ [îñ]] Hello</p><script>var ignored;</script>'
    assert stray_words(html, data=set()) == {"Hello"}


@pytest.fixture(scope="session")
def pseudo_locale_dir(tmp_path_factory) -> Path:
    """The pseudo catalogue, built from every message the real catalogue holds."""
    source = polib.pofile(str(ROOT / "locale" / "km" / "LC_MESSAGES" / "django.po"))
    target = polib.POFile()
    target.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in source:
        if entry.obsolete:
            continue
        new = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt)
        if entry.msgid_plural:
            new.msgid_plural = entry.msgid_plural
            new.msgstr_plural = {0: pseudo(entry.msgid), 1: pseudo(entry.msgid_plural)}
        else:
            new.msgstr = pseudo(entry.msgid)
        target.append(new)
    root = tmp_path_factory.mktemp("pseudo-locale")
    folder = root / "en_XA" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    target.save_as_mofile(str(folder / "django.mo"))
    return root


@pytest.fixture
def in_pseudo(settings, pseudo_locale_dir):
    settings.LOCALE_PATHS = [pseudo_locale_dir, *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    return {"HTTP_ACCEPT_LANGUAGE": PSEUDO}


class _Visible(HTMLParser):
    """The text a person reads: text nodes and the attributes shown or spoken."""

    SHOWN = ("title", "placeholder", "aria-label", "alt")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def stray_words(html: str, data: set[str]) -> set[str]:
    """ASCII words outside the pseudo markers that are neither data nor allowed."""
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.parts)
    previous = None
    while previous != text:  # markers nest: "[Ŝêê [ñôŵ]]"
        previous, text = text, re.sub(r"\[[^\[\]]*\]", " ", text)
    words = set(re.findall(r"[A-Za-z]{3,}", text))
    return {w for w in words if w not in ALLOWED and w not in data}


def _pages(case, org, member) -> list[str]:
    """Every web page without parameters, and the ones about one case, one organisation."""
    urls = []
    for pattern in get_resolver("coord.web.urls").url_patterns:
        if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            if pattern.name in ("logout", "notifications-read-all"):
                continue
            urls.append(reverse(f"web:{pattern.name}"))
    for name in ("case-detail", "case-edit", "case-share", "referral-new"):
        urls.append(reverse(f"web:{name}", args=[case.reference]))
    urls.append(reverse("web:member-list", args=[org.slug]))
    urls.append(reverse("web:member-add", args=[org.slug]))
    urls.append(reverse("web:member-detail", args=[org.slug, member.username]))
    return urls


def _data(*objects) -> set[str]:
    """Words of data a page may show as they are: names of people, organisations, places
    (ISO names from pycountry, which has no pseudo-locale) and languages (autonyms)."""
    from django.conf import settings

    from coord.web.geo import country_choices, region_choices

    names = [label for _code, label in [*country_choices(), *region_choices()]]
    names += [name for _code, name in settings.LANGUAGES]
    words = set(re.findall(r"[A-Za-z]{3,}", " ".join(map(str, names))))
    for obj in objects:
        for value in vars(obj).values():
            if isinstance(value, str):
                words |= set(re.findall(r"[A-Za-z]{3,}", value))
    return words


@pytest.fixture
def world(owner_org, grantee_org, owner_caseworker, owner_admin, grantee_caseworker):
    case = case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "summary": "Fishing boat."},
    )
    return case


@pytest.mark.parametrize(
    "role", ["owner_caseworker", "owner_admin", "grantee_caseworker", "network_coordinator"]
)
def test_every_page_speaks_only_through_the_catalogue(
    request, web, in_pseudo, world, owner_org, owner_caseworker, grantee_org, role
):
    user = request.getfixturevalue(role)
    client = web.as_user(user)
    data = _data(world, owner_org, grantee_org, owner_caseworker, user) | {"Fishing", "boat"}
    found = {}
    for url in _pages(world, owner_org, owner_caseworker):
        response = client.get(url, **in_pseudo)
        if "html" not in response.get("Content-Type", "") or not response.content:
            continue
        stray = stray_words(response.content.decode(), data)
        if stray:
            found[url] = sorted(stray)
    assert found == {}, "\n".join(f"{url}: {' '.join(w)}" for url, w in found.items())


def test_the_pages_are_really_in_the_pseudo_locale(web, in_pseudo, owner_caseworker):
    html = web.as_user(owner_caseworker).get(reverse("web:home"), **in_pseudo).content.decode()
    assert "[" in html and "ô" in html


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/cases/NO-SUCH-CASE/", None),
        ("post", "/api/v1/cases/", {"reported_month": "2020-01-15"}),
        ("post", "/api/v1/access-requests/", {}),
    ],
)
def test_the_main_api_errors_come_through_the_catalogue(
    api, in_pseudo, owner_admin, method, path, body
):
    client = api.as_user(owner_admin)
    response = getattr(client, method)(path, body, format="json", **in_pseudo)
    assert response.status_code in (400, 404)
    payload = response.json()
    messages = [payload["detail"]]
    messages += [item["message"] for items in payload.get("fields", {}).values() for item in items]
    for message in messages:
        assert message.startswith("["), message
