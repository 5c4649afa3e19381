"""A two-sided test sheet that measures how far a printer shifts the back.

The front has, at five places, a horizontal and a vertical scale from -5 to
+5 mm. The back has a cross exactly behind each zero. Held up to a window,
the back's lines show through: where the vertical line crosses the
horizontal scale is X, where the horizontal line crosses the vertical scale
is Y. ``--back-offset X,Y`` (or ``back_offset`` in a layout or printer file)
then shifts every back by the opposite amount.
"""

from __future__ import annotations

import io

from zinemaker.impose.layout import behind
from zinemaker.impose.plan import Rect
from zinemaker.units import MM

#: How far each scale sits from its zero (the back's cross reaches 9 mm).
GAP = 5 * MM


def points(sheet: tuple[float, float]) -> list[tuple[float, float]]:
    """Where the scales' zeros are: the centre and near each corner."""
    w, h = sheet
    inset = 35 * MM
    return [(w / 2, h / 2), (inset, inset), (w - inset, inset), (inset, h - inset), (w - inset, h - inset)]


def calibration_pdf(sheet: tuple[float, float], flip: str, font: str, bold: str, label: str) -> bytes:
    """The two pages: front (scales and words), back (crosses)."""
    from reportlab.pdfgen import canvas as rl_canvas

    w, h = sheet
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.setTitle(f"zinemaker calibration, {label}, {flip}")
    # Front.
    for x, y in points(sheet):
        # The horizontal scale sits above the zero and the vertical one to
        # its right, apart, so their numbers never meet; the back's cross
        # is long enough to reach both.
        hx, hy = x, y + GAP
        vx, vy = x + GAP, y
        c.setLineWidth(0.3)
        c.setStrokeGray(0)
        c.circle(x, y, 0.6 * MM, stroke=1, fill=0)
        c.line(hx - 5 * MM, hy, hx + 5 * MM, hy)
        c.line(vx, vy - 5 * MM, vx, vy + 5 * MM)
        c.setFont(font, 4.2)
        for k in range(-10, 11):
            t = k * 0.5 * MM
            long = 2.4 * MM if k % 4 == 0 else 1.6 * MM if k % 2 == 0 else 0.9 * MM
            c.line(hx + t, hy, hx + t, hy + long)  # ticks up
            c.line(vx, vy + t, vx + long, vy + t)  # ticks right
            if k % 4 == 0:
                c.drawCentredString(hx + t, hy + 3.2 * MM, f"{k // 2:+d}" if k else "0")
                c.drawString(vx + 3.0 * MM, vy + t - 1.4, f"{k // 2:+d}" if k else "0")
    c.setFont(bold, 14)
    c.drawString(20 * MM, h - 52 * MM, "Printer calibration: front")
    c.setFont(font, 8.5)
    lines = [
        f"Printed on {label}, double-sided, {flip.replace('-', ' ')}, at 100% / actual size.",
        "Hold this sheet up to a window. At each cross, the back's lines show through.",
        "Read X where the back's upright line crosses the scale above the circle (right is +),",
        "and Y where its level line crosses the scale to the right of it (up is +). Use the centre one,",
        "or the average if they differ. Then build with --back-offset X,Y in mm, e.g.",
        "zinemaker build --back-offset 0.8mm,-0.4mm   (or back_offset in the layout).",
    ]
    y = h - 60 * MM
    for line in lines:
        c.drawString(20 * MM, y, line)
        y -= 11
    # 50 mm bar: a first check that nothing was scaled.
    c.setLineWidth(0.6)
    c.line(20 * MM, 20 * MM, 70 * MM, 20 * MM)
    for k in range(6):
        c.line(20 * MM + k * 10 * MM, 19 * MM, 20 * MM + k * 10 * MM, 21.5 * MM)
    c.drawString(73 * MM, 19.4 * MM, "this bar must measure 50 mm: if not, the print dialog scaled the sheet")
    c.showPage()
    # Back: a cross behind each zero, where a perfect printer puts it.
    for x, y in points(sheet):
        spot, _ = behind(Rect(x, y, 0, 0), sheet, flip)
        bx, by = spot.x, spot.y
        c.setLineWidth(0.5)
        c.line(bx - 9 * MM, by, bx + 9 * MM, by)
        c.line(bx, by - 9 * MM, bx, by + 9 * MM)
    c.setFont(bold, 14)
    c.drawCentredString(w / 2, h / 2 + 40 * MM, "Printer calibration: back")
    c.setFont(font, 8.5)
    c.drawCentredString(w / 2, h / 2 + 33 * MM, "Read the offset from the front, with this side facing away.")
    c.showPage()
    c.save()
    return buf.getvalue()
