"""Saddle stitch, checked as a print shop would: as a plan, and as printed."""

from __future__ import annotations

import io

import pytest
from helpers import A5, impose_bytes, numbered_pdf, read_sheets
from pypdf import PdfReader

from zinemaker.impose import ImposeOptions
from zinemaker.impose.fold import Printed, fold_saddle, read_plan
from zinemaker.impose.options import Pages
from zinemaker.impose.schemes import saddle
from zinemaker.units import MM, PAPER

FLIPS = ("short-edge", "long-edge")


def plan(count: int, flip: str = "short-edge", **kw) -> object:
    return saddle.plan(Pages(count, *A5), ImposeOptions(PAPER["a4"], flip=flip, **kw))


def sides_of(p, sheet: int, side: str) -> list[int | None]:
    """Pages on a side, 1-based, left to right as printed."""
    items = sorted(p.side(sheet, side), key=lambda x: x.trim.x)
    return [x.page + 1 if x.page is not None else None for x in items]


def test_twelve_pages_sit_as_the_printing_table_says():
    p = plan(12)
    got = [(sides_of(p, s, "front"), sides_of(p, s, "back")) for s in range(3)]
    assert got == [([12, 1], [2, 11]), ([10, 3], [4, 9]), ([8, 5], [6, 7])]


def test_long_edge_backs_are_turned_and_swapped():
    p = plan(12, "long-edge")
    assert sides_of(p, 0, "back") == [11, 2]
    assert {x.rotation for x in p.side(0, "back")} == {180}
    assert {x.rotation for x in p.side(0, "front")} == {0}


def test_blanks_go_before_the_back_cover():
    seq = saddle.reading_sequence(10)
    assert seq == [0, 1, 2, 3, 4, 5, 6, 7, 8, None, None, 9]
    assert saddle.reading_sequence(1) == [0, None, None, None]


@pytest.mark.parametrize("flip", FLIPS)
@pytest.mark.parametrize("count", range(1, 65))
def test_plan_folds_into_reading_order(count: int, flip: str):
    seen = read_plan(plan(count, flip))
    assert [s.page for s in seen if s.page is not None] == list(range(count))
    assert all(s.rotation == 0 for s in seen if s.page is not None)
    if count > 1:
        assert seen[-1].page == count - 1, "the back cover is the last page"


