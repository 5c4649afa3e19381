"""Content-stream operators for a plan: where each placement goes, and the
marks on a sheet side.

Both sheet writers use these, so a page placed by either lands on the same
spot: :mod:`zinemaker.impose.draw` (pages of a PDF, placed as forms) and
:mod:`zinemaker.impose.drawn` (pages drawn in this run, straight onto the
sheet). Nothing here touches a PDF library.
"""

from __future__ import annotations

from dataclasses import dataclass

from zinemaker.impose.plan import Placement, Plan

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``, in PDF's row-vector convention."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def rotate(degrees: int) -> Matrix:
    """A counter-clockwise turn by a multiple of 90 degrees, exact."""
    cos, sin = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[degrees % 360]
    return (float(cos), float(sin), float(-sin), float(cos), 0.0, 0.0)


def translate(x: float, y: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, x, y)


def scale(s: float) -> Matrix:
    return (s, 0.0, 0.0, s, 0.0, 0.0)


def apply(m: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    """Where ``m`` takes a point."""
    a, b, c, d, e, f = m
    x, y = point
    return (a * x + c * y + e, b * x + d * y + f)


@dataclass(frozen=True)
class SourcePage:
    """What drawing needs to know of a source page: its trim and its turn."""

    trim: tuple[float, float, float, float]  # x0, y0, x1, y1 in its user space
    rotate: int  # the page's /Rotate, clockwise

    @property
    def size(self) -> tuple[float, float]:
        """Width and height as displayed (after /Rotate)."""
        x0, y0, x1, y1 = self.trim
        w, h = x1 - x0, y1 - y0
        return (h, w) if self.rotate % 180 else (w, h)


def placement_matrix(src: SourcePage, p: Placement, page: tuple[float, float] | None = None, fit: bool = True) -> Matrix:
    """Map the source page's trim box onto the centre of the placement's
    trim, turned upright (its /Rotate undone) and then by the placement.

    Pages keep their size: ``page`` is the size the plan was made for (page
    1's), and every page is scaled as that one is, 100% unless the plan
    scales to fit; a page of another size is placed at that scale, centred,
    and only with ``fit`` scaled further down to fit its slot. Without
    ``page`` (a plan made by hand), each page is fitted to its slot.
    """
    x0, y0, x1, y1 = src.trim
    vw, vh = src.size
    if p.rotation % 180:
        vw, vh = vh, vw
    s = min(p.trim.w / vw, p.trim.h / vh)
    if page is not None:
        pw, ph = page[::-1] if p.rotation % 180 else page
        base = min(p.trim.w / pw, p.trim.h / ph)
        s = min(base, s) if fit else base
    if abs(s - 1) < 1e-6:
        s = 1.0
    cx, cy = p.trim.centre
    m = translate(-(x0 + x1) / 2, -(y0 + y1) / 2)
    m = mul(m, rotate(-src.rotate))
    m = mul(m, scale(s))
    m = mul(m, rotate(p.rotation))
    return mul(m, translate(cx, cy))


def num(v: float) -> str:
    r = round(v, 4)
    if r == int(r):
        return str(int(r))
    return f"{r:.4f}".rstrip("0")


def matrix_ops(m: Matrix) -> str:
    """A ``cm`` operator for a matrix, to a millionth: a back's correction
    turns by a fraction of a degree, and four places would lose it."""
    parts = []
    for v in m:
        r = round(v, 6)
        parts.append(str(int(r)) if r == int(r) else f"{r:.6f}".rstrip("0"))
    return f"{' '.join(parts)} cm"


def placement_ops(src: SourcePage, p: Placement, plan: Plan | None = None) -> str:
    """Clip to the placement's trim and bleed, then map the source there:
    what goes between ``q`` and the source's drawing."""
    b = p.bleed
    cx0, cy0 = p.trim.x - b.left, p.trim.y - b.bottom
    cw, ch = p.trim.w + b.left + b.right, p.trim.h + b.bottom + b.top
    m = placement_matrix(src, p, plan.page_size if plan else None, plan.fit if plan else True)
    return f"{num(cx0)} {num(cy0)} {num(cw)} {num(ch)} re W n {' '.join(num(v) for v in m)} cm"


#: How marks are drawn: crop marks and other ticks outside the trim solid
#: black; guides across the art thin grey, folds dashed and cuts solid.
MARK_STYLES = (
    (lambda m: not m.light and not m.width, "0 G 0.3 w [] 0 d"),
    (lambda m: m.light and m.kind != "cut", "0.55 G 0.3 w [3 2] 0 d"),
    (lambda m: m.light and m.kind == "cut", "0.35 G 0.4 w [] 0 d"),
)


def mark_ops(plan: Plan, sheet: int, side) -> list[str]:  # noqa: ANN001
    """The side's marks, each style in its own ``q ... Q``."""
    marks = plan.side_marks(sheet, side)
    ops: list[str] = []
    for wanted, style in MARK_STYLES:
        chosen = [mk for mk in marks if wanted(mk)]
        if chosen:
            ops.append(f"q {style} 0 J")
            ops += [f"{num(mk.x0)} {num(mk.y0)} m {num(mk.x1)} {num(mk.y1)} l" for mk in chosen]
            ops.append("S Q")
    # Registration marks: solid black strokes of their own width, butt ends.
    for mk in marks:
        if mk.width and not mk.light:
            ops.append(f"q 0 G {num(mk.width)} w [] 0 d 0 J {num(mk.x0)} {num(mk.y0)} m {num(mk.x1)} {num(mk.y1)} l S Q")
    return ops


def back_shift(plan: Plan, side) -> Matrix | None:  # noqa: ANN001
    """The matrix that undoes the printer's measured back error (offset,
    skew, scale, a half turn) on this side; None on fronts and for a true
    printer."""
    shift = plan.back_shift if side == "back" else None
    return tuple(shift) if shift else None


def roles(plan: Plan) -> dict[str, tuple[str, ...]]:
    """The files a plan prints as, by role, and the sides each holds: one
    file ("sheets"), or for a manual duplex a file of fronts and a file of
    backs."""
    if plan.flip == "manual" and plan.sides == 2:
        return {"fronts": ("front",), "backs": ("back",)}
    return {"sheets": ("front", "back")[: plan.sides]}


def contents(plan: Plan, instructions: bool) -> dict[str, tuple[tuple[int, str] | str, ...]]:
    """What each page of each file is, by role: ``(sheet, side)``, or
    "instructions", or "blank" (the instruction sheet's back).

    The instruction sheet comes first, in every file of a job: with a blank
    back when the job is printed on both sides, so fronts stay fronts; in
    a manual duplex the backs file has that blank too, so both files have
    as many pages and every back lands on its own sheet.
    """
    out: dict[str, tuple] = {}
    for role, sides in roles(plan).items():
        pages: list = []
        if instructions:
            if role == "backs":
                pages.append("blank")
            else:
                pages.append("instructions")
                if plan.sides == 2 and role == "sheets":
                    pages.append("blank")
        pages += [(sheet, side) for sheet in range(plan.sheet_count) for side in sides]
        out[role] = tuple(pages)
    return out


def duplex(plan: Plan, role: str) -> str:
    """The /Duplex viewer preference (without its slash) for one file of a plan."""
    if plan.sides == 2 and role == "sheets":
        return {"short-edge": "DuplexFlipShortEdge", "long-edge": "DuplexFlipLongEdge"}.get(plan.flip, "Simplex")
    return "Simplex"
