"""Saddle stitch: nested sheets folded once and stapled through the fold.

Pages are padded to a multiple of four with blanks placed before the back
cover, so the back cover stays last. Sheet ``i`` of a section of ``Q`` pages
(0 = outermost) carries, 1-based, pages (Q - 2i, 2i + 1) on its front, left
to right, and behind them (2i + 2) and (Q - 2i - 1). Sheets go outermost
first, front then back. ``signature`` splits long booklets into sections of
that many sheets, gathered in order (the last may be thinner). ``creep``
moves content on inner sheets toward the spine by the accumulated caliper:
sheet ``i`` of a section moves by ``i * creep``; the sheet never grows.

``perfect`` (its own module) is the same sheets folded one section at a
time and stacked, not nested, for glue or thread.
"""

from __future__ import annotations

import math
from dataclasses import replace

from zinemaker.impose.layout import behind, bleed_behind, fit_scale, landscape, outer_bleed
from zinemaker.impose.marks import edge_marks
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Bleed, Mark, Placement, Plan, Rect
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.steps import Bind, Fold, Keep, Sections, Stack, Trim
from zinemaker.units import MM


def reading_sequence(count: int, multiple: int = 4, booklet: int = 0) -> list[int | None]:
    """Source pages in reading order, padded to a multiple of ``multiple``.

    The one rule for padding, for every scheme: blanks go before the back
    cover, so the last page stays last, unless that would leave a
    booklet's front cover blank (``booklet`` is the pages of each booklet
    when a job makes several, as mini zines do): then they go at the end.
    """
    padded = max(multiple, math.ceil(count / multiple) * multiple)
    blanks = [None] * (padded - count)
    lone = booklet and count - 1 <= padded - booklet
    if count <= 1 or lone or not blanks:
        return list(range(count)) + blanks
    return list(range(count - 1)) + blanks + [count - 1]


def sections(padded: int, sheets_per_signature: int) -> list[tuple[int, int]]:
    """(first page, page count) of each signature, in gathering order."""
    per = 4 * sheets_per_signature if sheets_per_signature > 0 else padded
    return [(start, min(per, padded - start)) for start in range(0, padded, per)]


