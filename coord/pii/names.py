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


def _plain_words(seg: list[tuple[str, int, int]], parts: list[str]) -> bool:
    """Capitalised words that could be a name: no acronym, no common English word."""
    return all(
        p in lx.CONNECTORS or (p not in lx.COMMON_WORDS and not w.isupper())
        for (w, _, _), p in zip(seg, parts, strict=True)
    )


def _person_context(text: str, start: int, end: int) -> bool:
    """Capitalised words of no known name are still a name when the text treats them as a
    person: an age right after them ("Ouk Dara, 17," / "(16)" / "aged 19"), or alone in
    parentheses after a person word. Places, organisations and months were taken out before.
    """
    if _AGE_CONTEXT.match(text, end):
        return True
    return text[start - 1 : start] == "(" and text[end : end + 1] == ")"


# A person slot: what the sentence does around a run of capitalised words shows it is a person.
# After the run: a verb of speech, movement or what was done to a victim ("said", "told",
# "arrived", "was recruited", "had been sold"), a possessive ("'s"), "and her/his".
_SLOT_VERBS = (
    r"said|says|told|tells|arrived|left|went|asked|agreed|explained|reported|recalled|recalls|"
    r"described|escaped|fled|ran|worked|returned|stayed|lived|borrowed|refused|cried|"
    r"travelled|traveled|crossed|signed|lost|recruited|taken|sold|rescued|found|moved|"
    r"trafficked|brought|born|interviewed|beaten|forced|promised|offered|kept|detained|"
    r"deceived|tricked|transferred|repatriated|referred|hired|abused|injured|pregnant|missing|"
    r"paid|married|wanted|decided|remembers|remembered|managed|tried|complained|testified|"
    r"disappeared|died|gave|received|sent|took|met|called|phoned|wrote|claims|claimed"
)
_SLOT_AFTER = re.compile(
    r"(?:['’]s\b|\s*,\s*(?:female|male|F|M)\b|\s*,?\s+(?:was|is)\s+(?:only\s+|just\s+)?\d{1,2}"
    r"(?=\s*(?:[.,;)]|$|years?\b|when\b|and\b|at\b))|"
    r"\s+(?:and\s+(?:her|his|their)\b|(?:(?:has|had|have)\s+(?:been\s+)?|"
    r"(?:was|were|is|got)\s+(?:later\s+|then\s+|also\s+|first\s+|eventually\s+)?)?"
    rf"(?:{_SLOT_VERBS})\b))",
)
# Before the run: a verb done to a person, a kinship or victim word, "case/mother/... of",
# the Filipino person article "si/ni/kay", or an apposition ("a 17-year-old, ...").
_SLOT_BEFORE = re.compile(
    r"(?:\b(?:met|meet|helped|help|interviewed|interview|rescued|paid|recruited|took|brought|"
    r"sent|sold|found|contacted|visited|accompanied|married|hired|employed|beat|threatened|"
    r"assisted|supported|counselled|counseled|identified|referred|repatriated|trafficked|"
    r"deceived|tricked|abused|told|asked|informed|promised|offered|introduced|victims?|"
    r"survivors?|clients?|girls?|boys?|women|woman|man|men|workers?|daughter|son|wife|husband|"
    r"sister|brother|cousin|"
    r"mother|father|aunt|uncle|niece|nephew|friend|neighbou?r|grandmother|grandfather|"
    r"(?:[Cc]ase|[Mm]other|[Ff]ather|[Ss]ister|[Bb]rother|[Dd]aughter|[Ss]on|[Ww]ife|[Hh]usband|"
    r"[Cc]ousin|[Ff]riend|[Nn]eighbou?r|[Ff]amily|[Ss]tatement|[Tt]estimony|[Pp]assport)\s+of|"
    r"[Ss]i|ni|kay|\d{1,2}-year-old|aged\s+\d{1,2})\s*,?\s+)$",
    re.IGNORECASE,
)


