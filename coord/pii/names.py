# ruff: noqa: RUF001  (Khmer, Thai, Burmese, Lao and Han script are the point of these patterns)
"""Person names written without a lead word ("Sok Chantha, 17, ...", "(Nguyen Thi Lan)").

Why lexicon + shape and no NER model: the guard runs offline on every write, at thousands of
texts a second, and must be explainable. A Latin run of capitalised words is a name when its
parts fit one of the region's naming patterns (Vietnamese surname + middle/given name, Burmese
syllables, Malay patronym, Chinese surname + pinyin, a known given or family name next to other
capitalised words), once places, organisations, holidays and other non-names are taken out.
Scripts without spaces (Thai, Khmer, Burmese, Lao, Han) use their own name parts and titles.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from coord.pii import lexicon as lx

_LATIN = [chr(c) for c in (*range(0x41, 0x250), *range(0x1E00, 0x1F00))]
_LAT_UP = "".join(re.escape(c) for c in _LATIN if c.isupper())
_LAT_LOW = "".join(re.escape(c) for c in _LATIN if c.islower())
_WORD = rf"[{_LAT_UP}][{_LAT_LOW}'’]+(?:-[{_LAT_UP}]?[{_LAT_LOW}]+)?"
_CONN = r"(?:bin|binti|bte|bt|binte|a/l|a/p|dela|de|del|dos)"
RUN = re.compile(rf"(?<![\w@.])(?:{_WORD}|[A-Z]{{2,}})(?:\s+(?:{_CONN}\s+)?(?:{_WORD}))*(?![\w@])")
_WORD_RE = re.compile(rf"{_CONN}|{_WORD}|[A-Z]{{2,}}")

_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|"
    r"ue|ui|a|o|e|i|u|v)){1,2}"
)
_GIVEN = lx.KM_GIVEN | lx.TH_GIVEN | lx.LO_GIVEN | lx.MS_NAMES | lx.TL_NAMES
_FAMILY = lx.KM_FAMILY | lx.VI_SURNAMES | lx.ZH_SURNAMES
_NAME_PART = _GIVEN | _FAMILY | lx.VI_MIDDLE | lx.VI_GIVEN | lx.MY_SYLLABLES
_AGE_AFTER = re.compile(r"\s*(?:,\s*|\()\s*(?:aged\s+)?\d{1,2}\b|\s*,?\s+aged\s+\d{1,2}\b", re.I)
_PHRASE_MAX = 4
# A person-like run that names a street, a business or a place: "Lê Duẩn street",
# "Kim Long Restaurant", "Jalan Ahmad Ismail", "huyện Văn Lâm", "Maria Goretti Church".
_HEAD_AFTER = re.compile(
    r"[\s,]*(?:street|st\.|road|rd\.?|avenue|ave\.?|boulevard|blvd|lane|alley|highway|bridge|"
    r"school|elementary|college|university|hospital|clinic|church|temple|pagoda|mosque|"
    r"foundation|company|co\.|corp|ltd|group|hotel|restaurant|cafe|café|bar|karaoke|casino|"
    r"market|mall|plaza|shop|store|factory|farm|plantation|port|airport|station|taxi|bus|"
    r"village|district|province|city|town|commune|ward|island|river|park|tower|building|"
    r"apartments?|condo|compound|sauce|brand|fc|club|bank|airways|airlines|air|express|travel|"
    r"tours|logistics|trading|services|recruitment|manpower|employment|enterprises?|holdings|"
    r"industries|fisher(?:y|ies)|seafood|garments?)\b",
    re.IGNORECASE,
)
_PLACE_PREFIXES = lx.words(
    "jalan jln lorong taman kampung kampong duong pho huyen xa tinh quan phuong thon ban phum "
    "khum srok khan sangkat wat tambon amphoe changwat barangay brgy calle saint st sri phra "
    "lake mount mt"
)
_PREFIX_BEFORE = re.compile(
    r"(?:jalan|jln\.?|lorong|taman|kampung|kampong|đường|phố|huyện|xã|tỉnh|quận|phường|thôn|"
    r"bản|phum|khum|srok|khan|sangkat|wat|ban|tambon|amphoe|changwat|barangay|brgy\.?|"
    r"calle|saint|st\.|sri|phra)\s+$",
    re.IGNORECASE,
)


def _family_shaped(word: str) -> bool:
    """Thai and Lao family names are long compounds of a few morphemes (Srithong, Sisavath)."""
    return len(word) >= 6 and any(p in word for p in lx.TH_FAMILY_PARTS)


def _segments(words: list[tuple[str, int, int]]) -> Iterator[list[tuple[str, int, int]]]:
    """Split a capitalised run where a place, holiday, organisation or other non-name sits."""
    places = lx.region_places()
    heads = lx.place_heads()
    folded = [lx.fold(w) for w, _, _ in words]  # folding is per character: join == fold(join)
    current: list[tuple[str, int, int]] = []
    i = 0
    while i < len(words):
        if folded[i] in heads:  # a multi-word place may start here: longest first
            for j in range(min(len(words), i + _PHRASE_MAX), i + 1, -1):
                if " ".join(folded[i:j]) in places:
                    if current:
                        yield current
                    current, i = [], j
                    break
            else:
                j = 0
            if j:
                continue
        word = folded[i]
        if word not in _NAME_PART and (word in lx.NOT_PERSON_WORDS or word in places):
            if current:
                yield current
            current = []
        else:
            current.append(words[i])
        i += 1
    if current:
        yield current


def _is_name(parts: list[str]) -> bool:
    """Whether folded words (connectors included) fit one of the region's naming patterns."""
    core = [p for p in parts if p not in lx.CONNECTORS]
    if len(core) < 2:
        return False
    if any(p in lx.PATRONYMIC for p in parts) and parts[0] not in lx.CONNECTORS:
        return True
    first, rest = core[0], core[1:]
    if first in lx.VI_SURNAMES and rest[0] in (lx.VI_MIDDLE | lx.VI_GIVEN):
        return True
    if all(p in lx.MY_SYLLABLES for p in core):
        return True
    if first in lx.ZH_SURNAMES and len(core) <= 3 and all(_PINYIN.fullmatch(p) for p in rest):
        return True
    known = sum(p in _GIVEN or p in _FAMILY for p in core)
    shaped = sum(_family_shaped(p) for p in core)
    return known >= 1 and known + shaped >= 1 and len(core) <= 4


