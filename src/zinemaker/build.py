"""Build a layout: typeset its reader pages, impose them, write both.

This is the one place the pipeline stages meet:

    definitions.load_layout -> content.select -> typeset.typeset_reader
        -> impose.impose -> write.atomic_write

Everything is made in memory first and written only when whole, so an error
anywhere leaves earlier files untouched.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from zinemaker import impose as imp
from zinemaker import parallel
from zinemaker.content.deck import Deck, load_deck
from zinemaker.content.excerpt import omit, select
from zinemaker.content.text import Text, read_text
from zinemaker.definitions.layout import Blank, Colophon, Cover, Excerpt, Exercises, Layout, load_layout
from zinemaker.errors import ZinemakerError, ZinemakerWarning
from zinemaker.impose.drawn import impose_drawn
from zinemaker.impose.registration import cut_files
from zinemaker.labels import labels
from zinemaker.program import long_lived
from zinemaker.typeset.cards import CardArt, CardSpec

if TYPE_CHECKING:
    from zinemaker.typeset.reader import Book, PageSpec

# The zine typesetter (Platypus) is imported where a zine is typeset: a
# deck's card sheets never load it.
from zinemaker.definitions.presets import preset_for
from zinemaker.units import CARD, MM, PAPER, parse_size
from zinemaker.write import write_all

#: Metadata a zine takes from its first text when the layout does not say.
INHERITED = ("title", "author", "language", "licence", "source", "date", "description")


@dataclass(frozen=True)
class Built:
    """What one paper size of one layout produced, in memory."""

    layout: str
    paper: str
    files: dict[str, bytes]  # file name -> PDF bytes
    pages: int
    sheets: int
    note: str = ""  # a line for the person building, if there is something to say
    grey: bool = False  # made as the photocopy build already (card faces restyled for grey)
    imposed: imp.Imposed | None = None  # what impose made (plan, files by role): preview reads it


def with_output(layout: Layout, changes: dict) -> Layout:
    """The layout with [output] fields replaced (None values are ignored)."""
    changes = {k: v for k, v in changes.items() if v is not None}
    if not changes:
        return layout
    return replace(layout, output=replace(layout.output, **changes))


def find_layouts(folder: Path) -> list[Path]:
    """Every layout in a folder, in name order."""
    found = sorted(p for p in Path(folder).glob("*.toml"))
    if not found:
        raise ZinemakerError(
            "no layouts (*.toml) found: run zinemaker from the project folder or name a layout file",
            str(folder),
        )
    return found


def book_for(layout: Layout) -> Book:
    """Read the texts a layout names and gather its parts, in order."""
    from zinemaker.typeset.reader import BlankPart, Book, ColophonPart, CoverPart, ExercisesPart, Passage

    texts: dict[Path, Text] = {}
    parts = []
    for item in layout.content:
        if isinstance(item, Cover):
            parts.append(CoverPart())
        elif isinstance(item, Colophon):
            parts.append(ColophonPart(item.note))
        elif isinstance(item, Blank):
            parts.append(BlankPart())
        elif isinstance(item, Exercises):
            deck = load_deck(item.deck, root=layout.root)
            chosen = deck.cards
            if item.categories:
                unknown = [c for c in item.categories if c not in deck.categories]
                if unknown:
                    raise ZinemakerError(
                        f"no category {unknown[0]!r} in {item.deck.name}; it has {', '.join(deck.categories)}",
                        f"{item.where}.categories",
                    )
                chosen = [c for c in chosen if c.category in item.categories]
            if item.cards:
                by_id = {c.id: c for c in deck.cards}
                missing = [i for i in item.cards if i not in by_id]
                if missing:
                    raise ZinemakerError(f"no card {missing[0]!r} in {item.deck.name}", f"{item.where}.cards")
                chosen = [by_id[i] for i in item.cards]
            parts.append(ExercisesPart(chosen, deck.categories, item.heading))
        elif isinstance(item, Excerpt):
            if item.text not in texts:
                texts[item.text] = read_text(item.text, layout.root)
            text = texts[item.text]
            blocks = select(text, item.sections, item.paragraphs, item.where)
            if item.omit:
                blocks = omit(blocks, item.omit, item.where)
            parts.append(Passage(blocks, _rel(item.text)))
    meta = dict(layout.meta)
    if texts:
        first = next(iter(texts.values()))
        for key in INHERITED:
            if key not in meta and first.meta.get(key) is not None:
                meta[key] = first.meta[key]
    if meta.get("date") is not None:
        meta["date"] = str(meta["date"])
    _hyphenation(layout, meta, next(iter(texts.values()), None))
    return Book(meta, parts, str(layout.path))


def _hyphenation(layout: Layout, meta: dict, first: Text | None) -> None:
    """Warn, naming where it was set, of a language with no hyphenation
    patterns: the zine would be set without any, which no one asked for."""
    from zinemaker.typeset.hyphens import dictionary_name

    lang = meta.get("language")
    if not lang or not layout.fonts["hyphenate"] or dictionary_name(str(lang)) is not None:
        return
    if "language" in layout.meta or first is None:
        where = f"{_rel(layout.path)}: zine.language = {str(lang)!r}"
    else:
        where = f"{_rel(first.path)}: front matter language: {lang}"
    warnings.warn(
        ZinemakerWarning(
            f"{where}: no hyphenation patterns for this language, so no word is hyphenated:"
            " use a code like en, en-GB, es, de, fr or pt_BR (in the layout, zine.language), or set"
            " fonts.hyphenate = false"
        ),
        stacklevel=2,
    )


def impose_options(layout: Layout, paper: str) -> imp.ImposeOptions:
    """What a layout's [output] asks of the imposition on one paper."""
    o = layout.output
    return imp.ImposeOptions(
        sheet=PAPER[paper],
        flip=o.flip,
        marks=o.marks,
        margin=o.margin,
        fit=o.fit,
        creep=o.creep,
        signature=o.signature,
        bind=o.bind,
        fold=o.fold,
        # Card faces come as every front, then the one back (or, with backs
        # by category, one per card: the card build says so).
        backs="single" if layout.cards is not None else "alternate",
        back_offset=o.back_offset,
        back_skew=o.back_skew,
        back_scale=o.back_scale,
        back_turned=o.back_turned,
        cover=layout.cover is not None and o.scheme == "saddle",
        cover_caliper=layout.cover.caliper if layout.cover is not None else 0.0,
    )