def plan(pages: Pages, opts: ImposeOptions, scheme: str = "saddle") -> Plan:
    """Plan a saddle-stitched booklet (see the module docstring)."""
    sheet = landscape(opts.sheet)
    w, h = sheet
    scale = fit_scale(2 * pages.width, pages.height, sheet, opts.margin, opts.fit, "two pages side by side")
    pw, ph = pages.width * scale, pages.height * scale
    x0, y0 = (w - 2 * pw) / 2, (h - ph) / 2
    left, right = Rect(x0, y0, pw, ph), Rect(x0 + pw, y0, pw, ph)
    bleed = pages.bleed * scale
    left_bleed = outer_bleed(left, sheet, bleed, right=True)
    right_bleed = outer_bleed(right, sheet, bleed, left=True)
    seq = reading_sequence(pages.count)
    per = opts.signature if opts.signature > 0 else (1 if scheme == "perfect" else 0)

    def slots(shift: float) -> tuple[tuple[Rect, int, Bleed], ...]:
        """The front's left and right slots and the back's two (trim, turn,
        bleed), their content moved ``shift`` toward the spine (the clip
        stays at the spine)."""
        lb = replace(left_bleed, right=-shift, left=left_bleed.left + shift)
        rb = replace(right_bleed, left=-shift, right=right_bleed.right + shift)
        lt, rt = left.moved(shift), right.moved(-shift)
        backs = [(*behind(trim, sheet, opts.flip), bleed_behind(bl, sheet, opts.flip)) for trim, bl in ((rt, rb), (lt, lb))]
        return ((lt, 0, lb), (rt, 0, rb), *backs)

    by_shift: dict[float, tuple] = {}  # without creep every sheet's slots are alike: worked out once
    box = Rect(x0, y0, 2 * pw, ph)
    placements: list[Placement] = []
    marks: list[Mark] = []
    groups: list[tuple[int, ...]] = []
    sheet_no = 0
    for g, (start, q) in enumerate(sections(len(seq), per)):
        sub = seq[start : start + q]
        group = []
        for i in range(q // 4):
            shift = _creep(opts, i, scheme)
            if shift not in by_shift:
                by_shift[shift] = slots(shift)
            fl, fr, b0, b1 = by_shift[shift]
            placements += [
                Placement(sheet_no, "front", 0, sub[q - 2 * i - 1], *fl),
                Placement(sheet_no, "front", 1, sub[2 * i], *fr),
                Placement(sheet_no, "back", 0, sub[2 * i + 1], *b0),
                Placement(sheet_no, "back", 1, sub[q - 2 * i - 2], *b1),
            ]
            for side in ("front", "back"):
                marks += _marks(opts, sheet_no, side, box, sheet, bleed)
            if "collation" in opts.marks and i == 0:
                marks += _collation(sheet_no, g, box, sheet)
            group.append(sheet_no)
            sheet_no += 1
        groups.append(tuple(group))

    return Plan(
        scheme=scheme,
        sheet_size=sheet,
        sheet_count=sheet_no,
        sides=2,
        flip=opts.flip,
        page_count=pages.count,
        binding="saddle",
        placements=tuple(placements),
        marks=tuple(marks),
        groups=tuple(groups),
    )


def _creep(opts: ImposeOptions, i: int, scheme: str) -> float:
    """How far sheet ``i`` of a section moves toward the spine: the
    thickness of the sheets outside it. With a cover (saddle), the outer
    sheet is the cover and its stock's caliper counts for every sheet inside."""
    if opts.cover and scheme == "saddle" and i > 0:
        return opts.cover_caliper + (i - 1) * opts.creep
    return i * opts.creep


def _marks(
    opts: ImposeOptions,
    sheet_no: int,
    side: str,
    box: Rect,
    sheet: tuple[float, float],
    bleed: float,
    folds_y: list[float] = (),  # type: ignore[assignment]
) -> list[Mark]:
    """Crop marks at the corners of ``box``; fold marks at the spine (the
    sheet's vertical middle) and at any ``folds_y`` across it."""
    out: list[Mark] = []
    if "crop" in opts.marks:
        out += edge_marks(
            "crop",
            sheet_no,
            side,
            box,
            sheet,  # type: ignore[arg-type]
            xs=[box.x, box.x1],
            ys=[box.y, box.y1],
            offset=bleed,
            length=opts.mark_length,
        )
    if "fold" in opts.marks:
        out += edge_marks(
            "fold",
            sheet_no,
            side,
            box,
            sheet,  # type: ignore[arg-type]
            xs=[sheet[0] / 2],
            ys=list(folds_y),
            offset=bleed,
            length=opts.mark_length,
        )
    return out


def _collation(sheet_no: int, group: int, box: Rect, sheet: tuple[float, float]) -> list[Mark]:
    """A short bar on the spine of each section's outer sheet, a step lower
    for each section: gathered in order, the bars make a staircase."""
    step = 6 * MM
    top = box.y1 - 8 * MM - (group * step) % max(step, box.h - 16 * MM)
    x = sheet[0] / 2
    # Three hairlines side by side read as one solid bar on the spine.
    return [Mark("collation", sheet_no, "front", x + dx, top, x + dx, top - step) for dx in (-1.2, -0.4, 0.4, 1.2)]


def steps(plan: Plan) -> list:
    """One section: nest, fold, staple. Sections: fold each, stack, sew."""
    if len(plan.groups) == 1:
        return [Keep(outside=True), Fold(each="the whole stack", outside="page 1"), Bind("staple"), Trim()]
    return [
        Sections(),
        Fold(each="each section separately", outside="its first sheet", note="its sheets nested as they lie"),
        Stack("section"),
        Bind("sew"),
        Trim(),
    ]


SCHEME = Scheme(
    name="saddle",
    summary="booklet: nested sheets folded once and stapled (default)",
    plan=plan,
    sides=2,
    steps=steps,
    leaves=lambda plan: (1, 2) if plan.spine == "top" else (2, 1),
    binds=("left", "right", "top"),
    creep=True,
    signature=True,
)
