"""Typeset card faces: fronts with a category band, title, fitted body and
quote, and one back for the deck.

A front's body is set at the largest size, between the deck's maximum and
minimum, at which the body and quote fit the card, measured by height after
wrapping to the width. Below the minimum the card is an error naming it (or,
with ``allow_overflow``, a warning and the text set at the minimum, clipped
at the footer). Every face has a bleed around its trim; text stays in a safe
zone inside it. The category shows as colour, symbol and name, so it
survives black-and-white photocopying.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.lib.colors import HexColor, white
from reportlab.pdfgen import canvas as rl_canvas

from zinemaker.content.deck import Card, Category, Deck
from zinemaker.content.text import Run, parse_inline, parse_text
from zinemaker.errors import ZinemakerError
from zinemaker.typeset import fonts, lines
from zinemaker.typeset.lines import Para, Span
from zinemaker.units import MM, fmt_mm

INK_GREY, SOFT_GREY = 0.1, 0.24  # text greys: SOFT is still dark enough for a copier
INK = HexColor("#1a1a1a")
SOFT = HexColor("#3d3d3d")
QUOTES = "\u201c\u201d\"'"


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


@dataclass
class Faces:
    """Typeset faces: the PDF, and what happened while fitting text."""

    pdf: bytes
    fronts: int
    sizes: dict[str, float] = field(default_factory=dict)  # card id -> body size used
    overflows: list[str] = field(default_factory=list)


def _luminance(hex_colour: str) -> float:
    c = HexColor(hex_colour)
    return 0.2126 * c.red + 0.7152 * c.green + 0.0722 * c.blue


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
    sides = {"triangle": 3, "diamond": 4, "hexagon": 6, "star": 10}[kind]
    start = {"triangle": 90, "diamond": 90, "hexagon": 0, "star": 90}[kind]
    for i in range(sides):
        radius = r if kind != "star" or i % 2 == 0 else r * 0.45
        a = math.radians(start + 360 * i / sides)
        px, py = x + radius * math.cos(a), y + radius * math.sin(a)
        (p.moveTo if i == 0 else p.lineTo)(px, py)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


class _Styles:
    def __init__(self, body: fonts.Family, head: fonts.Family) -> None:
        self.body, self.head = body, head

    def face(self, run: Run) -> str:
        return {
            (False, False): self.body.regular,
            (True, False): self.body.italic,
            (False, True): self.body.bold,
            (True, True): self.body.bold_italic,
        }[(run.italic, run.bold)]


def _spans(runs: list[Run], st: _Styles, italic: bool = False) -> list[Span]:
    out = []
    for r in runs:
        if italic and not r.italic:
            r = replace(r, italic=True)
        text = r.text
        if r.href and r.href.removeprefix("mailto:") not in text:
            text += f" ({r.href.removeprefix('mailto:')})"
        out.append(Span(text, st.face(r)))
    return out


@dataclass
class _Text:
    """A card's text, parsed once and set at any size while fitting."""

    body: list[Para]
    quote: list[Para]


def card_text(card: Card, st: _Styles) -> _Text:
    body: list[Para] = []
    for b in parse_text(card.body, card.where).blocks:  # type: ignore[arg-type]
        if b.kind == "item":
            label = f"{b.ordinal}." if b.ordinal is not None else "\u2022"
            body.append(Para(_spans(b.runs, st), Span(label, st.head.bold), indent=1.25))
        elif b.kind == "heading":
            body.append(Para([Span(b.plain, st.body.bold)]))
        else:
            body.append(Para(_spans(b.runs, st)))
    quote: list[Para] = []
    if card.quote:
        # The essay's straight quotes become typographic ones, as in the body.
        spans = _spans(parse_inline(card.quote.strip(QUOTES)), st, italic=True)
        spans = [Span("\u201c", st.body.italic)] + spans + [Span("\u201d", st.body.italic)]
        if card.section:
            spans.append(Span(f" \u2014 {card.section}", st.head.regular))
        quote.append(Para(spans, scale=0.86, space_after=0))
    return _Text(body, quote)


