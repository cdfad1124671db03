"""Property tests: scan never raises, findings are well formed, inserted identifiers are found."""

from __future__ import annotations

import itertools

import phonenumbers
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coord.pii.guard import KINDS, PHONE_REGIONS, scan

CLEAN = [
    "The survivor was recruited through a job advert.",
    "She worked 18 hours a day for 11 months.",
    "Nạn nhân được tuyển dụng qua Facebook.",
    "ผู้เสียหายถูกชักชวนผ่านเฟซบุ๊ก",
    "ជនរងគ្រោះត្រូវបានជ្រើសរើសតាមរយៈហ្វេសប៊ុក។",
    "သူမသည် အသက် ၁၆ နှစ်အရွယ်တွင် ရွာမှ ထွက်ခွာခဲ့သည်။",
    "The family owed 45,000 baht in October 2025.",
]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_it_never_raises_and_keeps_findings_sorted_in_bounds(text: str) -> None:
    findings = scan(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
        assert f.kind in KINDS
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789 +-()./:@#abcXYZ,", max_size=300))
def test_it_never_raises_on_digit_heavy_text(text: str) -> None:
    for f in scan(text):
        assert 0 <= f.start < f.end <= len(text)


local_part = st.from_regex(r"[a-z][a-z0-9._]{0,15}[a-z0-9]", fullmatch=True)
domain = st.from_regex(
    r"[a-z][a-z0-9\-]{0,12}[a-z0-9]\.(com|org|net|co\.th|com\.vn)", fullmatch=True
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(CLEAN), st.sampled_from(CLEAN), local_part, domain)
def test_it_finds_an_inserted_email(before: str, after: str, local: str, host: str) -> None:
    address = f"{local}@{host}"
    text = f"{before} {address} {after}"
    start = len(before) + 1
    assert any(
        f.kind == "email" and f.start <= start and f.end >= start + len(address) for f in scan(text)
    )


PHONE_FORMATS = (
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)
PHONE_TYPES = (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE)


@st.composite
def phone(draw) -> str:
    """A valid number of a covered region: its example number with random last digits."""
    region = draw(st.sampled_from(PHONE_REGIONS))
    example = phonenumbers.example_number_for_type(region, draw(st.sampled_from(PHONE_TYPES)))
    national = str(example.national_number)
    tail = draw(st.from_regex(r"[0-9]{4}", fullmatch=True))
    number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{tail}")
    assume(phonenumbers.is_valid_number(number))
    text = phonenumbers.format_number(number, draw(st.sampled_from(PHONE_FORMATS)))
    return text


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(CLEAN), st.sampled_from(CLEAN), phone())
def test_it_finds_an_inserted_phone_number(before: str, after: str, number: str) -> None:
    text = f"{before} Call {number} now. {after}"
    start = len(before) + 6
    assert any(
        f.kind == "phone_number" and f.start <= start + 1 and f.end >= start + len(number) - 1
        for f in scan(text)
    ), number
