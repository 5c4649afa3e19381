"""``zinemaker check``: everything a build would use, checked, every problem
reported (not just the first), and no PDF written; and the photocopier
preflight, on what the build would make or on any PDF.

It reads each layout, its texts and decks; checks every character against
the fonts, every card's text against its card, the images, and then makes
each paper's PDFs in memory to catch what only typesetting or imposing can
find (pages too large for the sheet, a layout that cannot be laid out).
"""

from __future__ import annotations

from pathlib import Path

from zinemaker.errors import ZinemakerError


def check_one(path: Path) -> list[str]:
    """Every problem in a layout, or in a PDF (named by its .pdf)."""
    return check_pdf(path) if path.suffix.lower() == ".pdf" else check_layout(path)


def check_layout(path: Path) -> list[str]:
    """Every problem found in one layout and what it reads, one line each."""
    from zinemaker.build import build_paper, card_art
    from zinemaker.content.excerpt import select
    from zinemaker.content.text import Run, read_text
    from zinemaker.definitions.layout import Excerpt, Exercises, load_layout
    from zinemaker.typeset import fonts
    from zinemaker.typeset.reader import _check_runs

    problems: list[str] = []

    def note(exc: ZinemakerError) -> None:
        line = str(exc)
        if line not in problems:
            problems.append(line)

    found: list[ZinemakerError] = []
    layout = None
    try:
        layout = load_layout(path, found)
    except ZinemakerError as exc:
        found.append(exc)
    except (TypeError, KeyError, AttributeError):
        pass  # a value already reported above left the layout incomplete
    for exc in found:
        note(exc)
    if layout is None:
        return problems
    # With mistakes in the layout itself, its texts and decks are still
    # checked (a printer file's mistake says nothing about the deck).
    if (layout.root / "fonts" / "fonts.toml").is_file():
        try:  # the project's whole font list, not only the families this layout names
            fonts.read_catalogue(layout.root / "fonts")
        except ZinemakerError as exc:
            note(exc)
    chosen = {}
    for role in ("body", "heading"):
        try:
            chosen[role] = fonts.family(layout.fonts[role], layout.root, f"{path}: fonts.{role}")
        except ZinemakerError as exc:
            note(exc)
    if len(chosen) < 2:
        return problems
    body, head = chosen["body"], chosen["heading"]
    for item in layout.content:
        if isinstance(item, Excerpt):
            try:
                blocks = select(read_text(item.text, layout.root), item.sections, item.paragraphs, item.where)
            except ZinemakerError as exc:
                note(exc)
                continue
            for b in blocks:
                try:
                    _check_runs(b.runs, body, head if b.kind == "heading" else None, f"{item.text}:{b.line}")
                except ZinemakerError as exc:
                    note(exc)
        elif isinstance(item, Exercises):
            deck = _deck(item.deck, note, layout.root)
            if deck is None:
                continue
            for card in deck.cards:
                for name, text in _texts(card):
                    family, face = (head, head.bold) if name == "title" else (body, body.regular)
                    try:
                        fonts.require_glyphs(text, face, family.name, f"{card.where}: {name}")
                    except ZinemakerError as exc:
                        note(exc)
    art = None
    if layout.cards is not None:
        deck = _deck(layout.cards.deck, note, layout.root)
        if deck is None:
            return problems
        try:
            for card in deck.cards:
                for name, text in _texts(card):
                    # Each field on its own: a bad glyph in one hides none in another.
                    try:
                        _check_runs([Run(text)], body, head if name == "title" else None, f"{card.where}: {name}")
                    except ZinemakerError as exc:
                        note(exc)
            if found:
                return problems  # the layout's own mistakes first: it may not typeset as it is
            from dataclasses import replace

            _, art = card_art(replace(layout, cards=replace(layout.cards, allow_overflow=True)))
            problems.extend(line for line in art.overflows if line not in problems)
        except ZinemakerError as exc:
            note(exc)
    if problems or found:
        return problems  # typesetting would stop at the first of these
    from zinemaker.preflight import preflight

    made: dict[str, bytes] = {}
    if art is not None:
        made[f"{layout.name}.faces.pdf"] = art.pdf()
    for paper in layout.output.papers:
        try:
            made.update(build_paper(layout, paper, cards=art).files)
        except ZinemakerError as exc:
            note(exc)
    # What a copier would lose, in every file the build makes.
    read: dict = {}  # drawings shared by the files, read once
    for name, data in made.items():
        if name.endswith(".pdf"):
            problems.extend(f"{name}: {finding}" for finding in preflight(data, read=read))
    return problems


def check_pdf(path: Path) -> list[str]:
    """A PDF made anywhere, checked for what a photocopier loses (see
    :mod:`zinemaker.preflight`): one line per fault, with page and place."""
    from zinemaker.impose import open_pdf
    from zinemaker.preflight import preflight

    reader = open_pdf(path, str(path))
    return [f"{path}: {finding}" for finding in preflight(reader)]


#: The fields of a card that are printed, each checked on its own.
PRINTED = ("title", "purpose", "body", "materials", "time", "group", "quote", "section")


def _texts(card) -> list[tuple[str, str]]:  # noqa: ANN001
    """(field, text) for every printed field of a card that has text."""
    return [(name, str(getattr(card, name, "") or "")) for name in PRINTED if getattr(card, name, "")]


def _deck(path: Path, note, root: Path | None = None) -> object | None:  # noqa: ANN001
    """A deck with every mistake in it noted; None if any were found."""
    from zinemaker.content.deck import load_deck

    found: list[ZinemakerError] = []
    try:
        deck = load_deck(path, problems=found, root=root)
    except ZinemakerError as exc:
        found.append(exc)
    for exc in found:
        note(exc)
    return None if found else deck
