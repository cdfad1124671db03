"""PII guard: finds direct identifiers in free text so they are refused, never stored.

Detectors are precompiled regexes with checksums (Luhn, IBAN mod-97, Thai ID, Chinese ID)
plus ``phonenumbers`` for phone numbers. No NLP model and no network: the guard must be
fast enough to run on every free-text write and predictable enough to explain to a
caseworker. Native digits (Khmer, Thai, Lao, Burmese, full-width, ...) are mapped to ASCII
one character for one character before matching, so offsets stay those of the input.
"""

from __future__ import annotations

import bisect
import ipaddress
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from coord.pii import names, shapes

KINDS = (
    "email",
    "phone_number",
    "national_id",
    "passport_number",
    "date_of_birth",
    "street_address",
    "url",
    "social_handle",
    "payment_card",
    "iban",
    "bank_account",
    "gps_coordinates",
    "ip_address",
    "person_name",
    "vehicle_plate",
    "crypto_wallet",
)

PHONE_REGIONS = ("KH", "TH", "VN", "MM", "LA", "MY", "ID", "PH", "CN")


@dataclass(frozen=True)
class Finding:
    """One detected identifier: its kind and character span (the value itself is not kept)."""

    kind: str
    start: int
    end: int


# --- Normalisation --------------------------------------------------------------------------

_DIGITS = {
    cp: str(unicodedata.digit(chr(cp)))
    for cp in range(0x80, sys.maxunicode + 1)
    if unicodedata.category(chr(cp)) == "Nd"
}


_NATIVE_DIGIT = re.compile(r"[^0-9\D]")  # a Unicode digit that is not ASCII


def _normalise(text: str) -> str:
    """Map every Unicode decimal digit to ASCII (same length, so offsets are unchanged)."""
    if text.isascii() or not _NATIVE_DIGIT.search(text):
        return text
    return _NATIVE_DIGIT.sub(lambda m: _DIGITS[ord(m.group())], text)


# --- Checksums --------------------------------------------------------------------------------


def _digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def luhn_ok(number: str) -> bool:
    """Luhn check used by payment cards."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check."""
    s = iban.replace(" ", "").upper()
    if not 15 <= len(s) <= 34:
        return False
    rearranged = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False


def thai_id_ok(number: str) -> bool:
    """Thai 13-digit personal ID: weighted sum mod 11 check digit."""
    if len(number) != 13 or number[0] == "0":
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(number[:12]))
    return (11 - total % 11) % 10 == int(number[12])


def china_id_ok(number: str) -> bool:
    """Chinese resident ID: ISO 7064 MOD 11-2 check character."""
    if len(number) != 18 or not number[:17].isdigit():
        return False
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17].upper()


# --- Regexes ----------------------------------------------------------------------------------

_I = re.IGNORECASE
_B = r"(?<![\w@.\-/])"  # left boundary: not inside a word, address or number
_E = r"(?![\w@\-/]|\.\w)"  # right boundary

EMAIL = re.compile(
    r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", re.ASCII
)

_TLDS = (
    "com|net|org|info|biz|io|me|ly|gl|co|app|asia|xyz|online|site|top|club|link|"
    "kh|th|vn|mm|la|my|id|ph|cn|sg|hk|tw|jp|kr|in|uk|us|ru|de|fr|au"
)
URL = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"'()]+"
    r"|(?<![\w@.\-])(?:[A-Za-z0-9\-]+\.)+(?:" + _TLDS + r")(?:/[^\s<>\"']*)?(?![\w\-])",
    _I,
)
_URL_TRAILING = ".,;:!?)]}'\""

HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?", re.ASCII)
_ACCOUNT_LABEL = r"\s+(?:id|account|username|handle|user|name)"
SOCIAL_ID = re.compile(
    # Platform names that are also ordinary words ("line", "signal") need an "ID" label.
    r"\b(?:(?:wechat|we\s?chat|telegram|whatsapp|viber|zalo|kakao(?:talk)?|skype|facebook|fb|"
    r"instagram|tiktok|twitter)(?:" + _ACCOUNT_LABEL + r")?"
    r"|(?:line|signal|tg|ig|x)" + _ACCOUNT_LABEL + r")"
    r"\s*[:=]\s*@?[A-Za-z0-9_.\-]{3,40}",
    _I,
)

