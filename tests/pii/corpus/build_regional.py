# ruff: noqa: RUF001  (Khmer, Thai, Burmese, Lao text, full-width signs are the point)
"""Builds regional.jsonl: the categories of issue 15 (names without a lead word, obfuscated
contacts, vehicle plates, crypto wallets, Burmese-script NRC, dwelling phrases) in every
language of the region, and clean texts full of places, organisations, holidays, months,
religions, nationalities and platform names (hard negatives).

Written before the guard was tuned for these categories; the guard may be tuned on it.
holdout2.jsonl (build_holdout2.py) uses other templates and other names and is never tuned on.
All names are invented combinations of common given and family names.
Run: .venv/bin/python tests/pii/corpus/build_regional.py
"""

from __future__ import annotations

import json
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import wallets

rng = random.Random(20261202)


def plain(s: str) -> str:
    """Vietnamese written without diacritics, as many caseworkers type it."""
    s = s.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


# --- Synthetic names (common given + family names, freely combined) ---------------------------
NAMES = {
    "vi": [
        "Nguyễn Thị Lan",
        "Trần Văn Hùng",
        "Lê Thị Hồng",
        "Phạm Minh Tuấn",
        "Hoàng Thị Mai",
        "Vũ Văn Nam",
        "Đặng Thị Thu",
        "Bùi Quốc Bảo",
        "Đỗ Thị Hạnh",
        "Ngô Văn Lực",
    ],
    "km": ["សុខ ចាន់ធូ", "ហេង ស្រីនាង", "គឹម សុភា", "ចាន់ វណ្ណា", "លី សុខលីម"],
    "km_lat": [
        "Sok Chantha",
        "Heng Sreyneang",
        "Kim Sophea",
        "Chan Vanna",
        "Keo Bopha",
        "Chhim Dara",
        "Mao Sreymom",
        "Sun Rithy",
    ],
    "th": ["สมชาย ใจดี", "มาลี ศรีสุข", "วิไล ทองดี", "ประเสริฐ บุญมา", "สุดา แก้วมณี"],
    "th_lat": [
        "Somchai Jaidee",
        "Malee Srisuk",
        "Wilai Thongdee",
        "Niran Boonma",
        "Kanya Kaewmanee",
    ],
    "my": ["မောင်အောင်ကျော်", "မခင်မြင့်", "ဇော်ဝင်း", "မသန္တာထွန်း", "ကိုထွန်းလင်း"],
    "my_lat": ["Aung Kyaw Moe", "Khin Myint Aye", "Zaw Win Htut", "Thandar Htun", "Nwe Ni Soe"],
    "lo": ["ສົມພອນ ພົມມະຈັນ", "ບົວພັນ ສີສະຫວາດ", "ຄຳຫຼ້າ ແກ້ວມະນີ"],
    "lo_lat": ["Somphone Phommachanh", "Bounmy Sisavath", "Khamla Keomany", "Vilayphone Vongsa"],
    "ms": [
        "Ahmad bin Ismail",
        "Siti Aminah binti Abdullah",
        "Nurul Huda binti Hassan",
        "Mohd Faizal bin Rahman",
        "Dewi Lestari",
    ],
    "tl": ["Maria Lourdes Santos", "Jericho Bautista", "Rowena Villanueva", "Mark Anthony Reyes"],
    "zh": ["王秀英", "李娜", "陈杰", "张伟明"],
    "zh_lat": ["Wang Xiuying", "Li Mei", "Chen Jie", "Zhang Weiming"],
}

EN_NAME_TEMPLATES = [
    ("{n} left her village in 2023 after a neighbour promised factory work.", "initial"),
    ("{n}, 17, was moved across the border at night.", "age"),
    ("{n} (16) was found at the compound during the raid.", "age"),
    ("The older sister ({n}) paid the broker in cash.", "paren"),
    ("The broker took {n} to the bus station and kept her documents.", "inside"),
    ("{n} aged 19 worked on the boat for 11 months.", "age"),
]
LOCAL_NAME_TEMPLATES = {
    "vi": [
        ("{n}, 17 tuổi, bị đưa sang Campuchia năm 2023.", "age"),
        ("{n} làm việc trong khu lừa đảo 9 tháng.", "initial"),
    ],
    "km": [
        ("{n} អាយុ ១៦ ឆ្នាំ ត្រូវបានគេនាំទៅប្រទេសថៃ។", "age"),
        ("{n} បានធ្វើការនៅលើទូកនេសាទអស់រយៈពេល ៨ ខែ។", "initial"),
    ],
    "th": [
        ("{n} อายุ 17 ปี ถูกพาไปทำงานที่มาเลเซีย", "age"),
        ("{n} ทำงานในโรงงานวันละ 14 ชั่วโมง", "initial"),
    ],
    "my": [
        ("{n} (အသက် ၁၇ နှစ်) သည် ထိုင်းနိုင်ငံသို့ ရောက်ရှိခဲ့သည်။", "age"),
        ("{n} သည် ငါးဖမ်းလှေပေါ်တွင် ၉ လ အလုပ်လုပ်ခဲ့ရသည်။", "initial"),
    ],
    "lo": [("{n} ອາຍຸ 18 ປີ ຖືກພາໄປເຮັດວຽກຢູ່ປະເທດໄທ.", "age")],
    "zh": [("{n}，17岁，被带到边境的赌场工作。", "age")],
}

