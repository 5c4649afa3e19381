"""A fold simulator: what a reader meets after printing, cutting and folding.

It takes what is printed on each side of each sheet (from a plan, or read
back from a PDF), turns the backs over the way the printer's duplex setting
does, then cuts, stacks and folds the paper as a person would, and reads
the result: the pages in the order a reader meets them, each with the angle
it is seen at (0 is upright) and whether it is mirrored.

It does the scheme's finishing steps (:mod:`zinemaker.impose.steps`), the
very list the instruction sheet prints in words ("cut the stack into piles,
put pile 1 on pile 2, fold"), each as a few physical moves on pieces of
paper. It knows nothing about how a scheme placed the pages, so it checks
any scheme, and it checks the words a person follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from zinemaker.impose.plan import Plan, Rect, flip_axis

Vec = tuple[float, float]
Mat = tuple[float, float, float, float]  # a b c d: x' = a x + b y, y' = c x + d y
IDENT: Mat = (1.0, 0.0, 0.0, 1.0)
MIRROR_X: Mat = (-1.0, 0.0, 0.0, 1.0)  # turned over about a vertical axis
MIRROR_Y: Mat = (1.0, 0.0, 0.0, -1.0)  # turned over about a horizontal axis


def _apply(m: Mat, v: Vec) -> Vec:
    return (m[0] * v[0] + m[1] * v[1], m[2] * v[0] + m[3] * v[1])


def _mul(m: Mat, n: Mat) -> Mat:
    """m after n."""
    return (
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
    )


def _rot(deg: int) -> Mat:
    c, s = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[deg % 360]
    return (float(c), float(-s), float(s), float(c))


@dataclass(frozen=True)
class Printed:
    """A page as printed on one side: its centre and its turn on that side."""

    page: int | None
    x: float
    y: float
    rotation: int


@dataclass(frozen=True)
class Seen:
    """A page as the reader meets it: which, at what angle, mirrored or not."""

    page: int | None
    rotation: int = 0
    mirrored: bool = False

    @property
    def upright(self) -> bool:
        return self.rotation == 0 and not self.mirrored


SideKey = tuple[int, str]


@dataclass
class _Mark:
    """A printed page on a face, in the sheet's front frame."""

    page: int | None
    pos: Vec
    up: Vec
    right: Vec


@dataclass
class Cell:
    """A piece of paper: where it came from, and where it lies now.

    ``m`` and ``t`` map the sheet's front frame onto the table
    (table = m . p + t); ``z`` orders the pieces in the pile, higher on top.
    """

    sheet: int
    rect: Rect
    front: list[_Mark]
    back: list[_Mark]
    m: Mat = IDENT
    t: Vec = (0.0, 0.0)
    z: float = 0.0
    printed_back: bool = True

    def where(self, p: Vec) -> Vec:
        x, y = _apply(self.m, p)
        return (x + self.t[0], y + self.t[1])

    @property
    def centre(self) -> Vec:
        return self.where(self.rect.centre)

    @property
    def face_up_is_front(self) -> bool:
        a, b, c, d = self.m
        return a * d - b * c > 0


@dataclass
class Paper:
    """What came out of the printer: the sheets' size, how the printer
    turned them for the backs, and what is printed on each side."""

    sheet_size: tuple[float, float]
    flip: str
    printed: dict[SideKey, list[Printed]] = field(default_factory=dict)


