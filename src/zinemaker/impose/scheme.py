"""What a scheme is: one record holding every fact about it.

Each scheme is a module in ``impose/schemes/`` with a ``SCHEME`` record: its
plan function, the options it honours, its finishing steps as data, how the
fold simulator lays out and reads what those steps make, and what preview
draws. The CLI's help, the instruction sheet, the simulator, preview and
check all read the record; nothing else knows a scheme's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan
from zinemaker.impose.steps import Step
from zinemaker.vocab import FLIPS

Planner = Callable[[Pages, ImposeOptions], Plan]


@dataclass(frozen=True)
class Scheme:
    """One imposition scheme.

    ``plan`` plans for a spine on the left (the registry mirrors or turns
    the result for ``binds`` right and top, unless ``binds_itself``).
    ``steps(plan)`` are the finishing steps after printing. The simulator
    lays each sheet out as ``leaves(plan)`` (columns, rows) pieces, does
    the steps and reads the result as ``reading`` says: "leaves" (a bound
    pile, page by page), "ring" (the mini zine's booklet), "rows" (each
    sheet as it lies) or "cards" (each back behind its front), or is a
    function of the piles and the plan that reads them. A step the
    simulator does not know does itself: its ``apply(piles, plan)``. So a
    new scheme brings its own moves and reading in its module.
    """

    name: str
    summary: str
    plan: Planner
    sides: int
    steps: Callable[[Plan], list[Step]]
    leaves: Callable[[Plan], tuple[int, int]] = lambda plan: (1, 1)
    reading: str | Callable = "leaves"
    binds: tuple[str, ...] = ("left",)
    binds_itself: bool = False
    flips: tuple[str, ...] = FLIPS
    creep: bool = False
    signature: bool = False
    grid: bool = False
    folds: tuple[str, ...] = ("folio",)
    cards: bool = False
    #: Its sheets may carry registration marks for a print-and-cut machine.
    machine_cut: bool = False
    #: Pages per sheet (or per booklet) the sequence is padded to, if fixed.
    multiple: int = 0
    #: Each sheet is a zine of its own (mini zines): folded and read alone.
    each_sheet: bool = False
    #: Pages are fitted to the scheme's panels whatever their size (mini
    #: zines), not only with --fit.
    scales: bool = False
    #: preview: draw each page's trim (red) and the plan's folds (blue).
    draws: tuple[str, ...] = ("trims", "folds")

    def honours(self) -> list[str]:
        """The options this scheme takes beyond sheet, marks and margin, for help."""
        out = []
        if len(self.binds) > 1:
            out.append("--bind " + "/".join(self.binds))
        if self.creep:
            out.append("--creep")
        if self.signature:
            out.append("--signature")
        if self.grid:
            out.append("--grid")
        if len(self.folds) > 1:
            out.append("--fold " + "/".join(self.folds))
        if self.cards:
            out.append("--back")
        return out