# --- Obfuscated contacts ----------------------------------------------------------------------
EMAILS_OBF = [
    "chantha.sok [at] gmail [dot] com",
    "lanvn88(at)yahoo.com",
    "somchai_j at hotmail dot com",
    "recruit.job＠gmail.com",
    "ahmadjobs @ gmail . com",
    "hr.agency{at}outlook{dot}com",
    "maijob99 (at) gmail (dot) com",
    "khinmyint [at] protonmail.com",
]
EMAIL_FRAMES = [
    "Write to {v} for the job.",
    "The recruiter's address was {v}.",
    "Liên hệ {v} để biết thêm.",
    "ส่งอีเมลไปที่ {v}",
    "ផ្ញើទៅ {v} ។",
]
PHONES_OBF = [
    "099/876/5432",
    "081/234/5678",
    "O81 234 5678",
    "08l-234-5678",
    "O12 345 67S",
    "0I2 888 999",
    "012\n345\n678",
    "+855 96 S55 1234",
    "091.234.S678",
    "zero eight one two three four five six seven eight",
    "zero nine one, two three four, five six seven eight",
    "សូន្យ ដប់ពីរ បី បួន ប្រាំ ប្រាំមួយ ប្រាំពីរ ប្រាំបី",
    "សូន្យ ប្រាំបួន ប្រាំពីរ ប្រាំ ប្រាំ ប្រាំ មួយ ពីរ បី",
    "ศูนย์ แปด หนึ่ง สอง สาม สี่ ห้า หก เจ็ด แปด",
    "ศูนย์เก้าแปดเจ็ดหกห้าสี่สามสองหนึ่ง",
    "không chín một hai ba bốn năm sáu bảy tám",
    "không chín tám bảy sáu năm bốn ba hai một",
    "သုည ကိုး လေး နှစ် တစ် နှစ် သုံး လေး ငါး ခြောက် ခုနစ်",
]
PHONE_FRAMES = [
    "The broker's number: {v}.",
    "She was told to call {v} on arrival.",
    "Contact {v} if you want the job.",
    "Số của môi giới là {v}.",
    "เบอร์นายหน้า {v}",
    "លេខ {v} ត្រូវបានប្រើ។",
]
HANDLES_NOCOLON = [
    "Line id somchai_88",
    "her Line sweetmalee99",
    "TikTok sweetjobs.th",
    "Telegram bkk_jobs_2024",
    "WhatsApp user malee.s",
    "Zalo lan_nguyen92",
    "WeChat wxid_k9x2p7",
    "Facebook lan.nguyen.9921",
    "Instagram chantha_sok.88",
    "Viber kyaw_aung77",
    "Signal jobs_mm_22",
    "IG mai.lan.06",
    "ไลน์ malee_2005",
    "Zalo tên lanvn_88",
]
HANDLE_FRAMES = [
    "The recruiter used {v} to send the offer.",
    "She was contacted on {v}.",
    "Add {v} for the job details.",
    "Người môi giới nhắn qua {v}.",
]

