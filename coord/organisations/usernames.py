"""Usernames that cannot impersonate anyone or carry an identifier (issue 15).

A username is shown in member lists, audit events and exports of every organisation that
reads them, and it is kept for the life of the audit trail. So a new one is:

- NFKC-normalised (full-width and compatibility forms become their plain letters);
- written in one script (letters of Latin and Cyrillic mixed are how look-alikes are made);
- refused when its skeleton equals an existing username's (UTS #39 style: each character
  mapped to a representative of its confusable class, case folded), so `m\\u0435kong.admin`
  with a Cyrillic `e` (U+0435) cannot stand in for `mekong.admin`;
- refused when it is an e-mail address or holds a phone number (the PII guard decides).

The confusable classes come from Unicode's confusables.txt as shipped inside the
``confusable-homoglyphs`` wheel (MIT); nothing is downloaded at run time.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import categories
from confusable_homoglyphs.utils import load
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from coord.pii.guard import scan

_SEPARATORS = re.compile(r"[._+-]")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)")  # "lan0812345678" -> "lan 0812345678"
_NEUTRAL_SCRIPTS = {"COMMON", "INHERITED"}
_CONTACT_KINDS = {"email", "phone_number"}


@cache
def _representatives() -> dict[str, str]:
    """Each confusable character mapped to one member of its class (ASCII first)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for char, homoglyphs in load("confusables.json").items():
        if len(char) != 1:
            continue
        for homoglyph in homoglyphs:
            other = homoglyph["c"]
            if len(other) == 1:
                a, b = find(char), find(other)
                if a != b:
                    parent[a] = b
    classes: dict[str, list[str]] = {}
    for char in parent:
        classes.setdefault(find(char), []).append(char)
    reps: dict[str, str] = {}
    for members in classes.values():
        rep = min(members, key=lambda c: (not c.isascii(), c))
        for member in members:
            reps[member] = rep
    return reps


def username_skeleton(username: str) -> str:
    """Two usernames with the same skeleton look alike on screen."""
    reps = _representatives()
    folded = unicodedata.normalize("NFKC", username).casefold()
    mapped = "".join(reps.get(c, c) for c in folded).casefold()
    return "".join(reps.get(c, c) for c in mapped)


def username_scripts(username: str) -> set[str]:
    """The scripts of the username's letters (digits and punctuation belong to none)."""
    return {categories.alias(c) for c in username if c.isalpha()} - _NEUTRAL_SCRIPTS


def _is_contact(username: str) -> bool:
    try:
        validate_email(username)
    except ValidationError:
        pass
    else:
        return True
    spaced = _LETTER_DIGIT.sub(" ", _SEPARATORS.sub(" ", username))
    return any(f.kind in _CONTACT_KINDS for f in scan(username) + scan(spaced))


def clean_new_username(username: str, *, exclude_pk: int | None = None) -> str:
    """The username to store (NFKC), or a ``ValidationError`` keyed ``username``.

    ``exclude_pk``: the account being renamed (the admin's change form), which must not count
    as the existing look-alike of its own new name. Every path that makes or renames an account
    calls this: the services, ``createsuperuser`` and the admin's user forms.
    Messages never quote the username nor name the existing one it resembles.
    """
    name = unicodedata.normalize("NFKC", username or "").strip()
    if not name:
        raise ValidationError({"username": [_("Choose a username.")]})
    if len(username_scripts(name)) > 1:
        raise ValidationError(
            {"username": [_("Use letters of one script only in a username.")]},
        )
    if _is_contact(name):
        raise ValidationError(
            {"username": [_("A username cannot be an e-mail address or a phone number.")]}
        )
    skeleton = username_skeleton(name)
    others = get_user_model().objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    existing = list(others.values_list("username", flat=True))
    if any(username_skeleton(other) == skeleton for other in existing):
        raise ValidationError(
            {"username": [_("This username is taken or looks like one that is.")]}
        )
    return name
