"""The geometry of an imposition, as plain data.

A scheme turns a page count and options into a :class:`Plan`: which source
page goes on which sheet, side and slot, turned how far, and where the marks
go. Nothing here touches a PDF; :mod:`zinemaker.impose.draw` turns a plan
into one, and :mod:`zinemaker.impose.fold` folds a plan to check it.

Coordinates are PDF points with the origin at the bottom left of the side
being printed, as the printer sees it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from zinemaker.vocab import Side


def flip_axis(sheet: tuple[float, float], flip: str, spine: str = "left") -> str:
    """Which axis of the sheet (as drawn) the back is turned about.

    A landscape sheet's short edges are its left and right sides, so
    "short-edge" turns it about a vertical axis; on a portrait sheet the long
    edges are, so "long-edge" does. "manual" means the person turns the
    stack over the way the pages turn: about the vertical axis, or about the
    horizontal one for a book bound at the top.
    """
    w, h = sheet
    if flip == "manual":
        return "horizontal" if spine == "top" else "vertical"
    return "vertical" if (flip == "short-edge") == (w >= h) else "horizontal"


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box: lower-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x1(self) -> float:
        return self.x + self.w

    @property
    def y1(self) -> float:
        return self.y + self.h

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x + self.w / 2, self.y + self.h / 2)

    def moved(self, dx: float, dy: float = 0.0) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Bleed:
    """How far past each edge of its trim a page may print (points).

    A negative value stops the page short of that edge: a crept page at the
    spine loses that much of its gutter rather than run onto its neighbour.
    """

    left: float = 0.0
    bottom: float = 0.0
    right: float = 0.0
    top: float = 0.0


@dataclass(frozen=True)
class Placement:
    """One source page (or a blank) in one slot of one side of one sheet.

    ``trim`` is where the page's trim box lands on the side; ``rotation`` is
    the counter-clockwise turn of the page within it (0, 90, 180 or 270);
    ``bleed`` is how far it may print past each edge of ``trim`` (given in
    the side's frame, after rotation). ``page`` is the 0-based source page,
    or None for a blank.
    """

    sheet: int
    side: Side
    slot: int
    page: int | None
    trim: Rect
    rotation: int = 0
    bleed: Bleed = Bleed()


@dataclass(frozen=True)
class Mark:
    """A line drawn on a side: crop, fold or cut."""

    kind: Literal["crop", "fold", "cut", "bleed", "collation", "registration"]
    sheet: int
    side: Side
    x0: float
    y0: float
    x1: float
    y1: float
    light: bool = False  # drawn thin, grey and (for folds) dashed: a guide across the art
    width: float = 0.0  # a stroke this wide, butt-ended (registration marks); 0: the kind's own


@dataclass(frozen=True)
class Plan:
    """A whole imposition: sheets, what sits on them, and how to fold them.

    ``binding`` names the kind of product (saddle, quarto, stacks ...);
    ``groups`` lists the sheets that are folded together (a signature), in
    the order they are gathered. ``spine`` is the edge the pages turn about
    (left, right or top); ``grid`` the (columns, rows) of a grid scheme;
    ``cards`` each card's (front, back) source page; ``fold_axis`` which
    way a fold-over card sheet folds; ``back_shift`` the matrix that cancels
    the printer's back offset, on every back.
    """

    scheme: str
    sheet_size: tuple[float, float]
    sheet_count: int
    sides: int
    flip: str
    page_count: int
    binding: str
    placements: tuple[Placement, ...]
    marks: tuple[Mark, ...] = ()
    groups: tuple[tuple[int, ...], ...] = field(default_factory=tuple)
    notes: tuple[str, ...] = ()
    spine: str = "left"
    grid: tuple[int, int] | None = None
    cards: tuple[tuple[int, int | None], ...] = ()
    fold_axis: str = ""
    back_shift: tuple[float, ...] | None = None  # a PDF matrix (a b c d e f)
    #: The page size the plan was made for (page 1's, as displayed), and
    #: whether pages may be scaled to fit their slots (--fit, or a scheme
    #: that fits pages to its panels): see ops.placement_matrix.
    page_size: tuple[float, float] | None = None
    fit: bool = True

    def side(self, sheet: int, side: Side) -> list[Placement]:
        """The placements on one side of one sheet, in slot order."""
        return sorted(self._by_side[0].get((sheet, side), []), key=lambda p: p.slot)

    def side_marks(self, sheet: int, side: Side) -> list[Mark]:
        return list(self._by_side[1].get((sheet, side), []))

    @cached_property
    def _by_side(self) -> tuple[dict, dict]:
        # A frozen plan never changes, so this index is made once, on first use.
        places: dict = {}
        marks: dict = {}
        for p in self.placements:
            places.setdefault((p.sheet, p.side), []).append(p)
        for m in self.marks:
            marks.setdefault((m.sheet, m.side), []).append(m)
        return places, marks