#: Room above the quote for its short rule.
QUOTE_GAP = 3.4 * MM


def text_height(text: _Text, size: float, width: float) -> float:
    h = lines.height(text.body, size, width)
    if text.quote:
        h += QUOTE_GAP + lines.height(text.quote, size, width)
    return h


def fit(card: Card, st: _Styles, width: float, height: float, spec: CardSpec) -> tuple[float, _Text, bool]:
    """The largest body size (to a quarter point) at which the text fits the
    box in both directions: every word within the width, and the lines,
    broken to the width, within the height."""
    text = card_text(card, st)

    def fits(size: float) -> bool:
        return not too_wide(text, size, width) and text_height(text, size, width) <= height

    if fits(spec.max_size):
        return spec.max_size, text, True
    if not fits(spec.min_size):
        return spec.min_size, text, False
    lo, hi = spec.min_size, spec.max_size
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        if fits(mid):
            lo = mid
        else:
            hi = mid
    return lo, text, True


def too_wide(text: _Text, size: float, width: float) -> str | None:
    """A word of the body or quote wider than the card at ``size``, if any."""
    return lines.too_wide(text.body, size, width) or lines.too_wide(text.quote, size, width)


def _setup(deck: Deck, spec: CardSpec, root) -> tuple[_Styles, list[Card]]:  # noqa: ANN001
    body = fonts.family(spec.body, root, f"{deck.path}: deck.theme.body")
    head = fonts.family(spec.heading, root, f"{deck.path}: deck.theme.heading")
    _check_glyphs(deck, body, head)
    return _Styles(body, head), deck.expanded()


@dataclass
class _Front:
    """Where a front's text goes, worked out once and drawn on any canvas."""

    title: list[Para]
    meta: list[Para]
    meta_top: float
    top: float  # the body's box, between the practical line and the footer
    bottom: float
    size: float  # the body size it fits at
    text: _Text
    cut: bool = False  # set anyway (allow_overflow), and cut off at the box


