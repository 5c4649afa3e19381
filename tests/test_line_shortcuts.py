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
    # short lines are many: the shortcut is tried on real text (a card's
    # title, facts and number, of one span, are counted and drawn without
    # asking: lines.one_line_as_written)
    assert len(short) > 20 and len(short) < len(asked)
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


def test_a_paragraph_one_line_as_written_is_the_one_line_the_breaker_finds():
    """A title, a fact or a number counted (and drawn) as one line from its
    width alone is what breaking it finds: one line, its text as written;
    at widths all round its own, to the edge of the shortcut's margin."""
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    art = CardArt(deck, CardSpec(CARD["poker"]))
    head, body = art.st.head, art.st.body
    texts = [(c.title, head.bold) for c in deck.cards] + [(c.time, head.regular) for c in deck.cards if c.time]
    texts += [(c.group, head.regular) for c in deck.cards if c.group]
    texts += [("caf\u00e9\u00a0au\u00a0lait, a\ttab", body.italic), ("12 / 51", head.regular), ("x", body.regular)]
    taken = 0
    for text, face in texts:
        for size in (6.0, 7.2, 11.0):
            natural = lines.unit_width(text, face) * size
            for width in (natural - 0.02, natural, natural + 0.01, natural + 0.010001, natural + 0.02, natural * 1.5):
                para = Para([Span(text, face)])
                if not lines.one_line_as_written(para, size, width):
                    continue
                taken += 1
                assert lines.count_lines(para, size, width) == 1
                assert max(1, lines.best(lines.solve(para, size, width)).count) == 1, (text, size, width)
                assert lines.break_lines(para, size, width) == [[Span(text, face)]]
    assert taken > 300
    # what it leaves to the breaker: spaces it would drop, a label, a first-line indent, more than one span
    face = head.regular
    assert not lines.one_line_as_written(Para([Span(" 45 min", face)]), 7.2, 500)
    assert not lines.one_line_as_written(Para([Span("45  min", face)]), 7.2, 500)
    assert not lines.one_line_as_written(Para([Span("45\nmin", face)]), 7.2, 500)
    assert not lines.one_line_as_written(Para([Span("45 min", face)], Span("1.", face)), 7.2, 500)
    assert not lines.one_line_as_written(Para([Span("45 min", face)], first=1.0), 7.2, 500)
    assert not lines.one_line_as_written(Para([Span("45 ", face), Span("min", face)]), 7.2, 500)


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


def _all(found: dict) -> dict:
    return {k: (b.ends, b.demerits, b.worst) for k, b in found.items()}


def test_the_breaker_that_stops_at_the_first_line_too_loose_finds_what_trying_every_line_finds(asked):
    """The breaker stops looking back along a break's possible lines at the
    first that is too loose (each earlier-starting one is longer), when every
    line after the first has the same room. Given that room twice (three
    rooms, the same lines), it tries every line: the answers are the same,
    for every paragraph of the deck and the zine, ragged and justified,
    with and without the first pass's low tolerance."""
    seen = set()
    for items, first, room, _ in asked:
        if id(items) in seen or not items:
            continue
        seen.add(id(items))
        for justify, expand in ((False, 0.0), (True, lines.EXPANSION)):
            for passes in (None, (lines.TUNING.pretolerance,)):
                quick = lines.knuth_plass(items, [first, room], justify, passes=passes, expand=expand)
                every = lines.knuth_plass(items, [first, room, room], justify, passes=passes, expand=expand)
                assert _all(quick) == _all(every)
    assert len(seen) > 300


def test_a_first_line_wider_than_the_rest_is_searched_in_full():
    para = Para([Span("Each person names one thing they brought and one thing they hope to take away " * 3,
                      "Helvetica")])
    items = lines.pieces(para)
    for first in (20.0, 26.0, 40.0):
        quick = lines.knuth_plass(items, [first, 22.0], False)
        every = lines.knuth_plass(items, [first, 22.0, 22.0], False)
        assert _all(quick) == _all(every)


