"""Name and not-a-name lexicons for the region, written for this project (CC0).

Why hand-written: the guard must run offline, and the issue forbids any list built from personal
data. These are the most common given and family names (and name syllables) of each language,
as found in any census summary or naming guide, freely combined; no list of real people was
used. What is *not* a person (places at every level from ``pycountry`` plus towns and border
crossings, organisations, holidays, months, religions, nationalities, platforms) is what keeps
a capitalised run of place names from being taken for a name.
"""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry


def fold(word: str) -> str:
    """Lower-case, without diacritics (Vietnamese typed without accents, Lao/Khmer romanised).

    Not cached: a cache would keep every word of every scanned text (names included) in memory.
    """
    if word.isascii():
        return word.lower()
    word = word.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFD", word.lower()).translate(_COMBINING_MARKS)


# Latin combining marks (all of Vietnamese's tones and vowel marks): dropped after NFD.
_COMBINING_MARKS = dict.fromkeys(range(0x300, 0x370))


def words(text: str) -> frozenset[str]:
    """The folded words of a space-separated list."""
    return frozenset(fold(w) for w in text.split())


_set = words


# --- Latin-script name parts ------------------------------------------------------------------
VI_SURNAMES = _set(
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đinh Đoàn Trương "
    "Lâm Mai Hà Tạ Cao Lưu Chu Triệu Kiều Quách Thái Tô Châu Lương Mạc Khúc Trịnh Nông La Vương "
    "Hứa Từ Tăng Âu Diệp Giang Văn Kim Thân Lục Tôn Phùng Quan Lại Ninh Bạch Thạch"
)
VI_MIDDLE = _set("Thị Văn Hữu Đức Minh Ngọc Quốc Thanh Xuân Kim Công Đình Hoài Gia Bảo Thu Mỹ")
VI_GIVEN = _set(
    "Lan Hoa Mai Hương Linh Trang Hùng Dũng Tuấn Nam Hải Thảo Phương Yến Bình Hồng Thu Hạnh Lực "
    "Kim Thanh Ngọc Anh Hà Hiền Huyền Loan Nga Nhung Oanh Quyên Thủy Trinh Tuyết Vân "
    "Xuân Cường Hiếu Hoàng Huy Khánh Khoa Long Minh Nhân Phong Quang Tâm Thắng Thành Trung Việt "
    "Vinh Bảo Duy Đạt Hiệp Hòa Hưng Kiên Lâm Lộc Nghĩa Phát Quý Sang Tín Toàn Tú Vũ Châu Diễm "
    "Dung Giang Hằng Hậu Liên Ly My Nhi Nhàn Như Phượng Quỳnh Sen Thắm Thơ Thúy Tiên Trâm Uyên Vy "
    "Hạ Cúc Đào Na Ngân Hiên Tuyền Tùng Lợi Đông"
)
KM_GIVEN = _set(
    "Sokha Chantha Sreyneang Vanna Dara Bopha Sophea Sreymom "
    "Rithy Visal Piseth Sophal Sopheap Chanthou Kosal Vuthy Sothea Sophany Channary Kanha "
    "Leakhena Malis Nary Pisey Raksmey Sambath Thida Veasna Vichet Borey Chenda Davy Kunthea "
    "Makara Narith Panha Seyha Sokhom Sophat Sreyleak Thearith Vannak Sokhim Sophorn Sreypich "
    "Bunthoeun Chanthy Dalin Kimly Kimheng Lina Mony Navy Ratha Reaksmey Samnang Sarath Sokheng "
    "Sokhun Sopheak Sophy Sothy Sreynich Sreyroth Srun Vibol Vireak Sovanna Chhaya Sokleang"
)
KM_FAMILY = _set(
    "Sok Chan Heng Kim Sun Chhim Mao Keo Ly Chea Meas Ros Seng Tep Touch Yim Yin "
    "Nuon Prak Sar Soun Chhay Chhun Khiev Lim Nou Ouch Sim Thach Ung Vong Huot Hak Hang Khim "
    "Khut Leng Loeung Mam Nop Oeun Phal Phon Poeun Sao Sem Sieng Som Sorn Tith Tol Uy Van Yem"
)
TH_GIVEN = _set(
    "Somchai Malee Wilai Niran Kanya Somsak Somporn Sompong Suda Siriporn "
    "Nattapong Narong Prasert Sunee Pranee Wichai Anong Ratana Supaporn Kittisak Thanawat "
    "Jintana Lamai Mali Apinya Boonsong Chalerm Kanok Niwat Pornthip Sakda Sirichai Thongchai "
    "Wanna Yupin Achara Busaba Duangjai Kannika Orathai Pensri Sombat Surachai Waraporn Somjai "
    "Somsri Sunisa Nittaya Pimchanok Ploy Anan Chaiya Manee Praphai Rungnapa Sasithorn Thida "
    "Urai Wanida Araya Boonmee Chanida Darunee Kanyarat Lampoon Nipon Paweena Ruethai Sawat"
)
# Thai and Lao family names are compounds; these morphemes mark most of them.
TH_FAMILY_PARTS = (
    "sri",
    "thong",
    "boon",
    "wong",
    "chai",
    "suk",
    "kaew",
    "keo",
    "sae",
    "dee",
    "rat",
    "porn",
    "phan",
    "sak",
    "vong",
    "savanh",
    "chanh",
    "sith",
    "vath",
    "mala",
    "phone",
    "sone",
    "many",
    "kham",
    "inth",
    "xay",
    "say",
    "sila",
    "jai",
    "ma",
)
LO_GIVEN = _set(
    "Somphone Bounmy Khamla Vilayphone Souksavanh Bounthavy Khampheng Phet "
    "Sisouk Chanthala Somsanouk Thongsavanh Bouasone Khamphone Latsamy Manivanh Nousone Phouvong "
    "Saysana Soulinthone Viengkham Xaysana Amphone Douangta Bounleuang Kongkeo Malaythong Noy "
    "Outhai Phaivanh Sengphet Somvang Souphanh Thongdy Vanhxay Viengsavanh Bouavanh Keomanee"
)
MY_SYLLABLES = _set(
    "Aung Kyaw Moe Khin Myint Aye Zaw Win Htut Thandar Htun Nwe Ni Soe Min Htet Su Mon Thura Thu "
    "Maung Mya Hla Tun Thein Naing Lwin Oo Phyo Wai Yin Thida Myo Nyein Kyi Swe Than Tin Sein San "
    "Hlaing Zin Ei Phyu Thet Khaing Nandar Sandar Yadanar Pyae Sone Wint Chit Ye Lin Lay Nay Ko Ma "
    "Daw Nu Nyunt Saw Shwe Sithu Tar Thiha Wah Yu Zar Kay Khaing Htoo Paing Pyone Myat Hnin"
)
MS_NAMES = _set(
    "Ahmad Siti Nurul Mohd Muhammad Mohamad Mohammad Aminah Huda Faizal Nur Aisyah Nor "
    "Hafiz Aziz Abdul Ismail Abdullah Hassan Rahman Ibrahim Ali Zainal Roslan Kamal "
    "Fatimah Zulkifli Hamzah Rosli Salmah Norazlina Faridah Rahim Hakim Azlan Amir Dewi "
    "Lestari Rini Wati Agus Budi Eko Joko Yanti Fitri Rina Sari Kurniawan Setiawan "
    "Santoso Hidayat Nurhayati Susanti Handayani Rahayu Suryani Ratna Sulaiman Yusuf Halim Razak "
    "Zakaria Nordin Noraini Rohani Zaleha Hasnah Maimunah Aishah Syafiqah Haziq Irfan Aiman"
)
TL_NAMES = _set(
    "Maria Lourdes Jericho Rowena Mark Anthony Juan Jose Ana Cristina "
    "Marites Rodrigo Grace Mary John Michael Jennifer Analyn Rosalie Rommel Ariel Arnel Edwin Liza "
    "Marlon Noel Ricardo Roberto Rolando Ronaldo Teresita Wilma Santos Bautista Villanueva Reyes "
    "Cruz Garcia Gonzales Aquino Castillo Flores Torres Rivera Lopez Perez Fernandez "
    "Navarro Aguilar Domingo Manalo Pascual Salazar Soriano Tolentino Valdez Mercado Morales "
    "Ocampo Castro Dizon Gutierrez Rosario Leon Joy Lea Jasmine Princess Mylene Rhea Ivy Joel"
)
ZH_SURNAMES = _set(
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Zhu Hu Guo Gao Lin Luo Zheng Liang "
    "Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Jiang Cai Du Ye Cheng Su "
    "Wei Lu Ding Ren Shen Yao Cui Zhong Fan Jin Shi Liao Jia Xia Fu Fang Bai Zou Meng Xiong Qin "
    "Qiu Xue Duan Lei Hou Tao Gu Mao Hao Gong Shao Qian Yan Dai Kong Chan Wong Cheung Lau Leung "
    "Ng Lam Tse Yip Chow Lee Kwok Fung"
)
PATRONYMIC = _set("bin binti bte bt binte a/l a/p")
CONNECTORS = _set("bin binti bte bt binte dela de del dos")

