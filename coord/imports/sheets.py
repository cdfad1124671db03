"""Writing spreadsheets: the import template, and the cells of an export.

Every cell is formula-safe: in CSV a text starting with ``= + - @`` (or a tab or carriage
return) gets a leading ``'``, so a spreadsheet shows it instead of running it; in XLSX
every text cell is written as a string, never a formula. XLSX is written in openpyxl's
write-only mode (streamed rows).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from coord.cases.choices import LIST_FIELDS
from coord.imports.columns import CHOICES, FIELDS, REQUIRED, allowed_text, example_row
from coord.lib.cells import csv_safe

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(rows: Iterable[list[str]]) -> bytes:
    """UTF-8 with a BOM, so Excel opens non-Latin scripts correctly."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([csv_safe(c) for c in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_stream(rows: Iterable[list[str]]) -> Iterator[bytes]:
    """``csv_bytes`` one row at a time, for a streamed response."""
    out = io.StringIO()
    writer = csv.writer(out)
    yield "\ufeff".encode()
    for row in rows:
        writer.writerow([csv_safe(c) for c in row])
        yield out.getvalue().encode("utf-8")
        out.seek(0)
        out.truncate()


def xlsx_bytes(sheets: Iterable[tuple[str, Iterable[list[str]]]]) -> bytes:
    """A workbook of plain string cells (never formulas), one sheet per ``(title, rows)``."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        for row in rows:
            cells = []
            for value in row:
                cell = WriteOnlyCell(sheet, value=None)
                cell.value = value
                cell.data_type = "s"  # a leading "=" stays text
                cells.append(cell)
            sheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _notes() -> list[list[str]]:
    """One row per field: whether it is required and what it accepts (active language)."""
    rows = [[_("Column"), _("Required"), _("Allowed values")]]
    for name in FIELDS:
        if name == "reported_month":
            allowed = _("Month as YYYY-MM (no day).")
        elif name == "region":
            allowed = _("ISO 3166-2 first-level code, e.g. KH-12.")
        elif name == "citizenship":
            allowed = _("ISO country codes separated by ;, e.g. KH;TH.")
        elif name in CHOICES:
            allowed = allowed_text(name)
            if name in LIST_FIELDS:
                allowed = _("Codes separated by ;. ") + allowed
        else:
            allowed = _("Free text, no names, numbers or addresses of people.")
        rows.append([name, _("yes") if name in REQUIRED else _("no"), allowed])
    return rows


def template_rows() -> list[list[str]]:
    example = example_row()
    return [list(FIELDS), [example[name] for name in FIELDS]]


def template_csv() -> bytes:
    return csv_bytes(template_rows())


def template_xlsx() -> bytes:
    return xlsx_bytes([(_("Cases"), template_rows()), (_("Allowed values"), _notes())])
