"""The instructions a person reads are the recipe the simulator runs.

Every scheme is imposed to PDF, the files are "printed" as a printer and a
person would print them (manual duplex: the fronts file, the stack turned
over, the backs file), the instruction sheet is set aside as its steps say,
and the paper is folded by the very steps the instruction sheet words. The
reader must meet every page in order, upright and unmirrored.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from helpers import _labels, numbered_pdf
from hypothesis import given, settings
from hypothesis import strategies as st

from zinemaker.impose import ImposeOptions, impose, open_pdf, schemes
from zinemaker.impose.fold import read, read_plan
from zinemaker.impose.instructions import steps, words
from zinemaker.impose.options import Pages
from zinemaker.labels import labels
from zinemaker.units import MM, PAPER

BOOKS = [r.name for r in schemes.records() if r.reading != "cards"]


def page_size(name: str, fold: str, bind: str, paper: str = "a4") -> tuple[float, float]:
    """A page that fits the scheme at 100%: half the sheet, or a quarter."""
    pw, ph = PAPER[paper]
    if name in ("cutstack", "copies", "nup") or fold == "quarto":
        size = (pw / 2 - 12 * MM, ph / 2 - 12 * MM) if name != "nup" else (pw / 2, ph / 2)
    elif name in ("mini8", "mini16"):
        size = (ph / 4, pw / 2)
    else:
        size = (ph / 2, pw)
    return size[::-1] if bind == "top" and name not in ("mini8", "mini16") else size


def assert_reads_in_order(seen, count: int) -> None:
    pages = [s.page for s in seen if s.page is not None]
    assert pages == list(range(count)), f"reader meets {pages[:24]}"
    wrong = [s for s in seen if s.page is not None and not s.upright]
    assert not wrong, f"upside down or mirrored: {wrong[:4]}"


def _text(pdf: bytes, i: int) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[i].get_textpage().get_text_range()
    finally:
        doc.close()


def print_files(done, sides: int) -> list[tuple[bytes, int] | None]:
    """The sheets that come out of the printer, each as the (file, page) of
    its front and of its back: for a manual duplex, page k of the fronts
    file and, the stack turned over and fed again, page k of the backs file."""
    files = done.files
    if "fronts" in files:
        nf = len(pdfium.PdfDocument(files["fronts"].data))
        nb = len(pdfium.PdfDocument(files["backs"].data))
        assert nf == nb, f"the fronts file has {nf} pages, the backs file {nb}: backs would land on the wrong sheets"
        return [((files["fronts"].data, k), (files["backs"].data, k)) for k in range(nf)]
    pdf = files["sheets"].data
    n = len(pdfium.PdfDocument(pdf))
    if sides == 1:
        return [((pdf, k), None) for k in range(n)]
    assert n % 2 == 0
    return [((pdf, 2 * k), (pdf, 2 * k + 1)) for k in range(n // 2)]


def paper(done, sides: int, instructions: bool) -> dict:
    """What each sheet carries, read back from the files; the instruction
    sheet (first out of the printer) set aside, as the steps say."""
    sheets = print_files(done, sides)
    if instructions:
        (front, back), sheets = sheets[0], sheets[1:]
        assert "How to print" in _text(*front)
        if back is not None:
            assert _text(*back).strip() == "", "the instruction sheet's back is blank"
        assert any("set it aside" in w for w in done.steps())
    out = {}
    docs = {}
    for k, (front, back) in enumerate(sheets):
        for side, where in (("front", front), ("back", back)):
            if where is None:
                continue
            pdf, i = where
            doc = docs.setdefault(id(pdf), pdfium.PdfDocument(pdf))
            out[(k, side)] = _labels(doc[i])
    return out


@settings(max_examples=70, deadline=None)
@given(name=st.sampled_from(BOOKS), count=st.integers(1, 40), data=st.data())
def test_printed_files_folded_by_their_printed_steps_read_in_order(name, count, data):
    rec = schemes.get(name)
    flip = data.draw(st.sampled_from(rec.flips), "flip") if rec.sides == 2 else "short-edge"
    bind = data.draw(st.sampled_from(rec.binds), "bind")
    fold = data.draw(st.sampled_from(rec.folds if bind == "left" else ("folio",)), "fold")
    signature = data.draw(st.integers(0, 8), "signature") if rec.signature and fold == "folio" else 0
    instructions = data.draw(st.booleans(), "instructions")
    opts = ImposeOptions(PAPER["a4"], flip=flip, bind=bind, fold=fold, signature=signature)
    pdf = numbered_pdf(count, page_size(name, fold, bind))
    done = impose(open_pdf(pdf), name, opts, "Job", labels=labels(), instructions=instructions)
    printed = paper(done, rec.sides, instructions)
    assert len(printed) == done.plan.sheet_count * rec.sides
    assert_reads_in_order(read(printed, done.plan), count)


@settings(max_examples=150, deadline=None)
@given(count=st.integers(1, 120), signature=st.integers(1, 8), data=st.data())
def test_signatures_of_one_to_eight_sheets_fold_section_by_section(count, signature, data):
    name = data.draw(st.sampled_from(["saddle", "perfect"]))
    bind = data.draw(st.sampled_from(["left", "right", "top"]))
    flip = data.draw(st.sampled_from(["short-edge", "long-edge", "manual"]))
    opts = ImposeOptions(PAPER["a4"], flip=flip, bind=bind, signature=signature)
    plan = schemes.plan(name, Pages(count, *page_size(name, "folio", bind)), opts)
    assert_reads_in_order(read_plan(plan), count)
    said = " ".join(words(plan))
    if len(plan.groups) > 1:
        assert "Fold each section" in said and "whole stack" not in said
        assert all(len(g) <= signature for g in plan.groups)


MARK_WORDS = ("crop mark", "fold mark", "marked line", "cut line", "collation", "staircase")


@pytest.mark.parametrize("name", [r.name for r in schemes.records()])
def test_steps_name_only_the_marks_that_are_printed(name):
    rec = schemes.get(name)
    size = (63.5 * MM, 88.9 * MM) if rec.cards else page_size(name, "folio", "left")
    count = 18 if rec.cards else 16
    for marks in (frozenset(), frozenset({"crop"}), frozenset({"fold"}), frozenset({"crop", "fold", "collation"})):
        opts = ImposeOptions(PAPER["a4"], marks=marks, backs="single" if rec.cards else "alternate")
        plan = schemes.plan(name, Pages(count, *size), opts)
        said = " ".join(words(plan, instructions=True)).lower()
        kinds = {m.kind for m in plan.marks if not (rec.name == "gutterfold" and m.kind == "fold")}
        for phrase, kind in (("crop mark", "crop"), ("fold mark", "fold"), ("collation", "collation")):
            if phrase in said:
                assert kind in kinds, f"{name} with marks {sorted(marks)} says {phrase!r}, which is not printed"
        if not marks:
            assert not any(w in said for w in MARK_WORDS if w not in ("marked line",) or name != "mini8")


def test_the_instruction_sheet_prints_the_steps_the_simulator_does():
    done = impose(
        open_pdf(numbered_pdf(20, page_size("saddle", "folio", "left"))),
        "saddle",
        ImposeOptions(PAPER["a4"], signature=2),
        "Job",
        labels=labels(),
        instructions=True,
    )
    sheet = " ".join(_text(done.files["sheets"].data, 0).split())
    for line in done.steps():
        assert " ".join(line.split()) in sheet.replace("\r", " "), line
    assert [type(s).__name__ for s in steps(done.plan, True)][:1] == ["SetAside"]


@pytest.mark.parametrize("n", [1, 2])
def test_copies_words_agree_with_the_count(n):
    sheet = PAPER["a4"]
    cell = (sheet[0] / 2 - 10 * MM, sheet[1] / 2 - 10 * MM) if n == 2 else (sheet[0] - 30 * MM, sheet[1] / 2 + 40 * MM)
    plan = schemes.plan("copies", Pages(8, cell[0] / 2, cell[1]), ImposeOptions(sheet, marks=frozenset()))
    said = " ".join(words(plan))
    assert "1 copies" not in said and "1 piles" not in said


@pytest.mark.parametrize("text", ["Fold & staple", "<b>not bold</b>", "a > b < c && d", "'quoted' \"twice\"", "plain"])
def test_the_instruction_sheets_words_are_escaped_as_html_escapes_them(text):
    """A title like "Tools & <Tactics>" prints as written, not as markup."""
    import html

    from zinemaker.impose.instructions import escape

    assert escape(text) == html.escape(text, quote=False)
