"""Card sheets: ``cards`` (duplex, each back behind its own front).
``gutterfold`` (its own module) prints them one-sided, backs mirrored across
a fold line, for printers without duplex.

Input pages come as front, back, front, back (``backs="alternate"``), or
all fronts then one back for every card (``"single"``), or all fronts then
one back per card (``"each"``). The grid holds as many cards as fit inside
the printer's margin; cards get their own bleed when that costs no card,
and share cuts otherwise. A partial last sheet keeps every back behind its
own front, because backs are placed by mirroring the front's position about
the sheet, not by counting.
"""

from __future__ import annotations

import math

from zinemaker.errors import ZinemakerError
from zinemaker.impose.layout import behind, bleed_behind
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Placement, Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.grid import cut_marks, layout_grid
from zinemaker.impose.steps import Say, printed


def card_pages(pages: Pages, backs: str) -> list[tuple[int, int | None]]:
    """(front page, back page) for each card, 0-based."""
    n = pages.count
    if backs == "alternate":
        return [(2 * i, 2 * i + 1 if 2 * i + 1 < n else None) for i in range(math.ceil(n / 2))]
    if backs == "single":
        if n < 2:
            raise ZinemakerError("a card deck with one back needs at least one front and the back")
        return [(i, n - 1) for i in range(n - 1)]
    if backs == "each":
        if n % 2:
            raise ZinemakerError(f"{n} pages can't be fronts and one back each: the count must be even")
        return [(i, n // 2 + i) for i in range(n // 2)]
    raise ValueError(backs)


def cards(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan duplex card sheets (see the module docstring)."""
    deck = card_pages(pages, opts.backs)
    sheet, cols, rows, slots, bleeds, scale, note = layout_grid((pages.width, pages.height), opts, "cards", pages.bleed)
    per = len(slots)
    sheets = max(1, math.ceil(len(deck) / per))
    placements, marks = [], []
    for s in range(sheets):
        for k, (slot, bl) in enumerate(zip(slots, bleeds, strict=False)):
            i = s * per + k
            if i >= len(deck):
                break
            front, back = deck[i]
            placements.append(Placement(s, "front", k, front, slot, 0, bl))
            where, turn = behind(slot, sheet, opts.flip)
            placements.append(Placement(s, "back", k, back, where, turn, bleed_behind(bl, sheet, opts.flip)))
        for side in ("front", "back"):
            marks += cut_marks(s, side, slots, sheet, opts, pages.bleed * scale)
    return Plan(
        "cards",
        sheet,
        sheets,
        2,
        opts.flip,
        len(deck),
        "cards",
        tuple(placements),
        tuple(marks),
        grid=(cols, rows),
        cards=tuple(deck),
        notes=(note,) if note else (),
    )


def cut_step(plan: Plan) -> Say:
    if printed(plan, "crop"):
        return Say("Cut along the crop marks, through the whole stack if your cutter allows.")
    return Say(
        "Cut the cards apart along their edges (nothing is printed to cut by), through the whole stack if you can."
    )


def steps(plan: Plan) -> list:
    return [cut_step(plan), Say("Each card's back is printed behind its own front.")]


SCHEME = Scheme(
    name="cards",
    summary="card sheets printed on both sides, each back behind its front",
    plan=cards,
    sides=2,
    steps=steps,
    reading="cards",
    cards=True,
    machine_cut=True,
)
