"""The reader's paragraph: a Platypus flowable set by zinemaker's own breaker.

A :class:`TextBlock` holds one paragraph (spans in faces), breaks it whole
with :func:`zinemaker.typeset.lines.solve` (Knuth-Plass) and, when it runs
off a page, chooses where to part it as a typesetter would:

- never a single line at the foot of a page (an orphan) or at the top of
  the next (a widow): the paragraph is set a line longer or shorter if that
  reads well enough, else the page ends a line early;
- never a hyphen on a page's last line: the paragraph is broken again with
  that line forbidden to end in one;
- lines stay on the body's baseline grid: every block is a whole number of
  lines tall, space above and below included, so facing pages line up.

A heading is a TextBlock too, one that keeps :attr:`keep` lines of what
follows on its page, or goes over to the next.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.platypus import Flowable

from zinemaker.typeset import lines as L

#: How loose or tight a paragraph set a line longer or shorter may be, to
#: save a widow or orphan: the worst line's stretch ratio.
LOOSER = 1.3

#: ...and on a right-hand page, where ending a line short would leave the
#: spread uneven (a left-hand page's facing page follows it instead).
LOOSER_RECTO = 1.6


@dataclass(frozen=True)
class BlockStyle:
    """How a block sits: its type, indents (points) and space around it in
    lines of the body's leading (so the grid holds)."""

    size: float
    leading: float  # this block's own line spacing
    grid: float  # the body's leading: heights round up to it
    left: float = 0.0
    right: float = 0.0
    before: float = 0.0  # points, kept to whole grid lines with what follows
    after: float = 0.0
    justify: bool = True
    align: str = "left"
    keep: int = 0  # lines of the next block kept on the page with this one
    label_x: float = 0.0  # where a list number hangs, from the block's left
    body: float = 0.0  # the body size whose baselines make the grid, for a smaller block on it (a quote)


