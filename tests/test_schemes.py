"""Every imposition scheme, folded by the simulator: as plans over many page
counts (property tests), and as printed PDFs read back with PDFium."""

from __future__ import annotations

import io

import pytest
from helpers import impose_bytes, impose_drawn_bytes, numbered_pdf, read_sheets
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from zinemaker.errors import ZinemakerError
from zinemaker.impose import schemes
from zinemaker.impose.fold import card_backs, printed_from_plan, read, read_plan
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.units import MM, PAPER

A5 = (148 * MM, 210 * MM)
A6 = (105 * MM, 148 * MM)
POKER = (63.5 * MM, 88.9 * MM)
BOOKS = {
    "quarto": A6,
    "saddle": A5,
    "perfect": A5,
    "mini8": A5,
    "mini16": A5,
    "cutstack": A6,
    "copies": A6,
    "nup": A6,
}
FLIPS = ("short-edge", "long-edge", "manual")
#: The spines each scheme binds at, from its record (quarto: left only).
BINDS = {name: ("left",) if name == "quarto" else schemes.get(name).binds for name in BOOKS}


def assert_reads_in_order(seen, count: int) -> None:
    pages = [s.page for s in seen if s.page is not None]
    assert pages == list(range(count)), f"reader meets {pages[:24]}"
    wrong = [s for s in seen if s.page is not None and not s.upright]
    assert not wrong, f"upside down or mirrored: {wrong[:4]}"


def page_for(scheme: str, paper: str) -> tuple[float, float]:
    """A page that fits the scheme on this paper at 100%: half or a quarter of it."""
    pw, ph = PAPER[paper]
    if BOOKS[scheme] == A6:
        return (pw / 2, ph / 2)
    return (ph / 2, pw)


def book_plan(scheme: str, count: int, flip: str, bind: str = "left", paper: str = "a4"):
    w, h = page_for(scheme, paper)
    size = (h, w) if bind == "top" else (w, h)  # a top-bound book has landscape pages
    return schemes.plan(*_scheme(scheme), Pages(count, *size), _opts(scheme, PAPER[paper], flip=flip, bind=bind))


def _scheme(name: str) -> tuple[str]:
    """quarto is the perfect scheme with --fold quarto."""
    return ("perfect",) if name == "quarto" else (name,)


def _opts(name: str, sheet, **kw) -> ImposeOptions:  # noqa: ANN001
    return ImposeOptions(sheet, fold="quarto" if name == "quarto" else "folio", **kw)


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(sorted(BOOKS)),
    count=st.integers(1, 200),
    flip=st.sampled_from(FLIPS),
    data=st.data(),
)
def test_every_scheme_reads_in_order_upright_and_once(scheme, count, flip, data):
    bind = data.draw(st.sampled_from(BINDS[scheme]))
    paper = data.draw(st.sampled_from(["a4", "letter", "a3"]))
    plan = book_plan(scheme, count, flip, bind, paper)
    assert_reads_in_order(read_plan(plan), count)


@pytest.mark.parametrize("scheme", sorted(BOOKS))
@pytest.mark.parametrize("count", [1, 7, 8, 9, 16, 17])
@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
def test_printed_pdf_of_every_scheme_reads_in_order(scheme, count, flip):
    plan, pdf = impose_bytes(
        numbered_pdf(count, BOOKS[scheme]), *_scheme(scheme), _opts(scheme, PAPER["a4"], flip=flip)
    )
    printed = read_sheets(pdf, plan.sides)
    assert len(printed) == plan.sheet_count * plan.sides
    assert_reads_in_order(read(printed, plan), count)


def test_a_sheet_printed_with_the_other_flip_setting_reads_wrong():
    """The simulator is not fooled: print a long-edge file short-edge."""
    plan, pdf = impose_bytes(numbered_pdf(16, A6), "cutstack", ImposeOptions(PAPER["a4"], flip="long-edge"))
    seen = read(read_sheets(pdf), plan, flip="short-edge")
    assert any(not s.upright for s in seen if s.page is not None) or [s.page for s in seen] != list(range(16))


@pytest.mark.parametrize("scheme", ["saddle", "cutstack", "mini16"])
def test_manual_duplex_writes_fronts_then_backs(scheme):
    opts = ImposeOptions(PAPER["a4"], flip="manual")
    src = numbered_pdf(16, BOOKS[scheme])
    plan, fronts = impose_bytes(src, scheme, opts, role="fronts")
    _, backs = impose_bytes(src, scheme, opts, role="backs")
    printed = {(s, "front"): v for (s, _), v in read_sheets(fronts, 1).items()}
    printed |= {(s, "back"): v for (s, _), v in read_sheets(backs, 1).items()}
    assert_reads_in_order(read(printed, plan), 16)


