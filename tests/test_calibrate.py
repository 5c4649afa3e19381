"""The calibration sheet, read as a person holding it to the light would,
and backs corrected with what it measured.

A printer's error (offset, skew, scale) is simulated on the rendered back:
the back page is drawn through the error, rendered, and mirrored to be seen
from the front. Where its lines cross the front's scales is read from the
pixels; :func:`solve` must give the error back, and backs imposed with it
must land behind their fronts.
"""

from __future__ import annotations

import io
import re
import math

import pypdfium2 as pdfium
import pytest
from helpers import impose_bytes, impose_drawn_bytes, numbered_pdf, read_sheets
from PIL import Image
from pypdf import PdfReader, PdfWriter

from zinemaker.impose.calibrate import GAP, REACH, BackError, back_error, calibration_pdf, mirror, solve, stations
from zinemaker.impose.ops import apply, mul
from zinemaker.impose.options import ImposeOptions
from zinemaker.impose.plan import flip_axis
from zinemaker.typeset import fonts
from zinemaker.units import MM, PAPER

A4 = PAPER["a4"]
POKER = (63.5 * MM, 88.9 * MM)
DPI = 600
#: A bad printer: 1.3 mm right, 0.7 mm down, turned 0.25 degrees, 0.3 %
#: larger across and 0.2 % smaller up.
ERROR = BackError((1.3 * MM, -0.7 * MM), 0.25, (1.003, 0.998))


def _sheet(flip: str, turned: bool = False) -> bytes:
    fam = fonts.family("Open Sans")
    return calibration_pdf(A4, flip, fam.regular, fam.bold, "A4", turned)


def _printed_back(pdf: bytes, flip: str, err: BackError, turned_by_printer: bool = False) -> tuple[Image.Image, str]:
    """The back as a faulty printer prints it, seen from the front (through
    the sheet): the rendered back and the flip's mirror, which
    :func:`read_scales` looks through."""
    out = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    back = out.pages[1]
    m = mirror(A4, flip_axis(A4, flip))
    # The error is in the front's frame; on the back it is seen mirrored.
    e = mul(mul(m, back_error(A4, err)), m)
    if turned_by_printer:
        w, h = A4
        e = mul((-1.0, 0.0, 0.0, -1.0, w, h), e)
    back.add_transformation(e)
    buf = io.BytesIO()
    out.write(buf)
    doc = pdfium.PdfDocument(buf.getvalue())
    try:
        image = doc[1].render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
    finally:
        doc.close()
    return image, flip_axis(A4, flip)


def _centroid(values: list[tuple[float, int]]) -> float:
    """Where a dark line crosses a row or column of pixels: the
    darkness-weighted mean position."""
    weights = [(pos, 255 - v) for pos, v in values if v < 200]
    assert weights, "no line crosses the scale"
    return sum(p * wgt for p, wgt in weights) / sum(wgt for _, wgt in weights)


def read_scales(printed: tuple[Image.Image, str]) -> dict[str, tuple[float, float]]:
    """At each station, where the back's upright line crosses the
    horizontal scale (X) and its level line the vertical one (Y), from the
    zero, in points: what a person reads off the scales. The back is seen
    through the sheet: a front point (x, y) is behind (w - x, y) or (x, h - y)."""
    image, axis = printed
    s = DPI / 72
    w, h = A4
    px = image.load()

    def front_x(i: int) -> float:
        """The front's x behind pixel column i's centre."""
        return w - (i + 0.5) / s if axis == "vertical" else (i + 0.5) / s

    out = {}
    for name, (x, y) in stations(A4).items():
        # Along the horizontal scale (front y + GAP): the pixel row there, the columns around x.
        by = (y + GAP) if axis == "vertical" else h - (y + GAP)
        row = math.floor((h - by) * s)
        bx = (w - x) if axis == "vertical" else x
        cols = range(math.floor((bx - REACH) * s), math.ceil((bx + REACH) * s))
        xs = [(front_x(i), px[i, row]) for i in cols]
        # Along the vertical scale (front x + GAP): the pixel column there, the rows around y.
        bx = (w - (x + GAP)) if axis == "vertical" else x + GAP
        col = math.floor(bx * s)
        by = y if axis == "vertical" else h - y
        rows = range(math.floor((h - by - REACH) * s), math.ceil((h - by + REACH) * s))
        ys = [(_front_y(j, s, h, axis), px[col, j]) for j in rows]
        out[name] = (_centroid(xs) - x, _centroid(ys) - y)
    return out


