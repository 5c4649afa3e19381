"""Pages keep their size: every source page is placed at 100%, centred in
its slot, whatever page 1's size; /Rotate is honoured, upright, at 100%;
only --fit scales; and the build names the pages that differ."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

from zinemaker.impose import ImposeOptions, impose, open_pdf
from zinemaker.labels import labels
from zinemaker.units import MM, PAPER

A5 = (148 * MM, 210 * MM)
A6 = (105 * MM, 148 * MM)
ODD = (609.7, 789.0)


def mixed_pdf() -> bytes:
    """Eight pages: A5 but for page 3 (A6), page 5 (609.7 x 789 pt) and
    page 6 (A5 landscape, shown portrait by /Rotate 90). Each shows P<n> in
    40 pt type at its centre, upright as a viewer shows the page."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for i in range(1, 9):
        size = {3: A6, 5: ODD, 6: A5[::-1]}.get(i, A5)
        c.setPageSize(size)
        c.setFont("Helvetica-Bold", 40)
        c.translate(size[0] / 2, size[1] / 2)
        if i == 6:
            c.rotate(90)  # the viewer turns the page a quarter clockwise: the label reads upright
        c.drawCentredString(0, -14, f"P{i}")
        c.showPage()
    c.save()
    reader = PdfReader(io.BytesIO(buf.getvalue()))
    writer = PdfWriter()
    for i, page in enumerate(reader.pages, 1):
        if i == 6:
            page.rotate(90)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def label_heights(pdf: bytes) -> dict[int, float]:
    """The height of each label's "P" glyph box (the larger side, so a turned
    label measures the same), by page number."""
    doc = pdfium.PdfDocument(pdf)
    out = {}
    try:
        for k in range(len(doc)):
            tp = doc[k].get_textpage()
            n = tp.count_chars()
            text = tp.get_text_range()
            for i in range(n - 1):
                if text[i] == "P" and text[i + 1].isdigit():
                    j = i + 1
                    while j < n and text[j].isdigit():
                        j += 1
                    x0, y0, x1, y1 = tp.get_charbox(i)
                    out[int(text[i + 1 : j])] = max(x1 - x0, y1 - y0)
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("scheme", ["saddle", "perfect", "cutstack", "nup"])
def test_every_page_is_placed_at_100_percent_without_fit(scheme):
    src = mixed_pdf()
    before = label_heights(src)
    sheet = PAPER["a4"] if scheme in ("saddle", "perfect") else PAPER["a3"]
    done = impose(open_pdf(src), scheme, ImposeOptions(sheet), "Mixed", labels=labels())
    after = label_heights(done.files["sheets"].data)
    assert set(after) == set(range(1, 9))
    for n in range(1, 9):
        assert after[n] == pytest.approx(before[n], rel=0.002), f"page {n} scaled x{after[n] / before[n]:.4f}"
    (note,) = [x for x in done.notes if "differ in size" in x]
    # Page 6 is A5 landscape turned upright by /Rotate: shown, it is page 1's size.
    assert "2 pages (3, 5)" in note and "{{fit=true}}" in note


def test_a_rotated_page_reads_upright_in_the_folded_booklet():
    from helpers import read_sheets

    from zinemaker.impose.fold import read

    done = impose(open_pdf(mixed_pdf()), "saddle", ImposeOptions(PAPER["a4"]), labels=labels())
    seen = read(read_sheets(done.files["sheets"].data), done.plan)
    assert [s.page for s in seen if s.page is not None] == list(range(8))
    assert all(s.upright for s in seen if s.page is not None), seen


def test_only_fit_scales_and_then_only_pages_that_would_not_fit():
    src = mixed_pdf()
    before = label_heights(src)
    opts = ImposeOptions((150 * MM * 2 - 20 * MM, 200 * MM), fit=True)  # page 1 must shrink
    done = impose(open_pdf(src), "saddle", opts, labels=labels())
    after = label_heights(done.files["sheets"].data)
    s1 = after[1] / before[1]
    assert s1 < 0.95
    assert after[3] / before[3] == pytest.approx(s1, rel=0.002), "a smaller page keeps page 1's scale"
    assert after[5] / before[5] < s1 + 0.002
    assert any("scaled down where they would not fit" in n for n in done.notes)


def test_the_build_names_the_pages_that_differ_in_the_layouts_words():
    from zinemaker.errors import word

    done = impose(open_pdf(mixed_pdf()), "saddle", ImposeOptions(PAPER["a4"]), labels=labels())
    (note,) = [x for x in done.notes if "differ" in x]
    assert "output.fit = true" in word(note, "layout") and "--fit" in word(note, "cli")
