"""The slug: a line outside the trim on every sheet side that says what the
sheet is and how to print it, with a 50 mm bar to measure.

If the print dialog scaled the sheet, the bar is not 50 mm: the first sheet
shows the mistake. The slug goes in the widest free band above or below the
pages; where the pages fill the sheet there is no room, and none is drawn
(the instruction sheet and ``zinemaker calibrate`` carry the bar then).
It sits 4 to 8 mm from the sheet's edge: printers that cannot print that
close lose it, and lose nothing else.
"""

from __future__ import annotations

import io

from zinemaker.impose.plan import Plan, Rect
from zinemaker.units import MM

BAR = 50 * MM
#: The slug's strip: this far from the sheet's top or bottom edge ...
EDGE = 4 * MM
#: ... to this far; crop marks stop short of it (see marks.SLUG).
TOP = 8 * MM


def band(plan: Plan, sheet: int, side: str) -> Rect | None:
    """The strip a slug fits in on this side (bottom first), or None when
    the pages (and their bleed) reach into it."""
    w, h = plan.sheet_size
    items = plan.side(sheet, side)
    if not items:
        return None
    low = min(p.trim.y - max(p.bleed.bottom, 0) for p in items)
    high = max(p.trim.y1 + max(p.bleed.top, 0) for p in items)
    if low >= TOP + 1 * MM:
        return Rect(EDGE, EDGE, w - 2 * EDGE, TOP - EDGE)
    if h - high >= TOP + 1 * MM:
        return Rect(EDGE, h - TOP, w - 2 * EDGE, TOP - EDGE)
    return None


def slug_pdf(plan: Plan, job: str, font: str, sides: tuple[str, ...]) -> tuple[bytes, list[tuple[int, str]]]:
    """One page per sheet side that has room: (the PDF, which side each page is for)."""
    from reportlab.pdfgen import canvas as rl_canvas

    w, h = plan.sheet_size
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(w, h), invariant=1, pageCompression=1)
    keys: list[tuple[int, str]] = []
    bars = slug_forms(c, plan, font)
    for sheet in range(plan.sheet_count):
        for side in sides:
            if side == "back" and plan.sides == 1:
                continue
            if draw_slug(c, plan, sheet, side, job, font, bars):
                keys.append((sheet, side))
                c.showPage()
    if not keys:
        return b"", []
    c.save()
    return buf.getvalue(), keys


def how_to_print(plan: Plan) -> str:
    """The printer setting a plan needs, in the words a print dialog uses."""
    if plan.sides == 1:
        return "one-sided"
    return {
        "short-edge": "double-sided, flip on short edge",
        "long-edge": "double-sided, flip on long edge",
        "manual": "one side at a time (manual duplex)",
    }[plan.flip]


def slug_forms(c, plan: Plan, font: str) -> dict[Rect, str]:  # noqa: ANN001
    """Define, on a canvas with no page begun, the part of the slug that is
    the same on every side (the bar and its label) as one form per place a
    slug goes: a long job stores it once, not on every side."""
    forms: dict[Rect, str] = {}
    for sheet in range(plan.sheet_count):
        for side in ("front", "back"):
            room = band(plan, sheet, side)
            if room is not None and room not in forms:
                forms[room] = name = f"zm-slug-{len(forms)}"
                c.beginForm(name)
                _bar(c, room, font)
                c.endForm()
    return forms


def draw_slug(c, plan: Plan, sheet: int, side: str, job: str, font: str, forms: dict | None = None) -> bool:  # noqa: ANN001
    """Draw the slug for one sheet side on a reportlab canvas; False if no
    room. ``forms`` are the bars from :func:`slug_forms`, if made."""
    room = band(plan, sheet, side)
    if room is None:
        return False
    flip = how_to_print(plan)
    c.saveState()
    c.setFont(font, SIZE)
    c.setFillGray(0.2)
    c.drawString(
        room.x + 2 * MM,
        _baseline(room),
        f"{job} \u00b7 sheet {sheet + 1}/{plan.sheet_count} \u00b7 {side} \u00b7 {flip}",
    )
    if forms is not None:
        c.doForm(forms[room])
    else:
        _bar(c, room, font)
    c.restoreState()
    return True


SIZE = 6.0
LABEL = "print at 100% / actual size: this bar is 50 mm"


def _baseline(room: Rect) -> float:
    return room.y + room.h / 2 - 1.6


def _bar(c, room: Rect, font: str) -> None:  # noqa: ANN001
    """The bar: 50 mm with a tick every 10 mm, and what it is for."""
    y = _baseline(room)
    x1 = room.x1 - 2 * MM - c.stringWidth(LABEL, font, SIZE) - 3 * MM
    x0 = x1 - BAR
    c.saveState()
    c.setStrokeGray(0)
    c.setLineWidth(0.5)
    c.line(x0, y + 1.6, x1, y + 1.6)
    for k in range(6):
        c.line(x0 + k * 10 * MM, y - 0.4, x0 + k * 10 * MM, y + (4.4 if k in (0, 5) else 3.2))
    c.setFont(font, SIZE)
    c.setFillGray(0.2)
    c.drawString(x1 + 3 * MM, y, LABEL)
    c.restoreState()
