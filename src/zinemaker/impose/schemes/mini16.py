"""mini16: the one-sheet, two-sided 16-page mini zine.

The mini8 sheet printed on both sides. Bottom row 8 9 16 1 upright, top row
3 14 11 6 turned; behind each page, the next page of its leaf. Cut the
sheet in half the long way, turn the top strip round and lay the bottom
strip on it, fold in half, fold in half again, staple at the spine and trim
the fore-edge fold open.
"""

from __future__ import annotations

from zinemaker.impose.layout import behind
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Placement, Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.impose.schemes.mini import MINI16_BEHIND, MINI16_FRONT, guides, panels, sequence
from zinemaker.impose.steps import Bind, Cut, Fold, Stack, Trim, Turn


def mini16(pages: Pages, opts: ImposeOptions) -> Plan:
    """Plan the two-sided 16-page mini zine (see the module docstring)."""
    sheet, slots = panels(opts)
    seq = sequence(pages.count, 16)
    placements, marks = [], []
    for s in range(len(seq) // 16):
        for (r, c), n in MINI16_FRONT.items():
            rect, rot = slots[(r, c)], 180 if r else 0
            placements.append(Placement(s, "front", r * 4 + c, seq[16 * s + n - 1], rect, rot))
            where, turn = behind(rect, sheet, opts.flip)
            back = seq[16 * s + MINI16_BEHIND[n] - 1]
            placements.append(Placement(s, "back", r * 4 + c, back, where, (rot + turn) % 360))
        for side in ("front", "back"):
            marks += guides(s, side, slots, opts, cut="across")
    return Plan("mini16", sheet, len(seq) // 16, 2, opts.flip, pages.count, "mini16", tuple(placements), tuple(marks))


def steps(plan: Plan) -> list:
    return [
        Cut(1, 2, what="the sheet"),
        Turn(0),
        Stack("pile", last_on_top=True),
        Fold(each="the pair", times=2, outside="page 1"),
        Bind("staple"),
        Trim("fore-edge", must=True),
    ]


SCHEME = Scheme(
    name="mini16",
    summary="one sheet, both sides: a 16-page mini zine (one cut, two folds, a staple)",
    plan=mini16,
    sides=2,
    steps=steps,
    leaves=lambda plan: (4, 2),
    binds=("left", "right"),
    scales=True,
    multiple=16,
    each_sheet=True,
)