def _person_slot(text: str, start: int, end: int) -> bool:
    """Whether the sentence uses the words at start:end as a person (see _SLOT_*)."""
    if _SLOT_AFTER.match(text, end):
        return True
    return _SLOT_BEFORE.search(text, max(0, start - 32), start) is not None


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
            last = seg[-1][0]
            if last[-2:] in ("'s", "’s") and len(last) > 3:  # "Kittipong Sangsuwan's mother"
                seg = [*seg[:-1], (last[:-2], seg[-1][1], seg[-1][2] - 2)]
                parts[-1] = parts[-1][:-2]
            if parts[0] in _PLACE_PREFIXES and not (
                parts[0] == "sri"  # also a given name in Malay, Indonesian and Thai
                and len(seg) > 1
                and _plain_words(seg, parts)
                and _person_slot(text, seg[0][1], seg[-1][2])
            ):
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
            elif 2 <= len(seg) <= 4 and (
                _person_context(text, seg[0][1], seg[-1][2])
                or (_plain_words(seg, parts) and _person_slot(text, seg[0][1], seg[-1][2]))
            ):
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
    rf"|(?=[{_LO}])(?P<lo>(?!ບຸນປີໃໝ່)(?:{_alt(lx.LO_SCRIPT_PREFIXES)})[{_LO}]*\s+"
    rf"(?!{_alt(lx.LO_SCRIPT_DWELLING_WORDS)})[{_LO}]{{3,}})"
    rf"|(?=[\u1000-\u104F])(?P<my>(?:{_alt(lx.MY_SCRIPT_TITLES)})?"
    rf"(?:{_alt(lx.MY_SCRIPT_SYLLABLES)}){{2,5}})"
    r"(?=၏|သည်|ကို|က|မှာ|နှင့်|။|၊|\s|\(|\)|$)"
    r")"
)
_SCRIPTS_PRESENT = re.compile(r"[\u0E01-\u0EDF\u1000-\u104F\u1780-\u17DD]")
_HAN = re.compile(r"[\u4E00-\u9FFF]")
_GROUPS = ("th_age", "th", "km", "km2", "lo", "my")
_ZH = re.compile(
    rf"(?:(?<![\u4E00-\u9FFF])|(?<=[把被叫给让和与对了帮见找问向跟]))[{lx.ZH_SCRIPT_SURNAMES}]"
    r"[\u4E00-\u9FFF]{1,2}?(?=[，。、,()（）\s\d岁被把的在是和与带到说等告很也已曾从向对称逃回]|$)"
)


_GENERIC_ENDS = ("ดี", "มา", "สาย", "งาม", "ใหญ่", "ชาญ", "นาค", "ສາ", "ລາ", "ມະ", "ວັນ", "ທະ")


def _family_pair(ch: str, parts: list[str], heads: list[str]) -> re.Pattern[str]:
    """Given name + family name in Thai or Lao script, both their own space-delimited chunk, the
    second opening or closing on a family-name morpheme and neither opening like a phrase.
    """
    ends = [p for p in parts if p not in _GENERIC_ENDS]
    return re.compile(
        # Opens with a character class (on the text with a leading space), so the engine skips
        # in C to the next space instead of trying a look-behind at every position.
        rf"[\s(\"'“](?=[{ch}])(?P<v>(?!{_alt(heads)})[{ch}]{{2,12}}[ \t]+(?!{_alt(heads)})"
        rf"(?:(?:{_alt(parts)})[{ch}]{{2,14}}|[{ch}]{{2,14}}(?:{_alt(ends)})))(?![{ch}])"
    )