# --- Script name parts --------------------------------------------------------------------------
KM_SCRIPT_FAMILY = [
    "សុខ",
    "ចាន់",
    "ហេង",
    "គឹម",
    "លី",
    "កែវ",
    "ស៊ុន",
    "ម៉ៅ",
    "ពេជ្រ",
    "អ៊ុក",
    "ញឹម",
    "ឈឹម",
    "ណុប",
    "ប៊ុន",
    "សេង",
    "ទេព",
    "យឹម",
    "ហ៊ុយ",
    "ខៀវ",
    "លឹម",
    "ស៊ិម",
    "ថាច់",
    "អ៊ុង",
    "វង់",
    "ហាក់",
    "ឡេង",
    "សៅ",
    "សំ",
    "ហួត",
]
# Left out on purpose: family names that are also everyday words written as their own word
# (ជា "is", ផល "result", រស់ "live", មាស "gold", ជួប "meet", តុលា "October").
KM_SCRIPT_TITLES = ["លោក", "លោកស្រី", "កញ្ញា", "អ្នកស្រី"]
TH_SCRIPT_GIVEN = [
    "สมชาย",
    "สมศรี",
    "สมศักดิ์",
    "สมพร",
    "สมปอง",
    "มาลี",
    "วิไล",
    "ประเสริฐ",
    "สุดา",
    "ศิริพร",
    "ณัฐพงศ์",
    "ณรงค์",
    "สุนีย์",
    "ปราณี",
    "วิชัย",
    "อนงค์",
    "รัตนา",
    "สุภาพร",
    "กิตติศักดิ์",
    "ธนวัฒน์",
    "จินตนา",
    "อภิญญา",
    "บุญส่ง",
    "เฉลิม",
    "นิวัฒน์",
    "พรทิพย์",
    "ศิริชัย",
    "ธงชัย",
    "วรรณา",
    "ยุพิน",
    "อัจฉรา",
    "บุษบา",
    "กรรณิการ์",
    "อรทัย",
    "เพ็ญศรี",
    "สุรชัย",
    "วราภรณ์",
    "สุนิสา",
    "นิตยา",
    "พิมพ์ชนก",
    "อนันต์",
    "ชัยยา",
    "ประไพ",
    "รุ่งนภา",
    "ศศิธร",
    "วนิดา",
    "อารยา",
    "บุญมี",
    "ชนิดา",
    "ดารุณี",
    "กัญญารัตน์",
    "นิพนธ์",
    "ปวีณา",
    "ฤทัย",
    "จันทร์เพ็ญ",
    "ทองใบ",
    "บัวผัน",
    "คำปุ่น",
    "สายสุนีย์",
    "อำไพ",
]
MY_SCRIPT_SYLLABLES = [
    "အောင်",
    "ကျော်",
    "မြင့်",
    "ခင်",
    "ဇော်",
    "ဝင်း",
    "သန္တာ",
    "ထွန်း",
    "လင်း",
    "နွယ်",
    "နီ",
    "မင်း",
    "ထက်",
    "စု",
    "မွန်",
    "သူရ",
    "မိုး",
    "လှ",
    "သိန်း",
    "ဌေး",
    "ညို",
    "ဖြိုး",
    "ပိုင်",
    "ဝေ",
    "စန်း",
    "ချို",
    "ဇင်",
    "သက်",
    "ထူး",
    "နိုင်",
    "လွင်",
    "အေး",
    "တင်",
    "ဆွေ",
    "သန်း",
    "မြတ်",
    "နှင်း",
    "ဖြူ",
    "ရီ",
    "ယု",
    "သီ",
    "ဟိန်း",
    "ကြည်",
    "မျိုး",
    "စိုး",
    "မော်",
    "ပြည့်",
    "ဝဏ္ဏ",
    "နန္ဒာ",
    "စန္ဒာ",
    "ရတနာ",
    "သီတာ",
    "ဥမ္မာ",
    "ဇာ",
    "ဦး",
    "ချစ်",
    "ငြိမ်း",
    "ဆန်း",
    "ထိုက်",
    "ဗိုလ်",
    "ရဲ",
    "ဟန်",
    "မြ",
]
MY_SCRIPT_TITLES = ["မောင်", "ကို", "ဦး", "ဒေါ်", "မ", "စော", "နန်း"]
LO_SCRIPT_PREFIXES = [
    "ສົມ",
    "ບຸນ",
    "ບົວ",
    "ຄຳ",
    "ພອນ",
    "ແສງ",
    "ສຸກ",
    "ທອງ",
    "ວິໄລ",
    "ມະນີ",
    "ຈັນ",
    "ນາງ",
    "ທ້າວ",
    "ແກ້ວ",
    "ວຽງ",
]
ZH_SCRIPT_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏"
    "魏吕丁任沈姚卢姜崔钟谭陆汪范廖贾夏韦方白邹孟熊秦邱尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃"
    "武戴莫孔汤"
)