# Digit-run candidates (after normalisation). Separators: space, dash, dot, parentheses.
PHONE_CANDIDATE = re.compile(r"(?<![\w.\-/])\+?\(?\d[\d\s\-.()]{5,20}\d(?![\w])", re.ASCII)
_MONEY_AFTER = re.compile(
    r"\s*(?:%|usd|us\$|\$|thb|baht|vnd|đ|đồng|dong|kyat|kip|lak|riel|khr|ringgit|rm|myr|"
    r"rupiah|idr|rp|peso|php|yuan|rmb|cny|kg|km|g\b|hours?|days?|people|workers|บาท|กีบ|ကျပ်|រៀល|ដុល្លារ)",
    _I,
)
_MONEY_BEFORE = re.compile(r"(?:\$|usd|thb|vnd|rm|rp|idr|php|₱|฿|₫|¥|€|£)\s*$", _I)

CARD = re.compile(r"(?<![\w.\-])\d(?:[ \-]?\d){12,18}(?![\w\-]|\.\d)", re.ASCII)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", re.ASCII)

THAI_ID = re.compile(
    r"(?<![\w\-])\d(?:-?\d{4}-?\d{5}-?\d{2}-?|\s\d{4}\s\d{5}\s\d{2}\s)\d(?![\w\-])", re.ASCII
)
VN_ID = re.compile(r"(?<![\w\-.])0\d{11}(?![\w\-]|\.\d)", re.ASCII)
MY_ID = re.compile(r"(?<![\w\-])\d{2}[01]\d[0-3]\d-\d{2}-\d{4}(?![\w\-])", re.ASCII)
CN_ID = re.compile(r"(?<![\w\-])\d{17}[\dXx](?![\w\-])", re.ASCII)
MM_NRC = re.compile(r"\b\d{1,2}\s*/\s*[A-Za-z]{3,12}\s*\(\s*[A-Za-z]{1,3}\s*\)\s*\d{5,6}\b")
LONG_DIGITS = re.compile(r"(?<![\w\-.])\d{12,}(?![\w\-]|\.\d)", re.ASCII)

_ID_WORDS = (
    r"national\s+id|id\s*card|identity(?:\s+card)?|identification|citizen(?:ship)?\s+id|"
    r"\bid\b|\bnik\b|\bktp\b|\bnric\b|\bnrc\b|mykad|\bic\b|cccd|cmnd|philsys|\bpin\b|"
    r"resident\s+id|chinese\s+id|id\s+no|"
    r"บัตรประชาชน|เลขประจำตัวประชาชน|เลขบัตร|căn\s+cước|chứng\s+minh|số\s+định\s+danh|"
    r"អត្តសញ្ញាណប័ណ្ណ|မှတ်ပုံတင်|ບັດປະຈຳຕົວ|身份证"
)
NEAR_ID = re.compile(
    r"(?:" + _ID_WORDS + r")[^\n\d]{0,25}?(?:number|no\.?|#|số)?[\s:.#]*"
    r"(?P<v>[A-Z]{0,3}\d[\d\s\-/]{4,22}\d[A-Z]?)(?![\w])",
    _I,
)

_PASSPORT_WORDS = r"passport|หนังสือเดินทาง|hộ\s+chiếu|លិខិតឆ្លងដែន|နိုင်ငံကူးလက်မှတ်|护照"
NEAR_PASSPORT = re.compile(
    r"(?:" + _PASSPORT_WORDS + r")[^\n]{0,25}?(?P<v>(?<![A-Za-z0-9])"
    r"(?=[A-Z0-9]*\d{5})[A-Z]{0,3}\d{5,9}[A-Z]?)(?![\w])",
    _I,
)
PASSPORT_SHAPE = re.compile(r"(?<![\w\-])[A-Z]{1,2}\d{7,8}(?![\w\-])", re.ASCII)

