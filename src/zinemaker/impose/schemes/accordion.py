"""accordion: a leporello, pages on a strip of sheets folded zig-zag.

Each landscape sheet holds as many pages side by side as fit at 100%, on
both sides. The sheets are trimmed at their ends, taped end to end into one
strip, and the strip is folded back and forth at every panel like a fan.
Read it as it unfolds: the front of the strip from left to right (pages 1,
2, 3, ...), then the strip turned over, its back from left to right; the
back cover is behind page 1. Blanks go before the back cover.

Everything about the scheme is here: the plan, its record, its steps and the
two moves the fold simulator has no words for (taping the sheets into a
strip, reading the strip), so adding it touched this module, a line in the
registry (:data:`zinemaker.vocab.SCHEMES`) and its tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from zinemaker.impose.layout import behind, fit_scale, landscape
from zinemaker.impose.marks import edge_marks
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Mark, Placement, Plan, Rect
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.saddle import reading_sequence
from zinemaker.impose.steps import Say, Step, printed
from zinemaker.units import fmt_mm
from zinemaker.vocab import plural


def plan(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan the strip (see the module docstring)."""
    sheet = landscape(opts.sheet)
    w, h = sheet
    room = w - 2 * opts.margin
    cols = max(0, math.floor((room + 0.01) / pages.width))
    if cols == 0 or pages.height > h - 2 * opts.margin + 0.01:
        scale = fit_scale(pages.width, pages.height, sheet, opts.margin, opts.fit, "a page")
        cols = 1
    else:
        scale = 1.0
    pw, ph = pages.width * scale, pages.height * scale
    per_sheet = 2 * cols
    total = max(per_sheet, math.ceil(pages.count / per_sheet) * per_sheet)
    seq = reading_sequence(pages.count, total)
    panels = total // 2  # panels along the strip, each with a front and a back
    sheets = panels // cols
    x0, y0 = (w - cols * pw) / 2, (h - ph) / 2
    placements: list[Placement] = []
    marks: list[Mark] = []
    for s in range(sheets):
        for c in range(cols):
            j = s * cols + c
            rect = Rect(x0 + c * pw, y0, pw, ph)
            placements.append(Placement(s, "front", c, seq[j], rect))
            where, turn = behind(rect, sheet, opts.flip)
            placements.append(Placement(s, "back", c, seq[total - 1 - j], where, turn))
        box = Rect(x0, y0, cols * pw, ph)
        for side in ("front", "back"):
            if "crop" in opts.marks:
                marks += edge_marks(
                    "crop", s, side, box, sheet, xs=[box.x, box.x1], ys=[box.y, box.y1], length=opts.mark_length
                )  # type: ignore[arg-type]
            if "fold" in opts.marks and cols > 1:
                folds = [x0 + k * pw for k in range(1, cols)]
                if side == "back":
                    folds = [w - x for x in folds]
                marks += edge_marks("fold", s, side, box, sheet, xs=folds, length=opts.mark_length)  # type: ignore[arg-type]
    return Plan(
        "accordion",
        sheet,
        sheets,
        2,
        opts.flip,
        pages.count,
        "accordion",
        tuple(placements),
        tuple(marks),
        grid=(cols, 1),
    )


@dataclass(frozen=True)
class Join(Step):
    """Tape the sheets end to end into one strip, in order, fronts up."""

    kind = "glue"

    def words(self, plan: Plan) -> str:
        if plan.sheet_count == 1:
            return "The sheet is the whole strip."
        return (
            f"Lay the {plural(plan.sheet_count, 'sheet')} in a row in order, fronts up, sheet 1 at the left,"
            " edges touching, and tape each join on the back with a thin strip of tape: one long strip."
        )

    def apply(self, piles: list, plan: Plan) -> list:
        """The sheets side by side on the table, sheet 1 at the left."""
        w = plan.sheet_size[0]
        cells = [c for p in piles for c in p]
        return [[replace(c, t=(c.t[0] + c.sheet * w, c.t[1]), z=0.0) for c in cells]]


@dataclass(frozen=True)
class Zigzag(Step):
    """Fold the strip like a fan. The pages keep their order along it, so
    the simulator reads the strip as it lies (see :func:`read_strip`)."""

    kind = "fold"

    def words(self, plan: Plan) -> str:
        at = (
            "at every fold mark and every join"
            if printed(plan, "fold")
            else "between every two pages and at every join"
        )
        return (
            f"Fold the strip back and forth {at}, like a fan, so it closes with page 1 on top."
            " Unfold it to read: the front from left to right, then turn it over and read the back."
        )

    def apply(self, piles: list, plan: Plan) -> list:
        return piles


def read_strip(piles: list, plan: Plan) -> list:
    """The strip as it unfolds: its front left to right, then, turned over
    about its length, its back left to right."""
    from zinemaker.impose.fold import _face

    (strip,) = piles
    out = []
    for cell in sorted(strip, key=lambda c: c.centre[0]):
        out += _face(cell, True, "left")
    for cell in sorted(strip, key=lambda c: -c.centre[0]):
        out += _face(cell, False, "left")
    return out


def steps(plan: Plan) -> list:
    out: list = []
    trims = [p.trim for p in plan.side(0, "front")]
    x0, y0 = min(t.x for t in trims), min(t.y for t in trims)
    if x0 > 0.5 or y0 > 0.5:  # the pages do not reach the sheet's edges: trim them off, to join
        if printed(plan, "crop"):
            out.append(Say("Trim every sheet along the crop marks, keeping the sheets in order."))
        else:
            out.append(
                Say(
                    f"Trim every sheet to its pages: {fmt_mm(x0)} off each end and {fmt_mm(y0)} off the top"
                    " and the bottom, keeping the sheets in order."
                )
            )
    return out + [Join(), Zigzag()]


SCHEME = Scheme(
    name="accordion",
    summary="a leporello: pages side by side on a strip of sheets, folded zig-zag",
    plan=plan,
    sides=2,
    steps=steps,
    leaves=lambda plan: plan.grid,
    reading=read_strip,
)