# --- New kinds ---------------------------------------------------------------------------------
PLATES = [
    ("กท 5678 เชียงใหม่", "th"),
    ("1กข 2345 กรุงเทพมหานคร", "th"),
    ("2ขค 4411 ตาก", "th"),
    ("29A-456.78", "vi"),
    ("51F-123.45", "vi"),
    ("30E-12345", "vi"),
    ("77C1-234.56", "vi"),
    ("BKT 4821", "ms"),
    ("WXY 1234", "ms"),
    ("JHA 5521", "ms"),
    ("3B-7788", "km"),
    ("Phnom Penh 2AB-1234", "km"),
    ("ភ្នំពេញ 2A-5566", "km"),
    ("ກຂ 1234", "lo"),
    ("VTE 5678", "lo"),
    ("YGN 8B-1234", "my"),
    ("ရန်ကုန် ၈ဂ/၁၂၃၄", "my"),
    ("2K/4567", "my"),
    ("NAB 2345", "tl"),
    ("ABC-1234", "tl"),
]
PLATE_FRAMES = [
    "The workers were moved in a white van, plate {v}.",
    "A pickup {v} waited at the checkpoint.",
    "The truck {v} crossed at night.",
    "Biển số xe {v} được ghi lại.",
    "รถกระบะทะเบียน {v} มารับแรงงาน",
    "Registration {v} was seen at the port.",
]
WALLET_FRAMES = [
    "Salary was paid in USDT to {v}.",
    "Send the deposit to wallet {v}.",
    "The scam victims paid into {v}.",
    "Ví {v} nhận tiền.",
    "The fee went to {v}",
]
NRC_MM = ["၁၂/မရက(နိုင်)၁၂၃၄၅၆", "၉/မထလ(နိုင်)၀၄၅၆၇၈", "၁၄/ဟသတ(နိုင်) ၂၃၄၅၆၇", "၅/ကလန(နိုင်)၃၄၅၆၇၈"]
NRC_FRAMES = [
    "မှတ်ပုံတင် {v} ကို အလုပ်ရှင်က သိမ်းထားသည်။",
    "သူ၏ {v} ကို ပွဲစားထံ ပေးခဲ့ရသည်။",
    "NRC {v} was copied by the agent.",
    "Card {v} was kept.",
]
DWELLINGS = [
    ("room 305, building B of the Golden Phoenix compound", "en"),
    ("Soi 7, Pattaya, in the pink house", "en"),
    ("block 4, floor 3, Kings Garden dormitory", "en"),
    ("Room 12, Sunrise Apartments, Sihanoukville", "en"),
    ("building C, room 214", "en"),
    ("ห้อง 305 ตึก B", "th"),
    ("ซอย 7 ชั้น 3", "th"),
    ("phòng 305 tòa nhà A", "vi"),
    ("tầng 4, phòng 412, khu B", "vi"),
    ("អគារ B បន្ទប់លេខ ៣០៥", "km"),
    ("អគារលេខ ៤ ជាន់ទី ៣", "km"),
    ("အဆောက်အအုံ ၃ အခန်း ၂၁၄", "my"),
    ("Block 12, Unit 3-4, Taman Desa", "ms"),
]
DWELLING_FRAMES = {
    "en": ["She was kept in {v} for two months.", "The girls lived at {v}."],
    "th": ["เธอถูกกักตัวไว้ที่ {v} นาน 2 เดือน"],
    "vi": ["Cô ấy bị nhốt ở {v} hai tháng."],
    "km": ["នាងត្រូវបានឃុំនៅ {v} ពីរខែ។"],
    "my": ["သူမကို {v} တွင် ထားခဲ့သည်။"],
    "ms": ["She was kept at {v}."],
}