# Dates.
_MONTHS_EN = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_MONTHS_TH = (
    r"มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|"
    r"ตุลาคม|พฤศจิกายน|ธันวาคม|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|"
    r"ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\."
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_MON = r"(?:0?[1-9]|1[0-2])"
_YEAR = r"(?:19\d\d|20\d\d|2[45]\d\d)"  # Gregorian or Thai Buddhist era
DATE = re.compile(
    r"(?<![\w.\-/])(?:"
    + _DAY
    + r"[/.\-]"
    + _MON
    + r"[/.\-](?:"
    + _YEAR
    + r"|\d\d)"  # 12/03/2001, 12.03.01
    + r"|"
    + _YEAR
    + r"[/.\-]"
    + _MON
    + r"[/.\-]"
    + _DAY  # 2001-03-12
    + r"|"
    + _DAY
    + r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:"
    + _MONTHS_EN
    + r")\.?,?\s+"
    + _YEAR
    + r"|(?:"
    + _MONTHS_EN
    + r")\.?\s+"
    + _DAY
    + r"(?:st|nd|rd|th)?,?\s+"
    + _YEAR
    + r"|"
    + _DAY
    + r"\s*(?:"
    + _MONTHS_TH
    + r")\s*(?:พ\.ศ\.\s*)?"
    + _YEAR
    + r"|(?:ngày\s+)?"
    + _DAY
    + r"\s+tháng\s+"
    + _MON
    + r",?\s+năm\s+"
    + _YEAR
    + r"|"
    + _YEAR
    + r"\s*年\s*"
    + _MON
    + r"\s*月\s*"
    + _DAY
    + r"\s*日"
    + r")(?![\w/]|[.\-]\d)",
    _I,
)
BIRTH_NO_YEAR = re.compile(
    r"(?:born|birthday|date\s+of\s+birth|d\.?o\.?b\.?)\s*(?:on|is|:)?\s*(?P<v>"
    + _DAY
    + r"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:"
    + _MONTHS_EN
    + r")|(?:"
    + _MONTHS_EN
    + r")\s+"
    + _DAY
    + r"(?:st|nd|rd|th)?)\b",
    _I,
)

# Street addresses: a house number together with a street word.
_STREET = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|lane|ln\.?|boulevard|blvd\.?|drive|highway|"
    r"alley|soi|moo|jalan|jln\.?|jl\.?|lorong|đường|phố|ngõ|hẻm|kiệt"
)
_CAP_WORD = r"[A-Z\u00C0-\u00DE\u0110\u1EA0-\u1EF8][\w'\u2019\-]*\.?"
_HOUSE_NO = r"\d{1,5}[A-Za-z]?(?:/\d{1,4})?"
ADDRESS = re.compile(
    # "#12, Street 271", "No. 14, Street 63", "house number 17, Road 4", "No. 5 Sukhumvit Road"
    r"(?:(?i:#|no\.?\s*|house\s+(?:no\.?|number)\s*|number\s+)"
    + _HOUSE_NO
    + r"[,\s]+(?:"
    + _CAP_WORD
    + r"\s+){0,3}?(?i:"
    + _STREET
    + r")\s*\d{0,4}\b"
    # "12 Soi 4", "27/5 Moo 3", "123 Jalan Ampang"
    + r"|(?<![\w\-/.,])"
    + _HOUSE_NO
    + r",?\s+(?i:"
    + _STREET
    + r")\s+[A-Z0-9][\w'\u2019\-]*"
    # "45 Sukhumvit Road", "88 Lê Lợi Street", "221B Baker Street"
    + r"|(?<![\w\-/.,])"
    + _HOUSE_NO
    + r",?\s+(?:"
    + _CAP_WORD
    + r"\s+){1,3}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Boulevard|Blvd\.?|Drive|Highway)(?!\w)"
    # Thai house number, Vietnamese "số 12 đường Lê Lợi", Khmer and Burmese house numbers.
    r"|บ้านเลขที่\s*\d+(?:/\d+)?"
    r"|(?i:số\s+nhà|số)\s+" + _HOUSE_NO + r",?\s+(?i:đường|phố|ngõ|hẻm)\s+\w+(?:\s+\w+){0,3}"
    r"|ផ្ទះលេខ\s*\d+|အိမ်အမှတ်\s*\d+)"
)
# The street first, then the house number: "Jl. Melati No. 5", "Jalan Bukit 3, No. 45" (searched
# only before a "No."-like word, so the common ADDRESS pattern stays as short as it was).
ADDRESS_STREET_FIRST = re.compile(
    r"(?<![\w])(?i:jalan|jln\.?|jl\.?|lorong|gang|gg\.?|street|road|lane|alley|ngõ|hẻm|kiệt)\s+"
    r"(?:" + _CAP_WORD + r"\s+){1,3}\d{0,4}[,\s]*(?i:no\.?|nomor|nombor|#)\s*\d{1,4}[A-Za-z]?"
    r"(?![\w])"
)
_HOUSE_NO_WORDS = ("no.", "no ", "nomor", "nombor")

_ACCOUNT_WORDS = (
    r"bank\s+account|account(?:\s+(?:no\.?|number|#))?|acct\.?|a/c(?:\s+no\.?)?|"
    r"บัญชี|tài\s+khoản|stk|ဘဏ်စာရင်း|គណនី|rekening|akaun"
)
NEAR_ACCOUNT = re.compile(
    r"(?:" + _ACCOUNT_WORDS + r")[^\n\d]{0,20}?(?P<v>(?<![\w\-])\d[\d \-]{4,24}\d)(?![\w\-])",
    _I,
)