# --- What is not a person -------------------------------------------------------------------
_PLACES = (
    "Poipet|Mae Sot|Myawaddy|Sihanoukville|Bavet|Ho Chi Minh|Ho Chi Minh City|Saigon|Savannakhet|"
    "Champasak|Songkhla|Ambon|Kupang|Johor Bahru|Kota Kinabalu|Penang|Phnom Penh|Vientiane|"
    "Chiang Rai|Chiang Mai|Chiang Saen|Mae Sai|Mandalay|Yangon|Mawlamyine|Ranong|Battambang|"
    "Siem Reap|Kampong Cham|Kampong Som|Koh Kong|Kampot|Kuala Lumpur|Manila|Jakarta|Shwe Kokko|"
    "Bokeo|Luang Namtha|Luang Prabang|Oudomxay|Sabah|Sarawak|Nusa Tenggara Timur|Prey Veng|"
    "Svay Rieng|Takeo|Tachileik|Nong Khai|Samut Sakhon|Samut Prakan|Trat|Chanthaburi|Sa Kaeo|"
    "Cebu|Davao|Iloilo|Zamboanga|Hanoi|Ha Noi|Da Nang|Lao Cai|Long An|Hong Kong|Sri Lanka|Dubai|"
    "Tokyo|Bangkok|Pattaya|Hai Phong|Can Tho|Quang Ninh|Ha Giang|Ha Tinh|Nghe An|Thanh Hoa|"
    "Mekong|Mekong Delta|Golden Triangle|Kings Romans|KK Park|Wa State|Kokang|Karen State|"
    "Shan State|Mon State|Kayin State|Lao PDR|Viet Nam|Hat Yai|Sungai Kolok|Aranyaprathet|"
    "Nakhon Ratchasima|Udon Thani|Khon Kaen|Tak|Kanchanaburi|Phuket|Krabi|Muang|Mueang|Long Xuyen|"
    "Tay Ninh|Moc Bai|Loei|Bueng Kan|Mukdahan|Nakhon Phanom|Paksan|Pakse|Thakhek|Huay Xai|"
    "Ayeyarwady|Bago|Dawei|Kawthaung|Myeik|Lashio|Muse|Taunggyi|Naypyidaw|Sittwe|Malacca|Melaka|"
    "Klang|Ipoh|Kuching|Sandakan|Tawau|Labuan|Batam|Medan|Surabaya|Makassar|Kunming|Guangzhou|"
    "Shenzhen|Xishuangbanna|Mong La|Boten|Golden Boten|Dong Thap|An Giang|Quang Binh|Lam Dong|"
    "Phu Quoc|Vung Tau|Hue|Ninh Binh|Binh Duong|Dong Nai|Bac Giang|Bac Ninh|Thai Nguyen|Son La|"
    "Dien Bien|Lai Chau|Cao Bang|Lang Son|Tuyen Quang|Yen Bai|Phu Tho|Vinh Phuc|Hoa Binh|"
    "Nam Dinh|Thai Binh|Ha Nam|Hung Yen|Hai Duong|Quang Tri|Quang Nam|Quang Ngai|Binh Dinh|"
    "Phu Yen|Khanh Hoa|Ninh Thuan|Binh Thuan|Kon Tum|Gia Lai|Dak Lak|Dak Nong|Binh Phuoc|"
    "Ben Tre|Tra Vinh|Vinh Long|Soc Trang|Bac Lieu|Ca Mau|Kien Giang|Hau Giang|Tien Giang|"
    "Ba Ria|Quang Tri|Bac Kan|Mondulkiri|Ratanakiri|Stung Treng|Kratie|Pursat|Pailin|Kep|Kandal|"
    "Oddar Meanchey|Banteay Meanchey|Preah Vihear|Kampong Thom|Kampong Speu|Kampong Chhnang|"
    "Tbong Khmum|Xiengkhouang|Houaphanh|Phongsaly|Sainyabuli|Xaisomboun|Attapeu|Sekong|Salavan|"
    "Khammouane|Bolikhamxay|Tenasserim|Tanintharyi|Sagaing|Magway|Rakhine|Kachin|Chin|Kayah|"
    "Nay Pyi Taw|Laguna|Batangas|Pampanga|Bulacan|Cavite|Quezon|Quezon City|Makati|Pasay|"
    "Mindanao|Luzon|Visayas|Palawan|Kelantan|Terengganu|Kedah|Perlis|Perak|Selangor|Pahang|Johor|"
    "Negeri Sembilan|Putrajaya|Singapore|Taiwan|Macau|Jinbei|Kings Garden|Taman Desa|Taman Melati"
)
PLACES = frozenset(fold(p) for p in _PLACES.split("|"))


