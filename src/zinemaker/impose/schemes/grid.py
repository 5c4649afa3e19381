"""What grid-based schemes share: choosing a grid and marking its cuts."""

from __future__ import annotations

import math

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose.layout import best_sheet_orientation, grid_bleed, grid_slots
from zinemaker.impose.marks import GAP, edge_marks
from zinemaker.impose.options import ImposeOptions
from zinemaker.impose.plan import Bleed, Mark, Rect
from zinemaker.units import MM, fmt_mm

#: What a grid's note says when it holds the most cells and leaves out the
#: crop marks that would not print (see ``most_cells``); the scheme then
#: draws none.
NO_MARKS = "with no crop marks"

#: The least of a crop mark that must print, beyond the bleed, to cut by.
MIN_MARK = 1.5 * MM


def choose_grid(
    cell: tuple[float, float], opts: ImposeOptions, what: str, bleed: float = 0.0, most_cells: bool = False
) -> tuple[tuple[float, float], int, int, float, float, str]:
    """The sheet orientation, columns, rows, gap between cells, scale, and a
    note for the person printing ("" if none).

    Cells keep their size if at least one fits inside the margin (scaled
    down only with ``fit``). With bleed, cells are spaced to give each its
    own bleed if that fits as many; otherwise they share cuts. With crop
    marks, the grid leaves room for them to print: outside the bleed and
    inside the printer's margin, at least :data:`MIN_MARK` of each (see
    :func:`cut_marks`). If that
    costs a cell a sheet, the note says so. With ``most_cells`` (pages of a
    zine, where a sheet saved matters more than a mark) the grid holds the
    most cells instead, and the crop marks that would not print are left
    out (:func:`cut_marks`), which the note says.
    """
    if opts.grid:
        cols, rows = opts.grid
        best = None
        for sheet in (opts.sheet, opts.sheet[::-1]):
            room_w, room_h = sheet[0] - 2 * opts.margin, sheet[1] - 2 * opts.margin
            scale = min(room_w / (cols * cell[0]), room_h / (rows * cell[1]), 1.0 if not opts.fit else 99)
            if best is None or scale > best[4]:
                best = (sheet, cols, rows, 0.0, scale, "")
        assert best is not None
        if best[4] < 1 - 1e-6 and not opts.fit:
            raise ZinemakerError(
                f"{cols} x {rows} {what} need a larger sheet: add {option('fit', True)} to scale them to {best[4]:.0%}",
                field="fit",
            )
        return best
    most = _unscaled(cell, opts, bleed, opts.margin)
    if most is not None and ("crop" in opts.marks or "cut" in opts.marks):
        marked = _unscaled(cell, opts, bleed, opts.margin + bleed + MIN_MARK)
        if marked is None:
            note = f"no room on the sheet for crop marks the printer can print: cut the {what} by their edges"
            return (*most, 1.0, note)
        if marked[1] * marked[2] < most[1] * most[2]:
            n, m = marked[1] * marked[2], most[1] * most[2]
            if most_cells:
                where = "where the printer can't print" if opts.margin else "off the sheet"
                note = f"{m} {what} a sheet, {NO_MARKS}: they would fall {where}, so the steps say where to cut"
                return (*most, 1.0, note)
            room = math.floor(max(0.0, _edge(cell, most) - bleed - MIN_MARK) / (0.1 * MM)) * 0.1 * MM
            note = fewer_note(n, m, what, opts.margin, room)
            return (*marked, 1.0, note)
        return (*marked, 1.0, "")  # as many, and the marks print: the better of the two
    if most is not None:
        return (*most, 1.0, "")
    # Not even one fits.
    sheet = max((opts.sheet, opts.sheet[::-1]), key=lambda s: min(s[0] / cell[0], s[1] / cell[1]))
    scale = min((sheet[0] - 2 * opts.margin) / cell[0], (sheet[1] - 2 * opts.margin) / cell[1])
    if not opts.fit:
        raise ZinemakerError(
            f"one of the {what} ({fmt_mm(cell[0])} x {fmt_mm(cell[1])}) does not fit on the sheet"
            f" inside a {fmt_mm(opts.margin)} margin: choose a larger {option('sheet')}, or add"
            f" {option('fit', True)} to scale to {scale:.0%}",
            field="fit",
        )
    return sheet, 1, 1, 0.0, scale, ""