GPS = re.compile(
    r"(?<![\w.])(?:lat(?:itude)?\s*[:=]?\s*)?-?\d{1,2}\.\d{3,}\s*°?\s*[NS]?\s*,?\s*"
    r"(?:lon(?:g(?:itude)?)?\s*[:=]?\s*)?-?\d{1,3}\.\d{3,}\s*°?\s*[EW]?(?!\w|\.\d)"
    r"|\d{1,3}\s*°\s*\d{1,2}\s*['\u2032]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"\u2033]\s*)?[NS]"
    r"[,\s]+\d{1,3}\s*°\s*\d{1,2}\s*['\u2032]\s*(?:\d{1,2}(?:\.\d+)?\s*[\"\u2033]\s*)?[EW]",
    re.IGNORECASE,
)
IPV4 = re.compile(
    r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\w]|\.\d)",
    re.ASCII,
)
IPV6 = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])", re.ASCII)

# Personal names introduced in the text.
_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))]
_UPPER = "".join(re.escape(c) for c in _LATIN if c.isupper())
_LOWER = "".join(re.escape(c) for c in _LATIN if c.islower())
_NAME_WORD = r"[" + _UPPER + r"][" + _LOWER + r"'\u2019\-]+"
_NAME = _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,3}"
_NOT_NAMES = {
    "The",
    "A",
    "An",
    "He",
    "She",
    "They",
    "It",
    "This",
    "That",
    "Police",
    "Hotline",
    "Facebook",
    "Telegram",
    "Line",
    "Tiktok",
    "TikTok",
    "Google",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Thailand",
    "Cambodia",
    "Vietnam",
    "Myanmar",
    "Laos",
    "Malaysia",
    "Indonesia",
    "Philippines",
    "China",
    "Bangkok",
    "Unknown",
    "Not",
    "Anonymous",
    "Withheld",
}
NAME_INTRO = re.compile(
    r"(?i:\b(?:her|his|their|my|your|whose|the\s+victim'?s|the\s+survivor'?s|real|full)\s+"
    r"(?:real\s+|full\s+|first\s+|last\s+|family\s+)?name\s+(?:is|was)|'s\s+name\s+(?:is|was)|"
    r"\bname\s*:|"
    r"\bnamed|\bcalled|\bknown\s+as|\balias|\bnicknamed|\baka)\s+(?P<v>" + _NAME + r")"
)
NAME_TITLE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Madam|Mdm|Mme|Sir|Uncle|Auntie|Aunt|Khun|Daw|U|Ông|Bà|Chị|Anh)"
    r"\.?\s+(?P<v>" + _NAME + r")"
)
_CALLED_NOT_PERSON = re.compile(
    r"(?:company|agency|firm|village|town|city|district|province|shop|restaurant|bar|club|"
    r"karaoke|boat|vessel|ship|app|group|factory|place|area|compound|casino|hotel|website|"
    r"page|programme|program|project|organisation|organization|scheme|market|island)\s+$",
    _I,
)
NAME_LOCAL = re.compile(
    r"(?:tên\s+(?:thật\s+)?là|tên\s+(?=[A-ZĐ]))\s*(?P<v>" + _NAME + r")"
    r"|(?<!เ)ชื่อ(?:ว่า|จริง|เล่น)?\s*(?P<th>(?:นาย|นางสาว|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.)\s*[ก-๛]+)"
    r"|(?<!เ)ชื่อ(?:ว่า|จริง|เล่น)\s*(?P<th2>[ก-๛]+)"
    r"|(?<!ចុះ)ឈ្មោះ\s*(?P<km>[\u1780-\u17FF]+)"
    r"|(?:အမည်|နာမည်)(?:မှာ|က|သည်)?\s*(?P<my>[\u1000-\u109F]+)"
)

# --- Scan context: anchors computed once, detectors run only in small windows -----------------

CLUSTER = re.compile(r"\d(?:[ \t\-./()]{0,2}\d)*", re.ASCII)
_SEPARATORS = str.maketrans("", "", " \t-./()")
_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")


class Cluster(NamedTuple):
    """A run of digits joined by separators (a possible number, date, phone, ...).

    A named tuple: built dozens of times per scan, and a frozen dataclass is slow to build.
    """

    start: int
    end: int
    ndigits: int
    grouped: bool  # 30.000.000: a Vietnamese or Indonesian amount, not a date or an ID