def lay_out(
    printed: dict[SideKey, list[Printed]],
    sheet: tuple[float, float],
    flip: str,
    sheets: Iterable[int],
    cols: int = 1,
    rows: int = 1,
    sides: int = 2,
    spine: str = "left",
) -> list[Cell]:
    """The printed sheets, each cut (in thought) into cols x rows cells, in a
    pile with the first sheet on top, fronts up. Backs are turned over as
    the printer's duplex setting turns them."""
    w, h = sheet
    axis = flip_axis(sheet, flip, spine)
    cells: list[Cell] = []
    for k, s in enumerate(sheets):
        fronts = [_mark(p, 0, sheet, "front", axis) for p in printed.get((s, "front"), [])]
        backs = [_mark(p, 0, sheet, "back", axis) for p in printed.get((s, "back"), [])]
        for r in range(rows):
            for c in range(cols):
                rect = Rect(c * w / cols, r * h / rows, w / cols, h / rows)
                cells.append(
                    Cell(
                        s,
                        rect,
                        [m for m in fronts if _inside(m.pos, rect)],
                        [m for m in backs if _inside(m.pos, rect)],
                        z=-k,
                        printed_back=sides == 2,
                    )
                )
    return cells


def _inside(p: Vec, r: Rect) -> bool:
    return r.x <= p[0] < r.x1 and r.y <= p[1] < r.y1


def _mark(p: Printed, _: int, sheet: tuple[float, float], side: str, axis: str) -> _Mark:
    up = _apply(_rot(p.rotation), (0.0, 1.0))
    right = _apply(_rot(p.rotation), (1.0, 0.0))
    if side == "front":
        return _Mark(p.page, (p.x, p.y), up, right)
    w, h = sheet
    turn = MIRROR_X if axis == "vertical" else MIRROR_Y
    pos = (w - p.x, p.y) if axis == "vertical" else (p.x, h - p.y)
    return _Mark(p.page, pos, _apply(turn, up), _apply(turn, right))


# -- the moves a person makes --------------------------------------------------


def fold(cells: list[Cell], axis: str, at: float, moving: str) -> list[Cell]:
    """Fold the pile along a line; the ``moving`` side ("low": left or
    bottom, "high": right or top) goes under the rest, its top layer
    ending at the very bottom."""
    i = 0 if axis == "x" else 1
    moves = [c for c in cells if (c.centre[i] < at) == (moving == "low")]
    stays = [c for c in cells if c not in moves]
    if not moves:
        return cells
    floor = min((c.z for c in stays), default=0.0)
    lowest = min(c.z for c in moves)
    out = list(stays)
    mirror = MIRROR_X if axis == "x" else MIRROR_Y
    for c in moves:
        t = list(c.t)
        t[i] = 2 * at - t[i]
        out.append(replace(c, m=_mul(mirror, c.m), t=(t[0], t[1]), z=floor - 1 - (c.z - lowest)))
    return out


def cut(cells: list[Cell], axis: str, at: float) -> tuple[list[Cell], list[Cell]]:
    """Cut the pile along a line: (the low side, the high side)."""
    i = 0 if axis == "x" else 1
    return [c for c in cells if c.centre[i] < at], [c for c in cells if c.centre[i] >= at]


def turn(cells: list[Cell], degrees: int) -> list[Cell]:
    """Turn a pile on the table (counter-clockwise) about its middle."""
    cx, cy = _middle(cells)
    r = _rot(degrees)
    out = []
    for c in cells:
        # table' = r (m p + t - centre) + centre
        tx, ty = _apply(r, (c.t[0] - cx, c.t[1] - cy))
        out.append(replace(c, m=_mul(r, c.m), t=(tx + cx, ty + cy)))
    return out


def put_on(top: list[Cell], bottom: list[Cell]) -> list[Cell]:
    """Put one pile squarely on another."""
    if not top or not bottom:
        return top + bottom
    (ax, ay), (bx, by) = _middle(top), _middle(bottom)
    ceiling = max(c.z for c in bottom)
    base = min(c.z for c in top)
    moved = [replace(c, t=(c.t[0] + bx - ax, c.t[1] + by - ay), z=ceiling + 1 + (c.z - base)) for c in top]
    return bottom + moved


def _middle(cells: list[Cell]) -> Vec:
    xs, ys = [], []
    for c in cells:
        for p in ((c.rect.x, c.rect.y), (c.rect.x1, c.rect.y1)):
            x, y = c.where(p)
            xs.append(x)
            ys.append(y)
    return ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)