class TextBlock(Flowable):
    """A paragraph (or its remainder after a page turn)."""

    def __init__(
        self,
        para: L.Para,
        style: BlockStyle,
        label: L.Span | None = None,
        done: list[L.SetLine] | None = None,
        continued: bool = False,
        on_draw=None,  # noqa: ANN001 - called with the canvas as the block is drawn (page marks)
    ) -> None:
        super().__init__()
        self.on_draw = on_draw
        self.para = para
        self.style = style
        self.label = label
        self.set: list[L.SetLine] | None = done
        self.fixed = done is not None  # lines already chosen (a part of a split)
        self.continued = continued  # the rest of a paragraph begun on an earlier page
        self.keepWithNext = 0
        self._width = -1.0
        self.following: Flowable | None = None  # the next block in the story, if it is known

    # -- Platypus's protocol

    def getSpaceBefore(self) -> float:  # noqa: N802
        return 0.0 if self.continued else self.style.before

    def getSpaceAfter(self) -> float:  # noqa: N802
        return self.style.after

    def _measure(self) -> float:
        return self._width - self.style.left - self.style.right

    def _lines(self, aw: float) -> list[L.SetLine]:
        if self.fixed:
            self._width = aw
            return self.set or []
        if self.set is None or aw != self._width:
            self._width = aw
            self.set = L.set_lines(self.para, self.style.size, self._measure())
        return self.set

    def _height(self, n: int) -> float:
        h = n * self.style.leading
        g = self.style.grid
        if self.style.leading != g:
            # a heading or a smaller size: round the block up to whole lines
            # of the body, space below included
            return math.ceil((h + self.style.after) / g - 0.01) * g - self.style.after
        return h

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        lines = self._lines(aw)
        self.height = self._height(len(lines))
        if self.style.keep and ah < self.height + self.style.after + self.style.keep * self.style.grid - 0.01:
            # a heading with no room for the lines it must keep: next page
            return (aw, self.height + self.style.after + self.style.keep * self.style.grid)
        if self.height > ah + 0.01 and not self.fixed and self.style.leading == self.style.grid:
            # one line over: a tighter setting that fits whole saves a split
            fits = int((ah + 0.01) // self.style.leading)
            if fits == len(lines) - 1:
                tight = self._solution(fits, self._looser())
                if tight is not None:
                    self.set = L.set_lines(self.para, self.style.size, self._measure(), tight)
                    self.height = self._height(fits)
        else:
            stranded = self._strands_a_line(ah)
            if stranded:
                # The page would end a line short: what follows cannot start
                # in one line (an orphan, or a heading without its lines).
                # Set a line longer, if that reads well, and the page ends
                # full; or a line shorter, and the next paragraph starts
                # here with two lines.
                other = self._solution(len(lines) + 1, LOOSER_RECTO)
                if other is None and stranded == 2:
                    other = self._solution(len(lines) - 1, LOOSER_RECTO)
                if other is not None:
                    self.set = L.set_lines(self.para, self.style.size, self._measure(), other)
                    self.height = self._height(len(self.set))
        return (aw, self.height)

    def _strands_a_line(self, ah: float) -> int:
        """Whether, set as it is, this paragraph would leave one line at the
        foot of the page that the block after it cannot use: 0 if not, 2 if
        that block is a paragraph that could start in two, 1 otherwise."""
        g = self.style.grid
        left = ah - self.height - self.style.after
        if self.fixed or self.style.keep or self.style.leading != g or not g - 0.01 <= left < 2 * g - 0.01:
            return 0
        nxt = self.following
        if not isinstance(nxt, TextBlock) or nxt.fixed or len(self.set or []) < 3:
            return 0
        canv = getattr(self, "canv", None)
        if canv is None or canv.getPageNumber() % 2 == 0:
            return 0  # a left-hand page ending short has its facing page run as short
        if nxt.style.keep or nxt.style.leading != g or nxt.style.before:
            return 1  # a heading, or a block with space above it, goes over
        count = L.count_lines(nxt.para, nxt.style.size, nxt._measure_for(self.width))
        return 0 if count < 2 else 2 if count >= 4 or count == 2 else 1

    def _measure_for(self, aw: float) -> float:
        return aw - self.style.left - self.style.right

    def split(self, aw: float, ah: float) -> list:
        if self.style.keep or self.style.leading != self.style.grid:
            return []  # headings and odd-sized blocks go over whole
        lines = self._lines(aw)
        g = self.style.leading
        fits = int((ah + 0.01) // g)
        total = len(lines)
        if fits < 2 or total < 4 and fits < total:
            return []  # an orphan: the paragraph starts on the next page
        for k in range(min(fits, total - 1), 1, -1):
            chosen = self._part(k)
            if chosen is not None:
                head, tail = chosen[:k], chosen[k:]
                first = TextBlock(self.para, self.style, self.label, head, self.continued, self.on_draw)
                rest = TextBlock(self.para, self.style, None, tail, True, self.on_draw)
                first.following, rest.following = rest, self.following
                return [first, rest]
        return []

    def _part(self, k: int) -> list[L.SetLine] | None:
        """Lines to part after line ``k`` with at least two on each side and
        no hyphen ending line ``k``, or None."""
        lines = self.set or []
        ok = lambda ls: len(ls) - k >= 2 and not ls[k - 1].hyphen  # noqa: E731
        if ok(lines):
            return lines
        if self.fixed or self.continued:
            return None  # lines already placed cannot be broken again
        # Broken again: line k may not end in a hyphen, and the paragraph
        # may run a line longer so two lines go over.
        found = L.knuth_plass(
            self.para._last[2],
            _rooms(self.para, self.style.size, self._measure()),
            self.para.justify,
            avoid=frozenset({k}),
            expand=self.para.expand,
        )
        for b in sorted(found.values(), key=lambda b: b.demerits):
            if b.count - k < 2 or (b.worst > self._looser() and b.count != len(lines)):
                continue
            cand = L.set_lines(self.para, self.style.size, self._measure(), b)
            if ok(cand):
                return cand
        return None

    def _looser(self) -> float:
        canv = getattr(self, "canv", None)
        return LOOSER_RECTO if canv is not None and canv.getPageNumber() % 2 else LOOSER

    def _solution(self, count: int, worst: float) -> L.Broken | None:
        found = L.solve(self.para, self.style.size, self._measure())
        b = found.get(count)
        return b if b is not None and b.worst <= worst and not (b.demerits >= 1e6) else None

    def draw(self) -> None:
        if self.on_draw is not None:
            self.on_draw(self.canv)
        st = self.style
        lines = self.set or []
        first = self.para.first * st.size if not self.continued else 0.0
        top = len(lines) * st.leading  # a heading's rounding space goes above it
        if st.body and st.leading == st.grid:
            # A smaller size on the body's leading: its baselines where the
            # body's fall, not where its own size would centre them.
            top -= 0.28 * (st.body - st.size)
        L.draw_set(
            self.canv,
            lines,
            st.size,
            st.left,
            top,
            self._measure(),
            st.leading,
            st.justify,
            first=first,
            label=self.label if not self.continued else None,
            label_x=st.label_x - st.left,
            align=st.align,
            shaped=self.para.shape,
            hang=st.justify,
            expand=self.para.expand,
        )


def _rooms(para: L.Para, size: float, width: float) -> list[float]:
    s = size * para.scale
    room = width / s
    return [room - para.first, room]