def page_spec(layout: Layout, paper: str) -> PageSpec:
    from zinemaker.typeset.reader import PageSpec

    f = layout.fonts
    m = layout.margins
    trim = layout.page_size_for(paper)
    pre = preset_for(trim)
    size = f["size"] if f["size"] is not None else pre.size
    if f["leading"] is not None:
        leading = f["leading"]
    elif f["size"] is not None:
        leading = size * pre.leading / pre.size  # the preset's proportion at the chosen size
    else:
        leading = pre.leading
    return PageSpec(
        trim=trim,
        bleed=layout.bleed,
        inner=pre.inner if m.inner is None else m.inner,
        outer=pre.outer if m.outer is None else m.outer,
        top=pre.top if m.top is None else m.top,
        bottom=pre.bottom if m.bottom is None else m.bottom,
        body=f["body"],
        heading=f["heading"],
        size=size,
        leading=leading,
        hyphenate=f["hyphenate"],
        justify=f["justify"],
        pad_to=page_multiple(layout),
    )


def page_multiple(layout: Layout) -> int:
    """The page count the layout's booklet folds from: the reader pads to it
    with notes pages before the back cover (the imposition would otherwise
    add blanks there). 1 for schemes that take any count."""
    o = layout.output
    if not o.print or layout.cards is not None:
        return 1
    if o.scheme == "saddle":
        return 4
    if o.scheme == "perfect":
        return 8 if o.fold == "quarto" else 4
    return {"mini8": 8, "mini16": 16}.get(o.scheme or "", 1)


def card_art(layout: Layout, grey: bool = False) -> tuple[Deck, CardArt]:
    """A card layout's deck, typeset: every card fitted, ready to draw;
    with ``grey``, the photocopy build, its bands restyled for grey."""
    with long_lived():
        return _card_art(layout, grey)


def _card_art(layout: Layout, grey: bool) -> tuple[Deck, CardArt]:
    spec = layout.cards
    assert spec is not None
    deck = load_deck(spec.deck, root=layout.root)
    size = spec.size or str(deck.meta.get("card", "poker"))
    trim = parse_size(size, CARD, f"{spec.deck}: deck.card")
    theme = deck.meta.get("theme") or {}
    art = CardArt(
        deck,
        CardSpec(
            trim=trim,
            bleed=spec.bleed,
            body=str(theme.get("body", layout.fonts["body"])),
            heading=str(theme.get("heading", layout.fonts["heading"])),
            max_size=spec.max_size,
            min_size=spec.min_size,
            allow_overflow=spec.allow_overflow,
            grey=grey,
        ),
        layout.root,
    )
    return deck, art