@pytest.mark.parametrize("flip", FLIPS)
@pytest.mark.parametrize("count", range(1, 65))
def test_printed_pdf_folds_into_reading_order(count: int, flip: str):
    p, pdf = impose_bytes(numbered_pdf(count), "saddle", ImposeOptions(PAPER["a4"], flip=flip))
    printed = read_sheets(pdf)
    sheets = max(1, (count + 3) // 4)
    assert len(printed) == 2 * sheets
    # Each label sits at the centre of the slot the plan gave it.
    for x in p.placements:
        if x.page is None:
            continue
        got = [q for q in printed[(x.sheet, x.side)] if q.page == x.page]
        assert len(got) == 1
        cx, cy = x.trim.centre
        assert abs(got[0].x - cx) < 4 and abs(got[0].y - cy) < 4
        assert got[0].rotation == x.rotation
    seen = fold_saddle(printed, p.sheet_size, flip, [tuple(range(sheets))])
    assert [s.page for s in seen if s.page is not None] == list(range(count))
    assert all(s.rotation == 0 for s in seen if s.page is not None), "a page is upside down"


def test_fold_simulator_catches_a_back_printed_for_the_wrong_flip():
    """A long-edge sheet printed on a short-edge printer reads upside down."""
    p, pdf = impose_bytes(numbered_pdf(8), "saddle", ImposeOptions(PAPER["a4"], flip="long-edge"))
    printed = read_sheets(pdf)
    seen = fold_saddle(printed, p.sheet_size, "short-edge", [(0, 1)])
    assert [s.page for s in seen] != list(range(8)) or any(s.rotation for s in seen)


def test_fold_simulator_by_hand():
    """A sheet described by hand, independent of the planner."""
    w, h = PAPER["a4"][1], PAPER["a4"][0]
    left, right = w / 4, 3 * w / 4
    printed = {
        (0, "front"): [Printed(3, left, h / 2, 0), Printed(0, right, h / 2, 0)],
        (0, "back"): [Printed(1, left, h / 2, 0), Printed(2, right, h / 2, 0)],
    }
    seen = fold_saddle(printed, (w, h), "short-edge", [(0,)])
    assert [s.page for s in seen] == [0, 1, 2, 3]


@pytest.mark.parametrize("flip", FLIPS)
def test_creep_moves_inner_sheets_toward_the_spine(flip: str):
    caliper = 0.1 * MM
    p = plan(24, flip, creep=caliper)
    w = p.sheet_size[0]
    for x in p.placements:
        nominal_gap = 0.0  # pages meet at the spine when uncrept
        toward_spine = (w / 2 - x.trim.x1) if x.trim.centre[0] < w / 2 else (x.trim.x - w / 2)
        assert toward_spine == pytest.approx(nominal_gap - x.sheet * caliper, abs=1e-6)
    assert p.sheet_size == plan(24, flip).sheet_size


def test_creep_is_measured_in_the_printed_pdf():
    caliper = 0.2 * MM
    p, pdf = impose_bytes(numbered_pdf(16), "saddle", ImposeOptions(PAPER["a4"], creep=caliper))
    printed = read_sheets(pdf)
    _, pdf0 = impose_bytes(numbered_pdf(16), "saddle", ImposeOptions(PAPER["a4"]))
    printed0 = read_sheets(pdf0)
    w = p.sheet_size[0]
    for key, items in printed.items():
        for q in items:
            (q0,) = [r for r in printed0[key] if r.page == q.page]
            toward = (q.x - q0.x) if q0.x < w / 2 else (q0.x - q.x)
            assert toward == pytest.approx(key[0] * caliper, abs=0.05)
    assert PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width == pytest.approx(w)


def test_each_page_stored_once_and_print_scaling_off():
    _, pdf = impose_bytes(numbered_pdf(16), "saddle", ImposeOptions(PAPER["a4"]))
    out = PdfReader(io.BytesIO(pdf))
    forms = set()
    fonts = set()
    for page in out.pages:
        for _name, ref in page["/Resources"]["/XObject"].items():
            forms.add(ref.idnum)
            for f in ref.get_object()["/Resources"]["/Font"].values():
                fonts.add(f.idnum)
    assert len(forms) == 16
    assert len(fonts) == 2  # Helvetica-Bold and Helvetica, each once
    prefs = out.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"
    assert prefs["/Duplex"] == "/DuplexFlipShortEdge"


def test_pages_too_big_for_the_sheet_need_fit():
    from zinemaker.errors import ZinemakerError

    with pytest.raises(ZinemakerError, match="--fit"):
        saddle.plan(Pages(8, *PAPER["a4"]), ImposeOptions(PAPER["a4"]))
    p = saddle.plan(Pages(8, *PAPER["a4"]), ImposeOptions(PAPER["a4"], fit=True))
    assert p.placements[0].trim.w == pytest.approx(PAPER["a4"][1] / 2, rel=1e-3) or (
        p.placements[0].trim.h == pytest.approx(PAPER["a4"][0], rel=1e-3)
    )


def test_bleed_stops_at_the_spine_and_runs_out_at_the_edges():
    bleed = 3 * MM
    p = saddle.plan(Pages(8, 140 * MM, 200 * MM, bleed), ImposeOptions(PAPER["a4"]))
    left, right = p.side(0, "front")
    assert left.bleed.right == 0 and right.bleed.left == 0
    assert left.bleed.left == pytest.approx(bleed) and right.bleed.right == pytest.approx(bleed)
    assert left.bleed.top == pytest.approx(bleed)


def test_crop_and_fold_marks_lie_outside_the_trim():
    p = saddle.plan(Pages(8, 140 * MM, 200 * MM), ImposeOptions(PAPER["a4"]))
    area = [x.trim for x in p.side(0, "front")]
    x0, x1 = min(r.x for r in area), max(r.x1 for r in area)
    y0, y1 = min(r.y for r in area), max(r.y1 for r in area)
    kinds = {m.kind for m in p.marks}
    assert kinds == {"crop", "fold"}
    for m in p.marks:
        for x, y in ((m.x0, m.y0), (m.x1, m.y1)):
            inside = x0 < x < x1 and y0 < y < y1
            assert not inside, m
