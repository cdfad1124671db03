"""Spreadsheets built in the tests: CSV text and XLSX bytes from rows."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

HEADERS = ["reported_month", "region", "gender", "exploitation_types", "notes"]


def good_row(n: int = 0) -> list[str]:
    return ["2025-03", "KH-12", "female", "forced_labour;servitude", f"Shelter stay {n % 7} weeks"]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return text.encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "cases.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