def build_paper(
    layout: Layout, paper: str, book: Book | None = None, cards: CardArt | None = None, reader_pdf: bytes | None = None
) -> Built:
    """Typeset and impose one layout for one paper size, in memory.

    For a card layout, ``cards`` is its deck typeset (typeset once for all
    papers); the faces are drawn straight onto the sheets. ``reader_pdf``
    is the reader pages if they are typeset already (:func:`typeset_pdf`).
    """
    if cards is not None:
        return _card_sheets(layout, paper, cards)
    files: dict[str, bytes] = {}
    stem = f"{layout.name}.{paper}"
    book = book or book_for(layout)
    if reader_pdf is None:
        reader_pdf = typeset_pdf(layout, book, paper)
    if layout.output.reader:
        files[f"{stem}.reader.pdf"] = reader_pdf
    reader = imp.open_pdf(reader_pdf, f"{stem}.reader.pdf")
    sheets = 0
    note = ""
    imposed = None
    if layout.output.print:
        o = layout.output
        wrap = layout.cover is not None and o.scheme == "perfect"
        inside = _insides(reader) if wrap else reader
        try:
            imposed = imp.impose(
                inside,
                o.scheme,
                impose_options(layout, paper),
                book.meta.get("title"),
                labels=labels(),
                instructions=o.instructions,
                paper=paper,
            )
        except ZinemakerError as exc:
            raise _for_layout(exc, layout, paper) from None
        for f in imposed.files.values():
            files[f.name(stem)] = f.data
        sheets = imposed.plan.sheet_count
        note = _notes(layout, imposed)
        if wrap:
            files[f"{stem}.cover.pdf"], spine = _cover_wrap(layout, paper, reader, len(inside.pages), book.meta)
            note = "; ".join(x for x in (note, f"cover wrap with a {spine / MM:.1f} mm spine") if x)
    return Built(layout.name, paper, files, len(reader.pages), sheets, note, imposed=imposed)


def typeset_pdf(layout: Layout, book: Book, paper: str) -> bytes:
    """The reader pages of a zine layout on one paper, as a PDF."""
    from zinemaker.typeset.reader import typeset_reader

    return typeset_reader(book, page_spec(layout, paper), layout.root)


class _Typesetter:
    """A zine layout's reader pages, paper by paper: what a forked copy
    makes (:class:`parallel.Beside`) while the program builds the layouts
    before it and then imposes each paper's pages as they come."""

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.book = book_for(layout)

    def reader(self, paper: str) -> tuple[dict, bytes]:
        """The book's metadata (all imposing reads of it) and the reader pages on ``paper``."""
        return self.book.meta, typeset_pdf(self.layout, self.book, paper)


def _zine_results(
    layout: Layout, report: Callable[[str], None], typesetter: parallel.Beside | None = None
) -> list[Built]:
    """A zine layout built for every paper it names, in order. The second
    paper's pages are typeset meanwhile on another core where there is one
    (:mod:`zinemaker.parallel`): the same bytes, errors and warnings as one
    after the other. With ``typesetter`` (a :class:`_Typesetter` in a copy,
    asked for the first paper already), every paper's pages are typeset
    there, the next while this one is imposed here."""
    if typesetter is not None:
        return _imposed_as_typeset(layout, report, typesetter)
    book = book_for(layout)
    papers = layout.output.papers
    if len(papers) > 1 and parallel.can_fork():
        from zinemaker.typeset.reader import prepare

        prepare(book, page_spec(layout, papers[1]), layout.root)
    later = {p: parallel.Later(partial(typeset_pdf, layout, book, p), fork=i == 1) for i, p in enumerate(papers) if i}
    out = []
    try:
        for paper in papers:
            report(f"typesetting {layout.name} for {paper} ...")
            pdf = later[paper].result() if paper in later else None
            out.append(build_paper(layout, paper, book, reader_pdf=pdf))
    finally:
        for pending in later.values():
            pending.cancel()
    return out


