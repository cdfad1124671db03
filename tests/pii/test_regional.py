# ruff: noqa: RUF001  (Khmer, Thai, Burmese, Lao and Han script are the point of these tests)
"""Issue 15: identifiers as caseworkers of the region really type them (one behaviour each)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coord.pii.guard import scan
from coord.pii.validation import KIND_LABELS, pii_errors

sys.path.insert(0, str(Path(__file__).parent / "corpus"))
import wallets


def kinds(text: str) -> set[str]:
    return {f.kind for f in scan(text)}


@pytest.mark.parametrize(
    "text",
    [
        "write to lan.vn [at] gmail [dot] com today",
        "write to lan.vn(at)yahoo.com today",
        "write to lan_vn at hotmail dot com today",
        "write to lanvn＠gmail.com today",
    ],
)
def test_it_finds_an_obfuscated_email(text: str) -> None:
    assert "email" in kinds(text)


def test_it_does_not_take_a_sentence_with_at_for_an_email() -> None:
    assert "email" not in kinds("Apply at www.fastjobs-asia.com/apply or meet at noon.")


@pytest.mark.parametrize(
    "text",
    [
        "call 099/876/5432 tonight",
        "call O81 234 5678 tonight",
        "call 08l-234-5678 tonight",
        "call 012\n345\n678 tonight",
        "call zero eight one two three four five six seven eight tonight",
        "លេខ សូន្យ ប្រាំបួន ប្រាំពីរ ប្រាំ ប្រាំ ប្រាំ មួយ ពីរ បី",
        "เบอร์ ศูนย์ แปด หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด",
        "số không chín một hai ba bốn năm sáu bảy tám",
        "ဖုန်း သုည ကိုး လေး နှစ် တစ် နှစ် သုံး လေး ငါး ခြောက် ခုနစ်",
    ],
)
def test_it_finds_an_obfuscated_phone_number(text: str) -> None:
    assert "phone_number" in kinds(text)


def test_it_keeps_a_slashed_date_a_date() -> None:
    assert kinds("She arrived on 12/03/2001.") == {"date_of_birth"}


@pytest.mark.parametrize(
    "text",
    ["her Line sweetmalee99", "TikTok sweetjobs.th", "Zalo tên lanvn_88", "WeChat wxid_k9x2"],
)
def test_it_finds_a_handle_after_a_platform_word_without_a_colon(text: str) -> None:
    assert "social_handle" in kinds(f"The recruiter used {text} to send the offer.")


def test_it_does_not_take_a_platform_mentioned_in_passing_for_a_handle() -> None:
    assert not kinds("She used Line and Telegram to talk to the recruiter in 2024.")


@pytest.mark.parametrize(
    "plate",
    ["กท 5678 เชียงใหม่", "1กข 2345 กรุงเทพมหานคร", "29A-456.78", "51F-123.45", "ရန်ကုန် ၈ဂ/၁၂၃၄"],
)
def test_it_finds_a_plate_whose_format_is_unmistakable(plate: str) -> None:
    assert "vehicle_plate" in kinds(f"They left in {plate} at night.")


@pytest.mark.parametrize("plate", ["BKT 4821", "3B-7788", "NAB 2345", "YGN 8B-1234"])
def test_it_finds_a_plate_next_to_a_vehicle_word(plate: str) -> None:
    assert "vehicle_plate" in kinds(f"A white van, plate {plate}, waited at the border.")


def test_it_needs_a_vehicle_word_for_a_plate_shaped_code() -> None:
    assert "vehicle_plate" not in kinds("The agency quoted ISO 9001 and form BKT 4821.")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from([0x00, 0x05, 0x41]))
def test_it_finds_any_base58check_address(seed: int, version: int) -> None:
    address = wallets.base58check(random.Random(seed), version)
    assert "crypto_wallet" in kinds(f"Send the deposit to {address} today.")


@settings(max_examples=50, deadline=None)
@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=1, max_value=20))
def test_it_ignores_a_base58_token_whose_checksum_fails(seed: int, where: int) -> None:
    address = wallets.base58check(random.Random(seed), 0)
    alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
    swapped = alphabet[(alphabet.index(address[where]) + 1) % len(alphabet)]
    broken = address[:where] + swapped + address[where + 1 :]
    assert "crypto_wallet" not in kinds(f"Reference {broken} was quoted.")


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_it_finds_any_bech32_and_eip55_address(seed: int) -> None:
    rng = random.Random(seed)
    text = f"Paid to {wallets.segwit(rng)} and to {wallets.eip55(rng)}."
    assert [f.kind for f in scan(text)] == ["crypto_wallet", "crypto_wallet"]


def test_it_ignores_an_ethereum_address_with_a_broken_mixed_case_checksum() -> None:
    address = wallets.eip55(random.Random(7))
    flipped = next(i for i, c in enumerate(address[2:], 2) if c.isalpha())
    broken = address[:flipped] + address[flipped].swapcase() + address[flipped + 1 :]
    assert "crypto_wallet" not in kinds(f"Paid to {broken}.")


def test_it_finds_a_myanmar_nrc_in_burmese_script() -> None:
    assert "national_id" in kinds("မှတ်ပုံတင် ၁၂/မရက(နိုင်)၁၂၃၄၅၆ ကို သိမ်းထားသည်။")


@pytest.mark.parametrize(
    "text",
    [
        "She was kept in room 305, building B of the compound.",
        "The girls lived at Soi 7, Pattaya.",
        "เธอถูกกักตัวไว้ที่ห้อง 305 ตึก B",
        "Cô ấy bị nhốt ở tầng 4, phòng 412.",
        "នាងត្រូវបានឃុំនៅ អគារ B បន្ទប់លេខ ៣០៥ ។",
    ],
)
def test_it_finds_a_phrase_that_pins_a_dwelling(text: str) -> None:
    assert "street_address" in kinds(text)


def test_it_lets_a_single_room_number_pass() -> None:
    assert not kinds("Room 4 of the shelter was set aside for minors; 20 people per room.")


@pytest.mark.parametrize(
    "text",
    [
        "Nguyen Thi Lan left her village in 2023.",
        "Trần Văn Hùng, 17, was moved across the border.",
        "The older sister (Siti Aminah binti Abdullah) paid the broker.",
        "Aung Kyaw Moe worked on the boat for 11 months.",
        "Sok Chantha (16) was found at the compound.",
        "Wang Xiuying was taken to the casino.",
        "สมชาย ใจดี อายุ 17 ปี ถูกพาไปทำงานที่มาเลเซีย",
        "សុខ ចាន់ធូ អាយុ ១៦ ឆ្នាំ ត្រូវបានគេនាំទៅប្រទេសថៃ។",
        "မောင်အောင်ကျော် (အသက် ၁၇ နှစ်) သည် ထိုင်းနိုင်ငံသို့ ရောက်ရှိခဲ့သည်။",
        "李娜，17岁，被带到边境的赌场工作。",
    ],
)
def test_it_finds_a_name_without_a_lead_word(text: str) -> None:
    assert "person_name" in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Survivors returned to Ho Chi Minh City and Hà Giang after Tết.",
        "Boun Pi Mai fell in April, so interviews moved to May.",
        "Chab Dai and the Asia Foundation met in Phnom Penh and Kota Kinabalu.",
        "Workers were Khmer, Lao and Karen; several were Buddhist or Muslim.",
        "The office is on Lê Duẩn street; Trần Hưng Đạo Street was closed.",
        "He worked at Kim Long Restaurant, then at the Sok San Hotel.",
        "Phum Sok An village and Jalan Ahmad Ismail are near the port.",
        "Maria Goretti Church and the Mark Anthony Foundation gave legal aid.",
        "Thai Airways flights and Kim Long Seafood Trading were named in the complaint.",
        "គាត់ ជា កម្មករ នៅ ខែ តុលា ឆ្នាំ ២០២៤ ។ សុខ សប្បាយ ទេ?",
    ],
)
def test_it_does_not_take_places_holidays_or_organisations_for_names(text: str) -> None:
    assert "person_name" not in kinds(text)


def test_it_labels_every_kind_for_the_error_message() -> None:
    from coord.pii.guard import KINDS

    assert set(KIND_LABELS) == set(KINDS)


def test_it_reports_a_plate_by_kind_and_span_without_its_value() -> None:
    text = "A pickup 29A-456.78 waited."
    errors = pii_errors(text)
    assert [(e["kind"], e["start"], e["end"]) for e in errors] == [("vehicle_plate", 9, 19)]
    assert "29A-456.78" not in repr(errors)


@pytest.mark.parametrize(
    "text",
    [
        "Rin Pheakdey, 17, was moved.",
        "Tawan Chaiyasit aged 19 worked there.",
        "Xoxa Bemu (16) ran.",
    ],
)
def test_it_finds_capitalised_words_of_no_known_name_followed_by_an_age(text: str) -> None:
    assert "person_name" in kinds(text)


def test_it_finds_capitalised_words_of_no_known_name_in_parentheses() -> None:
    assert "person_name" in kinds("The cousin (Rin Pheakdey) paid the broker.")


@pytest.mark.parametrize("text", ["Kota Bharu, 17 workers were rescued.", "Koh Kong, 12 people."])
def test_it_does_not_take_a_place_followed_by_a_count_for_a_name(text: str) -> None:
    assert "person_name" not in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "(Ab Cd) " * 5000,
        "BKT 4821 van " * 3000,
        "สมชาย " * 7000,
        "សុខ " * 10000,
        "line a_1 " * 4000,
        "zero " * 8000,
        "Nguyen Van " * 4000,
        "สมชาย ศรีสุข " * 3000,
        "នាង សុខា ចាន់ " * 3000,
        "ສົມ ພົມມະ " * 4000,
        "Abc Def said " * 3000,
        "We met សៅ ម៉ាលី at " * 2000,
        "找到了王小明。" * 5000,
    ],
    ids=[
        "parens",
        "plates",
        "thai",
        "khmer",
        "handles",
        "zeros",
        "caps",
        "thai_family",
        "khmer_person",
        "lao_family",
        "person_slot",
        "script_in_latin",
        "han",
    ],
)
def test_it_scans_40000_characters_of_repeated_matches_in_well_under_two_seconds(text: str) -> None:
    import time

    start = time.process_time()
    scan(text[:40_000])
    assert time.process_time() - start < 2.0


def test_it_still_finds_a_name_after_a_one_letter_title() -> None:
    assert "person_name" in kinds("We met U Mya at the port.")
