"""Geometric helpers shared by schemes: fitting, grids, backs, binding edge."""

from __future__ import annotations

import math
from dataclasses import replace

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose.plan import Bleed, Plan, Rect, flip_axis
from zinemaker.units import fmt_mm


def landscape(size: tuple[float, float]) -> tuple[float, float]:
    w, h = size
    return (max(w, h), min(w, h))


def portrait(size: tuple[float, float]) -> tuple[float, float]:
    w, h = size
    return (min(w, h), max(w, h))


def fit_scale(
    need_w: float,
    need_h: float,
    sheet: tuple[float, float],
    margin: float,
    fit: bool,
    what: str,
) -> float:
    """1.0 when ``need_w x need_h`` fits inside the sheet less its margin.

    Otherwise the factor that makes it fit, if the user allowed ``fit``; if
    not, an error that says which sheet would do and how to scale instead.
    """
    room_w = sheet[0] - 2 * margin
    room_h = sheet[1] - 2 * margin
    if need_w <= room_w + 0.01 and need_h <= room_h + 0.01:
        return 1.0
    scale = min(room_w / need_w, room_h / need_h)
    if fit:
        return scale
    raise ZinemakerError(
        f"{what} need {fmt_mm(need_w)} x {fmt_mm(need_h)} but the sheet"
        f" (less a {fmt_mm(margin)} margin) has {fmt_mm(room_w)} x {fmt_mm(room_h)}:"
        f" choose a larger {option('sheet')}, or add {option('fit', True)} to scale pages to {scale:.0%}",
        field="fit",
    )


def grid_fit(cell: tuple[float, float], sheet: tuple[float, float], margin: float, gap: float = 0.0) -> tuple[int, int]:
    """How many cells of ``cell`` size fit across and down, ``gap`` apart."""
    w, h = cell
    room_w, room_h = sheet[0] - 2 * margin, sheet[1] - 2 * margin
    cols = max(0, math.floor((room_w + gap + 0.01) / (w + gap)))
    rows = max(0, math.floor((room_h + gap + 0.01) / (h + gap)))
    return cols, rows


def best_sheet_orientation(
    cell: tuple[float, float], sheet: tuple[float, float], margin: float, gap: float = 0.0
) -> tuple[tuple[float, float], int, int]:
    """The sheet turned whichever way holds more cells (portrait on a tie)."""
    best = None
    for s in (portrait(sheet), landscape(sheet)):
        cols, rows = grid_fit(cell, s, margin, gap)
        if best is None or cols * rows > best[1] * best[2]:
            best = (s, cols, rows)
    assert best is not None
    return best


def grid_slots(
    cell: tuple[float, float], sheet: tuple[float, float], cols: int, rows: int, gap: float = 0.0
) -> list[Rect]:
    """Cells centred on the sheet, in reading order: top row first, left to right."""
    w, h = cell
    total_w, total_h = cols * w + (cols - 1) * gap, rows * h + (rows - 1) * gap
    x0, y0 = (sheet[0] - total_w) / 2, (sheet[1] - total_h) / 2
    return [Rect(x0 + c * (w + gap), y0 + (rows - 1 - r) * (h + gap), w, h) for r in range(rows) for c in range(cols)]


def behind(rect: Rect, sheet: tuple[float, float], flip: str) -> tuple[Rect, int]:
    """Where, on the back as the printer prints it, lies the area behind
    ``rect`` on the front, and how far to turn a page there so it reads
    upright when the leaf is turned over sideways (like a book's page)."""
    w, h = sheet
    if flip_axis(sheet, flip) == "vertical":
        return Rect(w - rect.x1, rect.y, rect.w, rect.h), 0
    return Rect(rect.x, h - rect.y1, rect.w, rect.h), 180


def bleed_behind(b: Bleed, sheet: tuple[float, float], flip: str) -> Bleed:
    """The bleed of a front slot, as it lies on the back."""
    if flip_axis(sheet, flip) == "vertical":
        return Bleed(left=b.right, bottom=b.bottom, right=b.left, top=b.top)
    return Bleed(left=b.left, bottom=b.top, right=b.right, top=b.bottom)


