"""Preview pictures: what is encoded is what was drawn, pixel for pixel."""

from __future__ import annotations

import io
import random

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
