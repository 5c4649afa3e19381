"""The reader's text as a typesetter would check it: lines broken whole,
hyphenated by the text's language and region, parted across pages without
widows, orphans or a split word, and still the excerpt letter for letter."""

from __future__ import annotations

import re
import statistics
import sys
from pathlib import Path

import pytest

from zinemaker.typeset import fonts, hyphens, lines
from zinemaker.typeset.lines import Para, Span

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from typeset_bench import first_heading, measure, read_lines  # noqa: E402  (the bench's reader of PDFs is the one source)

ESSAY_PARA = (
    "Throughout the history of resistance, rebellion, and revolution\u2014the three Rs that should be taught "
    "alongside the traditional ones of reading, 'riting, and 'rithmetic\u2014there has always been a fourth R, "
    "consciously or not: reorganization. Such reorganization has sought to establish not simply new social "
    "structures but also, critically, new social relations. That has not always ended well. In fact, it has "
    "frequently ended badly, with different forms of social organization, to be sure, but ones that ultimately"
    "\u2014or too quickly\u2014entailed new forms of domination and terror."
)


@pytest.fixture(scope="module")
def face() -> str:
    return fonts.family("Charis SIL").regular


def spaces_em(para: Para, size: float, width: float, face: str) -> list[float]:
    """Mean word space (em) of each justified line but the last."""
    space = lines.unit_width(" ", face)
    out = []
    for n, ln in enumerate(lines.set_lines(para, size, width)):
        room = width / size - (para.first if n == 0 else 0)
        if not ln.last and ln.spaces:
            out.append(space + (room - ln.natural) / ln.spaces)
    return out


def first_fit(para: Para, size: float, width: float, face: str) -> list[float]:
    """The same pieces broken one line at a time (no hyphenation), for comparison."""
    space = lines.unit_width(" ", face)
    room = width / size
    out, x, n = [], 0.0, 0
    for it in lines.pieces(para, hyphenate=False):
        w = it.unit
        if n and x + space + w > room:
            out.append(space + (room - x) / (n - 1) if n > 1 else 9.0)
            x, n = w, 1
        else:
            x, n = (x + space + w if n else w), n + 1
    return out


# ------------------------------------------------------------ the breaker


def test_whole_paragraph_breaking_beats_first_fit_on_the_loosest_line(face):
    for width in (200.0, 240.0, 283.0):
        para = Para([Span(ESSAY_PARA, face)], justify=True, hyphenate="en_US")
        kp, ff = spaces_em(para, 10, width, face), first_fit(para, 10, width, face)
        assert max(kp) < max(ff), f"at {width} pt: optimal {max(kp):.2f} em, first-fit {max(ff):.2f} em"
        if width >= 240:  # 24 em and up (the presets set 30)
            assert max(kp) <= 0.6, f"a line at {max(kp):.2f} em at {width} pt"


def test_an_address_breaks_after_a_slash_or_dot_with_nothing_added(face):
    url = "http://roarmag.org/2014/06/milstein-social-spaces-relations/"
    para = Para([Span(f"Read it at {url} today.", face)], justify=True, hyphenate="en_US")
    got = ["".join(s.text for s in ln.spans) for ln in lines.set_lines(para, 10, 110)]
    assert len(got) >= 3
    joined = ""
    for ln in got:
        joined += ("" if joined.endswith(("/", ".")) or ln.startswith("-") or not joined else " ") + ln
    assert joined == f"Read it at {url} today.", got
    assert not any(ln.startswith(("/", ".")) for ln in got), "an address breaks after its marks, not before"
    assert not any(ln.endswith("-") for ln in got), "a line ending in an address's hyphen reads as a broken word"


def test_an_address_breaks_before_its_hyphens_never_after():
    from zinemaker.typeset.hyphens import cuts

    url = "https://example.org/social-spaces-as-if-relations-matter"
    at = [c.at for c in cuts(url, "en_US")]
    assert any(url[a] == "-" for a in at), "an address may break at its hyphens"
    assert not any(url[a - 1] == "-" for a in at), "but before them, so no line ends in one"


