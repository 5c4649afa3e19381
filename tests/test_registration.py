"""Print-and-cut card sheets: registration marks where the cut file says,
printed inside the printer's margin, and card outlines that are the trims."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pytest
from helpers import impose_bytes, numbered_pdf
from pypdf import PdfReader

from zinemaker.errors import ZinemakerError
from zinemaker.impose.options import ImposeOptions
from zinemaker.impose.registration import LENGTH, SQUARE, THICK, cut_svg
from zinemaker.units import MM, PAPER

POKER = (63.5 * MM, 88.9 * MM)
DPI = 600
NS = {"s": "http://www.w3.org/2000/svg"}


def _opts(paper: str, margin: float = 5 * MM, **kw) -> ImposeOptions:  # noqa: ANN003
    return ImposeOptions(PAPER[paper], flip="long-edge", margin=margin, marks=frozenset({"registration"}), **kw)


def _svg_rects(svg: str, group: str) -> list[tuple[float, float, float, float]]:
    """(x, y, w, h) in mm, SVG's y down, of the rects in a group."""
    root = ET.fromstring(svg)
    (g,) = [g for g in root.findall("s:g", NS) if g.get("id") == group]
    return [tuple(float(r.get(k)) for k in ("x", "y", "width", "height")) for r in g.findall("s:rect", NS)]


@pytest.mark.parametrize(("paper", "margin"), [("a4", 5 * MM), ("letter", 5 * MM), ("a4", 12 * MM)])
def test_marks_print_where_the_cut_file_says(paper, margin):
    """Rendered, every mark the SVG names is solid black inside and white
    just outside, on the front of every sheet; the backs have none."""
    plan, pdf = impose_bytes(numbered_pdf(40, POKER), "cards", _opts(paper, margin))
    svg = cut_svg(plan)
    marks = _svg_rects(svg, "registration")
    assert sorted((round(w, 2), round(h, 2)) for _, _, w, h in marks) == sorted(
        [(SQUARE / MM, SQUARE / MM), (LENGTH / MM, THICK / MM), (LENGTH / MM, THICK / MM), (THICK / MM, LENGTH / MM), (THICK / MM, LENGTH / MM)]
    )
    w_mm, h_mm = (v / MM for v in plan.sheet_size)
    # Kept inside the printer's margin (and the marks' own 10 mm inset).
    for x, y, w, h in marks:
        assert min(x, y, w_mm - x - w, h_mm - y - h) >= max(margin / MM, 10) - 1e-6
    # The square at the top left, the L's at the top right and bottom left.
    (square,) = [m for m in marks if m[2] == m[3]]
    assert square[0] < w_mm / 2 and square[1] < h_mm / 2
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in (0, 1, len(doc) - 2):  # the first sheet's two sides, the last front
            image = doc[i].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
            s = DPI / 25.4
            for x, y, w, h in marks:
                inside = image.getpixel((round((x + w / 2) * s), round((y + h / 2) * s)))
                # Just outside each edge, 0.15 mm off: white.
                outside = [
                    (x - 0.15, y + h / 2),
                    (x + w + 0.15, y + h / 2),
                    (x + w / 2, y - 0.15),
                    (x + w / 2, y + h + 0.15),
                ]
                if i % 2 == 0:
                    assert inside < 60, (i, x, y)
                    assert all(image.getpixel((round(u * s), round(v * s))) > 200 for u, v in outside), (i, x, y)
                else:
                    assert inside > 200, "no registration marks on a back"
    finally:
        doc.close()


