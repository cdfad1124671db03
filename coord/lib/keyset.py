"""Keyset ("cursor") pages over any ordered queryset, and the capped count beside them.

Why keyset and not page numbers (docs/api.md, Pagination): a page is an index seek from the
last row seen, so page 400 costs what page 1 costs and rows added meanwhile neither repeat
nor vanish; an ``OFFSET`` reads and throws away every row before the page. The position is
the row's values for the ordering keys, with the primary key appended as the tiebreak, in an
opaque token (base64 of JSON). A total count is a separate, capped query
(``capped_count``): counting every visible row is what made a partner's page grow with
everything shared with it (issue 22).

Ground floor: no DRF, no policy; the API (``coord.lib.api``), the web pages and the access
policy's merged partner page all use it.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from coord.lib.errors import Invalid

FORWARD, BACKWARD = "n", "p"


class PageCode(StrEnum):
    INVALID_CURSOR = "invalid_cursor"
    INVALID_PAGE_SIZE = "invalid_page_size"


BAD_CURSOR = _("This link to a page is no longer valid. Start again from the first page.")


@dataclass(frozen=True)
class Cursor:
    """A decoded position: the ordering keys' values of a row, and which way to read."""

    values: tuple[Any, ...]
    direction: str = FORWARD

    def encode(self) -> str:
        raw = json.dumps([self.direction, list(self.values)], separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str | None, *, width: int) -> Cursor | None:
        """``None`` for no token; ``Invalid`` (code ``invalid_cursor``) for a token that is not
        one of ours for this ordering."""
        if not token:
            return None
        try:
            padded = token + "=" * (-len(token) % 4)
            direction, values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            direction, values = None, None
        if (
            direction not in (FORWARD, BACKWARD)
            or not isinstance(values, list)
            or len(values) != width
            or not all(isinstance(v, str | int | float) for v in values)
        ):
            raise Invalid({"cursor": [str(BAD_CURSOR)]}, code=PageCode.INVALID_CURSOR)
        return cls(tuple(values), direction)


def ordering_of(queryset: QuerySet) -> tuple[str, ...]:
    """The queryset's ordering as field paths (``-`` for descending), ending with the
    primary key so every position is unique."""
    keys = list(queryset.query.order_by or queryset.model._meta.ordering or [])
    keys = [str(k) for k in keys]
    if not any(k.lstrip("-") in ("pk", "id") for k in keys):
        keys.append("-pk" if keys and keys[-1].startswith("-") else "pk")
    return tuple(keys)


def reverse(keys: Sequence[str]) -> tuple[str, ...]:
    return tuple(k[1:] if k.startswith("-") else f"-{k}" for k in keys)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, UUID | Decimal):
        return str(value)
    if value is None:
        raise ValueError("keyset ordering keys must not be NULL")
    return value


def position_of(row: Any, keys: Sequence[str]) -> tuple[Any, ...]:
    """The row's values for ``keys`` (``a__b`` follows relations), JSON-ready."""
    values = []
    for key in keys:
        value = row
        for part in key.lstrip("-").split("__"):
            value = getattr(value, part)
        values.append(_plain(value))
    return tuple(values)


def after_q(keys: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows strictly after ``values`` in the order ``keys``.

    ``(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...``, and the first key's bound on its own as
    well (``k1 >= v1``) so the database can start its index scan there instead of filtering
    from the top.
    """
    either = Q()
    equal = Q()
    for key, value in zip(keys, values, strict=True):
        name = key.lstrip("-")
        lookup = "lt" if key.startswith("-") else "gt"
        either |= equal & Q(**{f"{name}__{lookup}": value})
        equal &= Q(**{name: value})
    first = keys[0].lstrip("-")
    bound = Q(**{f"{first}__{'lte' if keys[0].startswith('-') else 'gte'}": values[0]})
    return bound & either


@dataclass
class KeysetPage:
    """One page: its rows and the cursors either side (``None`` at an end)."""

    rows: list
    next: str | None
    previous: str | None


def page_size_from(value: str | None, *, default: int | None = None, maximum: int = 200) -> int:
    """``?page_size=`` as an int in 1..maximum; ``Invalid`` otherwise."""
    default = default or settings.REST_FRAMEWORK.get("PAGE_SIZE", 50)
    if value in (None, ""):
        return default
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = 0
    if not 1 <= size <= maximum:
        raise Invalid(
            {"page_size": [str(_("Choose a page size from 1 to %(max)s.") % {"max": maximum})]},
            code=PageCode.INVALID_PAGE_SIZE,
        )
    return size


def build_page(rows: list, *, keys: Sequence[str], cursor: Cursor | None, size: int) -> KeysetPage:
    """A page from ``size + 1`` rows fetched in reading order (reversed when reading
    backwards): the extra row only says whether there is more that way."""
    more = len(rows) > size
    rows = rows[:size]
    backwards = cursor is not None and cursor.direction == BACKWARD
    if backwards:
        rows.reverse()
    has_next = (more and not backwards) or (backwards and cursor is not None)
    has_previous = (more and backwards) or (not backwards and cursor is not None)
    nxt = Cursor(position_of(rows[-1], keys), FORWARD).encode() if rows and has_next else None
    prev = Cursor(position_of(rows[0], keys), BACKWARD).encode() if rows and has_previous else None
    return KeysetPage(rows=rows, next=nxt, previous=prev)


def keyset_page(queryset: QuerySet, *, cursor_token: str | None, size: int) -> KeysetPage:
    """One page of ``queryset`` in its own order, from ``cursor_token`` on."""
    keys = ordering_of(queryset)
    cursor = Cursor.decode(cursor_token, width=len(keys))
    reading = keys
    if cursor is not None and cursor.direction == BACKWARD:
        reading = reverse(keys)
    qs = queryset.order_by(*reading)
    if cursor is not None:
        qs = qs.filter(after_q(reading, cursor.values))
    return build_page(list(qs[: size + 1]), keys=keys, cursor=cursor, size=size)


def count_cap() -> int:
    """Counts stop here ("1,000+"): ``COORD_LIST_COUNT_CAP``."""
    return settings.COORD_LIST_COUNT_CAP


def capped_count(queryset: QuerySet, *, cap: int | None = None) -> tuple[int, bool]:
    """``(count, capped)``: the rows up to ``cap``, and whether there are more. One query
    that reads at most ``cap + 1`` rows, however many match."""
    cap = cap or count_cap()
    found = queryset.order_by()[: cap + 1].count()
    return min(found, cap), found > cap
