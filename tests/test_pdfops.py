"""The content-stream reader the preflight uses reads what pypdf reads."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream
from reportlab.pdfgen import canvas

from zinemaker.pdfops import operations


def _plain(value):  # noqa: ANN001, ANN202
    """pypdf's objects as the plain values zinemaker.pdfops gives."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "original_bytes"):
        return bytes(value.original_bytes)
    if isinstance(value, bytes):
        return bytes(value)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return str(value)


def _pypdf(data: bytes) -> list:
    stream = ContentStream(None, None)
    stream.set_data(data)
    return [(_plain(ops), op) for ops, op in stream.operations]


def test_a_drawing_reads_the_same_as_pypdf_reads_it():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pageCompression=0)
    c.setFont("Helvetica", 9)
    c.drawString(20, 700, "Tab\there (nested (parens)) and \\ backslash, caf\xe9")
    c.setFillColorRGB(0.2, 0.4, 0.6)
    c.rect(10, 10, 100, 50, fill=1)
    c.setLineWidth(0.1)
    c.setDash([2, 1])
    c.line(0, 0, 100, 100)
    t = c.beginText(30, 600)
    t.setCharSpace(0.5)
    t.setWordSpace(1.5)
    t.setHorizScale(90)
    t.textLine("words, spaced")
    c.drawText(t)
    c.showPage()
    c.save()
    data = PdfReader(io.BytesIO(buf.getvalue())).pages[0].get_contents().get_data()
    assert operations(data) == _pypdf(data)


@pytest.mark.parametrize(
    "data",
    [
        b"BT /F1 12 Tf [(A) -120 (W\\051ay) 40.5 <414243>] TJ ET",
        b"/Tag <</MCID 3 /Alt (x\\(y\\)) /List [1 2 /N]>> BDC EMC",
        b"% a comment\n1 0 0 1 .5 -3. cm /A#20B gs",
        b"(octal \\101\\7\\0123 and a\\\nbroken line) Tj (\\q) Tj",
        b"<41 4 2> Tj [] 0 d true false null xx",
        b"1 2 3 4re 5-6 7 l 1.2.3 w",
    ],
)
def test_operands_read_the_same_as_pypdf_reads_them(data):
    assert operations(data) == _pypdf(data)


def test_an_inline_image_keeps_its_settings_and_data():
    ops = operations(b"q BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xffEI\x01 EI Q")
    assert [op for _, op in ops] == [b"q", b"INLINE IMAGE", b"Q"]
    image = ops[1][0]
    assert image["settings"] == {"/W": 2.0, "/H": 1.0, "/BPC": 8.0, "/CS": "/G"}
    assert image["data"] == b"\x00\xffEI\x01"


@pytest.mark.parametrize(
    "data",
    [b"(never closed Tj", b"[1 2 3 d", b"1 2 ] re", b"<4142 Tj", b"1 ) 2", b"[" * 100 + b"]" * 100, b"[ q ]"],
)
def test_a_stream_that_is_not_pdf_is_refused_not_misread(data):
    with pytest.raises(ValueError):
        operations(data)