# --- Hard negatives ---------------------------------------------------------------------------
CLEAN = {
    "en": [
        "Poipet, Mae Sot and Myawaddy were the main crossing points in 2024.",
        "The survivor was moved from Sihanoukville to Bavet before reaching Ho Chi Minh City.",
        "Chab Dai, LICADHO and the Asia Foundation took part in the case conference.",
        "IOM and UNODC trained caseworkers from Savannakhet and Champasak.",
        "She returned home before Songkran and stayed until Pchum Ben.",
        "Recruitment peaked after Tết and again before Thingyan.",
        "The group included Buddhist, Muslim and Catholic workers.",
        "Most victims were Khmer, Lao, Burmese, Karen and Shan; two were Rohingya.",
        "The recruiter used Line, Telegram and TikTok to advertise jobs.",
        "Messages moved from Facebook to WhatsApp and then to Signal.",
        "Blue Dragon Children's Foundation and Pacific Links Foundation handled the return.",
        "The boat left Songkhla and unloaded in Ambon and Kupang.",
        "Johor Bahru, Kota Kinabalu and Penang were the destinations named in the ads.",
        "In January and February the caseworkers held meetings in Phnom Penh and Vientiane.",
        "Hari Raya, Christmas and Chinese New Year are the busiest periods for the hotline.",
        "The shelter in Chiang Rai works with the Mekong Club and Hagar International.",
        "Nghệ An, Hà Tĩnh and Thanh Hóa send many workers to Laos.",
        "Workers from Mandalay, Yangon and Mawlamyine were sent to Ranong.",
        "The Royal Thai Police and the Department of Special Investigation raided the site.",
        "A Vietnamese woman and a Cambodian man were referred by World Vision.",
        "Boun Pi Mai fell in April, so interviews were postponed to May.",
        "The company operated on WeChat and Zalo, and paid through mobile wallets.",
        "Caseworkers from Battambang, Siem Reap and Kampong Cham met in Kampot.",
        "The Philippine Embassy and the Malaysian Bar Council assisted with the appeal.",
        "Kuala Lumpur, Manila and Jakarta were discussed at the ASEAN meeting.",
        "Instagram and Viber were rarely used; most contact was by phone call.",
        "The Karen State Border Guard Force controlled the road to Shwe Kokko.",
        "Golden Triangle SEZ in Bokeo Province hosts several casinos.",
        "Lunar New Year and Ramadan changed the shift pattern in the factory.",
        "Hmong and Akha girls were recruited from Luang Namtha and Oudomxay.",
        "The Department of Social Welfare and Development in Manila took the case.",
        "Sabah and Sarawak plantations employed workers from Nusa Tenggara Timur.",
        "The Tenaganita team in Kuala Lumpur followed up in March.",
        "Sunday masses and Friday prayers were the only free time allowed.",
        "Telegram channels advertised jobs in Dubai, Bangkok and Tokyo.",
        "The Mekong Delta provinces An Giang and Đồng Tháp reported new cases.",
        "Room sizes were small: 20 people per room, 3 rooms per floor.",
        "Building 5 of the factory housed the sewing lines.",
        "The truck was old and had no licence plate.",
        "Payment was made in USDT through a crypto wallet controlled by the company.",
        "Highway 4 and Route 13 were used; the drive took 9 hours.",
        "ISO 9001 certification was claimed by the recruitment agency.",
        "Prey Veng, Svay Rieng and Takeo are the provinces of origin.",
        "The Lao Women's Union and Village Focus International ran the training.",
        "Wa State and Kokang are on the route to the compounds.",
    ],
    "th": [
        "แรงงานจากเชียงใหม่ เชียงราย และตากถูกส่งไปทำงานที่สมุทรสาคร",
        "ช่วงสงกรานต์มีการชักชวนผ่านเฟซบุ๊กและไลน์เพิ่มขึ้น",
        "มูลนิธิและกรมพัฒนาสังคมและสวัสดิการร่วมประชุมที่กรุงเทพมหานคร",
        "ผู้เสียหายเป็นชาวกัมพูชาและชาวพม่า นับถือศาสนาพุทธ",
        "รถตู้สีขาวไม่มีป้ายทะเบียนจอดอยู่หน้าโรงงาน",
        "ห้องพักมีคนงาน 20 คนต่อห้อง",
    ],
    "vi": [
        "Nạn nhân quê ở Nghệ An, bị đưa qua Lào Cai sang Trung Quốc.",
        "Tổ chức Rồng Xanh hỗ trợ trở về Hà Nội sau Tết Nguyên Đán.",
        "Người lao động từ Hà Tĩnh, Quảng Bình làm việc ở Sihanoukville.",
        "Công ty dùng Zalo và Facebook để tuyển người.",
        "Hồ Chí Minh và Đà Nẵng là nơi đón nạn nhân trở về.",
        "Chiếc xe tải không có biển số.",
    ],
    "km": [
        "ជនរងគ្រោះមកពីខេត្តបាត់ដំបង និងខេត្តសៀមរាប។",
        "អង្គការលីកាដូ និងចាប់ដៃ បានជួយក្នុងអំឡុងពិធីបុណ្យភ្ជុំបិណ្ឌ។",
        "ភ្នាក់ងារប្រើតេឡេក្រាម និងហ្វេសប៊ុក ដើម្បីជ្រើសរើស។",
        "ក្រុមនេះត្រូវបានដឹកពីប៉ោយប៉ែតទៅបាងកក។",
    ],
    "my": [
        "အလုပ်သမားများသည် ရန်ကုန်၊ မန္တလေး နှင့် မော်လမြိုင်မှ လာကြသည်။",
        "သင်္ကြန်ပွဲတော်အပြီးတွင် မြဝတီသို့ ပို့ဆောင်ခဲ့သည်။",
        "ပွဲစားသည် Facebook နှင့် Telegram ကို အသုံးပြုခဲ့သည်။",
        "ရွှေကုက္ကိုတွင် အလုပ်သမား ၃၀၀ ဦးခန့် ရှိသည်။",
    ],
    "lo": [
        "ແຮງງານຈາກສະຫວັນນະເຂດ ແລະ ຈຳປາສັກ ໄປເຮັດວຽກຢູ່ບາງກອກ.",
        "ບຸນປີໃໝ່ລາວ ແມ່ນເດືອນເມສາ.",
    ],
    "ms": [
        "Pekerja dari Sabah dan Sarawak dihantar ke Johor Bahru.",
        "Tenaganita dan Majlis Peguam membantu mangsa selepas Hari Raya.",
    ],
}


