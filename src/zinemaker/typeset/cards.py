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
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph

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
        self.back_title = ParagraphStyle(
            "bt", fontName=head.bold, fontSize=17, leading=19.5, alignment=TA_CENTER, textColor=white
        )
        self.back_line = ParagraphStyle(
            "bl", fontName=body.italic, fontSize=8.5, leading=10.5, alignment=TA_CENTER, textColor=white
        )

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
        r = replace(r, italic=r.italic or italic)
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
    """The largest body size (to a quarter point) at which the text fits,
    measured by height after breaking lines to the width."""
    text = card_text(card, st)
    if text_height(text, spec.max_size, width) <= height:
        return spec.max_size, text, True
    if text_height(text, spec.min_size, width) > height:
        return spec.min_size, text, False
    lo, hi = spec.min_size, spec.max_size
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        if text_height(text, mid, width) <= height:
            lo = mid
        else:
            hi = mid
    return lo, text, True


def _setup(deck: Deck, spec: CardSpec, root) -> tuple[_Styles, list[Card]]:  # noqa: ANN001
    body = fonts.family(spec.body, root, f"{deck.path}: deck.theme.body")
    head = fonts.family(spec.heading, root, f"{deck.path}: deck.theme.heading")
    _check_glyphs(deck, body, head)
    return _Styles(body, head), deck.expanded()


def typeset_faces(deck: Deck, spec: CardSpec, root=None, order: str = "fronts-then-back") -> Faces:  # noqa: ANN001
    """Card faces as a PDF, one face a page.

    ``order`` is "fronts-then-back" (every front, then the one shared back:
    what card sheets need, with the back stored once) or "front-back"
    (front, back, front, back: one face a page, for print-on-demand).
    """
    st, cards = _setup(deck, spec, root)
    tw, th = spec.trim
    b = spec.bleed
    buf = io.BytesIO()
    c = rl_canvas.Canvas(
        buf,
        pagesize=(tw + 2 * b, th + 2 * b),
        invariant=1,
        pageCompression=1,
        initialFontName=st.body.regular,
        initialFontSize=8,
    )
    c.setTitle(deck.title)
    c.setCreator("zinemaker")
    faces = Faces(b"", len(cards))
    _category_forms(c, deck, spec, st)

    def back() -> None:
        _boxes(c, spec)
        _back(c, deck, spec, st)
        c.showPage()

    for n, card in enumerate(cards, 1):
        _boxes(c, spec)
        _front(c, deck, card, deck.categories[card.category], n, len(cards), spec, st, faces)
        c.showPage()
        if order == "front-back":
            back()
    if order == "fronts-then-back":
        back()
    c.save()
    faces.pdf = buf.getvalue()
    return faces


def _boxes(c, spec: CardSpec) -> None:  # noqa: ANN001
    tw, th = spec.trim
    b = spec.bleed
    c.setTrimBox((b, b, b + tw, b + th))
    c.setBleedBox((0, 0, tw + 2 * b, th + 2 * b))


def _front(
    c,
    deck: Deck,
    card: Card,
    cat: Category,
    n: int,
    total: int,
    spec: CardSpec,
    st: _Styles,  # noqa: ANN001
    faces: Faces,
) -> None:
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    left, right = b + s, b + tw - s
    width = right - left
    band_y = b + th - BAND
    colour = HexColor(cat.colour)
    c.doForm(f"zm-{cat.id}")
    # The card's number goes in the footer, beside the deck's title.
    c.setFillGray(SOFT_GREY)
    c.setFont(st.head.regular, 5.6)
    c.drawRightString(right, b + s, f"{n} / {total}")
    # Title and the practical line.
    y = band_y - 1.8 * MM
    y = lines.draw(c, [Para([Span(card.title, st.head.bold)])], 11, left, y, width, leading=1.15, grey=INK_GREY)
    facts = " \u00b7 ".join(x for x in (card.time, card.group) if x)
    meta = [Para([Span(facts, st.head.regular)], space_after=0)] if facts else []
    if card.materials:
        meta.append(Para([Span(f"Materials: {card.materials}", st.head.regular)], space_after=0))
    if meta:
        y = lines.draw(c, meta, 6.3, left, y - 0.8 * MM, width, grey=SOFT_GREY)
    foot = b + s
    # The body, fitted into what is left; the quote at the bottom.
    top, bottom = y - 2.2 * MM, foot + 7.5 + 1.8 * MM
    size, text, ok = fit(card, st, width, top - bottom, spec)
    if not ok:
        msg = (
            f"card {card.id!r} does not fit at the smallest size ({spec.min_size:g}pt) on a"
            f" {fmt_mm(tw)} x {fmt_mm(th)} card: shorten its body or quote, or choose a larger card"
        )
        if not spec.allow_overflow:
            raise ZinemakerError(msg, card.where)
        faces.overflows.append(f"{card.where}: {msg}")
    faces.sizes[card.id] = size
    c.saveState()
    p = c.beginPath()
    p.rect(left - 1, bottom, width + 2, top - bottom + 1)
    c.clipPath(p, stroke=0, fill=0)
    lines.draw(c, text.body, size, left, top, width, grey=INK_GREY)
    if text.quote:
        qh = lines.height(text.quote, size, width)
        c.setStrokeColor(colour)
        c.setLineWidth(1.2)
        c.line(left, bottom + qh + 1.6 * MM, left + 8 * MM, bottom + qh + 1.6 * MM)
        lines.draw(c, text.quote, size, left, bottom + qh, width, grey=SOFT_GREY)
    c.restoreState()


