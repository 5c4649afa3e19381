"""What the one-sheet mini zines share: a landscape sheet of 4 x 2 panels,
the page on each, and the light guides drawn over the art. The schemes are
``mini8`` and ``mini16``, each in its own module.

Pages are scaled to fit a panel, keeping their proportions. More pages make
more sheets, each its own zine of consecutive pages.
"""

from __future__ import annotations

from zinemaker.impose.layout import landscape
from zinemaker.impose.options import ImposeOptions
from zinemaker.impose.plan import Mark, Rect
from zinemaker.impose.schemes.saddle import reading_sequence

#: (row, column) -> 1-based page on the front; row 0 is the bottom row.
MINI8 = {(0, 0): 6, (0, 1): 7, (0, 2): 8, (0, 3): 1, (1, 0): 5, (1, 1): 4, (1, 2): 3, (1, 3): 2}
MINI16_FRONT = {(0, 0): 8, (0, 1): 9, (0, 2): 16, (0, 3): 1, (1, 0): 3, (1, 1): 14, (1, 2): 11, (1, 3): 6}
#: The page printed behind each front page (the other face of its leaf).
MINI16_BEHIND = {1: 2, 3: 4, 6: 5, 8: 7, 9: 10, 11: 12, 14: 13, 16: 15}


def panels(opts: ImposeOptions) -> tuple[tuple[float, float], dict[tuple[int, int], Rect]]:
    sheet = landscape(opts.sheet)
    w, h = sheet
    m = opts.margin
    pw, ph = (w - 2 * m) / 4, (h - 2 * m) / 2
    return sheet, {(r, c): Rect(m + c * pw, m + r * ph, pw, ph) for r in range(2) for c in range(4)}


def sequence(count: int, per: int) -> list[int | None]:
    """Pages in order, each sheet a zine of ``per``: the padding rule of
    :func:`~zinemaker.impose.schemes.saddle.reading_sequence`."""
    return reading_sequence(count, per, booklet=per)


def guides(sheet_no: int, side: str, panels: dict, opts: ImposeOptions, cut: str) -> list[Mark]:
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
