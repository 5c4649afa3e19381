"""Finishing steps as data: what a person does to the printed sheets.

A scheme's record lists its steps for a plan (``Scheme.steps``). The
instruction sheet and the command line say them in words
(:meth:`Step.words`), and the fold simulator (:mod:`zinemaker.impose.fold`)
does them to paper, step by step: so what the sheet tells a person is what
the tests fold. A step names a mark only when the plan prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

from zinemaker.impose.plan import Plan
from zinemaker.units import fmt_mm
from zinemaker.vocab import plural


def printed(plan: Plan, kind: str) -> bool:
    """Whether the plan prints any mark of this kind."""
    return any(m.kind == kind for m in plan.marks)


def _sheets(group: tuple[int, ...]) -> str:
    a, b = group[0] + 1, group[-1] + 1
    return f"sheet {a}" if a == b else f"sheets {a}-{b}"


@dataclass(frozen=True)
class Step:
    """One thing a person does; ``kind`` is its verb (see :data:`KINDS`)."""

    kind = ""

    def words(self, plan: Plan) -> str:  # pragma: no cover - every step says its own
        raise NotImplementedError


@dataclass(frozen=True)
class SetAside(Step):
    """The instruction sheet is printed first: it is not part of the job."""

    kind = "set aside"

    def words(self, plan: Plan) -> str:
        return "The first sheet out of the printer is the instruction sheet: set it aside."


@dataclass(frozen=True)
class Keep(Step):
    """Keep the sheets in printed order (saddle: the first sheet goes outside)."""

    kind = "stack"
    outside: bool = False

    def words(self, plan: Plan) -> str:
        if plan.sheet_count == 1:
            return "Take the printed sheet, sheet 1's front up."
        tail = ": sheet 1 will be the outside sheet" if self.outside else ""
        return f"Keep the {plan.sheet_count} printed sheets in order, sheet 1 on top, its front up{tail}."


@dataclass(frozen=True)
class Sections(Step):
    """Split the stack into the plan's sections (signatures), in order."""

    kind = "stack"

    def words(self, plan: Plan) -> str:
        groups = plan.groups
        if all(len(g) == 1 for g in groups):
            return f"Treat each of the {plural(len(groups), 'sheet')} as a section of its own."
        shown = ", ".join(_sheets(g) for g in groups[:3]) + (", ..." if len(groups) > 3 else "")
        return (
            f"Split the stack into {plural(len(groups), 'section')} of {plural(len(groups[0]), 'sheet')}"
            f" each (the last may be thinner), in order: {shown}. Keep each section's sheets in order."
        )


@dataclass(frozen=True)
class Cut(Step):
    """Cut every sheet of each pile along a grid into ``cols x rows`` piles,
    numbered top row first, left to right (right to left if ``rtl``)."""

    kind = "cut"
    cols: int
    rows: int
    what: str = "the stack"
    rtl: bool = False
    into: str = "piles"

    def _lines(self, plan: Plan) -> tuple[list[float], list[float]]:
        """Where to cut, measured from the left and from the top of sheet 1's
        front: the grid's lines, its outer edges too where they are not the
        sheet's."""
        w, h = plan.sheet_size
        trims = [p.trim for p in plan.side(0, "front")]
        x0, x1 = min(t.x for t in trims), max(t.x1 for t in trims)
        y0, y1 = min(t.y for t in trims), max(t.y1 for t in trims)
        xs = [x0 + (x1 - x0) * k / self.cols for k in range(self.cols + 1)]
        ys = [h - (y1 - (y1 - y0) * k / self.rows) for k in range(self.rows + 1)]
        inside = lambda v, edge: 0.5 < v < edge - 0.5  # noqa: E731
        return [x for x in xs if inside(x, w)], [y for y in ys if inside(y, h)]

    def words(self, plan: Plan) -> str:
        n = self.cols * self.rows
        if printed(plan, "crop") or printed(plan, "cut"):
            how = "along the crop marks" if printed(plan, "crop") else "along the cut lines"
        else:
            xs, ys = self._lines(plan)
            parts = ([f"{', '.join(map(fmt_mm, xs))} from the left edge"] if xs else []) + (
                [f"{', '.join(map(fmt_mm, ys))} from the top"] if ys else []
            )
            how = "at " + " and ".join(parts) + " (no marks are printed: measure)"
        if self.into == "copies":
            if n == 1:
                return f"Trim {self.what} {how}, keeping the sheets in order: one copy a sheet."
            return f"Cut {self.what} {how} into its {plural(n, 'copy', 'copies')}, keeping each copy's sheets in order."
        if n == 2 and (self.cols, self.rows) == (1, 2):
            return f"Cut {self.what} in half across its long middle, {how}: pile 1 is the top half, pile 2 the bottom."
        order = "right to left" if self.rtl else "left to right"
        first = "top right" if self.rtl else "top left"
        grid = f"{self.cols} across and {self.rows} down"
        return (
            f"Cut {self.what} {how} into {n} piles, {grid}, without reordering the sheets."
            f" Pile 1 is the {first}, then {order}, row by row."
        )


