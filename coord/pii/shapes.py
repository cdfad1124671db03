# ruff: noqa: RUF001, RUF002  (Khmer, Thai, Burmese, Lao script and full-width signs are the point)
"""Identifiers as caseworkers actually type them: obfuscated contacts, vehicle plates, crypto
wallets, the Myanmar NRC in Burmese script, and phrases that pin a dwelling.

Each function takes the digit-normalised text and yields ``(start, end)`` spans. Checksums
(Base58Check, Bech32/Bech32m, EIP-55) come from small libraries (``base58``, ``bech32``,
``eth-hash`` over pycryptodome's Keccak) so that a random token is not taken for a wallet.
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Callable, Iterator

import base58
import bech32
from eth_hash.auto import keccak

Span = tuple[int, int]


def heads(low: str) -> frozenset[str]:
    """First two letters of every word: lets most needles be ruled out without a scan.

    Computed once per scan by the caller and passed down (never cached here: a cache keyed by
    the text would keep rejected text in memory). ``replace``/``split``/``map`` run in C.
    """
    for sep in _SPLIT_TOO:
        if sep in low:
            low = low.replace(sep, " ")
    return frozenset(map(_FIRST_TWO, low.split()))


# Besides white space, a word can start after these (so "27/5 moo", "x,soi" keep their heads).
_SPLIT_TOO = ("(", '"', "“", "'", "/", ",", ";", ":", "-", ".", "#", "[", "<", "{")


_FIRST_TWO = operator.itemgetter(slice(2))


def _word_starts(low: str, needles: tuple[str, ...], heads: frozenset[str]) -> list[int]:
    """Where each needle starts a word in ``low``: ``str.find`` is far cheaper than a regex of
    alternatives tried at every position, and a needle whose first two letters start no word
    is not searched at all (what keeps the guard above 2,000 scans/s).
    """
    found = []
    for needle in needles:
        ascii_needle = needle.isascii()  # Thai, Khmer, Burmese write words without spaces
        if ascii_needle and needle.rstrip()[:2] not in heads:
            continue
        i = low.find(needle)
        while i >= 0:
            if not (ascii_needle and i and low[i - 1].isalnum()):
                found.append(i)
            i = low.find(needle, i + 1)
    return sorted(set(found))


def _windows(starts: list[int], before: int, after: int, size: int) -> list[Span]:
    out: list[Span] = []
    for a, b in sorted((max(0, s - before), min(size, s + after)) for s in starts):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


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


_BRACKET_AT = re.compile(r"[\[({<]\s*at\s*[\])}>]")
_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")


def emails(norm: str, low: str) -> Iterator[Span]:
    """``name [at] gmail [dot] com``, ``name(at)x.com``, ``name at x dot com``, ``name＠x.com``."""
    seen = -1
    needles = [" at ", "\tat ", "\nat "]
    if _BRACKET_AT.search(low):
        needles += ["[at", "(at", "{at", "<at"]
    if "@" in low or "＠" in low:
        needles += ["＠", " @", "@ "]
    for needle in needles:
        i = low.find(needle)
        while i >= 0:
            # Walk back over spaces and the local part, then match from there.
            j = i
            while j > 0 and norm[j - 1] in " \t":
                j -= 1
            k = j
            while k > 0 and norm[k - 1] in _LOCAL_CHARS and j - k < 64:
                k -= 1
            m = EMAIL_OBFUSCATED.match(norm, k) if k < j and k > seen else None
            if m and not (_PLAIN_AT.search(m.group()) and not _MAIL_PROVIDER.search(m.group())):
                seen = m.end()
                yield m.start(), m.end()
            i = low.find(needle, i + 1)


# --- Phone numbers written with slashes, letters for digits, or in words ----------------------
_LOOKALIKE = str.maketrans("OoIlS", "00115")
_ODD_NEAR = re.compile(r"[OoIlS/\n]")
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


def phones(
    norm: str,
    low: str,
    numbers: list[Span],
    heads: frozenset[str],
    is_phone: Callable[[str, str], bool],
) -> Iterator[Span]:
    """Digits split by slashes or line breaks, O/l/I/S for digits, numbers spelled in words.

    ``numbers``: spans of digit runs of 3+ digits, the only places a look-alike number can be.
    """
    # Only digit runs with a slash, a line break or a look-alike letter at hand need a look.
    near = [a for a, b in numbers if _ODD_NEAR.search(norm, max(0, a - 2), b + 2)]
    found = []
    for a, b in _windows(near, 4, 24, len(norm)):
        found.extend(PHONE_OBFUSCATED.finditer(norm, a, b))
    for m in found:
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
    last = -1
    for start in _word_starts(low, _ZERO_WORDS, heads):
        m = PHONE_WORDS.match(norm, start) if start >= last else None
        if m:
            last = m.end()
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
_PLATFORM_NEEDLES = (
    "line", "tik", "telegram", "tele ", "whats", "zalo", "wechat", "we chat", "weixin",
    "facebook", "fb ", "fb:", "insta", "ig ", "ig:", "viber", "signal", "kakao", "messenger",
    "snapchat", "ไลน", "เฟ", "ติ๊กต็อก", "តេឡេក្រាម", "ហ្វេសប៊ុក", "វីឆាត",
)  # fmt: skip


def handles(norm: str, low: str, heads: frozenset[str]) -> Iterator[Span]:
    """``Line sweetmalee99``, ``Telegram bkk_jobs``, ``Zalo tên lanvn_88``: handle-shaped."""
    for start in _word_starts(low, _PLATFORM_NEEDLES, heads):
        if start and norm[start - 1] == ".":
            continue
        m = HANDLE_AFTER_PLATFORM.match(norm, start)
        if not m:
            continue
        token = m.group("v").lstrip("@").rstrip(".-")
        if not any(c.isalpha() for c in token) or token.count(".") > 3:
            continue
        marked = any(c.isdigit() or c == "_" for c in token) or "." in token.strip(".")
        if marked:
            # The platform word is part of the span, so a handle that looks like a host name
            # ("TikTok sweetjobs.th") is reported as a handle rather than a URL.
            yield m.start(), m.start("v") + len(m.group("v").rstrip(".-"))


# --- Vehicle plates ----------------------------------------------------------------------------
_TH_PROVINCES = (
    "กรุงเทพมหานคร|กรุงเทพฯ|เชียงใหม่|เชียงราย|ตาก|ชลบุรี|ระยอง|ภูเก็ต|สงขลา|ขอนแก่น|นครราชสีมา|"
    "อุดรธานี|สมุทรสาคร|สมุทรปราการ|นนทบุรี|ปทุมธานี|ระนอง|กาญจนบุรี|สระแก้ว|ตราด|หนองคาย|"
    "[ก-ฮ][\u0e30-\u0e4e]?[ก-ฮ\u0e30-\u0e4e]{2,14}"
)
_PLATE_STRONG = re.compile(
    r"(?=[\dก-ฮ])(?:"
    # Vietnam: 29A-456.78, 51F-123.45, 77C1-234.56, 30E-12345
    r"(?<![\w.\-])\d{2}[A-Z][A-Z0-9]?-\d{3}\.\d{2}(?![\w.]|-\d)"
    r"|(?<![\w.\-])\d{2}[A-Z]\d?-\d{4,5}(?![\w.\-])"
    # Thailand: กท 5678 เชียงใหม่, 1กข 2345 กรุงเทพมหานคร
    r"|(?<![\u0E00-\u0E7F\d])\d?[ก-ฮ]{1,2}\s?\d{1,4}\s+(?:" + _TH_PROVINCES + r")"
    r"|(?<![\u0E00-\u0E7F\w])\d[ก-ฮ]{2}\s?\d{4}(?!\d)"
    # Myanmar in Burmese script: ၈ဂ/၁၂၃၄ (digits already normalised)
    r"|(?<![\w/])\d[\u1000-\u1021]\s?/\s?\d{4}(?![\w/])"
    r")"
)
_PLATE_WEAK = re.compile(
    # Malaysia, Philippines, Laos, Myanmar: BKT 4821, NAB 2345, ABC-1234, VTE 5678, YGN 8B-1234
    r"(?=[\dA-Z\u0E81-\u0EAE])(?<![\w\-/])(?:[A-Z]{1,3}[ \-]?\d{1,4}[A-Z]?"
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


_VEHICLE_NEEDLES = (
    "plate", "registration", "reg", "licen", "vehicle", "car", "van", "minivan", "minibus",
    "truck", "lorry", "pick", "bus", "taxi", "motor", "scooter", "suv", "sedan", "driven",
    "biển", "xe", "ทะเบียน", "ป้าย", "รถ", "ឡាន", "រថយន្ត", "ផ្លាក", "ស្លាក", "ကား", "ယာဉ်", "ລົດ",
    "kereta", "lori",
)  # fmt: skip


_PLATE_LETTER = re.compile(r"[A-Z\u0E01-\u0E2E\u0E81-\u0EAE\u1000-\u1021]")
_WEAK_PREFIX = re.compile(r"[A-Z\u0E81-\u0EAE][\s\-/]?\d?[A-Z]{0,2}[\s\-/]?$")


def plates(norm: str, low: str, numbers: list[Span], heads: frozenset[str]) -> Iterator[Span]:
    """Strong formats anywhere; formats shared with other codes only near a vehicle word.

    ``numbers``: spans of digit runs of 3+ digits; every plate format holds one.
    """
    # Every plate has letters just before one of its digit runs (29A-456.78, กท 5678, 8ဂ/1234).
    numbers = [span for span in numbers if _PLATE_LETTER.search(norm, max(0, span[0] - 6), span[0])]
    if not numbers:
        return
    for a, b in _windows([a for a, _ in numbers], 8, 30, len(norm)):
        for m in _PLATE_STRONG.finditer(norm, a, b):
            yield m.start(), m.end()
    if not any(_WEAK_PREFIX.search(norm, max(0, a - 6), a) for a, _ in numbers):
        return
    vehicles = [v for v in _word_starts(low, _VEHICLE_NEEDLES, heads) if _VEHICLE.match(low, v)]
    if not vehicles:
        return
    weak = []
    for a, b in _windows(vehicles, 20, 60, len(norm)):
        weak.extend(_PLATE_WEAK.finditer(norm, a, b))
    for m in weak:
        letters = re.match(r"[A-Z]+", m.group())
        if letters and letters.group() in _NOT_PLATE_LETTERS:
            continue
        i = bisect.bisect_left(vehicles, m.start() - 60)  # vehicles are sorted
        if i < len(vehicles) and vehicles[i] <= m.end() + 20:
            yield m.start(), m.end()


# --- Crypto wallets ------------------------------------------------------------------------------
_LONG_ASCII = re.compile(r"[0-9A-Za-z]{26,}")
_B58_TOKEN = re.compile(r"[13T][1-9A-HJ-NP-Za-km-z]{25,34}")
_BECH32_TOKEN = re.compile(r"(?:bc|tb|ltc|BC|TB|LTC)1[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}")
_ETH_TOKEN = re.compile(r"0x[0-9a-fA-F]{40}")
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
    """Bitcoin/Tron Base58Check, Bech32 segwit, Ethereum (EIP-55) addresses, checksums verified.

    Every address is one maximal run of 26+ ASCII letters and digits: find those runs (a
    class-first pattern the regex engine skips through in C), then check each run whole.
    """
    for run in _LONG_ASCII.finditer(norm):
        token = run.group()
        if _B58_TOKEN.fullmatch(token):
            ok = _base58check_ok(token)
        elif _BECH32_TOKEN.fullmatch(token):
            ok = _bech32_ok(token)
        elif _ETH_TOKEN.fullmatch(token):
            ok = eip55_ok(token)
        else:
            continue
        if ok:
            yield run.start(), run.end()


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
# An element is a dwelling word with its number or letter ("room 305", "ชั้น 3", "បន្ទប់លេខ ១២",
# "(၃) လွှာ", "4th floor"). Elements have a strength:
#   strong  pins a dwelling alone: a house number ("house no. 14", ផ្ទះលេខ, အိမ်အမှတ်,
#           ເຮືອນເລກທີ, บ้านเลขที่, "số nhà 12", "rumah no. 9", "apartment 5B", "căn hộ 1208");
#   home    a room, flat, dorm or bed: also pins one when followed by "at/in/of (the) Place";
#   part    building, block, floor, unit, soi, lane, alley, ngõ/hẻm/kiệt ...: needs a neighbour;
#   number  "No. 5", "số 18", เลขที่, លេខ, အမှတ်, ເລກທີ: counts only next to another element.
# Two elements in a row (commas, "of/in/at/on the", or a short landmark such as "behind the wet
# market," between them), a strong element, or one element followed by ", Place" is a dwelling.
# Numbers that come before the noun are counts in Thai, Khmer and Burmese ("3 ชั้น", "អគារ ៣
# ជាន់", "၃ ထပ်တိုက်" = three storeys), except the Burmese floor written "(၃) လွှာ" and ordinals.
_ID = r"(?:\d{1,4}(?:[\-/]\d{1,4})?[A-Za-z]?|[A-Z](?:-?\d{1,4})?)(?![\w])"
_NUM_PREFIX = r"(?:(?i:no\.?|nr\.?|number|#|số)\s*)?"
_TH_ID = r"(?:\d{1,4}(?:/\d{1,4})?[A-Za-z]?|[A-Zก-ฮ])(?![\w\u0E01-\u0E4E])"
_KM_ID = r"(?:\d{1,4}[A-Za-z]?|[A-Z]|[ក-អ])(?![\w\u1780-\u17D3])"  # ។ ends it
_MY_ID = r"(?:\(\s*\d{1,4}\s*\)|\d{1,4})"
_LO_ID = r"(?:\d{1,4}(?:/\d{1,4})?[A-Za-z]?|[A-Z])(?![\w\u0E81-\u0ECD])"
_ELEMENT = re.compile(
    # Latin words need a word start; Thai, Khmer, Burmese and Lao words are written glued to the
    # word before them ("ในห้อง 5", "ក្នុងបន្ទប់ ៣").
    r"(?:"
    # strong: a house number
    r"(?P<strong>(?<![\w])(?i:house\s*(?:no\.?|number|#)|rumah\s*(?:no\.?|nombor|nomor)|apartment|apt\.?|"
    r"số\s+nhà|so\s+nha|nhà\s+số|nha\s+so|căn\s+hộ|can\s+ho)\s*(?i:số\s*)?" + _ID + r"|"
    r"(?:บ้านเลขที่|ห้องชุดเลขที่)\s*\d{1,4}(?:/\d{1,4})?|"
    r"ផ្ទះ(?:ជួល)?លេខ\s*\d{1,4}|အိမ်အမှတ်\s*" + _MY_ID + r"|ເຮືອນເລກທີ\s*\d{1,4})|"
    # home: a room, flat, dorm or bed
    r"(?P<home>(?<![\w])(?i:room|rm\.?|flat|dorm(?:itory)?|condo(?:minium)?|bed|bilik|kamar|"
    r"phòng(?:\s+trọ)?|phong(?:\s+tro)?)\s*" + _NUM_PREFIX + _ID + r"|"
    r"(?:ห้อง(?:พัก|ชุด)?|แฟลต|หอพัก)\s*(?:เลขที่|ที่|หมายเลข)?\s*" + _TH_ID + r"|"
    r"បន្ទប់(?:លេខ|ទី)?\s*" + _KM_ID + r"|အခန်း(?:\s*အမှတ်)?\s*" + _MY_ID + r"|"
    r"ຫ້ອງ(?:ເລກທີ|ທີ)?\s*" + _LO_ID + r")|"
    # part: building, block, floor, unit, lane ...
    r"(?P<part>(?<![\w])(?i:building|bldg\.?|block|blk\.?|blok|floor|flr\.?|level|unit|tower|soi|lane|"
    r"alley|lorong|gang|tingkat|lantai|tòa\s+nhà|tòa|toa\s+nha|tầng|tang|lầu|lau|dãy|khu|lô|"
    r"ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)\s*" + _NUM_PREFIX + _ID + r"|"
    r"(?:ตึก|อาคาร|ชั้น|ซอย|ตรอก|คอนโด)\s*(?:เลขที่|ที่|หมายเลข)?\s*" + _TH_ID + r"|"
    r"(?:អគារ|ជាន់|ផ្ទះ|ខុនដូ|ប្លុក|ផ្លូវ)(?:លេខ|ទី)?\s*" + _KM_ID + r"|"
    r"(?:အဆောက်အအုံ|တိုက်|အိမ်|ဘလောက်|ဘလော့|လမ်း)(?:\s*အမှတ်)?\s*" + _MY_ID + r"|"
    r"(?:ຕຶກ|ອາຄານ|ຊັ້ນ|ເຮືອນ|ຮ່ອມ|ໜ່ວຍ)(?:ເລກທີ|ທີ)?\s*" + _LO_ID + r")|"
    # number: "No. 5", "số 18" (only next to another element)
    r"(?P<number>(?<![\w])(?i:no\.?|nr\.?|number|nomor|nombor|#|số)\s*\d{1,4}(?:/\d{1,4})?[A-Za-z]?"
    r"(?![\w])|(?:เลขที่|លេខ|အမှတ်|ເລກທີ)\s*(?:\d{1,4}(?:/\d{1,4})?|\(\s*\d{1,4}\s*\)))"
    r")"
)
# Floors written with the number or an ordinal first: "4th floor", "third floor", "(၃) လွှာ".
_FLOOR_FIRST = re.compile(
    r"(?<![\w])(?:(?i:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|top|ground)\s+(?i:floor|storey|story)(?![\w])|"
    r"(?:\(\s*\d{1,3}\s*\)|\d{1,3})\s*(?:ထပ်|လွှာ)|"
    r"(?:ပထမ|ဒုတိယ|တတိယ|စတုတ္ထ|ပဉ္စမ|ဆဋ္ဌမ|သတ္တမ|အဋ္ဌမ|နဝမ|ဒသမ)\s*(?:ထပ်|လွှာ))"
)
_FLOOR_NEEDLES = ("floor", "storey", "story", "ထပ်", "လွှာ")
_STRENGTH = {"number": 0, "part": 1, "home": 2, "strong": 3}

# A place after the element: ", Sunrise Apartments" (any element) or, after a room, flat, dorm or
# bed, "at the Golden Dragon guesthouse". Not an office: "Room 204 at the Ministry of Labour".
_PLACE_AFTER = re.compile(r",\s*(?P<w>[A-Z][\w'’]+)(?:\s*[A-Z][\w'’]+){0,2}")
_HOME_AT = re.compile(r"\s+(?:at|in|of)\s+(?:the\s+)?(?P<w>[A-Z][\w'’]+)(?:\s+[A-Z][\w'’]+){0,2}")
_NOT_PLACE_WORDS = (
    "ministry department dept office court police station embassy consulate university school "
    "college hospital clinic council commission committee union bureau agency sở bộ công "
    "ủy ubnd tòa trường bệnh viện cục phòng hội trung kementerian jabatan pejabat mahkamah balai "
    "sekolah universiti module lesson chapter section part phase page grade class level unit "
    "step stage week day year term session table figure annex article paragraph january "
    "february march april may june july august september october november december monday "
    "tuesday wednesday thursday friday saturday sunday"
)
_NOT_A_DWELLING_PLACE = frozenset(_NOT_PLACE_WORDS.split())
# Between two elements: separators, a preposition, and at most one short landmark
# ("Soi 23 behind the wet market, room 8", "room 3 above the karaoke bar on Soi 6").
_SEP = r"[\s,;၊]*"
_PREP = (
    r"(?:(?i:of|in|at|on)\s+(?:(?i:the|a)\s+)?|"
    r"(?:của|ở|tại|trên|บน|ใน|ของ|ที่|នៅ|ក្នុង|នៃ|ຂອງ|ໃນ|ທີ່|ເທິງ)\s*)?"
)
_LANDMARK = (
    r"(?:(?i:near|behind|next\s+to|opposite|beside|across\s+from|above|below|over|off|"
    r"gần|cạnh|sau|dekat|belakang)\s+(?:(?i:the|a)\s+)?(?:[\w'’\-]+\s+){0,3}?[\w'’\-]+)"
)
_JOIN = re.compile(_SEP + _PREP + r"(?:" + _LANDMARK + _SEP + _PREP + r")?" + _SEP)
_JOIN_MAX = 48


# Needles by script. Latin and Vietnamese words are written apart, so a needle is searched only
# when some word starts with its first two letters (``heads``); Thai, Khmer, Burmese and Lao words
# are glued together, so their needles are searched only when some word of the text starts in
# that script (one search of the joined heads, not of the whole text).
_LATIN_NEEDLES = (
    "room", "rm ", "rm.", "building", "bldg", "block", "blk", "blok", "floor", "flr", "level",
    "unit", "apartment", "apt", "flat", "soi", "dorm", "condo", "bed", "house", "tower", "lane",
    "alley", "lorong", "gang", "tingkat", "lantai", "bilik", "kamar", "rumah", "phong", "toa",
    "tang", "lau", "khu", "ngo", "ngach", "hem", "kiet", "can ho", "nha so", "so nha",
)  # fmt: skip
_BY_HEAD: dict[str, list[str]] = {}
for _needle in _LATIN_NEEDLES:
    _BY_HEAD.setdefault(_needle[:2], []).append(_needle)
# One pattern per head: its needles, each followed by a fixed-width look-behind that fails when a
# letter or digit precedes it ("them" holds "hem"), so that only word starts come back from C.
_LATIN_BY_HEAD = {
    head: re.compile("|".join(rf"{re.escape(n)}(?<![^\W_]{re.escape(n)})" for n in needles))
    for head, needles in _BY_HEAD.items()
}
_LATIN_HEADS = frozenset(_LATIN_BY_HEAD)
_VI_NEEDLES = tuple(
    (n, n[:2])
    for n in ("phòng", "tòa", "tầng", "lầu", "dãy", "lô", "ngõ", "ngách", "hẻm", "kiệt", "căn",
              "nhà số", "số nhà")
)  # fmt: skip
_SCRIPT_NEEDLES = (
    (re.compile("[\u0e01-\u0e4e]"), re.compile("ห้อง|ตึก|อาคาร|ชั้น|ซอย|ตรอก|แฟลต|หอพัก|คอนโด|บ้านเลขที่")),
    (re.compile("[\u1780-\u17dd]"), re.compile("បន្ទប់|អគារ|ជាន់|ផ្ទះ|ខុនដូ|ប្លុក|ផ្លូវ")),
    (re.compile("[\u1000-\u109f]"), re.compile("အခန်း|အဆောက်|တိုက်|အိမ်|ဘလော|လမ်း")),
    (re.compile("[\u0e81-\u0edf]"), re.compile("ຫ້ອງ|ຕຶກ|ອາຄານ|ຊັ້ນ|ເຮືອນ|ຮ່ອມ|ໜ່ວຍ")),
)  # fmt: skip  (one alternation per script: its first-character set lets the engine skip in C)
_NUMBER_NEEDLES = (
    "no.", "no ", "nr", "number", "nomor", "nombor", "#", "số", "เลขที่", "លេខ", "အမှတ်", "ເລກທີ",
)  # fmt: skip


def _element_starts(low: str, heads: frozenset[str]) -> list[int]:
    """Where a dwelling word may start (see the needles above for what is skipped and why)."""
    found: list[int] = []
    for head in heads & _LATIN_HEADS:  # a set intersection in C instead of a loop of needles
        found += (m.start() for m in _LATIN_BY_HEAD[head].finditer(low))
    if low.isascii():
        return found
    for needle, head in _VI_NEEDLES:
        if head in heads:
            found += _find(low, needle)
    joined = "".join(heads)
    for present, needles in _SCRIPT_NEEDLES:
        if present.search(joined):
            found += (m.start() for m in needles.finditer(low))
    return found


def _find(low: str, needle: str) -> Iterator[int]:
    i = low.find(needle)
    while i >= 0:
        yield i
        i = low.find(needle, i + 1)


_Element = tuple[int, int, int, str]  # start, end, strength, noun
_NOUN = re.compile(r"[^\s\d(#.]+")


def _elements(norm: str, low: str, heads: frozenset[str]) -> list[_Element]:
    """``(start, end, strength, noun)`` of every dwelling element, overlapping ones merged."""
    found = []
    for i in _element_starts(low, heads):
        m = _ELEMENT.match(norm, i)
        if m:
            noun = _NOUN.match(low, i)
            strength = _STRENGTH[m.lastgroup or "part"]
            found.append((m.start(), m.end(), strength, noun.group() if noun else ""))
    # The ordinal or number comes first, so look a few characters back from the floor word.
    floors = [i for needle in _FLOOR_NEEDLES if needle in low for i in _find(low, needle)]
    for a, b in _windows(floors, 16, 8, len(norm)):
        found.extend((m.start(), m.end(), 1, "floor") for m in _FLOOR_FIRST.finditer(norm, a, b))
    if not found:
        return []
    # "No. 5" and "số 18" count only beside another element: looked for only now.
    for i in _word_starts(low, _NUMBER_NEEDLES, heads):
        m = _ELEMENT.match(norm, i)
        if m and m.lastgroup == "number":
            found.append((m.start(), m.end(), 0, "no"))
    found.sort()
    merged: list[_Element] = []
    for start, end, strength, noun in found:
        if merged and start < merged[-1][1]:  # "အဆောက်အအုံ ၃ ထပ်" is one element, not two
            a, b, s, n = merged[-1]
            merged[-1] = (a, max(b, end), max(s, strength), n)
        else:
            merged.append((start, end, strength, noun))
    return merged


def _place_after(norm: str, end: int, strength: int) -> int:
    """End of a named place right after a lone element, or 0."""
    m = _PLACE_AFTER.match(norm, end)
    if m is None and strength >= 2:
        m = _HOME_AT.match(norm, end)
    if m is None or m.group("w").lower() in _NOT_A_DWELLING_PLACE:
        return 0
    return m.end()


def dwellings(norm: str, low: str, heads: frozenset[str]) -> Iterator[Span]:
    """Two dwelling elements together (``room 305, building B``), a house number, or one
    element and a named place (``Soi 7, Pattaya``)."""
    elements = _elements(norm, low, heads)
    i = 0
    while i < len(elements):
        start, end, best, noun = elements[i]
        nouns = {noun}  # "level 2, level 3" is a list, "block C, 4th floor" a dwelling
        j = i + 1
        while j < len(elements):
            nxt = elements[j]
            if nxt[0] - end > _JOIN_MAX or _JOIN.fullmatch(norm, end, nxt[0]) is None:
                break
            end, best = nxt[1], max(best, nxt[2])
            nouns.add(nxt[3])
            j += 1
        if best == 3 or (best > 0 and len(nouns) > 1):
            yield start, max(end, _place_after(norm, end, best))
        elif best > 0:
            place = _place_after(norm, end, best)
            if place:
                yield start, place
        i = j