class _Context:
    """Per-scan anchors so that the slow patterns only see text that could match them."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Spans already found by the detectors that ran before (more specific kinds), so that
        # a slow fallback need not look inside a Thai ID or a card number again.
        self.claimed: list[tuple[int, int]] = []
        self.norm = _normalise(text)
        self.low = self.norm.lower()
        self.heads = shapes.heads(self.low)
        self.size = len(self.norm)
        self.clusters = [
            Cluster(
                m.start(),
                m.end(),
                len(m.group().translate(_SEPARATORS)),
                "." in m.group() and _GROUPED.fullmatch(m.group()) is not None,
            )
            for m in CLUSTER.finditer(self.norm)
        ]
        # digits_at_least() is asked the same few questions by many detectors: answer once.
        self._at_least: dict[tuple[int, bool], list[tuple[int, int]]] = {}

    def around(
        self, spans: list[tuple[int, int]] | Iterator[tuple[int, int]], before: int, after: int
    ) -> list[tuple[int, int]]:
        """Merge the windows [start-before, end+after] around anchor spans."""
        windows: list[tuple[int, int]] = []
        for a, b in sorted((max(0, a - before), min(self.size, b + after)) for a, b in spans):
            if windows and a <= windows[-1][1]:
                windows[-1] = (windows[-1][0], max(windows[-1][1], b))
            else:
                windows.append((a, b))
        return windows

    def digits_at_least(self, n: int, *, grouped: bool = True) -> list[tuple[int, int]]:
        """Spans of digit clusters with at least ``n`` digits (``grouped``: keep 30.000.000).

        The caller must not modify the returned list (it is shared within this scan).
        """
        key = (n, grouped)
        spans = self._at_least.get(key)
        if spans is None:
            spans = self._at_least[key] = [
                (c.start, c.end)
                for c in self.clusters
                if c.ndigits >= n and (grouped or not c.grouped)
            ]
        return spans

    def find_all(
        self, needles: tuple[str, ...], *, exact: bool = False, word: bool = False
    ) -> list[tuple[int, int]]:
        """Positions of each needle in the lower-cased text (or, if ``exact``, the text).

        With ``word``, only where the needle starts a word.
        """
        haystack = self.norm if exact else self.low
        spans = []
        for needle in needles:
            if word and needle.isascii() and needle.lower().rstrip()[:2] not in self.heads:
                continue  # no word starts with it: skip the scan
            i = haystack.find(needle)
            while i >= 0:
                if not (word and i and haystack[i - 1].isalnum()):
                    spans.append((i, i + len(needle)))
                i = haystack.find(needle, i + 1)
        return spans

    def search(
        self, pattern: re.Pattern[str], windows: list[tuple[int, int]]
    ) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` inside the windows; a match cut by a window's end is dropped."""
        for a, b in windows:
            for m in pattern.finditer(self.norm, a, b):
                if m.end() < b or b == self.size:
                    yield m


# --- Detectors --------------------------------------------------------------------------------

Detector = Callable[[_Context], Iterator[Finding]]


def _emails(ctx: _Context) -> Iterator[Finding]:
    windows = ctx.around(ctx.find_all(("@",)), 64, 255)
    for m in ctx.search(EMAIL, windows):
        yield Finding("email", m.start(), m.end())
    for start, end in shapes.emails(ctx.norm, ctx.low):
        yield Finding("email", start, end)


_URL_HINT = re.compile(r"\.([a-z]{2,6})(?![a-z])|://|www\.")
_TLD_SET = frozenset(_TLDS.split("|"))


def _urls(ctx: _Context) -> Iterator[Finding]:
    spans = []
    for m in _URL_HINT.finditer(ctx.low):
        if m.group(1) is None or m.group(1) in _TLD_SET:
            # Widen to the whitespace-delimited token holding the hint.
            a = ctx.norm.rfind(" ", 0, m.start()) + 1
            b = ctx.norm.find(" ", m.end())
            spans.append((a, ctx.size if b < 0 else b))
    for m in ctx.search(URL, ctx.around(spans, 1, 1)):
        start, end = m.start(), m.end()
        while end > start and ctx.norm[end - 1] in _URL_TRAILING:
            end -= 1
        if end - start >= 4:
            yield Finding("url", start, end)


def _handles(ctx: _Context) -> Iterator[Finding]:
    if "@" in ctx.norm:
        for m in ctx.search(HANDLE, ctx.around(ctx.find_all(("@",)), 1, 32)):
            if len(m.group()) >= 3:
                yield Finding("social_handle", m.start(), m.end())
    seps = ctx.find_all((":", "="))
    if seps:
        for m in ctx.search(SOCIAL_ID, ctx.around(seps, 40, 45)):
            yield Finding("social_handle", m.start(), m.end())
    for start, end in shapes.handles(ctx.norm, ctx.low, ctx.heads):
        yield Finding("social_handle", start, end)


