"""mini8: the one-sheet, one-sided 8-page mini zine.

A landscape sheet of 4 x 2 panels printed on one side. Top row, left to
right, pages 5 4 3 2 turned 180 degrees; bottom row 6 7 8 1 upright. Fold
it in half the long way, cut the middle of the fold, push the ends together
and fold the booklet. Marks: the fold lines and the one cut (the centre line
through the two middle panels only), drawn lightly. Bound at the right (a
right-to-left zine), every panel is mirrored left to right.
"""

from __future__ import annotations

from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Placement, Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.mini import MINI8, guides, panels, sequence
from zinemaker.impose.steps import Fold, Push, Say


def mini8(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan the one-sided 8-page mini zine (see the module docstring)."""
    sheet, slots = panels(opts)
    seq = sequence(pages.count, 8)
    placements, marks = [], []
    for s in range(len(seq) // 8):
        for (r, c), n in MINI8.items():
            page = seq[8 * s + n - 1]
            placements.append(Placement(s, "front", r * 4 + c, page, slots[(r, c)], 180 if r else 0))
        marks += guides(s, "front", slots, opts, cut="middle")
    return Plan("mini8", sheet, len(seq) // 8, 1, opts.flip, pages.count, "mini8", tuple(placements), tuple(marks))


def steps(plan: Plan) -> list:
    return [
        Say(
            "Fold the sheet in half the short way, then fold both ends back to that middle fold, and"
            " unfold: the creases mark the eight pages."
        ),
        Fold("head", each="the sheet", outside="the printed side"),
        Push(),
    ]


SCHEME = Scheme(
    name="mini8",
    summary="one sheet, one side: an 8-page mini zine (fold, one cut)",
    plan=mini8,
    sides=1,
    steps=steps,
    leaves=lambda plan: (4, 2),
    reading="ring",
    binds=("left", "right"),
    scales=True,
    multiple=8,
    each_sheet=True,
)
