"""The corrected field terms (issue 26) as a Burmese or Khmer reader sees them in a real
browser: on the home page, the case form, the sharing pages and the trends page, the new
word shows and the misleading old one does not."""

from __future__ import annotations

import pytest

from coord.cases.services import case_create
from coord.cases.validation import current_month
from tests.web.test_browser import CHROMIUM, page, shot  # noqa: F401  (the page fixture)
from tests.web.test_trends_browser import _sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium: apt-get install -y chromium"
    ),
]

# page -> (words that must show, words that must not), per language.
TERMS = {
    "my": {
        "/": (["ရေစီးကြောင်း", "ညွှန်းပို့"], ["လမ်းကြောင်းများ", "လွှဲပြောင်း", "အမှုတွဲ"]),
        "/cases/new/": (
            ["သတင်းပို့သည့် လ", "ဘယ်တော့မှ မမျှဝေပါ", "ရေစီးကြောင်း"],
            ["တိုင်ကြား", "အမှုတွဲ", "ခွင့်ပြုချက် မရှိလျှင်"],
        ),
        "/sharing/": (["ကိစ္စရပ်"], ["လွှဲပြောင်း", "အမှုတွဲ"]),
        "/referrals/": (["ညွှန်းပို့"], ["လွှဲပြောင်း"]),
        "/trends/": (["ရေစီးကြောင်း"], ["လမ်းကြောင်းများ"]),
    },
    "km": {
        "/": (["ការបញ្ជូនបន្ត"], []),
        "/cases/new/": (
            ["ការជាប់ចំណងបំណុល", "សូម្បីតែមានការអនុញ្ញាតក៏ដោយ"],
            ["លុះត្រាតែមានការអនុញ្ញាតផ្សេង"],
        ),
        "/sharing/": (["ករណី"], []),
        "/referrals/": (["ការបញ្ជូនបន្ត"], []),
        "/trends/": (["និន្នាការ"], []),
    },
}


@pytest.fixture
def with_a_case(owner_caseworker, owner_org):
    case_create(
        actor=owner_caseworker,
        organisation=owner_org,
        data={"reported_month": current_month(), "region": "KH-12", "consent": "share"},
    )
    return owner_caseworker


@pytest.mark.parametrize("language", ["my", "km"])
def test_the_corrected_terms_show_on_the_main_pages(page, live_server, with_a_case, language):  # noqa: F811
    _sign_in(page, live_server, with_a_case, language)
    for path, (shown, gone) in TERMS[language].items():
        page.goto(path)
        text = page.inner_text("body") + " ".join(page.locator("option").all_inner_texts())
        shot(page, f"terms-{language}-{path.strip('/').replace('/', '-') or 'home'}")
        for word in shown:
            assert word in text, (path, word)
        for word in gone:
            assert word not in text, (path, word)
