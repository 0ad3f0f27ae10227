"""Spreadsheets and CSV files read as plain text rows, whatever program wrote them.

Cells become stripped strings ("" for empty); whole-number floats lose their ".0" (a room
typed as 501 comes back from Excel as 501.0). A file that cannot be read raises
`TableError` with one line saying why.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

# An OLE2 compound file: an old .xls, or an .xlsx saved with a password.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
CSV_ENCODINGS = ("utf-8-sig", "gb18030")


class TableError(Exception):
    """The file is not a table this can read; the message names the file and why."""


@dataclass(frozen=True)
class Sheet:
    name: str
    # Row r of the file is rows[r - 1].
    rows: tuple[tuple[str, ...], ...]


def read_table(path: Path) -> list[Sheet]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise TableError(f"{path}: cannot read it ({e.strerror or e})") from None
    if not data.strip():
        raise TableError(f"{path}: the file is empty")
    if data.startswith(_OLE2):
        raise TableError(
            f"{path}: an encrypted workbook or an old .xls file; save it as .xlsx"
            " without a password"
        )
    if data.startswith(_ZIP):
        return _workbook(path, data)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise TableError(f"{path}: not a readable .xlsx workbook (the file is damaged)")
    if path.suffix.lower() not in (".csv", ".txt"):
        raise TableError(f"{path}: expected an .xlsx or .csv file")
    return [_csv(path, data)]


def _workbook(path: Path, data: bytes) -> list[Sheet]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise TableError(f"{path}: not a readable .xlsx workbook ({e})") from None
    try:
        return [
            Sheet(
                ws.title,
                tuple(tuple(_cell(v) for v in row) for row in ws.iter_rows(values_only=True)),
            )
            for ws in book.worksheets
        ]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise TableError(f"{path}: the workbook is damaged ({e})") from None
    finally:
        book.close()


def _csv(path: Path, data: bytes) -> Sheet:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows = tuple(tuple(c.strip() for c in row) for row in csv.reader(io.StringIO(text)))
        return Sheet(path.stem, rows)
    raise TableError(f"{path}: neither UTF-8 nor GBK text; save it as CSV UTF-8")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()
