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
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Paragraph

from zinemaker.content.deck import Card, Category, Deck
from zinemaker.content.text import parse_inline, parse_text
from zinemaker.errors import ZinemakerError
from zinemaker.typeset import fonts
from zinemaker.typeset.reader import markup
from zinemaker.units import MM, fmt_mm

INK = HexColor("#1a1a1a")
SOFT = HexColor("#3d3d3d")  # dark enough to survive a copier
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
        self.title = ParagraphStyle("t", fontName=head.bold, fontSize=11, leading=12.6, textColor=INK)
        self.meta = ParagraphStyle("m", fontName=head.regular, fontSize=6.3, leading=7.6, textColor=SOFT)
        self.back_title = ParagraphStyle(
            "bt", fontName=head.bold, fontSize=17, leading=19.5, alignment=TA_CENTER, textColor=white
        )
        self.back_line = ParagraphStyle(
            "bl", fontName=body.italic, fontSize=8.5, leading=10.5, alignment=TA_CENTER, textColor=white
        )

    def text(self, size: float) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
        lead = size * 1.2
        para = ParagraphStyle("p", fontName=self.body.regular, fontSize=size, leading=lead, textColor=INK,
                              spaceAfter=size * 0.3, alignment=TA_LEFT, splitLongWords=1)
        item = ParagraphStyle("i", parent=para, leftIndent=size * 1.1, bulletIndent=0,
                              bulletFontName=self.head.bold, bulletFontSize=size * 0.9)
        q = size * 0.86
        quote = ParagraphStyle("q", fontName=self.body.italic, fontSize=q, leading=q * 1.2, textColor=SOFT)
        return para, item, quote


def _body_flowables(card: Card, st: _Styles, size: float) -> list[Paragraph]:
    para, item, quote = st.text(size)
    out = []
    for b in parse_text(card.body, card.where).blocks:  # type: ignore[arg-type]
        text = markup(b.runs, size * 0.8)
        if b.kind == "item":
            bullet = f"{b.ordinal}." if b.ordinal is not None else "\u2022"
            out.append(Paragraph(text, item, bulletText=bullet))
        elif b.kind == "heading":
            out.append(Paragraph(f"<b>{text}</b>", para))
        else:
            out.append(Paragraph(text, para))
    if card.quote:
        source = f" <font name='{st.head.regular}' size='{size * 0.7:.2f}'>— {escape(card.section)}</font>" \
            if card.section else ""
        # The essay's straight quotes become typographic ones, as in the body.
        words = markup(parse_inline(card.quote.strip(QUOTES)), size * 0.8)
        out.append(Paragraph(f"\u201c{words}\u201d{source}", quote))
    return out


#: Room above the quote for its short rule.
QUOTE_GAP = 3.4 * MM


def _height(flows: list[Paragraph], width: float) -> float:
    total = 0.0
    for i, f in enumerate(flows):
        _, h = f.wrap(width, 10_000)
        total += h + (f.style.spaceAfter if i < len(flows) - 1 else 0)
        if f.style.name == "q":
            total += QUOTE_GAP
    return total


def fit(card: Card, st: _Styles, width: float, height: float, spec: CardSpec) -> tuple[float, list[Paragraph], bool]:
    """The largest body size (to a quarter point) at which the text fits."""
    flows = _body_flowables(card, st, spec.max_size)
    if _height(flows, width) <= height:
        return spec.max_size, flows, True
    lo, hi = spec.min_size, spec.max_size
    flows = _body_flowables(card, st, lo)
    if _height(flows, width) > height:
        return lo, flows, False
    best = (lo, flows)
    while hi - lo > 0.25:
        mid = (lo + hi) / 2
        f = _body_flowables(card, st, mid)
        if _height(f, width) <= height:
            lo, best = mid, (mid, f)
        else:
            hi = mid
    return best[0], best[1], True


def typeset_faces(deck: Deck, spec: CardSpec, root=None, order: str = "fronts-then-back") -> Faces:  # noqa: ANN001
    """Card faces as a PDF.

    ``order`` is "fronts-then-back" (every front, then the one shared back:
    what card sheets need, with the back stored once) or "front-back"
    (front, back, front, back: one face a page, for print-on-demand).
    """
    body = fonts.family(spec.body, root, f"{deck.path}: deck.theme.body")
    head = fonts.family(spec.heading, root, f"{deck.path}: deck.theme.heading")
    st = _Styles(body, head)
    cards = deck.expanded()
    _check_glyphs(deck, body, head)
    tw, th = spec.trim
    b = spec.bleed
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(tw + 2 * b, th + 2 * b), invariant=1, pageCompression=1)
    c.setTitle(deck.title)
    c.setCreator("zinemaker")
    faces = Faces(b"", len(cards))
    total = len(cards)
    for n, card in enumerate(cards, 1):
        _front(c, deck, card, deck.categories[card.category], n, total, spec, st, faces)
        if order == "front-back":
            _back(c, deck, spec, st)
    if order == "fronts-then-back":
        _back(c, deck, spec, st)
    c.save()
    faces.pdf = buf.getvalue()
    return faces


