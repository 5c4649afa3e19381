"""Perfect binding: sheets folded one section at a time (one sheet per
section unless ``signature`` says more) and stacked, not nested, for glue
or thread. ``fold = "quarto"`` folds each sheet twice into eight pages, the
head trimmed open.
"""

from __future__ import annotations

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose.layout import behind, fit_scale, portrait
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Mark, Placement, Plan, Rect
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes import saddle
from zinemaker.impose.schemes.saddle import _marks, reading_sequence
from zinemaker.impose.steps import Bind, Fold, Sections, Stack, Trim


def perfect(pages: Pages, opts: ImposeOptions) -> Plan:
    """Folded sections stacked for gluing or sewing (see the module docstring)."""
    if opts.fold == "quarto":
        if opts.bind != "left":
            raise ZinemakerError(
                f"a quarto fold binds at the left only for now: leave out {option('bind')}", field="bind"
            )
        return quarto(pages, opts)
    return saddle.plan(pages, opts, "perfect")


#: A quarto sheet (portrait, four pages a side), 0-based page within its
#: eight: (row, column) on the front -> (page, turn); row 0 is the bottom.
#: Folded top half behind, then left half under, pages 1 to 8 follow.
QUARTO_FRONT = {(0, 1): (0, 0), (1, 1): (3, 180), (1, 0): (4, 180), (0, 0): (7, 0)}
#: The page on the other face of each front page's leaf.
QUARTO_PARTNER = {0: 1, 3: 2, 4: 5, 7: 6}


def quarto(pages: Pages, opts: ImposeOptions) -> Plan:
    """Sheets folded twice into sections of eight pages, stacked for
    binding; the fold at the head is trimmed open."""
    sheet = portrait(opts.sheet)
    w, h = sheet
    scale = fit_scale(2 * pages.width, 2 * pages.height, sheet, opts.margin, opts.fit, "four pages, two by two")
    pw, ph = pages.width * scale, pages.height * scale
    x0, y0 = (w - 2 * pw) / 2, (h - 2 * ph) / 2
    seq = reading_sequence(pages.count, 8)
    placements: list[Placement] = []
    marks: list[Mark] = []
    for s in range(len(seq) // 8):
        for (r, c), (k, turn) in QUARTO_FRONT.items():
            trim = Rect(x0 + c * pw, y0 + r * ph, pw, ph)
            placements.append(Placement(s, "front", r * 2 + c, seq[8 * s + k], trim, turn))
            where, extra = behind(trim, sheet, opts.flip)
            partner = seq[8 * s + QUARTO_PARTNER[k]]
            placements.append(Placement(s, "back", r * 2 + c, partner, where, (turn + extra) % 360))
        box = Rect(x0, y0, 2 * pw, 2 * ph)
        for side in ("front", "back"):
            # Two folds: the head (across, trimmed open later) and the spine.
            marks += _marks(opts, s, side, box, sheet, 0.0, folds_y=[h / 2])
    return Plan(
        scheme="perfect",
        sheet_size=sheet,
        sheet_count=len(seq) // 8,
        sides=2,
        flip=opts.flip,
        page_count=pages.count,
        binding="quarto",
        placements=tuple(placements),
        marks=tuple(marks),
        groups=tuple((s,) for s in range(len(seq) // 8)),
    )


def steps(plan: Plan) -> list:
    from zinemaker.impose.steps import printed

    stack = Stack("section", check="collation" if printed(plan, "collation") else "")
    if plan.binding == "quarto":
        return [
            Sections(),
            Fold("head", each="each sheet", outside=""),
            Fold(each="each sheet", outside="page 1"),
            stack,
            Bind("glue"),
            Trim("head", must=True),
        ]
    return [Sections(), Fold(each="each section", outside="its first sheet"), stack, Bind("glue")]


SCHEME = Scheme(
    name="perfect",
    summary="sections folded and stacked, for glue or thread",
    plan=perfect,
    sides=2,
    steps=steps,
    leaves=lambda plan: (2, 2) if plan.binding == "quarto" else ((1, 2) if plan.spine == "top" else (2, 1)),
    binds=("left", "right", "top"),
    creep=True,
    signature=True,
    folds=("folio", "quarto"),
)