def test_mini8_panels_are_where_the_zine_folds_them():
    plan = book_plan("mini8", 8, "short-edge")
    w, h = plan.sheet_size
    assert w > h, "a landscape sheet"
    rows = {}
    for p in plan.placements:
        rows.setdefault("top" if p.trim.centre[1] > h / 2 else "bottom", []).append(p)
    top = [p.page + 1 for p in sorted(rows["top"], key=lambda p: p.trim.x)]
    bottom = [p.page + 1 for p in sorted(rows["bottom"], key=lambda p: p.trim.x)]
    assert (top, bottom) == ([5, 4, 3, 2], [6, 7, 8, 1])
    assert {p.rotation for p in rows["top"]} == {180} and {p.rotation for p in rows["bottom"]} == {0}
    cuts = [m for m in plan.marks if m.kind == "cut"]
    assert len(cuts) == 1 and cuts[0].y0 == cuts[0].y1 == pytest.approx(h / 2)
    assert cuts[0].x0 == pytest.approx(w / 4) and cuts[0].x1 == pytest.approx(3 * w / 4), "middle panels only"


def test_mini8_scales_pages_to_fit_a_panel_keeping_proportions():
    plan, pdf = impose_bytes(numbered_pdf(8, A5), "mini8", ImposeOptions(PAPER["letter"]))
    printed = read_sheets(pdf, 1)
    for p in plan.placements:
        (got,) = [q for q in printed[(0, "front")] if q.page == p.page]
        assert abs(got.x - p.trim.centre[0]) < 4 and abs(got.y - p.trim.centre[1]) < 4


@pytest.mark.parametrize("flip", ["short-edge", "long-edge", "manual"])
@pytest.mark.parametrize("cards", [8, 9, 10, 17, 18])
@pytest.mark.parametrize("scheme", ["cards", "gutterfold"])
def test_each_back_lands_behind_its_own_front(scheme, cards, flip):
    """Printed, turned over (or folded) and measured: within 0.1 mm."""
    opts = ImposeOptions(PAPER["a4"], flip=flip, margin=5 * MM)
    src = numbered_pdf(2 * cards, POKER)
    if flip == "manual" and scheme == "cards":
        plan, fronts = impose_bytes(src, scheme, opts, role="fronts")
        _, backs = impose_bytes(src, scheme, opts, role="backs")
        printed = {(s, "front"): v for (s, _), v in read_sheets(fronts, 1).items()}
        printed |= {(s, "back"): v for (s, _), v in read_sheets(backs, 1).items()}
    else:
        plan, pdf = impose_bytes(src, scheme, opts)
        printed = read_sheets(pdf, plan.sides)
    if scheme == "cards":
        assert plan.grid == (3, 3), "nine poker cards fit on A4 inside a 5 mm margin"
    # Measured from the plan, exactly ...
    exact = card_backs(printed_from_plan(plan), plan)
    assert len(exact) == cards
    assert all(b.offset < 0.1 * MM and b.seen.upright for b in exact)
    # ... and from the printed PDF, where label glyphs allow a point or two.
    measured = card_backs(printed, plan)
    assert len(measured) == cards
    assert all(b.offset < 2.0 and b.seen.upright for b in measured), measured


@pytest.mark.parametrize("flip", ["short-edge", "long-edge", "manual"])
@pytest.mark.parametrize("cards", [8, 9, 10, 17, 18])
@pytest.mark.parametrize("scheme", ["cards", "gutterfold"])
def test_drawn_straight_onto_sheets_each_back_lands_behind_its_front(scheme, cards, flip):
    """The same, for pages drawn straight onto the sheets (how a deck's
    card sheets are made)."""
    opts = ImposeOptions(PAPER["a4"], flip=flip, margin=5 * MM)
    if flip == "manual" and scheme == "cards":
        plan, fronts = impose_drawn_bytes(2 * cards, scheme, opts, POKER, role="fronts")
        _, backs = impose_drawn_bytes(2 * cards, scheme, opts, POKER, role="backs")
        printed = {(s, "front"): v for (s, _), v in read_sheets(fronts, 1).items()}
        printed |= {(s, "back"): v for (s, _), v in read_sheets(backs, 1).items()}
    else:
        plan, pdf = impose_drawn_bytes(2 * cards, scheme, opts, POKER)
        printed = read_sheets(pdf, plan.sides)
    measured = card_backs(printed, plan)
    assert len(measured) == cards
    assert all(b.offset < 2.0 and b.seen.upright for b in measured), measured