def test_a_non_breaking_hyphen_is_never_a_break(face):
    from zinemaker.typeset.hyphens import cuts

    assert cuts("non\u2011negotiable", "en_US") == ()
    assert [c.at for c in cuts("co\u2011op-run", "en_US")] == [6]
    words = " ".join(["well\u2011established non\u2011negotiable"] * 12)
    para = Para([Span(words, face)], justify=True, hyphenate="en_US")
    for width in (60.0, 90.0, 140.0):
        for ln in lines.set_lines(para, 10, width):
            text = "".join(s.text for s in ln.spans)
            assert not text.endswith(("\u2011", "-")), f"broken at a non-breaking hyphen at {width} pt: {text!r}"


def test_never_three_hyphenated_lines_in_a_row(face):
    words = "incomprehensibility institutionalization characteristically interdisciplinary " * 12
    para = Para([Span(words.strip(), face)], justify=True, hyphenate="en_US")
    for width in (150.0, 200.0, 240.0):
        run = longest = 0
        for ln in lines.set_lines(para, 10, width):
            run = run + 1 if ln.hyphen else 0
            longest = max(longest, run)
        assert longest <= 2, f"{longest} hyphenated lines in a row at {width} pt"


def test_a_paragraph_of_one_length_more_or_less_is_known(face):
    para = Para([Span(ESSAY_PARA, face)], justify=True, hyphenate="en_US")
    found = lines.solve(para, 10, 283)
    best = lines.best(found).count
    assert best in found and (best + 1 in found or best - 1 in found), "a page may ask for a line more or less"


# ------------------------------------------------------------ hyphenation


@pytest.mark.parametrize(
    "word, breaks",
    [
        ("responsibility", "re-spon-si-bil-ity"),
        ("accountability", "ac-count-abil-ity"),
        ("knowledge", "knowl-edge"),
        ("beyond", "be-yond"),  # not the British "bey-ond"
        ("typically", "typ-i-cally"),
        ("society.", "so-ci-ety."),
        ("other", "other"),  # "oth-er": three letters must follow
        ("Established", "Established"),  # capitalised: never
        ("power-over", "power-over"),  # its own hyphen only
        ("hands-on", "hands-on"),
        ("prejudice/privilege", "prejudice/privilege"),
    ],
)
def test_us_hyphenation_points(word, breaks):
    got = hyphens.cuts(word, hyphens.dictionary_name("en"))
    shown = word
    for c in reversed(got):
        if c.hyphen:
            shown = shown[: c.at] + "-" + shown[c.at :]
    assert shown == breaks
    if word in ("power-over", "hands-on", "prejudice/privilege"):
        assert [c.at for c in got] == [word.index(next(ch for ch in word if ch in "-/")) + 1]
        assert not any(c.hyphen for c in got)


def test_language_tags_name_the_regional_dictionary():
    assert hyphens.dictionary_name("en") == "en_US"
    assert hyphens.dictionary_name("en-US") == "en_US"
    assert hyphens.dictionary_name("en-GB") == "en_GB"
    assert hyphens.dictionary_name("pt_BR") == "pt_BR"
    assert hyphens.dictionary_name("xx") is None


def test_dashes_break_without_a_hyphen_and_the_words_beside_them_still_hyphenate():
    got = hyphens.cuts("revolution\u2014the", "en_US")
    dash = [c for c in got if not c.hyphen]
    assert [c.at for c in dash] == [len("revolution\u2014")]
    assert any(c.hyphen and c.at < len("revolution") for c in got)


# ------------------------------------------------------------ the built zine