def fewer_note(n: int, m: int, what: str, margin: float, room: float = 0.0) -> str:
    """What to say when a grid holds ``n`` cells, not ``m``, so that its crop
    marks print; ``room``, if known, is the margin at which ``m`` would."""
    where = f"within {fmt_mm(margin)} of the edge, where the printer can't print" if margin else "off the sheet"
    advice = f"; if your printer prints within {fmt_mm(room)} of the edge, set margin to that"
    return f"{n} {what} a sheet, not {m}: with {m}, the crop marks would fall {where}" + (
        advice if margin and room > 0 else ""
    )


def _unscaled(
    cell: tuple[float, float], opts: ImposeOptions, bleed: float, margin: float
) -> tuple[tuple[float, float], int, int, float] | None:
    """The most cells at full size inside ``margin``: sheet, columns, rows
    and the gap (their own bleed if that fits as many, else shared cuts)."""
    shared = best_sheet_orientation(cell, opts.sheet, margin, 0.0)
    spaced = best_sheet_orientation(cell, opts.sheet, margin, 2 * bleed) if bleed else shared
    if spaced[1] * spaced[2] >= shared[1] * shared[2] and spaced[1] * spaced[2] > 0:
        return spaced[0], spaced[1], spaced[2], 2 * bleed
    if shared[1] * shared[2] > 0:
        return shared[0], shared[1], shared[2], 0.0
    return None


def _edge(cell: tuple[float, float], grid: tuple[tuple[float, float], int, int, float]) -> float:
    """How far the nearest cell of a centred grid lies from the sheet's edge."""
    (w, h), cols, rows, gap = grid
    return min((w - cols * cell[0] - (cols - 1) * gap) / 2, (h - rows * cell[1] - (rows - 1) * gap) / 2)


def layout_grid(
    cell: tuple[float, float], opts: ImposeOptions, what: str, bleed: float = 0.0, most_cells: bool = False
) -> tuple[tuple[float, float], int, int, list[Rect], list[Bleed], float, str]:
    """Sheet, columns, rows, the cells (top row first), their bleed, the
    scale and a note (see :func:`choose_grid`)."""
    sheet, cols, rows, gap, scale, note = choose_grid(cell, opts, what, bleed, most_cells)
    size = (cell[0] * scale, cell[1] * scale)
    if gap == 0 and bleed > 0 and scale == 1 and not opts.grid and opts.gutters:
        # Cells share cuts across, but the sheet may have room for gutters
        # one way or both: each cell then keeps (some of) its own bleed there,
        # and a cut a millimetre off still leaves a clean edge.
        outer = opts.margin + (bleed + MIN_MARK if "crop" in opts.marks or "cut" in opts.marks else 0.0)
        gx = gutter(sheet[0] - 2 * outer, cell[0], cols, bleed)
        # Gutters down the sheet never take the strip the slug (how to print
        # it, the 50 mm bar) would have had.
        from zinemaker.impose.slug import TOP

        slug = TOP + 1 * MM + bleed
        butted = (sheet[1] - rows * cell[1]) / 2
        outer_y = max(outer, slug) if butted >= slug else outer
        gy = gutter(sheet[1] - 2 * outer_y, cell[1], rows, bleed)
        if (gx or gy) and ("crop" in opts.marks or "cut" in opts.marks):
            gx, gy = _keeping_marks(size, sheet, cols, rows, gx, gy, opts, bleed)
        slots = _slots(size, sheet, cols, rows, gx, gy)
    elif gap > 0 and scale == 1 and not opts.grid and ("crop" in opts.marks or "cut" in opts.marks):
        # Cells spaced by their own bleed: narrower, or butted, where the
        # spacing would cost a cut line its marks.
        gx, gy = _keeping_marks(size, sheet, cols, rows, gap, gap, opts, bleed)
        slots = grid_slots(size, sheet, cols, rows, gap) if gx == gy == gap else _slots(size, sheet, cols, rows, gx, gy)
    else:
        slots = grid_slots(size, sheet, cols, rows, gap * scale)
    return sheet, cols, rows, slots, grid_bleed(slots, sheet, bleed * scale), scale, note


#: The narrowest gutter worth leaving: 1 mm of bleed each side of it.
MIN_GUTTER = 2 * MM


def gutter(room: float, size: float, count: int, bleed: float) -> float:
    """The gap between ``count`` cells of ``size`` in ``room``: up to two
    bleeds (each cell's own), else what there is, if at least
    :data:`MIN_GUTTER`; none for one cell or too little room."""
    if count < 2:
        return 0.0
    spare = (room - count * size) / (count - 1)
    # To 0.1 mm, and the same whether sizes come exact or rounded from a PDF.
    g = math.floor(min(2 * bleed, spare) / (0.1 * MM) + 1e-3) * 0.1 * MM
    return g if g >= MIN_GUTTER - 1e-6 else 0.0


