"""Cards and zines that survive the photocopier: measured from the rendered
PDFs (pypdfium2), as a copier and a person cutting would meet them.

- the grey build tells every category's band apart, by lightness or pattern;
- every character on a card contrasts at least 4.5:1 with what is behind it;
- no card text is under 6 pt, and the facts line is 7 pt or more;
- a back printed 2 mm off its front shows nothing near the card's edge;
- cards get gutters where the sheet has room, so a cut 1 mm off is clean;
- the preflight reports each copier fault once, and the default builds are clean.
"""

from __future__ import annotations

import ctypes
import io
import math
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image, ImageChops, ImageStat
from reportlab.pdfgen import canvas

from zinemaker.build import build, card_art, impose_options
from zinemaker.content.deck import load_deck
from zinemaker.definitions.layout import load_layout
from zinemaker.impose import schemes
from zinemaker.impose.options import Pages
from zinemaker.preflight import preflight
from zinemaker.units import MM

ROOT = Path(__file__).resolve().parents[1]
CARDS = ROOT / "layouts" / "social-spaces-cards.toml"
DPI = 150


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    """The default card layout, in colour and as the grey build, and the zine."""
    out = tmp_path_factory.mktemp("out")
    files = {p.name: p.read_bytes() for p in build([CARDS, ROOT / "layouts" / "social-spaces.toml"], out)}
    grey = tmp_path_factory.mktemp("grey")
    files |= {p.name: p.read_bytes() for p in build([CARDS], grey, grey={"on": True})}
    return files


def lstar(v: float) -> float:
    """CIE L* of a grey pixel value 0..255."""
    c = v / 255
    y = c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def render(pdf: bytes, index: int, dpi: int = DPI) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    return doc[index].render(scale=dpi / 72).to_pil().convert("L")


def mm(v: float, dpi: int = DPI) -> int:
    return round(v / 25.4 * dpi)


# ------------------------------------------------------------------ the bands


def band_of(faces: bytes, page: int) -> Image.Image:
    """A front's category band, right of its tab, inside the trim."""
    img = render(faces, page)
    # Faces are 69.5 x 94.9 mm: the trim starts 3 mm in; the band is its top 11 mm.
    return img.crop((mm(44), mm(4.5), mm(64.5), mm(12.5)))


def test_every_pair_of_category_bands_differs_in_the_grey_build(built):
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    faces = built["social-spaces-cards.faces.grey.pdf"]
    # Faces come front, back, front, back: the how-to and legend cards first.
    first = {}
    for i, card in enumerate(deck.expanded()):
        first.setdefault(card.category, 2 * (i + 2))
    bands = {cat: band_of(faces, page) for cat, page in first.items()}
    assert len(bands) == len(deck.categories) == 7
    pitch = mm(2.4)
    cats = sorted(bands)
    for i, a in enumerate(cats):
        for b in cats[i + 1 :]:
            la, lb = (lstar(ImageStat.Stat(bands[x]).mean[0]) for x in (a, b))
            if abs(la - lb) >= 20:
                continue
            # Same-ish grey: the patterns must differ, however one is shifted over the other.
            big = bands[b]
            w, h = big.width - pitch, big.height - pitch
            wa = bands[a].crop((0, 0, w, h))
            least = min(
                ImageStat.Stat(ImageChops.difference(wa, big.crop((dx, dy, dx + w, dy + h)))).mean[0] / 255
                for dx in range(pitch)
                for dy in range(pitch)
            )
            assert least > 0.12, f"{a} and {b}: L* {la:.0f} and {lb:.0f}, and their patterns look alike ({least:.2f})"


def test_the_grey_build_restyles_the_bands_rather_than_draining_them(built):
    """Desaturated, two bands were 8 L* apart; restyled, their greys spread
    over the ladder, each at least 8 L* from the next and 50 L* end to end."""
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    faces = built["social-spaces-cards.faces.grey.pdf"]
    pages = {}
    for i, card in enumerate(deck.expanded()):
        pages.setdefault(card.category, 2 * (i + 2))
    # The band's own grey: its lightest-or-darkest mode under the pattern.
    greys = sorted(lstar(band_of(faces, p).histogram().index(max(band_of(faces, p).histogram()))) for p in pages.values())
    assert greys[-1] - greys[0] >= 50
    assert min(b - a for a, b in zip(greys, greys[1:], strict=False)) >= 7