@pytest.fixture(scope="module")
def reader(tmp_path_factory):
    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    layout = load_layout(ROOT / "layouts" / "social-spaces.toml")
    out = {}
    for paper in ("letter", "a4"):
        spec = page_spec(layout, paper)
        book = book_for(layout)
        out[paper] = (typeset_reader(book, spec, layout.root), spec, book)
    return out


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_no_word_split_at_a_page_turn_and_no_widow_or_orphan(reader, paper):
    pdf, spec, book = reader[paper]
    f = measure(pdf, spec.size, spec.leading, first_heading(book))
    assert f.lines > 300, "the body text was found"
    assert f.turn_hyphens == 0, f.examples
    assert f.widows == 0 and f.orphans == 0, f.examples
    assert f.run <= 2
    assert 55 <= f.chars <= 70, f"{f.chars:.0f} characters a line"
    assert f.uneven_spreads == 0, "facing pages end on the same line"


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_every_text_page_has_its_wide_margin_at_the_fore_edge(reader, paper):
    """Right-hand (odd) pages start their text at the inner margin, left-hand
    (even) pages at the outer one, page after page: the fore-edge margin is
    never at the spine."""
    pdf, spec, book = reader[paper]
    assert spec.outer > spec.inner
    checked = 0
    for n, page in enumerate(read_lines(pdf), start=1):
        body = [ln for ln in page if abs(ln.size - spec.size) < 0.05]
        if len(body) < 10:
            continue  # cover, title page, notes, colophon
        left = statistics.mode(round(ln.left) for ln in body)  # a hanging quote does not move the block
        want = spec.bleed + (spec.inner if n % 2 else spec.outer)
        assert abs(left - want) < 1, f"page {n}: text starts at {left:.1f} pt, not {want:.1f}"
        checked += 1
    assert checked >= 10


@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_the_text_between_cover_and_colophon_is_the_excerpt_letter_for_letter(reader, paper):
    from zinemaker.typeset.reader import Passage, link_text

    pdf, spec, book = reader[paper]
    want = "".join(
        "".join(link_text(r) for r in blk.runs)
        for part in book.parts
        if isinstance(part, Passage)
        for blk in part.blocks
    )
    want = re.sub(r"\s+", "", want)
    pages = read_lines(pdf)
    # Body, quotes and headings from the first heading on; not the folios
    # and running heads (smaller), the title page before it, nor the notes
    # pages and colophon after the text.
    start = next(
        i
        for i, page in enumerate(pages)
        if any(ln.text.startswith(first_heading(book)) and ln.size > spec.size for ln in page)
    )
    got_lines = [
        ln.text for page in pages[start:-1] for ln in page if ln.size >= spec.size * 0.9 and ln.text != "Notes"
    ]
    i = 0
    for text in got_lines:
        text = re.sub(r"\s+", "", text)
        for k, ch in enumerate(text):
            end = k == len(text) - 1
            if ch in "\x02-" and end and (i >= len(want) or want[i] != "-"):
                continue  # a hyphen the breaker added at a line end
            ch = "-" if ch == "\x02" else ch
            assert i < len(want) and ch == want[i], (
                f"at letter {i}: printed {text[max(0, k - 20) : k + 20]!r}, excerpt has {want[max(0, i - 20) : i + 20]!r}"
            )
            i += 1
    assert i == len(want), f"the pages stop at letter {i} of {len(want)}: {want[i : i + 40]!r}"


# ------------------------------------------------------------ excerpts


def test_the_default_zine_prints_the_repeated_passage_once(reader):
    from zinemaker.typeset.reader import Passage

    _, _, book = reader["letter"]
    text = " ".join(" ".join(b.plain.split()) for p in book.parts if isinstance(p, Passage) for b in p.blocks)
    assert text.count("one of the few moments over the entire summit where we talked about a physical social space") == 1
    assert "stories from Táala Hooghan. The " in text or text.count("stories from Táala Hooghan.") == 1


