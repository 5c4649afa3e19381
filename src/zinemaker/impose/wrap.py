"""A perfect-bound book's cover wrap: outside back, spine, outside front, on
one sheet of cover stock, with the title on the spine when it is wide
enough.

The spine is as thick as the book: one leaf of paper for every two inside
pages, and the cover's own stock on both sides::

    spine = ceil(inside pages / 2) x paper caliper + 2 x cover caliper

Crop marks at the wrap's corners, fold marks at the spine's two edges.
"""

from __future__ import annotations

import io
import math

from zinemaker.errors import ZinemakerError
from zinemaker.impose.layout import landscape
from zinemaker.impose.marks import edge_marks
from zinemaker.impose.plan import Plan, Placement, Rect
from zinemaker.units import MM, fmt_mm

#: Below this spine width, no title: it would not be readable.
TITLE_MIN = 6 * MM


def spine_width(inside_pages: int, paper_caliper: float, cover_caliper: float) -> float:
    """How thick the bound book is, in points (see the module docstring)."""
    return math.ceil(inside_pages / 2) * paper_caliper + 2 * cover_caliper


def wrap_plan(page: tuple[float, float], spine: float, sheet: tuple[float, float], margin: float = 0.0) -> Plan:
    """The wrap on a landscape sheet, centred: source page 0 (the back
    cover) on the left, page 1 (the front cover) right of the spine."""
    w, h = landscape(sheet)
    pw, ph = page
    need = 2 * pw + spine
    if need > w - 2 * margin + 0.01 or ph > h - 2 * margin + 0.01:
        raise ZinemakerError(
            f"the cover wrap is {fmt_mm(need)} x {fmt_mm(ph)} (spine {fmt_mm(spine)}), larger than the sheet"
            f" ({fmt_mm(w)} x {fmt_mm(h)}, less a {fmt_mm(margin)} margin): set cover.paper to a larger paper,"
            ' e.g. paper = "a3" or "tabloid"',
            field="cover",
        )
    x0, y0 = (w - need) / 2, (h - ph) / 2
    back, front = Rect(x0, y0, pw, ph), Rect(x0 + pw + spine, y0, pw, ph)
    box = Rect(x0, y0, need, ph)
    marks = edge_marks("crop", 0, "front", box, (w, h), xs=[box.x, box.x1], ys=[box.y, box.y1])  # type: ignore[arg-type]
    marks += edge_marks("fold", 0, "front", box, (w, h), xs=[back.x1, front.x])  # type: ignore[arg-type]
    return Plan(
        scheme="perfect",
        sheet_size=(w, h),
        sheet_count=1,
        sides=1,
        flip="short-edge",
        page_count=2,
        binding="wrap",
        placements=(Placement(0, "front", 0, 0, back), Placement(0, "front", 1, 1, front)),
        marks=tuple(marks),
    )


def spine_box(plan: Plan) -> Rect:
    """The spine between the two covers."""
    back, front = sorted((p.trim for p in plan.placements), key=lambda r: r.x)
    return Rect(back.x1, back.y, front.x - back.x1, back.h)


def wrap_pdf(covers: list, plan: Plan, title: str, bold: str) -> bytes:  # noqa: ANN001 - pypdf pages
    """The wrap as a one-page PDF: the two cover pages placed, the marks,
    and the title down the spine (top to bottom) if it is wide enough."""
    from pypdf import PdfReader
    from reportlab.pdfgen import canvas as rl_canvas

    from zinemaker.impose.draw import SheetWriter

    spine = spine_box(plan)
    overlay = None
    if spine.w >= TITLE_MIN and title:
        buf = io.BytesIO()
        c = rl_canvas.Canvas(buf, pagesize=plan.sheet_size, invariant=1)
        size = min(spine.w * 0.55, 16.0)
        room = spine.h - 20 * MM
        while size > 5 and c.stringWidth(title, bold, size) > room:
            size -= 0.5
        c.translate(spine.x + spine.w / 2, spine.y + spine.h / 2)
        c.rotate(-90)
        c.setFont(bold, size)
        c.drawCentredString(0, -size * 0.35, title)
        c.showPage()
        c.save()
        overlay = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    sheets = SheetWriter(list(covers))
    sheets.add_side(plan, 0, "front", overlay)
    writer = sheets.finish(f"{title} (cover wrap)" if title else "cover wrap", "Simplex")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