@cache
def region_places() -> frozenset[str]:
    """Subdivision names of the region's countries (pycountry, ISO 3166-2), folded."""
    names = set(PLACES)
    for code in ("KH", "TH", "VN", "MM", "LA", "MY", "PH", "ID", "CN", "SG"):
        for sub in pycountry.subdivisions.get(country_code=code) or ():
            for part in sub.name.replace(" - ", ";").replace("-", " ").split(";"):
                names.add(fold(part.strip()))
        country = pycountry.countries.get(alpha_2=code)
        if country:
            names.add(fold(country.name))
    return frozenset(names)


@cache
def place_heads() -> frozenset[str]:
    """First words of the multi-word places: only there is a longer place name looked up."""
    return frozenset(p.split()[0] for p in region_places() if " " in p)


NOT_PERSON_WORDS = _set(
    # months, days, holidays, religions, nationalities and peoples, platforms, common words
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Songkran Thingyan Tet Pchum Ben "
    "Boun Pi Mai Hari Raya Christmas Easter Ramadan Eid Deepavali Diwali Lunar Chinese New Year "
    "Loy Krathong Vesak Visakha Bucha Khmer Thai Lao Burmese Vietnamese Malay Malaysian "
    "Indonesian Filipino Cambodian Chinese Karen Shan Mon Kachin Rohingya Hmong Akha Lahu Lisu "
    "Kayin Chin Bamar Buddhist Muslim Catholic Christian Hindu Islam Buddhism Christianity "
    "Facebook Messenger WhatsApp Telegram Line Zalo WeChat TikTok Instagram Viber Signal Twitter "
    "YouTube Google Gmail USDT Tron Bitcoin Ethereum Binance Huione Foundation Union Police "
    "Department Ministry International Embassy Council Team Division Church Mission Club Children "
    "Women Fund Office Court Committee Network Agency Company Programme Program Project Centre "
    "Center Shelter Hospital University School Province Provincial District Region State City "
    "Village Road Street Highway Route Border Bar Karaoke Casino Compound Zone Park Market Port "
    "Station Airport Bridge River Island Bay Delta Temple Pagoda Mosque Hotel Apartments Tower "
    "The A An He She They It This That We Our Their His Her Both According Intake Later Workers "
    "Staff Partners Messages Job Payments Victims Survivor Victim Caseworker Mr Mrs Ms Dr Case "
    "Ref Region Dept Gov Government Royal National Anti Trafficking Persons Save UNICEF UNODC IOM "
    "ECPAT ILO UNHCR UNDP ASEAN NGO LICADHO Chab Dai Hagar Tenaganita Lao PDR Viet Nam Kingdom "
    "Republic Special Investigation Social Welfare Development Affairs Justice Labour Labor "
    "Interior Foreign Immigration Border Guard Force Army Navy Coast SEZ Economic Blue Dragon "
    "Pacific Links Mekong Asia Asian World Vision Liberty Shared Bar Majlis Peguam Hội Liên "
    "Hiệp Phụ Nữ Tổ Chức Rồng Xanh Tết Nguyên Đán Sở Bộ Công An Tỉnh Huyện Xã Thành Phố "
    "If In On At For From To By During After Before While When Where Why How What Who Which "
    "Some Most Many All Several Two Three One Four Five Six Seven Eight Nine Ten Each Every "
    "Yes No Not None Unknown Anonymous Withheld Follow Reported Exploitation Age Gender "
    "Citizenship Salary Loan Quota Transport Legal Police Around Ages Out Over Under Between "
    "Approx Interview Version Phone Ratio Working Room Building Block Floor Unit Soi Moo Jalan "
    "Taman Lorong Lane Avenue Alley Sukhumvit Website Page App Group Chat Channel Account "
    "Restaurant Cafe School Elementary College Clinic Mall Plaza Shop Store Factory Farm "
    "Plantation Taxi Commune Ward Lake Mount Tower Condo Resort Spa Salon Massage Co Ltd Corp "
    "Airways Airlines Air Express Travel Tours Logistics Trading Services Recruitment Manpower "
    "Employment Enterprise Enterprises Holdings Industries Fishery Fisheries Seafood Garments"
)