def _seen(mark: _Mark, m: Mat) -> Seen:
    up, right = _apply(m, mark.up), _apply(m, mark.right)
    angle = {(0, 1): 0, (-1, 0): 90, (0, -1): 180, (1, 0): 270}[(round(up[0]), round(up[1]))]
    mirrored = right[0] * up[1] - right[1] * up[0] < 0
    return Seen(mark.page, angle, mirrored)


def _face(cell: Cell, up: bool, spine: str) -> list[Seen]:
    """What is printed on a face of a leaf, as the reader sees it: the face
    that is up as it lies, the face that is down after the leaf is turned
    about the spine."""
    front = cell.face_up_is_front == up
    marks = cell.front if front else cell.back
    m = cell.m if up else _mul(MIRROR_Y if spine == "top" else MIRROR_X, cell.m)
    seen = [_seen(k, m) for k in marks if k.page is not None]
    if len(seen) > 1:
        raise AssertionError(f"sheet {cell.sheet}: {len(seen)} pages on one leaf face")
    if not seen and (front or cell.printed_back):
        return [Seen(None)]
    return seen


def read_leaves(cells: list[Cell], spine: str = "left") -> list[Seen]:
    """Read a pile of leaves bound at one edge, top leaf first: each leaf's
    upper face, then (turning it about the spine) its lower face."""
    out: list[Seen] = []
    for c in sorted(cells, key=lambda c: -c.z):
        out += _face(c, True, spine)
        out += _face(c, False, spine)
    return out


# -- the finishing steps, done to paper ----------------------------------------


def _spine_fold(cells: list[Cell], sheet: tuple[float, float], spine: str) -> list[Cell]:
    if spine == "top":
        return fold(cells, "y", _middle(cells)[1], "high")
    return fold(cells, "x", _middle(cells)[0], "low" if spine == "left" else "high")


def finish(paper: Paper, plan: Plan, steps: Sequence | None = None) -> list[list[Cell]]:
    """Do the scheme's finishing steps (the ones the instruction sheet
    prints) to what was printed: the piles they leave, in order."""
    from zinemaker.impose.schemes import get

    scheme = get(plan.scheme)
    cols, rows = scheme.leaves(plan)
    spine = plan.spine
    sheets = range(plan.sheet_count)
    everything = lay_out(paper.printed, paper.sheet_size, paper.flip, sheets, cols, rows, plan.sides, spine)
    if steps is None:
        from zinemaker.impose.instructions import steps as printed_steps

        steps = printed_steps(plan)  # the very list the instruction sheet words
    todo = list(steps)
    if scheme.each_sheet:  # each sheet its own zine: every step done to each
        return [p for s in sheets for p in _do(todo, [[c for c in everything if c.sheet == s]], everything, plan)]
    return _do(todo, [everything], everything, plan)


def _do(todo: Sequence, piles: list[list[Cell]], everything: list[Cell], plan: Plan) -> list[list[Cell]]:
    from zinemaker.impose import steps as st

    spine = plan.spine
    for step in todo:
        if isinstance(step, st.Sections):
            piles = [[c for c in everything if c.sheet in g] for g in plan.groups]
        elif isinstance(step, st.Cut):
            piles = [q for p in piles for q in _piles(p, plan.sheet_size, step.cols, step.rows, step.rtl)]
        elif isinstance(step, st.Turn):
            piles[step.pile] = turn(piles[step.pile], 180)
        elif isinstance(step, st.Stack):
            pile = piles[0]
            for p in piles[1:]:
                pile = put_on(p, pile) if step.last_on_top else put_on(pile, p)
            piles = [pile]
        elif hasattr(step, "apply"):  # a scheme's own move, defined with its record
            piles = step.apply(piles, plan)
        elif isinstance(step, st.Fold):
            for _ in range(step.times):
                if step.line == "head":
                    piles = [fold(p, "y", _middle(p)[1], "high") for p in piles]
                else:
                    piles = [_spine_fold(p, plan.sheet_size, spine) for p in piles]
    return piles


