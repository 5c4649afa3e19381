"""A cover on its own stock: the saddle's outer sheet as a file of its own,
folded back together with the insides by the simulator."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from helpers import A5, numbered_pdf, read_sheets, zine_layout
from pypdf import PdfReader

from zinemaker.errors import ZinemakerError
from zinemaker.impose import impose, open_pdf
from zinemaker.impose.fold import read
from zinemaker.impose.options import ImposeOptions
from zinemaker.units import MM, PAPER

CALIPER = 0.3 * MM
CREEP = 0.1 * MM


def _impose(count: int = 16, flip: str = "short-edge", **kw):  # noqa: ANN003
    opts = ImposeOptions(PAPER["a4"], flip=flip, cover=True, cover_caliper=CALIPER, creep=CREEP, **kw)
    return impose(open_pdf(numbered_pdf(count, A5)), "saddle", opts)


def _printed(done, role: str, sheets: list[int], sides: tuple[str, ...] = ("front", "back")) -> dict:
    """The sides a file prints, keyed by the whole plan's sheet and side."""
    got = read_sheets(done.files[role].data, len(sides))
    keys = [(s, side) for s in sheets for side in sides]
    return {key: got[(i // len(sides), sides[i % len(sides)])] for i, key in enumerate(keys)}


@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
@pytest.mark.parametrize("count", [16, 13, 8])
def test_cover_and_insides_fold_into_the_booklet(flip, count):
    """Print the cover file and the insides file, wrap the cover round the
    insides and fold: the reader meets every page in order, upright; the
    cover's four pages are outside front, inside front, inside back,
    outside back."""
    done = _impose(count, flip)
    plan = done.plan
    assert set(done.files) == {"sheets", "cover"}
    cover = _printed(done, "cover", [0])
    insides = _printed(done, "sheets", list(range(1, plan.sheet_count)))
    assert len(PdfReader(io.BytesIO(done.files["cover"].data)).pages) == 2
    assert len(PdfReader(io.BytesIO(done.files["sheets"].data)).pages) == 2 * (plan.sheet_count - 1)
    seen = read({**cover, **insides}, plan)
    pages = [s.page for s in seen if s.page is not None]
    assert pages == list(range(count)) and all(s.upright for s in seen if s.page is not None)
    # The cover: outside front (page 1) and outside back (the last page) on
    # its front, inside front (page 2) and inside back behind them.
    padded = len(seen)
    assert sorted(p.page for p in cover[(0, "front")]) == sorted([0, count - 1])
    inside = sorted(p.page for p in cover[(0, "back")])
    assert inside == sorted([1, count - 2] if padded == count else [1]), "page 2 inside the front cover"
    # The insides read on from the cover: the first inside sheet starts at page 3.
    assert min(p.page for p in insides[(1, "front")] + insides[(1, "back")]) == 2


def test_creep_counts_the_cover():
    """Each inside sheet k moves toward the spine by the cover's caliper
    plus the paper of the k - 1 inside sheets outside it, read from the
    printed labels; the cover itself does not move."""
    done = _impose(16)
    cover = _printed(done, "cover", [0])
    insides = _printed(done, "sheets", [1, 2, 3])
    plain = impose(open_pdf(numbered_pdf(16, A5)), "saddle", ImposeOptions(PAPER["a4"]))
    still = read_sheets(plain.files["sheets"].data)
    x = {(p.page): p.x for key, ps in still.items() if key[1] == "front" for p in ps}
    assert {p.page: p.x for p in cover[(0, "front")]} == pytest.approx({0: x[0], 15: x[15]}, abs=0.01)
    for k in (1, 2, 3):
        shift = CALIPER + (k - 1) * CREEP
        got = {p.page: p.x for p in insides[(k, "front")]}
        # The right-hand page moves left, the left-hand page right, by the shift.
        assert x[2 * k] - got[2 * k] == pytest.approx(shift, abs=0.01)
        assert got[15 - 2 * k] - x[15 - 2 * k] == pytest.approx(shift, abs=0.01)


def test_a_manual_duplex_has_cover_fronts_and_backs():
    done = _impose(16, "manual")
    assert set(done.files) == {"fronts", "backs", "cover.fronts", "cover.backs"}
    assert done.files["cover.fronts"].name("z.a4") == "z.a4.cover.fronts.pdf"


def test_a_cover_is_for_one_saddle_booklet():
    with pytest.raises(ZinemakerError, match="saddle scheme, not perfect"):
        impose(open_pdf(numbered_pdf(16, A5)), "perfect", ImposeOptions(PAPER["a4"], cover=True, cover_caliper=CALIPER))
    with pytest.raises(ZinemakerError, match="leave out signature"):
        _impose(32, signature=2)
    with pytest.raises(ZinemakerError, match="more than 4 pages"):
        _impose(4)


LAYOUT = zine_layout("Cover Zine") + "{cover}\n"


def test_the_build_writes_the_cover_and_leaves_the_reader_as_it_was(project):
    def build(cover: str) -> dict[str, bytes]:
        (project / "layouts" / "c.toml").write_text(LAYOUT.format(cover=cover), encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "zinemaker", "build", "-q"], cwd=project, capture_output=True, text=True, timeout=300
        )
        assert proc.returncode == 0, proc.stderr
        files = {p.name: p.read_bytes() for p in (project / "out").iterdir()}
        for p in (project / "out").iterdir():
            p.unlink()
        return files

    plain = build("")
    covered = build('[cover]\nstock = "250 gsm card"\ncaliper = "0.3mm"')
    assert sorted(covered) == ["c.a4.cover.pdf", "c.a4.print.pdf", "c.a4.reader.pdf"]
    assert covered["c.a4.reader.pdf"] == plain["c.a4.reader.pdf"], "the reader PDF is unchanged"
    sheets = len(PdfReader(io.BytesIO(plain["c.a4.print.pdf"])).pages)
    assert len(PdfReader(io.BytesIO(covered["c.a4.print.pdf"])).pages) == sheets - 2
    (project / "layouts" / "c.toml").write_text(LAYOUT.format(cover='[cover]\nstock = "card"'), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "zinemaker", "build"], cwd=project, capture_output=True, text=True)
    assert proc.returncode == 1 and "cover.caliper" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(("inside", "title"), [(14, False), (198, True)])
def test_the_wrap_spine_is_as_thick_as_the_book(inside, title):
    """Perfect binding: the wrap's spine, measured between the two covers'
    clips in the PDF, is ceil(pages / 2) x paper caliper + 2 x cover
    caliper, to 0.1 mm; the back cover left of it, the front right; the
    title runs down the spine only when it is wide enough to read."""
    import re as _re

    import pypdfium2 as pdfium

    from zinemaker.impose.wrap import spine_width, wrap_pdf, wrap_plan
    from zinemaker.typeset import fonts

    spine = spine_width(inside, 0.1 * MM, CALIPER)
    assert spine / MM == pytest.approx((inside + 1) // 2 * 0.1 + 0.6, abs=1e-9)
    plan = wrap_plan(A5, spine, PAPER["a3"])
    reader = open_pdf(numbered_pdf(2, A5))
    pdf = wrap_pdf([reader.pages[1], reader.pages[0]], plan, "A Thick Book", fonts.family("Open Sans").bold)
    content = PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data().decode("latin-1")
    clips = sorted(tuple(map(float, m)) for m in _re.findall(r"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re W n", content))
    (bx, _, bw, _), (fx, _, _, _) = clips
    assert (fx - (bx + bw)) / MM == pytest.approx(spine / MM, abs=0.1)
    labels = read_sheets(pdf, 1)[(0, "front")]
    assert sorted(labels, key=lambda p: p.x)[0].page == 1 and sorted(labels, key=lambda p: p.x)[1].page == 0
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert ("A Thick Book" in text) == title
    with pytest.raises(ZinemakerError, match="cover.paper"):
        wrap_plan(A5, spine, PAPER["a4"])
