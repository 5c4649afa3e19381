"""A two-sided test sheet that measures how a printer puts the back.

Held up to a window, the sheet answers three questions printed on it:

1. Which way does the back come? An arrow on the back lies right behind
   the arrow on the front, pointing the same way, when the printer flips
   the sheet the way the print dialog says. If the back's arrow shows
   upside down at the other end of the sheet, the printer (or its driver)
   turns the back: the printer file then says ``back_turned = true`` and
   backs are turned to match.
2. How far is the back off? At station A, the middle of the sheet, the
   back's cross is read against two scales: X (right is plus) and Y (up is
   plus).
3. Is the back turned a little, or larger or smaller? Stations B (near the
   right edge) and C (near the bottom edge) are read the same way; how far
   they differ from A gives the skew and the scale along the two edges.

:func:`solve` turns the six readings into the printer's error (offset,
skew, scale); :func:`back_error` is that error as a matrix, and the
imposition undoes it on every back (see
:func:`zinemaker.impose.schemes.with_back_correction`).

Coordinates are the front's, in points: the back as seen through the sheet
from the front.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from zinemaker.impose.ops import Matrix, apply, mul, translate
from zinemaker.impose.plan import flip_axis
from zinemaker.units import MM

#: How far each scale sits from its station's zero: the horizontal scale
#: above it, the vertical one to its right.
GAP = 5 * MM
#: The scales run from -REACH to +REACH, ticked every half millimetre.
REACH = 6 * MM
#: How far the back's cross reaches from its centre (past both scales).
ARM = GAP + REACH + 2 * MM
#: Stations B and C sit this far in from the sheet's edge.
INSET = 30 * MM


@dataclass(frozen=True)
class BackError:
    """How a printer puts the back, seen from the front through the sheet.

    ``offset`` is how far the back's middle lands right and up of where it
    should (points); ``skew`` how far the back is turned anticlockwise
    (degrees); ``scale`` how much larger it comes across and up (1.0: true
    size). ``turned``: the printer turns the back half round from what the
    print dialog's flip setting says.
    """

    offset: tuple[float, float] = (0.0, 0.0)
    skew: float = 0.0
    scale: tuple[float, float] = (1.0, 1.0)
    turned: bool = False

    @property
    def none(self) -> bool:
        return self == BackError()


def stations(sheet: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """Where the three stations' zeros are on the front: A in the middle,
    B near the right edge, C near the bottom edge (clear of the words at
    the top)."""
    w, h = sheet
    return {"A": (w / 2, h / 2), "B": (w - INSET - GAP - REACH, h / 2), "C": (w / 2, INSET)}


def points(sheet: tuple[float, float]) -> list[tuple[float, float]]:
    """The stations' zeros, A, B, C."""
    return list(stations(sheet).values())


def back_error(sheet: tuple[float, float], err: BackError) -> Matrix:
    """Where the printer puts what was meant for a point of the back, as a
    matrix on the front's coordinates: scaled and turned about the sheet's
    middle, then moved by the offset. (The half turn is not in it: see
    :func:`back_correction`.)"""
    cx, cy = sheet[0] / 2, sheet[1] / 2
    t = math.radians(err.skew)
    sx, sy = err.scale
    turn: Matrix = (math.cos(t) * sx, math.sin(t) * sx, -math.sin(t) * sy, math.cos(t) * sy, 0.0, 0.0)
    m = mul(translate(-cx, -cy), turn)
    return mul(m, translate(cx + err.offset[0], cy + err.offset[1]))