def _ring(cells: list[Cell], spine: str) -> list[Seen]:
    """The mini zine, its ends pushed together and folded flat: after the
    fold along its length, the pages run round a ring: the cover, then along
    the back layer away from the cover, then the front layer back to it."""
    out: list[Seen] = []
    rtl = spine == "right"
    front = sorted((c for c in cells if c.face_up_is_front), key=lambda c: c.centre[0], reverse=rtl)
    under = sorted((c for c in cells if not c.face_up_is_front), key=lambda c: -c.centre[0], reverse=rtl)
    ring = [(front[-1], True)] + [(c, False) for c in under] + [(c, True) for c in front[:-1]]
    for cell, up in ring:
        seen = [_seen(k, cell.m if up else _mul(MIRROR_X, cell.m)) for k in cell.front]
        out += seen or [Seen(None)]
    return out


def handout(paper: Paper, plan: Plan) -> list[Seen]:
    """Read each sheet as it is: the front row by row, then turn the sheet
    over like a page and read the back row by row."""
    out: list[Seen] = []
    for s in range(plan.sheet_count):
        cells = lay_out(paper.printed, paper.sheet_size, paper.flip, [s], sides=plan.sides)
        (cell,) = cells
        for up, m in ((True, cell.m), (False, _mul(MIRROR_X, cell.m))):
            marks = [k for k in (cell.front if up else cell.back) if k.page is not None]
            out += [_seen(k, m) for k in _rows_then_columns(marks, m)]
    return out


def _piles(cells: list[Cell], sheet: tuple[float, float], cols: int, rows: int, rtl: bool = False) -> list[list[Cell]]:
    """Piles cut from a grid, in reading order: top row first, left to right
    (right to left for a right-hand spine)."""
    w, h = sheet
    out = []
    for r in reversed(range(rows)):
        for c in range(cols) if not rtl else reversed(range(cols)):
            rect = Rect(c * w / cols, r * h / rows, w / cols, h / rows)
            out.append([x for x in cells if _inside(x.centre, rect)])
    return out


def _rows_then_columns(marks: list[_Mark], m: Mat) -> list[_Mark]:
    """Marks as a reader scans them: top row first (rows are told apart by
    more than a few points of height), each row left to right."""
    placed = sorted(marks, key=lambda k: -_apply(m, k.pos)[1])
    rows: list[list[_Mark]] = []
    for k in placed:
        y = _apply(m, k.pos)[1]
        if rows and abs(_apply(m, rows[-1][0].pos)[1] - y) < 6:
            rows[-1].append(k)
        else:
            rows.append([k])
    return [k for row in rows for k in sorted(row, key=lambda k: _apply(m, k.pos)[0])]


def read_finished(paper: Paper, plan: Plan, steps: Sequence | None = None) -> list[Seen]:
    """Finish the paper by the scheme's steps, and read what they made."""
    from zinemaker.impose.schemes import get

    scheme = get(plan.scheme)
    if scheme.reading == "rows":
        return handout(paper, plan)
    piles = finish(paper, plan, steps)
    if callable(scheme.reading):  # a scheme's own way to read what its steps made
        return scheme.reading(piles, plan)
    if scheme.reading == "ring":
        return [seen for p in piles for seen in _ring(p, plan.spine)]
    readings = [read_leaves(p, plan.spine) for p in piles]
    if scheme.reading == "alike":
        for r in readings[1:]:
            if r != readings[0]:
                raise AssertionError("the copies on a sheet do not read alike")
        return readings[0]
    return [seen for r in readings for seen in r]


# -- cards: does each back land behind its front? ------------------------------


@dataclass(frozen=True)
class CardBack:
    """Where a card's back lands, measured against its front."""

    card: int
    offset: float  # distance between the centres, in points
    seen: Seen  # the back as seen when the card is turned over sideways