#: The category band's height, from the trim's top edge.
BAND = 10 * MM


def _category_forms(c, deck: Deck, spec: CardSpec, st: _Styles) -> None:  # noqa: ANN001
    """What every card of a category shares (band, symbol, name, footer),
    drawn once as a form and placed on each: a thousand cards stay small."""
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    left = b + s
    band_y = b + th - BAND
    mid = band_y + BAND / 2 - 0.5 * MM + b * 0.15
    for cat in deck.categories.values():
        c.beginForm(f"zm-{cat.id}", 0, 0, tw + 2 * b, th + 2 * b)
        c.setFillColor(HexColor(cat.colour))
        # The band runs into the bleed at the top and sides.
        c.rect(0, band_y, tw + 2 * b, BAND + b, stroke=0, fill=1)
        c.setFillColor(INK if _luminance(cat.colour) > 0.55 else white)
        symbol(c, cat.symbol, left + 3.2 * MM, mid, 3.6 * MM)
        c.setFont(st.head.bold, 6.8)
        c.drawString(left + 7 * MM, mid - 2.3, cat.name.upper())
        _footer(c, deck, spec, st)
        c.endForm()


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


def _back(c, deck: Deck, spec: CardSpec, st: _Styles) -> None:  # noqa: ANN001
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    back = deck.meta.get("back") or {}
    theme = deck.meta.get("theme") or {}
    c.setFillColor(HexColor(str(theme.get("back", "#22313f"))))
    c.rect(0, 0, tw + 2 * b, th + 2 * b, stroke=0, fill=1)
    c.setStrokeColor(white)
    c.setLineWidth(0.8)
    c.rect(b + s, b + s, tw - 2 * s, th - 2 * s, stroke=1, fill=0)
    c.setLineWidth(0.4)
    c.rect(b + s + 1.2 * MM, b + s + 1.2 * MM, tw - 2 * s - 2.4 * MM, th - 2 * s - 2.4 * MM, stroke=1, fill=0)
    width = tw - 2 * s - 8 * MM
    image = back.get("image")
    if image:
        # The deck's own picture, above the title, checked like any image.
        from reportlab.lib.utils import ImageReader

        from zinemaker.typeset.images import prepare

        box_h = th * 0.30
        img = prepare(Path(image), width, box_h, f"{deck.path}: deck.back.image")
        c.drawImage(
            ImageReader(io.BytesIO(img.data)),
            b + (tw - img.width) / 2,
            b + th * 0.64,
            img.width,
            img.height,
            mask="auto",
        )
    else:
        # The categories' symbols in a row: the deck's own mark.
        cats = list(deck.categories.values())
        gap = 5 * MM
        x0 = b + tw / 2 - gap * (len(cats) - 1) / 2
        c.setFillColor(white)
        for i, cat in enumerate(cats):
            symbol(c, cat.symbol, x0 + i * gap, b + th * 0.74, 3 * MM)
    c.setFillColor(white)
    y = b + th * 0.62
    for text, style in ((back.get("title") or deck.title, st.back_title), (back.get("line", ""), st.back_line)):
        if not text:
            continue
        p = Paragraph(escape(str(text)), style)
        _, h = p.wrap(width, th)
        y -= h
        p.drawOn(c, b + (tw - width) / 2, y)
        y -= 3 * MM
    # The bottom line: the back's own footer, else the space's name unless
    # the title already says it.
    values = deck.meta.get("values") or {}
    space = back.get("footer") or values.get("space")
    if space in ("your space", back.get("title")):
        space = None
    if space:
        p = Paragraph(escape(str(space)), ParagraphStyle("s", parent=st.back_line, fontName=st.head.regular))
        _, h = p.wrap(width, th)
        p.drawOn(c, b + (tw - width) / 2, b + s + 6 * MM)


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