def _front_y(j: int, s: float, h: float, axis: str) -> float:
    """The front's y behind pixel row j's centre (rows run down the back)."""
    by = h - (j + 0.5) / s
    return by if axis == "vertical" else h - by


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
def test_a_true_printer_reads_zero_everywhere(flip):
    read = read_scales(_printed_back(_sheet(flip), flip, BackError()))
    for x, y in read.values():
        assert (x / MM, y / MM) == pytest.approx((0, 0), abs=0.03)


@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
def test_offset_skew_and_scale_are_read_back_from_the_scales(flip):
    read = read_scales(_printed_back(_sheet(flip), flip, ERROR))
    got = solve(A4, read)
    assert got.offset[0] / MM == pytest.approx(1.3, abs=0.03)
    assert got.offset[1] / MM == pytest.approx(-0.7, abs=0.03)
    assert got.skew == pytest.approx(0.25, abs=0.02)
    assert got.scale[0] == pytest.approx(1.003, abs=0.0004)
    assert got.scale[1] == pytest.approx(0.998, abs=0.0004)


def test_the_readings_are_on_the_scales():
    """A person can read them: every reading lies within the printed
    scales (6 mm each way) for a printer this far off."""
    read = read_scales(_printed_back(_sheet("long-edge"), "long-edge", ERROR))
    assert all(abs(v) < REACH for pair in read.values() for v in pair)
    # And they differ between stations: skew and scale show.
    assert abs(read["B"][1] - read["A"][1]) > 0.2 * MM


def test_a_printer_that_turns_the_back_shows_the_arrow_elsewhere():
    """Printed by a printer that turns the back half round, the back's
    arrow is no longer behind the front's; a sheet made for that printer
    (turned) puts it back there."""
    plain = _printed_back(_sheet("long-edge"), "long-edge", BackError(), turned_by_printer=True)
    fixed = _printed_back(_sheet("long-edge", turned=True), "long-edge", BackError(), turned_by_printer=True)
    w, h = A4
    # The arrow, seen from the front at (w/4, 0.62 h), is on the back at
    # (3w/4, 0.62 h) for this long-edge flip.
    assert _dark(fixed[0], w * 0.75, h * 0.62) > 500, "the back's arrow is behind the front's"
    assert _dark(plain[0], w * 0.75, h * 0.62) == 0, "a turned back puts its arrow elsewhere"
    assert read_scales(fixed)["A"] == pytest.approx((0, 0), abs=0.03 * MM)


def _dark(image: Image.Image, x: float, y: float, r: float = 8 * MM) -> int:
    """How many dark pixels lie within ``r`` of a point of the back (PDF points)."""
    s = DPI / 72
    h = A4[1]
    box = image.crop((round((x - r) * s), round((h - y - r) * s), round((x + r) * s), round((h - y + r) * s)))
    return sum(1 for v in box.get_flattened_data() if v < 128)


def _impose(writer: str, flip: str, err: BackError) -> dict:
    opts = ImposeOptions(
        A4,
        flip=flip,
        margin=5 * MM,
        marks=frozenset(),
        back_offset=err.offset,
        back_skew=err.skew,
        back_scale=err.scale,
    )
    if writer == "pdf":
        _, pdf = impose_bytes(numbered_pdf(18, POKER), "cards", opts)
    else:
        _, pdf = impose_drawn_bytes(18, "cards", opts, size=POKER)
    return read_sheets(pdf)