# -------------------------------------------------------------- text on cards


def chars(pdf: bytes, index: int):  # noqa: ANN201
    """Every printed character of a page: (char, size, grey 0..255, box)."""
    doc = pdfium.PdfDocument(pdf)
    tp = doc[index].get_textpage()
    text = tp.get_text_range()
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    out = []
    for i, ch in enumerate(text):
        if not ch.strip():
            continue
        pdfium_c.FPDFText_GetFillColor(tp, i, r, g, b, a)
        out.append((ch, pdfium_c.FPDFText_GetFontSize(tp, i), (r.value + g.value + b.value) / 3, tp.get_charbox(i)))
    return text, out


def test_every_character_on_the_grey_cards_contrasts_at_least_4_5_to_1(built):
    faces = built["social-spaces-cards.faces.grey.pdf"]
    doc = pdfium.PdfDocument(faces)
    scale = DPI / 72
    worst = (99.0, "")
    # Every front, and the back (the same behind every card).
    for page in [*range(0, len(doc), 2), 1]:
        img = render(faces, page)
        _, found = chars(faces, page)
        h = img.height
        for ch, _, ink, (left, bottom, right, top) in found:
            # What is behind the character: the ring of pixels just outside its box.
            x0, x1 = int(left * scale) - 2, int(right * scale) + 2
            y0, y1 = int(h - top * scale) - 2, int(h - bottom * scale) + 2
            ring = [img.getpixel((x, y)) for x in range(x0, x1) for y in (y0, y1) if 0 <= x < img.width]
            ring += [img.getpixel((x, y)) for y in range(y0, y1) for x in (x0, x1) if 0 <= y < h]
            back = max(set(ring), key=ring.count)

            def rel(v: float) -> float:
                c = v / 255
                return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

            hi, lo = sorted((rel(back), rel(ink)), reverse=True)
            ratio = (hi + 0.05) / (lo + 0.05)
            worst = min(worst, (ratio, f"page {page + 1} {ch!r}"))
    assert worst[0] >= 4.5, worst


def test_no_card_text_is_under_6pt_and_the_facts_are_7pt_or_more(built):
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    faces = built["social-spaces-cards.faces.grey.pdf"]
    doc = pdfium.PdfDocument(faces)
    smallest = min(size for page in range(len(doc)) for _, size, _, _ in chars(faces, page)[1])
    assert smallest >= 6.0
    for i, card in enumerate(deck.expanded()):
        text, found = chars(faces, 2 * (i + 2))
        flat = "".join(ch for ch, *_ in found)
        for fact in (card.time, card.group, card.materials):
            at = flat.find(fact.replace(" ", ""))
            assert at >= 0, (card.id, fact)
            sizes = {round(size, 2) for _, size, _, _ in found[at : at + len(fact.replace(" ", ""))]}
            assert min(sizes) >= 7.0, (card.id, fact, sizes)


def test_one_body_size_for_the_deck_and_only_the_outliers_fitted_down():
    layout = load_layout(CARDS)
    _, art = card_art(layout)
    sizes = [art.sizes[c.id] for c in art.deck.cards]
    common = max(set(sizes), key=sizes.count)
    assert common == art.body_size and sizes.count(common) >= 0.85 * len(sizes)
    down = [c.id for c in art.deck.cards if art.sizes[c.id] < common]
    assert all(repr(cid) in " ".join(art.notes) for cid in down), "the build names each card fitted down"


def test_quotes_inside_quotes_alternate_and_attributions_stay_on_one_line(built):
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    faces = built["social-spaces-cards.faces.pdf"]
    doc = pdfium.PdfDocument(faces)
    nested = 0
    for i, card in enumerate(deck.expanded()):
        text = doc[2 * (i + 2)].get_textpage().get_text_range()
        dash = text.index("\u2015")
        quote = text[text.rindex("\u201c", 0, dash) : dash]
        # One pair of double quotes around it; any quotation inside in single ones.
        assert '"' not in quote and quote.count("\u201d") == 1 and quote.rstrip().endswith("\u201d"), (card.id, quote)
        nested += "\u2018" in quote
        line = text[dash:].splitlines()[0]
        # (pdfium reads a hyphen as U+FFFE)
        assert line.replace("\u00a0", " ").replace("\ufffe", "-") == f"\u2015 {card.section}", (card.id, line)
    assert nested >= 4, "the essay's own quotations, inside the cards' quotes"