def _looks_like_money_or_count(norm: str, start: int, end: int) -> bool:
    return bool(
        _MONEY_AFTER.match(norm, end) or _MONEY_BEFORE.search(norm, max(0, start - 8), start)
    )


_REGION_CODES = tuple(phonenumbers.country_code_for_region(r) for r in PHONE_REGIONS)


def _valid(country_code: int, national: str) -> bool:
    if not national or len(national) > 17:
        return False
    number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national))
    return phonenumbers.is_valid_number(number)


def _is_phone(raw: str, digits: str) -> bool:
    """Whole-candidate check against the numbering plans: far cheaper than the matcher."""
    if raw.lstrip("(").startswith("+"):
        try:
            return phonenumbers.is_valid_number(phonenumbers.parse(raw, None))
        except phonenumbers.NumberParseException:
            return False
    if digits.startswith("0"):  # every covered region dials its trunk prefix 0
        return any(_valid(cc, digits[1:]) for cc in _REGION_CODES)
    for cc in _REGION_CODES:  # written with the country code but no "+": 855 17 888 999
        if digits.startswith(str(cc)) and _valid(cc, digits[len(str(cc)) :]):
            return True
    return len(digits) >= 9 and any(_valid(cc, digits) for cc in _REGION_CODES)


def _phones(ctx: _Context) -> Iterator[Finding]:
    norm = ctx.norm
    for start, end in shapes.phones(norm, ctx.low, ctx.digits_at_least(3), ctx.heads, _is_phone):
        yield Finding("phone_number", start, end)
    for cand in ctx.search(PHONE_CANDIDATE, ctx.around(ctx.digits_at_least(7), 2, 2)):
        raw = cand.group()
        digits = _digits(raw)
        if len(digits) < 7 or (len(digits) > 15 and not raw.startswith("+")):
            continue
        if _looks_like_money_or_count(norm, cand.start(), cand.end()):
            continue
        if _is_phone(raw, digits):
            yield Finding("phone_number", cand.start(), cand.end())
            continue
        if len(digits) < 12 or any(a <= cand.start() and cand.end() <= b for a, b in ctx.claimed):
            continue
        # A long run may hold a number next to other digits: let the matcher pick it out.
        plus = raw.lstrip("(").startswith("+")
        for region in ("ZZ",) if plus else PHONE_REGIONS:
            matches = list(PhoneNumberMatcher(raw, region, Leniency.VALID))
            for match in matches:
                yield Finding("phone_number", cand.start() + match.start, cand.start() + match.end)
            if matches:
                break


def _cards(ctx: _Context) -> Iterator[Finding]:
    for m in ctx.search(CARD, ctx.around(ctx.digits_at_least(13), 1, 1)):
        digits = _digits(m.group())
        card_like = 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn_ok(digits)
        if card_like and not thai_id_ok(digits):
            yield Finding("payment_card", m.start(), m.end())


def _ibans(ctx: _Context) -> Iterator[Finding]:
    norm = ctx.norm
    spans = [
        (c.start - 2, c.start)
        for c in ctx.clusters
        if c.start >= 2
        and norm[c.start - 2 : c.start].isascii()
        and norm[c.start - 2 : c.start].isupper()
        and norm[c.start - 2 : c.start].isalpha()
    ]
    for m in ctx.search(IBAN, ctx.around(spans, 1, 50)):
        raw = m.group()
        # The pattern may run into a following word: shrink until the checksum holds.
        end = len(raw)
        while end >= 15:
            if raw[end - 1] != " " and iban_ok(raw[:end]):
                yield Finding("iban", m.start(), m.start() + end)
                break
            end -= 1


def _national_ids(ctx: _Context) -> Iterator[Finding]:
    norm = ctx.norm
    long_windows = ctx.around(ctx.digits_at_least(12), 2, 2)
    if long_windows:
        for m in ctx.search(THAI_ID, long_windows):
            if thai_id_ok(_digits(m.group())):
                yield Finding("national_id", m.start(), m.end())
        for m in ctx.search(VN_ID, long_windows):
            if 1 <= int(m.group()[1:3]) <= 96:
                yield Finding("national_id", m.start(), m.end())
        for m in ctx.search(MY_ID, long_windows):
            yield Finding("national_id", m.start(), m.end())
        for m in ctx.search(CN_ID, long_windows):
            if china_id_ok(m.group()):
                yield Finding("national_id", m.start(), m.end())
        for m in ctx.search(LONG_DIGITS, long_windows):
            if not _looks_like_money_or_count(norm, m.start(), m.end()):
                yield Finding("national_id", m.start(), m.end())
    for start, end in shapes.nrc(norm):
        yield Finding("national_id", start, end)
    if "(" in norm and "/" in norm:
        for m in ctx.search(MM_NRC, ctx.around(ctx.find_all(("/",)), 3, 40)):
            yield Finding("national_id", m.start(), m.end())
    for m in ctx.search(NEAR_ID, ctx.around(ctx.digits_at_least(6, grouped=False), 60, 3)):
        if len(_digits(m.group("v"))) >= 6:
            yield Finding("national_id", m.start("v"), m.end("v"))


