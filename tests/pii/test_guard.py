# ruff: noqa: RUF001, E501  (Khmer, Thai, Burmese text and digits are the point of these lines)
"""Each detector with positives and negatives; spans point at the identifier."""

from __future__ import annotations

import pytest

from coord.pii.guard import Finding, iban_ok, luhn_ok, scan, thai_id_ok


def kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


POSITIVES = [
    ("email", "Write to sokha.recruit88@gmail.com for the job."),
    ("phone_number", "The recruiter's number was 012 345 678."),
    ("phone_number", "Call +66 81 234 5678 on arrival."),
    ("phone_number", "Her number 0912 345 678 was used."),
    ("phone_number", "Myanmar mobile 09 421 234 567."),
    ("phone_number", "Lao number 020 5512 3456."),
    ("phone_number", "Malaysia 012-345 6789."),
    ("phone_number", "Indonesia 0812-3456-7890."),
    ("phone_number", "Philippines 0917 123 4567."),
    ("phone_number", "China 138 0013 8000."),
    ("phone_number", "UK office +44 20 7946 0958."),
    ("national_id", "Thai ID 1-1037-00234-56-0 was copied."),
    ("national_id", "CCCD 001203004567."),
    ("national_id", "Her national ID number is 012345678."),
    ("national_id", "MyKad 900514-14-5678."),
    ("national_id", "NRC 12/MaYaKa(N)123456."),
    ("passport_number", "Passport no. AA1234567 was kept."),
    ("passport_number", "passport N01234567"),
    ("date_of_birth", "She was born on 12 March 2001."),
    ("date_of_birth", "DOB: 1998-11-23"),
    ("date_of_birth", "Born on 5 June."),
    ("date_of_birth", "On 03/07/2024 he escaped."),
    ("street_address", "She lived at 45 Sukhumvit Road."),
    ("street_address", "The house is at #12, Street 271."),
    ("url", "See https://facebook.com/sokha.jobs88 for the ad."),
    ("url", "Apply at www.fastjobs-asia.com/apply"),
    ("social_handle", "Posted by @goldenstar_recruit on Telegram."),
    ("social_handle", "Line ID: somchai1988"),
    ("payment_card", "Card 4111 1111 1111 1111."),
    ("iban", "Paid to GB82 WEST 1234 5698 7654 32."),
    ("bank_account", "Deposited into account number 0123456789."),
    ("gps_coordinates", "The compound is at 11.5564, 104.9282."),
    ("gps_coordinates", "Seen at 13.7563° N, 100.5018° E."),
    ("ip_address", "Hosted at 203.144.12.7."),
    ("ip_address", "Hosted at 2001:db8:85a3::8a2e:370:7334."),
    ("person_name", "Her name is Sokha."),
    ("person_name", "The recruiter, Mr Somchai, arranged transport."),
    ("person_name", "A man called Ko Ko Aung drove the van."),
]

NEGATIVES = [
    "She was 17 when she left her village in 2019.",
    "The broker charged 3,500 USD and 45,000 baht.",
    "Gia đình phải trả 30.000.000 đồng cho người môi giới.",
    "The case was referred in October 2025.",
    "Reported month 2024-10.",
    "Case C-7K2M9XQ4PA links to region KH-12.",
    "Referral ref. KH-2025-0042 was closed.",
    "Her passport was confiscated by the employer.",
    "She called the hotline and asked for help.",
    "A company called Golden Star recruited them.",
    "Working hours were 06:00 to 22:00.",
    "Version 2.1.3 of the app was used.",
    "He was moved on National Road 5 towards the border.",
    "Police rescued 57 people; 14 were under 18.",
    "The bank account he opened was controlled by the recruiter.",
    "She begged for 3 years on the street.",
    "They walked 5 km along the road to the border.",
    "Production line: assembly of shoes.",
    "Lương 3.000.000đ mỗi tháng.",
    "Salary 12000 THB; debt 150000 baht.",
    "She was born in March 2001.",
    "Case opened 2024-10, closed 2025-02.",
]

CLEAN_OTHER_LANGUAGES = [
    "ជនរងគ្រោះត្រូវបានជ្រើសរើសតាមរយៈហ្វេសប៊ុក ហើយត្រូវបានបញ្ជូនទៅធ្វើការនៅប្រទេសថៃ។ នាងមានអាយុ ១៧ ឆ្នាំ។",
    "ผู้เสียหายถูกชักชวนผ่านเฟซบุ๊ก เธออายุ 16 ปี ครอบครัวเป็นหนี้นายหน้า 45,000 บาท เธอเชื่อว่าจะได้งาน",
    "Nạn nhân được tuyển dụng qua Facebook. Anh ấy bị giữ hộ chiếu và phải làm việc 15 giờ mỗi ngày.",
    "မိသားစုသည် ပွဲစားထံ ကျပ် ၂,၀၀၀,၀၀၀ အကြွေးတင်ခဲ့သည်။ သူမသည် အသက် ၁၆ နှစ်အရွယ်တွင် ရွာမှ ထွက်ခွာခဲ့သည်။",
]


@pytest.mark.parametrize(("kind", "text"), POSITIVES)
def test_it_detects_each_kind(kind: str, text: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize("text", NEGATIVES)
def test_it_passes_hard_negatives(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize("text", CLEAN_OTHER_LANGUAGES)
def test_it_passes_clean_khmer_thai_vietnamese_burmese(text: str) -> None:
    assert scan(text) == []


def test_it_reports_the_span_of_the_identifier() -> None:
    text = "Call the broker on 081 234 5678 tonight."
    [finding] = scan(text)
    assert finding == Finding("phone_number", 19, 31)
    assert text[finding.start : finding.end] == "081 234 5678"


def test_it_reads_native_digits_with_offsets_of_the_input() -> None:
    text = "លេខទូរស័ព្ទ ០១២ ៣៤៥ ៦៧៨"
    [finding] = scan(text)
    assert finding.kind == "phone_number"
    assert text[finding.start : finding.end] == "០១២ ៣៤៥ ៦៧៨"


def test_it_finds_several_identifiers_in_order() -> None:
    text = "Her name is Sokha, phone 012 345 678, e-mail s@example.com."
    assert [f.kind for f in scan(text)] == ["person_name", "phone_number", "email"]


def test_it_refuses_a_card_number_only_with_a_valid_luhn_digit() -> None:
    assert "payment_card" in kinds("card 4111 1111 1111 1111")
    assert "payment_card" not in kinds("card 4111 1111 1111 1112")


def test_it_refuses_an_iban_only_with_a_valid_checksum() -> None:
    assert "iban" in kinds("to GB82 WEST 1234 5698 7654 32")
    assert "iban" not in kinds("to GB83 WEST 1234 5698 7654 32")


def test_it_checks_the_thai_id_check_digit() -> None:
    assert thai_id_ok("1103700234560")
    assert not thai_id_ok("1103700234561")


def test_it_refuses_a_bare_thai_id_only_with_a_valid_check_digit() -> None:
    assert kinds("copied 1-1037-00234-56-0 here") == {"national_id"}
    assert kinds("copied 1-1037-00234-56-1 here") == set()


def test_it_implements_luhn_and_mod97() -> None:
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")
    assert iban_ok("DE89 3704 0044 0532 0130 00") and not iban_ok("DE88 3704 0044 0532 0130 00")


def test_it_passes_empty_text() -> None:
    assert scan("") == []