def is_not_person(word: str) -> bool:
    """Months, holidays, places, organisations, platforms and other capitalised non-names."""
    folded = fold(word)
    return folded in NOT_PERSON_WORDS or folded in region_places()


# Capitalised English words that open sentences or make up organisation and place names; a run
# holding one of them is not taken for a name on the strength of a person slot alone
# ("Officials said", "Good Shepherd Sisters said", "Kuala Lumpur Sentral was").
COMMON_WORDS = _set(
    "Last Next First Yesterday Today Tomorrow Tonight Then Later Now Once Still Even Just Also "
    "Only However Meanwhile Finally Eventually Afterwards Suddenly Officials Neighbours Neighbors "
    "Everyone Everybody Nobody Someone Somebody Nothing Something Local Guards Brokers Agents "
    "Families Parents Villagers Authorities Officers Soldiers Men Girls Boys People Others "
    "Its My Your Good Shepherd Sisters Brothers Sentral General Central North South East West "
    "Northern Southern Eastern Western New Old Great Grand Little Big Golden Silver Star Dragon "
    "Phoenix Lotus Red Cross Crescent Green White Black Action Aid Care Hope Friends Global "
    "Human Rights Watch Legal Free Freedom Life Light Home House Health Medical Doctors Without "
    "Borders Relief Terminal Ferry Pier Night Day Morning Evening Authority Administration "
    "Overseas Tribunal Judge Prosecutor Officer Inspector Commander Captain Kapitan Chief "
    "Director Manager Boss Supervisor Broker Agent Doctor Nurse Teacher Lawyer Lawyers "
    "Volunteers Volunteer Municipal Capital Sisters Fathers Mothers Saint Holy Sacred Heart "
    "Catholic Protestant Baptist Methodist Evangelical Brotherhood Sisterhood Trust Society "
    "Association Alliance Coalition Federation Institute Academy Commission Bureau Authority "
    "Secretariat Command Headquarters Task Force Operation Operations Security Rescue Emergency "
    "Hotline Centre Center Unit Desk Section Branch Team Staff Board Panel Court Supreme "
    "Appeal Appeals Criminal Civil Family Juvenile Labour Market Night Day Sunday Both Neither "
    "Either Another Other Such These Those Every Each Any Some Most Many Few Several Dear Please "
    "Thanks Thank Sorry Hello Hi Okay Ok Yes No Maybe Note Notes Update Summary Report Follow "
    "Intake Interview Visit Meeting Call Calls Email Message Messages Photo Photos Video Videos "
    "Document Documents Passport Passports Visa Visas Contract Contracts Debt Debts Wage Wages "
    "Salary Money Cash Bank Transfer Payment Fee Fees Boat Boats Truck Trucks Car Cars "
    "Bus Train Plane Flight Border Checkpoint Camp Camps Site Sites Area Areas Zone Compound "
    "Building Office Shelter Prison Jail Detention Station Hospital Clinic Temple Church "
    # company-name words ("Sunrise Ventures said ...")
    "Ventures Investment Investments Properties Property Construction Solutions Consulting "
    "Consultancy Capital Realty Estate Resources Energy Mining Textiles Textile Apparel Fashion "
    "Agro Agriculture Foods Food Imports Exports Import Export Shipping Marine Maritime Motors "
    "Media Entertainment Gaming Resorts Hotels Tech Technology Technologies Digital Online "
    "Networks Systems Labs Finance Financial Insurance Pharma Electronics Supply Supplies"
)


