"""A fold simulator: what a reader meets after printing, folding and binding.

It takes what is printed on each side of each sheet (from a plan, or read
back from a PDF), turns the backs over the way the printer's duplex setting
does, folds the sheets as the binding says, and returns the pages in the
order a reader turns to them, each with the angle it is seen at (0 is
upright). It knows nothing about how a scheme placed the pages, so it can
check any scheme's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from zinemaker.impose.plan import Plan


@dataclass(frozen=True)
class Printed:
    """A page as printed on one side: its centre and its turn on that side."""

    page: int | None
    x: float
    y: float
    rotation: int


@dataclass(frozen=True)
class Seen:
    """A page as the reader meets it: which, and at what angle."""

    page: int | None
    rotation: int


SideKey = tuple[int, str]


def printed_from_plan(plan: Plan) -> dict[SideKey, list[Printed]]:
    """What a plan prints on each side of each sheet."""
    out: dict[SideKey, list[Printed]] = {}
    for p in plan.placements:
        cx, cy = p.trim.centre
        out.setdefault((p.sheet, p.side), []).append(Printed(p.page, cx, cy, p.rotation))
    return out


def from_front(item: Printed, side: str, sheet: tuple[float, float], flip: str) -> Printed:
    """Where a printed page lies on the sheet seen from the front, and how a
    reader who turns the sheet over about its vertical axis sees it."""
    if side == "front":
        return item
    w, h = sheet
    if flip == "short-edge":
        # Landscape sheet turned about its short (vertical) edge: columns
        # mirror, and the back reads the way it was printed.
        return Printed(item.page, w - item.x, item.y, item.rotation % 360)
    # Turned about the long (horizontal) edge: rows mirror, and to a reader
    # turning a leaf sideways, what was printed upright is upside down.
    return Printed(item.page, item.x, h - item.y, (item.rotation + 180) % 360)


def fold_saddle(
    printed: dict[SideKey, list[Printed]],
    sheet: tuple[float, float],
    flip: str,
    groups: Iterable[Sequence[int]],
) -> list[Seen]:
    """Nest each group's sheets (first outermost, fronts out), fold along the
    vertical centre, gather the groups in order, and read front to back."""
    w = sheet[0]

    def panel(sheet_no: int, side: str, right: bool) -> Seen:
        items = [from_front(i, side, sheet, flip) for i in printed.get((sheet_no, side), [])]
        hits = [i for i in items if (i.x > w / 2) == right]
        if not hits:  # nothing printed there: a blank page
            return Seen(None, 0)
        if len(hits) != 1:
            raise AssertionError(
                f"sheet {sheet_no} {side}: expected one page on the"
                f" {'right' if right else 'left'} half, found {len(hits)}"
            )
        return Seen(hits[0].page, hits[0].rotation)

    seen: list[Seen] = []
    for group in groups:
        for s in group:
            seen += [panel(s, "front", True), panel(s, "back", True)]
        for s in reversed(group):
            seen += [panel(s, "back", False), panel(s, "front", False)]
    return seen


def read_plan(plan: Plan) -> list[Seen]:
    """Fold a plan as its binding says and return what the reader meets."""
    printed = printed_from_plan(plan)
    if plan.binding == "saddle":
        return fold_saddle(printed, plan.sheet_size, plan.flip, plan.groups)
    raise ValueError(f"no fold simulation for binding {plan.binding!r}")
