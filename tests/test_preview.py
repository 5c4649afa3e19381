"""Preview pictures: what is encoded is what was drawn, pixel for pixel."""

from __future__ import annotations

import io
import random
import sys

from helpers import numbered_pdf
from PIL import Image, ImageChops

from zinemaker.preview import png, render


def test_a_picture_reads_back_pixel_for_pixel_and_always_encodes_the_same():
    rng = random.Random(7)
    noisy = Image.frombytes("RGB", (37, 11), bytes(rng.randrange(256) for _ in range(37 * 11 * 3)))
    page = render(numbered_pdf(1), 72)[0]
    grey = page.convert("L")
    for picture in (noisy, page, grey, Image.new("RGB", (1, 1), (200, 40, 40))):
        data = png(picture)
        back = Image.open(io.BytesIO(data))
        back.load()  # Pillow checks each chunk's CRC as it reads
        assert back.format == "PNG" and back.mode == "RGB" and back.size == picture.size
        assert ImageChops.difference(back, picture.convert("RGB")).getbbox() is None
        assert png(picture) == data


def test_a_picture_for_print_says_its_resolution():
    page = render(numbered_pdf(1), 72)[0]
    back = Image.open(io.BytesIO(png(page, 300)))
    assert round(back.info["dpi"][0]) == round(back.info["dpi"][1]) == 300
    assert ImageChops.difference(back.convert("RGB"), page).getbbox() is None
    assert "dpi" not in Image.open(io.BytesIO(png(page))).info


def test_without_isal_the_pictures_are_the_same_pixels(monkeypatch):
    # isal is a dependency; an install without its wheel falls back to zlib.
    page = render(numbered_pdf(1), 72)[0]
    fast = png(page)
    monkeypatch.setitem(sys.modules, "isal", None)  # import isal now fails
    slow = png(page)
    assert slow != fast  # the other compressor was used
    for data in (fast, slow):
        assert ImageChops.difference(Image.open(io.BytesIO(data)).convert("RGB"), page).getbbox() is None


def test_pages_render_in_their_colours():
    # PDFium renders BGR unless asked for RGB: a red label must come out red.
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(72, 72), invariant=1)
    c.setFillColorRGB(1, 0, 0)
    c.rect(0, 0, 72, 72, stroke=0, fill=1)
    c.showPage()
    c.save()
    assert render(buf.getvalue(), 36)[0].getpixel((18, 18)) == (255, 0, 0)


def test_the_contact_sheet_is_cut_from_the_sheets_each_page_upright_in_its_place():
    # mini8 turns its top row upside down; saddle spreads pages over both sides
    # of nested sheets; grid turns nothing. Each page cut out of its sheet's
    # picture must look like the page rendered on its own.
    from PIL import ImageStat

    from zinemaker.impose import ImposeOptions, impose, open_pdf
    from zinemaker.preview import sheet_pictures

    source = _marked_pages(8)
    alone = render(source, 100)
    for scheme, sheet in (("mini8", (842, 595)), ("saddle", (595.28, 841.89)), ("nup", (595.28, 841.89))):
        done = impose(open_pdf(source), scheme, ImposeOptions(sheet=sheet))
        pages: dict = {}
        for sheets in done.files.values():
            sheet_pictures(sheets, done.plan, 100, pages)
        assert sorted(pages) == list(range(8)), scheme
        for i, cut in pages.items():
            assert abs(cut.width / cut.height - alone[i].width / alone[i].height) < 0.02, (scheme, i)  # upright
            same_size = alone[i].resize(cut.size)
            mean = sum(ImageStat.Stat(ImageChops.difference(cut.convert("L"), same_size.convert("L"))).mean)
            others = [sum(ImageStat.Stat(ImageChops.difference(cut.convert("L"), a.resize(cut.size).convert("L"))).mean)
                      for j, a in enumerate(alone) if j != i]
            assert mean < min(others) / 3, (scheme, i, mean, min(others))


def _marked_pages(count: int) -> bytes:
    """A5 pages, each with a black band down from its top left corner, the
    longer the later the page: any page in the wrong place, or turned, shows."""
    from reportlab.pdfgen import canvas

    w, h = 419.53, 595.28
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    for i in range(count):
        c.rect(0, h - h * (i + 1) / (count + 1), w / 3, h * (i + 1) / (count + 1), stroke=0, fill=1)
        c.showPage()
    c.save()
    return buf.getvalue()