@pytest.mark.parametrize(
    "omit, message",
    [
        ('["nowhere in the text at all"]', "is not in the excerpt"),
        ('["the"]', "times: quote more of it"),
        ("[999]", "the excerpt has"),
        ("[0]", "a paragraph number"),
    ],
)
def test_an_omit_that_names_nothing_once_is_an_error_naming_the_field(tmp_path, omit, message):
    from zinemaker.build import book_for
    from zinemaker.definitions.layout import load_layout
    from zinemaker.errors import ZinemakerError

    (tmp_path / "layouts").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.md").write_text("# T\n\nOne the two.\n\nThe three the four.\n", encoding="utf-8")
    path = tmp_path / "layouts" / "z.toml"
    path.write_text(f'[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\nomit = {omit}\n', encoding="utf-8")
    with pytest.raises(ZinemakerError) as err:
        book_for(load_layout(path))
    assert message in str(err.value) and "omit #1" in str(err.value)


# ------------------------------------------------------------ shaping


def test_ligatures_and_kerning_are_drawn_and_extract_as_their_letters(face, tmp_path):
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    text = "The office staff filled AVATAR forms, first to last."
    bold = fonts.family("Open Sans").bold  # Open Sans is kerned (this Charis SIL has no kerning pairs)
    kerned = Para([Span("AVATAR To", bold)], shape=True)
    assert lines.pieces(kerned)[0].unit < lines.unit_width("AVATAR", bold) - 0.1, "AVATAR is measured kerned"
    para = Para([Span(text, face)], justify=False, shape=True)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(400, 100), invariant=1)
    lines.draw_set(c, lines.set_lines(kerned, 12, 380), 12, 10, 90, 380, 15, False, shaped=True)
    lines.draw_set(c, lines.set_lines(para, 12, 380), 12, 10, 60, 380, 15, False, shaped=True)
    text = "AVATAR To " + text
    c.showPage()
    c.save()
    pdf = buf.getvalue()
    stream = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    assert "] TJ" in stream and re.search(r"\) -?\d+(\.\d+)? \(", stream), "kerning is drawn as TJ adjustments"
    fonts_ = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    cmaps = "".join(
        f.get_object()["/ToUnicode"].get_object().get_data().decode()
        for f in fonts_.values()
        if "/ToUnicode" in f.get_object()
    )
    assert "<00660069>" in cmaps, "the fi ligature's code maps to the letters f and i"
    got = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert " ".join(got.split()) == text
    page = pdfium.PdfDocument(pdf)[0]
    assert " ".join(page.get_textpage().get_text_range().split()) == text


def test_links_as_endnotes_are_numbered_in_the_text_and_listed_after_it(tmp_path):
    import pypdfium2 as pdfium

    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    (tmp_path / "layouts").mkdir()
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "t.md").write_text(
        "---\ntitle: T\nlanguage: en\n---\n\n## One\n\nRead <http://example.org/a/long/path> and"
        " [the library](https://theanarchistlibrary.org/) too.\n",
        encoding="utf-8",
    )
    path = tmp_path / "layouts" / "z.toml"
    path.write_text(
        '[zine]\nlinks = "endnotes"\n[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\n', encoding="utf-8"
    )
    layout = load_layout(path)
    pdf = typeset_reader(book_for(layout), page_spec(layout, "letter"), layout.root)
    doc = pdfium.PdfDocument(pdf)
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    text = " ".join(text.split())
    assert "Read example.org\u00b9 and the library\u00b2 too." in text
    assert "Links" in text and "1. http://example.org/a/long/path" in text
    assert "2. https://theanarchistlibrary.org/" in text


