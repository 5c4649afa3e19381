"""gutterfold: card sheets printed on one side, backs mirrored across a
fold line, for printers without duplex. Fold each sheet, glue the halves,
cut the cards out.
"""

from __future__ import annotations

import math
from dataclasses import replace

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose.layout import grid_bleed, grid_fit, grid_slots, landscape, portrait
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Bleed, Mark, Placement, Plan, Rect
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.cards import card_pages
from zinemaker.impose.schemes.grid import MIN_MARK, cut_marks, fewer_note
from zinemaker.impose.steps import Say, printed
from zinemaker.units import MM

#: Room left on each side of the fold line, so the fold never runs through a card.
GUTTER = 4 * MM
#: How far short of the fold a half's crop marks stop.
MARK_CLEAR = 0.5 * MM


def _within(marks: list[Mark], box: Rect) -> list[Mark]:
    """Marks cut to a box (each is level or upright); those left too short go."""
    out = []
    for m in marks:
        if m.y0 == m.y1:  # level
            x0, x1 = max(min(m.x0, m.x1), box.x), min(max(m.x0, m.x1), box.x1)
            if box.y <= m.y0 <= box.y1 and x1 - x0 >= 1 * MM:
                out.append(replace(m, x0=x0, x1=x1))
        else:  # upright
            y0, y1 = max(min(m.y0, m.y1), box.y), min(max(m.y0, m.y1), box.y1)
            if box.x <= m.x0 <= box.x1 and y1 - y0 >= 1 * MM:
                out.append(replace(m, y0=y0, y1=y1))
    return out


def gutterfold(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan fold-over card sheets (see the module docstring)."""
    deck = card_pages(pages, opts.backs)
    cw, ch = pages.width, pages.height
    bleed = pages.bleed

    def most(m: float):  # noqa: ANN202
        """The grid holding the most cards with ``m`` clear at the sheet's edges."""
        best = None
        # Spaced for bleed first, so a tie keeps every card's own bleed; shared cuts if they fit more.
        for gap in sorted({2 * bleed, 0.0}, reverse=True):
            for sheet in (portrait(opts.sheet), landscape(opts.sheet)):
                w, h = sheet
                for axis in ("vertical", "horizontal"):
                    # The fronts' half: left of a vertical fold, below a horizontal one.
                    half = (
                        Rect(m, m, w / 2 - GUTTER - m, h - 2 * m)
                        if axis == "vertical"
                        else Rect(m, m, w - 2 * m, h / 2 - GUTTER - m)
                    )
                    cols, rows = grid_fit((cw, ch), (half.w, half.h), 0.0, gap)
                    if best is None or cols * rows > best[2] * best[3]:
                        best = (sheet, axis, cols, rows, half, gap)
        assert best is not None
        return best

    best, notes = most(opts.margin), ()
    if "crop" in opts.marks or "cut" in opts.marks:
        # As for card sheets (grid.choose_grid): room for crop marks that print.
        marked = most(opts.margin + bleed + MIN_MARK)
        if 0 < marked[2] * marked[3] < best[2] * best[3]:
            notes = (fewer_note(marked[2] * marked[3], best[2] * best[3], "cards", opts.margin),)
            best = marked
        elif marked[2] * marked[3]:
            best = marked
    sheet, axis, cols, rows, half, gap = best
    if cols * rows == 0:
        raise ZinemakerError(
            f"a card and its back don't fit side by side on this sheet: choose a larger {option('sheet')}"
            f" or a smaller {option('margin')}",
            field="margin",
        )
    w, h = sheet
    fronts = [r.moved(half.x, half.y) for r in grid_slots((cw, ch), (half.w, half.h), cols, rows, gap)]
    bleeds = grid_bleed(fronts, sheet, bleed)
    if axis == "vertical":
        bleeds = [Bleed(b.left, b.bottom, min(b.right, GUTTER), b.top) for b in bleeds]

        def mirror(r: Rect) -> Rect:
            return Rect(w - r.x1, r.y, r.w, r.h)

        def mirror_bleed(b: Bleed) -> Bleed:
            return Bleed(left=b.right, bottom=b.bottom, right=b.left, top=b.top)

        turn = 0
        fold = Mark("fold", 0, "front", w / 2, 0, w / 2, h, light=True)
    else:
        bleeds = [Bleed(b.left, b.bottom, b.right, min(b.top, GUTTER)) for b in bleeds]

        def mirror(r: Rect) -> Rect:
            return Rect(r.x, h - r.y1, r.w, r.h)

        def mirror_bleed(b: Bleed) -> Bleed:
            return Bleed(left=b.right, bottom=b.top, right=b.left, top=b.bottom)

        turn = 180
        fold = Mark("fold", 0, "front", 0, h / 2, w, h / 2, light=True)
    per = len(fronts)
    sheets = max(1, math.ceil(len(deck) / per))
    placements, marks = [], []
    for s in range(sheets):
        for k, (slot, bl) in enumerate(zip(fronts, bleeds, strict=False)):
            i = s * per + k
            if i >= len(deck):
                break
            front, back = deck[i]
            placements.append(Placement(s, "front", k, front, slot, 0, bl))
            placements.append(Placement(s, "front", per + k, back, mirror(slot), turn, mirror_bleed(bl)))
        # Each half's ticks stop short of the fold: they must not reach the other half.
        ours = Rect(0, 0, w / 2 - MARK_CLEAR, h) if axis == "vertical" else Rect(0, 0, w, h / 2 - MARK_CLEAR)
        theirs = (
            Rect(w / 2 + MARK_CLEAR, 0, w / 2 - MARK_CLEAR, h)
            if axis == "vertical"
            else Rect(0, h / 2 + MARK_CLEAR, w, h / 2 - MARK_CLEAR)
        )
        marks += _within(cut_marks(s, "front", fronts, sheet, opts, bleed), ours)
        marks += _within(cut_marks(s, "front", [mirror(r) for r in fronts], sheet, opts, bleed), theirs)
        # The fold line is always drawn: folding there is how the backs land
        # behind their fronts, whatever marks were asked for.
        marks.append(replace(fold, sheet=s))
    return Plan(
        "gutterfold",
        sheet,
        sheets,
        1,
        opts.flip,
        len(deck),
        "gutterfold",
        tuple(placements),
        tuple(marks),
        grid=(cols, rows),
        cards=tuple(deck),
        fold_axis=axis,
        notes=notes,
    )


def steps(plan: Plan) -> list:
    cut = "cut along the crop marks" if printed(plan, "crop") else "cut the cards out along their edges"
    return [
        Say("Fold each sheet along the dashed fold line, printed side out."),
        Say(f"Glue or tape the two halves together, then {cut}."),
    ]


SCHEME = Scheme(
    name="gutterfold",
    summary="card sheets printed on one side: fold each sheet so backs meet fronts",
    plan=gutterfold,
    sides=1,
    steps=steps,
    reading="cards",
    cards=True,
)
