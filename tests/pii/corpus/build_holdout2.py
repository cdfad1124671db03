# ruff: noqa: RUF001  (Khmer, Thai, Burmese, Lao text, full-width signs are the point)
"""Builds holdout2.jsonl: the issue-15 categories with other templates and other names than
regional.jsonl, written at the same time, before any tuning, and NEVER tuned on. Only its
figures are read (tests/pii/report.py); a miss here is reported, not fixed by a special case.
All names are invented combinations of common given and family names.
Run: .venv/bin/python tests/pii/corpus/build_holdout2.py
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import wallets

rng = random.Random(4242)


def plain(s: str) -> str:
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


NAMES = {
    "vi": [
        "Huỳnh Thị Ngọc",
        "Phan Văn Tài",
        "Võ Thị Kim",
        "Dương Văn Phúc",
        "Lý Thị Thanh",
        "Hồ Văn Sơn",
    ],
    "km": ["ស៊ុន សុភាព", "កែវ ចន្ធី", "ម៉ៅ សារ៉ុង"],
    "km_lat": ["Pich Sovann", "Ly Sokunthea", "Nhem Rattana", "Ouk Sreypov"],
    "th": ["อรุณ ศรีทอง", "นภา มีสุข", "กมล ชัยวงศ์"],
    "th_lat": ["Arun Srithong", "Napha Meesuk", "Kamol Chaiwong"],
    "my": ["မောင်ဇော်မင်း", "မနွယ်နီ", "ကိုမင်းထက်"],
    "my_lat": ["Min Htet Aung", "Su Mon Kyaw", "Thura Zaw"],
    "lo": ["ແສງດາວ ວົງສາ", "ພອນສະຫວັນ ສີລາ"],
    "lo_lat": ["Phonsavanh Sila", "Sengdao Vongsa"],
    "ms": ["Farah binti Yusof", "Azman bin Osman", "Putri Wulandari"],
    "tl": ["Jocelyn Dela Rosa", "Ramon Mendoza", "Angelica Ramos"],
    "zh": ["刘芳", "赵丽华"],
    "zh_lat": ["Liu Fang", "Huang Jun"],
}
EN_TEMPLATES = [
    "According to the shelter, {n} was 15 when the agent approached the family.",
    "{n} says the supervisor beat workers who missed the quota.",
    "Both girls, {n} and her cousin, were sold to the same karaoke bar.",
    "Intake interview: {n}, female, 22, from a fishing village.",
    "We met {n} at the border post in March.",
]
LOCAL_TEMPLATES = {
    "vi": [
        "Em {n} kể rằng bị đánh khi không đủ chỉ tiêu.",
        "Chị gái của {n} đã trả tiền cho môi giới.",
    ],
    "km": ["នាង {n} បានរត់គេចខ្លួនពីរោងចក្រ។", "ឪពុករបស់ {n} បានខ្ចីលុយពីមេខ្យល់។"],
    "th": ["น้องสาวของ {n} ถูกหลอกไปทำงาน", "เจ้าหน้าที่พบ {n} ที่ด่านชายแดน"],
    "my": ["{n}၏ မိခင်သည် ပွဲစားထံ ငွေချေးခဲ့သည်။", "ရဲက {n} ကို နယ်စပ်တွင် တွေ့ရှိခဲ့သည်။"],
    "lo": ["ເຈົ້າໜ້າທີ່ພົບ {n} ຢູ່ດ່ານຊາຍແດນ."],
    "zh": ["中介把{n}带到了边境。"],
}
EMAILS = [
    "sovann.pich [at] gmail [dot] com",
    "ngoc.huynh(at)gmail(dot)com",
    "arun at yahoo dot co dot th",
    "jobs＠agency-mm.com",
    "farah.y [at] hotmail.com",
    "tai_phan (at) outlook . com",
]
PHONES = [
    "097/765/4321",
    "O89 765 4321",
    "0I6 555 777",
    "09l2 345 678",
    "+84 9l2 345 678",
    "zero nine two, three four five, six seven eight nine",
    "ศูนย์ หก สี่ เก้า แปด เจ็ด หก ห้า สี่ สาม",
    "không chín ba tám bảy sáu năm bốn ba hai",
    "សូន្យ ប្រាំមួយ មួយ ពីរ បី បួន ប្រាំ ប្រាំមួយ",
    "သုည ကိုး ခုနစ် ရှစ် ငါး လေး သုံး နှစ် တစ် သုည",
]
HANDLES = [
    "my line is arun_srithong",
    "TikTok handle ngoc.huynh.03",
    "Telegram sovann_pp",
    "Zalo phantai1990",
    "WeChat liufang_88",
    "Instagram putri.w99",
    "Facebook ramon.mendoza.77",
    "Viber minhtet_95",
    "LINE napha.mee",
    "Signal sreypov_kh",
]
HANDLE_FRAMES = ["Later the agent wrote from {v}.", "He asked her to add {v}."]
PLATES = [
    "กข 1234 ตาก",
    "3กค 9012 ชลบุรี",
    "43B-555.21",
    "14A-987.65",
    "WQA 7812",
    "PKN 3309",
    "2C-4412",
    "Banteay Meanchey 1A-9981",
    "YGN 4D-5521",
    "NCR 1234",
]
PLATE_FRAMES = [
    "They were driven away in a minivan {v}.",
    "Car plate {v} belonged to the broker.",
    "The taxi ({v}) took them to the port.",
]
NRC = ["၁၃/လရန(နိုင်)၂၃၄၅၆၇", "၈/မကန(နိုင်)၁၁၂၂၃၃", "၁၂/ဒဂန(နိုင်) ၉၈၇၆၅၄"]
NRC_FRAMES = ["သူမ၏ နိုင်ငံသားစိစစ်ရေးကတ် {v} ပျောက်ဆုံးသွားသည်။", "The broker photographed {v}."]
DWELLINGS = [
    "Room 508, Building D, near the Kings Romans casino",
    "floor 2, block A, Jinbei compound",
    "ซอย 12 ห้อง 7",
    "phòng 201, tầng 2, dãy C",
    "អគារ C ជាន់ទី ២ បន្ទប់ ២០១",
    "Unit 5-2, Block C, Taman Melati",
]
DWELLING_FRAMES = ["They were locked in {v}.", "The police found them in {v}."]
CLEAN = {
    "en": [
        "The Anti-Trafficking in Persons Division in Vientiane coordinated with Nong Khai police.",
        "During Songkran and Thingyan fewer workers were allowed to travel.",
        "Partners included Hagar Cambodia, ECPAT and the International Justice Mission.",
        "The victims were Lao and Hmong; several were Christian.",
        "Job ads appeared on TikTok and Facebook, then moved to Telegram groups.",
        "Kampong Som and Koh Kong were named as the final destinations.",
        "In December the team visited Tachileik, Mae Sai and Chiang Saen.",
        "The Vietnam Women's Union in Quảng Ninh received the returnees.",
        "Eid al-Fitr and Deepavali were the only holidays given in Penang.",
        "She prayed at the pagoda in Battambang every Sunday.",
        "The compound in Myawaddy, called KK Park by workers, was raided in 2025.",
        "Line and WhatsApp messages were screenshotted as evidence.",
        "Workers came from Cebu, Davao and Iloilo via Zamboanga.",
        "The Burmese, Karen and Mon workers lived in separate barracks.",
        "UNICEF and Save the Children funded the reintegration programme.",
        "A Malaysian company and a Thai broker were named in the complaint.",
        "The fishing fleet returned to Samut Sakhon before Loy Krathong.",
        "The van had Thai plates but the driver spoke Khmer.",
        "Lao PDR and Viet Nam signed a memorandum in Hanoi.",
        "Trat, Chanthaburi and Sa Kaeo border Cambodia.",
        "Payments were made in crypto, mostly USDT on the Tron network.",
        "Floor 3 of the building was used for the scam operation.",
        "Mandalay Region and Shan State are the main areas of origin.",
        "The Catholic church in Mae Sot offered temporary shelter.",
        "Staff from Chab Dai met the Ministry of Social Affairs in Phnom Penh.",
    ],
    "th": [
        "ผู้เสียหายชาวลาวถูกพาจากหนองคายไปนครราชสีมา",
        "ช่วงลอยกระทงมีการประกาศรับสมัครงานทางติ๊กต็อก",
        "มูลนิธิเพื่อนหญิงประสานงานกับตำรวจที่แม่สอด",
    ],
    "vi": [
        "Hội Liên hiệp Phụ nữ tỉnh Quảng Ninh tiếp nhận nạn nhân.",
        "Nạn nhân bị đưa từ Hà Giang sang Trung Quốc sau Tết.",
        "Nhóm tuyển dụng trên TikTok và Zalo.",
    ],
    "km": ["ក្រុមការងារបានទៅខេត្តកោះកុង និងខេត្តព្រះសីហនុ។", "ពិធីបុណ្យចូលឆ្នាំខ្មែរ ធ្វើឱ្យការសម្ភាសន៍ត្រូវពន្យារពេល។"],
    "my": ["မြဝတီနှင့် တာချီလိတ်တွင် လိမ်လည်ရေးစခန်းများ ရှိသည်။", "ကရင်နှင့် မွန် အလုပ်သမားများ ပါဝင်သည်။"],
    "lo": ["ແຮງງານຈາກຫຼວງນ້ຳທາ ໄປເຮັດວຽກຢູ່ບໍ່ແກ້ວ."],
    "ms": ["Mangsa dari Kelantan dan Terengganu dibantu oleh Tenaganita."],
}


def main() -> None:
    rows: list[dict] = []

    def add(text: str, kinds: list[str], lang: str, group: str) -> None:
        rows.append({"text": text, "kinds": kinds, "lang": lang, "group": group})

    for key, names in NAMES.items():
        lang = key.split("_")[0]
        for name in names:
            latin = key.endswith("_lat") or key in ("ms", "tl")
            tpl = rng.choice(EN_TEMPLATES if latin else LOCAL_TEMPLATES[lang])
            add(tpl.format(n=name), ["person_name"], lang, "name")
            if lang == "vi":
                add(
                    rng.choice(EN_TEMPLATES).format(n=plain(name)),
                    ["person_name"],
                    lang,
                    "name_plain",
                )
    for v in EMAILS:
        add(f"Her new contact: {v}.", ["email"], "mixed", "email_obfuscated")
    for v in PHONES:
        add(
            f"The number given was {v}, now switched off.",
            ["phone_number"],
            "mixed",
            "phone_obfuscated",
        )
    for v in HANDLES:
        add(rng.choice(HANDLE_FRAMES).format(v=v), ["social_handle"], "mixed", "handle_nocolon")
    for v in PLATES:
        add(rng.choice(PLATE_FRAMES).format(v=v), ["vehicle_plate"], "mixed", "plate")
    for make in (
        lambda: wallets.base58check(rng, 0),
        lambda: wallets.base58check(rng, 0x41),
        lambda: wallets.segwit(rng),
        lambda: wallets.eip55(rng),
    ):
        for _ in range(2):
            add(
                f"Victims transferred their savings to {make()} over three weeks.",
                ["crypto_wallet"],
                "mixed",
                "wallet",
            )
    for v in NRC:
        add(rng.choice(NRC_FRAMES).format(v=v), ["national_id"], "my", "nrc_burmese")
    for v in DWELLINGS:
        add(rng.choice(DWELLING_FRAMES).format(v=v), ["street_address"], "mixed", "dwelling")
    for lang, texts in CLEAN.items():
        for text in texts:
            add(text, [], lang, "clean_regional")

    out = Path(__file__).with_name("holdout2.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines -> {out}")


if __name__ == "__main__":
    main()