_AGE_CONTEXT = re.compile(
    r"\s*,\s*(?:aged\s+)?\d{1,2}(?=\s*(?:,|\)|\.|;|$)|\s+(?:years?\b|y/?o\b|tuổi))"
    r"|\s*\(\s*(?:aged\s+)?\d{1,2}\s*\)|\s*,?\s+aged\s+\d{1,2}\b",
    re.IGNORECASE,
)


def _person_context(text: str, start: int, end: int) -> bool:
    """Capitalised words of no known name are still a name when the text treats them as a
    person: an age right after them ("Ouk Dara, 17," / "(16)" / "aged 19"), or alone in
    parentheses after a person word. Places, organisations and months were taken out before.
    """
    if _AGE_CONTEXT.match(text, end):
        return True
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


def _single_given(text: str, word: str, start: int, end: int) -> bool:
    """One given name alone is a name only with a person context: an age, or in parentheses."""
    folded = lx.fold(word)
    if folded not in _GIVEN or len(folded) < 4:
        return False
    if _AGE_AFTER.match(text, end):
        return True
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


# Cheap anchors (a regex of plain classes costs ~9 us per 1,000 characters; the full run pattern
# tried at every position costs four times that): two capitalised words in a row, or one
# capitalised word followed by an age or a closing parenthesis.
_PAIR = re.compile(rf"[{_LAT_UP}][{_LAT_LOW}]+[ \t]+(?:{_CONN}[ \t]+)?[{_LAT_UP}]")
_SINGLE = re.compile(
    rf"[{_LAT_UP}][{_LAT_LOW}]+(?=\s*,\s*(?:aged\s+)?\d{{1,2}}\b|\s*\(\d{{1,2}}\)|\s+aged\s+\d|\))"
)


