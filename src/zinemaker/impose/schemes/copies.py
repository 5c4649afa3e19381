"""Copies: several copies of one small saddle-stitched booklet on each sheet
(two A6 booklets on A4), cut apart after printing, for print runs.
"""

from __future__ import annotations

from dataclasses import replace

from zinemaker.impose.layout import behind, bleed_behind, grid_slots
from zinemaker.impose.marks import edge_marks
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Bleed, Placement, Plan, Rect, flip_axis
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.grid import NO_MARKS, choose_grid, cut_marks
from zinemaker.impose.schemes.saddle import reading_sequence
from zinemaker.impose.steps import Bind, Cut, Fold, Keep


def _fold_marks(
    sheet_no: int, side: str, spreads: list[Rect], sheet: tuple[float, float], opts: ImposeOptions, bleed: float
) -> list:
    """Fold marks at each booklet's spine, past the ends of the grid (as
    the sheet is printed, so the back's spines are where the front's are)."""
    if "fold" not in opts.marks:
        return []
    spines = sorted({round(sp.x + sp.w / 2, 3) for sp in spreads})
    if side == "back" and flip_axis(sheet, opts.flip) == "vertical":
        spines = sorted(round(sheet[0] - x, 3) for x in spines)
    ys = [sp.y for sp in spreads] + [sp.y1 for sp in spreads]
    xs = [sp.x for sp in spreads] + [sp.x1 for sp in spreads]
    box = Rect(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    return edge_marks("fold", sheet_no, side, box, sheet, xs=spines, offset=bleed, length=opts.mark_length)  # type: ignore[arg-type]


def plan(pages: Pages, opts: ImposeOptions) -> Plan:
    spread = (2 * pages.width, pages.height)
    sheet, cols, rows, gap, scale, note = choose_grid(spread, opts, "booklets", pages.bleed, most_cells=True)
    if NO_MARKS in note:  # the most pages a sheet, and crop marks that would not print left out
        opts = replace(opts, marks=opts.marks - {"crop", "cut", "bleed"})
    pw, ph = pages.width * scale, pages.height * scale
    spreads = grid_slots((2 * pw, ph), sheet, cols, rows, gap * scale)
    seq = reading_sequence(pages.count)
    q = len(seq)
    bleed = pages.bleed * scale
    placements, marks = [], []
    for i in range(q // 4):
        slot = 0
        for sp in spreads:
            left, right = Rect(sp.x, sp.y, pw, ph), Rect(sp.x + pw, sp.y, pw, ph)
            room = min(bleed, gap * scale / 2) if gap else 0.0
            lb = Bleed(left=room, bottom=room, right=0.0, top=room)
            rb = Bleed(left=0.0, bottom=room, right=room, top=room)
            placements += [
                Placement(i, "front", slot, seq[q - 2 * i - 1], left, 0, lb),
                Placement(i, "front", slot + 1, seq[2 * i], right, 0, rb),
            ]
            for k, (rect, bl, page) in enumerate(((right, rb, seq[2 * i + 1]), (left, lb, seq[q - 2 * i - 2]))):
                where, turn = behind(rect, sheet, opts.flip)
                placements.append(Placement(i, "back", slot + k, page, where, turn, bleed_behind(bl, sheet, opts.flip)))
            slot += 2
        for side in ("front", "back"):
            marks += cut_marks(i, side, spreads, sheet, opts, bleed)
            marks += _fold_marks(i, side, spreads, sheet, opts, bleed)
    return Plan(
        "copies",
        sheet,
        q // 4,
        2,
        opts.flip,
        pages.count,
        "copies",
        tuple(placements),
        tuple(marks),
        grid=(cols, rows),
        notes=(note,) if note else (),
    )


def steps(plan: Plan) -> list:
    cols, rows = plan.grid
    return [
        Keep(outside=True),
        Cut(cols, rows, into="copies"),
        Fold(each="each copy", outside="page 1", note="its sheets together, in order", after_cut=True),
        Bind("staple-each"),
    ]


def _leaves(plan: Plan) -> tuple[int, int]:
    cols, rows = plan.grid
    return (cols, 2 * rows) if plan.spine == "top" else (2 * cols, rows)


SCHEME = Scheme(
    name="copies",
    summary="several copies of one small saddle booklet on each sheet, cut apart",
    plan=plan,
    sides=2,
    steps=steps,
    leaves=_leaves,
    reading="alike",
    binds=("left", "right", "top"),
)
