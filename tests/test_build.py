"""zinemaker build on the default layout: the zine a volunteer would print."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from pypdf import PdfReader

from zinemaker.content.excerpt import select
from zinemaker.content.text import read_text
from zinemaker.impose.fold import Printed, fold_saddle
from zinemaker.units import PAPER

PAPERS = ("letter", "a4")
SECTIONS = ("Honest Failures", "Hands-On Openness", "Fiercely Anti-Retreating")


def words(s: str) -> list[str]:
    # PDFium reports a hyphen the typesetter added at a line end as U+FFFE.
    s = unicodedata.normalize("NFKC", s).replace("\u00ad", "")
    s = re.sub("\ufffe\\s*", "", s)
    return re.findall(r"[a-z0-9]+", s.lower())


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_writes_reader_and_print_pdfs_for_letter_and_a4(built_default):
    assert sorted(built_default) == sorted(f"social-spaces.{p}.{k}.pdf" for p in PAPERS for k in ("reader", "print"))


@pytest.mark.parametrize("paper", PAPERS)
def test_reader_pages_are_half_the_paper_with_trim_and_bleed_boxes(built_default, paper):
    reader = PdfReader(io.BytesIO(built_default[f"social-spaces.{paper}.reader.pdf"]))
    w, h = PAPER[paper]
    for page in reader.pages:
        assert float(page.trimbox.width) == pytest.approx(h / 2, abs=0.01)
        assert float(page.trimbox.height) == pytest.approx(w, abs=0.01)
        assert "/TrimBox" in page and "/BleedBox" in page


@pytest.mark.parametrize("paper", PAPERS)
def test_reader_text_runs_in_the_essays_order(built_default, paper, root):
    """Between the title page and the notes pages and colophon, the pages
    hold exactly the excerpt's letters, in order: nothing lost, doubled or
    shuffled (the passage the layout omits left out once)."""
    from zinemaker.build import book_for
    from zinemaker.definitions.layout import load_layout

    text = read_text(root / "texts" / "milstein-organizing-social-spaces.md")
    chosen = select(text, SECTIONS)
    layout = load_layout(root / "layouts" / "social-spaces.toml")
    kept = [b for part in book_for(layout).parts for b in getattr(part, "blocks", [])]
    want = letters(" ".join(b.plain for b in kept))
    passage = letters(layout.content[1].omit[0])
    everything = letters(" ".join(b.plain for b in chosen))
    core = letters(layout.content[1].omit[0].split(" ", 2)[2])  # the words after "This was"
    assert everything.count(core) == 2 and want.count(core) == 1, "the repeated passage is printed once"
    assert everything[::-1].replace(passage[::-1], "", 1)[::-1] == want, "and nothing else is left out"
    pages = page_texts(built_default[f"social-spaces.{paper}.reader.pdf"])
    heads = {layout.meta["title"], *SECTIONS}
    body = []
    for t in pages[2:-1]:  # after the cover and the title page; not the back cover
        if t.lstrip().startswith(("Notes", "\ufeffNotes")) or re.match(r"\A\s*\d+\s*Notes", t):
            continue  # a notes page (ruled lines to write on)
        t = re.sub(r"\A\s*\d+\s*\n", "", t)  # the folio, drawn first
        last = t.rstrip().rsplit("\n", 1)
        if len(last) == 2 and last[1].strip() in heads:
            t = last[0]  # the running head, drawn last
        body.append(t)
    got = letters("".join(body))
    assert len(want) > 10_000
    if got != want:
        at = next((i for i, (a, b) in enumerate(zip(got, want, strict=False)) if a != b), min(len(got), len(want)))
        pytest.fail(f"differs at letter {at}: {got[at - 40 : at + 40]!r} vs {want[at - 40 : at + 40]!r}")


def letters(s: str) -> str:
    """Only letters and digits: hyphens the typesetter added and line breaks
    vanish, so the comparison sees the words themselves."""
    s = unicodedata.normalize("NFKC", s).replace("\ufffe", "")
    return re.sub(r"[^a-z0-9]", "", s.lower())


@pytest.mark.parametrize("paper", PAPERS)
def test_fonts_are_embedded_and_subset(built_default, paper):
    reader = PdfReader(io.BytesIO(built_default[f"social-spaces.{paper}.reader.pdf"]))
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            desc = font.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in font:
                desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert desc is not None, f"{font['/BaseFont']} is not embedded"
            desc = desc.get_object()
            assert "/FontFile2" in desc, f"{font['/BaseFont']} is not embedded"
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "fonts are subset"
            seen.add(font["/BaseFont"].split("+")[1])
    assert any("CharisSIL" in s for s in seen) and any("OpenSans" in s for s in seen)


def _halves(pdf: bytes) -> list[dict[str, tuple[str, int]]]:
    """Each print page's left and right half: its text and its angle."""
    doc = pdfium.PdfDocument(pdf)
    out = []
    try:
        for i in range(len(doc)):
            page = doc[i]
            w, h = page.get_size()
            tp = page.get_textpage()
            sides = {}
            for name, (x0, x1) in {"left": (0, w / 2), "right": (w / 2, w)}.items():
                text = tp.get_text_bounded(x0, 0, x1, h)
                angles = {
                    round(pdfium_c.FPDFText_GetCharAngle(tp, k) * 180 / 3.14159265) % 360
                    for k in range(tp.count_chars())
                    if x0 <= tp.get_charbox(k)[0] < x1 and not chr(pdfium_c.FPDFText_GetUnicode(tp, k)).isspace()
                }
                assert len(angles) <= 1, "mixed angles on one page"
                sides[name] = (text, angles.pop() if angles else 0)
            out.append(sides)
    finally:
        doc.close()
    return out