# --- Second tuning round (issue 15, names in a person slot; added after holdout3 was written) --
# Other names and templates than holdout2/holdout3; appended so the rows above stay identical.
rng2 = random.Random(20261203)
SLOT_NAMES = {
    "th": ["นิภา ทองสุข", "วีระ ศรีสมบูรณ์", "อรทัย แก้วประเสริฐ", "บุญเลิศ ชัยมงคล", "สุภาพร วงศ์ใหญ่"],
    "th_lat": [
        "Nipha Thongsuk",
        "Weera Srisomboon",
        "Orathai Kaewprasert",
        "Boonlert Chaimongkol",
        "Kittipong Sangsuwan",
    ],
    "lo": ["ສີດາ ວົງພະຈັນ", "ວັນນາ ພົມສະຫວັນ", "ນາລີ ແກ້ວມະນີວົງ"],
    "lo_lat": ["Vanna Phomsavanh", "Sida Vongphachanh", "Nali Keomanivong"],
    "tl": ["Rosalinda Mercado", "Joel Manalastas", "Maricel Tolentino", "Liezel Soriano"],
    "ms": ["Eko Prasetyo", "Sri Wahyuni", "Dian Purnama"],
    "zh_lat": ["Lin Xiaohong", "Gao Yun", "Zhou Min", "Wu Xiaoli"],
    "zh": ["林小红", "高云", "何志强"],
    "my_lat": ["Thin Thin Aye", "Kyaw Myo Naing"],
    "km": ["ប៉ែន សុភី", "អ៊ុំ ចន្ថា"],
    "km_lat": ["Hem Sophal", "Prak Chenda", "Lim Sokunthy", "Pen Sophy", "Um Chanthy"],
}
SLOT_TEMPLATES = [
    "{n} said the broker kept her passport.",
    "{n} told police she was paid nothing.",
    "The team helped {n} file a complaint.",
    "Her cousin, {n}, was recruited by the same agent.",
    "{n}'s mother borrowed money from the broker.",
    "Volunteers met {n} at the bus terminal.",
    "{n} was rescued from the boat in Ambon.",
    "{n} went back to her province in June.",
    "The youngest, {n}, was 14 when she was sold.",
    "Two sisters, {n} and her twin, escaped in May.",
    "Referral form: {n}, female, 19, garment worker.",
    "Volunteer notes say {n} is 16 and wants to study.",
]
SLOT_LOCAL = {
    "th": ["{n} บอกว่าถูกยึดบัตร", "ตำรวจช่วยเหลือ {n} ออกมาได้", "พี่สาวของ {n} เป็นคนแนะนำงาน"],
    "lo": ["{n} ເລົ່າວ່າຖືກຍຶດໜັງສືຜ່ານແດນ.", "ພະນັກງານໄດ້ພົບ {n} ຢູ່ຫ້ອງການ."],
    "tl": ["Si {n} ay umalis noong Marso.", "Tinulungan ng pulis si {n} sa pantalan."],
    "zh": ["{n}告诉社工她被骗了。", "志愿者帮了{n}很多。", "社工联系了{n}的母亲。"],
    "km": ["នាង {n} បាននិយាយថា មេខ្យល់យកលិខិតឆ្លងដែន។", "ប្អូនស្រី {n} ធ្វើការនៅរោងចក្រ។"],
}
SLOT_CLEAN = {
    "en": [
        "Hagar Cambodia said the shelter was full.",
        "World Vision helped the family rebuild their house.",
        "Kota Kinabalu was the last stop before the plantation.",
        "Mae Sot Hospital reported two new cases.",
        "Chab Dai told the court the girl was 15.",
        "The Mekong Club met bank compliance teams in Bangkok.",
        "Save the Children interviewed the returnees.",
        "Golden Triangle casinos recruited workers through agents.",
        "Phnom Penh Municipal Court sent the case back to the investigating judge.",
        "Royal Thai Police said the raid was planned for weeks.",
        "Immigration officers at Wattay International Airport detained the broker.",
        "Good Shepherd Sisters said three girls were pregnant.",
        "Blue Dragon staff met the girls in Lao Cai.",
        "Tenaganita lawyers told the tribunal about unpaid wages.",
        "Village Focus International went to Attapeu in July.",
        "Ho Chi Minh City police arrested two brokers.",
        "Kuala Lumpur Sentral was where the agent met them.",
        "Most Rohingya workers arrived by boat; Karen workers came on foot.",
    ],
    "th": [
        "ศรีสะเกษ ชัยภูมิ และสุรินทร์ เป็นจังหวัดต้นทาง",
        "ตำรวจ จังหวัดเชียงราย ช่วยเหลือ แรงงานชาวลาว",
        "คนงาน มีความสุข มากขึ้นหลังได้รับค่าจ้าง",
        "งานบุญ ประเพณีสงกรานต์ จัดที่วัดศรีสุวรรณ",
    ],
    "lo": ["ແຮງງານ ໄປເຮັດວຽກ ທີ່ແຂວງບໍ່ແກ້ວ.", "ເຈົ້າໜ້າທີ່ ແຂວງຄຳມ່ວນ ໄດ້ຊ່ວຍເຫຼືອ ແຮງງານ."],
    "tl": ["Si Kapitan ang tumawag sa DSWD noong Lunes."],
    "zh": ["王府井和西双版纳的警方开了会。", "李家村的工人说工资被扣了。"],
    "km": ["នាង បានរត់គេចខ្លួន នៅខែមករា។", "នាង ធ្វើការនៅភ្នំពេញ អស់រយៈពេល ៦ ខែ។"],
}