def test_lines_of_one_face_are_written_as_the_general_gathering_writes_them(asked):
    """A paragraph whose pieces are each one span in one face has its lines
    written out directly; they are the spans the general gathering (any
    faces) makes, on every such paragraph of the deck and the zine, broken
    as the breaker breaks them."""
    one_face = 0
    for items, first, room, _ in asked:
        if not items:
            continue
        for found in (lines.knuth_plass(items, [first, room], False), lines.knuth_plass(items, [first, room], True)):
            ends = lines.best(found).ends
            face = lines.summary(items).face
            if face is not None:
                one_face += 1
                assert lines._face_lines(items, ends, face) == lines._span_lines(items, ends)
    assert one_face > 300
    mixed = Para([Span("A word in ", "Helvetica"), Span("bold", "Helvetica-Bold"), Span(" and not", "Helvetica")])
    assert lines.summary(lines.pieces(mixed)).face is None


def test_lines_cut_from_the_text_as_written_are_the_lines_the_pieces_make():
    """A paragraph of one span whose words are each one piece has its lines
    cut from its text: the spans the general gathering makes of its pieces,
    on every paragraph of the default deck's cards at sizes and widths all
    round theirs, and on texts whose words break inside (hyphens, dashes,
    slashes, an address) or whose spaces the pieces drop."""
    from zinemaker.typeset.cards import card_text

    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    art = CardArt(deck, CardSpec(CARD["poker"]))
    face = art.st.body.regular
    texts = [p.spans for c in deck.cards for p in card_text(c, art.st).body + card_text(c, art.st).quote]
    odd = ["name-and-group work, then / more", "a \u2014 dash\u2014and on", "see libcom.org/blog/a-b-c now",
           "two  spaces", " lead and trail ", "a\nnew line", "one", "anti-oppression and self-care and care",
           "x  ab-cd"]  # as many words as pieces, by a dropped space and a cut word
    texts += [[Span(t, face)] for t in odd]
    cut = pieced = 0
    for spans in texts:
        for size, width in ((6.0, 80.0), (7.5, 157.0), (8.5, 157.0), (8.5, 60.0), (11.0, 40.0)):
            para = Para(list(spans))
            got = lines.break_lines(para, size, width)
            items = para._last[2]
            ends = lines.best(para._last[1]).ends
            assert got == (lines._span_lines(items, ends) if items else [[]]), (spans, size, width)
            if len(spans) == 1 and items:
                if lines._word_lines(spans[0], items, ends) is not None:
                    cut += 1
                else:
                    pieced += 1
    assert cut > 200 and pieced > 20


def test_the_fewest_lines_kept_for_a_text_are_those_of_its_own_size_width_and_setting():
    """least_lines keeps its count for the same pieces in the same rooms;
    asked for the same text at another size, width, indent or setting, it
    counts afresh."""
    face = "Helvetica"
    text = "Pass the talking piece to your left; whoever holds it may speak or pass it on, and nobody interrupts"
    asked = [(9, 150.0, False, 0.0), (9, 90.0, False, 0.0), (9, 150.0, True, 0.0), (7, 150.0, False, 0.0),
             (9, 150.0, False, 3.0), (9, 90.0, False, 0.0), (9, 150.0, False, 0.0)]
    for size, width, justify, first in asked:
        para = Para([Span(text, face)], justify=justify, first=first)  # fresh: only the run's caches remember
        room = width / size
        want = lines._first_fit(lines.pieces(para), room, room - first, lines.TUNING.shrink if justify else 0.0)
        assert lines.least_lines(para, size, width) == want
    counts = {lines.least_lines(Para([Span(text, face)]), 9, w) for w in (60.0, 90.0, 150.0, 400.0)}
    assert len(counts) == 4  # each width its own count: none remembered for another