@pytest.mark.parametrize("paper", PAPERS)
def test_printed_booklet_folds_into_the_reader_order(built_default, paper):
    """Print duplex, fold the stack, staple: the reader pages come in order."""
    reader_pages = [letters(t) for t in page_texts(built_default[f"social-spaces.{paper}.reader.pdf"])]
    printed_pdf = built_default[f"social-spaces.{paper}.print.pdf"]
    halves = _halves(printed_pdf)
    w, h = PAPER[paper][1], PAPER[paper][0]
    printed: dict = {}
    for i, sides in enumerate(halves):
        key = (i // 2, "front" if i % 2 == 0 else "back")
        items = []
        for name, (text, angle) in sides.items():
            ws = letters(text)
            if not ws:
                continue
            matches = [n for n, rp in enumerate(reader_pages) if rp == ws]
            assert len(matches) == 1, f"sheet side {key} {name}: text matches no single reader page"
            x = w / 4 if name == "left" else 3 * w / 4
            items.append(Printed(matches[0], x, h / 2, angle))
        printed[key] = items
    sheets = len(halves) // 2
    seen = fold_saddle(printed, (w, h), "short-edge", [tuple(range(sheets))])
    pages = [s.page for s in seen if s.page is not None]
    assert pages == list(range(len(reader_pages)))
    assert all(s.rotation == 0 for s in seen if s.page is not None)
    assert seen[-1].page == len(reader_pages) - 1, "the colophon stays on the back cover"


def test_same_inputs_give_identical_pdfs(built_default, root, tmp_path):
    from zinemaker.build import build

    again = {p.name: p.read_bytes() for p in build([root / "layouts" / "social-spaces.toml"], tmp_path)}
    assert again == built_default


def test_cover_and_colophon_carry_title_author_source_and_licence(built_default):
    texts = page_texts(built_default["social-spaces.a4.reader.pdf"])
    cover, colophon = words(texts[0]), " ".join(words(texts[-1]))
    assert words("Organizing Social Spaces as if Social Relations Matter")[0] in cover
    assert "milstein" in cover
    assert "anti copyright" in colophon
    assert "libcom org" in colophon
    assert "2014" in colophon