def _imposed_as_typeset(layout: Layout, report: Callable[[str], None], typesetter: parallel.Beside) -> list[Built]:
    from zinemaker.typeset.reader import Book

    papers = layout.output.papers
    out = []
    for i, paper in enumerate(papers):
        report(f"typesetting {layout.name} for {paper} ...")
        meta, pdf = typesetter.answer()  # type: ignore[misc]
        if i + 1 < len(papers):
            typesetter.ask("reader", papers[i + 1])
        out.append(build_paper(layout, paper, Book(meta, [], str(layout.path)), reader_pdf=pdf))
    return out


def _card_sheets(layout: Layout, paper: str, art: CardArt) -> Built:
    files: dict[str, bytes] = {}
    sheets = 0
    note = ""
    imposed = None
    if layout.output.print:
        o = layout.output
        w, h = art.spec.trim
        pages = imp.Pages(art.pages, w, h, art.spec.bleed)
        try:
            imposed = impose_drawn(
                art,
                pages,
                o.scheme,
                replace(impose_options(layout, paper), backs=art.backs),
                layout.meta.get("title") or art.deck.title,
                labels=labels(),
                instructions=o.instructions,
                paper=paper,
            )
        except ZinemakerError as exc:
            raise _for_layout(exc, layout, paper) from None
        for f in imposed.files.values():
            files[f"{layout.name}.{paper}.print{f.suffix}.pdf"] = f.data
        plan = imposed.plan
        files.update(cut_files(plan, f"{layout.name}.{paper}", layout.meta.get("title") or art.deck.title))
        sheets = imposed.plan.sheet_count
        note = _notes(layout, imposed)
    return Built(layout.name, paper, files, art.pages, sheets, note, imposed=imposed)


def _insides(reader):  # noqa: ANN001, ANN202
    """A perfect-bound book's insides: every page but the covers (the first
    and the last), which go on the wrap."""
    from pypdf import PdfWriter

    if len(reader.pages) < 4:
        raise ZinemakerError("a cover wrap needs a front, a back and pages between them", "cover")
    writer = PdfWriter()
    for page in list(reader.pages)[1:-1]:
        writer.add_page(page)
    buf = io.BytesIO()
    writer.write(buf)
    return imp.open_pdf(buf.getvalue(), "insides")


def _cover_wrap(layout: Layout, paper: str, reader, inside_pages: int, meta: dict) -> tuple[bytes, float]:  # noqa: ANN001
    """The wrap for a perfect-bound layout: the reader's first and last pages
    round a spine as thick as the insides (paper caliper: output.creep, or
    0.1 mm for 80 gsm) and the cover stock."""
    from zinemaker.impose.wrap import spine_width, wrap_pdf, wrap_plan
    from zinemaker.typeset import fonts

    cover = layout.cover
    assert cover is not None
    caliper = layout.output.creep or 0.1 * MM
    spine = spine_width(inside_pages, caliper, cover.caliper)
    first = reader.pages[0]
    size = (float(first.trimbox.width), float(first.trimbox.height))
    sheet = PAPER[cover.paper or paper]
    try:
        plan = wrap_plan(size, spine, sheet, layout.output.margin)
    except ZinemakerError as exc:
        raise ZinemakerError(f"for {paper}: {exc.raw}", f"{layout.path}: cover.paper") from None
    pages = [reader.pages[len(reader.pages) - 1], first]
    return wrap_pdf(pages, plan, str(meta.get("title") or ""), fonts.family("Open Sans").bold), spine


def _for_layout(exc: ZinemakerError, layout: Layout, paper: str) -> ZinemakerError:
    """An imposing error as a layout user reads it: at the field it is
    about, with the fix in the layout's words (``output.fit = true``)."""
    where = f"{layout.path}: output" + (f".{exc.field}" if exc.field and exc.field != "sheet" else "")
    return ZinemakerError(f"for {paper}: {exc.raw}", where, exc.field).worded("layout")


def _notes(layout: Layout, imposed: imp.Imposed) -> str:
    """What the person building should know about the sheets: impose's
    notes (in the layout's words), and what there was no room for."""
    from zinemaker.errors import word

    room = _no_room(layout, imposed.plan)
    return "; ".join([*(word(n, "layout") for n in imposed.notes), *([room] if room else [])])