_PASSPORT_NEEDLES = ("passport", "หนังสือเดินทาง", "hộ chiếu", "លិខិតឆ្លងដែន", "နိုင်ငံကူးလက်မှတ်", "护照")


def _passports(ctx: _Context) -> Iterator[Finding]:
    if any(n in ctx.low for n in _PASSPORT_NEEDLES):
        for m in ctx.search(NEAR_PASSPORT, ctx.around(ctx.digits_at_least(5), 45, 3)):
            yield Finding("passport_number", m.start("v"), m.end("v"))
    for m in ctx.search(PASSPORT_SHAPE, ctx.around(ctx.digits_at_least(7), 3, 2)):
        yield Finding("passport_number", m.start(), m.end())


_BIRTH_NEEDLES = ("born", "birth", "dob", "d.o.b")


def _dates(ctx: _Context) -> Iterator[Finding]:
    for m in ctx.search(DATE, ctx.around(ctx.digits_at_least(4, grouped=False), 30, 30)):
        yield Finding("date_of_birth", m.start(), m.end())
    births = ctx.find_all(_BIRTH_NEEDLES)
    if births:
        for m in ctx.search(BIRTH_NO_YEAR, ctx.around(births, 2, 40)):
            yield Finding("date_of_birth", m.start("v"), m.end("v"))


# Every address pattern holds one of these; matches are searched only around them.
_STREET_NEEDLES = (
    "street",
    "st.",
    "st ",
    "road",
    "rd",
    "avenue",
    "ave",
    "lane",
    "ln",
    "boulevard",
    "blvd",
    "drive",
    "highway",
    "alley",
    "soi",
    "moo",
    "jalan",
    "jln",
    "jl",
    "lorong",
    "đường",
    "phố",
    "ngõ",
    "hẻm",
    "kiệt",
    "บ้านเลขที่",
    "ផ្ទះលេខ",
    "အိမ်အမှတ်",
)


def _addresses(ctx: _Context) -> Iterator[Finding]:
    for m in ctx.search(ADDRESS, ctx.around(ctx.find_all(_STREET_NEEDLES, word=True), 60, 50)):
        yield Finding("street_address", m.start(), m.end())
    numbers = ctx.find_all(_HOUSE_NO_WORDS, word=True)
    if numbers:
        for m in ctx.search(ADDRESS_STREET_FIRST, ctx.around(numbers, 60, 12)):
            yield Finding("street_address", m.start(), m.end())
    for start, end in shapes.dwellings(ctx.norm, ctx.low, ctx.heads):
        yield Finding("street_address", start, end)


_ACCOUNT_NEEDLES = (
    "account",
    "acct",
    "a/c",
    "บัญชี",
    "tài khoản",
    "stk",
    "ဘဏ်စာရင်း",
    "គណនី",
    "rekening",
    "akaun",
)


def _accounts(ctx: _Context) -> Iterator[Finding]:
    if any(n in ctx.low for n in _ACCOUNT_NEEDLES):
        for m in ctx.search(NEAR_ACCOUNT, ctx.around(ctx.digits_at_least(6, grouped=False), 50, 3)):
            if len(_digits(m.group("v"))) >= 6:
                yield Finding("bank_account", m.start("v"), m.end("v"))


_DECIMAL3 = re.compile(r"\d\.\d{3}")


def _gps(ctx: _Context) -> Iterator[Finding]:
    spans = [
        (c.start, c.end)
        for c in ctx.clusters
        if not c.grouped and _DECIMAL3.search(ctx.norm, c.start, c.end)
    ]
    spans += ctx.find_all(("°",))
    for m in ctx.search(GPS, ctx.around(spans, 20, 40)):
        yield Finding("gps_coordinates", m.start(), m.end())


def _ips(ctx: _Context) -> Iterator[Finding]:
    norm = ctx.norm
    spans = [(c.start, c.end) for c in ctx.clusters if norm.count(".", c.start, c.end) >= 3]
    for m in ctx.search(IPV4, ctx.around(spans, 1, 1)):
        yield Finding("ip_address", m.start(), m.end())
    if "::" in norm or norm.count(":") >= 7:
        for m in IPV6.finditer(norm):
            try:
                ipaddress.IPv6Address(m.group())
            except ValueError:
                continue
            yield Finding("ip_address", m.start(), m.end())


