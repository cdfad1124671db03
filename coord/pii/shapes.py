# ruff: noqa: RUF001, RUF002  (Khmer, Thai, Burmese, Lao script and full-width signs are the point)
"""Identifiers as caseworkers actually type them: obfuscated contacts, vehicle plates, crypto
wallets, the Myanmar NRC in Burmese script, and phrases that pin a dwelling.

Each function takes the digit-normalised text and yields ``(start, end)`` spans. Checksums
(Base58Check, Bech32/Bech32m, EIP-55) come from small libraries (``base58``, ``bech32``,
``eth-hash`` over pycryptodome's Keccak) so that a random token is not taken for a wallet.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import base58
import bech32
from eth_hash.auto import keccak

Span = tuple[int, int]

# --- E-mail addresses written to dodge filters -----------------------------------------------
_TLD = r"(?:com|net|org|info|biz|edu|gov|io|me|co|th|vn|kh|mm|la|my|ph|id|cn|sg|hk|tw)"
_AT = r"(?:\s*[\[({<]\s*at\s*[\])}>]\s*|\s+at\s+|\s*＠\s*|\s+@\s*|\s*@\s+)"
_DOT = r"(?:\s*[\[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+|\.|\s+\.\s+)"
EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.])[A-Za-z0-9][A-Za-z0-9._%+\-]{{0,63}}{_AT}"
    rf"[A-Za-z0-9][A-Za-z0-9\-]{{0,62}}(?:{_DOT}[A-Za-z0-9\-]{{1,63}})*?{_DOT}{_TLD}(?![\w\-])",
    re.IGNORECASE,
)
_PLAIN_AT = re.compile(r"\s+at\s+(?!.*(?:\bdot\b|[\[({<]))", re.IGNORECASE)
# "Apply at www.jobs.com" is a sentence: a bare " at " with real dots needs a mail provider.
_MAIL_PROVIDER = re.compile(
    r"\s+at\s+(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud|proton(?:mail)?|"
    r"qq|163|126|aol|zoho|mail)\.",
    re.IGNORECASE,
)
_EMAIL_HINT = re.compile(r"[\[({<]\s*at\s*[\])}>]|\sat\s|＠|\s@|@\s", re.IGNORECASE)


def emails(norm: str) -> Iterator[Span]:
    """``name [at] gmail [dot] com``, ``name(at)x.com``, ``name at x dot com``, ``name＠x.com``."""
    for hint in _EMAIL_HINT.finditer(norm):
        a, b = max(0, hint.start() - 64), min(len(norm), hint.end() + 90)
        for m in EMAIL_OBFUSCATED.finditer(norm, a, b):
            if m.start() <= hint.start() < m.end():
                if _PLAIN_AT.search(m.group()) and not _MAIL_PROVIDER.search(m.group()):
                    break
                yield m.start(), m.end()
                break


# --- Phone numbers written with slashes, letters for digits, or in words ----------------------
_LOOKALIKE = str.maketrans("OoIlS", "00115")
PHONE_OBFUSCATED = re.compile(
    r"(?<![\w/])\+?[\dOoIlS](?:(?:[ \t\-./]|\n){0,2}[\dOoIlS]){6,14}(?![\w/])"
)
_DIGIT_WORDS = {
    # English
    "zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9",
    # Khmer (ដប់ = ten: ដប់ពីរ = 12)
    "សូន្យ": "0", "មួយ": "1", "ពីរ": "2", "បី": "3", "បួន": "4", "ប្រាំ": "5", "ប្រាំមួយ": "6",
    "ប្រាំពីរ": "7", "ប្រាំបី": "8", "ប្រាំបួន": "9", "ដប់": "1",
    # Thai
    "ศูนย์": "0", "หนึ่ง": "1", "สอง": "2", "สาม": "3", "สี่": "4", "ห้า": "5", "หก": "6",
    "เจ็ด": "7", "แปด": "8", "เก้า": "9",
    # Vietnamese, with and without diacritics
    "không": "0", "khong": "0", "một": "1", "mot": "1", "hai": "2", "ba": "3", "bốn": "4",
    "bon": "4", "năm": "5", "nam": "5", "lăm": "5", "sáu": "6", "sau": "6", "bảy": "7",
    "bay": "7", "tám": "8", "tam": "8", "chín": "9", "chin": "9",
    # Burmese
    "သုည": "0", "တစ်": "1", "နှစ်": "2", "သုံး": "3", "လေး": "4", "ငါး": "5", "ခြောက်": "6",
    "ခုနစ်": "7", "ရှစ်": "8", "ကိုး": "9",
}  # fmt: skip
_WORD_ALT = "|".join(re.escape(w) for w in sorted(_DIGIT_WORDS, key=len, reverse=True))
# Spoken or written out: a zero-word then 6+ more digit words or digits.
PHONE_WORDS = re.compile(
    rf"(?<![^\W\d_])(?:{_WORD_ALT})(?:[\s,\-]*(?:(?:{_WORD_ALT})|\d)){{6,16}}(?![^\W\d_])",
    re.IGNORECASE,
)
_WORD_TOKEN = re.compile(rf"{_WORD_ALT}|\d", re.IGNORECASE)
_ZERO_WORDS = ("zero", "សូន្យ", "ศูนย์", "không", "khong", "သုည")


def phones(norm: str, is_phone: Callable[[str, str], bool]) -> Iterator[Span]:
    """Digits split by slashes or line breaks, O/l/I/S for digits, numbers spelled in words."""
    for m in PHONE_OBFUSCATED.finditer(norm):
        raw = m.group()
        if not any(c in raw for c in "OoIlS/\n") or sum(c.isdigit() for c in raw) < 4:
            continue
        fixed = raw.translate(_LOOKALIKE).replace("/", " ").replace("\n", " ")
        digits = "".join(c for c in fixed if c.isdigit())
        slash_only = not any(c in raw for c in "OoIlS\n")
        if slash_only and not (digits.startswith("0") or raw.startswith("+")):
            continue  # 12/03/2001 and other dates stay dates
        if 8 <= len(digits) <= 15 and is_phone(fixed, digits):
            yield m.start(), m.end()
    low = norm.lower()
    if any(z in low for z in _ZERO_WORDS):
        for m in PHONE_WORDS.finditer(norm):
            digits = "".join(_DIGIT_WORDS.get(t.lower(), t) for t in _WORD_TOKEN.findall(m.group()))
            if digits.startswith("0") and 8 <= len(digits) <= 12:
                yield m.start(), m.end()


# --- Handles given after a platform word, without a colon ------------------------------------
_PLATFORM = (
    r"line|tiktok|tik\s?tok|telegram|tele|whatsapp|whats\s?app|zalo|wechat|we\s?chat|weixin|"
    r"facebook|fb|instagram|insta|ig|viber|signal|kakao(?:talk)?|messenger|snapchat|"
    r"ไลน์|ไลน|เฟซบุ๊ก|เฟส|ติ๊กต็อก|តេឡេក្រាម|ហ្វេសប៊ុក|វីឆាត"
)
_LABEL = r"(?:id|account|acc|username|user|handle|name|nick|tên|ไอดี|ชื่อ)"
HANDLE_AFTER_PLATFORM = re.compile(
    rf"(?<![\w.])(?:{_PLATFORM})(?:\s+(?P<label>{_LABEL}))?(?:\s+(?:is|là|was))?\s*[:=\-]?\s*"
    r"(?P<v>@?[A-Za-z0-9][A-Za-z0-9_.\-]{2,39})(?![\w@])",
    re.IGNORECASE,
)
_PLATFORM_HINT = re.compile(rf"(?<![\w.])(?:{_PLATFORM})", re.IGNORECASE)


def handles(norm: str) -> Iterator[Span]:
    """``Line sweetmalee99``, ``Telegram bkk_jobs``, ``Zalo tên lanvn_88``: handle-shaped."""
    for hint in _PLATFORM_HINT.finditer(norm):
        m = HANDLE_AFTER_PLATFORM.match(norm, hint.start())
        if not m:
            continue
        token = m.group("v").lstrip("@").rstrip(".-")
        if not any(c.isalpha() for c in token) or token.count(".") > 3:
            continue
        marked = any(c.isdigit() or c == "_" for c in token) or "." in token.strip(".")
        if marked:
            yield m.start("v"), m.start("v") + len(m.group("v").rstrip(".-"))


# --- Vehicle plates ----------------------------------------------------------------------------
_TH_PROVINCES = (
    "กรุงเทพมหานคร|กรุงเทพฯ|เชียงใหม่|เชียงราย|ตาก|ชลบุรี|ระยอง|ภูเก็ต|สงขลา|ขอนแก่น|นครราชสีมา|"
    "อุดรธานี|สมุทรสาคร|สมุทรปราการ|นนทบุรี|ปทุมธานี|ระนอง|กาญจนบุรี|สระแก้ว|ตราด|หนองคาย|"
    "[ก-ฮ][\u0e30-\u0e4e]?[ก-ฮ\u0e30-\u0e4e]{2,14}"
)
_PLATE_STRONG = re.compile(
    # Vietnam: 29A-456.78, 51F-123.45, 77C1-234.56, 30E-12345
    r"(?<![\w.\-])\d{2}[A-Z][A-Z0-9]?-\d{3}\.\d{2}(?![\w.]|-\d)"
    r"|(?<![\w.\-])\d{2}[A-Z]\d?-\d{4,5}(?![\w.\-])"
    # Thailand: กท 5678 เชียงใหม่, 1กข 2345 กรุงเทพมหานคร
    r"|(?<![\u0E00-\u0E7F\d])\d?[ก-ฮ]{1,2}\s?\d{1,4}\s+(?:" + _TH_PROVINCES + r")"
    r"|(?<![\u0E00-\u0E7F\w])\d[ก-ฮ]{2}\s?\d{4}(?!\d)"
    # Myanmar in Burmese script: ၈ဂ/၁၂၃၄ (digits already normalised)
    r"|(?<![\w/])\d[\u1000-\u1021]\s?/\s?\d{4}(?![\w/])"
)
_PLATE_WEAK = re.compile(
    # Malaysia, Philippines, Laos, Myanmar: BKT 4821, NAB 2345, ABC-1234, VTE 5678, YGN 8B-1234
    r"(?<![\w\-/])(?:[A-Z]{1,3}[ \-]?\d{1,4}[A-Z]?"
    r"|(?:[A-Z]{3}\s)?\d[A-Z]{1,2}[\-/]\d{4}"  # Cambodia 3B-7788, 2AB-1234; Myanmar 2K/4567
    r"|[\u0E81-\u0EAE]{1,2}\s?\d{4})(?![\w\-/])"  # Laos ກຂ 1234
)
_VEHICLE = re.compile(
    r"plate|registration|\breg\b|licen[cs]e|vehicle|\bcar\b|\bvan\b|minivan|minibus|truck|lorry|"
    r"pick-?up|\bbus\b|taxi|motorbike|motorcycle|scooter|\bsuv\b|sedan|driven|biển\s+số|\bxe\b|"
    r"ทะเบียน|ป้าย|รถ|ឡាន|រថយន្ត|ផ្លាក|ស្លាក|ကား|ယာဉ်|ລົດ|kereta|lori",
    re.IGNORECASE,
)
_NOT_PLATE_LETTERS = frozenset(
    [
        "USD",
        "THB",
        "VND",
        "KHR",
        "MMK",
        "LAK",
        "MYR",
        "PHP",
        "IDR",
        "CNY",
        "RM",
        "RP",
        "EUR",
        "GBP",
        "ISO",
        "RFC",
        "COVID",
        "KH",
        "TH",
        "VN",
        "MM",
        "LA",
        "MY",
        "PH",
        "ID",
        "CN",
        "Q",
        "H1",
        "G",
    ]
)


def plates(norm: str) -> Iterator[Span]:
    """Strong formats anywhere; formats shared with other codes only near a vehicle word."""
    for m in _PLATE_STRONG.finditer(norm):
        yield m.start(), m.end()
    vehicles = [m.start() for m in _VEHICLE.finditer(norm)]
    if not vehicles:
        return
    for m in _PLATE_WEAK.finditer(norm):
        letters = re.match(r"[A-Z]+", m.group())
        if letters and letters.group() in _NOT_PLATE_LETTERS:
            continue
        if any(m.start() - 60 <= v <= m.end() + 20 for v in vehicles):
            yield m.start(), m.end()


# --- Crypto wallets ------------------------------------------------------------------------------
_B58 = re.compile(r"(?<![A-Za-z0-9])[13T][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])")
_BECH32 = re.compile(
    r"(?<![A-Za-z0-9])(?:bc|tb|ltc|BC|TB|LTC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?![A-Za-z0-9])"
)
_ETH = re.compile(r"(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])")
_B58_VERSIONS = frozenset((0x00, 0x05, 0x41, 0x30, 0x32))  # BTC P2PKH/P2SH, Tron, Litecoin


def _base58check_ok(token: str) -> bool:
    try:
        payload = base58.b58decode_check(token)
    except ValueError:
        return False
    return len(payload) == 21 and payload[0] in _B58_VERSIONS


def _bech32_ok(token: str) -> bool:
    hrp = token[: token.rfind("1")].lower()
    witver, program = bech32.decode(hrp, token.lower())
    return witver is not None and program is not None


def eip55_ok(address: str) -> bool:
    """EIP-55: an all-lower or all-upper address has no checksum; a mixed-case one must match."""
    body = address[2:]
    if body == body.lower() or body == body.upper():
        return True
    digest = keccak(body.lower().encode()).hex()
    return all(
        c.isdigit() or (c.isupper() == (int(digest[i], 16) >= 8)) for i, c in enumerate(body)
    )


def wallets(norm: str) -> Iterator[Span]:
    """Bitcoin/Tron Base58Check, Bech32 segwit, Ethereum (EIP-55) addresses, checksums verified."""
    for m in _B58.finditer(norm):
        if _base58check_ok(m.group()):
            yield m.start(), m.end()
    for m in _BECH32.finditer(norm):
        if _bech32_ok(m.group()):
            yield m.start(), m.end()
    if "0x" in norm:
        for m in _ETH.finditer(norm):
            if eip55_ok(m.group()):
                yield m.start(), m.end()


# --- Myanmar NRC in Burmese script ---------------------------------------------------------------
NRC_BURMESE = re.compile(
    r"(?<![\w/])\d{1,2}\s*/\s*[\u1000-\u104F]{2,14}\s*\(\s*[\u1000-\u104F]{1,10}\s*\)\s*\d{5,6}(?!\d)"
)


def nrc(norm: str) -> Iterator[Span]:
    """``၁၂/မရက(နိုင်)၁၂၃၄၅၆`` (digits normalised to ASCII first)."""
    if "/" in norm and "(" in norm:
        for m in NRC_BURMESE.finditer(norm):
            yield m.start(), m.end()


# --- Dwelling phrases -----------------------------------------------------------------------------
_ID = r"(?:\d{1,4}(?:[\-/]\d{1,4})?[A-Za-z]?|[A-Z](?:-?\d{1,4})?)(?![\w])"
_ELEMENT = re.compile(
    r"(?<![\w])(?:(?i:room|rm\.?|building|bldg\.?|block|blk\.?|floor|flr\.?|level|unit|"
    r"apartment|apt\.?|flat|soi|dorm(?:itory)?)\s*(?i:no\.?\s*)?" + _ID + r"|"
    r"(?:ห้อง|ตึก|อาคาร|ชั้น|ซอย)\s*(?:ที่\s*)?(?:\d{1,4}|[A-Zก-ฮ])(?![\w])|"
    r"(?i:phòng|tòa\s+nhà|tòa|tầng|dãy|khu|lô|nhà\s+số)\s*" + _ID + r"|"
    r"(?:បន្ទប់|អគារ|ជាន់)(?:លេខ|ទី)?\s*(?:\d{1,4}|[A-Z])(?![\w])|"
    r"(?:အခန်း|အဆောက်အအုံ|တိုက်)\s*(?:အမှတ်\s*)?\d{1,4}|\d{1,3}\s*ထပ်)"
)
_ELEMENT_HINT = re.compile(
    r"room|rm|building|bldg|block|blk|floor|flr|level|unit|apartment|apt|flat|soi|dorm|"
    r"ห้อง|ตึก|อาคาร|ชั้น|ซอย|phòng|tòa|tầng|dãy|khu|lô|nhà|បន្ទប់|អគារ|ជាន់|အခန်း|အဆောက်|တိုက်|ထပ်",
    re.IGNORECASE,
)
_PLACE_AFTER = re.compile(r",\s*(?:[A-Z][\w'’]+\s*){1,3}")
_JOIN = re.compile(r"[\s,;]*(?:of\s+(?:the\s+)?|in\s+|at\s+)?[\s,;]*")


def dwellings(norm: str) -> Iterator[Span]:
    """Two dwelling elements together (``room 305, building B``), or one and a named place."""
    if not _ELEMENT_HINT.search(norm):
        return
    elements = list(_ELEMENT.finditer(norm))
    i = 0
    while i < len(elements):
        start, end = elements[i].start(), elements[i].end()
        j = i + 1
        while j < len(elements):
            gap = _JOIN.fullmatch(norm, end, elements[j].start())
            if gap is None:
                break
            end = elements[j].end()
            j += 1
        if j > i + 1:
            yield start, end
        else:
            place = _PLACE_AFTER.match(norm, end)
            if place:
                yield start, place.end()
        i = j