def test_numbers_count_exercises_and_copies_say_so(built):
    deck = load_deck(ROOT / "decks" / "social-spaces.yaml")
    faces = built["social-spaces-cards.faces.pdf"]
    doc = pdfium.PdfDocument(faces)
    n = len(deck.cards)
    texts = [doc[2 * (i + 2)].get_textpage().get_text_range() for i in range(len(deck.expanded()))]
    numbers = [t for t in texts if f" / {n}" in t]
    assert len(numbers) == len(texts)
    twice = [c for c in deck.cards if c.qty > 1]
    assert twice, "the deck prints some cards twice"
    for card in twice:
        mine = [t for t in texts if card.title in t]
        assert [f"copy {k} of {card.qty}" in t for k, t in enumerate(mine, start=1)] == [True] * card.qty


# ------------------------------------------------------------------- the backs


def test_a_back_printed_2mm_off_shows_nothing_near_the_cards_edges(tmp_path):
    out = tmp_path / "out"
    build([CARDS], out, output={"back_offset": (2 * MM, 2 * MM)})
    layout = load_layout(CARDS)
    _, art = card_art(layout)
    from dataclasses import replace

    opts = replace(impose_options(layout, "a4"), backs="single")
    plan = schemes.plan("cards", Pages(art.pages, *art.spec.trim, art.spec.bleed), opts)
    pdf = (out / "social-spaces-cards.a4.print.pdf").read_bytes()
    img = render(pdf, 1, 100)
    s = 100 / 72
    h = img.height
    checked = 0
    for p in plan.side(0, "back"):
        t = p.trim
        # The card's edge, 4 mm in from the trim: 6 mm kept clear, less the
        # 2 mm the back is off. (The crop marks, moved with the back, stay outside.)
        outer = (t.x, t.y, t.x1, t.y1)
        inner = (t.x + 4 * MM, t.y + 4 * MM, t.x1 - 4 * MM, t.y1 - 4 * MM)
        for x in range(int(outer[0] * s) + 1, int(outer[2] * s) - 1):
            for y in range(int(outer[1] * s) + 1, int(outer[3] * s) - 1):
                px, py = x / s, y / s
                if inner[0] < px < inner[2] and inner[1] < py < inner[3]:
                    continue
                assert img.getpixel((x, h - y)) > 245, f"ink {px / MM:.1f}, {py / MM:.1f} mm near a back's edge"
                checked += 1
    assert checked > 5000


# ------------------------------------------------------------------- gutters


@pytest.mark.parametrize("paper, margin, room", [("letter", None, True), ("a4", 3, True), ("a4", None, False)])
def test_card_sheets_leave_gutters_where_there_is_room(paper, margin, room):
    """Where the sheet has room between rows, each card keeps its own bleed
    there (at least 1 mm), so a cut 1 mm off still leaves a clean edge; but
    never at the cost of a crop mark. A4 inside the layout's 5 mm margin
    has 30 mm to spare down the sheet, of which the slug's strip and the
    column marks beside it take 26.5 mm at the top and bottom: its rows stay
    butted, every cut line marked (test_schemes checks the marks)."""
    layout = load_layout(CARDS)
    _, art = card_art(layout)
    from dataclasses import replace

    opts = replace(impose_options(layout, paper), backs="single")
    if margin is not None:
        opts = replace(opts, margin=margin * MM)
    plan = schemes.plan("cards", Pages(art.pages, *art.spec.trim, art.spec.bleed), opts)
    fronts = plan.side(0, "front")
    ys = sorted({round(p.trim.y, 2) for p in fronts})
    rows = [[p for p in fronts if round(p.trim.y, 2) == y] for y in ys]
    assert len(rows) >= 2
    gap = ys[1] - (ys[0] + rows[0][0].trim.h)
    crops = [m for m in plan.marks if m.sheet == 0 and m.side == "front" and m.kind == "crop"]
    for x in {round(v, 3) for p in fronts for v in (p.trim.x, p.trim.x1)}:
        assert sum(1 for m in crops if m.x0 == m.x1 and abs(m.x0 - x) < 1e-3) == 2, x / MM
    if not room:
        assert gap == pytest.approx(0, abs=1e-6)
        return
    assert gap >= 2 * MM - 0.02  # trims read to 0.01 pt
    for p in fronts:
        edges = [p.bleed.top] if p in rows[0] else [p.bleed.bottom] if p in rows[-1] else [p.bleed.top, p.bleed.bottom]
        assert min(edges) >= 1 * MM - 1e-6


