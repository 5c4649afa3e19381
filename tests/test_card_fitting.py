"""Fitting card text: the fewest lines a paragraph can take, the deck's one
body size, each card at the largest size it fits, and the work that takes."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from zinemaker.content.deck import load_deck
from zinemaker.typeset import lines
from zinemaker.typeset.cards import SHARE, STEP, CardArt, CardSpec, _fits, at_size, sizes_between
from zinemaker.typeset.lines import HYPHEN, NONE, SPACE, Para, Span, least_lines, pieces
from zinemaker.units import CARD

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "decks" / "social-spaces.yaml"


@pytest.fixture(scope="module")
def art() -> CardArt:
    return CardArt(load_deck(DECK), CardSpec(CARD["poker"]))


def first_fit(para: Para, size: float, width: float) -> int:
    """Lines as a typewriter fills them, written out the slow way: each line
    takes pieces while its width (its last glue dropped, a hyphen added)
    stays within the measure."""
    s = size * para.scale
    room = (width - (para.indent * s if para.label else 0.0)) / s
    items = pieces(para, hyphenate=bool(para.hyphenate))
    count, start, cap = 1, 0, room - para.first
    best = None
    i = 0
    squeeze = 1 - (lines.TUNING.shrink if para.justify else 0.0)  # a justified line's spaces shrink
    while i < len(items):
        it = items[i]
        if it.after != NONE:
            w = sum(items[k].unit + (items[k].space * squeeze if items[k].after == SPACE else 0.0)
                    for k in range(start, i))
            w += it.unit + (it.hyphen if it.after == HYPHEN else 0.0)
            if w <= cap + 1e-9:
                best = i
            elif best is not None:
                count, start, cap, best = count + 1, best + 1, room, None
                continue  # the same piece again, on the new line
        i += 1
    return count


def deck_paragraphs(art: CardArt) -> list[Para]:
    return [p for f in art._fronts for p in f.text.body + f.text.quote]


def test_the_fewest_lines_are_what_first_fit_gives_and_never_more_than_the_breaker_sets(art):
    paras = deck_paragraphs(art)
    assert len(paras) > 200
    justified = [Para(p.spans, p.label, p.indent, justify=True, hyphenate="en_US") for p in paras[:60]]
    fewer = 0
    for para in paras + justified:
        for size in (6.0, 7.25, 8.5):
            for width in (120.0, 157.0):
                least = least_lines(para, size, width)
                assert least == first_fit(para, size, width), (para.spans[0].text[:30], size, width)
                counted = lines.count_lines(para, size, width)
                assert least <= counted, "no way of breaking takes fewer lines than first fit"
                fewer += least < counted
    assert fewer, "the breaker sometimes takes a line more than first fit (so the check is not idle)"


def test_a_word_wider_than_the_line_takes_a_line_of_its_own():
    para = Para([Span("a " + "w" * 60 + " b", "Helvetica")])
    assert least_lines(para, 10, 100) == 3
    assert least_lines(Para([Span("", "Helvetica")]), 10, 100) == 1


def test_the_body_size_is_the_largest_that_nearly_every_exercise_takes(art):
    spec = art.spec
    width = spec.trim[0] - 2 * spec.safe
    ex = [f for f, k in zip(art._fronts, art.kinds, strict=True) if k == "exercise"]
    need = math.ceil(SHARE * len(ex))

    def taking(size: float) -> int:
        return sum(_fits(f.text, size, width, f.top - f.bottom, spec) for f in ex)

    assert taking(art.body_size) >= need
    if art.body_size < spec.max_size:
        assert taking(art.body_size + STEP) < need, "a quarter point larger, too few exercises fit"
    for f in ex:
        # Each card at its own size: it fits there, and, fitted down, not at
        # any size between that and the deck's.
        assert _fits(f.text, f.size, width, f.top - f.bottom, spec)
        if f.size < art.body_size:
            larger = [v for v in sizes_between(f.size, art.body_size) if v > f.size]
            assert not any(_fits(f.text, v, width, f.top - f.bottom, spec) for v in larger), f.size
    # Put back as drawn.
    for f in ex:
        _fits(f.text, f.size, width, f.top - f.bottom, spec)


def test_fitting_breaks_each_paragraph_into_lines_about_once(monkeypatch):
    """The size search runs on first-fit line counts; the line breaker runs
    where the text could fit, not at every size the search tries (it ran
    about five times a paragraph before)."""
    runs = []
    breaker = lines.knuth_plass
    monkeypatch.setattr(lines, "knuth_plass", lambda *a, **k: runs.append(1) or breaker(*a, **k))
    art = CardArt(load_deck(DECK), CardSpec(CARD["poker"]))
    # Titles and facts are set once, at their own sizes.
    paras = deck_paragraphs(art) + [p for f in art._fronts for p in f.title + [q for x in f.facts for _, q in x.items]]
    assert len(runs) <= 1.3 * len(paras), (len(runs), len(paras))


def test_lines_drawn_are_the_lines_set(art):
    """break_lines (what card text draws) gives the spans set_lines gives."""
    paras = deck_paragraphs(art) + [Para([Span("tea-and-cake and a long-compound-word here", "Helvetica")])]
    mixed = [Span("Mixed ", "Helvetica"), Span("faces in", "Helvetica-Bold"), Span("side words", "Helvetica")]
    paras.append(Para(mixed))
    paras.append(Para([Span("hyphenate responsibility and knowledge beyond", "Helvetica")], hyphenate="en_US"))
    for para in paras:
        for size, width in ((6.0, 60.0), (8.5, 157.0)):
            assert lines.break_lines(para, size, width) == [ln.spans for ln in lines.set_lines(para, size, width)]


def _card(tmp_path: Path, section: str, quote: str):  # noqa: ANN202
    import yaml

    data = {
        "deck": {"title": "T", "card": "poker", "furniture": False},
        "categories": [{"id": "a", "name": "Alpha", "colour": "#224466", "symbol": "star"}],
        "cards": [{"id": "c1", "title": "Card", "category": "a", "body": "1. Do one thing.", "purpose": "Why.",
                   "quote": quote, "section": section, "time": "10 min", "group": "any", "materials": "none"}],
    }
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_deck(path).cards[0]


@pytest.mark.parametrize("section", ["Hands-On Organizing", "Self-Care/Community-Care Work", "The Four Rs"])
def test_an_attribution_never_breaks_not_even_after_its_own_hyphen(tmp_path, section):
    from zinemaker.typeset.cards import _Styles, exercise_text
    from zinemaker.typeset.fonts import family

    card = _card(tmp_path, section, "We learned it by doing it, together and slowly, week after week of it.")
    st = _Styles(family("Charis SIL"), family("Open Sans"))
    spec = CardSpec(CARD["poker"])
    seen = 0
    for width in range(110, 200, 3):  # the attribution lands at every place along a line
        text = exercise_text(card, st, float(width), spec)
        drawn = ["".join(sp.text for sp in ln) for ln in lines.break_lines(text.quote[0], 7.0, float(width))]
        with_dash = [ln for ln in drawn if "\u2015" in ln]
        assert len(with_dash) == 1 and with_dash[0].endswith(section.replace(" ", "\u00a0")), (width, drawn)
        seen += not with_dash[0].startswith("\u2015")  # sometimes it shares a line with the quote's end
    assert seen


def test_an_attribution_wider_than_the_card_breaks_after_all(tmp_path):
    from zinemaker.typeset.cards import _Styles, fit
    from zinemaker.typeset.fonts import family

    section = "A Very Long Section Name That Is Wider Than Any Card Could Ever Be Set"
    card = _card(tmp_path, section, "Short.")
    size, text, ok = fit(card, _Styles(family("Charis SIL"), family("Open Sans")), 150, 200, CardSpec(CARD["poker"]))
    assert ok, "set on two lines rather than refused"
    drawn = ["".join(sp.text for sp in ln) for ln in lines.break_lines(text.quote[0], size, 150)]
    assert len(drawn) >= 2 and "Wider" in " ".join(drawn)


def test_preflight_finds_the_text_a_card_printed_cut_off(tmp_path):
    """A card set with allow_overflow loses the lines under its box: the
    preflight reads that from the PDF (text past its clip), on that card's
    face only, and the cards that fit are clean."""
    import yaml

    from zinemaker.preflight import preflight
    from zinemaker.typeset.cards import typeset_faces

    long = " ".join(["Talk it through together, slowly, and then talk some more."] * 30)
    data = {
        "deck": {"title": "T", "card": "poker", "furniture": False},
        "categories": [{"id": "a", "name": "Alpha", "colour": "#224466", "symbol": "star"}],
        "cards": [{"id": f"c{i}", "title": "Card", "category": "a", "body": long if i == 1 else "1. Do one thing.",
                   "quote": "Slowly.", "section": "Hands-On Openness"} for i in range(3)],
    }
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    faces = typeset_faces(load_deck(path), CardSpec(CARD["poker"], allow_overflow=True))
    assert len(faces.overflows) == 1
    cut = [f for f in preflight(faces.pdf) if f.kind == "text cut off"]
    assert [f.page for f in cut] == [2] and "will not print" in str(cut[0]), cut


def _small_deck(tmp_path: Path, title: str, long_one: bool, qty: int = 1) -> Path:
    """A space's own deck of five exercises, one of them (if ``long_one``)
    with a body far longer than the rest."""
    import yaml

    steps = "\n".join(f"{n}. Say what the garden gave you this season." for n in range(1, 5))
    long_steps = "\n".join(
        f"{n}. Everyone in the circle takes a turn to say, in their own words and at their own pace,"
        " what the garden gave them this season." for n in range(1, 5)
    )
    cards = [
        {"id": f"c{i}", "title": f"Card {i}", "category": "g", "body": steps, "purpose": "Why.", "time": "10 min",
         "group": "4–12 people", "materials": "None", "qty": qty if i == 0 else 1}
        for i in range(4)
    ]
    cards.append({**cards[1], "id": "long", "title": "The Long One", "body": long_steps if long_one else steps})
    data = {
        "deck": {"title": title, "card": "poker", "language": "en-GB"},
        "categories": [{"id": "g", "name": "Growing", "colour": "#6b8e23", "symbol": "star"}],
        "cards": cards,
    }
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_one_long_card_in_a_small_deck_is_fitted_down_alone(tmp_path):
    """In a deck of five, the one long card is the outlier: the other four
    keep the size they share without it, and the build names the long one
    (the share of 'nearly all' of five was all five: one long card set the
    whole deck small)."""
    spec = CardSpec(CARD["poker"])
    even = CardArt(load_deck(_small_deck(tmp_path, "Deck", long_one=False)), spec)
    art = CardArt(load_deck(_small_deck(tmp_path, "Deck", long_one=True)), spec)
    ex = {c.id: f for c, f, k in zip(art.cards, art._fronts, art.kinds, strict=True) if k == "exercise"}
    assert ex["long"].size < even.body_size
    assert art.body_size == even.body_size
    assert all(f.size == even.body_size for cid, f in ex.items() if cid != "long")
    assert any("fitted down" in n and "'long'" in n for n in art.notes), art.notes


def searched_in_full(text, width: float, height: float, spec: CardSpec, tries: list[float]):  # noqa: ANN001, ANN201
    """The ceiling as the binary search found it asking the last size first, always."""
    from zinemaker.typeset.cards import least_text_height, too_wide

    def could(size: float) -> bool:
        at_size(text, size, spec)
        return not too_wide(text, size, width) and least_text_height(text, size, width) <= height

    if not could(tries[-1]):
        return None
    lo, hi = len(tries) - 1, -1
    while lo - hi > 1:
        mid = (lo + hi) // 2
        if could(tries[mid]):
            lo = mid
        else:
            hi = mid
    return lo


@pytest.mark.parametrize("sizes", [(6.0, 8.5), (5.5, 9.0), (6.02, 8.27), (7.0, 7.25), (6.5, 6.5), (4.0, 10.0)])
def test_a_ceiling_searched_from_its_middle_size_is_the_ceiling_searched_from_the_last(art, sizes):
    """ceiling skips asking the last size when the text could fit at the
    search's middle one (it could at the last too, where the quote is not
    held at the minimum): on every card of the deck, in boxes from too small
    for anything to roomy, at several ranges of sizes, what it finds is what
    the search in full finds, None included."""
    from zinemaker.typeset.cards import ceiling, clean_sizes

    lo, hi = sizes
    spec = replace(art.spec, min_size=lo, max_size=hi)
    tries = sizes_between(lo, hi)
    assert clean_sizes(tries, spec) < len(tries) - 1 or lo * 0.86 >= lo  # the quote is held at the minimum
    width = spec.trim[0] - 2 * spec.safe
    found: set = set()
    for f, kind in zip(art._fronts, art.kinds, strict=True):
        if kind != "exercise":
            continue
        for w in (width, width * 0.8):
            for h in range(60, 240, 7):
                got = ceiling(f.text, w, float(h), spec, tries)
                assert got == searched_in_full(f.text, w, float(h), spec, tries), (f.text.body[0].spans, w, h)
                found.add(got)
    assert None in found and len(found) >= min(len(tries), 4), found
    for f in art._fronts:  # put back as drawn
        at_size(f.text, f.size, art.spec)