def slot_rows() -> list[dict]:
    """Names in a person slot (subject of said/told, object of helped/met, apposition)."""
    rows = []
    for key, names in SLOT_NAMES.items():
        lang = key.split("_")[0]
        for name in names:
            local = SLOT_LOCAL.get(lang) if not key.endswith("_lat") else None
            tpl = rng2.choice(local if local and rng2.random() < 0.7 else SLOT_TEMPLATES)
            rows.append(
                {
                    "text": tpl.format(n=name),
                    "kinds": ["person_name"],
                    "lang": lang,
                    "group": "name_slot",
                }
            )
    for lang, texts in SLOT_CLEAN.items():
        for text in texts:
            rows.append({"text": text, "kinds": [], "lang": lang, "group": "clean_slot"})
    return rows


# --- Third tuning round (issue 15, dwelling phrases; written before the guard was changed) -----
# More forms (ordinal floors, lanes and alleys with a house number, house numbers alone, numbers
# in parentheses, native letters as building names, landmarks between two elements) in every
# language of the region, and clean texts that use the same words for roads, counts, offices and
# training units. Whole sentences, no random choice; appended so every row above stays identical.
DWELLINGS_R3 = [
    ("She said the recruiter kept them in Soi 23 behind the wet market, room 8, for a week.", "en"),
    ("The girls were moved to apartment 5B, Tower 2, Riverside Condo.", "en"),
    ("He rented flat 7 on the 3rd floor above the noodle shop.", "en"),
    ("They slept on the second floor, room 14, of the karaoke bar.", "en"),
    ("Police found her on the 5th floor of building 2 at the compound.", "en"),
    ("Her mother still lives at house no. 27, Phum Prek Leap.", "en"),
    ("The boys were housed in dorm 3, bed 12, until the raid.", "en"),
    ("She stayed in room 3 above the karaoke bar on Soi 6.", "en"),
    ("The third floor, flat 9, Sunway Apartments was raided in May.", "en"),
    ("Apartment 14C in Toul Kork was where they were held.", "en"),
    ("Room 6 at the Golden Dragon guesthouse was booked by the agent.", "en"),
    ("She was found in the top floor room 21 of a shophouse.", "en"),
    ("The address given was unit 12-03, Block D, Pangsapuri Seri Maya.", "ms"),
    ("Meet at Lorong 4, rumah no. 9, near the mosque.", "ms"),
    ("Mereka tinggal di Jl. Melati No. 5, Bekasi.", "ms"),
    ("Mangsa ditemui di Blok C No. 7, Perumahan Griya Indah.", "ms"),
    ("Dia dikurung di Tingkat 3, Bilik 12, rumah kedai itu.", "ms"),
    ("Korban disekap di kamar 7 lantai 2 sebuah mes pekerja.", "ms"),
    ("Gang Mawar No. 15, Tangerang, adalah alamat penampungan.", "ms"),
    ("Kami jumpa dia di Jalan Bukit 3, No. 45.", "ms"),
    ("Nakatira siya sa Unit 4B, 2nd Floor, sa Tondo.", "tl"),
    ("Dinala sila sa Room 7, Building C ng compound.", "tl"),
    ("Chị ấy bị giữ ở số nhà 7, ngách 12/4, ngõ 190 Lò Đúc.", "vi"),
    ("Họ thuê phòng trọ số 5, hẻm 3 gần chợ.", "vi"),
    ("Căn hộ 1208 tòa B2 là nơi các cô gái bị nhốt.", "vi"),
    ("Cô ấy ở tầng 3, nhà số 14 kiệt 15, gần biển.", "vi"),
    ("Co ay bi nhot o phong 12 tang 4 khu tro gan cho.", "vi"),
    ("Nạn nhân sống ở hẻm 42/7, số 18, cùng hai người khác.", "vi"),
    ("Họ ở lầu 2, phòng 204 của khách sạn.", "vi"),
    ("เธออยู่ที่หอพัก ห้อง ๒๑๔ ชั้น ๒", "th"),
    ("ผู้เสียหายถูกพาไปที่ซอย ๑๒ บ้านเลขที่ ๘๘/๑", "th"),
    ("ถูกกักตัวไว้ที่คอนโด อาคาร C ชั้น 8 ห้อง 802", "th"),
    ("นายหน้าให้พักที่ตรอก 3 ห้องเลขที่ 7", "th"),
    ("ห้องชุดเลขที่ 45/12 ชั้นที่ 6 เป็นที่กักตัว", "th"),
    ("เด็กหญิงถูกพบที่ตึก ข ชั้น 3", "th"),
    ("នាងរស់នៅផ្ទះលេខ ២៧ ផ្លូវ ៤៣២ ភូមិ ២។", "km"),
    ("ពួកគេត្រូវបានឃុំនៅបន្ទប់លេខ ១២ ជាន់ទី ៣។", "km"),
    ("ខុនដូ ជាន់ ៧ បន្ទប់ ៧០៣ នៅទួលគោក។", "km"),
    ("អគារ ក ជាន់ទី ២ បន្ទប់ ២០៥ ជាកន្លែងឃុំ។", "km"),
    ("ផ្ទះជួលលេខ ៨ ក្បែរផ្សារ ជាកន្លែងស្នាក់នៅ។", "km"),
    ("သူမကို တိုက်အမှတ် ၄၊ အခန်း ၃ တွင် ထားခဲ့သည်။", "my"),
    ("(၃) လွှာ၊ အခန်း ၃၀၂ တွင် နေထိုင်သည်။", "my"),
    ("အိမ်အမှတ် (၁၂)၊ ၁၉ လမ်း တွင် တွေ့ရှိခဲ့သည်။", "my"),
    ("ဘလောက် ၄ အခန်း ၈ တွင် ချုပ်နှောင်ထားသည်။", "my"),
    ("တတိယထပ် အခန်းအမှတ် ၁၅ တွင် တွေ့ရသည်။", "my"),
    ("ນາງຖືກກັກຂັງຢູ່ ຫ້ອງ 12 ຊັ້ນ 3 ຂອງໂຮງແຮມ.", "lo"),
    ("ເຮືອນເລກທີ 25 ບ້ານໂພນສະອາດ.", "lo"),
    ("ຮ່ອມ 5 ເຮືອນ 14 ເມືອງໄຊເສດຖາ.", "lo"),
    ("ພວກເຂົາຢູ່ ຕຶກ B ຫ້ອງ ໒໐໔.", "lo"),
]
CLEAN_DWELLING_R3 = {
    "en": [
        "Route 4 and National Road 5 were closed during the rains.",
        "Highway 13 runs north from Phnom Penh to the Lao border.",
        "Building capacity in 3 provinces was the aim of the training.",
        "The factory floor of 20 workers was inspected in May.",
        "There is room for improvement in 2 of the 5 referral steps.",
        "The 2nd district court heard the appeal in March.",
        "A block grant of 5,000 dollars was approved for the shelter.",
        "Block 3 of the training covered labour law; unit 4 covered referral.",
        "Interviews took place in Room 3 and Room 4 of the police station.",
        "Level 2 and Level 3 caseworkers attended the session in Kampot.",
        "Wages stayed flat 3 years in a row at the factory.",
        "The shelter has 40 beds on 2 floors and 12 rooms.",
        "Apartment prices in Phnom Penh rose 12 percent in 2024.",
        "Lane 2 of the highway was closed near Poipet for repairs.",
        "The meeting was held in Room 204 at the Ministry of Labour.",
        "She finished grade 9 and then worked on the 3rd floor of a garment factory.",
        "Floor 2 staff moved to Building 4 after the fire.",
        "The first floor plan of the shelter was approved by the Department of Social Affairs.",
        "Soi Cowboy and Nana Plaza were searched by the police.",
        "Block A and Block B schools took part in the awareness day.",
        "Room 1 to Room 3 were used as classrooms.",
    ],
    "th": [
        "โรงงานมี 3 ชั้น และ 40 ห้อง",
        "ที่พักมี 12 ห้อง ชั้นละ 4 ห้อง",
        "ทางหลวงหมายเลข 4 และถนนสาย 13 ถูกปิด",
        "ห้องประชุม 2 ของกระทรวงแรงงานใช้สำหรับการอบรม",
        "ห้องน้ำ ชั้น 2 เสีย ต้องซ่อม",
    ],
    "vi": [
        "Quốc lộ 5 và tỉnh lộ 13 bị ngập trong mùa mưa.",
        "Tầng lớp lao động nghèo ở khu 3 dễ bị lừa.",
        "Hội nghị diễn ra tại phòng 3, Sở Lao động tỉnh Nghệ An.",
        "Tầng 1 là văn phòng, tầng 2 là kho.",
        "Lô hàng 3 tấn được kiểm tra ở cửa khẩu.",
    ],
    "km": [
        "ផ្លូវជាតិលេខ ៥ ត្រូវបានបិទ ដោយសារទឹកជំនន់។",
        "រោងចក្រមានអគារ ៣ ជាន់ និងបន្ទប់ ៤០។",
    ],
    "my": [
        "အဆောက်အအုံ ၃ ထပ်တွင် အခန်း ၄၀ ရှိသည်။",
        "လမ်းမကြီး ၃ လမ်း ပိတ်ထားသည်။",
        "တိုက် ၅ လုံး နှင့် အခန်း ၁၀၀ ကျော် ရှိသည်။",
    ],
    "lo": ["ເສັ້ນທາງເລກ 13 ຖືກປິດ.", "ຫ້ອງການ 3 ແຫ່ງ ໄດ້ຮັບເລື່ອງ."],
    "ms": [
        "Peruntukan blok sebanyak 5,000 ringgit telah diluluskan.",
        "Tingkat kesedaran di 3 negeri masih rendah.",
        "Lebuhraya 2 dan Jalan Persekutuan 3 ditutup.",
        "Kamar mandi di lantai 2 rusak.",
    ],
}