_TH_CH = "\u0e01-\u0e4e"
_TH_FAMILY = _family_pair(_TH_CH, lx.TH_SCRIPT_FAMILY_PARTS, lx.TH_SCRIPT_NOT_NAME_HEADS)
_LO_FAMILY = _family_pair(_LO, lx.LO_SCRIPT_FAMILY_PARTS, lx.LO_SCRIPT_NOT_NAME_HEADS)
# Khmer: a person word (she, younger/elder sister or brother, girl, boy, child, victim) and a
# space, then two short words that do not open like a verb phrase: "នាង ប៉ែន សុភី".
_KM_HEADS = "បាន|នៅ|ធ្វើ|ត្រូវ|មាន|ជា|មិន|ទៅ|មក|ពី|និង|ដែល|ក្នុង|ខែ|ឆ្នាំ|ថ្ងៃ|ខេត្ត|ភូមិ|ស្រុក"
_KM_PERSON = re.compile(
    r"(?:នាង|ប្អូនស្រី|ប្អូនប្រុស|បងស្រី|បងប្រុស|ក្មេងស្រី|ក្មេងប្រុស|កុមារី|កុមារ|ជនរងគ្រោះ)[ \t]+"
    rf"(?P<v>(?!{_KM_HEADS})[{_KM}]{{2,8}}[ \t]+(?!{_KM_HEADS})[{_KM}]{{2,8}})(?![{_KM}])"
)
_KM_PRESENT = re.compile(f"[{_KM}]")
_TH_PRESENT = re.compile(f"[{_TH_CH}]")
_LO_PRESENT = re.compile(f"[{_LO}]")


# Han words that end like a place or an institution are not names: 王府井, 李家村, 张家港.
_ZH_PLACE_ENDS = frozenset("村井镇县市省区街路山河湖港站楼寺庙厂店府局队所院乡州岛湾桥城")
# A pair of Khmer, Thai or Lao words standing alone inside Latin text is a name written in its
# own script ("ប៉ែន សុភី's mother", "Two sisters, นิภา ทองสุข and ..."): nothing else of that
# script is around it to make it a phrase.
_SCRIPT_PAIR = re.compile(
    r"[\s(\"'“,](?=[\u1780-\u17DD\u0E01-\u0EDF])(?P<v>[\u1780-\u17DD]{2,12} [\u1780-\u17DD]{2,14}|"
    rf"[{_TH_CH}]{{2,12}} [{_TH_CH}]{{2,14}}|[{_LO}]{{2,12}} [{_LO}]{{2,14}})"
    r"(?=[\s,.;:)'’]|$)"
)
_ASCII_LETTER = re.compile(r"[A-Za-z]{2}")
_NON_LATIN_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


def _alone_in_latin(text: str, start: int, end: int) -> bool:
    """Whether Latin words, and no other non-Latin letter, sit within 20 characters."""
    before, after = text[max(0, start - 20) : start], text[end : end + 20]
    return not (_NON_LATIN_LETTER.search(before) or _NON_LATIN_LETTER.search(after)) and bool(
        _ASCII_LETTER.search(before) or _ASCII_LETTER.search(after)
    )


def script_names(text: str) -> Iterator[tuple[int, int]]:
    """Spans of names in Thai, Khmer, Burmese, Lao and Han script."""
    if text.isascii():
        return
    if _SCRIPTS_PRESENT.search(text):
        padded = " " + text  # the leading space lets a name open the text
        for m in _SCRIPT.finditer(padded):
            group = next(g for g in _GROUPS if m.group(g))
            yield m.start(group) - 1, m.end(group) - 1
        if _KM_PRESENT.search(text):
            for m in _KM_PERSON.finditer(text):
                yield m.start("v"), m.end("v")
        if _ASCII_LETTER.search(text):
            for m in _SCRIPT_PAIR.finditer(padded):
                if _alone_in_latin(padded, m.start("v"), m.end("v")):
                    yield m.start("v") - 1, m.end("v") - 1
        for present, pattern in ((_TH_PRESENT, _TH_FAMILY), (_LO_PRESENT, _LO_FAMILY)):
            if present.search(text):
                for m in pattern.finditer(padded):
                    yield m.start("v") - 1, m.end("v") - 1
    if _HAN.search(text):
        for m in _ZH.finditer(text):
            if text[m.end() - 1] not in _ZH_PLACE_ENDS:
                yield m.start(), m.end()
