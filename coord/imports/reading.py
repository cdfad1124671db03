"""Reading an uploaded spreadsheet into a header and rows of text, values only.

CSV: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"), the delimiter
sniffed among ``, ; TAB |``. XLSX: openpyxl in read-only mode (streamed; defusedxml parses
the XML) after the zip has been measured: an uncompressed size over the limit, a macro
project or an encrypted (password-protected) workbook is refused before anything is
parsed. Formula cells are not evaluated: they come back as ``FORMULA`` and the dry run
reports them. Every refusal is a ``FileRefused`` with a code; no message quotes the file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from coord.lib.errors import Invalid

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .xlsx and old .xls alike
DELIMITERS = ",;\t|"
NOT_A_SPREADSHEET = gettext_noop("This is not a CSV or XLSX file.")


class ImportErrorCode(StrEnum):
    FILE_TOO_LARGE = "file_too_large"
    TOO_MANY_ROWS = "too_many_rows"
    UNSUPPORTED_FILE = "unsupported_file"
    ENCRYPTED_FILE = "encrypted_file"
    MACROS = "macros"
    ZIP_BOMB = "zip_bomb"
    MALFORMED = "malformed_file"
    ENCODING = "unknown_encoding"
    NO_HEADER = "no_header"
    HEADER = "bad_header"
    IMPORT_NOT_READY = "import_not_ready"
    FILE_GONE = "file_gone"


class FileRefused(Invalid):
    """The file as a whole cannot be imported (400 on the ``file`` field)."""

    def __init__(self, message: str, *, code: ImportErrorCode) -> None:
        super().__init__({"file": [message]}, code=code)


class _Formula:
    """A formula cell: its text is never read or kept."""

    def __repr__(self) -> str:
        return "FORMULA"


FORMULA = _Formula()
Cell = str | _Formula


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    headers: list[str]
    rows: Iterator[tuple[int, list[Cell]]]  # (spreadsheet row number, cells)


def file_kind(content: bytes) -> str:
    """``xlsx`` or ``csv`` by the bytes, never by the name the user gave the file."""
    if content.startswith(OLE_MAGIC):
        raise FileRefused(
            _(
                "This file is password-protected (encrypted) or an old .xls workbook. "
                "Remove the password, save it as .xlsx or CSV and upload it again."
            ),
            code=ImportErrorCode.ENCRYPTED_FILE,
        )
    if content.startswith(ZIP_MAGIC):
        return "xlsx"
    if b"\x00" in content[:4096] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(_(NOT_A_SPREADSHEET), code=ImportErrorCode.UNSUPPORTED_FILE)
    return "csv"


def read_table(content: bytes) -> Table:
    """The header and the (lazy) rows of ``content``; raises ``FileRefused``."""
    if len(content) > settings.COORD_IMPORT_MAX_BYTES:
        raise FileRefused(
            _("The file is larger than %(limit)s bytes.")
            % {"limit": settings.COORD_IMPORT_MAX_BYTES},
            code=ImportErrorCode.FILE_TOO_LARGE,
        )
    kind = file_kind(content)
    return _read_xlsx(content) if kind == "xlsx" else _read_csv(content)


def _limited(rows: Iterator[tuple[int, list[Cell]]]) -> Iterator[tuple[int, list[Cell]]]:
    """Skip blank rows; refuse the file once it holds more than the row limit."""
    limit = settings.COORD_IMPORT_MAX_ROWS
    count = 0
    for number, cells in rows:
        if all(c == "" for c in cells):
            continue
        count += 1
        if count > limit:
            raise FileRefused(
                _("The file has more than %(limit)s rows. Split it and import each part.")
                % {"limit": limit},
                code=ImportErrorCode.TOO_MANY_ROWS,
            )
        yield number, cells


def _headers(cells: list[Cell]) -> list[str]:
    headers = [c.strip() if isinstance(c, str) else "" for c in cells]
    while headers and headers[-1] == "":
        headers.pop()
    if not any(headers):
        raise FileRefused(
            _("The first row must hold the column headings."), code=ImportErrorCode.NO_HEADER
        )
    return headers


# --- CSV --------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif content.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        encoding = "utf-8"
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        raise FileRefused(
            _(
                "The file's text encoding is not UTF-8 or UTF-16. In Excel choose "
                '"CSV UTF-8" when saving, then upload it again.'
            ),
            code=ImportErrorCode.ENCODING,
        ) from None
    if "\x00" in text:
        raise FileRefused(_(NOT_A_SPREADSHEET), code=ImportErrorCode.UNSUPPORTED_FILE)
    return text


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[: 64 * 1024]
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=DELIMITERS)
    except csv.Error:
        return csv.excel


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    reader = csv.reader(io.StringIO(text, newline=""), dialect=_dialect(text), strict=True)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for cells in reader:
                yield reader.line_num, [c.strip() for c in cells]
        except csv.Error:
            raise FileRefused(
                _("The CSV file is malformed near line %(line)s (an unclosed quote?).")
                % {"line": reader.line_num},
                code=ImportErrorCode.MALFORMED,
            ) from None

    stream = rows()
    first = next(stream, None)
    if first is None:
        raise FileRefused(_("The file is empty."), code=ImportErrorCode.NO_HEADER)
    return Table(kind="csv", headers=_headers(first[1]), rows=_limited(stream))


# --- XLSX -------------------------------------------------------------------------------


def _check_zip(content: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused(
            _("The XLSX file is damaged and cannot be read."), code=ImportErrorCode.MALFORMED
        ) from None
    names = {m.filename.lower() for m in members}
    if any(name.endswith("vbaproject.bin") for name in names):
        raise FileRefused(
            _("Workbooks with macros are refused. Save it as a plain .xlsx workbook."),
            code=ImportErrorCode.MACROS,
        )
    if "xl/workbook.xml" not in names:
        raise FileRefused(_(NOT_A_SPREADSHEET), code=ImportErrorCode.UNSUPPORTED_FILE)
    if sum(m.file_size for m in members) > settings.COORD_IMPORT_MAX_UNZIPPED_BYTES:
        raise FileRefused(
            _("The workbook unpacks to more than %(limit)s bytes.")
            % {"limit": settings.COORD_IMPORT_MAX_UNZIPPED_BYTES},
            code=ImportErrorCode.ZIP_BOMB,
        )


def _text(value: object) -> Cell:
    """A cell's value as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return FORMULA if value.startswith("=") else value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime | date):
        # A month typed into Excel becomes its first day; any other day stays a full date,
        # which the month check then refuses.
        if value.day == 1:
            return f"{value.year:04d}-{value.month:02d}"
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(content: bytes) -> Table:
    _check_zip(content)
    from openpyxl import load_workbook  # heavy: only when an XLSX arrives

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        stream = iter(sheet.iter_rows())
        first = next(stream, None)
    except FileRefused:
        raise
    except Exception:
        raise FileRefused(
            _("The XLSX file is damaged and cannot be read."), code=ImportErrorCode.MALFORMED
        ) from None
    if first is None:
        raise FileRefused(_("The file is empty."), code=ImportErrorCode.NO_HEADER)

    def cell_text(cell) -> Cell:
        if getattr(cell, "data_type", None) == "f":
            return FORMULA
        return _text(cell.value)

    def rows() -> Iterator[tuple[int, list[Cell]]]:
        try:
            for number, row in enumerate(stream, start=2):
                yield number, [cell_text(c) for c in row]
        except FileRefused:
            raise
        except Exception:
            raise FileRefused(
                _("The XLSX file is damaged and cannot be read."), code=ImportErrorCode.MALFORMED
            ) from None
        finally:
            book.close()

    headers = [c if isinstance(c, str) else "" for c in (cell_text(c) for c in first)]
    return Table(kind="xlsx", headers=_headers(headers), rows=_limited(rows()))
