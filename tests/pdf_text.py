"""Text of a reportlab PDF without a PDF library: decode the page streams, read the Tj strings."""

import base64
import contextlib
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_SHOW_TEXT = re.compile(rb"\(((?:[^()\\]|\\.)*)\)\s*Tj", re.DOTALL)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_SIMPLE = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(match: re.Match) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return _SIMPLE.get(code, code)


def pdf_lines(data: bytes) -> list[str]:
    """Every string the PDF shows, in drawing order (reportlab's standard fonts use cp1252)."""
    lines = []
    for stream in _STREAM.findall(data):
        if stream.rstrip().endswith(b"~>"):  # reportlab's /ASCII85Decode /FlateDecode pages
            stream = base64.a85decode(stream.strip()[:-2])
        with contextlib.suppress(zlib.error):
            stream = zlib.decompress(stream)
        for raw in _SHOW_TEXT.findall(stream):
            lines.append(_ESCAPE.sub(_unescape, raw).decode("cp1252"))
    return lines


def pdf_text(data: bytes) -> str:
    """The PDF's strings, one a line."""
    return "\n".join(pdf_lines(data))