class CardArt:
    """A deck typeset: every card's text fitted, ready to draw.

    Its pages are every front, then the back: one for the deck (page
    ``fronts``), or, when the deck's back says ``by_category``, one for each
    card (page ``fronts + i`` behind front ``i``) in its category's colour,
    with its symbol and name. Each is the card's trim with bleed around it. They can be drawn on any reportlab
    canvas (see :class:`zinemaker.impose.drawn.Artwork`): as a PDF of faces
    (:meth:`pdf`), or straight onto card sheets. Fitting happens here, once;
    a card that does not fit is an error naming it, or, with
    ``allow_overflow``, a line in ``overflows``.
    """

    def __init__(self, deck: Deck, spec: CardSpec, root=None) -> None:  # noqa: ANN001
        self.deck, self.spec = deck, spec
        self.st, self.cards = _setup(deck, spec, root)
        self.sizes: dict[str, float] = {}  # card id -> body size used
        self.overflows: list[str] = []
        self._fronts = [self._lay(card) for card in self.cards]
        self._image = _back_image(deck, spec)
        # Form names: the category forms are numbered, so no category id can
        # clash with the back's form or the slug's.
        self._band = {cid: f"zm-cat-{i}" for i, cid in enumerate(deck.categories)}
        self._backs = {cid: f"zm-back-{i}" for i, cid in enumerate(deck.categories)}
        self.by_category = bool((deck.meta.get("back") or {}).get("by_category"))

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

    def _lay(self, card: Card) -> _Front:
        spec, st = self.spec, self.st
        tw, th = spec.trim
        b, s = spec.bleed, spec.safe
        width = tw - 2 * s
        y = b + th - BAND - 1.8 * MM
        title = [Para([Span(card.title, st.head.bold)])]
        y -= lines.height(title, TITLE, width, leading=1.15)
        facts = " \u00b7 ".join(x for x in (card.time, card.group) if x)
        meta = [Para([Span(facts, st.head.regular)], space_after=0)] if facts else []
        if card.materials:
            meta.append(Para([Span(f"Materials: {card.materials}", st.head.regular)], space_after=0))
        meta_top = y - 0.8 * MM
        if meta:
            y = meta_top - lines.height(meta, META, width)
        # The body, fitted into what is left above the footer; the quote at the bottom.
        top, bottom = y - 2.2 * MM, b + s + 7.5 + 1.8 * MM
        size, text, ok = fit(card, st, width, top - bottom, spec)
        if not ok:
            word = too_wide(text, spec.min_size, width)
            why = f"the word {_short(word)!r} is wider than the card" if word else "its text is too long"
            msg = (
                f"card {card.id!r} does not fit on a {fmt_mm(tw)} x {fmt_mm(th)} card even at the smallest"
                f" size ({spec.min_size:g}pt), as {why}: shorten the {'word' if word else 'body or quote'}"
                " or choose a larger card"
            )
            if not spec.allow_overflow:
                raise ZinemakerError(f"{msg}, or build with --allow-overflow to print it cut off", card.where)
            self.overflows.append(f"{card.where}: {msg} (printed cut off, marked 'text cut off')")
        self.sizes[card.id] = size
        # "Cut off" when lines are lost below the box; a word too wide is cut by
        # letters instead, and all of the text still prints.
        cut = not ok and text_height(text, size, width) > top - bottom
        return _Front(title, meta, meta_top, top, bottom, size, text, cut=cut)

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
                _category_band(c, cat, self.deck, self.spec, self.st)
                c.endForm()
            if cid in backs:
                c.beginForm(self._backs[cid], 0, 0, *self.size)
                _back(c, self.deck, self.spec, self.st, self._image, cat)
                c.endForm()
        if not self.by_category and n in wanted:
            c.beginForm("zm-back", 0, 0, *self.size)
            _back(c, self.deck, self.spec, self.st, self._image)
            c.endForm()

    def draw(self, c, index: int) -> None:  # noqa: ANN001
        """Draw a face (a front, or a back after the fronts) with the bleed
        box's corner at (0, 0)."""
        n = len(self.cards)
        if index < n:
            self._front(c, index)
        elif self.by_category:
            c.doForm(self._backs[self.cards[index - n].category])
        else:
            c.doForm("zm-back")

    def _front(self, c, index: int) -> None:  # noqa: ANN001
        card, f = self.cards[index], self._fronts[index]
        spec, st = self.spec, self.st
        tw, th = spec.trim
        b, s = spec.bleed, spec.safe
        left, width = b + s, tw - 2 * s
        c.doForm(self._band[card.category])
        # The card's number goes in the footer, beside the deck's title.
        number = [Span(f"{index + 1} / {len(self.cards)}", st.head.regular)]
        lines.draw_at(c, number, 5.6, left, b + s, width, align="right", grey=SOFT_GREY)
        lines.draw(c, f.title, TITLE, left, b + th - BAND - 1.8 * MM, width, leading=1.15, grey=INK_GREY)
        if f.meta:
            lines.draw(c, f.meta, META, left, f.meta_top, width, grey=SOFT_GREY)
        # Body and quote, each clipped to its box: a card set with
        # allow_overflow is cut off above its quote, not over it or the
        # footer. Written as operators: a thousand cards make these calls a
        # thousand times.
        qh = lines.height(f.text.quote, f.size, width) if f.text.quote else 0.0
        floor = f.bottom + qh + QUOTE_GAP if f.text.quote else f.bottom
        if f.cut:  # the body comes first: a long quote gets at most half the box
            floor = min(floor, (f.top + f.bottom) / 2)
        c.saveState()
        c._code.append(f"{_n(left - 1)} {_n(floor)} {_n(width + 2)} {_n(f.top - floor + 1)} re W n")
        lines.draw(c, f.text.body, f.size, left, f.top, width, grey=INK_GREY)
        c.restoreState()
        if f.text.quote:
            # The quote hangs from just under the body's box (it fits there,
            # except on a card cut off, where what is below the box is lost).
            qtop = min(f.bottom + qh, floor - QUOTE_GAP)
            c.saveState()
            c._code.append(f"{_n(left - 1)} {_n(f.bottom)} {_n(width + 2)} {_n(floor - f.bottom)} re W n")
            y = _n(qtop + 1.6 * MM)
            rgb = " ".join(_n(v) for v in HexColor(self.deck.categories[card.category].colour).rgb())
            c._code.append(f"{rgb} RG 1.2 w {_n(left)} {y} m {_n(left + 8 * MM)} {y} l S")
            lines.draw(c, f.text.quote, f.size, left, qtop, width, grey=SOFT_GREY)
            c.restoreState()
        if f.cut:
            # A card printed with allow_overflow says so, where its text stops.
            label = "[text cut off]"
            w = lines.unit_width(label, st.head.bold) * 5.6
            c._code.append(f"1 g {_n(left + width - w - 1)} {_n(floor - 0.5)} {_n(w + 1)} 6.5 re f")
            lines.draw_at(c, [Span(label, st.head.bold)], 5.6, left, floor + 1, width, align="right", grey=0)

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
            c.showPage()
        c.save()
        return buf.getvalue()