# ----------------------------------------------------------------- preflight


def faulty_pdf() -> bytes:
    """One page with each copier fault once, and nothing else wrong."""
    buf = io.BytesIO()
    w, h = 148 * MM, 210 * MM
    c = canvas.Canvas(buf, pagesize=(w, h), invariant=1)
    c.setTrimBox((0, 0, w, h))
    c.setLineWidth(0.1)
    c.line(20 * MM, 180 * MM, 60 * MM, 180 * MM)  # a hairline
    c.setLineWidth(1)
    c.setFillGray(0.92)
    c.rect(20 * MM, 150 * MM, 30 * MM, 20 * MM, stroke=0, fill=1)  # an 8% tint
    c.setFillColorRGB(0xD1 / 255, 0x48 / 255, 0x7A / 255)
    c.rect(20 * MM, 120 * MM, 20 * MM, 20 * MM, stroke=0, fill=1)  # rose and green: the same grey
    c.setFillColorRGB(0x5F / 255, 0xA0 / 255, 0x4E / 255)
    c.rect(45 * MM, 120 * MM, 20 * MM, 20 * MM, stroke=0, fill=1)
    c.setFillGray(0)
    c.setFont("Helvetica", 5)
    c.drawString(20 * MM, 100 * MM, "tiny words")
    c.setFont("Helvetica", 9)
    c.drawString(1 * MM, 60 * MM, "at the edge")
    img = Image.new("L", (60, 60), 90)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(img), 20 * MM, 20 * MM, 50 * MM, 50 * MM)  # 30 dpi
    c.showPage()
    c.save()
    return buf.getvalue()


def test_preflight_reports_each_fault_once_with_page_and_place():
    found = preflight(faulty_pdf())
    kinds = sorted(f.kind for f in found)
    assert kinds == sorted(["thin line", "light tint", "same grey", "small text", "text near trim", "low-res image"])
    by = {f.kind: f for f in found}
    assert all(f.page == 1 for f in found)
    assert by["thin line"].x == pytest.approx(20 * MM, abs=1) and by["thin line"].y == pytest.approx(30 * MM, abs=1)
    assert "0.10 pt" in by["thin line"].message
    assert "8%" in by["light tint"].message
    assert "#d1487a" in by["same grey"].message and "#5fa04e" in by["same grey"].message
    assert "5.0 pt" in by["small text"].message
    assert "1.0 mm from the trim" in by["text near trim"].message
    assert "30 dpi" in by["low-res image"].message
    assert str(by["small text"]).startswith("page 1, 20 mm from the left, 110 mm from the top:")


def test_check_runs_the_preflight_on_any_pdf(tmp_path):
    from click.testing import CliRunner

    from zinemaker.cli import main

    (tmp_path / "flyer.pdf").write_bytes(faulty_pdf())
    result = CliRunner().invoke(main, ["check", str(tmp_path / "flyer.pdf")])
    assert result.exit_code != 0
    problems = [ln for ln in result.output.splitlines() if ln.startswith("zinemaker: problem:")]
    assert len(problems) == 6 and all("flyer.pdf: page 1," in ln for ln in problems)
    (tmp_path / "clean.pdf").write_bytes(pdfium_clean())
    result = CliRunner().invoke(main, ["check", str(tmp_path / "clean.pdf")])
    assert result.exit_code == 0, result.output


def pdfium_clean() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(148 * MM, 210 * MM), invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(20 * MM, 100 * MM, "plain words, black on white")
    c.setLineWidth(0.5)
    c.line(20 * MM, 90 * MM, 80 * MM, 90 * MM)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_the_default_builds_pass_the_preflight(built):
    for name, data in built.items():
        if name.endswith(".pdf"):
            assert [str(f) for f in preflight(data)] == [], name


def test_lightness_sanity():
    assert lstar(255) == pytest.approx(100, abs=0.1) and lstar(0) == 0
    assert math.isclose(lstar(119), 50, abs_tol=1)
