"""Typeset card faces: fronts with a category band, title, facts, fitted
body and quote; the deck's own cards (how to use it, a legend, credits); and
the backs.

Every exercise's body is set at one size for the whole deck where it fits:
the largest size, between the deck's maximum and minimum, that nearly all
cards take. Only the cards that do not fit at it are fitted down (the build
lists them); below the minimum a card is an error naming it (or, with
``allow_overflow``, a warning and the text set at the minimum, cut off at
the footer). Every face has a bleed around its trim; text stays in a safe
zone inside it.

A category shows four ways: its colour, a pattern across its band, its
symbol (large, black on a white tab) and its name. So it survives a
black-and-white photocopy, and the grey build (``CardSpec.grey``) restyles
the bands rather than only draining their colour: each category gets a grey
from a ladder spread over the whole range, under its pattern. Backs keep
everything well inside the trim (:data:`BACK_CLEAR`), so a back printed a
millimetre or two off its front shows nothing.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache, partial
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, white
from reportlab.pdfgen import canvas as rl_canvas

from zinemaker import parallel
from zinemaker.content.deck import Card, Category, Deck
from zinemaker.content.text import Run, parse_inline, parse_text
from zinemaker.errors import ZinemakerError
from zinemaker.pdfpages import show_page
from zinemaker.typeset import fonts, lines
from zinemaker.typeset.lines import Para, Span
from zinemaker.typeset.quotes import nested
from zinemaker.units import MM, fmt_mm

INK_GREY, SOFT_GREY = 0.1, 0.24  # text greys: SOFT is still dark enough for a copier
INK = HexColor("#1a1a1a")
SOFT = HexColor("#3d3d3d")
QUOTES = "\u201c\u201d\"'"
#: Thinnest line drawn on a card: thinner lines break up or vanish on toner.
HAIRLINE = 0.5
#: Nothing on a back comes nearer the trim than this, so a back printed
#: 1-2 mm off its front (duplex drift, a cut off true) shows no uneven edge.
BACK_CLEAR = 7 * MM


@dataclass(frozen=True)
class CardSpec:
    """Card trim, bleed and type."""

    trim: tuple[float, float]
    bleed: float = 3 * MM
    safe: float = 4 * MM
    body: str = "Charis SIL"
    heading: str = "Open Sans"
    max_size: float = 8.5
    min_size: float = 6.0
    allow_overflow: bool = False
    grey: bool = False  # the photocopy build: bands restyled in a grey ladder


@dataclass
class Faces:
    """Typeset faces: the PDF, and what happened while fitting text."""

    pdf: bytes
    fronts: int
    sizes: dict[str, float] = field(default_factory=dict)  # card id -> body size used
    overflows: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def lightness(colour: Color) -> float:
    """CIE L* (0 black .. 100 white) of an sRGB colour."""

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    y = 0.2126 * lin(colour.red) + 0.7152 * lin(colour.green) + 0.0722 * lin(colour.blue)
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""

    def rel(c: Color) -> float:
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * lin(c.red) + 0.7152 * lin(c.green) + 0.0722 * lin(c.blue)

    hi, lo = sorted((rel(a), rel(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def grey_of_lightness(value: float) -> Color:
    """The sRGB grey with CIE L* ``value``."""
    y = ((value + 16) / 116) ** 3 if value > 8 else value * 27 / 24389
    g = 12.92 * y if y <= 0.0031308 else 1.055 * y ** (1 / 2.4) - 0.055
    return Color(g, g, g)


#: The grey build's band lightnesses run over this range of L*, darkest
#: category first: as far apart as a copier can keep them.
LADDER = (26.0, 82.0)


def tones(deck: Deck, grey: bool) -> dict[str, Color]:
    """Each category's band colour: its own, or in the grey build a grey
    from :data:`LADDER`, in the order of its colour's lightness (so a dark
    colour stays dark)."""
    cats = list(deck.categories.values())
    if not grey:
        return {c.id: HexColor(c.colour) for c in cats}
    order = sorted(cats, key=lambda c: (lightness(HexColor(c.colour)), c.id))
    lo, hi = LADDER
    step = (hi - lo) / max(1, len(order) - 1)
    return {c.id: grey_of_lightness(lo + i * step if len(order) > 1 else 50.0) for i, c in enumerate(order)}


def symbol(c, kind: str, x: float, y: float, size: float) -> None:  # noqa: ANN001
    """Draw a category symbol centred on (x, y), filled with the fill colour."""
    r = size / 2
    p = c.beginPath()
    if kind == "circle":
        c.circle(x, y, r, stroke=0, fill=1)
        return
    if kind == "square":
        c.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7, stroke=0, fill=1)
        return
    if kind == "cross":
        t = r * 0.38
        c.rect(x - r, y - t, 2 * r, 2 * t, stroke=0, fill=1)
        c.rect(x - t, y - r, 2 * t, 2 * r, stroke=0, fill=1)
        return
    if kind == "meet":
        # Two arrowheads pointing at each other: walking toward.
        for sign in (-1, 1):
            p.moveTo(x + sign * r, y + r * 0.8)
            p.lineTo(x + sign * r * 0.12, y)
            p.lineTo(x + sign * r, y - r * 0.8)
            p.close()
        c.drawPath(p, stroke=0, fill=1)
        return
    if kind == "heart":
        p.moveTo(x, y - r * 0.9)
        p.curveTo(x - r * 0.2, y - r * 0.55, x - r, y - r * 0.15, x - r, y + r * 0.35)
        p.curveTo(x - r, y + r * 0.95, x - r * 0.15, y + r * 1.0, x, y + r * 0.45)
        p.curveTo(x + r * 0.15, y + r * 1.0, x + r, y + r * 0.95, x + r, y + r * 0.35)
        p.curveTo(x + r, y - r * 0.15, x + r * 0.2, y - r * 0.55, x, y - r * 0.9)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
        return
    sides = {"triangle": 3, "diamond": 4, "hexagon": 6, "star": 10}[kind]
    start = {"triangle": 90, "diamond": 90, "hexagon": 0, "star": 90}[kind]
    for i in range(sides):
        radius = r if kind != "star" or i % 2 == 0 else r * 0.45
        a = math.radians(start + 360 * i / sides)
        px, py = x + radius * math.cos(a), y + radius * math.sin(a)
        (p.moveTo if i == 0 else p.lineTo)(px, py)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


#: A band pattern's repeat and line weight: coarse enough for toner.
PITCH, WEIGHT = 2.4 * MM, 1.1


def pattern(c, kind: str, x: float, y: float, w: float, h: float, ink: Color) -> None:  # noqa: ANN001
    """Fill the box with a category's pattern in ``ink`` (clipped to it)."""
    if kind == "solid":
        return
    c.saveState()
    p = c.beginPath()
    p.rect(x, y, w, h)
    c.clipPath(p, stroke=0, fill=0)
    c.setStrokeColor(ink)
    c.setFillColor(ink)
    c.setLineWidth(WEIGHT)
    k = PITCH
    cols, rows = int(w / k) + 2, int(h / k) + 2
    if kind == "lines":
        for j in range(rows):
            c.line(x, y + j * k, x + w, y + j * k)
    elif kind == "columns":
        for i in range(cols):
            c.line(x + i * k, y, x + i * k, y + h)
    elif kind == "diagonal":
        for i in range(-rows, cols + rows):
            c.line(x + i * k, y, x + i * k + h, y + h)
    elif kind == "grid":
        c.setLineWidth(WEIGHT * 0.7)
        for j in range(rows):
            c.line(x, y + j * k, x + w, y + j * k)
        for i in range(cols):
            c.line(x + i * k, y, x + i * k, y + h)
    elif kind == "dots":
        for j in range(rows):
            for i in range(cols):
                c.circle(x + i * k + (k / 2 if j % 2 else 0), y + j * k, 0.5 * MM, stroke=0, fill=1)
    elif kind == "checks":
        q = k * 0.6
        for j in range(int(h / q) + 2):
            for i in range(int(w / q) + 2):
                if (i + j) % 2 == 0:
                    c.rect(x + i * q, y + j * q, q, q, stroke=0, fill=1)
    elif kind == "zigzag":
        for j in range(rows):
            zp = c.beginPath()
            zp.moveTo(x, y + j * k)
            for i in range(cols * 2):
                zp.lineTo(x + (i + 1) * k / 2, y + j * k + (k * 0.45 if i % 2 == 0 else 0))
            c.drawPath(zp, stroke=1, fill=0)
    c.restoreState()


