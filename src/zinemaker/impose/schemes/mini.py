"""One-sheet zines: ``mini8`` (one side, fold and one cut) and ``mini16``
(both sides, one cut, two folds).

mini8: a landscape sheet of 4 x 2 panels printed on one side. Top row,
left to right, pages 5 4 3 2 turned 180 degrees; bottom row 6 7 8 1 upright.
Fold it in half the long way, cut the middle of the fold, push the ends
together and fold the booklet. Marks: the fold lines and the one cut (the
centre line through the two middle panels only), drawn lightly.

mini16: the same sheet printed on both sides. Bottom row 8 9 16 1 upright,
top row 3 14 11 6 turned; behind each page, the next page of its leaf. Cut
the sheet in half the long way, turn the top strip round and lay the bottom
strip on it, fold in half, fold in half again, staple at the spine and trim
the fore-edge fold open.

Pages are scaled to fit a panel, keeping their proportions. More pages make
more sheets, each its own zine of consecutive pages.
"""

from __future__ import annotations

import math

from zinemaker.impose.layout import behind, landscape
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Mark, Placement, Plan, Rect

#: (row, column) -> 1-based page on the front; row 0 is the bottom row.
MINI8 = {(0, 0): 6, (0, 1): 7, (0, 2): 8, (0, 3): 1, (1, 0): 5, (1, 1): 4, (1, 2): 3, (1, 3): 2}
MINI16_FRONT = {(0, 0): 8, (0, 1): 9, (0, 2): 16, (0, 3): 1, (1, 0): 3, (1, 1): 14, (1, 2): 11, (1, 3): 6}
#: The page printed behind each front page (the other face of its leaf).
MINI16_BEHIND = {1: 2, 3: 4, 6: 5, 8: 7, 9: 10, 11: 12, 14: 13, 16: 15}


def _panels(opts: ImposeOptions) -> tuple[tuple[float, float], dict[tuple[int, int], Rect]]:
    sheet = landscape(opts.sheet)
    w, h = sheet
    m = opts.margin
    pw, ph = (w - 2 * m) / 4, (h - 2 * m) / 2
    return sheet, {(r, c): Rect(m + c * pw, m + r * ph, pw, ph) for r in range(2) for c in range(4)}


def _sequence(count: int, per: int) -> list[int | None]:
    padded = max(per, math.ceil(count / per) * per)
    if count <= 1:
        return ([0] if count else []) + [None] * (padded - count)
    return list(range(count - 1)) + [None] * (padded - count) + [count - 1]


def mini8(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan the one-sided 8-page mini zine (see the module docstring)."""
    sheet, panels = _panels(opts)
    seq = _sequence(pages.count, 8)
    placements, marks = [], []
    for s in range(len(seq) // 8):
        for (r, c), n in MINI8.items():
            page = seq[8 * s + n - 1]
            placements.append(Placement(s, "front", r * 4 + c, page, panels[(r, c)], 180 if r else 0))
        marks += _guides(s, "front", panels, opts, cut="middle")
    return Plan("mini8", sheet, len(seq) // 8, 1, opts.flip, pages.count, "mini8", tuple(placements), tuple(marks))


def mini16(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan the two-sided 16-page mini zine (see the module docstring)."""
    sheet, panels = _panels(opts)
    seq = _sequence(pages.count, 16)
    placements, marks = [], []
    for s in range(len(seq) // 16):
        for (r, c), n in MINI16_FRONT.items():
            rect, rot = panels[(r, c)], 180 if r else 0
            placements.append(Placement(s, "front", r * 4 + c, seq[16 * s + n - 1], rect, rot))
            where, turn = behind(rect, sheet, opts.flip)
            back = seq[16 * s + MINI16_BEHIND[n] - 1]
            placements.append(Placement(s, "back", r * 4 + c, back, where, (rot + turn) % 360))
        for side in ("front", "back"):
            marks += _guides(s, side, panels, opts, cut="across")
    return Plan("mini16", sheet, len(seq) // 16, 2, opts.flip, pages.count, "mini16", tuple(placements), tuple(marks))


def _guides(sheet_no: int, side: str, panels: dict, opts: ImposeOptions, cut: str) -> list[Mark]:
    """Light fold lines between panels and the cut, on the art itself."""
    x0, y0 = panels[(0, 0)].x, panels[(0, 0)].y
    x1, y1 = panels[(1, 3)].x1, panels[(1, 3)].y1
    pw = panels[(0, 0)].w
    mid = panels[(1, 0)].y
    out: list[Mark] = []
    if "fold" in opts.marks:
        folds = [x0 + pw * k for k in (1, 2, 3)]
        out += [Mark("fold", sheet_no, side, x, y0, x, y1, light=True) for x in folds]  # type: ignore[arg-type]
        if cut == "middle":
            out += [
                Mark("fold", sheet_no, side, x0, mid, x0 + pw, mid, light=True),  # type: ignore[arg-type]
                Mark("fold", sheet_no, side, x0 + 3 * pw, mid, x1, mid, light=True),
            ]  # type: ignore[arg-type]
    if "cut" in opts.marks or "fold" in opts.marks:
        a, b = (x0 + pw, x0 + 3 * pw) if cut == "middle" else (x0, x1)
        out.append(Mark("cut", sheet_no, side, a, mid, b, mid, light=True))  # type: ignore[arg-type]
    return out
