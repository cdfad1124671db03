# ruff: noqa: RUF001, E501  (Khmer, Thai, Burmese text and digits are the point of these lines)
"""Builds corpus.jsonl: hand-written narratives and identifiers, combined with a fixed seed.

Written before the detectors were tuned. Each line: {"text", "kinds", "lang", "group"}.
``kinds`` lists the identifier kinds the text holds (empty for clean narratives).
Run: .venv/bin/python tests/pii/corpus/build_corpus.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

rng = random.Random(20261125)

# --- Clean, de-identified narrative sentences (hard negatives included) -------------------
EN = [
    "The survivor was recruited through a Facebook job advert promising restaurant work in Bangkok.",
    "She was 17 when she left her village in 2019 with two cousins.",
    "The broker charged the family 3,500 USD and kept the debt growing every month.",
    "He worked 18 hours a day, 7 days a week, on a fishing vessel with 40 other crew.",
    "Wages of 8,000 THB per month were promised but nothing was paid for 11 months.",
    "Her passport was confiscated by the employer on arrival.",
    "His ID card was kept by the supervisor and he could not leave the compound.",
    "The case was referred to a partner shelter in October 2025.",
    "Case C-7K2M9XQ4PA was linked to case C-3HJ8W2ZP5N after both mentioned the same agency.",
    "The survivor comes from region KH-12 and was moved through TH-23 before reaching MY-14.",
    "Between 2018 and 2021 at least 23 workers from the same district were sent abroad.",
    "She called the hotline from a borrowed phone and asked for help.",
    "The family owed 45,000 baht to the recruiter, which was deducted from wages.",
    "Three children aged 4, 7 and 9 were found begging near the market.",
    "The group of 12 men travelled 1,200 km by minivan to the border crossing.",
    "In March 2024 the scam compound moved to a new building near the casino area.",
    "Reported month 2024-10; follow-up planned for 2025-01.",
    "He was promised a job in construction but was forced to run online scams.",
    "She was threatened with violence if she contacted her family.",
    "The employer withheld 60% of the salary as a so-called security deposit.",
    "The victim's mother received 200 USD in advance, which became a debt of 2,000 USD.",
    "Police rescued 57 people in the raid; 14 were under 18.",
    "She was sold for 15,000 yuan and forced to marry a man twenty years older.",
    "The bank account he was told to open was controlled by the recruiter.",
    "He used his phone to record the working conditions but it was taken from him.",
    "After 6 weeks in the shelter she returned home with support for vocational training.",
    "The boat stayed at sea for 9 months and transshipped catch every 2 weeks.",
    "Around 300 workers lived in dormitories with 20 people per room.",
    "The recruiter met the survivor at a bus station and offered a factory job.",
    "Messages were exchanged over a messaging app; the account has since been deleted.",
    "She earned 150 ringgit in her first month after deductions of 1,100 ringgit.",
    "Ages ranged from 15 to 34; most had completed only primary school.",
    "The survivor stayed at the shelter from week 3 to week 10 of the programme.",
    "He paid 30,000,000 VND to a broker for a job that did not exist.",
    "The survivor speaks Khmer and some Thai, and needed an interpreter for 2 interviews.",
    "They crossed at night and walked for about 4 hours through the forest.",
    "A relative introduced her to the agent in early 2023.",
    "The employer said the debt would be cleared after 24 months of work.",
    "Legal aid filed a complaint with the labour court in Q3 2024.",
    "Loan of 1,500,000 kyat was taken to pay for travel and documents.",
    "She was 16 and in grade 9 when she stopped going to school.",
    "Quota: 120 kg of fish per shift; workers who missed it were beaten.",
    "The case involves forced criminality in an online fraud compound in the border zone.",
    "Follow-up call scheduled for the second week of December 2025.",
    "He was transferred between 3 compounds over 14 months.",
    "The agency name and its licence are recorded in the partner's files, not here.",
    "Transport cost was 250 USD per person; the survivor paid 50 up front.",
    "Out of 95 screened cases, 31 met the trafficking definition.",
    "The survivor reported symptoms of depression and received counselling 2 times per week.",
    "Room 4 of the shelter was set aside for minors.",
    "She worked as a domestic worker for a family of 6 without a day off.",
    "The platform removed the job ad after the report; version 2.1.3 of the app was used.",
    "The survivor was moved on National Road 5 towards the border.",
    "He received 1 meal a day and slept 4 hours a night.",
    "The victim was aged 24 at intake and had a 2-year-old child.",
    "Referral ref. KH-2025-0042 was closed after reintegration.",
    "Working hours were 06:00 to 22:00 with a 30 minute break.",
    "The employer's debt ledger showed 12,450 ringgit owed after 8 months.",
    "A total of 1,280 calls reached the network hotline in 2024.",
    "She was told to call her family only once every 3 months.",
]

KM = [
    "ជនរងគ្រោះត្រូវបានជ្រើសរើសតាមរយៈហ្វេសប៊ុក ហើយត្រូវបានបញ្ជូនទៅធ្វើការនៅប្រទេសថៃ។",
    "នាងមានអាយុ ១៧ ឆ្នាំ នៅពេលនាងចាកចេញពីភូមិ។",
    "ឪពុកម្តាយរបស់នាងជំពាក់បំណុល ៣,០០០ ដុល្លារ។",
    "នាងធ្វើការ ១៦ ម៉ោងក្នុងមួយថ្ងៃ នៅរោងចក្រ។",
    "លិខិតឆ្លងដែនរបស់នាងត្រូវបានរឹបអូសដោយនិយោជក។",
    "ករណីនេះត្រូវបានបញ្ជូនទៅអង្គការដៃគូនៅខែតុលា ឆ្នាំ២០២៥។",
    "គាត់ត្រូវបានបង្ខំឱ្យធ្វើការបោកប្រាស់តាមអនឡាញអស់រយៈពេល ៨ ខែ។",
    "ក្រុមមនុស្ស ១២ នាក់ត្រូវបានដឹកជញ្ជូនឆ្លងព្រំដែននៅពេលយប់។",
    "នាងបានទូរស័ព្ទទៅខ្សែទូរស័ព្ទជំនួយ ហើយសុំជំនួយ។",
    "ជនរងគ្រោះបានស្នាក់នៅក្នុងជម្រកអស់រយៈពេល ៦ សប្តាហ៍។",
    "និយោជកមិនបានបើកប្រាក់ខែអស់រយៈពេល ១១ ខែ។",
    "គាត់បានចុះឈ្មោះនៅក្នុងកម្មវិធីបណ្តុះបណ្តាលវិជ្ជាជីវៈ។",
]

TH = [
    "ผู้เสียหายถูกชักชวนผ่านเฟซบุ๊กให้ไปทำงานที่มาเลเซีย",
    "เธออายุ 16 ปี เมื่อถูกพาข้ามชายแดน",
    "นายจ้างยึดหนังสือเดินทางและไม่จ่ายค่าจ้างเป็นเวลา 8 เดือน",
    "ต้องทำงานวันละ 18 ชั่วโมง บนเรือประมง",
    "ครอบครัวเป็นหนี้นายหน้า 45,000 บาท",
    "เธอเชื่อว่าจะได้งานในร้านอาหาร",
    "เหตุการณ์เกิดขึ้นในเดือนตุลาคม 2568",
    "ผู้เสียหายได้รับการส่งต่อไปยังบ้านพักเด็กและครอบครัว",
    "มีแรงงาน ๒๓ คนอยู่ในห้องเดียวกัน",
    "นายหน้าสัญญาว่าจะได้เงินเดือน 12,000 บาท",
    "เขามีชื่อเสียงในหมู่บ้านว่าเป็นคนขยัน",
    "บัตรประชาชนของเธอถูกนายจ้างเก็บไว้",
]

VI = [
    "Nạn nhân được tuyển dụng qua Facebook với lời hứa việc làm lương cao ở Campuchia.",
    "Cô ấy 17 tuổi khi rời khỏi nhà vào năm 2023.",
    "Gia đình phải trả 30.000.000 đồng cho người môi giới.",
    "Anh ấy bị giữ hộ chiếu và phải làm việc 15 giờ mỗi ngày.",
    "Vụ việc được chuyển đến tổ chức đối tác vào tháng 10 năm 2025.",
    "Nhóm gồm 12 người lao động từ cùng một huyện.",
    "Chủ lao động giữ lại 2.500.000 đồng tiền lương mỗi tháng.",
    "Nạn nhân bị ép lừa đảo trực tuyến trong 9 tháng.",
    "Cô ấy gọi đường dây nóng để xin giúp đỡ.",
    "Sau 6 tuần ở nhà tạm lánh, cô ấy trở về với gia đình.",
    "Người môi giới hứa mức lương 1.500 USD mỗi tháng.",
    "Căn cước công dân của anh ấy bị giữ lại.",
]

MY = [
    "သားကောင်သည် Facebook မှတဆင့် ထိုင်းနိုင်ငံတွင် အလုပ်ရမည်ဟု ဆွဲဆောင်ခံခဲ့ရသည်။",
    "သူမသည် အသက် ၁၆ နှစ်အရွယ်တွင် ရွာမှ ထွက်ခွာခဲ့သည်။",
    "အလုပ်ရှင်က သူ၏ နိုင်ငံကူးလက်မှတ်ကို သိမ်းထားခဲ့သည်။",
    "တစ်နေ့လျှင် ၁၈ နာရီ ငါးဖမ်းလှေပေါ်တွင် အလုပ်လုပ်ခဲ့ရသည်။",
    "မိသားစုသည် ပွဲစားထံ ကျပ် ၂,၀၀၀,၀၀၀ အကြွေးတင်ခဲ့သည်။",
    "အမှုကို ၂၀၂၅ ခုနှစ် အောက်တိုဘာလတွင် လွှဲပြောင်းခဲ့သည်။",
    "အလုပ်သမား ၃၀ ဦးကို အိပ်ဆောင်တစ်ခုတည်းတွင် ထားရှိခဲ့သည်။",
    "သူသည် အွန်လိုင်းလိမ်လည်မှု လုပ်ရန် အတင်းအကျပ် ခိုင်းစေခံခဲ့ရသည်။",
]

LANG_POOLS = {"en": EN, "km": KM, "th": TH, "vi": VI, "my": MY}
JOINER = {"en": " ", "km": " ", "th": " ", "vi": " ", "my": " "}


def narrative(lang: str, n: int) -> str:
    return JOINER[lang].join(rng.sample(LANG_POOLS[lang], n))


def thai_id() -> str:
    digits = [rng.randint(1, 8)] + [rng.randint(0, 9) for _ in range(11)]
    total = sum(d * (13 - i) for i, d in enumerate(digits))
    digits.append((11 - total % 11) % 10)
    s = "".join(map(str, digits))
    if rng.random() < 0.5:
        return f"{s[0]}-{s[1:5]}-{s[5:10]}-{s[10:12]}-{s[12]}"
    return s


def luhn_complete(prefix: str, length: int) -> str:
    body = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def iban(country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


PHONES = [
    "012 345 678",
    "097 712 3456",
    "+855 12 345 678",
    "+855 97 712 3456",
    "855-17-888-999",
    "081 234 5678",
    "02 123 4567",
    "+66 81 234 5678",
    "0812345678",
    "089-765-4321",
    "0912 345 678",
    "090 123 4567",
    "+84 912 345 678",
    "028 3823 4567",
    "0987654321",
    "09 421 234 567",
    "+95 9 421 234567",
    "09-7812-34567",
    "+959450012345",
    "020 5512 3456",
    "+856 20 5512 3456",
    "021 212 345",
    "012-345 6789",
    "+60 12-345 6789",
    "03-2141 2345",
    "+60 3 2141 2345",
    "0812-3456-7890",
    "+62 812 3456 7890",
    "021 5551234",
    "0917 123 4567",
    "+63 917 123 4567",
    "(02) 8123 4567",
    "138 0013 8000",
    "+86 138 0013 8000",
    "010 6552 9988",
    "+1 415 555 2671",
    "+44 20 7946 0958",
    "+971 50 123 4567",
    "+82 10 2345 6789",
]
PHONE_FRAMES = [
    "The recruiter's number was {x}.",
    "She was told to call {x} when she arrived at the border.",
    "Contact number of the broker: {x}",
    "He messaged the agent on {x} every week.",
    "Call me on {x}",
    "The supervisor used the phone {x} to send instructions.",
]
EMAILS = [
    "sokha.recruit88@gmail.com",
    "jobs@golden-star-agency.com",
    "linh.nguyen@yahoo.com.vn",
    "somchai_t@hotmail.co.th",
    "aye.aye.2001@outlook.com",
    "hr-team@fastjobs.my",
    "broker123@qq.com",
    "maria.santos@proton.me",
    "info@overseas-work.asia",
]
EMAIL_FRAMES = [
    "Applications were sent to {x} with copies of documents.",
    "The agent's e-mail is {x}.",
    "She wrote to {x} asking for her wages.",
    "Contact: {x}",
]
NATIONAL_IDS_EN = [
    "national ID number 012345678",
    "ID no. 101234567",
    "ID card number 0123 4567 8901",
    "NRC 12/MaYaKa(N)123456",
    "NRC number 9/MaHtaLa(N)045678",
    "MyKad 900514-14-5678",
    "NIK 3201234567890001",
    "KTP number 3174051203900002",
    "CCCD số 001203004567",
    "identity card 079198001234",
    "citizen ID 038095002345",
    "IC number 850101-10-5523",
    "Chinese ID 11010519491231002X",
    "PhilSys 1234-5678-9012-3456",
]
PASSPORTS = [
    "passport number N01234567",
    "passport no. AA1234567",
    "passport AB7654321",
    "Passport No: C1234567",
    "passport MA123456",
    "her passport (B7654321)",
    "passport number P12345678",
    "passport E00123456",
    "passport no EJ1234567",
]
DOBS = [
    "born on 12 March 2001",
    "date of birth 03/07/1999",
    "DOB: 1998-11-23",
    "born 5th June 2004",
    "D.O.B. 14.02.2000",
    "born on March 12, 2001",
    "birthday 21/09/2006",
    "born on 1 January 1995",
    "her date of birth is 2003-04-17",
]
FULL_DATES = [
    "On 12 March 2025 she was moved to a second compound.",
    "He escaped on 03/07/2024 and reached the shelter the next day.",
    "She arrived at the airport on 2024-11-23 with the recruiter.",
    "The raid took place on 14 February 2025 and she was among those rescued.",
    "On June 5, 2023 the broker took her documents.",
]
ADDRESSES = [
    "She lived at 45 Sukhumvit Road, Bangkok.",
    "The safe house is at #12, Street 271, Phnom Penh.",
    "The agency office is at 123 Jalan Ampang, Kuala Lumpur.",
    "They were kept at 27/5 Moo 3, Mae Sot.",
    "The apartment was at 88 Lê Lợi Street, District 1.",
    "Workers slept at No. 14, Street 63, Sangkat Boeng Keng Kang.",
    "The recruiter's house is at 9 Nguyễn Huệ Street.",
    "She was held at 221B Baker Street.",
    "The brothel was at 12 Soi 4, Pattaya.",
    "Office at 56 Jl. Sudirman, Jakarta.",
    "The dormitory was at 300 Rizal Avenue, Manila.",
    "He lived at house number 17, Road 4.",
]
URLS = [
    "https://facebook.com/sokha.jobs88",
    "www.fastjobs-asia.com/apply",
    "http://t.me/goldenstarjobs",
    "facebook.com/profile.php?id=100023456789",
    "https://www.tiktok.com/@workabroad_th",
    "wa.me/85512345678",
    "https://bit.ly/3xJobOffer",
    "instagram.com/linh_nguyen_99",
    "https://line.me/ti/p/abcd1234",
]
URL_FRAMES = [
    "The job ad was posted on {x} and shared widely.",
    "She found the recruiter's profile at {x}.",
    "Applicants were told to register via {x}",
]
HANDLES = ["@sokha_jobs", "@linh.nguyen99", "@goldenstar_recruit", "@aye2001", "@thai_work_abroad"]
HANDLE_FRAMES = [
    "The recruiter posted as {x} on Telegram.",
    "She was contacted by {x} on TikTok.",
    "Followers of {x} were offered jobs in Cambodia.",
]
SOCIAL_IDS = ["Line ID: somchai1988", "WeChat: zhang_wei_88", "Telegram: @recruiter_kh"]
CARDS = [
    luhn_complete("4", 16),
    luhn_complete("5", 16),
    luhn_complete("37", 15),
    luhn_complete("6", 16),
]
CARDS += ["4111 1111 1111 1111", "5500-0000-0000-0004", "4012 8888 8888 1881"]
IBANS = [
    "GB82 WEST 1234 5698 7654 32",
    "DE89 3704 0044 0532 0130 00",
    iban("FR", "20041010050500013M02606"),
    iban("NL", "ABNA0417164300"),
    iban("AE", "0331234567890123456"),
    "CH93 0076 2011 6238 5295 7",
]
BANK_ACCOUNTS = [
    "bank account 123-4-56789-0",
    "account number 0123456789",
    "a/c no. 9876543210",
    "Kasikorn account 045-2-12345-6",
    "ABA account 000 123 456",
    "acct 7001234567",
    "account no: 1903 4567 8910 11",
    "Maybank account 1140 1234 5678",
]
GPS = [
    "11.5564, 104.9282",
    "13.7563° N, 100.5018° E",
    "16°46'12\"N 94°43'48\"E",
    "lat 10.8231, long 106.6297",
    "-6.2088, 106.8456",
    "GPS 21.0285,105.8542",
]
IPS = [
    "192.168.1.23",
    "203.144.12.7",
    "10.0.0.254",
    "2001:db8:85a3::8a2e:370:7334",
    "113.161.72.15",
]
NAMES = [
    "Her name is Sokha.",
    "His name is Nguyen Van Minh.",
    "The recruiter, Mr Somchai, arranged transport.",
    "She was introduced to Mrs Tran who ran the agency.",
    "A man called Ko Ko Aung drove the van.",
    "The victim is named Srey Pov.",
    "The broker, known as Uncle Chen, kept the passports.",
    "Ms Aye Aye Win interpreted for the survivor.",
    "Dr Lim examined her at the clinic.",
    "My name is Maria Santos and I need help.",
    "The supervisor, Miss Lan, hit the workers.",
    "Daw Hla Hla accompanied the girls to the border.",
    "Her real name is Dara Chan.",
]


def put(frames: list[str], value: str) -> str:
    return rng.choice(frames).format(x=value)


def wrap(lang: str, sentence: str) -> str:
    """Place an identifier sentence inside a clean narrative."""
    before = narrative(lang, rng.randint(0, 2))
    after = narrative(lang, rng.randint(0, 2))
    return " ".join(p for p in (before, sentence, after) if p)


def main() -> None:
    rows: list[dict] = []

    def add(text: str, kinds: list[str], lang: str, group: str) -> None:
        rows.append({"text": text, "kinds": kinds, "lang": lang, "group": group})

    # Negatives: clean narratives in five languages.
    for lang, count in (("en", 170), ("km", 35), ("th", 35), ("vi", 35), ("my", 30)):
        for _ in range(count):
            n = rng.randint(1, min(5, len(LANG_POOLS[lang])))
            add(narrative(lang, n), [], lang, "clean")
    # Single hard-negative sentences on their own.
    for s in EN:
        add(s, [], "en", "clean_sentence")

    langs = ["en", "en", "en", "km", "th", "vi", "my"]
    for p in PHONES:
        add(wrap(rng.choice(langs), put(PHONE_FRAMES, p)), ["phone_number"], "mixed", "phone")
    for p in PHONES[:15]:  # bare numbers inside other-language text
        lang = rng.choice(["km", "th", "vi", "my"])
        add(f"{narrative(lang, 1)} {p} {narrative(lang, 1)}", ["phone_number"], lang, "phone")
    for e in EMAILS:
        add(wrap(rng.choice(langs), put(EMAIL_FRAMES, e)), ["email"], "mixed", "email")
        add(
            f"{narrative(rng.choice(['km', 'th', 'vi', 'my']), 1)} {e}", ["email"], "mixed", "email"
        )
    for _ in range(12):
        add(wrap("en", f"Her Thai ID is {thai_id()}."), ["national_id"], "en", "national_id")
    for _ in range(6):
        add(f"{narrative('th', 1)} เลขบัตรประชาชน {thai_id()}", ["national_id"], "th", "national_id")
    for _ in range(6):
        add(f"{narrative('en', 1)} {thai_id()}", ["national_id"], "en", "national_id_bare")
    for x in NATIONAL_IDS_EN:
        add(wrap("en", f"The file lists {x}."), ["national_id"], "en", "national_id")
    for _ in range(6):
        vn = f"0{rng.randint(1, 96):02d}{rng.randint(0, 3)}{rng.randint(0, 99):02d}{rng.randint(0, 999999):06d}"
        add(f"{narrative('vi', 1)} Số CCCD {vn}.", ["national_id"], "vi", "national_id")
        add(f"{narrative('vi', 1)} {vn}", ["national_id"], "vi", "national_id_bare")
    for x in PASSPORTS:
        add(
            wrap(rng.choice(["en", "en", "km", "th"]), f"The employer kept {x}."),
            ["passport_number"],
            "en",
            "passport",
        )
    for x in DOBS:
        add(wrap("en", f"The survivor was {x}."), ["date_of_birth"], "en", "dob")
    for x in FULL_DATES:
        add(wrap("en", x), ["date_of_birth"], "en", "full_date")
    add(
        f"{narrative('vi', 1)} Cô ấy sinh ngày 12 tháng 3 năm 2001.", ["date_of_birth"], "vi", "dob"
    )
    add(f"{narrative('th', 1)} เกิดวันที่ 5 มีนาคม 2544", ["date_of_birth"], "th", "dob")
    add(f"{narrative('vi', 1)} Ngày sinh: 05/03/2001.", ["date_of_birth"], "vi", "dob")
    for x in ADDRESSES:
        add(wrap(rng.choice(["en", "en", "km"]), x), ["street_address"], "en", "address")
    add(f"{narrative('th', 1)} บ้านเลขที่ 45/2 หมู่ 3", ["street_address"], "th", "address")
    add(
        f"{narrative('vi', 1)} Cô ấy sống ở số 12 đường Lê Lợi.",
        ["street_address"],
        "vi",
        "address",
    )
    for x in URLS:
        add(wrap(rng.choice(langs), put(URL_FRAMES, x)), ["url"], "mixed", "url")
    for x in HANDLES:
        add(wrap(rng.choice(langs), put(HANDLE_FRAMES, x)), ["social_handle"], "mixed", "handle")
    for x in SOCIAL_IDS:
        add(wrap("en", f"The recruiter's {x}."), ["social_handle"], "en", "handle")
    for x in CARDS:
        add(wrap("en", f"The wages were loaded on a card {x}."), ["payment_card"], "en", "card")
        add(
            f"{narrative(rng.choice(['km', 'th', 'vi']), 1)} {x}", ["payment_card"], "mixed", "card"
        )
    for x in IBANS:
        add(wrap("en", f"Transfers went to {x}."), ["iban"], "en", "iban")
    for x in BANK_ACCOUNTS:
        add(wrap("en", f"Deposits were made into {x}."), ["bank_account"], "en", "bank_account")
    add(f"{narrative('th', 1)} โอนเงินเข้าบัญชี 123-4-56789-0", ["bank_account"], "th", "bank_account")
    add(f"{narrative('vi', 1)} Số tài khoản 0011004123456.", ["bank_account"], "vi", "bank_account")
    for x in GPS:
        add(wrap("en", f"The compound is at {x}."), ["gps_coordinates"], "en", "gps")
    for x in IPS:
        add(wrap("en", f"The scam site was hosted at {x}."), ["ip_address"], "en", "ip")
    for x in NAMES:
        add(wrap("en", x), ["person_name"], "en", "name")
    add(f"{narrative('vi', 1)} Cô ấy tên là Nguyễn Thị Lan.", ["person_name"], "vi", "name")
    add(f"{narrative('th', 1)} ผู้เสียหายชื่อ นางสาวสมใจ ใจดี", ["person_name"], "th", "name")
    add(f"{narrative('km', 1)} ជនរងគ្រោះឈ្មោះ សុខា។", ["person_name"], "km", "name")
    add(f"{narrative('my', 1)} သူမ၏အမည်မှာ မအေးအေး ဖြစ်သည်။", ["person_name"], "my", "name")
    # Several identifiers in one text.
    add(
        f"Her name is Sokha, phone {PHONES[0]}, e-mail {EMAILS[0]}.",
        ["person_name", "phone_number", "email"],
        "en",
        "multi",
    )
    add(
        "Passport AA1234567, born on 12 March 2001, lives at 45 Sukhumvit Road.",
        ["passport_number", "date_of_birth", "street_address"],
        "en",
        "multi",
    )

    out = Path(__file__).with_name("corpus.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines -> {out}")


if __name__ == "__main__":
    main()