def pattern_ink(tone: Color) -> Color:
    """The pattern's colour over a band of ``tone``: paper white on dark
    and middle tones, ink on light ones, so it shows in a copy."""
    return white if lightness(tone) < 62 else INK


def icon(c, kind: str, x: float, baseline: float, size: float, ink: Color = SOFT) -> None:  # noqa: ANN001
    """A small drawn icon for a card's facts, sitting on ``baseline``, about
    a capital letter high: "time" a clock, "group" two people, "materials"
    a bag."""
    h = size * 0.78
    cx, cy = x + h / 2, baseline + h / 2 - size * 0.02
    c.saveState()
    c.setStrokeColor(ink)
    c.setFillColor(ink)
    c.setLineWidth(max(HAIRLINE, size * 0.09))
    c.setLineCap(1)
    if kind == "time":
        c.circle(cx, cy, h / 2 - size * 0.03, stroke=1, fill=0)
        c.line(cx, cy, cx, cy + h * 0.32)
        c.line(cx, cy, cx + h * 0.24, cy)
    elif kind == "group":
        for dx, r in ((-h * 0.2, h * 0.15), (h * 0.22, h * 0.15)):
            c.circle(cx + dx, baseline + h * 0.74, r, stroke=0, fill=1)
            p = c.beginPath()
            p.moveTo(cx + dx - h * 0.26, baseline)
            p.curveTo(cx + dx - h * 0.26, baseline + h * 0.52, cx + dx + h * 0.26, baseline + h * 0.52,
                      cx + dx + h * 0.26, baseline)
            p.close()
            c.drawPath(p, stroke=0, fill=1)
    elif kind == "materials":
        c.rect(x + h * 0.06, baseline, h * 0.88, h * 0.62, stroke=0, fill=1)
        p = c.beginPath()
        p.moveTo(cx - h * 0.22, baseline + h * 0.6)
        p.curveTo(cx - h * 0.22, baseline + h * 1.02, cx + h * 0.22, baseline + h * 1.02, cx + h * 0.22,
                  baseline + h * 0.6)
        c.drawPath(p, stroke=1, fill=0)
    c.restoreState()


class _Styles:
    def __init__(self, body: fonts.Family, head: fonts.Family) -> None:
        self.body, self.head = body, head
        #: The body's face for (italic, bold).
        self.faces = {
            (False, False): body.regular,
            (True, False): body.italic,
            (False, True): body.bold,
            (True, True): body.bold_italic,
        }


def _spans(runs: list[Run], st: _Styles, italic: bool = False) -> list[Span]:
    """Runs as spans in the body's faces (all italic, with ``italic``); a
    link's address follows its text, unless the text is the address."""
    out = []
    for r in runs:
        text = r.text
        if r.href and r.href.removeprefix("mailto:") not in text:
            text += f" ({r.href.removeprefix('mailto:')})"
        out.append(Span(text, st.faces[(r.italic or italic, r.bold)]))
    return out


@dataclass
class _Text:
    """A card's text, parsed once and set at any size while fitting."""

    body: list[Para]
    quote: list[Para]
    #: Each paragraph's widest piece (its width at 1 pt), found once.
    _widest: list[float] | None = field(default=None, repr=False, compare=False)


def body_paras(source: str, where: str, st: _Styles) -> list[Para]:
    """Markdown (a short numbered list reads best) as paragraphs to set."""
    body: list[Para] = []
    for b in parse_text(source, where).blocks:  # type: ignore[arg-type]
        if b.kind == "item":
            label = f"{b.ordinal}." if b.ordinal is not None else "\u2022"
            body.append(Para(_spans(b.runs, st), Span(label, st.head.bold), indent=1.25))
        elif b.kind == "heading":
            body.append(Para([Span(b.plain, st.body.bold)]))
        else:
            body.append(Para(_spans(b.runs, st)))
    return body


def attribution(section: str, face: str) -> str:
    """" ― Section", held together: an attribution never breaks across lines
    (no "The Four / Rs", no "Hands- / On"), unless it is wider than a line by
    itself. No-break spaces join its words; its paragraph keeps its last
    word whole (``Para.keep_last``), hyphens and dashes too."""
    # A quotation dash (U+2015), where the font has one: an em dash is a
    # place the line breaker may break.
    dash = "\u2015" if not fonts.missing("\u2015", face) else "\u2014"
    return " " + dash + "\u00a0" + section.replace(" ", "\u00a0")


def card_text(card: Card, st: _Styles) -> _Text:
    body = body_paras(card.body, card.where, st)
    if card.purpose:
        # Why, before how: a facilitator new to the card reads this first.
        body.insert(0, Para(_spans(parse_inline(card.purpose), st, italic=True), space_after=0.45))
    quote: list[Para] = []
    if card.quote:
        # Typographic quotes; a quotation inside the quote takes single marks.
        inner = nested(card.quote.strip().strip(QUOTES))
        spans = _spans(parse_inline(inner), st, italic=True)
        spans = [Span("\u201c", st.body.italic)] + spans + [Span("\u201d", st.body.italic)]
        if card.section:
            spans.append(Span(attribution(card.section, st.head.regular), st.head.regular))
        quote.append(Para(spans, scale=QUOTE_SCALE, space_after=0, keep_last=bool(card.section)))
    return _Text(body, quote)


def _unglued(text: _Text) -> _Text:
    """The text with its attribution free to break again."""
    quote = [
        replace(p, spans=[Span(s.text.replace("\u00a0", " "), s.font) for s in p.spans], keep_last=False,
                _words=None, _last=None, _drawn=None)  # measured afresh: it breaks differently
        for p in text.quote
    ]
    return _Text(text.body, quote)


#: The quote's size, relative to the body's.
QUOTE_SCALE = 0.86
#: Room above the quote for its short rule.
QUOTE_GAP = 3.0 * MM
#: Body sizes are tried in steps of this, from the largest down.
STEP = 0.25


def text_height(text: _Text, size: float, width: float) -> float:
    h = lines.height(text.body, size, width)
    if text.quote:
        h += QUOTE_GAP + lines.height(text.quote, size, width)
    return h


def sizes_between(lo: float, hi: float) -> list[float]:
    """The body sizes tried, largest first: ``hi`` down to ``lo`` in :data:`STEP`."""
    n = max(0, math.floor((hi - lo) / STEP + 1e-9))
    return [round(hi - i * STEP, 4) for i in range(n + 1)]


def fit(card: Card, st: _Styles, width: float, height: float, spec: CardSpec) -> tuple[float, _Text, bool]:
    """The largest body size (in steps of :data:`STEP` from the deck's
    maximum) at which the text fits the box in both directions: every word
    within the width, and the lines, broken to the width, within the
    height."""
    return _fit_text(exercise_text(card, st, width, spec), width, height, spec)


def exercise_text(card: Card, st: _Styles, width: float, spec: CardSpec) -> _Text:
    """An exercise's text to fit, its attribution held together unless that
    makes it wider than the card."""
    text = card_text(card, st)
    if too_wide(text, spec.min_size, width) and not too_wide(_unglued(text), spec.min_size, width):
        text = _unglued(text)  # an attribution wider than the card breaks after all
    return text