def _clips(pdf: bytes, page: int) -> list[tuple[float, float, float, float]]:
    """Each placed card's clip (its trim, without bleed) from the sheet's content, in points."""
    content = PdfReader(__import__("io").BytesIO(pdf)).pages[page].get_contents().get_data().decode("latin-1")
    return [tuple(map(float, m)) for m in re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n", content)]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_card_outlines_are_the_trims_on_the_sheet(paper):
    """Every outline in the cut file is a card's trim as drawn on the sheet
    (its clip), to 0.05 mm, and there is one for every card on the sheet."""
    plan, pdf = impose_bytes(numbered_pdf(40, POKER), "cards", _opts(paper))
    h = plan.sheet_size[1]
    for sheet in (0, plan.sheet_count - 1):
        outlines = sorted(_svg_rects(cut_svg(plan, sheet), "cut"))
        clips = sorted((x / MM, (h - y - ch) / MM, cw / MM, ch / MM) for x, y, cw, ch in _clips(pdf, 2 * sheet))
        assert len(outlines) == len(clips) == len(plan.side(sheet, "front"))
        for a, b in zip(outlines, clips, strict=True):
            assert a == pytest.approx(b, abs=0.05)
        # And no card meets a mark: each outline is clear of them by 2 mm.
        for x, y, w, hh in outlines:
            for mx, my, mw, mh in _svg_rects(cut_svg(plan, sheet), "registration"):
                apart = max(mx - (x + w), x - (mx + mw), my - (y + hh), y - (my + mh))
                assert apart >= 2 - 1e-6


def test_bleed_stops_short_of_the_marks():
    plan, _ = impose_bytes(numbered_pdf(40, POKER, 3 * MM), "cards", _opts("a4"))
    assert len(plan.side(0, "front")) == 8, "eight poker cards on A4, bleed or not"
    svg = cut_svg(plan)
    h = plan.sheet_size[1] / MM
    for p in plan.side(0, "front"):
        b = p.bleed
        x0, y1 = (p.trim.x - b.left) / MM, h - (p.trim.y1 + b.top) / MM
        x1, y0 = (p.trim.x1 + b.right) / MM, h - (p.trim.y - b.bottom) / MM
        for mx, my, mw, mh in _svg_rects(svg, "registration"):
            assert max(mx - x1, x0 - (mx + mw), my - y0, y1 - (my + mh)) >= 2 - 1e-6


def test_registration_is_for_card_sheets():
    with pytest.raises(ZinemakerError, match="registration.* is for sheets a cutting machine cuts \\(scheme cards\\), not saddle"):
        impose_bytes(numbered_pdf(8), "saddle", _opts("a4"))


def test_impose_writes_the_cut_file(tmp_path):
    (tmp_path / "cards.pdf").write_bytes(numbered_pdf(30, POKER))
    proc = subprocess.run(
        [sys.executable, "-m", "zinemaker", "impose", "cards.pdf", "--scheme", "cards", "--sheet", "a4"]
        + ["--margin", "5mm", "--marks", "registration", "-o", "sheets.pdf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "sheets.cut.svg").is_file() and (tmp_path / "sheets.cut-last.svg").is_file()
    assert len(_svg_rects((tmp_path / "sheets.cut-last.svg").read_text(), "cut")) == 15 - 8


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
@pytest.mark.parametrize("bleed", [0.0, 3 * MM])
def test_backs_land_behind_their_fronts_with_the_marks(flip, bleed):
    """The grid moved clear of the square still has every back behind its
    own front, upright (the plan turned over by the simulator), and the
    sheets print them where the plan says."""
    from helpers import read_sheets

    from zinemaker.impose.fold import card_backs, printed_from_plan

    opts = ImposeOptions(PAPER["a4"], flip=flip, margin=5 * MM, marks=frozenset({"registration"}))
    plan, pdf = impose_bytes(numbered_pdf(30, POKER, bleed), "cards", opts)
    backs = card_backs(printed_from_plan(plan), plan)
    assert len(backs) == 15
    assert all(b.offset < 0.01 * MM and b.seen.upright for b in backs), backs
    # Printed: each card's clip on the back page is its planned trim (and bleed).
    for sheet in range(plan.sheet_count):
        clips = sorted(tuple(round(v, 2) for v in c) for c in _clips(pdf, 2 * sheet + 1))
        want = []
        for p in plan.side(sheet, "back"):
            b = p.bleed
            want.append((p.trim.x - b.left, p.trim.y - b.bottom, p.trim.w + b.left + b.right, p.trim.h + b.bottom + b.top))
        want = sorted(tuple(round(v, 2) for v in c) for c in want)
        assert len(clips) == len(want)
        for a, b in zip(clips, want, strict=True):
            assert a == pytest.approx(b, abs=0.02)
