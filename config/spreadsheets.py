"""Shared by every spreadsheet export and import: cells that would run as formulas, numbers
written as text the way finance users and their systems write them, and CSV files as
spreadsheets save them."""

import csv
import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

# Characters no spreadsheet writes into a CSV file (tab and line breaks aside): text holding them
# was decoded from a binary file or from UTF-16, whose every other byte is NUL.
_NOT_CSV_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CSV_DELIMITERS = ";,\t"
# Why csv_text() found no text.
NOT_CSV_TEXT = _(
    "The file is not a CSV file in UTF-8 or Windows-1252. Save it from the spreadsheet as "
    "“CSV UTF-8” and upload it again."
)

# A cell starting with one of these is run as a formula by Excel/LibreOffice (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")
# One dot before exactly three digits, after a group of one to three: 850.000, 1.500.
_DOT_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")


def escape_formula(value):
    """Text that starts like a formula gets a leading apostrophe, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value: str) -> str:
    """Take off the apostrophe an export put before formula-like text (for round trips)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def parse_decimal(value, *, dot_groups_thousands: bool = False) -> Decimal | None:
    """A number as finance exports write it: 1234.56, 1234,56, 1.234,56, 1,234.56 or a cell.

    None for anything else: words, an exponent (1e5), NaN. With `dot_groups_thousands`, a lone
    dot before exactly three digits separates thousands, as Danish users type them ("850.000"
    is 850000); "1234.5" and "0.500" still have a decimal point. The invoice import leaves it
    off: a finance system's English-style export may write a quantity as 1.500.
    """
    if value.__class__ is str:
        text = value.strip()
        if dot_groups_thousands and _DOT_GROUPED.fullmatch(text):
            return Decimal(text.replace(".", ""))
        # Most cells are plain: 1234, -1234.56 or 1234,56 (digits, then one mark and digits).
        # Read with str methods, which cost a third of a regular expression's match per cell.
        plain = text.replace(",", ".")
        whole, mark, fraction = (plain[1:] if plain[:1] == "-" else plain).partition(".")
        if whole.isdecimal() and (not mark or fraction.isdecimal()):
            return Decimal(plain)
        return _parse_written_number(text)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    return _parse_written_number(str(value).strip())


def _parse_written_number(text: str) -> Decimal | None:
    text = text.replace(" ", "").replace("\u00a0", "").replace("'", "")
    if text.endswith("-") and text[:-1]:  # 1.234,56- as some ledgers write a negative amount
        text = "-" + text[:-1]
    comma, dot = text.rfind(","), text.rfind(".")
    if comma >= 0 and dot >= 0:
        thousands, decimal_mark = (".", ",") if comma > dot else (",", ".")
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif comma >= 0:
        # Danish: the comma is the decimal mark; several commas can only be thousands.
        text = text.replace(",", "") if text.count(",") > 1 else text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def csv_text(data: bytes) -> str | None:
    """A CSV file's text: UTF-8 with or without BOM, else Windows-1252 (what Danish Excel saves
    as "CSV"). None when it is neither, e.g. a binary file or UTF-16."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
            return None
    return None if _NOT_CSV_TEXT.search(text) else text


def csv_delimiter(text: str) -> str:
    """The delimiter (; , or tab) csv.Sniffer finds in the first lines; ; when it finds none,
    as Danish Excel writes."""
    sample = "\n".join(text[: 64 * 1024].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return ";"
