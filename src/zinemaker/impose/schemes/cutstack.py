"""Cut and stack: n pages to a side, printed both sides; cut the stack into
piles, put the piles on each other in order, and bind.

The grid is chosen from the sizes (A6 pages on A4: 2 x 2). With ``S``
sheets, the pile cut from cell ``k`` (top row first, left to right) holds
pages ``2(kS + s)`` and ``2(kS + s) + 1`` on sheet ``s``, so pile 1 on pile
2 on ... runs in order. Blanks go before the back cover.
"""

from __future__ import annotations

import math
from dataclasses import replace

from zinemaker.impose.layout import behind, bleed_behind
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Placement, Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.grid import NO_MARKS, cut_marks, layout_grid
from zinemaker.impose.schemes.saddle import reading_sequence
from zinemaker.impose.steps import Bind, Cut, Stack


def plan(pages: Pages, opts: ImposeOptions) -> Plan:
    sheet, cols, rows, slots, bleeds, scale, note = layout_grid(
        (pages.width, pages.height), opts, "pages", pages.bleed, most_cells=True
    )
    if NO_MARKS in note:  # the most pages a sheet, and crop marks that would not print left out
        opts = replace(opts, marks=opts.marks - {"crop", "cut", "bleed"})
    n = cols * rows
    sheets = max(1, math.ceil(pages.count / (2 * n)))
    seq = reading_sequence(pages.count, 2 * n * sheets)
    placements, marks = [], []
    for s in range(sheets):
        for k, (slot, bl) in enumerate(zip(slots, bleeds, strict=False)):
            first = 2 * (k * sheets + s)
            placements.append(Placement(s, "front", k, seq[first], slot, 0, bl))
            where, turn = behind(slot, sheet, opts.flip)
            placements.append(Placement(s, "back", k, seq[first + 1], where, turn, bleed_behind(bl, sheet, opts.flip)))
        for side in ("front", "back"):
            marks += cut_marks(s, side, slots, sheet, opts, pages.bleed * scale)
    return Plan(
        "cutstack",
        sheet,
        sheets,
        2,
        opts.flip,
        pages.count,
        "stacks",
        tuple(placements),
        tuple(marks),
        grid=(cols, rows),
        notes=(note,) if note else (),
    )


def steps(plan: Plan) -> list:
    cols, rows = plan.grid
    return [Cut(cols, rows, rtl=plan.spine == "right"), Stack("pile"), Bind("clip")]


SCHEME = Scheme(
    name="cutstack",
    summary="several pages a side (A6 on A4: 4); cut the stack into piles and stack them",
    plan=plan,
    sides=2,
    steps=steps,
    leaves=lambda plan: plan.grid,
    binds=("left", "right"),
)