def test_every_line_of_text_sits_on_the_baseline_grid_after_headings_quotes_rules_and_figures(tmp_path):
    """Body lines, quotes and list items on every page share the body's
    baseline grid: what comes after a heading, a block quote, a rule or a
    figure goes on where the grid says, so facing pages line up."""
    from PIL import Image

    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    (tmp_path / "layouts").mkdir()
    (tmp_path / "texts").mkdir()
    Image.new("RGB", (1200, 548), "grey").save(tmp_path / "texts" / "pic.png")
    paras = [" ".join([ESSAY_PARA] * (1 + k % 2)) for k in range(6)]
    md = (
        "---\ntitle: Grid\nlanguage: en\n---\n\n## One\n\n"
        + paras[0]
        + "\n\n> "
        + paras[1][:400]
        + "\n\n"
        + paras[2]
        + "\n\n---\n\n"
        + paras[3]
        + "\n\n### A smaller heading\n\n- "
        + paras[4][:300]
        + "\n- and a second item\n\n![A grey picture](pic.png)\n\n"
        + paras[5]
        + "\n\n> A short quote.\n\nThe end of it.\n"
    )
    (tmp_path / "texts" / "t.md").write_text(md, encoding="utf-8")
    path = tmp_path / "layouts" / "z.toml"
    path.write_text('[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\n', encoding="utf-8")
    layout = load_layout(path)
    spec = page_spec(layout, "letter")
    pdf = typeset_reader(book_for(layout), spec, layout.root)
    grid = spec.leading
    top = spec.trim[1] + spec.bleed - spec.top
    residues = []
    for page in read_lines(pdf):
        for ln in page:
            if spec.size * 0.9 <= ln.size <= spec.size * 1.01:  # body, quotes, list items
                residues.append(((top - ln.y) % grid, ln.page, ln.text[:30]))
    assert len(residues) > 60 and len({p for _, p, _ in residues}) >= 3, "lines on several pages were read"
    ref = residues[0][0]
    off = [(p, t, round(r, 2)) for r, p, t in residues if min(abs(r - ref), grid - abs(r - ref)) > 0.05]
    assert not off, f"off the grid (page, line, residue; the grid's is {ref:.2f}): {off[:5]}"
    quote = [t for _, _, t in residues if t.startswith("A short quote")]
    assert quote, "the quote was read at its own size"


def test_exercises_pages_are_set_by_the_texts_breaker_on_its_grid(tmp_path):
    """Deck cards set as zine pages: their steps and quotes are broken by the
    reader's breaker (justified, every line but a paragraph's last flush
    right), sit on the body's baseline grid, and read back word for word."""
    from zinemaker.build import book_for, page_spec
    from zinemaker.content.deck import load_deck
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    deck = ROOT / "decks" / "social-spaces.yaml"
    (tmp_path / "decks" / "s.yaml").write_bytes(deck.read_bytes())
    path = tmp_path / "layouts" / "z.toml"
    path.write_text(
        '[zine]\ntitle = "Exercises"\n[[content]]\nkind = "exercises"\ndeck = "decks/s.yaml"\n'
        'categories = ["welcome"]\n',
        encoding="utf-8",
    )
    layout = load_layout(path)
    spec = page_spec(layout, "letter")
    pdf = typeset_reader(book_for(layout), spec, layout.root)
    pages = read_lines(pdf)
    body = [ln for page in pages for ln in page if abs(ln.size - spec.size) < 0.05]
    assert len(body) > 20
    top = spec.trim[1] + spec.bleed - spec.top
    residues = {round((top - ln.y) % spec.leading, 1) % round(spec.leading, 1) for ln in body}
    assert len(residues) == 1, f"body lines on one grid, not {residues}"
    right = {n: max(ln.right for ln in body if ln.page == n) for n in {ln.page for ln in body}}
    flush = [ln for ln in body if ln.right > right[ln.page] - 1.5]
    assert len(flush) > len(body) / 3, "justified: a step's lines but its last end flush right"
    text = " ".join(ln.text for page in pages for ln in page)
    text = re.sub(r"(\w)[-\x02] (\w)", r"\1\2", text)  # a hyphen the breaker added at a line end
    for card in load_deck(deck).cards:
        if card.category == "welcome":
            first_step = re.sub(r"^\s*\d+\.\s*", "", card.body.strip().splitlines()[0])
            words = " ".join(re.sub(r"[*_]", "", first_step).split()[:6])
            assert words in " ".join(text.split()), f"{card.title}: {words!r}"