def test_a_word_without_hyphens_slashes_or_dashes_is_cut_as_the_character_by_character_reading_cuts_it():
    """cuts() sends a word with none of its own marks straight to the
    dictionary; the reading that looks at every character for hyphens,
    slashes and dashes cuts every word of the essay and the deck the same
    way, in American and British English and with no dictionary."""
    from zinemaker.typeset import hyphens

    words = set((ROOT / "texts" / "milstein-organizing-social-spaces.md").read_text(encoding="utf-8").split())
    words |= set((ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8").split())
    plain = [w for w in words if len(w) >= 4 and not hyphens.URL.search(w) and hyphens._MARKS.isdisjoint(w)]
    assert len(plain) > 1000
    cut = 0
    for dictionary in ("en_US", "en_GB", None):
        for w in plain:
            assert hyphens.cuts(w, dictionary) == hyphens._marked_cuts(w, dictionary), w
            cut += bool(hyphens.cuts(w, dictionary))
    assert cut > 500  # the dictionary's points are there to compare


def test_a_paragraphs_summary_is_its_pieces_read_one_by_one(asked):
    """The widest piece, the longest the line grows and the one face, kept
    per paragraph's pieces, are what reading the pieces gives."""
    for items, _, _, _ in asked:
        if not items:
            continue
        got = lines.summary(items)
        assert got.widest == max(it.unit for it in items)
        w, grown = 0.0, []
        for it in items:
            w += it.unit + (it.space if it.after == lines.SPACE else 0.0)
            grown.append(w)
        assert abs(got.peak - max(grown)) < 1e-9
        faces = {sp.font for it in items for sp in it.spans}
        one = all(len(it.spans) == 1 for it in items) and len(faces) == 1
        assert got.face == (faces.pop() if one else None)


def _letters(spans) -> list[tuple[str, str]]:  # noqa: ANN001
    """Every character but spaces, with its face."""
    return [(ch, sp.font) for sp in spans for ch in sp.text.replace("\n", " ") if ch != " "]


def _words(items) -> list[str]:  # noqa: ANN001
    """The words pieces make: each runs on to a piece followed by a space or the end."""
    got, word = [], ""
    for it in items:
        word += "".join(sp.text for sp in it.spans)
        if it.after in (lines.SPACE, lines.END):
            got.append(word)
            word = ""
    return got


@pytest.mark.parametrize(
    "spans",
    [
        [("\u201c", "Helvetica-Oblique"), ("Go round once", "Helvetica"), ("\u201d", "Helvetica-Oblique")],
        [("Say ", "Helvetica"), ("why", "Helvetica-Bold"), (", then pass. ", "Helvetica"), ("Next", "Helvetica-Bold")],
        [("  a", "Helvetica"), ("b  c", "Helvetica-Bold"), ("", "Helvetica"), ("d\ne ", "Helvetica"), ("f", "Courier")],
    ],
)
def test_words_in_several_faces_are_cut_letter_for_letter_in_their_faces(spans):
    para = Para([Span(t, f) for t, f in spans])
    items = lines.pieces(para)
    words = " ".join(t for t, _ in spans).split()
    joined = [w for w in "".join(t for t, _ in spans).replace("\n", " ").split(" ") if w]
    assert [sp.text for it in items for sp in it.spans] and _letters([sp for it in items for sp in it.spans]) == \
        _letters(para.spans)
    # a word ends where the text has a space, and nowhere else
    assert _words(items) == joined and len(words) >= len(joined)


def test_every_paragraph_in_several_faces_of_the_deck_keeps_its_letters_faces_and_words():
    from zinemaker.typeset.cards import card_text

    art = CardArt(load_deck(ROOT / "decks" / "social-spaces.yaml"), CardSpec(CARD["poker"]))
    paras = [p for c in art.deck.cards for p in (lambda t: t.body + t.quote)(card_text(c, art.st)) if len(p.spans) > 1]
    assert len(paras) > 50
    for para in paras:
        items = lines.pieces(para)
        assert _letters([sp for it in items for sp in it.spans]) == _letters(para.spans)
        assert _words(items) == [w for w in "".join(sp.text for sp in para.spans).replace("\n", " ").split(" ") if w]


def test_running_totals_of_ragged_lines_are_the_general_totals(asked):
    """A ragged paragraph's running totals are summed for widths alone; the
    general sums (stretch, shrink and closing up as well) give the same
    widths and nothing else, for every paragraph of the deck and the zine."""
    for items, _, _, _ in asked:
        lines._SUMS.clear()
        ragged = lines._sums(items, False, 0.0, lines.TUNING)
        lines._SUMS.clear()
        general = lines._sums(items, True, 0.0, lines.TUNING)
        assert ragged[0] == general[0]
        assert all(v == 0.0 for totals in ragged[1:] for v in totals) and len(ragged[1]) == len(items) + 1


def _shaped_glyph_by_glyph(text: str, font: str):  # noqa: ANN202
    """shaping.shape as written first: a new HarfBuzz buffer for the word,
    and every glyph read and worked out one by one."""
    import uharfbuzz as hb

    from zinemaker.typeset import shaping

    hbfont, upem, ttf = shaping._hb(font)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(hbfont, buf, shaping.FEATURES)
    return shaping._glyphs(text, buf.glyph_infos, buf.glyph_positions, upem, ttf)


def test_a_word_shaped_a_whole_word_at_a_time_is_shaped_as_glyph_by_glyph():
    """shape() reuses one buffer and works out a word whose glyphs are its
    characters' own a whole word at a time (kerning rounded by a table):
    every word of the essay and the deck, and some hard ones (ligatures,
    marks, other scripts, a private character, a missing glyph), in a kerned
    face and an unkerned one, shaped as the glyph-by-glyph reading shapes
    them, to the bit (a zero's sign and all)."""
    from zinemaker.typeset import fonts, shaping

    words = set((ROOT / "texts" / "milstein-organizing-social-spaces.md").read_text(encoding="utf-8").split())
    words |= set((ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8").split())
    hard = ["office", "affluent", "fi", "\ufb01", "e\u0301tude", "ab\u0300\u0301c", "\ue000x", "a\u200db", "\u05e9\u05dc\u05d5\u05dd",
            "\u0645\u0631\u062d\u0628\u0627", "x\ufffdy", "\U0001f642ok", "AVATAR", "To,", "Wa", "\u00a0"]
    faces = [fonts.family("Open Sans").bold, fonts.family("Open Sans").regular, fonts.family("Charis SIL").italic]
    whole = kerned = 0
    for font in faces:
        for word in [*hard, *sorted(words)]:
            want = _shaped_glyph_by_glyph(word, font)
            got = shaping.shape.__wrapped__(word, font)
            assert repr(got) == repr(want), (word, font)
            whole += got.chars == word
            kerned += any(got.adjust)
    assert whole > 3000 and kerned > 300


def _first_fit_in_full(items, room: float, cap: float, squeeze: float) -> int:  # noqa: ANN001
    """_first_fit's loop as it was, the shrink carried along even when it is 0."""
    count, at, give, last, last_give, full, over = 1, 0.0, 0.0, -1.0, -1.0, False, cap + 1e-9
    for _, unit, kind, space, hyphen in items:
        if full:
            count, over, full = count + 1, room + 1e-9, False
        at += unit
        if kind == lines.NONE:
            continue
        hy = hyphen if kind == lines.HYPHEN else 0.0
        if at + hy - give > over and last >= 0:
            count, over = count + 1, room + 1e-9
            at -= last
            give -= last_give
        if at + hy - give > over:
            at = give = 0.0
            last = last_give = -1.0
            full = True
            continue
        if kind == lines.SPACE:
            at += space
            give += space * squeeze
        last, last_give = at, give
    return count


def test_first_fit_of_ragged_lines_counts_what_the_loop_with_its_shrink_counts(asked):
    """The ragged lines' first fit (no shrink to carry) against the general
    loop: every paragraph the deck and zine were broken as, hyphenated and
    not, in rooms from narrower than a word to wider than the paragraph and
    at every running width a line could end on, to the last bit."""
    texts = [items for items, _, _, _ in asked]
    texts += [lines.pieces(Para([Span("re-examine the well-being of our community/collective, responsibly "
                                      "and knowledgeably, " * 3, "Helvetica")], hyphenate="en_US"))]
    texts += [lines.pieces(Para([Span("Mixed ", "Helvetica"), Span("fa", "Helvetica-Bold"),
                                 Span("ces in" + "w" * 40 + " side words", "Helvetica")]))]
    kinds, n = set(), 0
    for items in texts:
        kinds |= {it.after for it in items}
        edges, w = [], 0.0
        for it in items[:40]:
            w += it.unit
            edges.append(w)
            if it.after == lines.HYPHEN:
                edges += [w + it.hyphen / 2, w + it.hyphen]
            if it.after == lines.SPACE:
                w += it.space
        rooms = [r * 0.25 for r in range(2, 200, 3)] + [e + d for e in edges for d in (-1e-9, 0.0, 1e-9, 2e-9)]
        for room in rooms:
            for cap in (room, room - 1.5):
                got = lines._first_fit(items, room, cap, 0.0)
                assert got == _first_fit_in_full(items, room, cap, 0.0), (items[:3], room, cap)
                n += 1
    assert {lines.HYPHEN, lines.NONE, lines.SPACE, lines.JOIN} <= kinds and n > 10_000
