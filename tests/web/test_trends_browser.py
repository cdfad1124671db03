"""The trends pages in a real browser, in every language: each chart draws visible marks,
the explorer's bars have a width, and no English message is left on the page.

One test per language, each visiting both pages: they run in CI on a small machine. The
noisy publication is used with a large epsilon so that the seeded cells clear the release
threshold (the default epsilon would withhold them all on so little data).
"""

from __future__ import annotations

import re
from datetime import date

import pycountry
import pytest
from django.conf import settings as django_settings
from django.test import Client

from coord.cases.services import case_create
from coord.cases.validation import current_month
from tests.web.test_browser import CHROMIUM, page, shot  # noqa: F401  (the page fixture)

LANGUAGES = ["en", "km", "th", "vi", "my"]
LOCALE = django_settings.BASE_DIR / "locale"
# Files whose messages the trends pages show.
SOURCES = (
    "coord/web/templates/web/trends/",
    "coord/web/views/trends.py",
    "coord/web/templates/web/base.html",
    "coord/web/geo.py",
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\{\s*\w+\s*\}\}")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]


def _previous(month: date) -> date:
    return date(month.year - 1, 12, 1) if month.month == 1 else date(month.year, month.month - 1, 1)


@pytest.fixture
def seeded(owner_caseworker, owner_org, settings):
    """Sixty counted cases over two months, published with epsilon 10 so they show."""
    settings.COORD_TREND_MODE = "dp"
    settings.COORD_TREND_EPSILON = 10
    settings.COORD_TREND_BUDGET = 1000
    for month, n in ((current_month(), 30), (_previous(current_month()), 24)):
        for i in range(n):
            case_create(
                actor=owner_caseworker,
                organisation=owner_org,
                data={
                    "reported_month": month,
                    "region": "KH-12",
                    "consent": "aggregate",
                    "age_band": "9-17" if i % 2 else "39-47",
                    "exploitation_types": ["forced_labour"],
                    "technologies": ["social_media"],
                },
            )
    return owner_caseworker


def _sign_in(tab, live_server, user, language: str) -> None:
    """A session made by Django's test client, handed to the browser with the language."""
    client = Client()
    client.force_login(user)
    tab.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            },
            {
                "name": django_settings.LANGUAGE_COOKIE_NAME,
                "value": language,
                "url": live_server.url,
            },
        ]
    )


def _messages(language: str) -> list[tuple[str, str]]:
    """(msgid, translation) of every message the trends pages may show."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    found = []
    for block in text.split("\n\n"):
        refs = " ".join(line for line in block.splitlines() if line.startswith("#:"))
        if not any(source in refs for source in SOURCES):
            continue
        ids = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        strs = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block, re.M)
        if ids and strs:
            unquote = lambda raw: "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', raw))  # noqa: E731
            found.append((unquote(ids.group(1)), unquote(strs.group(1))))
    return found


@pytest.fixture(scope="module")
def proper_names() -> str:
    """Every country and region name in English: they may stay when a language has none."""
    names = [c.name for c in pycountry.countries] + [s.name for s in pycountry.subdivisions]
    return "\n".join(names)


def _english_left(visible: str, language: str, proper_names: str) -> list[str]:
    """Messages of the trends pages that appear in English in ``visible`` text: each literal
    run between placeholders that holds a word, matched as whole words."""
    left = []
    for msgid, msgstr in _messages(language):
        for fragment in PLACEHOLDER.split(msgid):
            fragment = fragment.strip(" .,:;()“”\"'—-")
            if not re.search(r"[A-Za-z]{3,}", fragment) or fragment in msgstr:
                continue
            if fragment in proper_names:
                continue
            if re.search(rf"(?<![A-Za-z]){re.escape(fragment)}(?![A-Za-z])", visible):
                left.append(fragment)
    return sorted(set(left))


def _assert_no_english(tab, language: str, proper_names: str) -> None:
    """No English message on the page; in English, the same check must find them (so it
    can fail)."""
    visible = tab.inner_text("body")
    if language == "en":
        assert len(_english_left(visible, "km", proper_names)) > 5
    else:
        assert _english_left(visible, language, proper_names) == []


def _drawn_lines(chart) -> list[float]:
    """The rendered length (in CSS pixels) of each line segment of one SVG chart."""
    return chart.locator("polyline").evaluate_all(
        "lines => lines.map(l => {"
        " const b = l.getBoundingClientRect(); return b.width + b.height; })"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_draws_the_trends_pages_in_every_language(
    page,  # noqa: F811
    live_server,
    seeded,
    language,
    proper_names,
):
    _sign_in(page, live_server, seeded, language)

    page.goto("/trends/")
    assert page.locator("html").get_attribute("lang") == language
    charts = page.locator(".trend-chart svg.trend-lines")
    assert charts.count() == 3
    for i in range(3):
        assert any(size > 50 for size in _drawn_lines(charts.nth(i))), f"chart {i} draws no line"
    shot(page, f"trends-charts-{language}")
    _assert_no_english(page, language, proper_names)

    page.goto("/trends/explore/?source=cases&group_by=age_band")
    bars = page.locator("svg.trend-bars rect.bar")
    assert bars.count() >= 2
    widths = bars.evaluate_all("rects => rects.map(r => r.getBoundingClientRect().width)")
    assert all(width > 1 for width in widths), widths
    labels = page.locator(".chart-labels li").all_inner_texts()
    assert [label.split(":")[0] for label in labels[:2]] == ["9-17", "39-47"]
    shot(page, f"trends-explore-{language}")
    _assert_no_english(page, language, proper_names)

    # Without JavaScript (scripts refused): the same charts, drawn by the server.
    page.route("**/*.js", lambda route: route.abort())
    page.goto("/trends/")
    assert page.locator(".trend-chart svg.trend-lines polyline").count() > 0
    assert page.locator(".trend-chart details.chart-table table").count() == 3