def _boxes(c, spec: CardSpec) -> None:  # noqa: ANN001
    tw, th = spec.trim
    b = spec.bleed
    c.setTrimBox((b, b, b + tw, b + th))
    c.setBleedBox((0, 0, tw + 2 * b, th + 2 * b))


def _front(c, deck: Deck, card: Card, cat: Category, n: int, total: int, spec: CardSpec, st: _Styles,  # noqa: ANN001
           faces: Faces) -> None:
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    _boxes(c, spec)
    left, right = b + s, b + tw - s
    width = right - left
    # The category band runs into the bleed at the top and sides.
    band = 10 * MM
    band_y = b + th - band
    colour = HexColor(cat.colour)
    on_band = INK if _luminance(cat.colour) > 0.55 else white
    c.setFillColor(colour)
    c.rect(0, band_y, tw + 2 * b, band + b, stroke=0, fill=1)
    c.setFillColor(on_band)
    mid = band_y + band / 2 - 0.5 * MM + b * 0.15
    symbol(c, cat.symbol, left + 3.2 * MM, mid, 3.6 * MM)
    c.setFont(st.head.bold, 6.8)
    c.drawString(left + 7 * MM, mid - 2.3, cat.name.upper())
    c.setFont(st.head.regular, 6.3)
    c.drawRightString(right, mid - 2.3, f"{n} / {total}")
    # Title and the practical line.
    y = band_y - 3.2 * MM
    title = Paragraph(escape(card.title), st.title)
    _, h = title.wrap(width, th)
    y -= h
    title.drawOn(c, left, y)
    facts = " \u00b7 ".join(x for x in (card.time, card.group) if x)
    meta = facts + (f"<br/>Materials: {escape(card.materials)}" if card.materials else "")
    if meta:
        m = Paragraph(meta, st.meta)
        _, h = m.wrap(width, th)
        y -= h + 1.4 * MM
        m.drawOn(c, left, y)
    # Footer: the deck's title.
    foot = b + s - 1.0 * MM
    c.setFillColor(SOFT)
    c.setFont(st.head.regular, 5.6)
    c.drawString(left, foot, deck.title[:60])
    c.setStrokeColor(SOFT)
    c.setLineWidth(0.4)
    c.line(left, foot + 7.5, right, foot + 7.5)
    # The body, fitted into what is left.
    top, bottom = y - 2.2 * MM, foot + 7.5 + 1.8 * MM
    size, flows, ok = fit(card, st, width, top - bottom, spec)
    if not ok:
        msg = (f"card {card.id!r} does not fit at the smallest size ({spec.min_size:g}pt) on a"
               f" {fmt_mm(tw)} x {fmt_mm(th)} card: shorten its body or quote, or choose a larger card")
        if not spec.allow_overflow:
            raise ZinemakerError(msg, card.where)
        faces.overflows.append(f"{card.where}: {msg}")
    faces.sizes[card.id] = size
    c.saveState()
    p = c.beginPath()
    p.rect(left - 1, bottom, width + 2, top - bottom + 1)
    c.clipPath(p, stroke=0, fill=0)
    y = top
    for i, f in enumerate(flows):
        _, h = f.wrap(width, 10_000)
        if f.style.name == "q":  # the quote sits at the bottom, under a short rule
            y = min(y - QUOTE_GAP, bottom + h)
            c.setStrokeColor(colour)
            c.setLineWidth(1.2)
            c.line(left, y + 1.6 * MM, left + 8 * MM, y + 1.6 * MM)
        y -= h
        f.drawOn(c, left, y)
        y -= f.style.spaceAfter
    c.restoreState()
    c.showPage()


def _back(c, deck: Deck, spec: CardSpec, st: _Styles) -> None:  # noqa: ANN001
    tw, th = spec.trim
    b, s = spec.bleed, spec.safe
    _boxes(c, spec)
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
    # The categories' symbols in a row: the deck's own mark.
    cats = list(deck.categories.values())
    gap = 5 * MM
    x0 = b + tw / 2 - gap * (len(cats) - 1) / 2
    c.setFillColor(white)
    for i, cat in enumerate(cats):
        symbol(c, cat.symbol, x0 + i * gap, b + th * 0.74, 3 * MM)
    y = b + th * 0.62
    for text, style in ((back.get("title") or deck.title, st.back_title), (back.get("line", ""), st.back_line)):
        if not text:
            continue
        p = Paragraph(escape(str(text)), style)
        _, h = p.wrap(width, th)
        y -= h
        p.drawOn(c, b + (tw - width) / 2, y)
        y -= 3 * MM
    space = (deck.meta.get("values") or {}).get("space")
    if space and space != "your space":
        p = Paragraph(escape(str(space)), ParagraphStyle("s", parent=st.back_line, fontName=st.head.regular))
        _, h = p.wrap(width, th)
        p.drawOn(c, b + (tw - width) / 2, b + s + 6 * MM)
    c.showPage()


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
    for text in (back.get("title", ""), back.get("line", ""), deck.title):
        fonts.require_glyphs(str(text), head.bold, head.name, str(deck.path))
        fonts.require_glyphs(str(text), body.italic, body.name, str(deck.path))
