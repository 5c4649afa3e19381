"""A small, fast line breaker for card text.

Cards hold a few short paragraphs of left-aligned text, set again and again
at different sizes while fitting. Widths scale with the size, so each word
is measured once, at 1 pt, and cached; breaking a paragraph at any size is
then arithmetic. Drawing writes one compact text object per paragraph,
which keeps a thousand-card deck small. Platypus stays in charge of the
zines; this is only for boxes the size of a card.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth


class Span(NamedTuple):
    """Text in one face. (A tuple: a deck makes a hundred thousand of them.)"""

    text: str
    font: str


@lru_cache(maxsize=200_000)
def unit_width(text: str, font: str) -> float:
    """Width of ``text`` in ``font`` at 1 pt."""
    return stringWidth(text, font, 1.0)


@dataclass
class Para:
    """A paragraph to set: spans, and its hanging label (a list number).

    ``justify`` sets every line but the last flush on both sides (the
    reader's body text); otherwise lines are flush left and the breaker
    evens out their ragged ends. ``hyphenate`` names the pyphen dictionary
    (see :func:`zinemaker.typeset.hyphens.dictionary_name`), None for none.
    ``first`` indents the first line (in em of the paragraph's size)."""

    spans: list[Span]
    label: Span | None = None
    indent: float = 0.0  # in em, for the text after a label
    scale: float = 1.0  # this paragraph's size relative to the body size
    space_after: float = 0.3  # in em
    justify: bool = False
    hyphenate: str | None = None
    first: float = 0.0  # first-line indent, in em
    shape: bool = False  # kerning and ligatures (typeset/shaping.py): measured and drawn shaped
    keep_last: bool = False  # the last word never breaks inside it (an attribution: "― Hands-On Work")
    expand: float = 0.0  # font expansion: a justified line's glyphs may widen or narrow by this share
    _last: tuple | None = field(default=None, repr=False, compare=False)
    _words: dict | None = field(default=None, repr=False, compare=False)
    _drawn: tuple | None = field(default=None, repr=False, compare=False)  # see settle()


Line = list[Span]  # spans in order, spaces included; set from the line's left edge


class Piece(NamedTuple):
    """Text between two break opportunities, measured at 1 pt, and what
    follows it: ``SPACE`` (glue: dropped if the line breaks there),
    ``HYPHEN`` (a break that adds a hyphen), ``OWN`` (a break after the
    text's own hyphen), ``JOIN`` (a break after a dash, a slash or in an
    address, adding nothing), ``NONE`` (no break), or ``END``."""

    spans: tuple[Span, ...]
    unit: float
    after: int
    space: float  # the glue's width at 1 pt, when ``after`` is SPACE
    hyphen: float  # the hyphen's width at 1 pt, when ``after`` is HYPHEN


SPACE, HYPHEN, OWN, JOIN, NONE, END = range(6)


#: Characters a word may break after, with no space added: hyphens, dashes, a slash.
BREAK_AFTER = frozenset("-\u2010\u2013\u2014/")


def pieces(para: Para, hyphenate: bool = True) -> tuple[Piece, ...]:
    """The paragraph cut at every break opportunity, measured once at 1 pt
    whatever size it is then set at; with ``hyphenate`` False, without the
    breaks an added hyphen would make."""
    lang = para.hyphenate if hyphenate else None
    if para._words is None:
        para._words = {}
    done = para._words.get(lang)
    if done is not None:
        return done
    # The same text is cut the same way in every build of a run (Letter and
    # A4 set the same paragraphs): cut once, for any paragraph holding it.
    key = (tuple(para.spans), lang, para.shape, para.keep_last)
    done = _PIECES.get(key)
    if done is not None:
        para._words[lang] = done
        return done
    if len(_PIECES) > 20_000:
        _PIECES.clear()
    out: list[Piece] = []
    measure = _measurer(para)
    if len(para.spans) == 1:  # most paragraphs: words in one face
        text, font = para.spans[0]
        for part in text.replace("\n", " ").split(" "):
            if part:
                out += _word(part, font, lang, measure)
    else:
        # Words in several faces: a word runs on across a change of face
        # (an opening quote mark, a bold word's full stop).
        running: list[Span] = []
        for text, font in para.spans:
            parts = text.replace("\n", " ").split(" ")
            if parts[0]:
                running.append(Span(parts[0], font))
            if len(parts) == 1:
                continue
            if running:
                out += _spanned_word(tuple(running), lang, measure)
            for part in parts[1:-1]:
                if part:
                    out += _word(part, font, lang, measure)
            running = [Span(parts[-1], font)] if parts[-1] else []
        if running:
            out += _spanned_word(tuple(running), lang, measure)
    if para.keep_last and out:
        # The last word whole, its own hyphens and dashes no place to break.
        k = len(out) - 1
        while k > 0 and out[k - 1].after != SPACE:
            k -= 1
        tail = out[k:]
        if len(tail) > 1:
            spans = tuple(sp for it in tail for sp in it.spans)
            out[k:] = [Piece(spans, sum(it.unit for it in tail), SPACE, tail[-1].space, 0.0)]
    if out:
        p = out[-1]
        out[-1] = Piece(p.spans, p.unit, END, 0.0, 0.0)
    para._words[lang] = _PIECES[key] = tuple(out)
    return para._words[lang]


@lru_cache(maxsize=20_000)
def _spanned_word(word: tuple[Span, ...], lang: str | None, measure) -> tuple[Piece, ...]:  # noqa: ANN001
    """:func:`_word` for a word of one span or more (a change of face inside
    a word is no break, but the word's pieces follow its spans)."""
    if len(word) == 1:
        return _word(word[0].text, word[0].font, lang, measure)
    from zinemaker.typeset.hyphens import cuts

    text = "".join(p.text for p in word)
    at = [(c.at, (HYPHEN if c.hyphen else OWN if c.flagged else JOIN)) for c in cuts(text, lang)]
    edges = sorted(set([a for a, _ in at] + list(_span_edges(word))))
    kinds = dict(at)
    out: list[Piece] = []
    last = 0
    for e in edges + [len(text)]:
        if e <= last:
            continue
        spans = _slice(word, last, e)
        unit = sum(measure(sp.text, sp.font) for sp in spans)
        kind = kinds.get(e, NONE) if e < len(text) else SPACE
        font = spans[-1].font
        out.append(
            Piece(
                tuple(spans),
                unit,
                kind,
                measure(" ", font) if kind == SPACE else 0.0,
                measure("-", font) if kind == HYPHEN else 0.0,
            )
        )
        last = e
    return tuple(out)


@lru_cache(maxsize=100_000)
def _word(text: str, font: str, lang: str | None, measure) -> tuple[Piece, ...]:  # noqa: ANN001
    """A word in one face cut at its break opportunities (see
    :func:`zinemaker.typeset.hyphens.cuts`), the last piece followed by a
    space: cut and measured once, and the same objects wherever the word
    comes (a deck of thousands of cards says "the" a hundred thousand
    times, and keeps each paragraph's pieces while it is fitted)."""
    from zinemaker.typeset.hyphens import cuts

    space = measure(" ", font)
    found = cuts(text, lang) if len(text) > 3 else ()
    if not found:  # most words: one piece
        return (Piece((Span(text, font),), measure(text, font), SPACE, space, 0.0),)
    out: list[Piece] = []
    last = 0
    for c in found:
        part = text[last : c.at]
        kind = HYPHEN if c.hyphen else OWN if c.flagged else JOIN
        hy = measure("-", font) if c.hyphen else 0.0
        out.append(Piece((Span(part, font),), measure(part, font), kind, 0.0, hy))
        last = c.at
    part = text[last:]
    out.append(Piece((Span(part, font),), measure(part, font), SPACE, space, 0.0))
    return tuple(out)


#: Paragraphs' pieces by (spans, dictionary, shaped), across paragraphs.
_PIECES: dict[tuple, tuple[Piece, ...]] = {}


def _measurer(para: Para):  # noqa: ANN202
    """How the paragraph's text is measured at 1 pt: shaped (kerned, with
    ligatures) or by the glyphs' own widths."""
    if para.shape:
        from zinemaker.typeset import shaping

        if shaping.available():
            return _shaped_unit
    return globals()["unit_width"]


@lru_cache(maxsize=200_000)
def _shaped_unit(text: str, font: str) -> float:
    """A word's shaped width at 1 pt (a piece has no spaces, but a space is measured alone)."""
    from zinemaker.typeset.shaping import shape

    return shape(text, font).width if text != " " else unit_width(" ", font)


def shaped_width(text: str, font: str) -> float:
    """Width of ``text`` at 1 pt as HarfBuzz shapes it (spaces by their own width)."""
    from zinemaker.typeset.shaping import shape

    if " " not in text:
        return shape(text, font).width
    parts = text.split(" ")
    return sum(shape(p, font).width for p in parts if p) + (len(parts) - 1) * unit_width(" ", font)


def _span_edges(word: list[Span]) -> list[int]:
    edges, at = [], 0
    for sp in word[:-1]:
        at += len(sp.text)
        edges.append(at)
    return edges


def _slice(word: list[Span], a: int, b: int) -> list[Span]:
    out, at = [], 0
    for sp in word:
        lo, hi = max(a, at), min(b, at + len(sp.text))
        if lo < hi:
            out.append(Span(sp.text[lo - at : hi - at], sp.font))
        at += len(sp.text)
    return out


# ------------------------------------------------------------ the breaker


@dataclass(frozen=True)
class Tuning:
    """The breaker's weights, Knuth and Plass's names in brackets. Word
    spaces stretch by half a space and shrink by a third [TeX's fonts];
    badness is 100 r^3 for a line stretched or shrunk by ratio r."""

    stretch: float = 0.5  # of a space
    shrink: float = 1 / 3  # of a space
    pretolerance: float = 100.0  # badness a line may have without hyphenation [pretolerance]
    tolerance: float = 800.0  # badness a line may have with it [tolerance]
    line_penalty: float = 10.0  # [linepenalty]
    hyphen_penalty: float = 600.0  # an added hyphen [hyphenpenalty]
    own_penalty: float = 250.0  # a break after the text's own hyphen [exhyphenpenalty]
    join_penalty: float = 30.0  # after a dash or slash, or in an address
    double_hyphen: float = 30000.0  # two hyphenated lines in a row [doublehyphendemerits]
    final_hyphen: float = 8000.0  # the last full line hyphenated [finalhyphendemerits]
    mismatch: float = 5000.0  # a tight line next to a loose one [adjdemerits]
    page_hyphen: float = 1e6  # a hyphen ending a page's last line
    short_last: float = 2.0  # a last line shorter than this many em...
    short_last_demerits: float = 3000.0  # ...costs this much
    ragged: float = 3.0  # ragged lines: the right edge may vary by this many em


TUNING = Tuning()


@dataclass
class Broken:
    """A paragraph broken into lines: the index of each line's last piece,
    and the total demerits (lower is better)."""

    ends: list[int]
    demerits: float
    worst: float  # the largest stretch ratio of a line but the last

    @property
    def count(self) -> int:
        return len(self.ends)


def _fitness(r: float) -> int:
    return 0 if r < -0.5 else 1 if r <= 0.5 else 2 if r <= 1.0 else 3


def knuth_plass(
    items: tuple[Piece, ...],
    rooms: list[float],
    justify: bool = True,
    avoid: frozenset[int] = frozenset(),
    tuning: Tuning | None = None,
    passes: tuple[float, ...] | None = None,
    expand: float = 0.0,
) -> dict[int, Broken]:
    """Break ``items`` into lines of widths ``rooms`` (at 1 pt: the width over
    the size; the last entry holds for every later line), the best way for
    each number of lines it can take.

    Knuth and Plass's algorithm, written for zinemaker from their paper:
    every break opportunity is tried against every earlier one still in
    reach (the active nodes), each line scored by its badness and what ends
    it, and the whole paragraph's demerits minimised. Nodes are kept per
    line number, so the best paragraph of each length is known: a page can
    ask for one a line longer or shorter to avoid a widow. ``avoid`` holds
    the line numbers (from 1) that a hyphen must not end (a page's last).

    ``expand`` is font expansion as pdfTeX's microtype does it: a justified
    line's glyphs may be scaled horizontally by up to this share (0.02:
    2%), so every piece adds that much of its width to the line's stretch
    and shrink, and the breaker weighs it with the spaces'. A line of long
    words that may not be hyphenated (names) then has somewhere to go.
    """
    n = len(items)
    if n == 0:
        return {1: Broken([], 0.0, 0.0)}
    t = tuning or TUNING
    W, Y, Z, T = _sums(items, justify, expand, t)
    last_room = rooms[-1]
    penalty = {HYPHEN: t.hyphen_penalty, OWN: t.own_penalty, JOIN: t.join_penalty}
    em = 1.0
    # node: (total demerits, line, fitness, end index, hyphenated lines
    # ending here in a row, previous node, worst stretch ratio so far)
    start = (0.0, 0, 1, -1, 0, None, 0.0)
    active: dict[tuple[int, int, int], tuple] = {(-1, 0, 1): start}
    finals: list = []
    for tolerance in passes or (t.tolerance, 3000.0, float("inf")):
        # The last pass takes any line that is not overfull, and keeps one
        # node per place and fitness (not per line number, which would let
        # every count of one-word lines live).
        finals = _passes(items, W, Y, Z, T, rooms, last_room, justify, avoid, t, tolerance, penalty, em, dict(active))
        if finals:
            break
    if not finals:
        if passes:
            return {}
        # pieces that cannot be parted make a line too long: one piece a line
        return {n: Broken(list(range(n)), float("inf"), 0.0)}
    out: dict[int, Broken] = {}
    for node in finals:
        lines = node[1]
        if lines not in out or node[0] < out[lines].demerits:
            ends = []
            worst = node[6]
            k = node
            while k is not None and k[3] >= 0:
                ends.append(k[3])
                k = k[5]
            out[lines] = Broken(ends[::-1], node[0], worst)
    return out


def _sums(items: tuple[Piece, ...], justify: bool, expand: float, t: Tuning) -> tuple[list[float], ...]:
    """Running totals over the pieces: width, stretch, shrink, and how far
    letters may close up (cached: a paragraph is broken again at page turns
    and at other widths)."""
    key = (id(items), justify, expand, t)
    got = _SUMS.get(key)
    if got is not None and got[0] is items:
        return got[1]
    n = len(items)
    if not justify:
        # Ragged lines (a card's): only widths; nothing stretches, shrinks
        # or closes up but by the breaker's own allowance (Tuning.ragged).
        zeros = [0.0] * (n + 1)
        widths = [0.0]
        w = 0.0
        for _, unit, after, space, _ in items:
            w += unit
            if after == SPACE:
                w += space
            widths.append(w)
        if len(_SUMS) > 5000:
            _SUMS.clear()
        _SUMS[key] = (items, (widths, zeros, zeros, zeros))
        return widths, zeros, zeros, zeros
    W = [0.0] * (n + 1)
    Y = [0.0] * (n + 1)
    Z = [0.0] * (n + 1)
    T = [0.0] * (n + 1)  # how far the letters may close up, beyond Z
    w = y = z = tt = 0.0
    give = expand if justify else 0.0
    tighten = -MIN_TRACK if give else 0.0
    for i, it in enumerate(items):
        w += it.unit
        if give:
            y += it.unit * give
            z += it.unit * give
            # the gaps between its letters (one fewer than its letters at a word's end)
            tt += tighten * (sum(len(sp.text) for sp in it.spans) - (it.after in (SPACE, END)))
        if it.after == SPACE:
            w += it.space
            if justify:
                y += it.space * t.stretch
                z += it.space * t.shrink
        W[i + 1], Y[i + 1], Z[i + 1], T[i + 1] = w, y, z, tt
    if len(_SUMS) > 5000:
        _SUMS.clear()
    _SUMS[key] = (items, (W, Y, Z, T))
    return W, Y, Z, T


_SUMS: dict[tuple, tuple] = {}


#: How many lines more or fewer than the best so far a paragraph's breaks
#: are followed for (a page asks for one or two lines more or fewer).
LINE_SPREAD = 4


def _passes(items, W, Y, Z, T, rooms, last_room, justify, avoid, t, tolerance, penalty, em, active):  # noqa: ANN001, ANN202, C901
    """One pass of the breaker at one tolerance; the final nodes, or [] if
    some stretch of the paragraph had no acceptable line.

    Active nodes are kept in groups, one per place and line width: the
    nodes a break opportunity made (for different line counts, fitness
    classes and hyphen runs) share the line from there to the next break,
    so its width, badness and fitness are worked out once per group (with
    the running totals where the line starts)."""
    ragged = t.ragged * em
    nrooms = len(rooms)
    stretch_k, shrink_k = t.stretch, t.shrink
    keyed = tolerance != float("inf")
    line_penalty, double, final_hyphen, mismatch = t.line_penalty, t.double_hyphen, t.final_hyphen, t.mismatch
    short_last, short_demerits, page_hyphen = t.short_last * em, t.short_last_demerits, t.page_hyphen
    # the stretch ratio a line may have at this tolerance (badness 100 r^3)
    r_max = (tolerance / 100) ** (1 / 3) if keyed else float("inf")
    sums = (W, Y, Z, T)
    groups: list[tuple] = _group(list(active.values()), rooms, nrooms, last_room, sums)
    # Lines after the first share one room, and the first has no more:
    # then a line too loose means every line starting later is too.
    shared_room = nrooms <= 2
    first_narrower = rooms[0] <= last_room
    some_avoided = bool(avoid)
    for b, (_, _, kind, gap, hyphen) in enumerate(items):
        if kind == NONE:
            continue
        end = kind == END
        flagged = kind == HYPHEN or kind == OWN
        pen = penalty.get(kind, 0.0)
        pen2 = pen * pen
        Wb, Yb, Zb, Tb = W[b + 1] + hyphen, Y[b + 1], Z[b + 1], T[b + 1]
        if kind == SPACE:
            # the glue after the line's last piece is not part of the line
            Wb -= gap
            if justify:
                Yb -= gap * stretch_k
                Zb -= gap * shrink_k
        hyphen_avoided = flagged and some_avoided  # an added hyphen or the text's own
        best: dict[tuple[int, int, int], tuple] = {}
        dead = False
        for gi, (a, room, gnodes, Wa, Ya, Za, Ta) in enumerate(groups):
            natural = Wb - Wa
            fit = -1  # -1: each node keeps its own (a paragraph's last line)
            if natural > room:
                shrink = Zb - Za
                if shrink <= 0 or room - natural < -shrink:
                    tight = Tb - Ta
                    if shrink <= 0 or room - natural < -shrink - tight:
                        # too long now, and longer for every later break
                        groups[gi] = None  # type: ignore[call-overload]
                        dead = True
                        continue
                    # Spaces and glyphs at their narrowest, the letters
                    # close up a little (u of the way): a last resort, dearer
                    # as it goes, for a line with no good break.
                    u = (natural - room - shrink) / tight
                    r = -1.0
                    bad = 100 * (1 + u) ** 3
                    fit = 0
                else:
                    r = (room - natural) / shrink
                    bad = -100 * r * r * r
                    fit = 0 if r < -0.5 else 1
            elif end:
                r = 0.0
                bad = 0.0
            else:
                stretch = (Yb - Ya) if justify else ragged
                if stretch <= 0:
                    if keyed:
                        continue
                    stretch = 1e-9
                r = (room - natural) / stretch
                if r > r_max:
                    if shared_room and (a >= 0 or first_narrower):
                        # The groups run in the order their lines start, and
                        # each later line is shorter, with less to stretch,
                        # in as much room or more: too loose as well.
                        break
                    continue
                bad = 100 * r * r * r if r < 10 else 1e5
                fit = 1 if r <= 0.5 else 2 if r <= 1.0 else 3
            if bad > tolerance:
                continue
            base = (line_penalty + bad) ** 2 + pen2
            if end and natural < short_last and a >= 0:
                base += short_demerits
            if not (flagged or end):
                # Most breaks: at a space, before the paragraph's end. The
                # loop below without what cannot apply here (no hyphen run,
                # no page's last line to keep a hyphen off, a fitness of
                # the line's own): the same demerits, summed the same way.
                for node in gnodes:
                    was = node[2]
                    if justify and (fit - was > 1 or was - fit > 1):
                        total = node[0] + (base + mismatch)
                    else:
                        total = node[0] + base
                    line = node[1] + 1
                    k = (line if keyed else 0, fit, 0)
                    old = best.get(k)
                    if old is None or total < old[0]:
                        worst = node[6]
                        best[k] = (total, line, fit, b, 0, node, worst if worst >= r else r)
                continue
            for node in gnodes:
                d = base
                run = node[4] + 1 if flagged else 0
                if run >= 2:
                    if run > 2:
                        if keyed:
                            continue  # never three hyphens in a row...
                        d += 1e11  # ...unless nothing else will do (dearer than a gaping line)
                    d += double
                nfit = node[2] if fit < 0 else fit
                if end:
                    if node[4]:
                        d += final_hyphen
                elif justify and (nfit - node[2] > 1 or node[2] - nfit > 1):
                    d += mismatch
                line = node[1]
                if hyphen_avoided and (line + 1) in avoid:
                    d += page_hyphen
                total = node[0] + d
                k = (line + 1 if keyed else 0, nfit, run if run < 3 else 3)
                old = best.get(k)
                if old is None or total < old[0]:
                    worst = node[6] if end or node[6] >= r else r
                    best[k] = (total, line + 1, nfit, b, run, node, worst)
        if dead:
            groups = [g for g in groups if g is not None]
        if end:
            return list(best.values())
        if best:
            made = list(best.values())
            if keyed and len(made) > 1:
                # Only line counts near the best here can end near the best
                # paragraph: the rest would make a long paragraph's nodes
                # grow with its length (and its time with the square).
                center = min(made, key=_demerits)[1]
                made = [nd for nd in made if -LINE_SPREAD <= nd[1] - center <= LINE_SPREAD]
            groups += _group(made, rooms, nrooms, last_room, sums)
        if not groups:
            return []
    return []


_demerits = itemgetter(0)


def _group(nodes: list, rooms: list[float], nrooms: int, last_room: float, sums: tuple) -> list[tuple]:
    """Nodes made at one place, grouped by the width of the line they start,
    each group with the running totals where that line starts."""
    W, Y, Z, T = sums
    if len(nodes) == 1 or nrooms <= 2 and all(nd[1] >= 1 for nd in nodes):
        nd = nodes[0]
        a = nd[3]
        return [(a, rooms[nd[1]] if nd[1] < nrooms else last_room, nodes, W[a + 1], Y[a + 1], Z[a + 1], T[a + 1])]
    out: dict[tuple[int, float], list] = {}
    for nd in nodes:
        out.setdefault((nd[3], rooms[nd[1]] if nd[1] < nrooms else last_room), []).append(nd)
    return [(a, room, g, W[a + 1], Y[a + 1], Z[a + 1], T[a + 1]) for (a, room), g in out.items()]


def solve(para: Para, size: float, width: float) -> dict[int, Broken]:
    """The paragraph's best breaks at ``size`` in ``width``, for each line
    count it can take (cached: fitting asks again at the same size). A
    paragraph that fits on its first line is that line alone (see
    :func:`one_line`)."""
    key = (size, width)
    if para._last is not None and para._last[0] == key:
        return para._last[1]
    s = size * para.scale
    room = (width - (para.indent * s if para.label else 0.0)) / s
    first = room - para.first
    rooms = [first, room]
    found: dict[int, Broken] | None = None
    items = pieces(para, hyphenate=False)
    if para.hyphenate and para.justify:
        # As TeX does: first without hyphenation, which is cheaper and keeps
        # hyphens for the paragraphs that need them.
        found = one_line(items, first, room)
        if found is None and not summary(items).widest > room:
            found = _broken(items, rooms, para.justify, para.expand, (TUNING.pretolerance,)) or None
        if found is None:
            items = pieces(para)
    elif para.hyphenate:
        items = pieces(para)
    if found is None:
        found = one_line(items, first, room)
    if found is None:
        if summary(items).widest > min(first, room) and any(
            p.unit > (first if i == 0 else room) for i, p in enumerate(items)
        ):
            items = _cut_long(items, min(first, room))
        found = _broken(items, rooms, para.justify, para.expand)
    para._last = (key, found, items)
    return found


def one_line(items: tuple[Piece, ...], first: float, room: float) -> dict[int, Broken] | None:
    """What :func:`knuth_plass` finds best for pieces whose natural width is
    within the first line's room (and the others'), found without it: the
    one line, as it scores it; None for a paragraph that does not fit so.

    Titles, facts and short lines are most of what a deck sets. Their one
    line has no badness (a last line is never stretched) and the fewest
    demerits any breaking can have (each line costs the line penalty, and
    this is one line), so the breaker would choose it; the longer settings
    it would also list are never chosen for a paragraph of one line (a page
    asks for one a line longer only of a paragraph of three or more)."""
    if not items:
        return None
    if summary(items).peak > (first if first < room else room):
        return None
    return {1: Broken([len(items) - 1], (TUNING.line_penalty + 0.0) ** 2, 0.0)}


def _broken(
    items: tuple[Piece, ...], rooms: list[float], justify: bool, expand: float, passes: tuple[float, ...] | None = None
) -> dict[int, Broken]:
    """:func:`knuth_plass` for these pieces in these rooms, worked out once
    per run (the same paragraph at the same size: a deck's copies of a
    card, the Letter and A4 builds' cards, fitting that asks again)."""
    key = (id(items), rooms[0], rooms[1], justify, expand, passes, LINE_SPREAD)
    got = _BREAKS.get(key)
    if got is not None and got[0] is items:
        return got[1]
    found = knuth_plass(items, rooms, justify, passes=passes, expand=expand)
    if len(_BREAKS) > 20_000:
        _BREAKS.clear()
    _BREAKS[key] = (items, found)
    return found


#: Breaks found, by (pieces, rooms, how set, what the breaker follows), with the pieces they are of.
_BREAKS: dict[tuple, tuple[tuple[Piece, ...], dict[int, Broken]]] = {}


def best(found: dict[int, Broken]) -> Broken:
    """The paragraph with the fewest demerits."""
    if len(found) == 1:  # most: one line, or only one way to break
        return next(iter(found.values()))
    return min(found.values(), key=lambda b: (b.demerits, b.count))


def _cut_long(items: tuple[Piece, ...], room: float) -> tuple[Piece, ...]:
    """Pieces longer than a line cut by letters (rare: a long address on a
    narrow card), joined with breaks that add nothing."""
    out: list[Piece] = []
    for p in items:
        if p.unit <= room:
            out.append(p)
            continue
        text = "".join(sp.text for sp in p.spans)
        font = p.spans[-1].font
        start = 0
        while start < len(text):
            stop = start + 1
            while stop < len(text) and unit_width(text[start : stop + 1], font) <= room:
                stop += 1
            chunk = text[start:stop]
            last = stop >= len(text)
            out.append(
                Piece((Span(chunk, font),), unit_width(chunk, font), p.after if last else JOIN,
                      p.space if last else 0.0, p.hyphen if last else 0.0)
            )
            start = stop
    return tuple(out)


@dataclass
class SetLine:
    """One line as set: its spans (spaces included), its natural width at
    1 pt, how many word spaces it has, and whether it is the paragraph's
    last (not stretched) and ends in a hyphen."""

    spans: list[Span]
    natural: float
    spaces: int
    last: bool
    hyphen: bool
    space: float = 0.0  # the word spaces' natural width at 1 pt, all of them


def set_lines(para: Para, size: float, width: float, broken: Broken | None = None) -> list[SetLine]:
    """The paragraph's lines as broken by :func:`solve` (its best, unless
    ``broken`` names another)."""
    found = solve(para, size, width)
    items = para._last[2]
    if broken is None:
        broken = best(found)
    if not items:
        return [SetLine([], 0.0, 0, True, False)]
    out: list[SetLine] = []
    a = 0
    for k, e in enumerate(broken.ends):
        pieces_: list[Span] = []
        natural = 0.0
        spaces = 0
        space = 0.0
        for i in range(a, e + 1):
            it = items[i]
            pieces_ += it.spans
            natural += it.unit
            if i < e and it.after == SPACE:
                pieces_.append(Span(" ", it.spans[-1].font))
                natural += it.space
                space += it.space
                spaces += 1
        end = items[e]
        if end.after == HYPHEN:
            pieces_.append(Span("-", end.spans[-1].font))
            natural += end.hyphen
        spans = [Span("".join(p.text for p in run), font) for font, run in groupby(pieces_, key=_font)]
        out.append(SetLine(spans, natural, spaces, k == len(broken.ends) - 1, end.after in (HYPHEN, OWN), space))
        a = e + 1
    return out


def break_lines(para: Para, size: float, width: float) -> list[Line]:
    """The paragraph's lines at ``size`` within ``width``, each as its spans
    (those of :func:`set_lines`, gathered without measuring the lines: a
    card deck draws a hundred thousand of them)."""
    if para._drawn is not None and para._drawn[0] == (size, width):
        return para._drawn[1]
    found = solve(para, size, width)
    items = para._last[2]
    if not items:
        return [[]]
    ends = best(found).ends
    if len(para.spans) == 1:
        got = _word_lines(para.spans[0], items, ends)
        if got is not None:
            return got
    font = summary(items).face
    return _face_lines(items, ends, font) if font is not None else _span_lines(items, ends)


def _word_lines(span: Span, items: tuple[Piece, ...], ends: list[int]) -> list[Line] | None:
    """:func:`_face_lines` for a paragraph of one span whose pieces are its
    words, one each (no hyphen, dash or slash in a word to break at: most of
    a card's steps): each line its words as written, joined by spaces, cut
    from the text without a look at a piece. None for any other paragraph."""
    words = span.text.replace("\n", " ").split(" ")
    if len(words) != len(items) or "" in words:
        return None  # a word cut in pieces, or spaces the pieces drop
    font = span.font
    out: list[Line] = []
    a = 0
    for e in ends:
        out.append([Span(" ".join(words[a : e + 1]), font)])
        a = e + 1
    return out


def _span_lines(items: tuple[Piece, ...], ends: list[int]) -> list[Line]:
    """Lines of pieces as spans: a run of text in one face is one span, with
    the spaces between pieces and the hyphen a line ends with."""
    out: list[Line] = []
    a = 0
    for e in ends:
        line: Line = []
        font = None
        texts: list[str] = []
        for i in range(a, e + 1):
            spans, _, after, _, _ = items[i]
            for text, face in spans:
                if face != font:
                    if texts:
                        line.append(Span("".join(texts), font))
                    font, texts = face, [text]
                else:
                    texts.append(text)
            tail = " " if i < e and after == SPACE else "-" if i == e and after == HYPHEN else ""
            if tail:
                last = spans[-1].font
                if last != font:
                    line.append(Span("".join(texts), font))
                    font, texts = last, []
                texts.append(tail)
        if texts:
            line.append(Span("".join(texts), font))
        out.append(line)
        a = e + 1
    return out


def _face_lines(items: tuple[Piece, ...], ends: list[int], font: str) -> list[Line]:
    """:func:`_span_lines` for pieces that are each one span in ``font``
    (most paragraphs): each line one span, written out directly."""
    out: list[Line] = []
    a = 0
    for e in ends:
        texts = []
        for i in range(a, e):
            spans, _, after, _, _ = items[i]
            texts.append(spans[0].text)
            if after == SPACE:
                texts.append(" ")
        spans, _, after, _, _ = items[e]
        texts.append(spans[0].text)
        if after == HYPHEN:
            texts.append("-")
        out.append([Span("".join(texts), font)])
        a = e + 1
    return out


class Summary(NamedTuple):
    """What is asked of a paragraph's pieces again and again, found once:
    the widest piece (at 1 pt), the widest the line grows to as the pieces
    are laid end to end with their spaces (summed as :func:`_sums` sums a
    line, so comparisons are the breaker's), and the one face all of them
    are in, each one span, or None."""

    widest: float
    peak: float
    face: str | None


def summary(items: tuple[Piece, ...]) -> Summary:
    """The pieces' :class:`Summary` (kept per run, as their breaks are)."""
    got = _SUMMARIES.get(id(items))
    if got is not None and got[0] is items:
        return got[1]
    widest = items[0].unit if items else 0.0
    peak, w = -math.inf, 0.0
    face = items[0].spans[0].font if items else None
    for spans, unit, after, space, _ in items:
        w += unit
        if after == SPACE:
            w += space
        if w > peak:
            peak = w
        if unit > widest:
            widest = unit
        if face is not None and (len(spans) != 1 or spans[0].font != face):
            face = None
    out = Summary(widest, peak, face)
    if len(_SUMMARIES) > 50_000:
        _SUMMARIES.clear()
    _SUMMARIES[id(items)] = (items, out)
    return out


_SUMMARIES: dict[int, tuple[tuple[Piece, ...], Summary]] = {}


def settle(para: Para, size: float, width: float) -> None:
    """Keep the paragraph's lines at ``size`` in ``width`` (what :func:`draw`
    draws there) and let go of its measured pieces and the breaker's
    results: a deck of thousands of cards, fitted, then drawn, holds only
    its lines. Asked again at another size, it is measured again."""
    para._drawn = ((size, width), _lines_of(para, size, width))
    para._words = para._last = None


def release() -> None:
    """Let go of the pieces kept for paragraphs of the same text (a run's
    Letter and A4 builds share them), once every paragraph that needs them
    is set (:func:`settle`)."""
    _PIECES.clear()
    _BREAKS.clear()
    _LEAST.clear()
    _SUMMARIES.clear()
    _SUMS.clear()


def _font(span: Span) -> str:
    return span.font


def too_wide(paras: list[Para], size: float, width: float) -> str | None:
    """The first word wider than its line at ``size``, if any: text that
    would have to be cut to fit the width."""
    for p in paras:
        s = size * p.scale
        room = (width - (p.indent * s if p.label else 0.0)) / s
        for it in pieces(p):
            if it.unit > room:
                return "".join(sp.text for sp in it.spans)
    return None


def count_lines(para: Para, size: float, width: float) -> int:
    """How many lines the paragraph takes at ``size`` within ``width``."""
    if one_line_as_written(para, size, width):
        return 1
    return max(1, best(solve(para, size, width)).count)


def least_lines(para: Para, size: float, width: float) -> int:
    """The fewest lines the paragraph can take at ``size`` within ``width``:
    every line filled as far as it goes (first fit, which no breaking
    beats; a justified line's spaces shrunk as far as they may). Cheap, and
    never more than :func:`count_lines`, which evens out the lines and may
    take more; so a box the text does not fit in at this count, it does not
    fit in at all. (A word wider than its line is counted as a line of its
    own: check :func:`too_wide` first.)"""
    s = size * para.scale
    room = (width - (para.indent * s if para.label else 0.0)) / s
    cap = room - para.first
    items = pieces(para, hyphenate=bool(para.hyphenate))
    # The same text at the same size (a deck's copies of a card, its
    # standard steps) is counted once per run, as it is broken once.
    key = (id(items), room, cap, para.justify)
    got = _LEAST.get(key)
    if got is not None and got[0] is items:
        return got[1]
    count = _first_fit(items, room, cap, TUNING.shrink if para.justify else 0.0)
    if len(_LEAST) > 50_000:
        _LEAST.clear()
    _LEAST[key] = (items, count)
    return count


#: Fewest lines found, by (pieces, rooms, justified), with the pieces they are of.
_LEAST: dict[tuple, tuple[tuple[Piece, ...], int]] = {}


def _first_fit(items: tuple[Piece, ...], room: float, cap: float, squeeze: float) -> int:
    """How many lines first fit fills with ``items``: the first line ``cap``
    wide, the others ``room``, each space shrunk by ``squeeze`` of itself."""
    if not squeeze:
        return _first_fit_ragged(items, room, cap)
    count = 1
    at = give = 0.0  # the line's width so far (glue after its last piece included), and its shrink
    last = last_give = -1.0  # both just after the line's last break that fits; -1: none yet
    full = False  # the line holds a word too wide for it: the next piece starts another
    over = cap + 1e-9  # a line is full past this
    for _, unit, kind, space, hyphen in items:
        if full:
            count += 1
            over = room + 1e-9
            full = False
        at += unit
        if kind == NONE:
            continue
        hy = hyphen if kind == HYPHEN else 0.0
        if at + hy - give > over and last >= 0:
            # break at the last place that fitted: what follows it starts the next line
            count += 1
            over = room + 1e-9
            at -= last
            give -= last_give
        if at + hy - give > over:
            # a word too wide for any line: a line of its own
            at = give = 0.0
            last = last_give = -1.0
            full = True
            continue
        if kind == SPACE:
            at += space
            give += space * squeeze
        last, last_give = at, give
    return count


def _first_fit_ragged(items: tuple[Piece, ...], room: float, cap: float) -> int:
    """:func:`_first_fit` with spaces that do not shrink (a card's ragged
    lines): its loop without the shrink, which stays 0 there, so every sum
    and comparison is the one it makes."""
    count = 1
    at = 0.0  # the line's width so far (glue after its last piece included)
    last = -1.0  # just after the line's last break that fits; -1: none yet
    full = False  # the line holds a word too wide for it: the next piece starts another
    over = cap + 1e-9  # a line is full past this
    for _, unit, kind, space, hyphen in items:
        if full:
            count += 1
            over = room + 1e-9
            full = False
        at += unit
        if kind == NONE:
            continue
        w = at + hyphen if kind == HYPHEN else at
        if w > over and last >= 0:
            # break at the last place that fitted: what follows it starts the next line
            count += 1
            over = room + 1e-9
            at -= last
            w = at + hyphen if kind == HYPHEN else at
        if w > over:
            # a word too wide for any line: a line of its own
            at = 0.0
            last = -1.0
            full = True
            continue
        if kind == SPACE:
            at += space
        last = at
    return count


def least_height(paras: list[Para], size: float, width: float, leading: float = 1.2) -> float:
    """The height :func:`height` gives, with each paragraph at its fewest
    lines (:func:`least_lines`): never more than the height as set."""
    return _stacked(paras, size, width, leading, least_lines)


def height(paras: list[Para], size: float, width: float, leading: float = 1.2) -> float:
    """The height of paragraphs set at ``size``."""
    return _stacked(paras, size, width, leading, count_lines)


def _stacked(paras: list[Para], size: float, width: float, leading: float, lines_of) -> float:  # noqa: ANN001
    """Paragraphs one above the other, each ``lines_of(para, size, width)``
    lines high, with the space after each but the last."""
    total = 0.0
    for i, p in enumerate(paras):
        s = size * p.scale
        total += lines_of(p, size, width) * s * leading
        if i < len(paras) - 1:
            total += p.space_after * s
    return total


@lru_cache(maxsize=8192)
def _num(v: float) -> str:
    """A number to 1/100 pt, as short as it goes: 12, 12.5, -0.25. (Kept:
    every card puts its lines at the same few places.)"""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def draw(
    c,
    paras: list[Para],
    size: float,
    x: float,
    top: float,
    width: float,
    leading: float = 1.2,  # noqa: ANN001
    grey: float | dict[int, float] = 0.0,
    align: str = "left",
) -> float:
    """Draw paragraphs from ``top`` down in ``grey`` (0 is black, 1 white;
    or a grey per paragraph), each line flush left or, with ``align`` =
    "centre" or "right", centred in the width or flush right; return the y
    below the last one.

    All of it is one text object, moved line to line with relative moves:
    a few bytes a line, where absolute positions cost six numbers each. The
    operators are written here rather than through reportlab's text object,
    which measures every string again as it goes; fonts are still encoded
    (and subset) by reportlab."""
    doc = c._doc
    faces = c.__dict__.setdefault("_zm_faces", {})
    ops: list[str] = []
    add = ops.append
    y = top
    here: tuple[float, float] | None = None
    shade = None
    face = None
    centre = align == "centre"
    for i, p in enumerate(paras):
        s = size * p.scale
        step = s * leading
        half, rise = s * (leading - 1) / 2, s * 0.22
        left = p.indent * s if p.label else 0.0
        want = grey.get(i, 0.0) if isinstance(grey, dict) else grey
        flush = round(x + left, 2)  # where a line starts, flush left (after a label)
        for n, line in enumerate(_lines_of(p, size, width)):
            y -= step
            baseline = round(y + half + rise, 2)
            if want != shade:
                add(f"{_num(want)} g")
                shade = want
            start = flush if (n or not p.label) else round(x, 2)
            if align != "left":
                room = width - sum(unit_width(*sp) for sp in line) * s
                start = round(x + (room / 2 if centre else room), 2)
            if here is None:
                add(f"{_num(start)} {_num(baseline)} Td")
            elif start != here[0] or baseline != here[1]:
                add(f"{_num(start - here[0])} {_num(baseline - here[1])} Td")
            here = (start, baseline)
            if n == 0 and p.label:
                face = _show(c, doc, ops, p.label, s, face)
                add(f"{_num(left)} 0 Td")
                here = (round(start + left, 2), baseline)
            for span in line:
                # _show's common case, here: a line is a span or two.
                text = span[0]
                known = faces.get(span[1])
                if text and known is not None and known.name and len(known.state.subsets) == 1:
                    if known.plain.issuperset(text):
                        codes = text  # every character its own code: what the table would give
                    elif known.known.issuperset(text):
                        codes = text.translate(known.table)
                    else:
                        face = _show(c, doc, ops, span, s, face)
                        continue
                    if face is None or face[0] != known.name or face[1] != s:
                        face = (known.name, s)
                        add(f"{known.name} {_num(s)} Tf")
                    add(f"({codes}) Tj")
                else:
                    face = _show(c, doc, ops, span, s, face)
        y -= p.space_after * s if i < len(paras) - 1 else 0
    if ops:
        c._code.append("BT " + " ".join(ops) + " ET")
    return y


def _lines_of(p: Para, size: float, width: float) -> list[Line]:
    """The paragraph's lines as :func:`draw` sets them: as settled, else as
    :func:`break_lines` breaks them. A paragraph of one span that fits on
    one line with room to spare (a card's number, a fact) is that line, as
    the breaker would find (no break costs least), without breaking it."""
    drawn = p._drawn
    if drawn is not None and drawn[0] == (size, width):
        return drawn[1]
    if one_line_as_written(p, size, width):
        return [[p.spans[0]]]
    return break_lines(p, size, width)


def one_line_as_written(p: Para, size: float, width: float) -> bool:
    """Whether the paragraph is one line of one span, as written, at
    ``size`` in ``width``: what the breaker finds for it (its one line
    costs least), known from the text's width alone, with no pieces cut
    or measured. A card's title, its facts and its numbers are most often
    that."""
    if len(p.spans) == 1 and p.label is None and not p.first and not p.shape:
        text, font = p.spans[0]
        # Spaces as the breaker leaves them: single, none at either end.
        if text and text[0] != " " and text[-1] != " " and "  " not in text and "\n" not in text:
            return unit_width(text, font) * size * p.scale < width - 0.01
    return False


def draw_at(c, spans: list[Span], size: float, x: float, baseline: float, width: float, **kw) -> None:  # noqa: ANN001
    """One paragraph (usually one line) with its first baseline at ``baseline``."""
    draw(c, [Para(spans, space_after=0)], size, x, baseline + size * (1.2 - 0.1 - 0.22), width, 1.2, **kw)


def _show(c, doc, ops: list[str], span: Span, size: float, face):  # noqa: ANN001, ANN202
    text = span.text
    if not text:
        return face
    # Most spans: a font of one subset, every character already given its
    # code (what _encode would give, by its table).
    known = c.__dict__.get("_zm_faces", {}).get(span.font)
    if known is not None and known.name and len(known.state.subsets) == 1 and known.known.issuperset(text):
        if (known.name, size) != face:
            ops.append(f"{known.name} {_num(size)} Tf")
            face = (known.name, size)
        ops.append(f"({text.translate(known.table)}) Tj")
        return face
    for name, codes in _encode(c, doc, span):
        if (name, size) != face:
            ops.append(f"{name} {_num(size)} Tf")
            face = (name, size)
        ops.append(f"({codes}) Tj")
    return face


class _Face:
    """A font in one document: its name there and the characters it has
    given codes so far, with their codes escaped for a PDF string; and
    those of them written as themselves (reportlab keeps printable ASCII
    readable), so a text of only those is written as it is."""

    __slots__ = ("font", "state", "table", "known", "plain", "name")

    def __init__(self, font, doc) -> None:  # noqa: ANN001
        font.splitString("", doc)  # makes the font's state for this document
        self.font, self.state = font, font.state[doc]
        self.table: dict[int, str] = {}
        self.known: set[str] = set()
        self.plain: set[str] = set()
        self.name = ""


def _encode(c, doc, span: Span) -> list[tuple[str, str]]:  # noqa: ANN001
    """A span's text as its font's subset codes, escaped for a PDF string,
    with the subset's name: what reportlab's ``splitString`` and ``_escape``
    give, one character at a time, but by a table once the characters are
    known.

    A character is given its code by reportlab the first time it is seen,
    in the order the text comes, so the codes (and the file) are the same
    from run to run. The tables live on the canvas, one per font.
    """
    faces = c.__dict__.setdefault("_zm_faces", {})
    face = faces.get(span.font)
    if face is None:
        face = faces[span.font] = _Face(getFont(span.font), doc)
    text = span.text
    if not face.known.issuperset(text):
        for ch in dict.fromkeys(text):
            if ch not in face.known:
                [(_, code)] = face.font.splitString(ch, doc)
                escaped = face.table[ord(ch)] = c._escape(code)
                face.known.add(ch)
                if escaped == ch:
                    face.plain.add(ch)
    if len(face.state.subsets) > 1:  # over 256 characters in this font: more than one subset
        font = face.font
        return [
            (font.getSubsetInternalName(subset, doc), c._escape(codes)) for subset, codes in font.splitString(text, doc)
        ]
    if not face.name:
        face.name = face.font.getSubsetInternalName(0, doc)
    return [(face.name, text.translate(face.table))]


def draw_set(
    c,  # noqa: ANN001
    lines: list[SetLine],
    size: float,
    x: float,
    top: float,
    width: float,
    leading: float,
    justify: bool,
    first: float = 0.0,
    label: Span | None = None,
    label_x: float = 0.0,
    align: str = "left",
    shaped: bool = False,
    hang: bool = False,
    expand: float = 0.0,
) -> None:
    """Draw lines set by :func:`set_lines`, from ``top`` down, ``leading``
    points apart (each line's baseline where :func:`draw` puts it). A
    justified line but a paragraph's last fills ``width`` as
    :func:`fill_line` says (spaces, glyphs scaled by ``expand`` at most,
    letter-spacing); ``first`` indents the first line (points),
    and ``label`` (a list number) hangs at ``label_x`` on it."""
    doc = c._doc
    ops: list[str] = []
    face = None
    h_scale = 1.0
    y = top
    for n, ln in enumerate(lines):
        y -= leading
        baseline = round(y + (leading - size) / 2 + size * 0.22, 2)
        if n == 0 and label is not None:
            ops.append(f"1 0 0 1 {_num(x + label_x)} {_num(baseline)} Tm")
            face = _show(c, doc, ops, label, size, face)
        start = x + (first if n == 0 else 0.0)
        room = width - (first if n == 0 else 0.0)
        natural = ln.natural
        if shaped:
            # as drawn: a word whole may kern or join across a hyphenation point
            natural = sum(shaped_width(sp.text, sp.font) for sp in ln.spans)
        if align != "left":
            slack = room - natural * size
            start += slack / 2 if align == "centre" else slack
        ops.append(f"1 0 0 1 {_num(start)} {_num(baseline)} Tm")
        if justify and hang and ln.spans:
            # Hanging punctuation: a hyphen, stop or quote at an edge of a
            # justified line sits partly in the margin, so the edge looks straight.
            left = _hang(ln.spans[0].text[:1], ln.spans[0].font, HANG_LEFT) * size
            right = 0.0 if ln.last else _hang(ln.spans[-1].text[-1:], ln.spans[-1].font, HANG_RIGHT) * size
            start -= left
            room += left + right
            ops.append(f"1 0 0 1 {_num(start)} {_num(baseline)} Tm")
        scale, extra, track = 1.0, 0.0, 0.0
        if justify and not ln.last:
            glyphs = sum(_glyph_count(sp, shaped) for sp in ln.spans)
            scale, extra, track = fill_line(natural * size, ln.space * size, ln.spaces, glyphs, room, size, expand)
        if scale != h_scale:
            ops.append(f"{_num(scale * 100)} Tz")
            h_scale = scale
        if track:
            ops.append(f"{_num(track)} Tc")
            # Tc spaces every glyph, the space and the letter before it
            # too: those two are taken back from the word space, so the
            # letters are spaced by ``track`` and the words by ``extra``.
            extra -= 2 * track
        for span in ln.spans:
            if shaped:
                face = _show_shaped(c, doc, ops, span, size, face, -extra / size * 1000)
            elif extra and " " in span.text:
                face = _show_spaced(c, doc, ops, span, size, face, -extra / size * 1000)
            else:
                face = _show(c, doc, ops, span, size, face)
        if track:
            ops.append("0 Tc")
    if h_scale != 1.0:
        ops.append("100 Tz")
    if ops:
        c._code.append("BT " + " ".join(ops) + " ET")


def fill_line(
    natural: float, space: float, spaces: int, glyphs: int, room: float, size: float, expand: float = 0.0
) -> tuple[float, float, float]:
    """How a justified line fills ``room`` (points): the horizontal scale of
    its glyphs, what each word space gains (points, before scaling; negative
    to shrink) and the letter-spacing (points), for a line of ``natural``
    width whose ``spaces`` word spaces are ``space`` wide in all and which
    draws ``glyphs`` glyphs, spaces included.

    As pdfTeX with microtype: the glyphs widen or narrow with the spaces, in
    proportion, by ``expand`` at most (at a stretch ratio of 1). A line still
    loose once its spaces are MAX_SPACE em wider than their own width takes
    the rest between its letters, up to MAX_TRACK em each; past that, the
    spaces take it all (a line with no better break). A line too long at
    its tightest (spaces a third narrower, glyphs ``expand`` narrower) closes
    its letters up, by MIN_TRACK em at most, as the breaker allowed. With
    expansion (the reader), a line whose word spaces would still be wider
    than MAX_GAP em is left flush left instead: (1, 0, 0)."""
    slack = room - natural
    if natural <= 0:
        return 1.0, 0.0, 0.0
    if slack >= 0:
        give = space * TUNING.stretch + natural * expand
        r = min(1.0, slack / give) if give > 0 else 1.0
    else:
        give = space * TUNING.shrink + natural * expand
        r = max(-1.0, slack / give) if give > 0 else -1.0
    scale = 1.0 + expand * r
    rest = room / scale - natural  # for the spaces and letters, in unscaled points
    if not spaces:
        return scale, 0.0, 0.0  # one word: it only scales
    track = 0.0
    letters = glyphs - 1 - 2 * spaces  # gaps between letters within words
    over = rest - spaces * MAX_SPACE * size
    if over > 0 and letters > 0:
        track = min(MAX_TRACK * size, over / letters)
        rest -= track * letters
    under = rest + space * TUNING.shrink  # below 0: tighter than the spaces can go
    if under < 0 and expand and letters > 0:
        track = max(MIN_TRACK * size, under / letters)
        rest -= track * letters
    if expand and (space + rest) / spaces * scale > MAX_GAP * size:
        # Holes whatever is done (a long address with nowhere to break):
        # the line is set flush left at its own spacing instead.
        return 1.0, 0.0, 0.0
    return scale, rest / spaces, track


def _glyph_count(span: Span, shaped: bool) -> int:
    """How many glyphs a span draws (a ligature is one)."""
    if not shaped:
        return len(span.text)
    from zinemaker.typeset.shaping import shape

    words = span.text.split(" ")
    return sum(len(shape(w, span.font).chars) for w in words if w) + len(words) - 1


#: How far a character at a justified line's edge hangs into the margin,
#: as a share of its width.
HANG_RIGHT = {
    "-": 0.6, "\u2010": 0.6, ".": 0.5, ",": 0.5, ";": 0.3, ":": 0.3, "\u2019": 0.7, "\u201d": 0.7, '"': 0.5, "'": 0.5,
}
HANG_LEFT = {"\u201c": 0.7, "\u2018": 0.7, '"': 0.5, "'": 0.5}


def _hang(ch: str, font: str, table: dict[str, float]) -> float:
    share = table.get(ch)
    return share * unit_width(ch, font) if share else 0.0


#: Word spaces widen to this (em, beyond the space itself) before letters
#: are spaced too, by at most MAX_TRACK em each.
MAX_SPACE = 0.19
MAX_TRACK = 0.03

#: A justified line with glyph expansion that still does not fit at its
#: tightest may close its letters up by this much (em) at most; the breaker
#: counts it as a last resort.
MIN_TRACK = -0.01

#: The widest word space (em) a justified line of the reader is set with,
#: after expansion and letter-spacing; a line that would need more is set
#: flush left (ragged) at its natural spacing, rather than with holes.
MAX_GAP = 0.6

#: Font expansion of the reader's justified lines: glyphs 2% wider or
#: narrower at most (microtype's default, below what a reader notices).
EXPANSION = 0.02


def _show_shaped(c, doc, ops: list[str], span: Span, size: float, face, space_adjust: float):  # noqa: ANN001, ANN202
    """A span drawn as HarfBuzz shaped it: one TJ array, a kerning
    adjustment where a pair is kerned, ligatures as their glyphs, and each
    word space widened by ``space_adjust`` (thousandths of an em)."""
    chunks: list[str] = []  # text to encode, each followed by its adjustment
    adjusts: list[str] = []
    chunk = ""
    space = _num(space_adjust) if space_adjust else None
    words = span.text.split(" ")
    last = len(words) - 1
    for k, word in enumerate(words):
        if word:
            for chars, adj in _shaped_runs(word, span.font):
                chunk += chars
                if adj is not None:
                    chunks.append(chunk)
                    adjusts.append(adj)
                    chunk = ""
        if k < last:
            chunk += " "
            if space is not None:
                chunks.append(chunk)
                adjusts.append(space)
                chunk = ""
    chunks.append(chunk)
    # Every character given its code, in the order the text comes (as
    # reportlab would one chunk at a time); then each chunk by the table.
    enc = _encode(c, doc, Span("".join(chunks), span.font))
    if len(enc) != 1:
        return _show(c, doc, ops, span, size, face)  # more than one subset in play
    name = enc[0][0]
    table = c.__dict__["_zm_faces"][span.font].table
    parts: list[str] = []
    for k, text in enumerate(chunks):
        if text:
            parts.append(f"({text.translate(table)})")
        if k < len(adjusts):
            parts.append(adjusts[k])
    if not parts:
        return face
    if (name, size) != face:
        ops.append(f"{name} {_num(size)} Tf")
        face = (name, size)
    ops.append("[" + " ".join(parts) + "] TJ")
    return face


@lru_cache(maxsize=100_000)
def _shaped_runs(word: str, font: str) -> tuple[tuple[str, str | None], ...]:
    """A shaped word as runs of characters to encode, each ended by its
    TJ adjustment (a kerning pair), written out, or None."""
    from zinemaker.typeset.shaping import shape

    sh = shape(word, font)
    runs: list[tuple[str, str | None]] = []
    chunk = ""
    for ch, adj in zip(sh.chars, sh.adjust, strict=True):
        chunk += ch
        if adj and abs(adj) >= 0.5:
            runs.append((chunk, _num(adj)))
            chunk = ""
    if chunk:
        runs.append((chunk, None))
    return tuple(runs)


def _show_spaced(c, doc, ops: list[str], span: Span, size: float, face, adjust: float):  # noqa: ANN001, ANN202
    """A span whose word spaces are widened by ``adjust`` thousandths of an
    em each (a TJ array: the spaces stay in the text, so it extracts as it
    reads)."""
    parts = span.text.split(" ")
    codes = []
    name = None
    for k, part in enumerate(parts):
        piece = part + (" " if k < len(parts) - 1 else "")
        if not piece:
            continue
        enc = _encode(c, doc, Span(piece, span.font))
        if len(enc) > 1 or (name is not None and enc[0][0] != name):
            # more than one subset in play: fall back to plain shows
            return _show(c, doc, ops, span, size, face)
        name = enc[0][0]
        codes.append(f"({enc[0][1]})")
        if k < len(parts) - 1:
            codes.append(_num(adjust))
    if name is None:
        return face
    if (name, size) != face:
        ops.append(f"{name} {_num(size)} Tf")
        face = (name, size)
    ops.append("[" + " ".join(codes) + "] TJ")
    return face
