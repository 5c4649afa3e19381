"""Plain n-up: pages in reading order, row by row, front then back
(handouts, flyers). The grid comes from the sizes, or ``grid`` forces one
(pages then scale to fit)."""

from __future__ import annotations

import math

from zinemaker.impose.layout import behind, bleed_behind
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Placement, Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.grid import cut_marks, layout_grid
from zinemaker.impose.steps import Say, printed


def plan(pages: Pages, opts: ImposeOptions) -> Plan:
    sheet, cols, rows, slots, bleeds, scale, note = layout_grid((pages.width, pages.height), opts, "pages", pages.bleed)
    n = cols * rows
    sheets = max(1, math.ceil(pages.count / (2 * n)))
    placements, marks = [], []
    for s in range(sheets):
        base = 2 * n * s
        for k, (slot, bl) in enumerate(zip(slots, bleeds, strict=False)):
            page = base + k
            placements.append(Placement(s, "front", k, page if page < pages.count else None, slot, 0, bl))
        for k in range(n):
            # Turned over like a page, the back's cell k lies behind the
            # front cell in the same row, mirrored column.
            r, c = divmod(k, cols)
            mirror = r * cols + (cols - 1 - c)
            where, turn = behind(slots[mirror], sheet, opts.flip)
            page = base + n + k
            bl = bleed_behind(bleeds[mirror], sheet, opts.flip)
            placements.append(Placement(s, "back", k, page if page < pages.count else None, where, turn, bl))
        for side in ("front", "back"):
            marks += cut_marks(s, side, slots, sheet, opts, pages.bleed * scale)
    return Plan(
        "nup",
        sheet,
        sheets,
        2,
        opts.flip,
        pages.count,
        "handout",
        tuple(placements),
        tuple(marks),
        grid=(cols, rows),
        notes=(note,) if note else (),
    )


def steps(plan: Plan) -> list:
    if printed(plan, "crop"):
        return [Say("Cut along the crop marks if you want the pages apart.")]
    return [Say("The pages read in order, row by row, front then back.")]


SCHEME = Scheme(
    name="nup",
    summary="pages in reading order, row by row (handouts, flyers); --grid forces a grid",
    plan=plan,
    sides=2,
    steps=steps,
    reading="rows",
    grid=True,
)
