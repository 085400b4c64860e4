"""CSV files as spreadsheets save them (config.spreadsheets): their text and their delimiter."""

import pytest

from config.spreadsheets import csv_delimiter, csv_text


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("nøgle;titel\n".encode(), "nøgle;titel\n"),
        ("nøgle;titel\n".encode("utf-8-sig"), "nøgle;titel\n"),
        ("nøgle;titel\n".encode("cp1252"), "nøgle;titel\n"),
        ("“CSV”;€\n".encode("cp1252"), "“CSV”;€\n"),
        ("nøgle;titel\n".encode("utf-16-le"), None),
        ("nøgle;titel\n".encode("utf-16"), None),  # with a BOM: still not UTF-8 or 1252
        (b"PK\x03\x04\x14\x00\x06\x00", None),  # an XLSX workbook named .csv
        (b"\x81\x8d", None),  # bytes Windows-1252 does not define
    ],
)
def test_csv_text_is_utf8_or_windows_1252(data, text):
    assert csv_text(data) == text


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("key;title\nA;Logning, også ændringer\nB;Ja, nej, måske\n", ";"),
        ('key,title\nA,"Logning; også ændringer"\n', ","),
        ("key\ttitle\nA\tLogning\n", "\t"),
        ("key\nA\n", ";"),  # one column: Danish Excel's semicolon
        ("", ";"),
    ],
)
def test_csv_delimiter_is_sniffed_from_the_first_lines(text, delimiter):
    assert csv_delimiter(text) == delimiter
