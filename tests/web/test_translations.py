"""Translations: every message of every language is translated, the committed .mo files
match the .po files (so a fresh clone needs no gettext), and placeholders survive."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"
LANGUAGES = [code for code, _ in settings.LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")
FIELD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) (\".*\")$")


def _entries(path: Path) -> list[dict]:
    """(msgctxt, msgid, msgid_plural, msgstr, flags) of each entry of a .po file, header
    excluded."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, list[str]] = {}
        flags: list[str] = []
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [f.strip() for f in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif match := re.match(
                r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[0\])?) (\".*\")$", line
            ):
                current = match.group(1)
                parts[current] = [match.group(2)]
            elif line.startswith('"') and current:
                parts[current].append(line)
        text = {key: "".join(ast.literal_eval(v) for v in vals) for key, vals in parts.items()}
        if text.get("msgid"):
            entries.append(
                {
                    "context": text.get("msgctxt"),
                    "msgid": text["msgid"],
                    "plural": text.get("msgid_plural"),
                    "msgstr": text.get("msgstr", text.get("msgstr[0]", "")),
                    "flags": flags,
                }
            )
    return entries


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_translates_every_message(language):
    entries = _entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 300
    missing = [e["msgid"] for e in entries if not e["msgstr"] or "fuzzy" in e["flags"]]
    assert missing == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_keeps_every_placeholder(language):
    for entry in _entries(LOCALE / language / "LC_MESSAGES" / "django.po"):
        wanted = set(PLACEHOLDER.findall(entry["plural"] or entry["msgid"]))
        assert set(PLACEHOLDER.findall(entry["msgstr"])) == wanted, entry["msgid"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_it_ships_a_compiled_catalogue_that_matches(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in _entries(folder / "django.po"):
        if entry["context"] is not None:
            found = catalogue.pgettext(entry["context"], entry["msgid"])
            assert found == entry["msgstr"], entry["msgid"]
        elif entry["plural"]:
            assert catalogue.ngettext(entry["msgid"], entry["plural"], 1) == entry["msgstr"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