def _n(v: float) -> str:
    """A number for a content stream, to 1/1000 pt."""
    return f"{v:.3f}".rstrip("0").rstrip(".")


def _short(word: str) -> str:
    return word if len(word) <= 40 else word[:37] + "..."


#: Sizes of a front's title and its practical line (time, group, materials).
TITLE, META = 11, 6.3


def typeset_faces(deck: Deck, spec: CardSpec, root=None, order: str = "fronts-then-back") -> Faces:  # noqa: ANN001
    """Card faces as a PDF, one face a page (see :meth:`CardArt.pdf`)."""
    art = CardArt(deck, spec, root)
    return Faces(art.pdf(order), art.fronts, art.sizes, art.overflows)


#: The category band's height, from the trim's top edge.
BAND = 10 * MM


def _category_band(c, cat: Category, deck: Deck, spec: CardSpec, st: _Styles) -> None:  # noqa: ANN001
    """What every card of a category shares (band, symbol, name, footer),
    drawn once as a form and placed on each: a thousand cards stay small."""
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    left = b + s
    band_y = b + th - BAND
    mid = band_y + BAND / 2 - 0.5 * MM + b * 0.15
    c.setFillColor(HexColor(cat.colour))
    # The band runs into the bleed at the top and sides.
    c.rect(0, band_y, tw + 2 * b, BAND + b, stroke=0, fill=1)
    c.setFillColor(INK if _luminance(cat.colour) > 0.55 else white)
    symbol(c, cat.symbol, left + 3.2 * MM, mid, 3.6 * MM)
    c.setFont(st.head.bold, 6.8)
    c.drawString(left + 7 * MM, mid - 2.3, cat.name.upper())
    _footer(c, deck, spec, st)


def _footer(c, deck: Deck, spec: CardSpec, st: _Styles) -> None:  # noqa: ANN001
    """The deck's title under a rule, at the foot of every front."""
    tw, _ = spec.trim
    b, s = spec.bleed, spec.safe
    foot = b + s  # the baseline on the safe zone's edge
    c.setFillColor(SOFT)
    c.setFont(st.head.regular, 5.6)
    c.drawString(b + s, foot, deck.title[:60])
    c.setStrokeColor(SOFT)
    c.setLineWidth(0.4)
    c.line(b + s, foot + 7.5, b + tw - s, foot + 7.5)


def _back_image(deck: Deck, spec: CardSpec):  # noqa: ANN202
    """The deck's own picture for its back, read and checked once (a
    warning about its resolution is given once, naming the deck)."""
    image = (deck.meta.get("back") or {}).get("image")
    if not image:
        return None
    from zinemaker.typeset.images import prepare

    tw, th = spec.trim
    return prepare(Path(image), tw - 2 * spec.safe - 8 * MM, th * 0.30, f"{deck.path}: deck.back.image")