def _no_room(layout: Layout, plan: imp.Plan) -> str:
    """What to say when the sheet has no room for the marks or the slug
    (the line on the sheet that says how to print it)."""
    from zinemaker.impose.slug import band, how_to_print

    if layout.output.marks and not plan.marks:
        return (
            "the pages fill the sheet, so there is no room for crop or fold marks or the slug:"
            " print at 100% / actual size"
        )
    if not any(band(plan, 0, side) for side in ("front", "back")):
        hint = "" if layout.output.instructions else " (or set instructions = true for a first sheet that says so)"
        return (
            f"no room on the sheet for the line that says how to print it: print {how_to_print(plan)},"
            f" at 100% / actual size{hint}"
        )
    return ""


def build(
    layout_paths: Iterable[Path],
    out_dir: Path,
    report: Callable[[str], None] = lambda msg: None,
    output: dict | None = None,
    grey: dict | None = None,
    allow_overflow: bool = False,
) -> list[Path]:
    """Build every layout for every paper it names; return the files written.

    All layouts are checked and made in memory before any file is written,
    so one bad layout leaves every earlier output as it was. ``output``
    overrides fields of every layout's [output] (from the command line);
    ``grey`` turns on photocopy mode: {"on": True, "threshold": 128, "dither": False}.
    ``allow_overflow`` sets cards that do not fit anyway, and reports them.
    """
    grey = grey or {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ZinemakerWarning)
        written = _build(layout_paths, out_dir, report, output or {}, grey, allow_overflow)
    for w in caught:
        if issubclass(w.category, ZinemakerWarning):
            report(f"warning: {w.message}")
    return written


def _build(layout_paths, out_dir, report, output, grey, allow_overflow) -> list[Path]:  # noqa: ANN001
    layouts = [with_output(load_layout(p), output) for p in layout_paths]
    names: dict[str, Path] = {}
    for layout in layouts:
        if layout.name in names and names[layout.name].resolve() != layout.path.resolve():
            raise ZinemakerError(
                f"two layouts are named {layout.name} ({names[layout.name]} and {layout.path}): their files"
                " would have the same names; rename one",
                str(layout.path),
            )
        names[layout.name] = layout.path
    layouts = list({x.path.resolve(): x for x in layouts}.values())  # a layout named twice is built once
    if allow_overflow:
        layouts = [
            replace(x, cards=replace(x.cards, allow_overflow=True)) if x.cards is not None else x for x in layouts
        ]
    results: list[Built] = []
    # The last layout is built meanwhile on a second core where there is
    # one (zinemaker.parallel); taken in its turn, with what it said.
    # A zine's pages are typeset there, paper by paper, and imposed here as
    # each comes (the halves are nearer even: imposing is a fifth of a zine).
    later = typesetter = None
    if len(layouts) > 1 and parallel.can_fork():
        _load_fonts(layouts)  # once, for both
        last = layouts[-1]
        if last.cards is None and last.output.papers:
            typesetter = parallel.Beside(partial(_Typesetter, last))
            typesetter.ask("reader", last.output.papers[0])
        else:
            later = parallel.Later(partial(_said, last, grey))
    try:
        for layout in layouts:
            got = later.from_copy() if later is not None and layout is layouts[-1] else parallel.MISSING
            if typesetter is not None and layout is layouts[-1]:
                results += _zine_results(layout, report, typesetter)
            elif got is parallel.MISSING:  # made here, saying what it does as it goes
                results += _layout_results(layout, report, grey)
            else:
                built, said = got  # type: ignore[misc]
                for line in said:
                    report(line)
                results += built
    finally:
        if later is not None:
            later.cancel()
        if typesetter is not None:
            typesetter.close()
    for built in results:
        layout = next(x for x in layouts if x.name == built.layout)
        if built.grey:
            # Card faces restyled for grey: what colour is left (a picture) goes too.
            for name, data in list(built.files.items()):
                if name.endswith(".pdf"):
                    built.files[name] = _grey(name, data, grey)
        elif layout.output.grayscale or grey.get("on"):
            for name, data in list(built.files.items()):
                if name.endswith(".pdf"):
                    greyed = _grey(name, data, grey)
                    if layout.output.grayscale:
                        built.files[name] = greyed
                    else:
                        # Asked for on the command line: beside the colour files, not over them.
                        del built.files[name]
                        built.files[name.removesuffix(".pdf") + ".grey.pdf"] = greyed
    for built in results:
        layout = next(x for x in layouts if x.name == built.layout)
        if layout.output.copies and built.imposed is not None:
            name, pdf = job_ticket(layout, built)
            built.files[name] = pdf
    outputs = {Path(out_dir) / name: data for built in results for name, data in built.files.items()}
    # Every file of every layout is replaced together, or none is.
    written = write_all(outputs)
    for built in results:
        what = [f"{built.pages} pages"] if built.pages else []
        what += [f"{built.sheets} sheets"] if built.sheets else []
        what += [built.note] if built.note else []
        report(f"{built.layout} ({built.paper}{' grey' if _greyed(built) else ''}): {', '.join(what)}")
    return written


