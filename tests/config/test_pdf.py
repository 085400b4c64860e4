"""The PDF set-up every report shares: metadata, margins, compression and the page footer."""

import io

from django.utils import translation
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph

from config.pdf import FOOTER_CHARACTERS, page_footer, pdf_document
from tests.pdf_text import pdf_lines


def build(footer: str, **options) -> tuple[bytes, object]:
    buffer = io.BytesIO()
    document = pdf_document(buffer, title="Rapport", author="Nordby Kommune", **options)
    body = getSampleStyleSheet()["BodyText"]
    on_page = page_footer(footer)
    document.build(
        [Paragraph("Første side", body), PageBreak(), Paragraph("Anden side", body)],
        onFirstPage=on_page,
        onLaterPages=on_page,
    )
    return buffer.getvalue(), document


def test_every_page_has_the_footer_and_its_number_in_the_readers_language():
    with translation.override("da"):
        danish, _document = build("Nordby Kommune · Rapport", margin=15 * mm, invariant=True)
    with translation.override("en"):
        english, _document = build("Nordby Kommune · Rapport", margin=15 * mm, invariant=True)

    assert pdf_lines(danish).count("Nordby Kommune · Rapport") == 2
    assert [line for line in pdf_lines(danish) if line.startswith("Side")] == ["Side 1", "Side 2"]
    assert [line for line in pdf_lines(english) if line.startswith("Page")] == ["Page 1", "Page 2"]


def test_a_long_footer_is_shortened():
    content, _document = build("x" * 500, margin=15 * mm, invariant=True)

    assert "x" * FOOTER_CHARACTERS in pdf_lines(content)
    assert "x" * (FOOTER_CHARACTERS + 1) not in "".join(pdf_lines(content))


def test_the_document_has_its_metadata_margins_and_page_size():
    content, document = build("f", margin=12 * mm, pagesize=landscape(A4), invariant=True)

    assert b"/Title (Rapport)" in content
    assert b"/Author (Nordby Kommune)" in content
    assert b"/Creator (Kommune-IT)" in content
    margins = (document.leftMargin, document.rightMargin, document.topMargin)
    assert margins == (12 * mm,) * 3
    assert document.bottomMargin == 12 * mm
    assert document.pagesize == landscape(A4)


def test_invariant_output_is_byte_stable_and_readable_else_compressed():
    first, _document = build("f", margin=15 * mm, invariant=True)
    second, _document = build("f", margin=15 * mm, invariant=True)
    compressed, _document = build("f", margin=15 * mm)
    compressed_invariant, _document = build("f", margin=15 * mm, invariant=True, compress=True)

    assert first == second
    assert b"/FlateDecode" not in first
    assert b"(Anden side) Tj" in first
    assert b"/FlateDecode" in compressed
    assert b"/FlateDecode" in compressed_invariant
    assert "Anden side" in pdf_lines(compressed)
