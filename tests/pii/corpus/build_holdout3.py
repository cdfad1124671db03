# ruff: noqa: RUF001  (Khmer, Thai, Burmese, Lao text, full-width signs are the point)
"""Builds holdout3.jsonl: issue 15's categories with templates and names used neither in
regional.jsonl (tuned on) nor in holdout2.jsonl. Written and committed BEFORE the second round
of name tuning and NEVER tuned on: only its figures are read (tests/pii/report.py).
All names are invented combinations of common given and family names of each language.
Run: .venv/bin/python tests/pii/corpus/build_holdout3.py
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import wallets

rng = random.Random(31337)


def plain(s: str) -> str:
    """Vietnamese without diacritics."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


NAMES = {
    "vi": [
        "Trương Thị Diệu",
        "Đinh Văn Khoa",
        "Lâm Thị Nhung",
        "Mai Văn Quang",
        "Tạ Thị Loan",
        "Cao Minh Đức",
        "Châu Ngọc Yến",
        "Kiều Văn Thắng",
    ],
    "km": ["ទេព ដាវី", "នួន ពិសី", "ខៀវ បូរ៉ា", "យិន សុធា", "សោម ចាន់ថា"],
    "km_lat": ["Tep Davy", "Nuon Pisey", "Khieu Bora", "Yin Sothea", "Long Vichet", "Bun Sokly"],
    "th": [
        "สมศักดิ์ วงศ์สวัสดิ์",
        "จันทร์เพ็ญ บุญเรือง",
        "ธนพล แสงทอง",
        "ปัทมา รุ่งเรือง",
        "อนุชา พรหมสุวรรณ",
        "วันเพ็ญ สุขเจริญ",
    ],
    "th_lat": [
        "Somsak Wongsawat",
        "Janpen Boonruang",
        "Thanaphon Saengthong",
        "Pattama Rungruang",
        "Anucha Promsuwan",
        "Wanpen Sukcharoen",
    ],
    "my": ["မသီတာအောင်", "ကိုနေလင်းထွန်း", "ဝင်းမြင့်ထွန်း", "နှင်းဝေဖြိုး"],
    "my_lat": ["Hnin Wai Phyo", "Kyaw Zin Oo", "Ei Mon Thant", "Nay Lin Tun"],
    "lo": ["ບຸນເຫຼືອ ພົມມະວົງ", "ດາວເຮືອງ ໄຊຍະວົງ", "ອາລຸນີ ຈັນທະວົງ"],
    "lo_lat": [
        "Bounleua Phommavong",
        "Daoheuang Xayavong",
        "Alouny Chanthavong",
        "Khamphet Inthavong",
    ],
    "ms": [
        "Nur Aisyah binti Razak",
        "Hafiz bin Kamarudin",
        "Siti Rahayu",
        "Budi Santoso",
        "Rina Kusuma",
        "Wan Azlina",
    ],
    "tl": [
        "Marites Garcia",
        "Rodel Aquino",
        "Lorna Dela Cruz",
        "Jomar Pascual",
        "Cherry Mae Flores",
        "Arnel Castillo",
    ],
    "zh": ["周丽", "吴建国", "孙燕", "郭晓明"],
    "zh_lat": ["Zhou Li", "Wu Jianguo", "Sun Yan", "Guo Xiaoming"],
}
EN_TEMPLATES = [
    "Last week {n} told the social worker about the debt.",
    "{n} arrived in Poipet with two other girls.",
    "The case of {n} was referred to the provincial court.",
    "A neighbour of {n} recruited her for a restaurant job.",
    "Our outreach worker interviewed {n} twice in May.",
    "{n} and her brother were recruited through a Facebook group.",
    "The employer paid {n} only half of the promised wage.",
    "After the raid, {n} asked to go home.",
    "Statement taken from {n} on the second day at the shelter.",
    "Mother of {n} reported her missing to the commune police.",
]
LOCAL_TEMPLATES = {
    "vi": [
        "Theo lời kể, {n} bị giữ hộ chiếu ở Sihanoukville.",
        "Gia đình {n} đã vay tiền để trả phí môi giới.",
        "{n} được giải cứu sau ba tháng.",
    ],
    "km": ["{n} ត្រូវបានជួយសង្គ្រោះនៅខែមីនា។", "ក្រុមការងារបានសម្ភាសន៍ {n} នៅមណ្ឌល។"],
    "th": [
        "{n} เล่าว่านายจ้างยึดหนังสือเดินทาง",
        "ทีมงานสัมภาษณ์ {n} ที่ศูนย์พักพิง",
        "แม่ของ {n} ขอให้ตำรวจช่วย",
    ],
    "my": [
        "{n} ကို ကယ်ဆယ်ပြီးနောက် ဆေးရုံသို့ ပို့ခဲ့သည်။",
        "ပွဲစားသည် {n} ထံမှ ငွေ ယူခဲ့သည်။",
    ],
    "lo": ["{n} ໄດ້ກັບບ້ານຫຼັງຈາກສາມເດືອນ.", "ພໍ່ແມ່ຂອງ {n} ໄດ້ແຈ້ງຕຳຫຼວດ."],
    "zh": ["{n}说老板扣了她的护照。", "警方在赌场找到了{n}。"],
    "ms": ["{n} bekerja di kilang di Johor selama enam bulan.", "Ejen itu membawa {n} ke Batam."],
    "tl": [
        "Si {n} ay dinala sa isang bahay sa Maynila.",
        "{n} ay nagtrabaho sa Sabah nang walang sahod.",
    ],
}
EMAILS = [
    "dara.tep [at] yahoo [dot] com",
    "jianguo.wu(at)qq(dot)com",
    "pattama_r at gmail dot com",
    "hr＠mekong-jobs.com",
    "nay.lin (at) gmail (dot) com",
    "aisyah.razak [at] yahoo.com.my",
]
EMAIL_FRAMES = ["Contact for the visa was {v}, per the ad.", "Gửi hồ sơ về {v} trước thứ Sáu."]
PHONES = [
    "088/123/4567",
    "O97 123 4567",
    "09S 111 2222",
    "0l7 222 333",
    "+66 8l 234 5678",
    "zero eight nine, one two three, four five six seven",
    "ศูนย์ แปด หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด",
    "khong chin mot hai ba bon nam sau bay tam",
    "សូន្យ ប្រាំបី បួន មួយ ពីរ បី ប្រាំ ប្រាំពីរ ប្រាំបួន",
    "သုည ရှစ် ကိုး တစ် နှစ် သုံး လေး ငါး ခြောက်",
]
PHONE_FRAMES = [
    "The driver's number, {v}, was saved in her phone.",
    "Broker phone: {v} (no answer).",
]
HANDLES = [
    "find her on Line pattama.r",
    "WhatsApp wu_jianguo",
    "TikTok daoheuang.x",
    "Zalo dieu_truong92",
    "Facebook lorna.delacruz.5",
    "IG aisyah_rz",
    "Viber naylin_77",
    "WeChat guoxm_1988",
    "Signal bora.kh",
    "Telegram account sokly_888",
]
HANDLE_FRAMES = ["The recruiter said to {v} for details.", "Evidence: chats from {v}."]
PLATES = [
    "2กษ 7788 กรุงเทพมหานคร",
    "ขก 3456 ขอนแก่น",
    "51F-123.45",
    "29C-678.90",
    "JQM 4455",
    "NDE 4512",
    "Phnom Penh 2BA-3344",
    "1C-2211",
    "MDY 5C-6677",
    "ກທ 5678",
]
PLATE_FRAMES = [
    "The pickup {v} was seen near the pier.",
    "A motorbike with plate {v} followed them.",
    "The bus ({v}) left at dawn.",
]
NRC = ["၉/မထလ(နိုင်)၃၄၅၆၇၈", "၁၄/ပသန(နိုင်)၀၁၂၃၄၅", "၅/မရန(နိုင်)၂၂၃၃၄၄"]
NRC_FRAMES = ["သူ၏ မှတ်ပုံတင် {v} ကို ပွဲစားက ယူထားသည်။", "A copy of {v} was found in the office."]
DWELLINGS = [
    "Room 12, 3rd floor, Star Tower, Sihanoukville",
    "Building 7, Room 415",
    "ซอย 5 ห้อง 12",
    "tầng 3, phòng 305",
    "ជាន់ទី ៤ បន្ទប់ ៤០២",
    "Block B, Level 6, Unit 6-3",
    "အခန်း ၁၂ ထပ် ၃",
]
DWELLING_FRAMES = ["She was kept at {v} for two months.", "The address given was {v}."]
CLEAN = {
    "en": [
        "IOM and UNODC held a workshop in Bangkok on the Bali Process.",
        "Returnees crossed at Moc Bai and were met by the Tay Ninh provincial police.",
        "The Cambodian Women's Crisis Center sheltered three girls from Svay Rieng.",
        "Before Pchum Ben the recruiters targeted families in Prey Veng and Takeo.",
        "Most victims came from Ayeyarwady Region, Bago Region and Rakhine State.",
        "Myawaddy, Shwe Kokko and Payathonzu are the main scam hubs named in the reports.",
        "During Ramadan the factory in Selangor reduced shifts.",
        "Christmas and New Year were spent at the Good Shepherd Sisters shelter in Manila.",
        "The Philippine Overseas Employment Administration suspended the agency in Quezon City.",
        "Tenaganita and SUHAKAM raised the case with the Malaysian Home Ministry.",
        "Workers flew from Hanoi to Kuala Lumpur and then went by road to Kota Kinabalu.",
        "The Lao Women's Union in Savannakhet ran the reintegration course.",
        "Vientiane Capital and Luang Prabang Province signed the referral protocol.",
        "Chinese-owned casinos in Bokeo's Golden Triangle Special Economic Zone were raided.",
        "Hmong, Akha and Lahu villagers were recruited for farms in Yunnan.",
        "Songkran in Chiang Rai and Thingyan in Tachileik fall in the same week.",
        "Victims were Buddhist, Muslim and Christian; some were Cham.",
        "The Thai Department of Special Investigation worked with Cambodian National Police.",
        "The boat sailed from Ranong to Kawthaung, then to the Andaman Sea.",
        "Job offers were posted on Facebook, Telegram, Line and WeChat in October.",
        "Save the Children and World Vision ran hotlines in Battambang and Banteay Meanchey.",
        "In February, after Tet, many workers left Nghe An and Ha Tinh.",
        "The Blue Dragon Children's Foundation helped girls returning from China.",
        "The shelter in Siem Reap celebrated Khmer New Year with the girls.",
        "Migrants from Sulawesi and Nusa Tenggara Timur were sent to Sabah.",
        "The Manila International Airport Authority trained its immigration staff.",
        "Mae Sot, Mae Sai and Aranyaprathet are the busiest crossings.",
        "LPN Foundation and the Stella Maris seafarers' centre in Songkhla assisted fishers.",
        "The Karen and Shan workers spoke little Thai.",
        "A hearing at the Phnom Penh Municipal Court was set for Monday.",
        "The Myanmar Anti-Trafficking in Persons Division met the Thai police in Kanchanaburi.",
        "Vesak Day and Hari Raya were public holidays at the Johor plant.",
        "The team drove along National Road 5 from Sisophon to Poipet.",
        "Staff of the Department of Social Welfare in Mandalay met UN Women.",
        "Boats from Benjina and Ambon were inspected by the Indonesian navy.",
        "The Vietnam Ministry of Labour, Invalids and Social Affairs repatriated 40 workers.",
    ],
    "th": [
        "มูลนิธิกระจกเงาและตำรวจภูธรจังหวัดตากร่วมกันช่วยเหลือผู้เสียหาย",
        "ช่วงสงกรานต์แรงงานจากสุรินทร์และบุรีรัมย์เดินทางไประยอง",
    ],
    "vi": [
        "Công an tỉnh Lào Cai phối hợp với Tổ chức Rồng Xanh đón nạn nhân về.",
        "Sau Tết Nguyên Đán, nhiều lao động từ Thanh Hóa sang Campuchia.",
    ],
    "km": [
        "មណ្ឌលរបស់អង្គការ ហាហ្គឺ នៅខេត្តបាត់ដំបង ទទួលជនរងគ្រោះបីនាក់។",
        "នៅពិធីភ្ជុំបិណ្ឌ ក្រុមការងារបានទៅខេត្តស្វាយរៀង។",
    ],
    "my": ["ရန်ကုန်နှင့် မန္တလေးမှ အလုပ်သမားများ မြဝတီသို့ ရောက်ရှိခဲ့သည်။"],
    "lo": ["ສະຫະພັນແມ່ຍິງລາວ ແຂວງສະຫວັນນະເຂດ ໄດ້ຊ່ວຍເຫຼືອຜູ້ເຄາະຮ້າຍ."],
    "ms": ["Polis Diraja Malaysia menyelamatkan pekerja di Kedah selepas Hari Raya."],
    "tl": ["Tinulungan ng DSWD at ng IOM ang mga manggagawa mula sa Mindanao."],
    "zh": ["云南警方在西双版纳解救了十二名工人。"],
}