_NAME_INTRO_NEEDLES = ("name", "called", "known as", "alias", "aka")
_TITLE_NEEDLES = (
    "Mr",
    "Ms",
    "Miss",
    "Mx",
    "Dr",
    "Madam",
    "Mdm",
    "Mme",
    "Sir",
    "Uncle",
    "Aunt",
    "Khun",
    "Daw",
    "U ",
    "Ông",
    "Bà",
    "Chị",
    "Anh",
)
_LOCAL_NAME_NEEDLES = ("tên", "ชื่อ", "ឈ្មោះ", "အမည်", "နာမည်")


def _names(ctx: _Context) -> Iterator[Finding]:
    norm = ctx.norm
    intros = ctx.find_all(_NAME_INTRO_NEEDLES, word=True)
    if intros:
        for m in ctx.search(NAME_INTRO, ctx.around(intros, 40, 60)):
            first = m.group("v").split()[0]
            if first in _NOT_NAMES or _CALLED_NOT_PERSON.search(
                norm, max(0, m.start() - 30), m.start()
            ):
                continue
            yield Finding("person_name", m.start("v"), m.end("v"))
    titles = ctx.find_all(_TITLE_NEEDLES, exact=True, word=True)
    if titles:
        for m in ctx.search(NAME_TITLE, ctx.around(titles, 0, 60)):
            if m.group("v").split()[0] not in _NOT_NAMES:
                yield Finding("person_name", m.start(), m.end())
    local = ctx.find_all(_LOCAL_NAME_NEEDLES)
    if local:
        for m in ctx.search(NAME_LOCAL, ctx.around(local, 2, 60)):
            group = next(g for g in ("v", "th", "th2", "km", "my") if m.group(g))
            yield Finding("person_name", m.start(group), m.end(group))
    for start, end in names.latin_names(norm):
        yield Finding("person_name", start, end)
    for start, end in names.script_names(norm):
        yield Finding("person_name", start, end)


def _plates(ctx: _Context) -> Iterator[Finding]:
    for start, end in shapes.plates(ctx.norm, ctx.low, ctx.digits_at_least(3), ctx.heads):
        yield Finding("vehicle_plate", start, end)


def _wallets(ctx: _Context) -> Iterator[Finding]:
    for start, end in shapes.wallets(ctx.norm):
        yield Finding("crypto_wallet", start, end)


# Order is the tie-break when two findings cover the same span: the more specific first.
DETECTORS: tuple[tuple[str, Detector], ...] = (
    ("email", _emails),
    ("crypto_wallet", _wallets),
    ("iban", _ibans),
    ("payment_card", _cards),
    ("bank_account", _accounts),
    ("national_id", _national_ids),
    ("passport_number", _passports),
    ("gps_coordinates", _gps),
    ("ip_address", _ips),
    ("date_of_birth", _dates),
    ("phone_number", _phones),
    ("vehicle_plate", _plates),
    ("url", _urls),
    ("social_handle", _handles),
    ("street_address", _addresses),
    ("person_name", _names),
)
_PRIORITY = {kind: i for i, (kind, _) in enumerate(DETECTORS)}


def _resolve(findings: list[Finding]) -> list[Finding]:
    """Keep non-overlapping findings: the longer span wins, then the more specific kind."""
    ranked = sorted(findings, key=lambda f: (-(f.end - f.start), _PRIORITY[f.kind], f.start))
    # Kept spans never overlap, so sorted by start they are sorted by end too: one bisection
    # finds the only two neighbours a new span could overlap (a text with thousands of
    # findings stays linearithmic instead of quadratic).
    starts: list[int] = []
    kept: list[Finding] = []
    for f in ranked:
        i = bisect.bisect_left(starts, f.start)
        if i > 0 and kept[i - 1].end > f.start:
            continue
        if i < len(kept) and kept[i].start < f.end:
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def scan(text: str) -> list[Finding]:
    """Return sorted, non-overlapping findings in ``text`` (kind and span only)."""
    if not text:
        return []
    ctx = _Context(text)
    found: list[Finding] = []
    for _kind, detector in DETECTORS:
        new = [f for f in detector(ctx) if f.end > f.start]
        found.extend(new)
        ctx.claimed.extend((f.start, f.end) for f in new)
    return _resolve(found)


__all__ = ["KINDS", "PHONE_REGIONS", "Finding", "iban_ok", "luhn_ok", "scan", "thai_id_ok"]
