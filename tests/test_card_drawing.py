"""Drawing card faces onto sheets: the shortcuts drawing takes write what
the long way writes. Every line the default deck draws without the breaker
is the line the breaker gives; a sheet compressed as it is finished is the
sheet reportlab would compress at the end; the same number is written the
same way however often it is asked for."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import ImageChops

from zinemaker.content.deck import load_deck
from zinemaker.impose import drawn
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.labels import labels
from zinemaker.typeset import cards, lines
from zinemaker.typeset.cards import CardArt, CardSpec
from zinemaker.units import CARD, MM, PAPER

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def art() -> CardArt:
    return CardArt(load_deck(ROOT / "decks" / "social-spaces.yaml"), CardSpec(CARD["poker"]))


def sheets(art: CardArt) -> bytes:
    opts = ImposeOptions(PAPER["a4"], margin=5 * MM, marks=frozenset({"crop"}), backs=art.backs)
    pages = Pages(art.pages, *art.spec.trim, art.spec.bleed)
    return drawn.impose_drawn(art, pages, "cards", opts, "Social spaces", labels=labels()).files["sheets"].data


def test_every_line_drawn_without_breaking_is_the_line_the_breaker_gives(monkeypatch):
    real, real_break = lines._lines_of, lines.break_lines
    asked: list = []
    broken = [0]

    def counting(p, size, width):  # noqa: ANN001, ANN202
        broken[0] += 1
        return real_break(p, size, width)

    def recording(p, size, width):  # noqa: ANN001, ANN202
        kept = p._drawn is not None and p._drawn[0] == (size, width)
        before = broken[0]
        got = real(p, size, width)
        asked.append((p, size, width, got, not kept and broken[0] == before))
        return got

    monkeypatch.setattr(lines, "_lines_of", recording)
    monkeypatch.setattr(lines, "break_lines", counting)
    # the lines kept when the deck is fitted (lines.settle), then every face
    # drawn: titles, facts, numbers, bodies, quotes, the legend, the back
    CardArt(load_deck(ROOT / "decks" / "social-spaces.yaml"), CardSpec(CARD["poker"])).pdf()
    monkeypatch.undo()
    short = [got for *_, got, shortcut in asked if shortcut]
    # the titles, facts and numbers of fifty-odd cards: the shortcut is taken on real text
    assert len(short) > 150
    for p, size, width, got, _ in asked:
        fresh = replace(p, _drawn=None, _words=None, _last=None)
        assert got == lines.break_lines(fresh, size, width), "".join(sp.text for sp in p.spans)


def test_a_line_that_only_just_fits_or_has_loose_spaces_goes_to_the_breaker():
    face = "Helvetica"
    width = lines.unit_width("Hold the door", face) * 10
    for text in ("Hold the door", " Hold the door", "Hold  the door", "Hold the\ndoor", "Hold the door "):
        para = lines.Para([lines.Span(text, face)], space_after=0)
        assert lines._lines_of(para, 10, width) == lines.break_lines(replace(para), 10, width), repr(text)
    para = lines.Para([lines.Span("Hold the door", face)], space_after=0)
    assert lines._lines_of(para, 10, width + 1) == [[lines.Span("Hold the door", face)]]


def test_sheets_compressed_as_they_are_finished_are_the_bytes_reportlab_writes(art, monkeypatch):
    ours = sheets(art)
    monkeypatch.setattr(drawn, "show_page", lambda c: c.showPage())  # reportlab compresses them at save
    theirs = sheets(art)
    assert ours == theirs
    doc = pdfium.PdfDocument(ours)
    assert len(doc) >= 12, "the deck's sheets, fronts and backs"
    front = doc[0].render(scale=1).to_pil().convert("L")
    assert front.getextrema()[0] < 60, "the first sheet has cards printed on it"


def test_faces_compressed_as_they_are_finished_are_the_bytes_reportlab_writes(art, monkeypatch):
    ours = art.pdf("front-back")
    monkeypatch.setattr(cards, "show_page", lambda c: c.showPage())
    assert ours == art.pdf("front-back")
    doc = pdfium.PdfDocument(ours)
    assert len(doc) == 2 * art.fronts
    assert doc[0].render(scale=1).to_pil().convert("L").getextrema()[0] < 60, "the first face is printed"


def test_a_drawn_sheet_renders_as_the_same_faces_imposed_from_a_pdf(art):
    """What the shortcuts draw is what the faces PDF shows, placed: the first
    sheet side from the deck drawn straight onto it and from its faces
    imposed, pixel for pixel but for anti-aliased edges."""
    from zinemaker.impose import impose, open_pdf

    opts = ImposeOptions(PAPER["a4"], margin=5 * MM, marks=frozenset({"crop"}), backs=art.backs)
    imposed = impose(open_pdf(art.pdf()), "cards", opts, "Social spaces", labels=labels()).files["sheets"].data
    a, b = pdfium.PdfDocument(sheets(art)), pdfium.PdfDocument(imposed)
    for i in (0, 1):
        pa, pb = (d[i].render(scale=1.5).to_pil().convert("L") for d in (a, b))
        diff = ImageChops.difference(pa, pb).point(lambda v: 255 if v > 64 else 0)
        assert diff.histogram()[255] < 40, f"sheet side {i + 1} differs"


@pytest.mark.parametrize("v", [0.0, -0.0, 12.0, -0.004, 0.005, 3.14159, -7.5])
def test_a_number_is_written_the_same_however_often_and_in_whatever_order(v):
    plain3 = f"{v:.3f}".rstrip("0").rstrip(".")
    plain2 = f"{v:.2f}".rstrip("0").rstrip(".")
    for _ in range(2):  # once to fill the cache, once from it
        assert cards._n(v) == plain3
        assert cards._n(-v) == f"{-v:.3f}".rstrip("0").rstrip(".")
        assert lines._num(v) == ("0" if plain2 == "-0" else plain2)


def test_text_of_characters_coded_as_themselves_is_written_as_the_table_writes_it():
    """A line whose characters are all their own codes (printable ASCII, as
    reportlab keeps it) is written as it is: the operators are those the
    code table gives, for texts of every kind of character, in any order."""
    import io

    from reportlab.pdfgen import canvas as rl_canvas

    from zinemaker.typeset import fonts

    body = fonts.family("Charis SIL", ROOT, "test")
    texts = ["Sit in a circle", "(Round 1) pass", "a \\ b", "caf\u00e9 \u201cquoted\u201d", "it\u2019s",
             "\u00a0no-break\u00a0space", "50% & #1 {x} [y] <z>", "Sit in a circle", "\u2014 dash \u2013 en"]
    drawn, canvases = [], []
    for table_only in (False, True):
        c = rl_canvas.Canvas(io.BytesIO(), invariant=1)
        for k, text in enumerate(texts + texts[::-1]):
            if table_only:
                for face in c.__dict__.get("_zm_faces", {}).values():
                    face.plain.clear()  # every text by the table
            lines.draw(c, [lines.Para([lines.Span(text, body.regular)])], 8, 10, 200 - k * 10, 300)
        drawn.append(list(c._code))
        canvases.append(c)
    assert drawn[0] == drawn[1]
    face = canvases[0].__dict__["_zm_faces"][body.regular]
    assert face.plain and all((face.table[ord(ch)] == ch) == (ch in face.plain) for ch in face.known)


def test_every_face_leaves_the_canvas_as_it_found_it_so_bare_q_and_q_place_it(art, monkeypatch):
    """A deck's faces (its own cards, the legend, fronts cut off, backs for
    each category) leave reportlab's state of the canvas as they found it,
    which is what lets the sheets place each between a bare q and Q; and
    the sheets are the bytes saveState and restoreState around each make."""
    import io

    from reportlab.pdfgen import canvas as rl_canvas

    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    for each in (art, CardArt(deck, CardSpec(CARD["poker"], allow_overflow=True, max_size=14, min_size=13))):
        for by_category in (False, True):
            each.by_category = by_category
            c = rl_canvas.Canvas(io.BytesIO(), invariant=1)
            each.prepare(c)
            for page in range(each.pages):
                before = ({k: c.__dict__[k] for k in c.STATE_ATTRIBUTES}, dict(c._extgstate.__dict__))
                each.draw(c, page)
                after = ({k: c.__dict__[k] for k in c.STATE_ATTRIBUTES}, dict(c._extgstate.__dict__))
                assert after == before, page
    art.by_category = False
    assert cards.CardArt.keeps_state
    bare = sheets(art)
    monkeypatch.setattr(cards.CardArt, "keeps_state", False)
    assert sheets(art) == bare


def _footer_words(pdf_bytes: bytes, page: int, spec: CardSpec) -> list[tuple[str, float, float]]:
    """The words on a face's footer line, with their left and right edges (pt)."""
    doc = pdfium.PdfDocument(pdf_bytes)
    tp = doc[page].get_textpage()
    chars = []
    for i in range(tp.count_chars()):
        x0, y0, x1, _ = tp.get_charbox(i)
        if y0 < spec.bleed + spec.safe + 1:
            chars.append((tp.get_text_range(i, 1), x0, x1))
    words, cur = [], []
    for ch in chars + [(" ", 0, 0)]:
        if ch[0].strip():
            cur.append(ch)
        elif cur:
            words.append(("".join(c[0] for c in cur), cur[0][1], cur[-1][2]))
            cur = []
    return words