def invert(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def mirror(sheet: tuple[float, float], axis: str) -> Matrix:
    """From the back as printed to the back as seen from the front (and
    back again: a mirror is its own inverse)."""
    w, h = sheet
    return (-1.0, 0.0, 0.0, 1.0, w, 0.0) if axis == "vertical" else (1.0, 0.0, 0.0, -1.0, 0.0, h)


def back_correction(sheet: tuple[float, float], flip: str, err: BackError, spine: str = "left") -> Matrix:
    """The matrix to draw every back with, in the back's own frame, so that
    after the printer's error it lands where it should.

    Seen from the front a point q of the back lands at ``F(M(q))``, F the
    printer's error and M the mirror of the flip; drawing at
    ``M(F^-1(M(q)))`` instead cancels it. A printer that turns the back half
    round gets the back turned half round first, which it then undoes.
    """
    m = mirror(sheet, flip_axis(sheet, flip, spine))
    k = mul(mul(m, invert(back_error(sheet, err))), m)
    if err.turned:
        w, h = sheet
        k = mul(k, (-1.0, 0.0, 0.0, -1.0, w, h))
    return k


# -- reading the sheet ------------------------------------------------------------


def readings(sheet: tuple[float, float], err: BackError) -> dict[str, tuple[float, float]]:
    """What a person reads at each station for a printer with this error:
    X where the back's upright line crosses the scale above the zero, Y
    where its level line crosses the scale right of it (points)."""
    f = back_error(sheet, err)
    a, b, c, d, _, _ = f
    out = {}
    for name, (x, y) in stations(sheet).items():
        px, py = apply(f, (x, y))
        # The upright line runs along (c, d) from (px, py); the level one along (a, b).
        up = px + (y + GAP - py) * c / d
        level = py + (x + GAP - px) * b / a
        out[name] = (up - x, level - y)
    return out


def solve(sheet: tuple[float, float], read: dict[str, tuple[float, float]], turned: bool = False) -> BackError:
    """The printer's error from the six readings (points), the inverse of
    :func:`readings`: first as if each cross moved as a point, then
    corrected for how a skewed cross meets the scales a little off its
    centre, until the readings agree."""
    st = stations(sheet)
    err = _from_moves(sheet, st, read)
    for _ in range(8):
        predicted = readings(sheet, err)
        f = back_error(sheet, err)
        moves = {}
        for name, (x, y) in st.items():
            px, py = apply(f, (x, y))
            moved = (px - x, py - y)
            moves[name] = (read[name][0] - predicted[name][0] + moved[0], read[name][1] - predicted[name][1] + moved[1])
        err = _from_moves(sheet, st, moves)
    return BackError(err.offset, err.skew, err.scale, turned)


def _from_moves(sheet, st, moves) -> BackError:  # noqa: ANN001
    """The error that moves each station's zero by ``moves``: an affine map
    fixed by three points, taken apart into offset, turn and scale."""
    (ax, ay), (bx, by), (cx_, cy_) = st["A"], st["B"], st["C"]
    da, db, dc = moves["A"], moves["B"], moves["C"]
    # Columns: where the A->B and A->C steps go.
    u = (bx - ax, by - ay)
    v = (cx_ - ax, cy_ - ay)
    u2 = (u[0] + db[0] - da[0], u[1] + db[1] - da[1])
    v2 = (v[0] + dc[0] - da[0], v[1] + dc[1] - da[1])
    # Solve L [u v] = [u2 v2] for the linear part L (column vectors).
    det = u[0] * v[1] - u[1] * v[0]
    l00 = (u2[0] * v[1] - v2[0] * u[1]) / det
    l01 = (v2[0] * u[0] - u2[0] * v[0]) / det
    l10 = (u2[1] * v[1] - v2[1] * u[1]) / det
    l11 = (v2[1] * u[0] - u2[1] * v[0]) / det
    sx = math.hypot(l00, l10)
    sy = math.hypot(l01, l11)
    skew = math.degrees((math.atan2(l10, l00) + math.atan2(-l01, l11)) / 2)
    # Where the sheet's middle goes: A's move, plus L applied to the step from the middle to A.
    w, h = sheet
    ox, oy = ax - w / 2, ay - h / 2
    off = (da[0] + (l00 - 1) * -ox + l01 * -oy, da[1] + l10 * -ox + (l11 - 1) * -oy)
    return BackError(off, skew, (sx, sy))


def describe(err: BackError) -> str:
    """The error in words, for the person who measured it."""
    x, y = err.offset[0] / MM, err.offset[1] / MM
    parts = [
        f"back lands {abs(x):.2f} mm {'right' if x >= 0 else 'left'} and {abs(y):.2f} mm {'up' if y >= 0 else 'down'}",
        f"turned {abs(err.skew):.2f} degrees {'anticlockwise' if err.skew >= 0 else 'clockwise'}",
        f"scaled {err.scale[0]:.2%} across and {err.scale[1]:.2%} up",
    ]
    if err.turned:
        parts.insert(0, "the printer turns the back half round")
    return "; ".join(parts)


# -- drawing the sheet ------------------------------------------------------------


def calibration_pdf(
    sheet: tuple[float, float], flip: str, font: str, bold: str, label: str, turned: bool = False
) -> bytes:
    """The two pages: front (arrow, scales, questions), back (arrow and
    crosses). ``turned``: for a printer already known to turn the back, the
    back is turned to match, so the offset can be read."""
    from reportlab.pdfgen import canvas as rl_canvas

    w, h = sheet
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.setTitle(f"zinemaker calibration, {label}, {flip}")
    c.setViewerPreference("PrintScaling", "None")
    c.setViewerPreference("Duplex", {"short-edge": "DuplexFlipShortEdge"}.get(flip, "DuplexFlipLongEdge"))
    st = stations(sheet)
    arrow_at = (w * 0.25, h * 0.62)
    # Front.
    c.setStrokeGray(0)
    for name, (x, y) in st.items():
        _scales(c, x, y, font)
        c.setFont(bold, 16)
        c.drawRightString(x - 3 * MM, y - 9 * MM, name)
    _arrow(c, *arrow_at, "front", bold)
    c.setFont(bold, 14)
    c.drawString(20 * MM, h - 22 * MM, "Printer calibration")
    c.setFont(font, 8.5)
    lines = [
        f"Print this on {label}, double-sided, {flip.replace('-', ' ')}, at 100% / actual size.",
        "Hold it up to a window: the back's lines show through. Then answer:",
        "1. Is the back's arrow right behind this one, pointing the same way? If it is upside down",
        "    at the other end of the sheet, your printer turns the back: answer no.",
        "2. At A: X is where the back's upright line crosses the scale above the circle (right is +),",
        "    Y is where its level line crosses the scale right of the circle (up is +), in mm.",
        "3. Read X and Y the same way at B and at C: they measure skew and scale.",
        "Then run: zinemaker calibrate --save printers/NAME.toml  (it asks for these answers)",
        "and build with --printer printers/NAME.toml, or printer = \"printers/NAME.toml\" in a layout.",
    ]
    y = h - 30 * MM
    for line in lines:
        c.drawString(20 * MM, y, line)
        y -= 11
    # 50 mm bar: a first check that nothing was scaled.
    c.setLineWidth(0.6)
    c.line(20 * MM, 12 * MM, 70 * MM, 12 * MM)
    for k in range(6):
        c.line(20 * MM + k * 10 * MM, 11 * MM, 20 * MM + k * 10 * MM, 13.5 * MM)
    c.setFont(font, 7)
    c.drawString(73 * MM, 11.4 * MM, "this bar must measure 50 mm: if not, the print dialog scaled the sheet")
    c.showPage()
    # Back: what a perfect printer puts behind each station and the arrow.
    # Drawn in the front's frame, mirrored into the back's (and turned
    # half round for a printer known to turn the back).
    m = mirror(sheet, flip_axis(sheet, flip))
    if turned:
        m = mul(m, (-1.0, 0.0, 0.0, -1.0, w, h))
    c.saveState()
    c.transform(*m)
    c.setLineWidth(0.5)
    for x, y in st.values():
        c.line(x - ARM, y, x + ARM, y)
        c.line(x, y - ARM, x, y + ARM)
    _arrow(c, *arrow_at, "back", bold)
    c.restoreState()
    # Clear of every station and the arrow, in either flip.
    c.setFont(bold, 14)
    c.drawCentredString(w / 2, h * 0.75, "Printer calibration: back")
    c.setFont(font, 8.5)
    c.drawCentredString(w / 2, h * 0.75 - 7 * MM, "Read the answers from the front, with this side away from you.")
    c.showPage()
    c.save()
    return buf.getvalue()


def _scales(c, x: float, y: float, font: str) -> None:  # noqa: ANN001
    """A station: a small circle at the zero, a horizontal scale above it
    and a vertical one to its right, apart so their numbers never meet."""
    hx, hy = x, y + GAP
    vx, vy = x + GAP, y
    c.setLineWidth(0.3)
    c.circle(x, y, 0.6 * MM, stroke=1, fill=0)
    c.line(hx - REACH, hy, hx + REACH, hy)
    c.line(vx, vy - REACH, vx, vy + REACH)
    c.setFont(font, 4.2)
    steps = round(REACH / (0.5 * MM))
    for k in range(-steps, steps + 1):
        t = k * 0.5 * MM
        long = 2.4 * MM if k % 4 == 0 else 1.6 * MM if k % 2 == 0 else 0.9 * MM
        c.line(hx + t, hy, hx + t, hy + long)  # ticks up
        c.line(vx, vy + t, vx + long, vy + t)  # ticks right
        if k % 4 == 0:
            c.drawCentredString(hx + t, hy + 3.2 * MM, f"{k // 2:+d}" if k else "0")
            c.drawString(vx + 3.0 * MM, vy + t - 1.4, f"{k // 2:+d}" if k else "0")


def _arrow(c, x: float, y: float, side: str, bold: str) -> None:  # noqa: ANN001
    """A 30 mm arrow pointing up the sheet, its tip at the top, with the
    side's name beside it (the back's drawn larger, so it shows round the
    front's)."""
    s = 1.0 if side == "front" else 1.25
    shaft, head, width = 20 * MM * s, 10 * MM * s, 4 * MM * s
    c.setLineWidth(0.8)
    path = c.beginPath()
    path.moveTo(x - width / 2, y - shaft)
    path.lineTo(x + width / 2, y - shaft)
    path.lineTo(x + width / 2, y)
    path.lineTo(x + width * 1.5, y)
    path.lineTo(x, y + head)
    path.lineTo(x - width * 1.5, y)
    path.lineTo(x - width / 2, y)
    path.close()
    c.drawPath(path, stroke=1, fill=1 if side == "front" else 0)
    c.setFont(bold, 9)
    if side == "front":
        c.drawString(x + width * 1.5 + 2 * MM, y - shaft / 2, "front: up")
    else:
        c.drawRightString(x - width * 1.5 - 2 * MM, y - shaft / 2, "back: up")