@pytest.mark.parametrize("writer", ["pdf", "drawn"])
@pytest.mark.parametrize("flip", ["long-edge", "short-edge"])
def test_corrected_backs_land_where_a_true_printer_puts_them(flip, writer):
    """Measured from the sheet, the error is undone on every back: printed
    by the faulty printer, each card's back lands within 0.1 mm of where a
    true printer puts the uncorrected one (behind its front: the fold tests
    prove that), in both flips and both sheet writers; uncorrected, over a
    millimetre off. Fronts do not move."""
    measured = solve(A4, read_scales(_printed_back(_sheet(flip), flip, ERROR)))
    ideal = _impose(writer, flip, BackError())
    m = mirror(A4, flip_axis(A4, flip))
    worst = {}
    for name, err in (("corrected", measured), ("uncorrected", BackError())):
        got = _impose(writer, flip, err)
        off = 0.0
        for (sheet, side), labels in ideal.items():
            placed = {p.page: p for p in got[(sheet, side)]}
            for want in labels:
                have = placed[want.page]
                if side == "front":
                    assert (have.x, have.y) == pytest.approx((want.x, want.y), abs=1e-3)
                    continue
                # Seen from the front: the printer's error on the corrected back,
                # against the ideal back seen through the sheet.
                x, y = apply(back_error(A4, ERROR), apply(m, (have.x, have.y)))
                wx, wy = apply(m, (want.x, want.y))
                off = max(off, math.hypot(x - wx, y - wy) / MM)
        worst[name] = off
    assert worst["corrected"] < 0.1, worst
    assert worst["uncorrected"] > 1.0, worst