def _load_fonts(layouts: list[Layout]) -> None:
    """Register the layouts' font families (each is read once per process);
    a mistake in them is left for the build to report in its turn."""
    from zinemaker.typeset import fonts

    for layout in layouts:
        for role in ("body", "heading"):
            try:
                fonts.family(layout.fonts[role], layout.root)
            except ZinemakerError:
                pass


def load_once(paths: list[Path]) -> None:
    """Before a second core takes the last of ``paths`` (check, preview):
    the modules and fonts that both processes would load, loaded here once.
    A layout that does not load is left for the command to report."""
    import zinemaker.preflight  # noqa: F401
    import zinemaker.typeset.reader  # noqa: F401

    layouts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said by the command itself, in its turn
        for path in paths:
            try:
                layouts.append(load_layout(path))
            except Exception:  # noqa: BLE001, S112 - reported by the command itself, in its turn
                continue
    _load_fonts(layouts)


def _layout_results(layout: Layout, report: Callable[[str], None], grey: dict) -> list[Built]:
    """One layout built for every paper it names (and its card faces)."""
    if layout.cards is not None:
        return _card_results(layout, report, grey)
    return _zine_results(layout, report)


def _said(layout: Layout, grey: dict) -> tuple[list[Built], list[str]]:
    """:func:`_layout_results`, with the lines it would report kept, to be
    reported in their turn."""
    said: list[str] = []
    return _layout_results(layout, said.append, grey), said


def _card_results(layout: Layout, report: Callable[[str], None], grey: dict) -> list[Built]:
    """A card layout's faces and sheets for every paper: in colour, or as
    the photocopy build, restyled for grey (``output.grayscale``, or
    ``--grayscale``, whose files are named NAME.grey.pdf so they never
    overwrite the colour ones)."""
    assert layout.cards is not None
    with long_lived():  # the deck's cards, typeset and drawn, live to the end
        return _card_files(layout, report, bool(layout.output.grayscale or grey.get("on")))


def _card_files(layout: Layout, report: Callable[[str], None], greyed: bool) -> list[Built]:
    assert layout.cards is not None
    out: list[Built] = []
    for greyed in [greyed]:
        report(f"typesetting the cards of {layout.name} ...")
        deck, art = card_art(layout, grey=greyed)
        for line in art.overflows:
            report(f"warning: {line}")
        for line in art.notes:
            report(f"{layout.name}: {line}")
        tag = ".grey" if greyed and not layout.output.grayscale else ""
        extra = {}
        if layout.cards.faces or layout.cards.png:
            pod = art.pdf("front-back")
            if layout.cards.faces:
                extra[f"{layout.name}.faces{tag}.pdf"] = pod
            if layout.cards.png and not tag:
                extra.update(face_pngs(pod, layout.name))
        out.append(Built(layout.name, "faces", extra, 0, 0, f"{art.fronts} cards", greyed))
        for paper in layout.output.papers:
            report(f"imposing {layout.name} for {paper} ...")
            built = build_paper(layout, paper, cards=art)
            files = {_tagged(name, tag): data for name, data in built.files.items()}
            out.append(
                replace(
                    built,
                    files=files,
                    pages=0,
                    grey=greyed,
                    note=f"{art.fronts} cards ({art.exercises} exercises), "
                    + ("a back for each category" if art.by_category else "one back")
                    + (f"; {built.note}" if built.note else ""),
                )
            )
    return out


def _tagged(name: str, tag: str) -> str:
    """A file name with the photocopy build's tag before its extension
    (NAME.a4.print.grey.pdf, NAME.a4.cut.grey.svg)."""
    stem, dot, ext = name.rpartition(".")
    return f"{stem}{tag}.{ext}" if dot else name + tag


