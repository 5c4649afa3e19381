"""The line breaker's shortcuts give what the breaker gives: a paragraph
that fits on one line is set without running Knuth-Plass, and a paragraph
broken once at a size is not broken again. Checked on every paragraph the
default deck and the default zine set, at the sizes and widths they are set
at, against the breaker run in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from zinemaker.content.deck import load_deck
from zinemaker.typeset import lines
from zinemaker.typeset.cards import CardArt, CardSpec
from zinemaker.typeset.lines import Para, Span
from zinemaker.units import CARD

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def asked() -> list[tuple[tuple[lines.Piece, ...], float, float, dict | None]]:
    """Every (pieces, first line's room, other lines' room, shortcut's answer)
    the breaker was asked while the default deck and the default zine (Letter
    and A4) were set."""
    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    real = lines.one_line
    seen: list = []

    def recording(items, first, room):  # noqa: ANN001, ANN202
        got = real(items, first, room)
        seen.append((items, first, room, got))
        return got

    mp = pytest.MonkeyPatch()
    mp.setattr(lines, "one_line", recording)
    try:
        lines.release()
        CardArt(load_deck(ROOT / "decks" / "social-spaces.yaml"), CardSpec(CARD["poker"])).pdf()
        layout = load_layout(ROOT / "layouts" / "social-spaces.toml")
        for paper in ("letter", "a4"):
            typeset_reader(book_for(layout), page_spec(layout, paper), layout.root)
    finally:
        mp.undo()
    return seen


def test_a_paragraph_that_fits_on_one_line_is_set_as_the_breaker_sets_it(asked):
    short = [(items, first, room, got) for items, first, room, got in asked if got is not None]
    # titles, facts, headings and short lines are many: the shortcut is tried on real text
    # (a card's number and most facts are drawn without asking: lines._lines_of)
    assert len(short) > 200 and len(short) < len(asked)
    for items, first, room, got in short:
        for justify, expand in ((False, 0.0), (True, 0.0), (True, lines.EXPANSION)):
            full = lines.knuth_plass(items, [first, room], justify, expand=expand)
            assert got[1] == full[1] == lines.best(full), "".join(sp.text for it in items for sp in it.spans)
            assert list(got) == [1]


def test_the_shortcut_holds_at_the_very_edge_of_the_line():
    face = "Helvetica"
    para = Para([Span("Hold the door for the next person", face)])
    items = lines.pieces(para)
    natural = sum(it.unit + (it.space if it.after == lines.SPACE else 0.0) for it in items)
    for room in (natural, natural + 1e-12, natural * (1 - 1e-12)):
        got = lines.one_line(items, room, room)
        full = lines.knuth_plass(items, [room, room], False)
        if got is None:
            assert lines.best(full).count > 1
        else:
            assert got[1] == lines.best(full)
    # a first-line indent that leaves the first line too short: not one line
    assert lines.one_line(items, natural - 1, natural + 5) is None


def test_a_paragraph_set_again_at_another_size_is_broken_afresh_not_remembered(asked):
    """The breaks kept for a paragraph of the same text are keyed by its
    room: at each width, what the breaker alone finds."""
    face = "Helvetica"
    text = "Go round the circle once, then open the floor to anyone who wants to add to what was said"
    for width in (150.0, 90.0, 150.0, 60.0, 90.0):
        para = Para([Span(text, face)])  # a fresh paragraph: only the run's caches remember
        got = lines.solve(para, 9, width)
        full = lines.knuth_plass(lines.pieces(para), [width / 9, width / 9], False)
        assert {k: b.ends for k, b in got.items()} == {k: b.ends for k, b in full.items()}