def _fit_text(text: _Text, width: float, height: float, spec: CardSpec) -> tuple[float, _Text, bool]:
    """The largest size of :func:`sizes_between` at which ``text`` fits.

    The search runs on the text's fewest lines (:func:`lines.least_height`:
    first fit, arithmetic on measured words), which shrink as the size does;
    the line breaker, which evens lines out and may take one more, is run
    only from the largest size that could fit, down to the first that does:
    once or twice a card, not at every size a search tries."""

    def fits(size: float) -> bool:
        at_size(text, size, spec)
        return text_height(text, size, width) <= height

    tries = sizes_between(smallest(text, spec), spec.max_size)
    lo = ceiling(text, width, height, spec, tries)
    if lo is not None:
        for size in tries[lo:]:
            if fits(size):
                return size, at_size(text, size, spec), True
    return tries[-1], at_size(text, tries[-1], spec), False


def ceiling(text: _Text, width: float, height: float, spec: CardSpec, tries: list[float]) -> int | None:
    """The index in ``tries`` (sizes, largest first) of the largest size at
    which the text could fit: no word too wide, and its fewest lines
    (:func:`least_text_height`) within the height; None if it cannot fit
    even at the last. Both shrink with the size, so a binary search finds
    it, with no line breaking."""

    def could(size: float) -> bool:
        at_size(text, size, spec)
        return not too_wide(text, size, width) and least_text_height(text, size, width) <= height

    lo, hi = len(tries) - 1, -1  # tries[lo] could fit, tries[hi] (when there) could not
    first = (lo + hi) // 2  # the search's first size after the last
    known = None
    if 0 <= first < lo and first <= clean_sizes(tries, spec):
        # Asked first: text that could fit here could at the last size
        # too (see clean_sizes), which the search would ask first.
        known = could(tries[first])
        if known:
            lo = first
    if not known:
        if not could(tries[-1]):
            return None
        if known is False:
            hi = first
    while lo - hi > 1:
        mid = (lo + hi) // 2
        if could(tries[mid]):
            lo = mid
        else:
            hi = mid
    return lo


def clean_sizes(tries: list[float], spec: CardSpec) -> int:
    """The last place in ``tries`` (sizes, largest first) down to which the
    test :func:`ceiling` searches with holds at a smaller size wherever it
    holds at a larger one: -1 if none.

    Every width the test compares shrinks with the size, at the sizes tried
    by an em over a quarter point or more, where sums of measured widths
    are off by some 1e-13 at most; so fewest lines and heights shrink too,
    float rounding and all. But not the quote's once it is held at the
    deck's minimum (:func:`at_size`): there ``size * (min_size / size)``
    is the minimum give or take its last bit, a little more at one size
    than at a larger one, and its lines may differ by one where a line is
    full to 1e-15. Down to the last size clear of that by a millionth, and
    from any of those to any size smaller, the test shrinks, by a margin."""
    last = -1
    for i, size in enumerate(tries):
        if size * QUOTE_SCALE < spec.min_size * (1 + 1e-6):
            break
        last = i
    return last


def least_text_height(text: _Text, size: float, width: float) -> float:
    """What :func:`text_height` can be at least: each paragraph at its fewest lines."""
    h = lines.least_height(text.body, size, width)
    if text.quote:
        h += QUOTE_GAP + lines.least_height(text.quote, size, width)
    return h


def _fits(text: _Text, size: float, width: float, height: float, spec: CardSpec) -> bool:
    """Whether the text, broken into lines at ``size``, fits the height
    (its words are known to fit the width)."""
    at_size(text, size, spec)
    return text_height(text, size, width) <= height


def smallest(text: _Text, spec: CardSpec) -> float:
    """The smallest body size a card may take: the deck's minimum."""
    return spec.min_size


def at_size(text: _Text, size: float, spec: CardSpec) -> _Text:
    """The text made ready to set at ``size``: its quote, a little smaller
    than the body, never under the deck's minimum."""
    for p in text.quote:
        p.scale = max(QUOTE_SCALE, spec.min_size / size)
    return text


def too_wide(text: _Text, size: float, width: float) -> str | None:
    """A word of the body or quote wider than the card at ``size``, if any
    (what :func:`lines.too_wide` finds, from each paragraph's widest piece,
    measured once)."""
    if text._widest is None:
        text._widest = [lines.summary(lines.pieces(p)).widest for p in text.body + text.quote]
    for p, unit in zip(text.body + text.quote, text._widest, strict=True):
        s = size * p.scale
        if unit > (width - (p.indent * s if p.label else 0.0)) / s:
            return lines.too_wide([p], size, width)  # the first such word, as it reads
    return None


def _setup(deck: Deck, spec: CardSpec, root) -> _Styles:  # noqa: ANN001
    body = fonts.family(spec.body, root, f"{deck.path}: deck.theme.body")
    head = fonts.family(spec.heading, root, f"{deck.path}: deck.theme.heading")
    _check_glyphs(deck, body, head)
    return _Styles(body, head)


@dataclass
class _Fact:
    """One line of a card's facts: its icons and texts side by side."""

    items: list[tuple[str, Para]]  # (icon, its text)
    top: float
    #: Where each item is drawn (:func:`_fact_boxes`), worked out once the card is settled.
    boxes: list[tuple[str, Para, float, float, float]] | None = None


@dataclass
class _Front:
    """Where a front's text goes, worked out once and drawn on any canvas."""

    kind: str  # "exercise", "how_to", "legend" or "credits"
    title: list[Para]
    facts: list[_Fact]
    top: float  # the body's box, between the facts and the footer
    bottom: float
    size: float  # the body size it fits at
    most: float  # the largest size it would fit at
    text: _Text
    label: str = ""  # the footer's right-hand side: "12 / 51", "copy 2 of 2"
    quote_h: float = 0.0  # the quote's height, as set
    cut: bool = False  # set anyway (allow_overflow), and cut off at the box


#: What the deck's own cards are called on their bands and titles.
FURNITURE_TITLES = {
    "how_to": "How to Use This Deck",
    "legend": "What the Signs Mean",
    "credits": "Where This Deck Comes From",
}

#: The how-to card's text when the deck gives none.
DEFAULT_HOW_TO = """\
1. Choose a card that suits your group, or draw one at random.
2. Read it through once alone, then aloud to everyone.
3. Check the time, group size and materials at the top.
4. Anyone may sit out or stop any exercise at any time.
5. Close as the card says, and thank people for taking part.
"""