def job_ticket(layout: Layout, built: Built) -> tuple[str, bytes]:
    """``NAME.PAPER.ticket.pdf``: the job for the copy shop, from the plan
    this build made and the files it wrote (see :mod:`zinemaker.ticket`)."""
    from zinemaker.definitions.prices import load_prices
    from zinemaker.ticket import Job, Part, finishing, ticket_pdf

    assert built.imposed is not None
    plan = built.imposed.plan
    o = layout.output
    prices_path = o.prices
    if prices_path is None and (layout.root / "printers" / "copyshop.toml").is_file():
        prices_path = layout.root / "printers" / "copyshop.toml"
    prices = load_prices(Path(prices_path)) if prices_path else None
    parts = []
    cut = ""
    for name, data in built.files.items():
        if not name.endswith((".pdf", ".svg")) or "/" in name:
            continue
        if name.endswith(".svg"):
            cut = cut or name
            parts.append(Part(name, "parts_cut", built.paper, sheets=0))
        elif ".cover" in name and layout.cover is not None:
            role = name.split(".cover")[1].removesuffix(".pdf").strip(".")
            sides = 1 if role in ("fronts", "backs") or plan.sides == 1 else 2
            if plan.scheme == "perfect":  # the wrap: one side, on its own paper
                sides, size = 1, layout.cover.paper or built.paper
            else:
                size = built.paper
            parts.append(Part(name, "parts_cover", size, layout.cover.stock, 1, sides, plan.flip, _in_colour(data), True))
        elif ".print" in name:
            role = name.split(".print")[1].removesuffix(".pdf").strip(".")
            sides = 1 if role in ("fronts", "backs") or plan.sides == 1 else 2
            sheets = plan.sheet_count - (1 if layout.cover is not None else 0)
            sheets += 1 if o.instructions and role != "backs" else 0
            parts.append(
                Part(
                    name,
                    {"fronts": "parts_fronts", "backs": "parts_backs"}.get(role, "parts_print"),
                    built.paper,
                    o.stock,
                    sheets,
                    sides,
                    plan.flip,
                    colour=_in_colour(data),
                )
            )
        elif name.endswith(".reader.pdf"):
            parts.append(Part(name, "no_print", built.paper))
    title = str(layout.meta.get("title") or layout.name)
    job = Job(
        title=title,
        paper=built.paper,
        copies=o.copies,
        parts=tuple(parts),
        plan=plan,
        prices=prices,
        language=layout.meta.get("language"),
        finishing=finishing(plan, layout.cover is not None, cut, layout.meta.get("language")),
        cut_file=cut,
    )
    return _tagged(f"{layout.name}.{built.paper}.ticket.pdf", ".grey" if _greyed(built) else ""), ticket_pdf(job)


def _greyed(built: Built) -> bool:
    """Whether ``built`` is a photocopy build asked for on the command line,
    whose files are tagged ".grey" beside the colour ones (its ticket too)."""
    return any(name.endswith(".grey.pdf") for name in built.files)


def _in_colour(pdf: bytes) -> bool:
    """Whether any page prints in colour: each rendered small, any pixel
    whose channels differ by more than a trace."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            r, g, b = doc[i].render(scale=12 / 72).to_pil().convert("RGB").split()
            high = ImageChops.lighter(ImageChops.lighter(r, g), b)
            low = ImageChops.darker(ImageChops.darker(r, g), b)
            if ImageChops.subtract(high, low).getextrema()[1] > 24:
                return True
    finally:
        doc.close()
    return False


def _grey(name: str, data: bytes, grey: dict) -> bytes:
    """One output in grey; a picture that cannot be turned grey is named by
    the file and page it is on."""
    from zinemaker.grey import to_grayscale  # pypdf: a deck's sheets are drawn without it

    try:
        return to_grayscale(data, grey.get("threshold"), grey.get("dither", False))
    except ZinemakerError as exc:
        raise ZinemakerError(f"{exc.message} (in the grey copy of {name})", exc.where) from None


def face_pngs(pdf: bytes, name: str, dpi: int = 300) -> dict[str, bytes]:
    """One PNG per card face, bleed included, for print-on-demand services:
    NAME.faces/card-001-front.png, card-001-back.png, ..."""
    import pypdfium2 as pdfium

    from zinemaker.preview import png  # the quick encoder: a fifth of Pillow's time here

    out: dict[str, bytes] = {}
    doc = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(doc)):
            image = doc[i].render(scale=dpi / 72, rev_byteorder=True).to_pil()
            face = "front" if i % 2 == 0 else "back"
            out[f"{name}.faces/card-{i // 2 + 1:03d}-{face}.png"] = png(image, dpi)
    finally:
        doc.close()
    return out


def _rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