def outer_bleed(trim: Rect, sheet: tuple[float, float], bleed: float, **closed: bool) -> Bleed:
    """Bleed past each edge up to ``bleed``, stopped by the sheet's edge.

    Edges named in ``closed`` (left=True, ...) get none: they meet a fold or
    a neighbour's visible area.
    """
    w, h = sheet
    return Bleed(
        left=0.0 if closed.get("left") else max(0.0, min(bleed, trim.x)),
        bottom=0.0 if closed.get("bottom") else max(0.0, min(bleed, trim.y)),
        right=0.0 if closed.get("right") else max(0.0, min(bleed, w - trim.x1)),
        top=0.0 if closed.get("top") else max(0.0, min(bleed, h - trim.y1)),
    )


def grid_bleed(slots: list[Rect], sheet: tuple[float, float], bleed: float) -> list[Bleed]:
    """Bleed for cells of a grid: into the gap half way to a neighbour (so it
    never reaches a neighbour's trim), and up to ``bleed`` at the outside."""
    out = []
    for s in slots:
        room = {"left": bleed, "right": bleed, "bottom": bleed, "top": bleed}
        for o in slots:
            if o is s:
                continue
            overlap_y = min(s.y1, o.y1) - max(s.y, o.y) > 0.01
            overlap_x = min(s.x1, o.x1) - max(s.x, o.x) > 0.01
            if overlap_y and o.x >= s.x1 - 0.01:
                room["right"] = min(room["right"], (o.x - s.x1) / 2)
            if overlap_y and o.x1 <= s.x + 0.01:
                room["left"] = min(room["left"], (s.x - o.x1) / 2)
            if overlap_x and o.y >= s.y1 - 0.01:
                room["top"] = min(room["top"], (o.y - s.y1) / 2)
            if overlap_x and o.y1 <= s.y + 0.01:
                room["bottom"] = min(room["bottom"], (s.y - o.y1) / 2)
        edge = outer_bleed(s, sheet, bleed)
        out.append(
            Bleed(
                left=max(0.0, min(room["left"], edge.left)),
                bottom=max(0.0, min(room["bottom"], edge.bottom)),
                right=max(0.0, min(room["right"], edge.right)),
                top=max(0.0, min(room["top"], edge.top)),
            )
        )
    return out


# -- binding edge: plans are made for a left spine, then turned -----------------


def mirrored(plan: Plan) -> Plan:
    """The plan for a right-hand spine: every side mirrored left to right."""
    w, _ = plan.sheet_size
    placements = tuple(
        replace(
            p,
            trim=Rect(w - p.trim.x1, p.trim.y, p.trim.w, p.trim.h),
            bleed=Bleed(left=p.bleed.right, bottom=p.bleed.bottom, right=p.bleed.left, top=p.bleed.top),
        )
        for p in plan.placements
    )
    marks = tuple(replace(m, x0=w - m.x0, x1=w - m.x1) for m in plan.marks)
    return replace(plan, placements=placements, marks=marks, spine="right")


def turned_to_top(plan: Plan) -> Plan:
    """A plan made in a frame turned a quarter (spine on the left, pages
    sideways), turned back so the spine runs along the top.

    The frame's point (u, v) is the sheet's (v, H - u): the frame is the
    sheet turned 90 degrees counter-clockwise.
    """
    fw, fh = plan.sheet_size  # the turned frame: (H, W) of the real sheet
    h = fw

    def rect(r: Rect) -> Rect:
        return Rect(r.y, h - r.x1, r.h, r.w)

    placements = tuple(
        replace(
            p,
            trim=rect(p.trim),
            bleed=Bleed(left=p.bleed.bottom, bottom=p.bleed.right, right=p.bleed.top, top=p.bleed.left),
        )
        for p in plan.placements
    )
    marks = tuple(replace(m, x0=m.y0, y0=h - m.x0, x1=m.y1, y1=h - m.x1) for m in plan.marks)
    # Columns in the turned frame are rows on the sheet.
    grid = plan.grid[::-1] if plan.grid else None
    return replace(plan, sheet_size=(fh, fw), placements=placements, marks=marks, spine="top", grid=grid)