def _back(c, deck: Deck, spec: CardSpec, st: _Styles, img=None, cat: Category | None = None) -> None:  # noqa: ANN001
    """The back: the deck's colour, a double frame, the deck's picture (or
    its categories' symbols), title, line and footer. With ``cat``, the
    category's back: its colour, its symbol large, and its name, so cards
    can be sorted face down, in colour or in a black-and-white copy."""
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    back = deck.meta.get("back") or {}
    theme = deck.meta.get("theme") or {}
    colour = cat.colour if cat else str(theme.get("back", "#22313f"))
    light = _luminance(colour) > 0.55
    ink, grey = (INK, INK_GREY) if light else (white, 1)
    c.setFillColor(HexColor(colour))
    c.rect(0, 0, tw + 2 * b, th + 2 * b, stroke=0, fill=1)
    c.setStrokeColor(ink)
    c.setLineWidth(0.8)
    c.rect(b + s, b + s, tw - 2 * s, th - 2 * s, stroke=1, fill=0)
    c.setLineWidth(0.4)
    c.rect(b + s + 1.2 * MM, b + s + 1.2 * MM, tw - 2 * s - 2.4 * MM, th - 2 * s - 2.4 * MM, stroke=1, fill=0)
    width = tw - 2 * s - 8 * MM
    c.setFillColor(ink)
    if img is not None:
        # The deck's own picture, above the title.
        from reportlab.lib.utils import ImageReader

        c.drawImage(
            ImageReader(io.BytesIO(img.data)),
            b + (tw - img.width) / 2,
            b + th * 0.64,
            img.width,
            img.height,
            mask="auto",
        )
    elif cat is not None:
        symbol(c, cat.symbol, b + tw / 2, b + th * 0.75, 9 * MM)
    else:
        # The categories' symbols in a row: the deck's own mark.
        cats = list(deck.categories.values())
        gap = 5 * MM
        x0 = b + tw / 2 - gap * (len(cats) - 1) / 2
        for i, each in enumerate(cats):
            symbol(c, each.symbol, x0 + i * gap, b + th * 0.74, 3 * MM)
    x = b + (tw - width) / 2
    y = b + th * 0.62
    texts = [(back.get("title") or deck.title, st.head.bold, 17, 19.5)]
    if cat is not None:
        texts.append((cat.name.upper(), st.head.bold, 8, 10))
    texts.append((back.get("line", ""), st.body.italic, 8.5, 10.5))
    for text, face, size, leading in texts:
        if str(text).strip():
            paras = [Para([Span(str(text), face)], space_after=0)]
            y = lines.draw(c, paras, size, x, y, width, leading / size, grey=grey, align="centre") - 3 * MM
    # The bottom line: the back's own footer, else the space's name unless
    # the title already says it.
    values = deck.meta.get("values") or {}
    space = back.get("footer") or values.get("space")
    if space in ("your space", back.get("title")):
        space = None
    if space:
        paras = [Para([Span(str(space), st.head.regular)], space_after=0)]
        top = b + s + 6 * MM + lines.height(paras, 8.5, width, 10.5 / 8.5)
        lines.draw(c, paras, 8.5, x, top, width, 10.5 / 8.5, grey=grey, align="centre")


def _check_glyphs(deck: Deck, body: fonts.Family, head: fonts.Family) -> None:
    for card in deck.cards:
        fonts.require_glyphs(card.title, head.bold, head.name, card.where)
        for text in (card.time, card.group, card.materials):
            fonts.require_glyphs(text, head.regular, head.name, card.where)
        fonts.require_glyphs(card.body + card.quote, body.regular, body.name, card.where)
        fonts.require_glyphs(card.quote, body.italic, body.name, card.where)
    for cat in deck.categories.values():
        fonts.require_glyphs(cat.name.upper(), head.bold, head.name, str(deck.path))
    back = deck.meta.get("back") or {}
    for text in (back.get("title", ""), back.get("line", ""), back.get("footer", ""), deck.title):
        fonts.require_glyphs(str(text), head.bold, head.name, str(deck.path))
        fonts.require_glyphs(str(text), body.italic, body.name, str(deck.path))