def test_a_paragraph_with_no_good_breaks_has_no_holes_and_keeps_its_letters(tmp_path):
    """Names that may not be hyphenated and addresses with few breaks, on an
    A6 page: glyphs scale within 2%, letters space by 0.03 em at most, and
    a line that would still gape is set flush left; no justified line's
    word spaces pass 0.60 em, and the text reads back letter for letter."""
    import pypdfium2 as pdfium

    from zinemaker.build import book_for, page_spec
    from zinemaker.definitions.layout import load_layout
    from zinemaker.typeset.reader import typeset_reader

    names = (
        "The Northeastern Anarchist Bookfair Collective, the Montréal Anarchist Bookfair, Firestorm Books"
        " & Coffee in Asheville, North Carolina, Bluestockings Cooperative in Manhattan, Red Emma's"
        " Bookstore Coffeehouse in Baltimore, Maryland, and the Lucy Parsons Center in Boston, Massachusetts."
    )
    address = (
        "See https://theanarchistlibrary.org/library/cindy-milstein-organizing-social-spaces-as-if-social-relations"
        "-matter and https://www.example.org/a/very/long/path/to/somewhere/else for more, or write to"
        " collective@infoshop.example.org today."
    )
    (tmp_path / "layouts").mkdir()
    (tmp_path / "texts").mkdir()
    md = "---\ntitle: Holes\nlanguage: en\n---\n\n## One\n\n" + "\n\n".join([names, address, ESSAY_PARA] * 3) + "\n"
    (tmp_path / "texts" / "t.md").write_text(md, encoding="utf-8")
    path = tmp_path / "layouts" / "z.toml"
    path.write_text('[page]\nsize = "a6"\n[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\n', encoding="utf-8")
    layout = load_layout(path)
    spec = page_spec(layout, "a4")
    pdf = typeset_reader(book_for(layout), spec, layout.root)
    f = measure(pdf, spec.size, spec.leading, "One")
    assert f.justified > 20
    assert f.worst <= 0.60, f"{f.worst:.2f} em: {f.worst_line}"
    assert f.track_most <= 0.031 and f.track_least >= -0.011
    assert 0.979 <= f.scale_least and f.scale_most <= 1.021
    doc = pdfium.PdfDocument(pdf)
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))

    def flat(s: str) -> str:  # spaces, line-end hyphens and the text's curly quotes aside
        return re.sub(r"[\s\x02\u00ad\ufffe-]", "", s).replace("\u2019", "'")  # pdfium marks a line-end hyphen \ufffe

    for want in (names, address):
        assert flat(want) in flat(text)


def test_a_long_paragraph_follows_only_line_counts_near_its_best():
    """The breaker keeps nodes per line count, so a page can ask for a line
    more or fewer; for a paragraph of 3,000 words it follows only counts near
    the best (else their number, and the time, grow with the square of its
    length), and the best and its neighbours are what they would be anyway."""
    essay = ROOT / "texts" / "milstein-organizing-social-spaces.md"
    words = essay.read_text(encoding="utf-8").split("---", 2)[2].split()[:3000]
    fam = fonts.family("Charis SIL")

    def para() -> Para:
        return Para([Span(" ".join(words), fam.regular)], justify=True, hyphenate="en_US", shape=True, expand=0.02)

    got = lines.solve(para(), 10, 300)
    spread = lines.LINE_SPREAD
    try:
        lines.LINE_SPREAD = 10**6
        whole = lines.solve(para(), 10, 300)
    finally:
        lines.LINE_SPREAD = spread
    best = len(lines.best(whole).ends)
    assert len(lines.best(got).ends) == best
    assert len(got) <= 2 * spread + 3 < len(whole)
    near = [k for k in whole if abs(k - best) <= 2]
    assert len(near) >= 3
    for k in near:
        assert got[k].ends == whole[k].ends