def test_save_asks_the_questions_and_writes_a_printer_file_that_corrects(tmp_path):
    """``calibrate --save`` takes the readings as a person types them (mm,
    to a hundredth) and writes a printer file; a layout or --printer that
    reads it corrects backs to within 0.1 mm."""
    from click.testing import CliRunner

    from zinemaker.cli import main
    from zinemaker.definitions.layout import load_printer

    read = read_scales(_printed_back(_sheet("long-edge"), "long-edge", ERROR))
    typed = ["y"] + [f"{v / MM:.2f}" for name in "ABC" for v in read[name]]
    path = tmp_path / "printers" / "office.toml"
    result = CliRunner().invoke(
        main, ["calibrate", "--sheet", "a4", "--flip", "long-edge", "--save", str(path)], input="\n".join(typed) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert re.search(r"back lands 1\.3\d? mm right|back lands 1\.29 mm right", result.output), result.output
    assert "0.25 degrees anticlockwise" in result.output
    got = load_printer(path)
    assert got["flip"] == "long-edge" and got["back_turned"] is False
    err = BackError(got["back_offset"], got["back_skew"], got["back_scale"])
    ideal, fixed = _impose("pdf", "long-edge", BackError()), _impose("pdf", "long-edge", err)
    m = mirror(A4, flip_axis(A4, "long-edge"))
    for key, labels in ideal.items():
        if key[1] != "back":
            continue
        placed = {p.page: p for p in fixed[key]}
        for want in labels:
            have = placed[want.page]
            x, y = apply(back_error(A4, ERROR), apply(m, (have.x, have.y)))
            wx, wy = apply(m, (want.x, want.y))
            assert math.hypot(x - wx, y - wy) < 0.1 * MM


def test_a_printer_that_turns_the_back_is_saved_and_its_sheet_made_to_match(tmp_path):
    from click.testing import CliRunner

    from zinemaker.cli import main
    from zinemaker.definitions.layout import load_printer

    path = tmp_path / "office.toml"
    path.write_text('name = "Office"\nmargin = "5mm"\n')
    run = CliRunner().invoke(main, ["calibrate", "--sheet", "a4", "--save", str(path)], input="n\n")
    assert run.exit_code == 0, run.output
    got = load_printer(path)
    assert got["back_turned"] is True and got["margin"] == pytest.approx(5 * MM)
    assert 'name = "Office"' in path.read_text()
    assert "--printer" in run.output
    sheet = tmp_path / "cal.pdf"
    run = CliRunner().invoke(main, ["calibrate", "--sheet", "a4", "--printer", str(path), "-o", str(sheet)])
    assert run.exit_code == 0, run.output
    fam = fonts.family("Open Sans")
    assert sheet.read_bytes() == calibration_pdf(A4, "long-edge", fam.regular, fam.bold, "a4", True)
    # And impositions for it carry the half turn: a back drawn for a long
    # edge is turned as for the short edge, which this printer then undoes.
    opts = ImposeOptions(A4, flip="long-edge", marks=frozenset(), back_turned=True)
    _, pdf = impose_bytes(numbered_pdf(2, POKER), "cards", opts)
    (back,) = read_sheets(pdf)[(0, "back")]
    _, plain = impose_bytes(numbered_pdf(2, POKER), "cards", ImposeOptions(A4, flip="short-edge", marks=frozenset()))
    (want,) = read_sheets(plain)[(0, "back")]
    assert (back.x, back.y, back.rotation) == pytest.approx((want.x, want.y, want.rotation), abs=0.01)


def test_a_bad_reading_is_asked_again(tmp_path):
    from click.testing import CliRunner

    from zinemaker.cli import main

    path = tmp_path / "p.toml"
    run = CliRunner().invoke(
        main, ["calibrate", "--sheet", "a4", "--save", str(path)], input="y\nabc\n12\n0.5\n0\n0.5\n0\n0.5\n0\n"
    )
    assert run.exit_code == 0, run.output
    assert "a number of millimetres" in run.output and "reach 6 mm" in run.output
    assert 'back_offset = "0.50mm,0.00mm"' in path.read_text() and "back_skew = 0.000" in path.read_text()


def test_a_yes_or_no_that_is_neither_is_asked_again_in_our_words(tmp_path):
    from click.testing import CliRunner

    from zinemaker.cli import main

    path = tmp_path / "p.toml"
    run = CliRunner().invoke(main, ["calibrate", "--sheet", "a4", "--save", str(path)], input="maybe\nNo\n")
    assert run.exit_code == 0, run.output
    assert "answer y (yes) or n (no)" in run.output and "Error" not in run.output
    assert "back_turned = true" in path.read_text()


@pytest.mark.parametrize("flip", ["short-edge", "manual"])
def test_a_printer_calibrated_for_one_flip_is_not_used_for_another(tmp_path, flip):
    """A back error measured printing long-edge turns with the sheet when it
    is printed another way: the layout that asks for that says what to do."""
    from zinemaker.definitions.layout import load_layout
    from zinemaker.errors import ZinemakerError

    (tmp_path / "printers").mkdir()
    (tmp_path / "printers" / "office.toml").write_text('flip = "long-edge"\nback_offset = "1.2mm,0.4mm"\n')
    (tmp_path / "layouts").mkdir()
    path = tmp_path / "layouts" / "z.toml"
    path.write_text('[[content]]\nkind = "blank"\n[output]\nprinter = "printers/office.toml"\n')
    assert load_layout(path).output.flip == "long-edge"  # the printer's own flip is taken
    path.write_text(path.read_text() + f'flip = "{flip}"\n')
    with pytest.raises(ZinemakerError, match=rf"output.flip is '{flip}', but printers/office.toml was calibrated"
                       r" printing long-edge: its back_offset would move the backs the wrong way") as got:
        load_layout(path)
    assert "leave output.flip out" in str(got.value)
    (tmp_path / "printers" / "office.toml").write_text('flip = "long-edge"\nmargin = "4mm"\n')
    assert load_layout(path).output.flip == flip  # nothing measured: the layout's flip, no conflict


def test_save_asks_again_for_a_reading_that_is_not_a_number(tmp_path):
    # float() takes "nan" and "inf": a printer file of nan mm would be written, and then refused.
    from click.testing import CliRunner

    from zinemaker.cli import main
    from zinemaker.definitions.layout import load_printer

    path = tmp_path / "p.toml"
    typed = ["y", "nan", "inf", "-INF", "1,5", "0", "0", "0", "0", "0"]
    result = CliRunner().invoke(main, ["calibrate", "--sheet", "a4", "--save", str(path)], input="\n".join(typed) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("a number of millimetres, like 0.5 or -1.25") == 3
    assert "nan" not in path.read_text() and load_printer(path)["back_offset"][0] > 0
