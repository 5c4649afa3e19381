"""What a scheme is asked to do: sheet, flip, marks, margins and the pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from zinemaker.units import MM
from zinemaker.vocab import BINDS, FLIPS, MARK_KINDS  # noqa: F401 - MARK_KINDS read from here too


@dataclass(frozen=True)
class Pages:
    """The finished pages to impose: how many, their trim and their bleed."""

    count: int
    width: float
    height: float
    bleed: float = 0.0


@dataclass(frozen=True)
class ImposeOptions:
    """Options every scheme reads where they make sense.

    ``sheet`` is the paper as (width, height) in points, either orientation;
    each scheme turns it the way it needs. ``margin`` is the printer's
    unprintable edge: trims are kept inside it. ``fit`` allows pages to be
    scaled down when they would not otherwise fit. ``creep`` is the paper's
    caliper for saddle-stitched sheets; ``signature`` the sheets in each
    folded section (0: one section).
    """

    sheet: tuple[float, float]
    flip: str = "short-edge"
    marks: frozenset[str] = field(default_factory=lambda: frozenset({"crop", "fold"}))
    margin: float = 0.0
    fit: bool = False
    creep: float = 0.0
    signature: int = 0
    bind: str = "left"
    #: For ``perfect``: "folio" (each sheet folded once, 4 pages) or
    #: "quarto" (each sheet folded twice, 8 pages, the head trimmed open).
    fold: str = "folio"
    #: For ``cards``: how backs come: "alternate" (front, back, front, ...),
    #: "single" (one back after all fronts) or "each" (a back per card after
    #: all fronts).
    backs: str = "alternate"
    #: For ``nup``: (columns, rows) to force; pages are scaled to fit.
    grid: tuple[int, int] | None = None
    #: The printer's measured back offset (from ``zinemaker calibrate``):
    #: how far the back lands right and up of where it should, seen from
    #: the front, in points. Backs are shifted the other way to cancel it.
    back_offset: tuple[float, float] = (0.0, 0.0)
    #: The rest of the printer's measured back error: how far the back is
    #: turned anticlockwise (degrees) and scaled (across, up), seen from the
    #: front, and whether the printer turns the back half round from what
    #: the flip setting says. See :mod:`zinemaker.impose.calibrate`.
    back_skew: float = 0.0
    back_scale: tuple[float, float] = (1.0, 1.0)
    back_turned: bool = False
    #: For ``saddle``: the outer sheet is the cover, printed on its own
    #: stock as a file of its own; ``cover_caliper`` is that stock's
    #: thickness, which pushes every inside sheet toward the fore-edge
    #: (creep counts it).
    cover: bool = False
    cover_caliper: float = 0.0
    mark_length: float = 5 * MM
    mark_width: float = 0.3
    #: For grid schemes with bleed: leave gutters between cells where the
    #: sheet has room (each cell keeps its own bleed). Off: shared cuts.
    gutters: bool = True

    def __post_init__(self) -> None:
        if self.flip not in FLIPS:
            raise ValueError(f"flip must be one of {FLIPS}, not {self.flip!r}")
        if self.bind not in BINDS:
            raise ValueError(f"bind must be one of {BINDS}, not {self.bind!r}")