def card_backs(printed: dict[SideKey, list[Printed]], plan: Plan, flip: str | None = None) -> list[CardBack]:
    """For each card, print the sheet, turn it over (duplex) or fold it along
    its gutter (fold-over), and measure how far the back's centre lies from
    the front's; then turn the card over sideways and see the back."""
    flip = flip or plan.flip
    w, h = plan.sheet_size
    out: list[CardBack] = []
    fronts: dict[int, tuple[int, _Mark]] = {}
    backs: dict[int, tuple[int, _Mark]] = {}
    deck = plan.cards
    front_of = {f: i for i, (f, _) in enumerate(deck)}
    for (sheet, side), items in printed.items():
        for p in items:
            if plan.binding == "gutterfold":
                mark = _mark(p, 0, plan.sheet_size, "front", "vertical")
                folded = _fold_over(mark, plan)
                if folded is None:  # this one is on the fronts' half
                    if p.page in front_of:
                        fronts[front_of[p.page]] = (sheet, mark)
                    continue
                mark = folded
            else:
                mark = _mark(p, 0, plan.sheet_size, side, flip_axis(plan.sheet_size, flip))
                if side == "front":
                    if p.page in front_of:
                        fronts[front_of[p.page]] = (sheet, mark)
                    continue
            # A back: which card's? The one whose front it lies behind.
            backs.setdefault(id(mark), (sheet, mark))
    for i, (_f, b) in enumerate(deck):
        sheet, fm = fronts[i]
        near = [m for (s, m) in backs.values() if s == sheet and m.page == b]
        best = min(near, key=lambda m: abs(m.pos[0] - fm.pos[0]) + abs(m.pos[1] - fm.pos[1]))
        offset = ((best.pos[0] - fm.pos[0]) ** 2 + (best.pos[1] - fm.pos[1]) ** 2) ** 0.5
        out.append(CardBack(i, offset, _seen(best, MIRROR_X)))
    return out


def _fold_over(mark: _Mark, plan: Plan) -> _Mark | None:
    """A mark on the backs' half, folded over onto the fronts' half; None if
    it is on the fronts' half already."""
    w, h = plan.sheet_size
    if plan.fold_axis == "vertical":
        if mark.pos[0] < w / 2:
            return None
        return _Mark(mark.page, (w - mark.pos[0], mark.pos[1]), _apply(MIRROR_X, mark.up), _apply(MIRROR_X, mark.right))
    if mark.pos[1] < h / 2:
        return None
    return _Mark(mark.page, (mark.pos[0], h - mark.pos[1]), _apply(MIRROR_Y, mark.up), _apply(MIRROR_Y, mark.right))


# -- entry points ---------------------------------------------------------------


def printed_from_plan(plan: Plan) -> dict[SideKey, list[Printed]]:
    """What a plan prints on each side of each sheet."""
    out: dict[SideKey, list[Printed]] = {}
    for p in plan.placements:
        cx, cy = p.trim.centre
        out.setdefault((p.sheet, p.side), []).append(Printed(p.page, cx, cy, p.rotation))
    return out


def read(printed: dict[SideKey, list[Printed]], plan: Plan, flip: str | None = None) -> list[Seen]:
    """Fold what was printed by the scheme's finishing steps; return what the
    reader meets. ``flip`` is the printer's setting (default: the plan's),
    so a sheet printed with the wrong setting can be simulated."""
    return read_finished(Paper(plan.sheet_size, flip or plan.flip, printed), plan)


def read_plan(plan: Plan) -> list[Seen]:
    """Fold a plan by its finishing steps and return what the reader meets."""
    return read(printed_from_plan(plan), plan)


def fold_saddle(
    printed: dict[SideKey, list[Printed]],
    sheet: tuple[float, float],
    flip: str,
    groups: Iterable[Sequence[int]],
) -> list[Seen]:
    """Saddle-stitch reading of printed sheets without a plan at hand."""
    groups = tuple(tuple(g) for g in groups)
    plan = Plan("saddle", sheet, sum(len(g) for g in groups), 2, flip, 0, "saddle", (), groups=groups)
    return read(printed, plan)
