"""Shared test helpers: numbered PDFs, and reading sheets back as printed.

Reading uses pypdfium2 (PDFium, the engine in Chrome), not our own code, so
the tests see the PDF the way a printer driver would.
"""

from __future__ import annotations

import io
import os
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfgen import canvas

from zinemaker.impose.fold import Printed
from zinemaker.units import MM

A5 = (148 * MM, 210 * MM)


def zine_layout(
    title: str = "Test Zine",
    text: str = "texts/milstein-organizing-social-spaces.md",
    papers: str = '["a4"]',
    after_title: str = "",
) -> str:
    """The small zine layout the tests build: a cover, the essay's first
    section, a colophon. ``papers`` is the TOML value as written;
    ``after_title`` is a line to add under the title (or a format field)."""
    head = f'[zine]\ntitle = "{title}"\n' + (f"{after_title}\n" if after_title else "")
    return (
        f'{head}\n[[content]]\nkind = "cover"\n\n[[content]]\nkind = "excerpt"\ntext = "{text}"\n'
        f'sections = ["Honest Failures"]\n\n[[content]]\nkind = "colophon"\n\n[output]\npapers = {papers}\n'
    )


@cache
def numbered_pdf(count: int, size: tuple[float, float] = A5, bleed: float = 0.0) -> bytes:
    """A PDF whose page i shows the label "P<i>" (1-based) centred on its trim."""
    w, h = size
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w + 2 * bleed, h + 2 * bleed), invariant=1)
    for i in range(1, count + 1):
        if bleed:
            c.setTrimBox((bleed, bleed, bleed + w, bleed + h))
            c.setBleedBox((0, 0, w + 2 * bleed, h + 2 * bleed))
        c.setFont("Helvetica-Bold", 40)
        # Centre the label's box (cap height ~0.72 em) on the trim's centre.
        c.drawCentredString(bleed + w / 2, bleed + h / 2 - 0.36 * 40, f"P{i}")
        c.setFont("Helvetica", 9)
        c.drawString(bleed + 10, bleed + 10, f"foot of page {i}")
        c.showPage()
    c.save()
    return buf.getvalue()


def labels_on(pdf: bytes, page_index: int) -> list[Printed]:
    """Every "P<n>" label on one page: page n-1, its centre and its angle."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return _labels(doc[page_index])
    finally:
        doc.close()


def _labels(page) -> list[Printed]:  # noqa: ANN001
    tp = page.get_textpage()
    n = tp.count_chars()
    chars = []
    for i in range(n):
        ch = chr(pdfium_c.FPDFText_GetUnicode(tp, i))
        box = tp.get_charbox(i)
        angle = round(pdfium_c.FPDFText_GetCharAngle(tp, i) * 180 / 3.141592653589793) % 360
        chars.append((ch, box, angle))
    found: list[Printed] = []
    i = 0
    while i < n:
        ch, box, angle = chars[i]
        if ch == "P" and i + 1 < n and chars[i + 1][0].isdigit():
            j = i + 1
            while j < n and chars[j][0].isdigit():
                j += 1
            word = chars[i:j]
            number = int("".join(c for c, _, _ in word[1:]))
            x0 = min(b[0] for _, b, _ in word)
            y0 = min(b[1] for _, b, _ in word)
            x1 = max(b[2] for _, b, _ in word)
            y1 = max(b[3] for _, b, _ in word)
            xs = [b[0] for _, b, _ in word]
            # Letters must run forward along the reading direction: a
            # mirrored page would run them backwards.
            forward = xs == sorted(xs) if angle == 0 else xs == sorted(xs, reverse=True)
            assert forward or angle in (90, 270), f"label P{number} is mirrored"
            found.append(Printed(number - 1, (x0 + x1) / 2, (y0 + y1) / 2, angle))
            i = j
        else:
            i += 1
    return found


def read_sheets(pdf: bytes, sides: int = 2) -> dict[tuple[int, str], list[Printed]]:
    """What each side of each sheet carries, read back from the imposed PDF."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out: dict[tuple[int, str], list[Printed]] = {}
        for i in range(len(doc)):
            side = "front" if sides == 1 or i % 2 == 0 else "back"
            out[(i // sides, side)] = _labels(doc[i])
        return out
    finally:
        doc.close()


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [tuple(doc[i].get_size()) for i in range(len(doc))]  # type: ignore[misc]
    finally:
        doc.close()


def impose_bytes(pdf: bytes, scheme: str, options, role: str = "", **kw):  # noqa: ANN001, ANN201
    """Impose a PDF in memory: (plan, the bytes of one output file)."""
    from zinemaker.impose import impose, open_pdf
    from zinemaker.labels import labels

    kw.setdefault("labels", labels())
    done = impose(open_pdf(pdf), scheme, options, **kw)
    return done.plan, done.files[role or "sheets"].data


class LabelArt:
    """Pages drawn in the run (for ``impose.drawn``) that look like
    :func:`numbered_pdf`'s: page i shows "P<i>" centred on its trim."""

    def __init__(self, size: tuple[float, float] = A5, bleed: float = 0.0) -> None:
        self.size, self.bleed = size, bleed

    def prepare(self, c, pages: set[int]) -> None:  # noqa: ANN001
        pass

    def draw(self, c, index: int) -> None:  # noqa: ANN001
        w, h = self.size
        b = self.bleed
        c.setFont("Helvetica-Bold", 40)
        c.drawCentredString(b + w / 2, b + h / 2 - 0.36 * 40, f"P{index + 1}")
        c.setFont("Helvetica", 9)
        c.drawString(b + 10, b + 10, f"foot of page {index + 1}")


def impose_drawn_bytes(count: int, scheme: str, options, size=A5, bleed: float = 0.0, role: str = "", **kw):  # noqa: ANN001, ANN201
    """Impose ``count`` labelled pages drawn straight onto the sheets:
    (plan, the bytes of one output file)."""
    from zinemaker.impose.drawn import impose_drawn
    from zinemaker.impose.options import Pages
    from zinemaker.labels import labels

    kw.setdefault("labels", labels())
    done = impose_drawn(LabelArt(size, bleed), Pages(count, *size, bleed), scheme, options, **kw)
    return done.plan, done.files[role or "sheets"].data


#: A small deck of two cards in one category, one using a placeholder.
SMALL_DECK = """\
deck:
  title: "Test Deck"
  values:
    space: "our space"
categories:
  - id: welcome
    name: "Welcome"
    colour: "#1f6f8b"
    symbol: circle
cards:
  - id: hello
    title: "Hello"
    category: welcome
    body: "Say hello at {space}."
  - id: bye
    title: "Bye"
    category: welcome
    body: "Say goodbye."
"""


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Everything under ``folder``: each file's bytes, each link's target,
    each folder, and anything else as "special" (the bad-input tests and
    bench/fuzz_cli.py compare one before and after a command)."""
    out: dict[str, bytes | str] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = "-> " + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            elif p.is_file():
                out[rel] = p.read_bytes()
            else:
                out[rel] = "special"
    return out