def test_a_long_deck_title_in_the_footer_stops_short_of_the_card_number(tmp_path):
    """A space's own deck with a long title and a card printed twice: the
    footer's title is cut with an ellipsis before "copy 1 of 2 · 1 / 5", not
    printed through it (nor off the card); a short title prints whole."""
    from test_card_fitting import _small_deck

    spec = CardSpec(CARD["poker"])
    for title, cut in (("Red Door Allotment Collective Workshop Cards", True), ("Red Door Cards", False)):
        art = CardArt(load_deck(_small_deck(tmp_path, title, long_one=False, qty=2)), spec)
        pdf = art.pdf("front-back")
        first = next(i for i, k in enumerate(art.kinds) if k == "exercise")
        words = _footer_words(pdf, 2 * first, spec)
        text = " ".join(w for w, _, _ in words)
        assert "copy 1 of 2" in text, text
        copy = next(x0 for w, x0, _ in words if w == "copy")
        before = [w for w in words if w[1] < copy]
        assert before and max(x1 for _, _, x1 in before) < copy - 2, text
        assert max(x1 for _, _, x1 in words) <= spec.bleed + spec.trim[0] - spec.safe + 0.5
        assert text.startswith("Red Door")
        assert ("\u2026" in text) == cut and ("Cards" in text.split("copy")[0]) != cut, text


def test_the_credits_card_names_the_space_not_its_contact(tmp_path):
    """init puts the contact in the back's footer; the credits card's "This
    copy belongs to" is the space's name from the deck's values."""
    deck_path = tmp_path / "ours.yaml"
    base = Path(__file__).resolve().parents[1] / "decks" / "social-spaces.yaml"
    (tmp_path / "social-spaces.yaml").write_text(base.read_text(encoding="utf-8"), encoding="utf-8")
    deck_path.write_text(
        "extends: social-spaces.yaml\ndeck:\n  title: Red Door Cards\n"
        "  values: {space: the Red Door Allotment, contact: reddoor@example.org}\n"
        "  back: {title: Red Door, line: Growing together, footer: reddoor@example.org}\n",
        encoding="utf-8",
    )
    text = cards.credits_text(load_deck(deck_path, root=tmp_path))
    assert "This copy belongs to the Red Door Allotment." in text
    assert "reddoor@example.org" not in text