class CardArt:
    """A deck typeset: every card's text fitted, ready to draw.

    Its pages are every front (the how-to and legend cards first, the
    credits card last, when the deck has them), then the back: one for the
    deck (page ``fronts``), or, when the deck's back says ``by_category``,
    one for each card (page ``fronts + i`` behind front ``i``) with its
    category's pattern, symbol and name. Each is the card's trim with bleed
    around it. They can be drawn on any reportlab canvas (see
    :class:`zinemaker.impose.drawn.Artwork`): as a PDF of faces
    (:meth:`pdf`), or straight onto card sheets. Fitting happens here, once;
    a card that does not fit is an error naming it, or, with
    ``allow_overflow``, a line in ``overflows``; ``notes`` say which cards
    were fitted down below the deck's body size.
    """

    def __init__(self, deck: Deck, spec: CardSpec, root=None) -> None:  # noqa: ANN001
        self.deck, self.spec = deck, spec
        self.st = _setup(deck, spec, root)
        self.tones = tones(deck, spec.grey)
        self.patterns = deck.patterns()
        self.sizes: dict[str, float] = {}  # card id -> body size used
        self.overflows: list[str] = []
        self.notes: list[str] = []
        self.body_size = spec.max_size
        furniture = deck.furniture()
        exercises = deck.expanded()
        self.kinds = [k for k in ("how_to", "legend") if k in furniture]
        self.kinds += ["exercise"] * len(exercises) + (["credits"] if "credits" in furniture else [])
        head = [self._furniture_card(k) for k in ("how_to", "legend") if k in furniture]
        tail = [self._furniture_card("credits")] if "credits" in furniture else []
        self.cards: list[Card] = head + exercises + tail
        self.exercises = len(deck.cards)
        self._fronts: list[_Front] = []
        self._fit()
        self._number()
        self._image = _back_image(deck, spec)
        # Form names: the category forms are numbered, so no category id can
        # clash with the back's form or the slug's.
        self._band = {cid: f"zm-cat-{i}" for i, cid in enumerate(deck.categories)}
        self._backs = {cid: f"zm-back-{i}" for i, cid in enumerate(deck.categories)}
        self._swatch = {cid: f"zm-swatch-{i}" for i, cid in enumerate(deck.categories)}
        self.by_category = bool((deck.meta.get("back") or {}).get("by_category"))

    # -- the deck's own cards ----------------------------------------------------

    def _furniture_card(self, kind: str) -> Card:
        meta = self.deck.meta
        where = f"{self.deck.path}: deck.{kind}"
        if kind == "how_to":
            body = str(meta.get("how_to") or DEFAULT_HOW_TO)
        elif kind == "credits":
            body = credits_text(self.deck)
        else:
            body = ""
        return Card(f"zm-{kind.replace('_', '-')}", FURNITURE_TITLES[kind], "", body, where=where)

    # -- fitting -------------------------------------------------------------------

    @property
    def pages(self) -> int:
        """Faces in all: the fronts and the backs."""
        return len(self.cards) * (2 if self.by_category else 1) + (0 if self.by_category else 1)

    @property
    def backs(self) -> str:
        """How the backs come after the fronts, as the ``cards`` scheme says:
        "single" (one for all) or "each" (one per card)."""
        return "each" if self.by_category else "single"

    def back_of(self, index: int) -> int:
        """The page of the back behind front ``index``."""
        return len(self.cards) + (index if self.by_category else 0)

    @property
    def fronts(self) -> int:
        return len(self.cards)

    @property
    def size(self) -> tuple[float, float]:
        """A face with its bleed, in points."""
        tw, th = self.spec.trim
        return tw + 2 * self.spec.bleed, th + 2 * self.spec.bleed

    def _lay(self, card: Card, kind: str) -> _Front:
        spec, st = self.spec, self.st
        tw, th = spec.trim
        b, s = spec.bleed, spec.safe
        width = tw - 2 * s
        y = b + th - BAND - 1.8 * MM
        title = [Para([Span(card.title, st.head.bold)])]
        y -= lines.height(title, TITLE, width, leading=1.15)
        facts = self._facts(card, y - 0.6 * MM, width) if kind == "exercise" else []
        if facts:
            last = facts[-1]
            y = last.top - max(lines.height([p], META, width - _indent(p)) for _, p in last.items)
        # The body, fitted into what is left above the footer; the quote at the bottom.
        top, bottom = y - 1.8 * MM, b + s + self.foot_size * 1.3 + 1.6 * MM
        if kind == "legend":
            return _Front(kind, title, [], top, bottom, self.spec.max_size, self.spec.max_size, _Text([], []))
        if kind == "exercise":
            text = exercise_text(card, st, width, spec)
        else:
            text = _Text(body_paras(card.body, card.where, st), [])
        return _Front(kind, title, facts, top, bottom, 0.0, 0.0, text)

    def _fit(self) -> None:
        """Every front laid out and its text fitted, the deck's exercises at
        one body size (see :class:`_Fitting`); then each front that does not
        fit at all is an error, or, with ``allow_overflow``, a warning and
        cut off. A deck of :data:`SPLIT` cards or more is fitted in two
        halves where there is a second core, the second in a forked copy
        (:class:`zinemaker.parallel.Beside`): the same fronts, notes and
        errors as in one."""
        spec = self.spec
        tw, th = spec.trim
        width = tw - 2 * spec.safe
        n = len(self.cards)
        if n >= SPLIT and parallel.can_fork():
            first = _Fitting(self, 0, n // 2)
            # Up to the first exercise laid here first: the copy has what
            # laying a card loads (the Markdown parser, hyphenation) without
            # loading it again.
            first.lay(self.kinds.index("exercise") + 1)
            runs: list = [first, parallel.Beside(partial(_Fitting, self, n // 2, n))]
        else:
            runs = [_Fitting(self, 0, n)]
        try:
            body, fitted = _one_size(runs, spec)
        finally:
            for run in runs:
                if isinstance(run, parallel.Beside):
                    run.close()
        self.body_size = spec.max_size if body is None else sizes_between(spec.min_size, spec.max_size)[body]
        self._fronts = [f for run in fitted for f in run.fronts]
        down: dict[str, float] = dict(pair for run in fitted for pair in run.down)
        if down:
            ranked = sorted(down.items(), key=lambda kv: -kv[1])
            listed = ", ".join(f"{cid!r} ({size:g}pt)" for cid, size in ranked[:NAMED])
            if len(ranked) > NAMED:
                listed += f" and {len(ranked) - NAMED} more, down to {ranked[-1][1]:g}pt"
            self.notes.append(
                f"body text {self.body_size:g}pt; fitted down to fit: {listed}"
            )
        problems: dict[int, str | None] = {}
        start = 0
        for run in fitted:
            problems.update((start + i, word) for i, word in run.problems.items())
            start += len(run.fronts)
        for i, (card, f, kind) in enumerate(zip(self.cards, self._fronts, self.kinds, strict=True)):
            self.sizes[card.id] = f.size
            if i not in problems:
                continue
            word = problems[i]
            least = smallest(f.text, spec)
            why = f"the word {_short(word)!r} is wider than the card" if word else "its text is too long"
            name = f"card {card.id!r}" if kind == "exercise" else f"the {FURNITURE_TITLES[kind]!r} card"
            msg = (
                f"{name} does not fit on a {fmt_mm(tw)} x {fmt_mm(th)} card even at the smallest"
                f" size ({_size(least)}), as {why}: shorten the {'word' if word else 'text'}"
                " or choose a larger card"
            )
            if not spec.allow_overflow:
                raise ZinemakerError(f"{msg}, or build with --allow-overflow to print it cut off", card.where)
            self.overflows.append(f"{card.where}: {msg} (printed cut off, marked 'text cut off')")

    def _settle(self, fronts: list[_Front]) -> None:
        """Each front's text kept as the lines it is drawn in, and no more:
        a deck's measured words and line-breaking results go once it is
        fitted (thousands of cards stay small in memory); a deck fitted in
        two halves lets go of the first's before it takes the second's."""
        width = self.spec.trim[0] - 2 * self.spec.safe
        for f in fronts:
            for p in f.title:
                lines.settle(p, TITLE, width)
            if f.text.quote:
                f.quote_h = lines.height(f.text.quote, f.size, width)
            for p in f.text.body + f.text.quote:
                lines.settle(p, f.size, width)
            for fact in f.facts:
                fact.boxes = _fact_boxes(fact, self.spec.bleed + self.spec.safe, width)
                for _, p, _, _, text_w in fact.boxes:
                    lines.settle(p, META, text_w)
            f.text._widest = None
        lines.release()

    def _facts(self, card: Card, top: float, width: float) -> list[_Fact]:
        """Time and group on one line if they fit side by side, materials below."""
        head = self.st.head.regular
        items = [(k, Para([Span(v, head)], space_after=0)) for k, v in
                 (("time", card.time), ("group", card.group), ("materials", card.materials)) if v]
        out: list[_Fact] = []
        step = META * 1.2
        row: list[tuple[str, Para]] = []
        for k, para in items:
            if row and k != "materials" and _row_width(row + [(k, para)]) <= width:
                row.append((k, para))
                continue
            if row:
                out.append(_Fact(row, top))
                top -= max(lines.height([p], META, width - _indent(p)) for _, p in row) + 0.15 * step
            row = [(k, para)]
        if row:
            out.append(_Fact(row, top))
        return out

    @property
    def foot_size(self) -> float:
        """The footer's size: never under the deck's minimum."""
        return max(self.spec.min_size, FOOT)

    def _number(self) -> None:
        """Footers count exercises, not prints: a card printed twice says
        which copy it is."""
        order = {c.id: i for i, c in enumerate(self.deck.cards)}
        seen: dict[str, int] = {}
        for card, f, kind in zip(self.cards, self._fronts, self.kinds, strict=True):
            if kind != "exercise":
                continue
            seen[card.id] = seen.get(card.id, 0) + 1
            f.label = f"{order[card.id] + 1} / {self.exercises}"
            if card.qty > 1:
                f.label = f"copy {seen[card.id]} of {card.qty} \u00b7 " + f.label

    # -- drawing -----------------------------------------------------------------

    def prepare(self, c, pages: Iterable[int] | None = None) -> None:  # noqa: ANN001
        """Define the forms the faces share on a new canvas: a band for each
        category, and the backs. ``pages`` are the faces this canvas will
        draw (default: all); forms none of them use are left out. Each
        distinct back is one form, however many cards it is behind."""
        n = len(self.cards)
        wanted = set(range(self.pages)) if pages is None else set(pages)
        fronts = {self.cards[i].category for i in wanted if i < n}
        backs = {self.cards[i - n].category for i in wanted if n <= i < 2 * n and self.by_category}
        for cid, cat in self.deck.categories.items():
            if cid in fronts:
                c.beginForm(self._band[cid], 0, 0, *self.size)
                self._category_band(c, cat)
                c.endForm()
            if cid in backs:
                c.beginForm(self._backs[cid], 0, 0, *self.size)
                self._back(c, cat)
                c.endForm()
        if any(self.kinds[i] == "legend" for i in wanted if i < n):
            # Each category's sample on the legend is a design of its own, as
            # its band is: its pattern, not its colour, tells it apart.
            w, h = SWATCH
            for cid, cat in self.deck.categories.items():
                c.beginForm(self._swatch[cid], 0, 0, w, h)
                tone = self.tones[cid]
                c.setFillColor(tone)
                c.rect(0, 0, w, h, stroke=0, fill=1)
                pattern(c, self.patterns[cid], 0, 0, w, h, pattern_ink(tone))
                c.setFillColor(white)
                c.roundRect(w / 2 - h * 0.42, h * 0.08, h * 0.84, h * 0.84, h * 0.15, stroke=0, fill=1)
                c.setFillColor(INK)
                symbol(c, cat.symbol, w / 2, h / 2, h * 0.62)
                c.endForm()
        icons = {kind for i in wanted if i < n for fact in self._fronts[i].facts for kind, _ in fact.items}
        for kind in sorted(icons):
            # A fact's icon is drawn once a document and placed on every card.
            c.beginForm(ICON_FORM[kind], -META, -META, 2 * META, 2 * META)
            icon(c, kind, 0, 0, META)
            c.endForm()
        if "" in fronts:
            c.beginForm("zm-about", 0, 0, *self.size)
            self._about_band(c)
            c.endForm()
        if (not self.by_category and n in wanted) or "" in backs:
            c.beginForm("zm-back", 0, 0, *self.size)
            self._back(c)
            c.endForm()

    #: :meth:`draw` writes its text and rules as operators, each run of them
    #: between q and Q, and restores what it sets through reportlab: it
    #: leaves the canvas's state as it found it (see impose.drawn.Artwork).
    keeps_state = True

    def draw(self, c, index: int) -> None:  # noqa: ANN001
        """Draw a face (a front, or a back after the fronts) with the bleed
        box's corner at (0, 0)."""
        n = len(self.cards)
        if index < n:
            self._front(c, index)
        elif self.by_category and self.cards[index - n].category:
            c.doForm(self._backs[self.cards[index - n].category])
        else:
            c.doForm("zm-back")

    def _front(self, c, index: int) -> None:  # noqa: ANN001
        card, f = self.cards[index], self._fronts[index]
        spec, st = self.spec, self.st
        tw, th = spec.trim
        b, s = spec.bleed, spec.safe
        left, width = b + s, tw - 2 * s
        c.doForm(self._band[card.category] if card.category else "zm-about")
        if f.label:
            lines.draw_at(c, [Span(f.label, st.head.regular)], self.foot_size, left, b + s, width, align="right",
                          grey=SOFT_GREY)
        lines.draw(c, f.title, TITLE, left, b + th - BAND - 1.8 * MM, width, leading=1.15, grey=INK_GREY)
        for fact in f.facts:
            first = fact.top - META * 1.2 + META * 0.2 / 2 + META * 0.22
            for kind, para, x, text_x, text_w in fact.boxes or _fact_boxes(fact, left, width):
                c._code.append(f"q 1 0 0 1 {_n(x)} {_n(first)} cm")
                c.doForm(ICON_FORM[kind])
                c._code.append("Q")
                lines.draw(c, [para], META, text_x, fact.top, text_w, grey=SOFT_GREY)
        if f.kind == "legend":
            self._legend(c, f)
            return
        # Body and quote, each clipped to its box: a card set with
        # allow_overflow is cut off above its quote, not over it or the
        # footer. Written as operators: a thousand cards make these calls a
        # thousand times.
        qh = f.quote_h
        floor = f.bottom + qh + QUOTE_GAP if f.text.quote else f.bottom
        if f.cut:  # the body comes first: a long quote gets at most half the box
            floor = min(floor, (f.top + f.bottom) / 2)
        # (q and Q written as such: what is between them is written as
        # operators too, so reportlab's own idea of the state never changes.)
        code = c._code
        code += ("q", f"{_n(left - 1)} {_n(floor)} {_n(width + 2)} {_n(f.top - floor + 1)} re W n")
        lines.draw(c, f.text.body, f.size, left, f.top, width, grey=INK_GREY)
        code.append("Q")
        if f.text.quote:
            # The quote hangs from just under the body's box (it fits there,
            # except on a card cut off, where what is below the box is lost).
            qtop = min(f.bottom + qh, floor - QUOTE_GAP)
            code += ("q", f"{_n(left - 1)} {_n(f.bottom)} {_n(width + 2)} {_n(floor - f.bottom)} re W n")
            y = _n(qtop + 1.6 * MM)
            code.append(f"{_n(SOFT_GREY)} G 1.2 w {_n(left)} {y} m {_n(left + 8 * MM)} {y} l S")
            lines.draw(c, f.text.quote, f.size, left, qtop, width, grey=SOFT_GREY)
            code.append("Q")
        if f.cut:
            # A card printed with allow_overflow says so, where its text stops.
            label = "[text cut off]"
            size = self.foot_size
            w = lines.unit_width(label, st.head.bold) * size
            c._code.append(f"1 g {_n(left + width - w - 1)} {_n(floor - 0.5)} {_n(w + 1)} {_n(size + 1)} re f")
            lines.draw_at(c, [Span(label, st.head.bold)], size, left, floor + 1, width, align="right", grey=0)

    def _legend(self, c, f: _Front) -> None:  # noqa: ANN001
        """The legend card: each category's band, symbol and name, and the
        icons of the facts line, set as large as fits (never under the
        deck's minimum)."""
        st = self.st
        tw, _ = self.spec.trim
        b, s = self.spec.bleed, self.spec.safe
        left, width = b + s, tw - 2 * s
        cats = list(self.deck.categories.values())
        icons = [("time", "how long it takes"), ("group", "how many people"), ("materials", "what to bring")]
        swatch, gap = SWATCH[0], 2 * MM
        text_w = width - swatch - gap
        paras = [
            Para(
                [Span(cat.name, st.head.bold)] + ([Span(" \u2013 " + cat.about, st.head.regular)] if cat.about else []),
                space_after=0,
            )
            for cat in cats
        ]

        def rows(size: float) -> list[float]:
            return [max(5.6 * MM, lines.height([p], size, text_w, 1.15) + 1.4 * MM) for p in paras]

        size = 8.0
        while size > self.spec.min_size and sum(rows(size)) + len(icons) * size * 1.6 + 4 * MM > f.top - f.bottom:
            size -= STEP
        y = f.top
        for cat, para, h in zip(cats, paras, rows(size), strict=True):
            sy = y - 0.6 * MM - SWATCH[1]
            c.saveState()
            c.translate(left, sy)
            c.doForm(self._swatch[cat.id])
            c.restoreState()
            lines.draw(c, [para], size, left + swatch + gap, y, text_w, leading=1.15, grey=INK_GREY)
            y -= h
        y -= 2 * MM
        for kind, what in icons:
            y -= size * 1.6
            icon(c, kind, left + swatch / 2 - size * 0.45, y, size * 1.2, INK)
            lines.draw_at(c, [Span(what, st.head.regular)], size, left + swatch + gap, y, text_w, grey=INK_GREY)

    def pdf(self, order: str = "fronts-then-back") -> bytes:
        """The faces as a PDF, one face a page, each with its trim and bleed boxes.

        ``order`` is "fronts-then-back" (every front, then the backs) or
        "front-back" (front, back, front, back: what print-on-demand
        services want). Each distinct back is one form, however often it
        appears.
        """
        tw, th = self.spec.trim
        b = self.spec.bleed
        buf = io.BytesIO()
        c = rl_canvas.Canvas(
            buf,
            pagesize=self.size,
            invariant=1,
            pageCompression=1,
            initialFontName=self.st.body.regular,
            initialFontSize=8,
        )
        c.setTitle(self.deck.title)
        c.setSubject("Card faces with bleed")
        c.setAuthor("")
        c.setCreator("zinemaker")
        c.setProducer("zinemaker")
        self.prepare(c)
        if order == "front-back":
            indexes = [i for n in range(len(self.cards)) for i in (n, self.back_of(n))]
        else:
            indexes = list(range(self.pages))
        for i in indexes:
            c.setTrimBox((b, b, b + tw, b + th))
            c.setBleedBox((0, 0, tw + 2 * b, th + 2 * b))
            self.draw(c, i)
            show_page(c)  # compressed now: a deck of thousands of faces is not kept as text
        c.save()
        return buf.getvalue()

    # -- what cards share: bands and backs ---------------------------------------------

    def _category_band(self, c, cat: Category) -> None:  # noqa: ANN001
        """What every card of a category shares (band, pattern, tab with its
        symbol and name, footer), drawn once as a form and placed on each: a
        thousand cards stay small."""
        tw, th = self.spec.trim
        b, s = self.spec.bleed, self.spec.safe
        band_y = b + th - BAND
        tone = self.tones[cat.id]
        c.setFillColor(tone)
        # The band runs into the bleed at the top and sides.
        c.rect(0, band_y, tw + 2 * b, BAND + b, stroke=0, fill=1)
        pattern(c, self.patterns[cat.id], 0, band_y, tw + 2 * b, BAND + b, pattern_ink(tone))
        # The tab: symbol and name in ink on paper, legible whatever the band.
        size = 7.5
        name = cat.name.upper()
        sym = 4.8 * MM
        tab_h = BAND - 3.4 * MM
        x0, y0 = b + s - 1.6 * MM, band_y + 1.7 * MM
        text_w = lines.unit_width(name, self.st.head.bold) * size
        c.setFillColor(white)
        c.roundRect(x0, y0, 1.2 * MM + sym + 1.6 * MM + text_w + 2.2 * MM, tab_h, 1.2 * MM, stroke=0, fill=1)
        c.setFillColor(INK)
        mid = y0 + tab_h / 2
        symbol(c, cat.symbol, x0 + 1.2 * MM + sym / 2, mid, sym)
        c.setFont(self.st.head.bold, size)
        c.drawString(x0 + 1.2 * MM + sym + 1.6 * MM, mid - size * 0.36, name)
        self._footer(c, labelled=True)

    def _about_band(self, c) -> None:  # noqa: ANN001
        """The band of the deck's own cards: no category's, a plain rule and
        the words "about this deck"."""
        tw, th = self.spec.trim
        b, s = self.spec.bleed, self.spec.safe
        band_y = b + th - BAND
        c.setStrokeColor(INK)
        c.setLineWidth(1.4)
        c.line(b + s, band_y + 1.4 * MM, b + tw - s, band_y + 1.4 * MM)
        c.setFillColor(INK)
        c.setFont(self.st.head.bold, 7.5)
        c.drawString(b + s, band_y + 3.6 * MM, "ABOUT THIS DECK")
        self._footer(c)

    def _footer(self, c, labelled: bool = False) -> None:  # noqa: ANN001
        """The deck's title under a rule, at the foot of every front; on an
        exercise's (``labelled``), clear of the widest number beside it."""
        tw, _ = self.spec.trim
        b, s = self.spec.bleed, self.spec.safe
        size = self.foot_size
        foot = b + s  # the baseline on the safe zone's edge
        c.setFillColor(SOFT)
        c.setFont(self.st.head.regular, size)
        room = tw - 2 * s
        if labelled:
            font = self.st.head.regular
            widest = max((lines.unit_width(f.label, font) for f in self._fronts if f.label), default=0.0)
            room -= (widest + lines.unit_width("  ", font)) * size if widest else 0.0
        c.drawString(b + s, foot, footer_title(self.deck.title[:60], self.st.head.regular, size, room))
        c.setStrokeColor(SOFT)
        c.setLineWidth(HAIRLINE)
        c.line(b + s, foot + size * 1.3, b + tw - s, foot + size * 1.3)

    def _back(self, c, cat: Category | None = None) -> None:  # noqa: ANN001
        """A back that forgives: paper white to the trim and beyond, and
        everything else at least :data:`BACK_CLEAR` inside it, so a back
        printed a little off its front shows nothing. The deck's picture (or
        its categories' symbols), title, line, the space's name (or a line
        to write it on) and a credit line. With ``cat``, the category's
        back: its pattern in a disc, its symbol large and its name, so cards
        sort face down, in colour or in a black-and-white copy."""
        deck, spec, st = self.deck, self.spec, self.st
        tw, th = spec.trim
        b = spec.bleed
        back = deck.meta.get("back") or {}
        theme = deck.meta.get("theme") or {}
        clear = BACK_CLEAR
        width = tw - 2 * clear
        x = b + clear
        accent = HexColor(str(theme.get("back", "#22313f")))
        if spec.grey or contrast(accent, white) < 4.5:
            accent = INK
        img = self._image
        if img is not None:
            from reportlab.lib.utils import ImageReader

            c.drawImage(
                ImageReader(io.BytesIO(img.data)),
                b + (tw - img.width) / 2,
                b + th * 0.64,
                img.width,
                img.height,
                mask="auto",
            )
            y = b + th * 0.62
        elif cat is not None:
            r = 10 * MM
            cx, cy = b + tw / 2, b + th * 0.74
            tone = self.tones[cat.id]
            c.saveState()
            disc = c.beginPath()
            disc.circle(cx, cy, r)
            c.clipPath(disc, stroke=0, fill=0)
            c.setFillColor(tone)
            c.rect(cx - r, cy - r, 2 * r, 2 * r, stroke=0, fill=1)
            pattern(c, self.patterns[cat.id], cx - r, cy - r, 2 * r, 2 * r, pattern_ink(tone))
            c.restoreState()
            c.setFillColor(white)
            c.circle(cx, cy, r * 0.58, stroke=0, fill=1)
            c.setFillColor(INK)
            symbol(c, cat.symbol, cx, cy, r * 0.8)
            y = cy - r - 4 * MM
        else:
            # The categories' symbols in a row: the deck's own mark.
            cats = list(deck.categories.values())
            gap = min(6 * MM, width / max(1, len(cats)))
            x0 = b + tw / 2 - gap * (len(cats) - 1) / 2
            c.setFillColor(accent)
            for i, each in enumerate(cats):
                symbol(c, each.symbol, x0 + i * gap, b + th * 0.74, min(3.6 * MM, gap * 0.75))
            y = b + th * 0.67
        grey = _grey(accent)
        # The foot first: the space's name (or a line to write it on) over
        # the credit line; the texts above stop short of it.
        credit = credit_line(deck)
        credit_paras = [Para([Span(part, st.head.regular)], space_after=0) for part in credit.split(" \u00b7 ") if part]
        credit_h = lines.height(credit_paras, CREDIT, width, 1.25) if credit_paras else 0.0
        space = space_name(deck)
        space_paras = [Para([Span(space, st.head.bold)], space_after=0)] if space else []
        space_h = lines.height(space_paras, 8.5, width, 10.5 / 8.5) if space else 9 * MM
        floor = b + clear + credit_h + (3.5 * MM if credit_paras else 0) + space_h + 3 * MM
        texts = []
        if cat is not None:
            texts.append((cat.name.upper(), st.head.bold, 9, 11))
        texts.append((back.get("title") or deck.title, st.head.bold, 16, 18.5))
        texts.append((back.get("line", ""), st.body.italic, 8.5, 10.5))
        for text, face, size, leading in texts:
            if str(text).strip():
                paras = [Para([Span(str(text), face)], space_after=0)]
                if y - lines.height(paras, size, width, leading / size) < floor:
                    continue  # no room above the foot: left out, not overprinted
                y = lines.draw(c, paras, size, x, y, width, leading / size, grey=grey, align="centre") - 3 * MM
        foot = b + clear
        if credit_paras:
            lines.draw(c, credit_paras, CREDIT, x, foot + credit_h, width, 1.25, grey=SOFT_GREY, align="centre")
            foot += credit_h + 3.5 * MM
        if space_paras:
            lines.draw(c, space_paras, 8.5, x, foot + space_h, width, 10.5 / 8.5, grey=grey, align="centre")
        else:
            label = "this deck lives at"
            lines.draw_at(c, [Span(label, st.head.regular)], CREDIT, x, foot, width, grey=SOFT_GREY, align="centre")
            c.setStrokeColor(SOFT)
            c.setLineWidth(HAIRLINE)
            c.line(b + tw / 2 - 20 * MM, foot + 6.5 * MM, b + tw / 2 + 20 * MM, foot + 6.5 * MM)


#: Decks of this many cards or more are fitted in two halves where there
#: is a second core (:meth:`CardArt._fit`): below it, making the copy and
#: sending its fronts back costs more than the halving saves.
SPLIT = 300


def _one_size(runs: list, spec: CardSpec) -> tuple[int | None, list[_Fitted]]:
    """One body size for the deck's exercises, found by its runs of cards
    together (:class:`_Fitting`: all of them, or two halves, the second in
    a copy): the largest that nearly all of them (:data:`SHARE` of those
    that fit at all) take; only the rest are fitted down, each to the
    largest size it takes.

    Each exercise's ceiling comes first (:func:`ceiling`: the largest
    size its fewest lines could fit at, found without breaking lines).
    The line breaker then sets the deck at the largest size enough
    ceilings reach, and a size smaller while too few fit; the cards that
    fit there are done, set as they will be drawn, and only the others are
    fitted down. So most cards are broken into lines once.

    Returns the body size's place in :func:`sizes_between` (None when no
    exercise fits at all: the deck's maximum then) and each run fitted."""
    tries = sizes_between(spec.min_size, spec.max_size)
    tops = [t for got in parallel.each(runs, "ceilings") for t in got]
    could = sorted(t for t in tops if t is not None)
    # However small the deck, one long card is fitted down on its own: it
    # never sets a deck of a handful smaller.
    need = max(1, min(math.ceil(SHARE * len(could)), len(could) - 1))
    body = None
    if could:
        for i in range(could[need - 1], len(tries)):
            if sum(parallel.each(runs, "fitting", i)) >= need or i == len(tries) - 1:
                body = i
                break
    return body, parallel.each(runs, "finish", body)


class _Fitting:
    """The fitting of a run of a deck's cards (``art.cards[start:stop]``):
    what is done card by card, in the steps between which the deck decides
    together (:func:`_one_size`). Each card's steps are the same, in the
    same order, whether the deck is one run or two."""

    def __init__(self, art: CardArt, start: int, stop: int) -> None:
        self.art = art
        self.cards, self.kinds = art.cards[start:stop], art.kinds[start:stop]
        self.width = art.spec.trim[0] - 2 * art.spec.safe
        self.tries = sizes_between(art.spec.min_size, art.spec.max_size)
        self.fronts: list[_Front] = []
        self.tops: list[int | None] = []  # each exercise's ceiling
        self.taking: set[int] = set()  # the exercises (by place among the run's) that fit at the size last tried

    def _exercises(self) -> Iterator[tuple[Card, _Front]]:
        for card, f, kind in zip(self.cards, self.fronts, self.kinds, strict=True):
            if kind == "exercise":
                yield card, f

    def lay(self, upto: int | None = None) -> None:
        """The run's cards laid out (those not yet), all or the first ``upto``."""
        art = self.art
        for card, kind in zip(self.cards[len(self.fronts) : upto], self.kinds[len(self.fronts) : upto], strict=True):
            self.fronts.append(art._lay(card, kind))

    def ceilings(self) -> list[int | None]:
        """Every card laid out; each exercise's ceiling (its place in the sizes tried)."""
        spec = self.art.spec
        self.lay()
        self.tops = [ceiling(f.text, self.width, f.top - f.bottom, spec, self.tries) for _, f in self._exercises()]
        return self.tops

    def fitting(self, i: int) -> int:
        """How many of the exercises whose ceiling reaches the ``i``-th size fit there."""
        size, spec, width = self.tries[i], self.art.spec, self.width
        ex = [f for _, f in self._exercises()]
        taking = [n for n, t in enumerate(self.tops) if t is not None and t <= i]
        self.taking = {n for n in taking if _fits(ex[n].text, size, width, ex[n].top - ex[n].bottom, spec)}
        return len(self.taking)

    def finish(self, body: int | None) -> _Fitted:
        """The run fitted, with the deck's body size the ``body``-th size
        tried (None: no exercise fits at all, and the deck's maximum stands):
        the exercises that fit there (those of the size last tried) set at
        it, the others fitted down, the deck's own cards fitted, and every
        front settled."""
        spec, width, tries = self.art.spec, self.width, self.tries
        done = self.taking if body is not None else set()
        at = 0 if body is None else body
        body_size = tries[at]
        down: list[tuple[str, float]] = []
        for n, ((card, f), top) in enumerate(zip(self._exercises(), self.tops, strict=True)):
            if n in done:
                f.size = f.most = body_size
            elif top is not None:
                # Fitted down: it did not fit at the body size, or could not.
                h = f.top - f.bottom
                f.most = next((v for v in tries[max(top, at + 1):] if _fits(f.text, v, width, h, spec)), 0.0)
                f.size = f.most or tries[-1]
                if f.most:
                    down.append((card.id, f.size))
            else:
                f.size, f.most = tries[-1], 0.0
            at_size(f.text, f.size, spec)
        problems: dict[int, str | None] = {}  # by place in the run: the word too wide, if that is why
        for i, (f, kind) in enumerate(zip(self.fronts, self.kinds, strict=True)):
            if kind == "legend":
                continue
            if kind != "exercise":
                f.size, f.text, ok = _fit_text(f.text, width, f.top - f.bottom, spec)
                f.most = f.size if ok else 0.0
            if f.most:
                continue
            problems[i] = too_wide(f.text, smallest(f.text, spec), width)
            if spec.allow_overflow:
                # "Cut off" when lines are lost below the box; a word too wide is cut by
                # letters instead, and all of the text still prints.
                f.cut = text_height(f.text, f.size, width) > f.top - f.bottom
        self.art._settle(self.fronts)
        return _Fitted(self.fronts, down, problems)


@dataclass
class _Fitted:
    """A run of fronts fitted and settled, and what the deck is told of
    them: the exercises fitted down (id, size), and the fronts (by place in
    the run) that do not fit at all, each with the word too wide if that is
    why."""

    fronts: list[_Front]
    down: list[tuple[str, float]]
    problems: dict[int, str | None]


def _grey(colour: Color) -> float:
    """The grey (0 black .. 1 white) of a text colour given as a colour: text
    is drawn in grey, and the back's accent is dark."""
    return round(0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue, 3)


def _indent(para: Para) -> float:
    """Room for a fact's icon before its text."""
    return META * 1.25


def _fact_boxes(fact: _Fact, left: float, width: float) -> list[tuple[str, Para, float, float, float]]:
    """Where a line of facts is drawn, its items side by side from ``left``:
    each one's icon, text, the icon's x, and the x and width of its text."""
    out = []
    x = left
    for kind, para in fact.items:
        indent = _indent(para)
        out.append((kind, para, x, x + indent, width - (x - left) - indent))
        x += indent + _para_width(para) + FACT_GAP
    return out


def _para_width(para: Para) -> float:
    return sum(lines.unit_width(s.text, s.font) for s in para.spans) * META


def _row_width(row: list[tuple[str, Para]]) -> float:
    return sum(_indent(p) + _para_width(p) for _, p in row) + FACT_GAP * (len(row) - 1)


def space_name(deck: Deck) -> str:
    """The space the deck belongs to, if the deck says (its back's footer,
    else its ``space`` value unless that is still the placeholder)."""
    back = deck.meta.get("back") or {}
    values = deck.meta.get("values") or {}
    space = str(back.get("footer") or values.get("space") or "")
    if space in ("your space", back.get("title")):
        return ""
    return space


def footer_title(title: str, font: str, size: float, room: float) -> str:
    """The deck's title as the footer prints it: whole if it fits ``room``,
    else cut at a word (or, for one long word, a letter) with an ellipsis,
    so it never runs into the card's number or off the card."""
    if lines.unit_width(title, font) * size <= room:
        return title
    words = title.split()
    while len(words) > 1:
        words.pop()
        cut = " ".join(words).rstrip(",;:\u00b7\u2013\u2014-") + "\u2026"
        if lines.unit_width(cut, font) * size <= room:
            return cut
    word = title
    while word and lines.unit_width(word + "\u2026", font) * size > room:
        word = word[:-1]
    return word + "\u2026" if word else ""


def credit_line(deck: Deck) -> str:
    """One short line naming the work a deck is drawn from and its licence."""
    based = deck.meta.get("based_on") or {}
    if based.get("author") or based.get("title"):
        work = f"\u201c{based['title']}\u201d" if based.get("title") else ""
        by = f"{based['author']}, " if based.get("author") else ""
        year = f" ({based['year']})" if based.get("year") else ""
        line = f"After {by}{work}{year}".replace(", \u201c", ", \u201c")
        if based.get("licence"):
            line += f" \u00b7 {based['licence']}"
        return line
    return str(deck.meta.get("source") or "")


def credits_text(deck: Deck) -> str:
    """The credits card's text, from the deck's metadata."""
    meta = deck.meta
    based = meta.get("based_on") or {}
    out = []
    if based.get("title") or based.get("author"):
        by = f" by {based['author']}" if based.get("author") else ""
        title = f"\u201c{based['title']}\u201d" if based.get("title") else "a text"
        year = f" ({based['year']})" if based.get("year") else ""
        out.append(f"These exercises are drawn from {title}{by}{year}.")
        if based.get("licence"):
            out.append(f"The essay is {based['licence']}.")
        if based.get("source"):
            out.append(f"Read it whole: {based['source']}")
    elif meta.get("source"):
        out.append(str(meta["source"]))
    out.append("Each quote on a card is the essay\u2019s own words, from the section named after it.")
    # The space by its name: the back's footer may be its contact instead.
    named = str((meta.get("values") or {}).get("space") or "")
    space = named if named and named != "your space" else space_name(deck)
    out.append(f"This copy belongs to {space}." if space else "This copy belongs to: ____________________")
    if meta.get("licence"):
        out.append(f"The deck itself: {meta['licence']}. Copy it, change it, pass it on.")
    return "\n\n".join(out)


def _size(v: float) -> str:
    return f"{math.ceil(v * 100) / 100:g}pt"


def _n(v: float) -> str:
    """A number for a content stream, to 1/1000 pt."""
    return _n_of(v) if v else f"{v:.3f}".rstrip("0").rstrip(".")  # -0.0 is 0.0 to a cache


@lru_cache(maxsize=4096)
def _n_of(v: float) -> str:
    # Kept: every card puts its boxes at the same few places.
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _short(word: str) -> str:
    return word if len(word) <= 40 else word[:37] + "..."


#: Sizes of a front's title, its facts (time, group, materials), its footer
#: (at least the deck's minimum) and a back's credit line.
TITLE, META, FOOT, CREDIT = 11, 7.2, 6.5, 6.5
#: The forms of the facts' icons, one of each a document.
ICON_FORM = {"time": "zm-icon-time", "group": "zm-icon-group", "materials": "zm-icon-materials"}
#: Space between two facts side by side.
FACT_GAP = 2.6 * MM
#: How many cards fitted down the build names; past that it counts them.
NAMED = 12
#: The share of a deck's exercises set at its one body size; the rest are fitted down.
SHARE = 0.85


def typeset_faces(deck: Deck, spec: CardSpec, root=None, order: str = "fronts-then-back") -> Faces:  # noqa: ANN001
    """Card faces as a PDF, one face a page (see :meth:`CardArt.pdf`)."""
    art = CardArt(deck, spec, root)
    return Faces(art.pdf(order), art.fronts, art.sizes, art.overflows, art.notes)


#: The category band's height, from the trim's top edge.
BAND = 11 * MM
#: A category's sample on the legend card.
SWATCH = (11 * MM, 4.4 * MM)


def _back_image(deck: Deck, spec: CardSpec):  # noqa: ANN202
    """The deck's own picture for its back, read and checked once (a
    warning about its resolution is given once, naming the deck)."""
    image = (deck.meta.get("back") or {}).get("image")
    if not image:
        return None
    from zinemaker.typeset.images import prepare

    tw, th = spec.trim
    return prepare(Path(image), tw - 2 * BACK_CLEAR, th * 0.28, f"{deck.path}: deck.back.image")


def _check_glyphs(deck: Deck, body: fonts.Family, head: fonts.Family) -> None:
    """Every text of the deck in the face it is set in: a character a face
    lacks is an error naming the first card (or field) that has it. The
    texts are tried together first, one set of characters a face: for a
    deck with nothing missing (nearly every one), that is all."""
    texts: dict[str, list[str]] = {}
    for text, face, _, _ in _glyph_checks(deck, body, head):
        texts.setdefault(face, []).append(text)
    if not any(fonts.missing("".join(each), face) for face, each in texts.items()):
        return
    for text, face, family, where in _glyph_checks(deck, body, head):
        fonts.require_glyphs(text, face, family, where)


def _glyph_checks(deck: Deck, body: fonts.Family, head: fonts.Family) -> Iterator[tuple[str, str, str, str]]:
    """Each text a deck sets, in order, with its face, family and place: (text, face, family, where)."""
    for card in deck.cards:
        yield card.title, head.bold, head.name, card.where
        for text in (card.time, card.group, card.materials):
            yield text, head.regular, head.name, card.where
        yield card.body + card.quote, body.regular, body.name, card.where
        yield card.quote + card.purpose, body.italic, body.name, card.where
    for cat in deck.categories.values():
        yield cat.name.upper(), head.bold, head.name, str(deck.path)
        yield cat.about, head.regular, head.name, str(deck.path)
    back = deck.meta.get("back") or {}
    for text in (back.get("title", ""), back.get("line", ""), back.get("footer", ""), deck.title):
        yield str(text), head.bold, head.name, str(deck.path)
        yield str(text), body.italic, body.name, str(deck.path)
    yield credit_line(deck), head.regular, head.name, str(deck.path)
    yield str(deck.meta.get("how_to") or ""), body.regular, body.name, f"{deck.path}: deck.how_to"