def main() -> None:
    rows: list[dict] = []

    def add(text: str, kinds: list[str], lang: str, group: str) -> None:
        rows.append({"text": text, "kinds": kinds, "lang": lang, "group": group})

    for key, names in NAMES.items():
        lang = key.split("_")[0]
        latin = key.endswith("_lat")
        for name in names:
            local = LOCAL_TEMPLATES.get(lang)
            if latin or not local or (lang in ("ms", "tl") and rng.random() < 0.5):
                tpl = rng.choice(EN_TEMPLATES)
            else:
                tpl = rng.choice(local)
            add(tpl.format(n=name), ["person_name"], lang, "name_lat" if latin else "name")
            if lang == "vi":
                add(
                    rng.choice(EN_TEMPLATES).format(n=plain(name)),
                    ["person_name"],
                    lang,
                    "name_plain",
                )
    for v in EMAILS:
        add(rng.choice(EMAIL_FRAMES).format(v=v), ["email"], "mixed", "email_obfuscated")
    for v in PHONES:
        add(rng.choice(PHONE_FRAMES).format(v=v), ["phone_number"], "mixed", "phone_obfuscated")
    for v in HANDLES:
        add(rng.choice(HANDLE_FRAMES).format(v=v), ["social_handle"], "mixed", "handle_nocolon")
    for v in PLATES:
        add(rng.choice(PLATE_FRAMES).format(v=v), ["vehicle_plate"], "mixed", "plate")
    for make in (
        lambda: wallets.base58check(rng, 0x05),
        lambda: wallets.base58check(rng, 0x41),
        lambda: wallets.segwit(rng),
        lambda: wallets.eip55(rng),
    ):
        for _ in range(2):
            add(
                f"The recruiter asked for a deposit in USDT to {make()} before departure.",
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

    out = Path(__file__).with_name("holdout3.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines -> {out}")


if __name__ == "__main__":
    main()