def _split(text: str) -> list[str]:
    """Space-separated script words, as written (no folding)."""
    return text.split()


# Thai and Lao family names in script are long compounds that open or close on a few morphemes
# (general knowledge of Thai/Lao surname formation): วงศ์สวัสดิ์, บุญมา, แก้วมณี, ພົມມະຈັນ.
TH_SCRIPT_FAMILY_PARTS = _split(
    "วงศ์ วงษ์ สกุล ศรี พันธ์ พันธุ์ ชัย รัตน์ รัตน เจริญ สุข ทอง บุญ แสง แก้ว สุวรรณ พงษ์ พงศ์ "
    "กุล เรือง รุ่ง จันทร์ มณี ศักดิ์ สวัสดิ์ พรหม สิทธิ์ ธรรม ภักดี อินทร์ ทิพย์ เพชร ประเสริฐ "
    "วัฒน์ วัฒนา กิจ ไพศาล ศิริ สมบูรณ์ มงคล ใหญ่ ดี มา งาม สาย ทัศน์ นาค ชาญ"
)
LO_SCRIPT_FAMILY_PARTS = _split(
    "ວົງ ສີ ພົມ ມະນີ ສະຫວັດ ສະຫວັນ ໄຊ ຈັນ ແກ້ວ ອິນ ພັນ ສຸກ ທະ ວັນ ສຸລິ ຄຳ ບຸນ ທອງ ແສງ ສົມ ພອນ "
    "ມາລາ ວິໄລ ພະຈັນ ສາ ລາ ມະ"
)
# Words that open Thai/Lao phrases (particles, verbs, place and organisation heads): a chunk
# starting with one is not a family name (มีความสุข "is happy", ไปເຮັດວຽກ).
TH_SCRIPT_NOT_NAME_HEADS = _split(
    "มี ความ การ ไม่ ที่ จะ ได้ ให้ เป็น อยู่ ไป มา ของ และ กับ จาก ใน จังหวัด อำเภอ ตำบล ถนน บ้าน "
    "วัด โรง บริษัท ศูนย์ สถานี ตลาด มูลนิธิ กรม กระทรวง สำนักงาน ตำรวจ ประเพณี งาน คน แรงงาน "
    "ผู้ เจ้าหน้าที่ ช่วง เดือน ปี หลัง ก่อน ระหว่าง ถูก แล้ว ยัง ก็ ซึ่ง เพื่อ โดย ทาง ด้วย "
    "ศรีสะเกษ ชัยภูมิ ชัยนาท สุโขทัย สุรินทร์ ทองผาภูมิ"
)
LO_SCRIPT_NOT_NAME_HEADS = _split(
    "ມີ ຄວາມ ການ ບໍ່ ທີ່ ຈະ ໄດ້ ໃຫ້ ເປັນ ຢູ່ ໄປ ມາ ຂອງ ແລະ ກັບ ຈາກ ໃນ ແຂວງ ເມືອງ ບ້ານ ວັດ ໂຮງ "
    "ບໍລິສັດ ສູນ ຕະຫຼາດ ກົມ ກະຊວງ ຫ້ອງການ ຕຳຫຼວດ ແຮງງານ ຜູ້ ເຈົ້າໜ້າທີ່ ເດືອນ ປີ ຫຼັງ ກ່ອນ ຖືກ "
    "ແລ້ວ ຍັງ ກໍ ຊຶ່ງ ເພື່ອ ໂດຍ ທາງ ດ້ວຍ ສະຫວັນນະເຂດ ສະຫະພັນ ບຸນປີໃໝ່"
)
# Lao dwelling words (room, building, floor, house, lane, unit): "ນາງ... ຫ້ອງ 12" is "she ... room
# 12", not a title and a family name.
LO_SCRIPT_DWELLING_WORDS = _split("ຫ້ອງ ຕຶກ ອາຄານ ຊັ້ນ ເຮືອນ ຮ່ອມ ໜ່ວຍ")
