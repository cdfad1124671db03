"""Bounded JSON parsing for the API: size and nesting are checked before the parser runs.

Python's ``json`` module recurses once per nesting level, so a small body of 3,000 ``[`` ends
in a RecursionError (a 500) before any validation sees it. ``BoundedJSONParser`` reads at
most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes, decodes them, measures the nesting in one linear
pass that skips string contents, and only then hands the body to the JSON parser. Whatever
else goes wrong while parsing is a 400, never a 500. No message repeats the rejected input.
"""

from __future__ import annotations

import io
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework import exceptions, parsers

TOO_DEEP = "JSON nested too deeply"
MALFORMED = "Malformed request body."

# One token per match, left to right: a whole string (escapes included, possessive so it
# never backtracks), one bracket, or a run of anything else. A ``"`` that starts no complete
# string is the last token of a malformed body.
_TOKENS = re.compile(r'"(?:[^"\\]++|\\.)*+"|[\[{]|[\]}]|[^"\[\]{}]++|"', re.DOTALL)


def json_depth_exceeds(text: str, limit: int) -> bool:
    """True when arrays/objects in ``text`` nest deeper than ``limit``.

    Linear in the text's length: brackets inside strings (escaped quotes included) do not
    count, and the scan stops at the first level past the limit, or where the body stops
    being JSON (an unterminated string, a stray closer): the parser refuses it there, having
    recursed no deeper than the scan saw.
    It works on decoded text, so no multi-byte encoding can hide a bracket or a quote.
    """
    if text.count("[") + text.count("{") <= limit:
        return False  # too few openers to nest that deep, strings or not (a C-speed count)
    depth = 0
    for match in _TOKENS.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            depth += 1
            if depth > limit:
                return True
        elif piece in ("]", "}"):
            depth -= 1
            if depth < 0:
                return False  # a closer with nothing open: the parser stops here too
        elif piece == '"':
            return False
    return False


def read_bounded(stream: Any, limit: int | None) -> bytes:
    """Read the whole body, but never more than ``limit`` bytes (``None``: no limit)."""
    if stream is None:
        return b""
    if limit is None:
        return stream.read()
    chunks: list[bytes] = []
    size = 0
    while size <= limit:  # a stream may return less than asked for: read until EOF or limit+1
        chunk = stream.read(limit + 1 - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise RequestDataTooBig("Request body exceeded DATA_UPLOAD_MAX_MEMORY_SIZE.")
    return b"".join(chunks)


class BoundedJSONParser(parsers.JSONParser):
    """The API's JSON parser (DEFAULT_PARSER_CLASSES), bounded in size and nesting.

    Only an object or an array is accepted at the top level.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        body = read_bounded(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        encoding = (parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET
        try:
            text = body.decode(encoding)
        except (LookupError, UnicodeError):
            raise exceptions.ParseError(MALFORMED) from None
        if json_depth_exceeds(text, settings.COORD_JSON_MAX_DEPTH):
            raise exceptions.ParseError(TOO_DEEP)
        try:
            data = super().parse(io.BytesIO(body), media_type, parser_context)
        except exceptions.APIException:
            raise
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
        except Exception:
            # Anything else the parser trips on is the body's fault: a 400, not a 500.
            raise exceptions.ParseError(MALFORMED) from None
        if not isinstance(data, dict | list):
            raise exceptions.ParseError("JSON body must be an object.")
        return data
