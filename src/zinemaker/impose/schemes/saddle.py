"""Saddle stitch: nested sheets folded once and stapled through the fold.

Pages are padded to a multiple of four with blanks placed before the back
cover, so the back cover stays last. Sheet ``i`` of a section of ``Q`` pages
(0 = outermost) carries, 1-based, pages (Q - 2i, 2i + 1) on its front and
(2i + 2, Q - 2i - 1) on its back, left to right. Sheets go outermost first,
front then back. ``signature`` splits long booklets into sections of that
many sheets, gathered in order (the last may be thinner). ``creep`` moves
content on inner sheets toward the spine by the accumulated caliper: sheet
``i`` of a section moves by ``i * creep``; the sheet size never changes.
"""

from __future__ import annotations

import math
from dataclasses import replace

from zinemaker.impose.layout import fit_scale, for_flip, landscape, outer_bleed
from zinemaker.impose.marks import edge_marks
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Mark, Placement, Plan, Rect


def reading_sequence(count: int) -> list[int | None]:
    """Source pages in reading order, padded with blanks before the back cover."""
    padded = max(4, math.ceil(count / 4) * 4)
    if count <= 1:
        return [0, None, None, None][: padded] if count == 1 else [None] * padded
    return list(range(count - 1)) + [None] * (padded - count) + [count - 1]


def sections(padded: int, sheets_per_signature: int) -> list[tuple[int, int]]:
    """(first page, page count) of each signature, in gathering order."""
    per = 4 * sheets_per_signature if sheets_per_signature > 0 else padded
    return [(start, min(per, padded - start)) for start in range(0, padded, per)]


def plan(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan a saddle-stitched booklet (see the module docstring)."""
    sheet = landscape(opts.sheet)
    w, h = sheet
    scale = fit_scale(
        2 * pages.width, pages.height, sheet, opts.margin, opts.fit, "two pages side by side"
    )
    pw, ph = pages.width * scale, pages.height * scale
    x0, y0 = (w - 2 * pw) / 2, (h - ph) / 2
    left, right = Rect(x0, y0, pw, ph), Rect(x0 + pw, y0, pw, ph)
    spine = w / 2
    bleed = pages.bleed * scale
    left_bleed = outer_bleed(left, sheet, bleed, right=True)
    right_bleed = outer_bleed(right, sheet, bleed, left=True)

    seq = reading_sequence(pages.count)
    placements: list[Placement] = []
    marks: list[Mark] = []
    groups: list[tuple[int, ...]] = []
    sheet_no = 0
    for start, q in sections(len(seq), opts.signature):
        sub = seq[start : start + q]
        group = []
        for i in range(q // 4):
            shift = i * opts.creep
            # Content moves toward the spine; the clip stays at the spine.
            lb = replace(left_bleed, right=-shift, left=left_bleed.left + shift)
            rb = replace(right_bleed, left=-shift, right=right_bleed.right + shift)
            sides = {
                "front": (sub[q - 2 * i - 1], sub[2 * i]),
                "back": (sub[2 * i + 1], sub[q - 2 * i - 2]),
            }
            for side, (lp, rp) in sides.items():
                placements.append(
                    Placement(sheet_no, side, 0, lp, left.moved(shift), 0, lb)  # type: ignore[arg-type]
                )
                placements.append(
                    Placement(sheet_no, side, 1, rp, right.moved(-shift), 0, rb)  # type: ignore[arg-type]
                )
                marks += _marks(opts, sheet_no, side, Rect(x0, y0, 2 * pw, ph), sheet, spine, bleed)
            group.append(sheet_no)
            sheet_no += 1
        groups.append(tuple(group))

    return Plan(
        scheme="saddle",
        sheet_size=sheet,
        sheet_count=sheet_no,
        sides=2,
        flip=opts.flip,
        page_count=pages.count,
        binding="saddle",
        placements=tuple(for_flip(placements, sheet, opts.flip)),
        marks=tuple(marks),
        groups=tuple(groups),
    )


def _marks(
    opts: ImposeOptions,
    sheet_no: int,
    side: str,
    box: Rect,
    sheet: tuple[float, float],
    spine: float,
    bleed: float,
) -> list[Mark]:
    out: list[Mark] = []
    if "crop" in opts.marks:
        out += edge_marks(
            "crop", sheet_no, side, box, sheet,  # type: ignore[arg-type]
            xs=[box.x, box.x1], ys=[box.y, box.y1], offset=bleed, length=opts.mark_length,
        )
    if "fold" in opts.marks:
        out += edge_marks(
            "fold", sheet_no, side, box, sheet,  # type: ignore[arg-type]
            xs=[spine], offset=bleed, length=opts.mark_length,
        )
    return out
