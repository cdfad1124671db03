"""Issue 15, round 3: phrases that pin a dwelling (kind ``street_address``), in every language of
the region, and sentences that use the same words for roads, counts, offices and lists."""

from __future__ import annotations

import time

import pytest

from coord.pii.guard import scan


def dwelling_spans(text: str) -> list[str]:
    return [text[f.start : f.end] for f in scan(text) if f.kind == "street_address"]


@pytest.mark.parametrize(
    "text",
    [
        "They kept her in Soi 9 next to the car wash, room 11.",
        "He moved to flat 2 on the 6th floor of the block.",
        "The twins slept on the fourth floor, room 40, of a guesthouse.",
        "She lives at house number 33, Phum Svay Chrum.",
        "The address was apartment 7D.",
        "Room 15 at the Happy Star guesthouse was used by the broker.",
        "They shared dorm 2, bed 7.",
        "Unit 8-02, Block F, Taman Mutiara.",
        "Lorong 2, rumah no. 17, near the surau.",
        "Kami bertemu di Jl. Kenanga No. 21.",
        "Ia disekap di kamar 3 lantai 4.",
        "Họ ở phòng 18 tầng 5 của khu trọ.",
        "Chị ấy thuê căn hộ 904 gần chợ.",
        "co ay o phong 7 tang 2 gan ben xe",
        "Nhà số 21 ngõ 44 là nơi họ bị giữ.",
        "นายหน้าให้อยู่ที่ ซอย ๕ ห้อง ๑๒",
        "ถูกกักไว้ที่อาคาร ข ชั้นที่ 4",
        "នាងនៅបន្ទប់លេខ ៨ ជាន់ទី ២។",
        "ផ្ទះជួលលេខ ១៥ ជាកន្លែងស្នាក់នៅ។",
        "ဘလောက် ၇ အခန်း ၁၂ တွင် နေသည်။",
        "(၄) လွှာ၊ အခန်း ၄၀၁ တွင် တွေ့သည်။",
        "ເຮືອນເລກທີ 14 ບ້ານນາໄຊ.",
        "ພວກເຂົາຢູ່ ອາຄານ C ຊັ້ນ ໒.",
    ],
)
def test_it_finds_a_phrase_that_pins_a_dwelling_in_every_language(text: str) -> None:
    assert dwelling_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "National Road 5 and Route 13 were closed for a week.",
        "There is room for 12 more people at the shelter.",
        "The 3rd district court adjourned the hearing.",
        "A block grant of 9,000 dollars paid for the hotline.",
        "Block 2 of the course covered labour law; unit 3 covered referral.",
        "Prices stayed flat 2 years running.",
        "The shelter has 60 beds on 3 floors.",
        "Lane 1 of the highway was closed near Bavet.",
        "The hearing was held in Room 101 at the Ministry of Justice.",
        "Training at level 2, level 3 and level 4 was held in May.",
        "Unit 1, Lesson 3 covers referral.",
        "Quốc lộ 1A và tỉnh lộ 8 bị ngập.",
        "Cuộc họp ở phòng 2, Sở Tư pháp tỉnh.",
        "โรงแรมมี 5 ชั้น และ 80 ห้อง",
        "ห้องน้ำ ชั้น 3 ปิดซ่อม",
        "ផ្លូវជាតិលេខ ៤ ត្រូវបានបិទ។",
        "រោងចក្រមានអគារ ២ ជាន់ និងបន្ទប់ ៣០។",
        "အဆောက်အအုံ ၅ ထပ်တွင် အခန်း ၆၀ ရှိသည်။",
        "ຫ້ອງການ 2 ແຫ່ງ ໄດ້ຊ່ວຍ.",
        "Kamar mandi di lantai 3 rusak.",
    ],
)
def test_it_lets_roads_counts_offices_and_lists_pass(text: str) -> None:
    assert not dwelling_spans(text)


def test_it_reports_the_phrase_from_its_first_element_to_its_last() -> None:
    text = "She was held in Soi 4 behind the wet market, room 9, for a month."
    assert dwelling_spans(text) == ["Soi 4 behind the wet market, room 9"]


def test_it_takes_an_ordinal_floor_as_an_element() -> None:
    assert dwelling_spans("They stayed in block E, 7th floor.") == ["block E, 7th floor"]


def test_it_lets_a_lone_ordinal_floor_pass() -> None:
    assert not dwelling_spans("She worked on the 2nd floor of a garment factory.")


def test_it_lets_a_lone_house_number_word_pass_without_its_number() -> None:
    assert not dwelling_spans("The house number was never written down.")


def test_it_finds_a_street_then_a_house_number() -> None:
    assert dwelling_spans("Alamatnya Gang Anggrek No. 8, Depok.") == ["Gang Anggrek No. 8"]


def test_it_needs_another_element_beside_a_bare_number() -> None:
    assert not dwelling_spans("Case No. 12, filed in March, was closed.")


@pytest.mark.parametrize(
    "text",
    ["เธอถูกขังในห้อง 5 บนชั้น 3", "នាងនៅក្នុងបន្ទប់ ៣ នៃអគារ ខ។", "ນາງຢູ່ໃນຫ້ອງ 4 ຂອງຕຶກ B"],
)
def test_it_finds_script_elements_glued_to_the_word_before_and_joined_by_a_preposition(
    text: str,
) -> None:
    assert dwelling_spans(text)


def test_it_reports_a_lao_dwelling_rather_than_a_name_after_a_glued_title() -> None:
    assert dwelling_spans("ນາງຖືກຂັງຢູ່ ຫ້ອງ 7 ຊັ້ນ 2.") == ["ຫ້ອງ 7 ຊັ້ນ 2"]


@pytest.mark.parametrize(
    "text",
    [
        "room 1 near the a, " * 2500,
        "4th floor " * 4000,
        "level 1, " * 5000,
        "(၃) လွှာ " * 4000,
        "ห้อง 1 " * 6000,
    ],
    ids=["landmarks", "floors", "list", "burmese_floors", "thai_rooms"],
)
def test_it_scans_40000_characters_of_dwelling_words_in_well_under_two_seconds(text: str) -> None:
    start = time.process_time()
    scan(text[:40_000])
    assert time.process_time() - start < 2.0
