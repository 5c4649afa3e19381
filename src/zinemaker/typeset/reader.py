"""Typeset reader pages: a cover, excerpts and a colophon, as a PDF.

Takes a :class:`Book` (metadata and parts made of text blocks) and a
:class:`PageSpec` (trim, bleed, margins, fonts) and returns the PDF bytes of
the finished pages in reading order, each with its TrimBox and BleedBox.
Built on reportlab's Platypus: hyphenation in the text's language (pyphen),
no widows or orphans, headings kept with what follows, folios on the outer
corner, mirrored margins.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field, replace
from pathlib import Path
from html import escape as _html_escape

from zinemaker.lazyre import REPORTLAB, deferred

with deferred(REPORTLAB):  # patterns for what we never ask of it, compiled if ever used
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        BaseDocTemplate,
        CondPageBreak,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
    )
    from reportlab.platypus.flowables import HRFlowable, TopPadder

from zinemaker.content.text import Block, Run  # noqa: E402
from zinemaker.errors import ZinemakerError  # noqa: E402
from zinemaker.typeset import fonts, patterns  # noqa: E402
from zinemaker.typeset.hyphens import dictionary_name  # noqa: E402
from zinemaker.typeset.lines import EXPANSION, Para, Span, draw_set, set_lines  # noqa: E402
from zinemaker.typeset.paragraph import BlockStyle, TextBlock  # noqa: E402


def escape(text: str) -> str:
    """``text`` safe inside reportlab's paragraph markup (&, <, >).
    html's escape, not xml.sax.saxutils': that one loads urllib and email."""
    return _html_escape(text, quote=False)


@dataclass(frozen=True)
class PageSpec:
    """The finished page and the type on it."""

    trim: tuple[float, float]
    bleed: float
    inner: float
    outer: float
    top: float
    bottom: float
    body: str = "Charis SIL"
    heading: str = "Open Sans"
    size: float = 10.0
    leading: float = 13.5
    hyphenate: bool = True
    justify: bool = True
    pad_to: int = 1  # the page count a booklet needs a multiple of (4 for saddle stitching)


@dataclass(frozen=True)
class Passage:
    """Blocks from one text, with the file they came from (for messages)."""

    blocks: list[Block]
    source: str


@dataclass(frozen=True)
class CoverPart:
    pass


@dataclass(frozen=True)
class ColophonPart:
    note: str | None = None


@dataclass(frozen=True)
class BlankPart:
    pass


@dataclass(frozen=True)
class ExercisesPart:
    """Cards of a deck, set as a section of the zine."""

    cards: list  # of content.deck.Card
    categories: dict  # id -> content.deck.Category
    heading: str | None = None


Part = Passage | CoverPart | ColophonPart | BlankPart | ExercisesPart


@dataclass
class Book:
    """What goes in the reader: metadata and parts in order."""

    meta: dict
    parts: list[Part] = field(default_factory=list)
    where: str = ""  # the layout file, for messages about metadata


class _Styles:
    def __init__(self, spec: PageSpec, body: fonts.Family, head: fonts.Family, lang: str) -> None:
        size, lead = spec.size, spec.leading
        tw, th = spec.trim
        self.frame = (tw - spec.inner - spec.outer, th - spec.top - spec.bottom)  # the text block
        # the dictionary by language and region ("en" is American English),
        # for zinemaker's breaker and for reportlab's (the exercises pages)
        hyph = dictionary_name(lang) if spec.hyphenate else None
        if hyph:
            patterns.load(hyph)  # reportlab's pyphen then finds them read
        common = dict(
            fontName=body.regular,
            fontSize=size,
            leading=lead,
            allowWidows=0,
            allowOrphans=0,
            hyphenationLang=hyph,
            embeddedHyphenation=1,
            uriWasteReduce=0.3,
            splitLongWords=1,
        )
        align = TA_JUSTIFY if spec.justify else TA_LEFT
        self.first = ParagraphStyle("first", alignment=align, **common)
        self.body = ParagraphStyle("body", parent=self.first, firstLineIndent=size * 1.2)
        self.quote = ParagraphStyle(
            "quote",
            parent=self.first,
            leftIndent=size * 1.5,
            rightIndent=size * 0.8,
            fontSize=size * 0.93,
            leading=lead * 0.95,
            spaceBefore=lead / 2,
            spaceAfter=lead / 2,
        )
        self.item = ParagraphStyle(
            "item",
            parent=self.first,
            leftIndent=size * 1.4,
            bulletIndent=size * 0.3,
            bulletFontName=body.regular,
            spaceAfter=lead * 0.15,
        )
        heads = {1: 1.55, 2: 1.25, 3: 1.05}
        self.heading_scale = heads
        self.dictionary = hyph
        self.heading = {
            lvl: ParagraphStyle(
                f"h{lvl}",
                fontName=head.bold,
                fontSize=size * k,
                leading=size * k * 1.2,
                spaceBefore=lead * (1.2 if lvl > 1 else 0.5),
                spaceAfter=lead * 0.5,
                keepWithNext=1,
                alignment=TA_LEFT,
                allowWidows=0,
                allowOrphans=0,
            )
            for lvl, k in heads.items()
        }
        self.folio = ParagraphStyle("folio", fontName=head.regular, fontSize=size * 0.8)
        self.title = ParagraphStyle(
            "title", fontName=head.bold, fontSize=size * 2.5, leading=size * 2.8, alignment=TA_LEFT
        )
        self.subtitle = ParagraphStyle(
            "subtitle",
            fontName=body.italic,
            fontSize=size * 1.3,
            leading=size * 1.65,
            alignment=TA_LEFT,
            spaceBefore=size,
        )
        self.author = ParagraphStyle("author", fontName=head.regular, fontSize=size * 1.3, leading=size * 1.6)
        self.small = ParagraphStyle(
            "small",
            fontName=body.regular,
            fontSize=size * 0.85,
            leading=size * 1.15,
            alignment=TA_LEFT,
            spaceAfter=size * 0.5,
            hyphenationLang=None,
        )
        self.small_centre = ParagraphStyle("smallc", parent=self.small, alignment=TA_CENTER)


def link_text(run: Run) -> str:
    """A run as it prints: a link's text, then its address in brackets
    when the text is not the address already (a paper reader cannot click)."""
    if run.href:
        shown = run.href.removeprefix("mailto:")
        if _bare(run.text) != _bare(shown):
            return f"{run.text} ({shown})"
    return run.text


def markup(runs: list[Run], link_size: float) -> str:
    """Runs as reportlab paragraph markup; links print their address so a
    paper reader can use them."""
    out: list[str] = []
    for r in runs:
        t = escape(r.text).replace("\n", "<br/>")
        if r.href:
            shown = r.href.removeprefix("mailto:")
            if _bare(r.text) != _bare(shown):
                t += f' <font size="{link_size:.1f}">({escape(shown)})</font>'
        if r.bold:
            t = f"<b>{t}</b>"
        if r.italic:
            t = f"<i>{t}</i>"
        out.append(t)
    return "".join(out)


def _bare(url: str) -> str:
    u = url.strip().lower()
    for p in ("https://", "http://", "mailto:", "www."):
        u = u.removeprefix(p)
    return u.rstrip("/")


def _check_runs(runs: list[Run], body: fonts.Family, head: fonts.Family | None, where: str) -> None:
    for r in runs:
        if head is not None:
            face, name = head.bold, head.name
        else:
            face = {
                (False, False): body.regular,
                (True, False): body.italic,
                (False, True): body.bold,
                (True, True): body.bold_italic,
            }[(r.italic, r.bold)]
            name = body.name
        fonts.require_glyphs(r.text, face, name, where)
        if r.href:
            fonts.require_glyphs(r.href, body.regular, body.name, where)


def prepare(book: Book, spec: PageSpec, root=None) -> None:  # noqa: ANN001
    """Load what typesetting ``book`` reads whatever the paper: its fonts,
    its hyphenation patterns, the QR encoder. Done once before the papers
    are typeset side by side (:mod:`zinemaker.parallel`), so that neither
    loads them again; a mistake in them is left for :func:`typeset_reader`
    to report where it belongs."""
    try:
        fonts.family(spec.body, root)
        fonts.family(spec.heading, root)
    except ZinemakerError:
        return
    lang = str(book.meta.get("language") or "en")
    hyph = dictionary_name(lang) if spec.hyphenate else None
    if hyph:
        patterns.load(hyph)
    if book.meta.get("source"):
        import reportlab.graphics.barcode.qr  # noqa: F401 - the colophon's code


def typeset_reader(book: Book, spec: PageSpec, root=None) -> bytes:  # noqa: ANN001
    """The reader PDF: finished pages in reading order."""
    where = book.where
    body = fonts.family(spec.body, root, f"{where}: fonts.body")
    head = fonts.family(spec.heading, root, f"{where}: fonts.heading")
    lang = str(book.meta.get("language") or "en")
    st = _Styles(spec, body, head, lang)
    tw, th = spec.trim
    b = spec.bleed
    pw, ph = tw + 2 * b, th + 2 * b
    meta = {k: str(v) for k, v in book.meta.items() if not isinstance(v, list)}
    sources = book.meta.get("source") or []
    if isinstance(sources, str):
        sources = [sources]
    for key, value in list(meta.items()) + [("source", s) for s in sources]:
        fonts.require_glyphs(value, head.bold, head.name, f"{where}: zine.{key}")
        fonts.require_glyphs(value, body.regular, body.name, f"{where}: zine.{key}")

    def frame(x_inner: bool, fid: str) -> Frame:
        left = b + (spec.inner if x_inner else spec.outer)
        width = tw - spec.inner - spec.outer
        return Frame(
            left,
            b + spec.bottom,
            width,
            th - spec.top - spec.bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=fid,
        )

    def folio(canvas, doc) -> None:  # noqa: ANN001
        n = doc.page
        canvas.saveState()
        canvas.setFont(head.regular, st.folio.fontSize)
        y = b + spec.bottom * 0.42
        if n % 2:
            canvas.drawRightString(b + tw - spec.outer, y, str(n))
        else:
            canvas.drawString(b + spec.outer, y, str(n))
        canvas.restoreState()

    def cover(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        x = b + spec.outer
        width = tw - spec.outer - spec.inner * 0.8
        y = b + th - spec.top - th * 0.18
        canvas.setLineWidth(2.2)
        canvas.line(x, y + st.title.fontSize * 1.1, x + width * 0.35, y + st.title.fontSize * 1.1)
        for text, style in (
            (meta.get("title", ""), st.title),
            (meta.get("subtitle", ""), st.subtitle),
        ):
            if not text:
                continue
            # Kerned, with ligatures, lines balanced by the breaker (ragged).
            para = Para([Span(" ".join(text.split()), style.fontName)], shape=SHAPE)
            set_ = set_lines(para, style.fontSize, width)
            top = y - style.spaceBefore
            draw_set(canvas, set_, style.fontSize, x, top, width, style.leading, False, shaped=SHAPE)
            y = top - len(set_) * style.leading
        if meta.get("author"):
            p = Paragraph(escape(meta["author"]), st.author)
            p.wrap(width, th)
            p.drawOn(canvas, x, b + spec.bottom + th * 0.06)
        canvas.restoreState()

    marks = _Marks()

    def page_start(canvas, doc) -> None:  # noqa: ANN001
        marks.page_start()
        folio(canvas, doc)

    def running_head(canvas, doc) -> None:  # noqa: ANN001
        """The zine's title over a left-hand page, the section over a
        right-hand one; none over a page that opens a section."""
        n = doc.page
        if marks.opened_here:
            return
        text = meta.get("title", "") if n % 2 == 0 else marks.section_for_head()
        if not text:
            return
        canvas.saveState()
        size = st.folio.fontSize * 0.95
        canvas.setFont(head.regular, size)
        canvas.setFillGray(0.35)
        y = b + th - spec.top * 0.55
        room = tw - spec.inner - spec.outer
        while text and canvas.stringWidth(text, head.regular, size) > room:
            text = text.rsplit(" ", 1)[0] + "\u2026" if " " in text.rstrip("\u2026") else ""
        if n % 2:
            canvas.drawRightString(b + tw - spec.outer, y, text)
        else:
            canvas.drawString(b + spec.outer, y, text)
        canvas.restoreState()

    def notes_page(canvas, doc) -> None:  # noqa: ANN001
        """A page to write on: a heading and ruled lines on the body's grid."""
        left = b + (spec.inner if doc.page % 2 else spec.outer)
        width = tw - spec.inner - spec.outer
        top = b + th - spec.top
        canvas.saveState()
        canvas.setFont(head.bold, spec.size * 1.25)
        canvas.drawString(left, top - spec.size * 1.25, "Notes")
        canvas.setLineWidth(0.4)
        canvas.setStrokeGray(0.6)
        y = top - spec.leading * 3
        while y > b + spec.bottom:
            canvas.line(left, y, left + width, y)
            y -= spec.leading * 1.5
        canvas.restoreState()
        folio(canvas, doc)

    # Facing pages end on the same line: when a left-hand page had to end a
    # line or two short (a paragraph parted without a widow or orphan), the
    # right-hand page facing it is run as short, as a book's spread would be.
    recto_frame = frame(True, "r")
    short = [0, 0.0]  # the left-hand page, and how much shorter it ended

    def verso_end(canvas, doc) -> None:  # noqa: ANN001
        running_head(canvas, doc)
        f = doc.frame
        lines = int((f._y - f._y1p + 0.01) // spec.leading)
        short[:] = [doc.page, lines * spec.leading if 0 < lines <= 2 else 0.0]

    def recto_start(canvas, doc) -> None:  # noqa: ANN001
        page_start(canvas, doc)
        facing = short[1] if short[0] == doc.page - 1 else 0.0  # only the page just before
        recto_frame._y1p = recto_frame._y1 + recto_frame._bottomPadding + facing

    boxes = {"trimBox": (b, b, b + tw, b + th), "bleedBox": (0, 0, pw, ph)}
    templates = [
        PageTemplate("cover", [frame(False, "c")], onPage=cover, autoNextPageTemplate="verso", **boxes),
        PageTemplate("title", [frame(False, "t")], autoNextPageTemplate="recto", **boxes),
        PageTemplate(
            "verso", [frame(False, "v")], onPage=page_start, onPageEnd=verso_end, autoNextPageTemplate="recto", **boxes
        ),
        PageTemplate(
            "recto", [recto_frame], onPage=recto_start, onPageEnd=running_head, autoNextPageTemplate="verso", **boxes
        ),
        PageTemplate("notes", [frame(False, "n")], onPage=notes_page, **boxes),
        PageTemplate("colophon", [frame(False, "k")], **boxes),
        PageTemplate("blank", [frame(False, "b")], **boxes),
    ]
    if not (book.parts and isinstance(book.parts[0], CoverPart)):
        # No cover: page 1 is a right-hand text page, not a cover with the
        # title drawn over the text.
        templates.insert(0, templates.pop(3))
    buf = io.BytesIO()
    doc = _Doc(
        buf,
        pagesize=(pw, ph),
        pageTemplates=templates,
        invariant=1,
        title=meta.get("title", ""),
        author=meta.get("author", ""),
        subject=meta.get("description", ""),
        creator="zinemaker",
        producer="zinemaker",
        lang=lang.replace("_", "-"),
        displayDocTitle=1,
        initialFontName=body.regular,
        initialFontSize=spec.size,
        initialLeading=spec.leading,
    )
    story: list = []
    started = False  # has any page begun?
    passages = [p for p in book.parts if isinstance(p, Passage)]
    notes: list[str] | None = [] if book.meta.get("links") == "endnotes" else None
    for part in book.parts:
        if isinstance(part, CoverPart):
            if started:
                story += [NextPageTemplate("cover"), PageBreak()]
            story.append(Spacer(1, 1))
            if passages:
                # The inside of the cover: title, introduction, contents;
                # the text then opens on a right-hand page.
                story += [NextPageTemplate("title"), PageBreak()]
                story += _title_page(meta, passages, st, body, head, spec, marks)
                story += [NextPageTemplate("recto"), PageBreak()]
            else:
                story += [NextPageTemplate("verso"), PageBreak()]
            started = False
            continue
        if isinstance(part, BlankPart):
            if started:
                story += [NextPageTemplate("blank"), PageBreak()]
            story += [Spacer(1, 1), PageBreak()]
            started = False
            continue
        if isinstance(part, ColophonPart):
            if started and spec.pad_to > 1 and part is book.parts[-1]:
                # The colophon is the back cover: pages the booklet needs
                # before it are notes pages, not blanks.
                story.append(_Pad(doc, spec.pad_to))
            story.append(NextPageTemplate("colophon"))
            if started:
                story.append(PageBreak())
            story.append(TopPadder(_ColophonBlock(_colophon(meta, sources, part, st, body, head))))
            started = True
            continue
        if isinstance(part, ExercisesPart):
            story += _exercises(part, st, body, head, spec.size)
            started = True
            continue
        story += _passage(part, st, body, head, spec.size, marks, notes)
        started = True
        if notes and part is passages[-1]:
            story += _endnotes(notes, st, body, head, spec)
    story.append(_PageNumbers(marks, head.regular, st.small.fontSize))
    for here, after in zip(story, story[1:]):
        if isinstance(here, TextBlock):
            here.following = after  # a paragraph can see if it would strand a line at the foot
    if not story:
        raise ZinemakerError("content: nothing to print; add [[content]] entries", where)
    try:
        doc.build(story)
    except ZinemakerError:
        raise
    except Exception as exc:  # reportlab's LayoutError and kin
        raise ZinemakerError(
            f"cannot lay out the pages ({exc}): check margins and font size in the layout", where
        ) from None
    return buf.getvalue()


#: Kerning and ligatures in the reader's text (HarfBuzz); the bench turns it
#: off to measure what it costs.
SHAPE = True


SUPERSCRIPT = str.maketrans("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")


def endnote_text(run: Run, number: int) -> str:
    """A link as it prints with ``links = "endnotes"``: its text (an address
    shortened to its site) and the note's number, raised."""
    text = run.text
    if _bare(run.text) == _bare(run.href or ""):
        text = _bare(run.text).split("/", 1)[0]
    return text + str(number).translate(SUPERSCRIPT)


def spans_for(
    runs: list[Run], body: fonts.Family, head: fonts.Family | None = None, notes: list[str] | None = None
) -> list[Span]:
    """Runs as spans in the family's faces (a heading's all in its bold);
    links print their address after their text or, given ``notes`` (the
    endnotes so far, added to here), a note number."""
    out: list[Span] = []
    for r in runs:
        if head is not None:
            face = head.bold
        else:
            face = {
                (False, False): body.regular,
                (True, False): body.italic,
                (False, True): body.bold,
                (True, True): body.bold_italic,
            }[(r.italic, r.bold)]
        if notes is not None and r.href:
            notes.append(r.href.removeprefix("mailto:"))
            text = endnote_text(r, len(notes))
        else:
            text = link_text(r)
        if out and out[-1].font == face:
            out[-1] = Span(out[-1].text + text, face)
        else:
            out.append(Span(text, face))
    return out


def _passage(
    part: Passage,
    st: _Styles,
    body,  # noqa: ANN001
    head,  # noqa: ANN001
    size: float,
    marks: _Marks | None = None,
    notes: list[str] | None = None,
) -> list:
    story: list = []
    drew = marks.drew if marks is not None else None
    prev = "heading"
    grid = st.body.leading
    dictionary = st.dictionary
    for blk in part.blocks:
        where = f"{part.source}:{blk.line}"
        _check_runs(blk.runs, body, head if blk.kind == "heading" else None, where)
        if blk.kind == "heading":
            k = st.heading_scale[min(blk.level, 3)]
            hs = size * k
            style = BlockStyle(
                hs,
                hs * 1.2,
                grid,
                before=grid * (1 if blk.level > 1 else 0),
                after=grid * 0.5,
                justify=False,
                keep=2,
            )
            hook = marks.heading_hook(blk, size) if marks is not None else None
            story.append(TextBlock(Para(spans_for(blk.runs, body, head), shape=SHAPE), style, on_draw=hook))
        elif blk.kind in ("paragraph", "quote", "item"):
            spans = spans_for(blk.runs, body, notes=notes)
            justify = st.body.alignment == TA_JUSTIFY
            para = Para(spans, justify=justify, hyphenate=dictionary, shape=SHAPE, expand=EXPANSION if justify else 0.0)
            if blk.kind == "paragraph":
                if prev == "paragraph":
                    para.first = 1.2
                story.append(TextBlock(para, BlockStyle(size, grid, grid, justify=justify), on_draw=drew))
            elif blk.kind == "quote":
                qs = size * 0.93
                # a line's space above and below: the quote's lines stay on the grid
                style = BlockStyle(
                    qs, grid, grid, left=size * 1.5, right=size * 0.8, before=grid, after=grid, justify=justify, body=size
                )
                story.append(TextBlock(para, style, on_draw=drew))
            else:
                bullet = f"{blk.ordinal}." if blk.ordinal is not None else "\u2022"
                indent = size * 1.4 * blk.level
                style = BlockStyle(
                    size, grid, grid, left=indent, justify=justify, label_x=size * 0.3 + size * 1.4 * (blk.level - 1)
                )
                story.append(TextBlock(para, style, label=Span(bullet, body.regular), on_draw=drew))
        elif blk.kind == "image":
            story += _figure(blk, part, st, body)
        elif blk.kind == "rule":
            story.append(_Rule(grid, size))
        prev = blk.kind
    return story


def _endnotes(notes: list[str], st: _Styles, body, head, spec: PageSpec) -> list:  # noqa: ANN001
    """The links' addresses, numbered, after the last passage."""
    size, grid = spec.size, spec.leading
    style = BlockStyle(size, grid, grid, before=grid, after=grid * 0.5, justify=False, keep=2)
    out: list = [TextBlock(Para([Span("Links", head.bold)], shape=SHAPE), style)]
    for n, url in enumerate(notes, 1):
        fonts.require_glyphs(url, body.regular, body.name, "links")
        item = BlockStyle(size * 0.9, grid, grid, left=size * 1.8, justify=False, label_x=0)
        para = Para([Span(url, body.regular)], shape=SHAPE)
        out.append(TextBlock(para, item, label=Span(f"{n}.", body.regular)))
    return out


def _figure(blk: Block, part: Passage, st: _Styles, body) -> list:  # noqa: ANN001
    """An image at the column's width (at most half a page tall), and its caption."""
    from reportlab.platypus import Image as RLImage

    from zinemaker.typeset.images import prepare

    where = f"{part.source}:{blk.line}"
    path = (Path(part.source).parent / blk.src) if not Path(blk.src).is_absolute() else Path(blk.src)
    frame_w, frame_h = st.frame
    img = prepare(path, frame_w, frame_h * 0.5, where)
    flows: list = [Spacer(1, st.body.leading / 2), RLImage(io.BytesIO(img.data), img.width, img.height)]
    if blk.runs:
        _check_runs(blk.runs, body, None, where)
        caption = ParagraphStyle("caption", parent=st.small, fontName=body.italic, alignment=TA_CENTER)
        flows.append(Paragraph(markup(blk.runs, st.small.fontSize), caption))
    flows.append(Spacer(1, st.body.leading / 2))
    return [_OnGrid(flows, st.body.leading)]


def _exercises(part: ExercisesPart, st: _Styles, body, head, size: float) -> list:  # noqa: ANN001
    """Each card as a short section: its category, title, the practical
    line, the steps, the quote with the essay section it comes from; set
    by the same breaker as the text (justified, hyphenated) and on the same
    baseline grid, each card kept together on a page where it fits."""
    from reportlab.platypus import KeepTogether

    from zinemaker.content.text import parse_inline, parse_text

    grid = st.body.leading
    justify = st.body.alignment == TA_JUSTIFY
    expand = EXPANSION if justify else 0.0
    dictionary = st.dictionary

    def heading(text: str, scale: float, before: float, font: str = head.bold, keep: int = 2) -> TextBlock:
        hs = size * scale
        style = BlockStyle(hs, hs * 1.2, grid, before=before, after=grid * 0.5 if keep else 0.0, justify=False, keep=keep)
        return TextBlock(Para([Span(" ".join(text.split()), font)], shape=SHAPE), style)

    def text(spans: list[Span], style: BlockStyle, label: Span | None = None) -> TextBlock:
        para = Para(spans, justify=justify, hyphenate=dictionary, shape=SHAPE, expand=expand)
        return TextBlock(para, style, label=label)

    story: list = []
    if part.heading:
        fonts.require_glyphs(part.heading, head.bold, head.name, "exercises heading")
        story.append(heading(part.heading, st.heading_scale[1], 0.0))
    plain = BlockStyle(size, grid, grid, justify=justify)
    small = size * 0.85
    for card in part.cards:
        _check_runs([Run(card.title)], body, head, card.where)
        _check_runs([Run(card.body + card.quote + card.time + card.group + card.materials)], body, None, card.where)
        cat = part.categories.get(card.category)
        block: list = []
        if cat is not None:
            block.append(heading(cat.name.upper(), 0.72, grid, head.bold, keep=0))
        block.append(heading(card.title, st.heading_scale[3], 0.0 if cat is not None else grid))
        facts = " \u00b7 ".join(x for x in (card.time, card.group) if x)
        if card.materials:
            facts += f"{' · ' if facts else ''}Materials: {card.materials}"
        if facts:
            style = BlockStyle(small, grid, grid, after=0.0, justify=False, body=size)
            block.append(TextBlock(Para([Span(" ".join(facts.split()), head.regular)], shape=SHAPE), style))
        for b in parse_text(card.body, card.where).blocks:  # type: ignore[arg-type]
            spans = spans_for(b.runs, body)
            if b.kind == "item":
                bullet = f"{b.ordinal}." if b.ordinal is not None else "\u2022"
                indent = size * 1.4 * b.level
                style = BlockStyle(size, grid, grid, left=indent, justify=justify, label_x=size * 0.3 + size * 1.4 * (b.level - 1))
                block.append(text(spans, style, Span(bullet, body.regular)))
            else:
                block.append(text(spans, plain))
        if card.quote:
            # the quote in italic, its own emphasis roman
            runs = [replace(r, italic=not r.italic) for r in parse_inline(card.quote.strip('\u201c\u201d"'))]
            spans = [Span("\u201c", body.italic), *spans_for(runs, body), Span("\u201d", body.italic)]
            if card.section:
                spans.append(Span(f" ({card.section})", body.regular))
            qs = size * 0.93
            style = BlockStyle(qs, grid, grid, left=size * 1.5, right=size * 0.8, before=grid, justify=justify, body=size)
            block.append(text(_merge(spans), style))
        story.append(KeepTogether(block))
    return story


def _merge(spans: list[Span]) -> list[Span]:
    """Neighbouring spans in one face as one."""
    out: list[Span] = []
    for sp in spans:
        if out and out[-1].font == sp.font:
            out[-1] = Span(out[-1].text + sp.text, sp.font)
        elif sp.text:
            out.append(sp)
    return out


def _colophon(meta: dict, sources: list, part: ColophonPart, st: _Styles, body, head) -> list:  # noqa: ANN001
    lines: list[str] = []
    title = meta.get("title", "")
    if title:
        by = f" by {escape(meta['author'])}" if meta.get("author") else ""
        date = f" ({escape(meta['date'])})" if meta.get("date") else ""
        lines.append(f"<b>{escape(title)}</b>{by}{date}.")
    if sources:
        lines.append("Source: " + "; ".join(escape(s) for s in sources) + ".")
    if meta.get("licence"):
        lines.append(f"Licence: {escape(meta['licence'])}.")
    if part.note:
        lines.append(escape(part.note))
    if meta.get("publisher"):
        lines.append(f"Printed and folded by {escape(meta['publisher'])}.")
    if meta.get("address"):
        lines.append(escape(meta["address"]).replace("\n", "<br/>"))
    lines.append(
        f"Set in {escape(body.name)} and {escape(head.name)} with zinemaker. Print double-sided, fold, staple, share."
    )
    out: list = [Paragraph(line, st.small) for line in lines]
    if sources:
        out.insert(0, _qr(sources[0], st.small.fontSize * 7.5, st.small))
    return out


def _qr(url: str, size: float, style: ParagraphStyle):  # noqa: ANN202
    """The source's address as a QR code (a phone opens the whole text)."""
    return _QR(url, size, ParagraphStyle("qr", parent=style, spaceAfter=style.fontSize * 0.8))


class _QR(HRFlowable):
    """A QR code drawn as filled squares, row by row (reportlab's encoder;
    drawn here so no font or drawing state comes with it)."""

    def __init__(self, url: str, size: float, style: ParagraphStyle) -> None:
        from reportlab.graphics.barcode.qr import QrCodeWidget

        super().__init__(width="100%", thickness=0)
        code = QrCodeWidget(url)
        code.qr.make()
        self.modules = [[bool(m) for m in row] for row in code.qr.modules]
        self.size, self.style = size, style

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (self.size, self.size)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: ANN001, N802
        n = len(self.modules)
        box = self.size / n
        canvas.saveState()
        canvas.setFillGray(0)
        path = canvas.beginPath()
        for r, row in enumerate(self.modules):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(x + start * box, y + self.size - (r + 1) * box, (c - start) * box, box)
                else:
                    c += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


class _ColophonBlock(HRFlowable):
    """The colophon's paragraphs under a short rule, kept together."""

    def __init__(self, paras: list) -> None:
        super().__init__(width="30%", thickness=0.6, hAlign="LEFT")
        self.paras = paras

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._aw = aw
        self._sizes = [p.wrap(aw, ah) for p in self.paras]
        self._h = 8 + sum(h + p.style.spaceAfter for p, (_, h) in zip(self.paras, self._sizes, strict=False))
        return (aw, self._h)

    def draw(self) -> None:
        c = self.canv
        y = self._h
        c.setLineWidth(0.6)
        c.line(0, y - 0.3, self._aw * 0.3, y - 0.3)
        y -= 8
        for p, (_, h) in zip(self.paras, self._sizes, strict=False):
            y -= h
            p.drawOn(c, 0, y)
            y -= p.style.spaceAfter

    def split(self, aw: float, ah: float) -> list:
        return []


class _Marks:
    """What the pages need to know as they are drawn: the section in force
    (for running heads), whether a section opens a page, and the page of
    each heading the contents lists."""

    def __init__(self) -> None:
        self.section = ""
        self.at_start = ""
        self.first_heading = ""
        self.opened_here = False
        self.count = 0  # blocks drawn on this page
        self.pages: dict[int, int] = {}  # heading (by id) -> page
        self.listed: list[tuple[int, str, int]] = []  # the contents: heading id, text, level

    def page_start(self) -> None:
        self.at_start, self.first_heading, self.opened_here, self.count = self.section, "", False, 0

    def drew(self, canv) -> None:  # noqa: ANN001
        self.count += 1

    def heading_hook(self, blk: Block, size: float):  # noqa: ANN201
        key, text, level = id(blk), " ".join(blk.plain.split()), blk.level

        def hook(canv) -> None:  # noqa: ANN001
            self.pages[key] = canv.getPageNumber()
            if level <= 2:
                if self.count == 0:
                    self.opened_here = True
                self.section = text
                self.first_heading = self.first_heading or text
            self.count += 1

        return hook

    def section_for_head(self) -> str:
        return self.at_start or self.first_heading


def _title_page(meta: dict, passages: list, st: _Styles, body, head, spec: PageSpec, marks: _Marks) -> list:  # noqa: ANN001
    """The inside of the cover: title and author, the introduction (the
    layout's ``intro``, else the text's description) and, for three
    sections or more, the contents with their pages."""
    out: list = []
    size, grid = spec.size, spec.leading
    title = ParagraphStyle("tp-title", parent=st.title, fontSize=size * 1.6, leading=size * 1.95)
    if meta.get("title"):
        out.append(Paragraph(escape(meta["title"]), title))
    if meta.get("author"):
        out.append(Spacer(1, grid * 0.5))
        out.append(Paragraph(escape(meta["author"]), ParagraphStyle("tp-author", parent=st.author, fontSize=size, leading=grid)))
    intro = meta.get("intro") or meta.get("description")
    if intro:
        out.append(Spacer(1, grid))
        para = Para([Span(" ".join(str(intro).split()), body.italic)], justify=spec.justify, hyphenate=st.dictionary, expand=EXPANSION if spec.justify else 0.0)
        out.append(TextBlock(para, BlockStyle(size, grid, grid, justify=spec.justify)))
    headings = [b for p in passages for b in p.blocks if b.kind == "heading" and b.level <= 2]
    if len(headings) >= 3:
        out.append(Spacer(1, grid))
        out.append(Paragraph("Contents", ParagraphStyle("tp-contents", fontName=head.bold, fontSize=size, leading=grid)))
        for blk in headings:
            text = " ".join(blk.plain.split())
            marks.listed.append((id(blk), text, blk.level))
            out.append(_ContentsLine(text, f"zmtoc{len(marks.listed)}", body.regular, size, grid))
    return out


class _ContentsLine(HRFlowable):
    """A contents entry: the heading, and its page number at the right
    (drawn once the page is known: a form defined at the end)."""

    def __init__(self, text: str, form: str, font: str, size: float, leading: float) -> None:
        super().__init__(width="100%", thickness=0)
        self.text, self.form, self.font, self.size, self.leading = text, form, font, size, leading

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self._aw = aw
        return (aw, self.leading)

    def draw(self) -> None:
        c = self.canv
        y = (self.leading - self.size) / 2 + self.size * 0.22
        c.setFont(self.font, self.size)
        text = self.text
        while c.stringWidth(text, self.font, self.size) > self._aw - 3 * self.size and " " in text:
            text = text.rsplit(" ", 1)[0] + "\u2026"
        c.drawString(0, y, text)
        c.saveState()
        c.translate(self._aw, y)
        c.doForm(self.form)
        c.restoreState()

    def split(self, aw: float, ah: float) -> list:
        return []


class _PageNumbers(HRFlowable):
    """Drawn last: the page number of every contents entry, as the forms
    the contents page refers to."""

    def __init__(self, marks: _Marks, font: str, size: float) -> None:
        super().__init__(width="100%", thickness=0)
        self.marks, self.font, self.size = marks, font, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        c = self.canv
        for n, (key, _, _) in enumerate(self.marks.listed, 1):
            c.beginForm(f"zmtoc{n}", lowerx=-200, lowery=-10, upperx=10, uppery=40)
            c.setFont(self.font, self.size * 1.15)
            c.drawRightString(0, 0, str(self.marks.pages.get(key, "")))
            c.endForm()

    def split(self, aw: float, ah: float) -> list:
        return []


class _Doc(BaseDocTemplate):
    """reportlab's document, turning pages the way the templates say.

    reportlab's ``_setPageTemplate`` leaves the index an automatic next
    template set behind, so the page after uses the same template again:
    left- and right-hand templates came in pairs (pages 4 and 5 both
    left-hand), putting the fore-edge margin at the spine on every other
    page. Here the index is used once, as an explicit NextPageTemplate's is."""

    def _setPageTemplate(self) -> None:
        super()._setPageTemplate()
        if not hasattr(self, "_nextPageTemplateCycle") and hasattr(self, "_nextPageTemplateIndex"):
            del self._nextPageTemplateIndex


class _Rule(HRFlowable):
    """A section break: one blank line of the grid with a short rule in it,
    so the text after it stays on the baseline grid."""

    def __init__(self, grid: float, size: float) -> None:
        super().__init__(width="25%", thickness=0.6, spaceBefore=0, spaceAfter=0)
        self.grid, self.size = grid, size

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.width = aw
        return (aw, self.grid)

    def split(self, aw: float, ah: float) -> list:
        return []

    def draw(self) -> None:
        # between the baseline above and the x-height of the line below
        y = (self.grid - self.size) / 2 + 0.46 * self.size
        w = self.width * 0.25
        self.canv.saveState()
        self.canv.setLineWidth(0.6)
        self.canv.line((self.width - w) / 2, y, (self.width + w) / 2, y)
        self.canv.restoreState()


class _OnGrid(HRFlowable):
    """Flowables kept together (a figure and its caption) in a whole number
    of the body's grid lines, the rest below them, so the text after them
    stays on the grid."""

    def __init__(self, flows: list, grid: float) -> None:
        super().__init__(width="100%", thickness=0, spaceBefore=0, spaceAfter=0)
        self.flows, self.grid, self.sizes = flows, grid, []

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        import math

        self.width = aw
        self.sizes = [f.wrap(aw, ah) for f in self.flows]
        h = sum(s[1] + f.getSpaceBefore() + f.getSpaceAfter() for f, s in zip(self.flows, self.sizes, strict=True))
        self.height = math.ceil(h / self.grid - 0.01) * self.grid
        return (aw, self.height)

    def split(self, aw: float, ah: float) -> list:
        return []

    def draw(self) -> None:
        y = self.height
        for f, (w, h) in zip(self.flows, self.sizes, strict=True):
            y -= f.getSpaceBefore() + h
            x = {"CENTER": (self.width - w) / 2, "RIGHT": self.width - w}.get(getattr(f, "hAlign", "LEFT"), 0.0)
            f.drawOn(self.canv, x, y)
            y -= f.getSpaceAfter()


class _Pad(HRFlowable):
    """Before the back cover: notes pages, as many as make the page count a
    multiple of the booklet's (a saddle-stitched one needs fours)."""

    def __init__(self, doc, multiple: int) -> None:  # noqa: ANN001
        super().__init__(width="100%", thickness=0)
        self.doc, self.multiple, self.need = doc, multiple, 0

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        self.need = (self.multiple - (self.doc.page + 1) % self.multiple) % self.multiple
        return (0, 0) if not self.need else (aw, ah + 1)

    def split(self, aw: float, ah: float) -> list:
        out: list = []
        for _ in range(self.need):
            out += [NextPageTemplate("notes"), PageBreak(), Spacer(1, 1)]
        return out

    def draw(self) -> None:
        pass
