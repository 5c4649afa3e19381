"""Crop, fold and cut marks: short lines outside the trim, never inside it."""

from __future__ import annotations

from zinemaker.impose.plan import Mark, Rect, Side
from zinemaker.units import MM

#: Marks start this far outside the trim (plus any bleed), so a slightly
#: off cut never leaves a mark on the finished page.
GAP = 1 * MM
#: Below this much room, a mark is left out rather than drawn as a stub.
MIN_LENGTH = 2 * MM
#: Ticks stop this far from the sheet's top and bottom edges, where the
#: slug goes (and where many printers cannot print anyway).
SLUG = 8 * MM


def edge_marks(
    kind: str,
    sheet: int,
    side: Side,
    box: Rect,
    sheet_size: tuple[float, float],
    xs: list[float] = (),  # type: ignore[assignment]
    ys: list[float] = (),  # type: ignore[assignment]
    offset: float = 0.0,
    length: float = 5 * MM,
) -> list[Mark]:
    """Marks for vertical lines at ``xs`` and horizontal lines at ``ys``.

    Each line is marked by two ticks, one past each end of ``box`` (the
    area holding all pages), starting ``offset + GAP`` outside it and
    stopping at the sheet's edge. Ticks with too little room are left out.
    """
    w, h = sheet_size
    start = offset + GAP
    out: list[Mark] = []

    def tick(x0: float, y0: float, x1: float, y1: float) -> None:
        if max(abs(x1 - x0), abs(y1 - y0)) >= MIN_LENGTH:
            out.append(Mark(kind, sheet, side, x0, y0, x1, y1))  # type: ignore[arg-type]

    # Where a slug will go (see slug.band), ticks stop short of its strip.
    floor = SLUG if box.y - offset >= SLUG + 1 * MM else 0.0
    ceiling = h - SLUG if h - box.y1 - offset >= SLUG + 1 * MM else h
    for x in xs:
        lo_end = max(box.y - start - length, floor)
        if box.y - start > lo_end:
            tick(x, lo_end, x, box.y - start)
        hi_end = min(box.y1 + start + length, ceiling)
        if box.y1 + start < hi_end:
            tick(x, box.y1 + start, x, hi_end)
    for y in ys:
        lo_end = max(box.x - start - length, 0.0)
        if box.x - start > 0:
            tick(lo_end, y, box.x - start, y)
        hi_end = min(box.x1 + start + length, w)
        if box.x1 + start < w:
            tick(box.x1 + start, y, hi_end, y)
    return out