@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
@pytest.mark.parametrize(
    "scheme, count, size, extra",
    [
        ("saddle", 12, A6, {"creep": 0.3 * MM}),
        ("mini8", 8, A6, {}),
        ("cutstack", 16, A6, {}),
        ("perfect", 16, A6, {"fold": "quarto"}),
        ("cards", 20, POKER, {"margin": 5 * MM, "back_offset": (1.0, -2.0)}),
        ("gutterfold", 10, POKER, {}),
    ],
)
def test_drawn_and_imposed_pages_land_on_the_same_spots(scheme, count, size, extra, flip):
    """Both sheet writers, one plan: every label on the same spot of the
    same side, at the same angle, to a hundredth of a point."""
    opts = ImposeOptions(PAPER["a4"], flip=flip, **extra)
    plan, imposed = impose_bytes(numbered_pdf(count, size, 2 * MM), scheme, opts, title="Job")
    plan2, drawn = impose_drawn_bytes(count, scheme, opts, size, 2 * MM, title="Job")
    assert plan2.sheet_count == plan.sheet_count  # (the PDF rounds sizes to 1/10000 pt)
    a, b = read_sheets(imposed, plan.sides), read_sheets(drawn, plan.sides)
    assert a.keys() == b.keys()
    for key in a:
        assert len(a[key]) == len(b[key])
        for p, q in zip(sorted(a[key], key=_page), sorted(b[key], key=_page), strict=True):
            assert (p.page, p.rotation) == (q.page, q.rotation)
            assert abs(p.x - q.x) < 0.01 and abs(p.y - q.y) < 0.01, (key, p, q)


def _page(p) -> int:  # noqa: ANN001
    return p.page


def test_one_back_for_every_card_is_stored_once():
    fronts = numbered_pdf(20, POKER)
    back = numbered_pdf(1, POKER)
    from zinemaker.impose import impose, open_pdf

    done = impose(open_pdf(fronts), "cards", ImposeOptions(PAPER["letter"]), back=open_pdf(back))
    plan = done.plan
    out = PdfReader(io.BytesIO(done.files["sheets"].data))
    forms = {ref.idnum for page in out.pages for ref in page["/Resources"]["/XObject"].values()}
    assert plan.sheet_count == 3 and len(forms) == 21, "20 fronts and one shared back"


def test_cards_with_bleed_share_cuts_when_bleed_would_cost_a_card():
    plan = schemes.plan("cards", Pages(18, *POKER, 3 * MM), ImposeOptions(PAPER["a4"], margin=5 * MM))
    assert plan.grid == (3, 3)
    fronts = plan.side(0, "front")
    for p in fronts:
        for q in fronts:
            if p is q:
                continue
            # Nobody's bleed reaches into a neighbour's trim.
            a = (p.trim.x - p.bleed.left, p.trim.y - p.bleed.bottom, p.trim.x1 + p.bleed.right, p.trim.y1 + p.bleed.top)
            overlap = (
                min(a[2], q.trim.x1) - max(a[0], q.trim.x) > 0.01 and min(a[3], q.trim.y1) - max(a[1], q.trim.y) > 0.01
            )
            assert not overlap


def test_bind_top_is_refused_where_it_makes_no_sense():
    with pytest.raises(ZinemakerError, match="--bind top"):
        book_plan("mini16", 16, "short-edge", "top")


def test_instruction_sheet_comes_first_with_a_blank_back():
    plan, pdf = impose_bytes(numbered_pdf(8, A5), "saddle", ImposeOptions(PAPER["a4"]), instructions=True, title="Test")
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    assert "How to print" in doc[0].get_textpage().get_text_range()
    assert doc[1].get_textpage().get_text_range().strip() == ""
    assert len(doc) == 2 + 2 * plan.sheet_count
    rest = {(k - 1, side): v for (k, side), v in read_sheets(pdf).items() if k >= 1}
    assert_reads_in_order(read(rest, plan), 8)


def test_gutterfold_always_draws_its_fold_line():
    plan = schemes.plan("gutterfold", Pages(4, *POKER), ImposeOptions(PAPER["a4"], marks=frozenset({"crop"})))
    folds = [m for m in plan.marks if m.kind == "fold"]
    assert len(folds) == plan.sheet_count == 1, "folding there is how the backs land behind the fronts"