def latin_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of Latin-script names without a lead word."""
    runs, last = [], -1
    for pair in _PAIR.finditer(text):
        if pair.start() >= last:
            run = RUN.match(text, pair.start())
            if run:
                runs.append(run)
                last = run.end()
    run_starts = [r.start() for r in runs]
    for single in _SINGLE.finditer(text):
        i = bisect.bisect_right(run_starts, single.start())
        if i == 0 or runs[i - 1].end() <= single.start():
            run = RUN.match(text, single.start())
            if run and run.end() == single.end():
                runs.append(run)
    for run in runs:
        if " " not in run.group() and "\t" not in run.group() and "\n" not in run.group():
            # One word alone: only a known given name with an age or in parentheses.
            if _single_given(text, run.group(), run.start(), run.end()):
                yield run.start(), run.end()
            continue
        words = [
            (m.group(), run.start() + m.start(), run.start() + m.end())
            for m in _WORD_RE.finditer(run.group())
        ]
        for seg in _segments(words):
            parts = [lx.fold(w) for w, _, _ in seg]
            while parts and parts[-1] in lx.CONNECTORS:
                parts.pop()
                seg = seg[:-1]
            if not seg:
                continue
            if parts[0] in _PLACE_PREFIXES:
                continue  # "Phum Sok An", "Jalan Ahmad Ismail", "Wat Phra Kaew": a place
            if _is_name(parts):
                start, end = seg[0][1], seg[-1][2]
                if _HEAD_AFTER.match(text, end) or _PREFIX_BEFORE.search(
                    text, max(0, start - 12), start
                ):
                    continue
                yield start, end
            elif len(seg) == 1 and _single_given(text, *seg[0]):
                yield seg[0][1], seg[0][2]
            elif 2 <= len(seg) <= 4 and _person_context(text, seg[0][1], seg[-1][2]):
                yield seg[0][1], seg[-1][2]


def _alt(words: list[str] | str) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_KM = r"\u1780-\u17DD"
_LO = r"\u0E81-\u0EDF"
# Names in Thai, Lao and Khmer are their own space-delimited words; a Burmese name is one word
# of name syllables with particles glued on. The leading look-behind fails inside words at the
# cost of one character test, so the alternatives are only tried where a word starts. The
# pattern opens with a character class so that the regex engine skips ahead in C to the next
# space or bracket (a look-behind first would be tried at every position, four times slower).
_SCRIPT = re.compile(
    r"[\s(\"'“](?:"
    # Each script's alternatives sit behind a one-character look-ahead for that script.
    rf"(?=[\u0E01-\u0E4E])(?:(?P<th_age>(?:{_alt(lx.TH_SCRIPT_GIVEN)}))(?=\s*อายุ)"
    rf"|(?P<th>(?:{_alt(lx.TH_SCRIPT_GIVEN)})\s+[\u0E01-\u0E4E]{{3,}}))"
    rf"|(?=[{_KM}])(?:(?P<km>(?:{_alt(lx.KM_SCRIPT_FAMILY)})\s+(?!សប្បាយ|ភាព)[{_KM}]{{2,}})"
    rf"|(?:{_alt(lx.KM_SCRIPT_TITLES)})\s*(?P<km2>[{_KM}]{{2,}}))"
    rf"|(?=[{_LO}])(?P<lo>(?!ບຸນປີໃໝ່)(?:{_alt(lx.LO_SCRIPT_PREFIXES)})[{_LO}]*\s+[{_LO}]{{3,}})"
    rf"|(?=[\u1000-\u104F])(?P<my>(?:{_alt(lx.MY_SCRIPT_TITLES)})?"
    rf"(?:{_alt(lx.MY_SCRIPT_SYLLABLES)}){{2,5}})"
    r"(?=၏|သည်|ကို|က|မှာ|နှင့်|။|၊|\s|\(|\)|$)"
    r")"
)
_SCRIPTS_PRESENT = re.compile(r"[\u0E01-\u0EDF\u1000-\u104F\u1780-\u17DD]")
_HAN = re.compile(r"[\u4E00-\u9FFF]")
_GROUPS = ("th_age", "th", "km", "km2", "lo", "my")
_ZH = re.compile(
    rf"(?:(?<![\u4E00-\u9FFF])|(?<=[把被叫给让和与对]))[{lx.ZH_SCRIPT_SURNAMES}]"
    r"[\u4E00-\u9FFF]{1,2}?(?=[，。、,()（）\s\d岁被把的在是和与带到说等]|$)"
)


def script_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of names in Thai, Khmer, Burmese, Lao and Han script."""
    if text.isascii():
        return
    if _SCRIPTS_PRESENT.search(text):
        for m in _SCRIPT.finditer(" " + text):  # the leading space lets a name open the text
            group = next(g for g in _GROUPS if m.group(g))
            yield m.start(group) - 1, m.end(group) - 1
    if _HAN.search(text):
        for m in _ZH.finditer(text):
            yield m.start(), m.end()