def dwelling_rows_r3() -> list[dict]:
    """Third round: dwelling phrases in more forms, and clean texts using the same words."""
    rows = [
        {"text": t, "kinds": ["street_address"], "lang": lang, "group": "dwelling_r3"}
        for t, lang in DWELLINGS_R3
    ]
    for lang, texts in CLEAN_DWELLING_R3.items():
        rows += [
            {"text": t, "kinds": [], "lang": lang, "group": "clean_dwelling_r3"} for t in texts
        ]
    return rows


def main() -> None:
    rows: list[dict] = []

    def add(text: str, kinds: list[str], lang: str, group: str) -> None:
        rows.append({"text": text, "kinds": kinds, "lang": lang, "group": group})

    for key, names in NAMES.items():
        lang = key.split("_")[0]
        for name in names:
            if key.endswith("_lat") or key in ("ms", "tl"):
                tpl, cat = rng.choice(EN_NAME_TEMPLATES)
                add(tpl.format(n=name), ["person_name"], lang, f"name_{cat}")
            else:
                tpl, cat = rng.choice(LOCAL_NAME_TEMPLATES[lang])
                add(tpl.format(n=name), ["person_name"], lang, f"name_{cat}")
            if lang == "vi":
                tpl, cat = rng.choice(EN_NAME_TEMPLATES + LOCAL_NAME_TEMPLATES["vi"])
                add(tpl.format(n=plain(name)), ["person_name"], lang, f"name_{cat}_plain")
    for v in EMAILS_OBF:
        add(rng.choice(EMAIL_FRAMES).format(v=v), ["email"], "mixed", "email_obfuscated")
    for v in PHONES_OBF:
        add(rng.choice(PHONE_FRAMES).format(v=v), ["phone_number"], "mixed", "phone_obfuscated")
    for v in HANDLES_NOCOLON:
        add(rng.choice(HANDLE_FRAMES).format(v=v), ["social_handle"], "mixed", "handle_nocolon")
    for v, lang in PLATES:
        add(rng.choice(PLATE_FRAMES).format(v=v), ["vehicle_plate"], lang, "plate")
    for make in (
        lambda: wallets.base58check(rng, 0),
        lambda: wallets.base58check(rng, 5),
        lambda: wallets.base58check(rng, 0x41),
        lambda: wallets.segwit(rng),
        lambda: wallets.eip55(rng),
    ):
        for _ in range(3):
            add(rng.choice(WALLET_FRAMES).format(v=make()), ["crypto_wallet"], "mixed", "wallet")
    for v in NRC_MM:
        add(rng.choice(NRC_FRAMES).format(v=v), ["national_id"], "my", "nrc_burmese")
    for v, lang in DWELLINGS:
        add(rng.choice(DWELLING_FRAMES[lang]).format(v=v), ["street_address"], lang, "dwelling")
    for lang, texts in CLEAN.items():
        for text in texts:
            add(text, [], lang, "clean_regional")
    rows.extend(slot_rows())
    rows.extend(dwelling_rows_r3())

    out = Path(__file__).with_name("regional.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} lines -> {out}")


if __name__ == "__main__":
    main()