@dataclass(frozen=True)
class Turn(Step):
    """Turn one pile round on the table (a half turn)."""

    kind = "turn"
    pile: int = 0

    def words(self, plan: Plan) -> str:
        return f"Turn pile {self.pile + 1} round (upside down), printed side still up."


@dataclass(frozen=True)
class Stack(Step):
    """Put the piles (or folded sections) on each other: the first on top,
    or (``last_on_top``) each later one laid on the one before."""

    kind = "stack"
    what: str = "pile"
    last_on_top: bool = False
    #: A mark that shows the order is right ("collation"), if printed.
    check: str = ""

    def words(self, plan: Plan) -> str:
        if self.last_on_top:
            return f"Lay {self.what} 2 on {self.what} 1, both printed side up."
        tail = (
            "; the bars printed on the spines make a staircase when the order is right"
            if self.check == "collation"
            else ""
        )
        return (
            f"Put {self.what} 1 on {self.what} 2, that on {self.what} 3 and so on, in order:"
            f" {self.what} 1 on top{tail}."
        )


@dataclass(frozen=True)
class Fold(Step):
    """Fold each pile in half: along the spine (``line="spine"``), the half
    on the spine's side going behind so the first page ends on top; or
    across the middle, the top half going behind (``line="head"``)."""

    kind = "fold"
    line: str = "spine"
    each: str = "the stack"
    times: int = 1
    outside: str = ""
    #: How the sheets lie as they are folded, if worth saying.
    note: str = ""
    #: Folded after cutting: the fold marks were outside the cut, so they
    #: only showed where to fold.
    after_cut: bool = False

    def words(self, plan: Plan) -> str:
        guide = " along the fold marks" if printed(plan, "fold") else ""
        if guide and self.after_cut:
            guide = " where the fold marks pointed before you cut"
        out = f", {self.outside} outside" if self.outside else ""
        out += f" ({self.note})" if self.note else ""
        if self.line == "head":
            return f"Fold {self.each} in half across the middle{guide}, the top half going behind{out}."
        again = ", then in half again the same way" if self.times == 2 else ""
        return f"Fold {self.each} in half{guide}, the {plan.spine} half going behind{again}{out}."


@dataclass(frozen=True)
class Push(Step):
    """The mini zine's move: cut the middle of the fold, open it, push the
    ends together and fold it flat into a booklet."""

    kind = "fold"

    def words(self, plan: Plan) -> str:
        cut = "along the marked line" if printed(plan, "cut") else "along the middle of the fold"
        side = "right" if plan.spine == "left" else "left"
        return (
            f"Cut {cut}, through the two middle panels only (not to the ends). Open it, push the"
            f" ends together so the cut opens into a diamond, and fold it flat into a booklet with"
            f" page 1 on the front and the spine at the {plan.spine}, the pages opening to the {side}."
        )


@dataclass(frozen=True)
class Bind(Step):
    """Staple, glue, sew or clip: what holds the pages (the simulator's read)."""

    kind = "staple"
    how: str = "staple"

    def words(self, plan: Plan) -> str:
        edge = plan.spine
        return {
            "staple": f"Staple twice through the fold, from the outside, at the {edge}.",
            "glue": f"Glue or sew the stack of sections along the {edge} spine.",
            "sew": f"Sew the sections together through their folds at the {edge}, or glue the spine.",
            "clip": f"Bind along the {edge} edge: staples, glue or a binder clip.",
            "staple-each": "Staple each booklet twice through its fold, from the outside.",
        }[self.how]


@dataclass(frozen=True)
class Trim(Step):
    """Trim an edge: the open fore-edge, or a folded head."""

    kind = "trim"
    edge: str = "fore-edge"
    must: bool = False

    def words(self, plan: Plan) -> str:
        if self.must:
            return f"Cut the folded {self.edge} open so the pages turn."
        return f"Trim the open {self.edge} if you like."


@dataclass(frozen=True)
class Say(Step):
    """Words with nothing to fold: cards are cut, backs land behind fronts."""

    kind = "note"
    text: str = ""

    def words(self, plan: Plan) -> str:
        return self.text


#: Every verb a step may have.
KINDS = ("cut", "stack", "turn", "fold", "nest", "staple", "trim", "glue", "set aside", "note")
