"""Ready for the copy shop and the volunteer: photocopy mode, the slug, the
back offset and calibration, preview, check, init and watch."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from helpers import A5, impose_bytes, numbered_pdf, read_sheets
from PIL import Image
from pypdf import PdfReader
from reportlab.lib.colors import HexColor
from reportlab.pdfgen import canvas

from zinemaker.grey import colour_left, to_grayscale
from zinemaker.impose.options import ImposeOptions
from zinemaker.units import MM, PAPER

ROOT = Path(__file__).resolve().parents[1]
POKER = (63.5 * MM, 88.9 * MM)


def zm(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def copy_project(tmp: Path) -> Path:
    for name in ("layouts", "texts", "decks"):
        shutil.copytree(ROOT / name, tmp / name)
    return tmp


def colour_pdf() -> bytes:
    """Red text, a blue box, a CMYK line and a colour photo."""
    img = Image.new("RGB", (120, 80))
    for x in range(120):
        for y in range(80):
            img.putpixel((x, y), (2 * x, 3 * y, 200))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    png = io.BytesIO(buf.getvalue())
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A5, invariant=1)
    c.setFillColor(HexColor("#c0392b"))
    c.drawString(40, 500, "red words")
    c.setFillColorRGB(0.1, 0.2, 0.9)
    c.rect(40, 400, 100, 50, fill=1)
    c.setStrokeColorCMYK(0, 1, 1, 0)
    c.line(40, 380, 200, 380)
    from reportlab.lib.utils import ImageReader

    c.drawImage(ImageReader(png), 40, 200, 120, 80)
    c.showPage()
    c.save()
    return out.getvalue()


def test_grayscale_leaves_no_rgb_or_cmyk_anywhere():
    src = colour_pdf()
    assert len(colour_left(src)) >= 4, "the test PDF really is in colour"
    plan, imposed = impose_bytes(src, "saddle", ImposeOptions(PAPER["a4"]))
    grey = to_grayscale(imposed)
    assert colour_left(grey) == []
    doc = pdfium.PdfDocument(grey)
    rendered = doc[0].render(scale=1).to_pil().convert("RGB")
    assert rendered.tobytes() == rendered.convert("L").convert("RGB").tobytes(), "every pixel is grey"


def test_grayscale_threshold_gives_black_and_white_images():
    grey = to_grayscale(colour_pdf(), threshold=128)
    r = PdfReader(io.BytesIO(grey))
    images = [
        x.get_object()
        for x in r.pages[0]["/Resources"]["/XObject"].values()
        if x.get_object().get("/Subtype") == "/Image"
    ]
    assert images and all(i["/BitsPerComponent"] == 1 and i["/ColorSpace"] == "/DeviceGray" for i in images)


def test_build_grayscale_makes_every_output_grey(tmp_path):
    copy_project(tmp_path)
    proc = zm(tmp_path, "build", "--grayscale", "-q")
    assert proc.returncode == 0, proc.stderr
    pdfs = sorted((tmp_path / "out").glob("*.pdf"))
    assert len(pdfs) == 7
    for pdf in pdfs:
        assert colour_left(pdf.read_bytes()) == [], pdf.name
    # Without it, the cards are in colour: the check above can fail.
    proc = zm(tmp_path, "build", "-q", "layouts/social-spaces-cards.toml", "--out", "colour")
    assert colour_left((tmp_path / "colour" / "social-spaces-cards.a4.print.pdf").read_bytes())


def slug_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]


def test_every_card_sheet_side_carries_its_slug(tmp_path):
    deck = numbered_pdf(20, POKER)
    plan, pdf = impose_bytes(deck, "cards", ImposeOptions(PAPER["a4"], flip="long-edge", margin=5 * MM), title="Deck")
    texts = slug_texts(pdf)
    assert len(texts) == 2 * plan.sheet_count
    for i, text in enumerate(texts):
        side = "front" if i % 2 == 0 else "back"
        assert f"Deck · sheet {i // 2 + 1}/{plan.sheet_count} · {side} · double-sided, flip on long edge" in text
        assert "print at 100% / actual size: this bar is 50 mm" in text


def test_the_slug_bar_is_fifty_millimetres():
    from zinemaker.impose import schemes
    from zinemaker.impose.options import Pages
    from zinemaker.impose.slug import slug_pdf
    from zinemaker.typeset import fonts

    plan = schemes.plan("cards", Pages(18, *POKER), ImposeOptions(PAPER["a4"], margin=5 * MM))
    pdf, keys = slug_pdf(plan, "job", fonts.family("Open Sans").regular, ("front", "back"))
    assert keys == [(0, "front"), (0, "back")]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    # The bar is a form shared by every side; it is drawn at the form's origin.
    forms = [x.get_object() for x in page["/Resources"]["/XObject"].values()]
    assert all(f.get("/Matrix") in (None, [1, 0, 0, 1, 0, 0]) for f in forms)
    ops = "\n".join(s.get_data().decode("latin-1") for s in [page.get_contents(), *forms])
    lines = [
        (float(a), float(b), float(c), float(d))
        for a, b, c, d in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l", ops)
    ]
    longest = max(abs(c - a) for a, b, c, d in lines if b == d)
    assert longest == pytest.approx(50 * MM, abs=0.01)


def test_no_slug_where_pages_fill_the_sheet():
    _, pdf = impose_bytes(numbered_pdf(8, A5), "saddle", ImposeOptions(PAPER["a4"]))
    assert not any("sheet 1/" in t for t in slug_texts(pdf))


@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
def test_back_offset_is_applied_exactly(flip):
    """The calibration read 0.8 mm right and 0.4 mm down: seen from the
    front, every back moves 0.8 mm left and 0.4 mm up, and fronts stay."""
    opts = ImposeOptions(PAPER["a4"], flip=flip)
    shifted = ImposeOptions(PAPER["a4"], flip=flip, back_offset=(0.8 * MM, -0.4 * MM))
    _, plain = impose_bytes(numbered_pdf(8, A5), "saddle", opts)
    plan, moved = impose_bytes(numbered_pdf(8, A5), "saddle", shifted)
    a, b = read_sheets(plain), read_sheets(moved)
    w, h = plan.sheet_size
    for key in a:
        for p in a[key]:
            (q,) = [x for x in b[key] if x.page == p.page]
            dx, dy = q.x - p.x, q.y - p.y
            if key[1] == "front":
                assert (dx, dy) == pytest.approx((0, 0), abs=1e-3)
                continue
            # Seen from the front: a back-frame move mirrors one axis.
            seen = (-dx, dy) if flip == "short-edge" else (dx, -dy)
            assert seen == pytest.approx((-0.8 * MM, 0.4 * MM), abs=1e-3)


def test_calibration_sheet_is_written(tmp_path):
    """The sheet itself is read in test_calibrate; here, the command."""
    proc = zm(tmp_path, "calibrate", "--sheet", "a4", "--flip", "long-edge", "-o", "cal.pdf")
    assert proc.returncode == 0, proc.stderr
    assert len(PdfReader(str(tmp_path / "cal.pdf")).pages) == 2


def test_preview_writes_pages_and_sheets_with_folds_drawn(tmp_path):
    copy_project(tmp_path)
    proc = zm(tmp_path, "preview", "layouts/social-spaces.toml", "--paper", "a4")
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in (tmp_path / "preview").iterdir())
    assert "social-spaces.a4.pages.png" in files
    assert "social-spaces.a4.sheet-01-front.png" in files and "social-spaces.a4.sheet-01-back.png" in files
    sheet = Image.open(tmp_path / "preview" / "social-spaces.a4.sheet-01-front.png").convert("RGB")
    assert sheet.width > sheet.height, "a landscape sheet"
    middle = [sheet.getpixel((sheet.width // 2 + dx, y)) for dx in (-1, 0, 1) for y in range(0, sheet.height, 3)]
    assert any(p == (40, 110, 200) for p in middle), "the fold is drawn down the middle"
    assert not (tmp_path / "out").exists(), "preview writes no PDFs"


def test_check_passes_the_defaults_and_writes_nothing(tmp_path):
    copy_project(tmp_path)
    proc = zm(tmp_path, "check")
    assert proc.returncode == 0, proc.stderr
    assert "2 layout(s) checked: no problems." in proc.stdout
    assert not (tmp_path / "out").exists()


def test_check_reports_every_problem_not_just_the_first(tmp_path):
    copy_project(tmp_path)
    essay = tmp_path / "texts" / "milstein-organizing-social-spaces.md"
    text = essay.read_text(encoding="utf-8").replace("honestly switched gears", "honestly switched ☃ gears")
    text = text.replace("Hands-on openness", "Hands-on ☂ openness")
    essay.write_text(text.replace("without our being able", "without ☂ our being able"), encoding="utf-8")
    deck = tmp_path / "decks" / "social-spaces.yaml"
    source = deck.read_text(encoding="utf-8")
    step = "pass a talking object."  # in the welcome circle's first step, however the deck words it
    assert source.count(step) == 1, "the test needs a card step it can lengthen"
    deck.write_text(
        source.replace(step, step + " " + "Keep passing it, slowly, round and round. " * 40),
        encoding="utf-8",
    )
    proc = zm(tmp_path, "check")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    problems = [ln for ln in proc.stderr.splitlines() if ln.startswith("zinemaker: problem:")]
    assert len(problems) >= 3, proc.stderr
    assert any("U+2603" in p for p in problems) and any("U+2602" in p for p in problems)
    assert any("welcome-circle" in p and "does not fit" in p for p in problems)
    assert not (tmp_path / "out").exists()


def test_init_makes_a_space_that_builds_straight_away(tmp_path):
    proc = zm(tmp_path, "init", "Red Door Infoshop", "--paper", "a4", "--contact", "hi@example.org")
    assert proc.returncode == 0, proc.stderr
    assert "cd red-door-infoshop && zinemaker build" in proc.stdout
    space = tmp_path / "red-door-infoshop"
    proc = zm(space, "build", "-q")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (space / "out").glob("*.pdf"))
    assert names == [
        "red-door-infoshop-cards.a4.print.pdf",
        "red-door-infoshop-cards.faces.pdf",
        "red-door-infoshop.a4.print.pdf",
        "red-door-infoshop.a4.reader.pdf",
    ]
    faces = slug_texts((space / "out" / "red-door-infoshop-cards.faces.pdf").read_bytes())
    assert any("Red Door Infoshop" in t for t in faces), "the space's name is on its cards"
    again = zm(tmp_path, "init", "Red Door Infoshop")
    assert again.returncode == 1 and "already exists" in again.stderr


def test_watch_rebuilds_the_layout_whose_text_changed(tmp_path):
    import threading
    import time

    from zinemaker.watch import watch

    copy_project(tmp_path)
    layouts = [tmp_path / "layouts" / "social-spaces.toml", tmp_path / "layouts" / "social-spaces-cards.toml"]
    calls: list[list[str]] = []
    said: list[str] = []

    def touch_later() -> None:
        time.sleep(0.3)
        deck = tmp_path / "decks" / "social-spaces.yaml"
        deck.write_text(deck.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def rebuild(chosen: list) -> None:
        # The deck is saved once the watch has taken stock and built: on a
        # loaded machine, a timer started before could fire while it still
        # reads the layouts, and the save would be part of what it saw first.
        if not calls:
            threading.Thread(target=touch_later).start()
        calls.append([p.name for p in chosen])

    watch(layouts, rebuild, said.append, interval=0.1, rounds=12)
    assert calls[0] == ["social-spaces.toml", "social-spaces-cards.toml"], "a first full build"
    assert ["social-spaces-cards.toml"] in calls[1:], "the deck's layout was rebuilt"
    assert ["social-spaces.toml"] not in calls[1:], "the zine, which does not use the deck, was not"


def test_long_imposition_shows_progress(tmp_path):
    (tmp_path / "big.pdf").write_bytes(numbered_pdf(240, A5))
    proc = zm(tmp_path, "impose", "big.pdf", "--sheet", "a4")
    assert proc.returncode == 0
    assert "imposing: 50 of 60 sheets" in proc.stderr


def image_project(tmp: Path, image: Image.Image, name: str) -> Path:
    (tmp / "layouts").mkdir()
    (tmp / "texts" / "images").mkdir(parents=True)
    image.save(tmp / "texts" / "images" / name)
    (tmp / "texts" / "t.md").write_text(
        f"# Pictures\n\nWords first.\n\n![A caption]({'images/' + name})\n", encoding="utf-8"
    )
    (tmp / "layouts" / "i.toml").write_text(
        '[[content]]\nkind = "excerpt"\ntext = "texts/t.md"\n[output]\npapers = ["a4"]\n', encoding="utf-8"
    )
    return tmp


def embedded_images(pdf: Path) -> list[tuple[int, int]]:
    r = PdfReader(str(pdf))
    out = []
    for page in r.pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                out.append((int(obj["/Width"]), int(obj["/Height"])))
    return out


def test_a_low_resolution_image_warns_naming_the_file(tmp_path):
    image_project(tmp_path, Image.new("RGB", (240, 160), (200, 60, 60)), "small.png")
    proc = zm(tmp_path, "build")
    assert proc.returncode == 0, proc.stderr
    warning = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warning) == 1 and "texts/t.md:5" in warning[0] and "small.png" in warning[0] and "dpi" in warning[0]


def test_a_large_image_is_downsampled_to_300_dpi_at_print_size(tmp_path):
    image_project(tmp_path, Image.new("RGB", (5000, 3000), (60, 160, 60)), "big.jpg")
    proc = zm(tmp_path, "build", "-q")
    assert proc.returncode == 0, proc.stderr
    ((w, h),) = embedded_images(tmp_path / "out" / "i.a4.reader.pdf")
    from zinemaker.definitions.presets import preset_for
    from zinemaker.units import MM

    pre = preset_for((297 / 2 * MM, 210 * MM))  # half an A4 sheet: the A5 preset's margins
    column_mm = 297 / 2 - (pre.inner + pre.outer) / MM
    assert w == pytest.approx(column_mm / 25.4 * 300, abs=2) and w / h == pytest.approx(5 / 3, abs=0.01)


def test_a_decompression_bomb_is_refused_in_one_line(tmp_path):
    image_project(tmp_path, Image.new("1", (20000, 20000)), "bomb.png")
    proc = zm(tmp_path, "build")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("zinemaker: error:")]
    assert len(errors) == 1 and "bomb.png" in errors[0] and "too large" in errors[0]
    assert not (tmp_path / "out").exists()


def test_grayscale_images_come_out_grey(tmp_path):
    image_project(tmp_path, Image.new("RGB", (1200, 800), (200, 60, 60)), "red.png")
    proc = zm(tmp_path, "build", "-q", "--grayscale")
    assert proc.returncode == 0, proc.stderr
    for pdf in (tmp_path / "out").glob("*.pdf"):
        assert colour_left(pdf.read_bytes()) == []


@pytest.mark.parametrize(
    "args, needle",
    [
        (["preview", "layouts/nope.toml"], "nope.toml"),
        (["calibrate", "--sheet", "a9"], "--sheet"),
        (["init", "X", "--paper", "a9"], "--paper"),
        (["build", "--back-offset", "left a bit"], "--back-offset"),
        (["deck", "import", "missing.csv", "--into", "decks/social-spaces.yaml"], "missing.csv"),
        (["impose", "layouts/social-spaces.toml", "--sheet", "a4"], "not a PDF file"),
        (["build", "--printer", "printers/none.toml"], "no such file"),
    ],
)
def test_bad_input_to_every_command_is_one_line(tmp_path, args, needle):
    copy_project(tmp_path)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    proc = zm(tmp_path, *args)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("zinemaker: error:")]
    assert len(errors) == 1 and needle in errors[0], proc.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before, "nothing written"


def test_version_and_help():
    proc = zm(ROOT, "--version")
    assert proc.returncode == 0 and re.match(r"zinemaker, version \d+\.\d+", proc.stdout)
    for command in ("build", "impose", "preview", "check", "init", "calibrate"):
        proc = zm(ROOT, command, "--help")
        assert proc.returncode == 0 and "Example" in proc.stdout, command


def test_check_reports_a_bad_glyph_in_each_cards_materials(tmp_path):
    """Two cards, each with a character the font lacks in its materials:
    two problems, each naming its card and field."""
    from zinemaker.check import check_layout

    copy_project(tmp_path)
    deck = tmp_path / "decks" / "social-spaces.yaml"
    source = deck.read_text(encoding="utf-8")
    for old in ('materials: "A talking object; a meal ready to share"', 'materials: "Name tags and pens"'):
        assert source.count(old) == 1, "the test needs these two cards' materials"
        source = source.replace(old, old[:-1] + ' \u2603"')
    deck.write_text(source, encoding="utf-8")
    problems = check_layout(tmp_path / "layouts" / "social-spaces-cards.toml")
    glyphs = [p for p in problems if "U+2603" in p and "materials" in p]
    assert len(glyphs) == 2, problems
    assert len({p.split(": materials")[0] for p in glyphs}) == 2