@pytest.mark.parametrize(
    "scheme, paper, margin, cards, grid",
    [
        ("cards", "letter", 5, 8, (4, 2)),
        ("cards", "letter", 1.5, 9, (3, 3)),
        ("cards", "a4", 5, 9, (3, 3)),
        ("cards", "a4", 0, 9, (3, 3)),
        ("gutterfold", "letter", 5, 4, (4, 1)),
        ("gutterfold", "a4", 5, 4, (2, 2)),
    ],
)
def test_card_grids_leave_room_for_crop_marks_the_printer_can_print(scheme, paper, margin, cards, grid):
    """Nine poker cards fit a Letter sheet inside a 5 mm margin, but their
    crop marks would then lie in the 5 mm the printer can't print: eight,
    with marks that print, and a note that says why."""
    opts = ImposeOptions(PAPER[paper], margin=margin * MM, marks=frozenset({"crop"}), backs="single")
    plan = schemes.plan(scheme, Pages(cards + 1, *POKER, 3 * MM), opts)
    assert plan.grid == grid
    w, h = plan.sheet_size
    m0 = margin * MM
    for m in plan.marks:
        # The length of each mark inside the part of the sheet that prints.
        if m.y0 == m.y1:
            along = min(max(m.x0, m.x1), w - m0) - max(min(m.x0, m.x1), m0)
            printed = along if m0 <= m.y0 <= h - m0 else 0
        else:
            along = min(max(m.y0, m.y1), h - m0) - max(min(m.y0, m.y1), m0)
            printed = along if m0 <= m.x0 <= w - m0 else 0
        assert printed >= 1.5 * MM - 0.01, (m, printed / MM)
    assert bool(plan.notes) == (scheme == "cards" and paper == "letter" and margin == 5)
    if plan.notes:
        assert "8 cards a sheet, not 9" in plan.notes[0] and "1.8mm" in plan.notes[0]


@pytest.mark.parametrize("paper", ["a4", "letter", "legal"])
@pytest.mark.parametrize("margin", [0, 3, 5, 6.35])
@pytest.mark.parametrize("bleed", [0, 2, 3])
def test_every_cut_line_of_a_card_grid_is_marked_at_both_ends(paper, margin, bleed):
    """Gutters never cost a crop mark: each cut line (two per gutter) gets
    a tick at each end. Gutters down an A4 sheet inside a 5 mm margin had
    pushed the cards into the strip the column marks need beside the slug:
    the columns, their edges hidden under the bleed, had no marks at all."""
    opts = ImposeOptions(PAPER[paper], margin=margin * MM, marks=frozenset({"crop"}), backs="single")
    plan = schemes.plan("cards", Pages(10, *POKER, bleed * MM), opts)
    for side in ("front", "back"):
        slots = [p.trim for p in plan.side(0, side)]
        marks = [m for m in plan.marks if m.sheet == 0 and m.side == side and m.kind == "crop"]
        for x in {round(v, 3) for t in slots for v in (t.x, t.x1)}:
            ends = [m for m in marks if m.x0 == m.x1 and abs(m.x0 - x) < 1e-3]
            assert len(ends) == 2, (side, x / MM, len(ends))
        for y in {round(v, 3) for t in slots for v in (t.y, t.y1)}:
            ends = [m for m in marks if m.y0 == m.y1 and abs(m.y0 - y) < 1e-3]
            assert len(ends) == 2, (side, y / MM, len(ends))


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("margin", [0, 5])
def test_gutterfold_crop_marks_stay_on_their_own_half(paper, margin):
    opts = ImposeOptions(PAPER[paper], margin=margin * MM, marks=frozenset({"crop"}), backs="single")
    plan = schemes.plan("gutterfold", Pages(9, *POKER, 3 * MM), opts)
    w, h = plan.sheet_size
    crops = [m for m in plan.marks if m.kind == "crop"]
    assert crops
    for m in crops:
        if plan.fold_axis == "vertical":
            assert max(m.x0, m.x1) <= w / 2 or min(m.x0, m.x1) >= w / 2, m
        else:
            assert max(m.y0, m.y1) <= h / 2 or min(m.y0, m.y1) >= h / 2, m


def test_crop_marks_stop_short_of_cards_without_bleed():
    opts = ImposeOptions(PAPER["a4"], margin=3 * MM, marks=frozenset({"crop"}), grid=(2, 2), fit=True)
    plan = schemes.plan("nup", Pages(8, *A5), opts)
    trims = [p.trim for p in plan.placements if p.side == "front"]
    for m in plan.marks:
        for t in trims:
            inside_x = t.x - 0.01 < min(m.x0, m.x1) < t.x1 + 0.01 or t.x - 0.01 < max(m.x0, m.x1) < t.x1 + 0.01
            inside_y = t.y - 0.01 < min(m.y0, m.y1) < t.y1 + 0.01 or t.y - 0.01 < max(m.y0, m.y1) < t.y1 + 0.01
            gap_x = min(abs(m.x0 - t.x), abs(m.x1 - t.x), abs(m.x0 - t.x1), abs(m.x1 - t.x1))
            gap_y = min(abs(m.y0 - t.y), abs(m.y1 - t.y), abs(m.y0 - t.y1), abs(m.y1 - t.y1))
            touching = (m.x0 == m.x1 and inside_y and gap_y < 0.4 * MM and t.x <= m.x0 <= t.x1) or (
                m.y0 == m.y1 and inside_x and gap_x < 0.4 * MM and t.y <= m.y0 <= t.y1
            )
            assert not touching, (m, t)