def _ticks(slots: list[Rect], sheet: tuple[float, float], opts: ImposeOptions, bleed: float) -> tuple[int, int]:
    """The fewest crop-mark ticks any one cut line gets: (down the sheet,
    at the top and bottom; across, at the sides)."""
    marks = cut_marks(0, "front", slots, sheet, opts, bleed)
    xs = {round(v, 3) for s in slots for v in (s.x, s.x1)}
    ys = {round(v, 3) for s in slots for v in (s.y, s.y1)}
    down = min(sum(1 for m in marks if m.x0 == m.x1 and round(m.x0, 3) == x) for x in xs)
    across = min(sum(1 for m in marks if m.y0 == m.y1 and round(m.y0, 3) == y) for y in ys)
    return down, across


def _keeping_marks(
    cell: tuple[float, float], sheet: tuple[float, float], cols: int, rows: int, gx: float, gy: float,
    opts: ImposeOptions, bleed: float,
) -> tuple[float, float]:
    """Gutters narrowed (or dropped, under :data:`MIN_GUTTER`) until every
    cut line keeps the crop marks it has on the butted grid: gutters down
    an A4 sheet pushed the cards into the strip the column marks need
    beside the slug, and those marks were left out, so the columns could
    not be cut."""
    want = _ticks(_slots(cell, sheet, cols, rows, 0.0, 0.0), sheet, opts, bleed)

    def narrower(g: float) -> float:  # 0.1 mm less, on the 0.1 mm steps gutter() takes
        tenths = round(g / (0.1 * MM)) - 1
        return tenths * 0.1 * MM if tenths * 0.1 * MM >= MIN_GUTTER - 1e-6 else 0.0

    while gx or gy:
        down, across = _ticks(_slots(cell, sheet, cols, rows, gx, gy), sheet, opts, bleed)
        if down >= want[0] and across >= want[1]:
            break
        if (down < want[0] and gy) or not gx:
            gy = narrower(gy)  # the gutters down the sheet take the room of the marks at its top and bottom
        else:
            gx = narrower(gx)
    return gx, gy


def _slots(
    cell: tuple[float, float], sheet: tuple[float, float], cols: int, rows: int, gx: float, gy: float
) -> list[Rect]:
    """Cells centred on the sheet, ``gx`` apart across and ``gy`` down, top row first."""
    w, h = cell
    total_w, total_h = cols * w + (cols - 1) * gx, rows * h + (rows - 1) * gy
    x0, y0 = (sheet[0] - total_w) / 2, (sheet[1] - total_h) / 2
    return [Rect(x0 + c * (w + gx), y0 + (rows - 1 - r) * (h + gy), w, h) for r in range(rows) for c in range(cols)]


def cut_marks(
    sheet_no: int, side: str, slots: list[Rect], sheet: tuple[float, float], opts: ImposeOptions, bleed: float
) -> list[Mark]:
    """Crop marks at every cut line of a grid, outside the whole grid."""
    if "crop" not in opts.marks and "cut" not in opts.marks:
        return []
    xs = sorted({round(v, 3) for s in slots for v in (s.x, s.x1)})
    ys = sorted({round(v, 3) for s in slots for v in (s.y, s.y1)})
    box = Rect(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0])
    # Ticks begin a little past the bleed (GAP), or closer where that would
    # leave less than MIN_MARK of them inside the printer's margin.
    room = min(box.x, box.y, sheet[0] - box.x1, sheet[1] - box.y1) - bleed - opts.margin - MIN_MARK
    # Without bleed a tick must still stop short of the card.
    gap = min(GAP, max(0.0 if bleed else 0.5 * MM, room))
    out = edge_marks(
        "crop", sheet_no, side, box, sheet, xs=xs, ys=ys, offset=bleed + gap - GAP, length=opts.mark_length
    )  # type: ignore[arg-type]
    if "bleed" in opts.marks and bleed > 0:
        bx = [box.x - bleed, box.x1 + bleed]
        by = [box.y - bleed, box.y1 + bleed]
        grown = Rect(box.x - bleed, box.y - bleed, box.w + 2 * bleed, box.h + 2 * bleed)
        out += edge_marks("bleed", sheet_no, side, grown, sheet, xs=bx, ys=by, offset=0.0, length=opts.mark_length / 2)  # type: ignore[arg-type]
    return out
