"""Decks: the format, overlays, CSV, fitting text on cards, card sheets."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from reportlab.pdfbase.pdfmetrics import stringWidth

from zinemaker.content.deck import cards_from_csv, cards_to_csv, load_deck
from zinemaker.errors import ZinemakerError
from zinemaker.impose import ImposeOptions, impose, open_pdf
from zinemaker.impose.fold import card_backs, printed_from_plan
from zinemaker.labels import labels
from zinemaker.typeset import fonts
from zinemaker.typeset.cards import CardSpec, _Styles, fit, text_height, typeset_faces
from zinemaker.units import CARD, MM, PAPER

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "decks" / "social-spaces.yaml"
LOCAL = ROOT / "decks" / "local" / "our-infoshop.yaml"


def small_deck(tmp: Path, cards: int, body: str = "1. Do one thing.\n2. Then another.", name: str = "d.yaml") -> Path:
    data = {
        # A bare deck: no how-to, legend or credits cards, so fronts are exactly its cards.
        "deck": {"title": "Test Deck", "card": "poker", "values": {"space": "the Hall"}, "furniture": False},
        "categories": [{"id": "a", "name": "Alpha", "colour": "#224466", "symbol": "star"}],
        "cards": [
            {
                "id": f"c{i:03d}",
                "title": f"Card {i}",
                "category": "a",
                "body": body,
                "quote": "a short quote",
                "section": "Somewhere",
            }
            for i in range(1, cards + 1)
        ],
    }
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_deck_has_forty_cards_or_more_and_expands_qty():
    deck = load_deck(BASE)
    assert len(deck.cards) >= 40
    assert len(deck.expanded()) == sum(c.qty for c in deck.cards)


def test_overlay_renames_fills_adds_replaces_and_removes():
    base, local = load_deck(BASE), load_deck(LOCAL)
    assert local.title == "Red Door Infoshop Workshop Cards"
    ids = [c.id for c in local.cards]
    assert "red-door-zine-swap" in ids and "guests-and-hosts" not in ids
    slow = next(c for c in local.cards if c.id == "slow-walk")
    assert "river" in slow.title.lower()
    assert all("{" not in c.body for c in local.cards)
    assert any("the Red Door Infoshop" in c.body for c in local.cards)
    assert any("reddoor@example.org" in c.body for c in local.cards)
    assert len(local.cards) == len(base.cards) - 1 + 2


def overlay(tmp: Path, text: str) -> Path:
    small_deck(tmp, 3)
    path = tmp / "local.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "text, needle, line",
    [
        ("extends: d.yaml\nremove: [nope]\n", "no card with id 'nope'", 2),
        ("extends: d.yaml\nreplace:\n  - id: nope\n    title: T\n    category: a\n    body: B\n", "'nope'", 3),
        ("extends: d.yaml\nadd:\n  - id: c001\n    title: T\n    category: a\n    body: B\n", "already has", 3),
        ("extends: d.yaml\nadd:\n  - id: new\n    title: T\n    category: a\n    body: At {place}\n", "{place}", 3),
        ("extends: d.yaml\nadd:\n  - id: new\n    title: T\n    category: zzz\n    body: B\n", "unknown category", 3),
        ("extends: missing.yaml\n", "no such file", 1),
        ("extends: d.yaml\ncards: []\n", "add:, replace: and remove:", 2),
    ],
)
def test_overlay_mistakes_name_the_file_and_line(tmp_path, text, needle, line):
    path = overlay(tmp_path, text)
    with pytest.raises(ZinemakerError) as err:
        load_deck(path)
    assert needle in str(err.value)
    assert f"local.yaml:{line}" in str(err.value)


def test_extends_in_a_circle_is_an_error(tmp_path):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n", encoding="utf-8")
    with pytest.raises(ZinemakerError, match="circle"):
        load_deck(tmp_path / "a.yaml")


def test_translate_changes_fields_by_id(tmp_path):
    path = overlay(tmp_path, "extends: d.yaml\ndeck:\n  language: es\ntranslate:\n  c001:\n    title: Tarjeta uno\n")
    deck = load_deck(path)
    assert deck.cards[0].title == "Tarjeta uno" and deck.meta["language"] == "es"


def test_csv_round_trips_every_field(tmp_path):
    deck = load_deck(BASE)
    path = tmp_path / "cards.csv"
    path.write_text(cards_to_csv(deck.cards), encoding="utf-8")
    back = cards_from_csv(path)
    assert back == deck.cards  # bodies with newlines, quotes, commas and qty intact


def test_cli_export_then_import_leaves_the_deck_unchanged(tmp_path):
    copy = tmp_path / "deck.yaml"
    copy.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    run = [sys.executable, "-m", "zinemaker", "deck"]
    subprocess.run(run + ["export", str(copy), "-o", str(tmp_path / "c.csv")], check=True, capture_output=True)
    subprocess.run(run + ["import", str(tmp_path / "c.csv"), "--into", str(copy)], check=True, capture_output=True)
    assert load_deck(copy).cards == load_deck(BASE).cards


def deck_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", "deck", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_import_changes_only_the_lines_of_the_cards_that_changed(tmp_path):
    import difflib

    copy = tmp_path / "deck.yaml"
    original = BASE.read_text(encoding="utf-8")
    copy.write_text(original, encoding="utf-8")
    csv_path = str(tmp_path / "c.csv")
    assert deck_cli("export", str(copy), "-o", csv_path).returncode == 0
    assert deck_cli("import", csv_path, "--into", str(copy)).returncode == 0
    assert copy.read_text(encoding="utf-8") == original, "nothing changed in the spreadsheet: nothing changes"
    rows = Path(csv_path).read_text(encoding="utf-8").replace("The Welcome Circle", "The Welcoming Circle")
    Path(csv_path).write_text(rows, encoding="utf-8")
    assert deck_cli("import", csv_path, "--into", str(copy)).returncode == 0
    text = copy.read_text(encoding="utf-8")
    changed = [ln for ln in difflib.unified_diff(original.splitlines(), text.splitlines(), n=0) if ln[:1] in "+-"]
    changed = [ln for ln in changed if not ln.startswith(("+++", "---"))]
    assert changed == ['-    title: "The Welcome Circle"', '+    title: "The Welcoming Circle"'], changed
    assert load_deck(copy).cards[0].title == "The Welcoming Circle"


def test_import_writes_new_and_changed_cards_as_by_hand(tmp_path):
    copy = tmp_path / "deck.yaml"
    copy.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    csv_path = tmp_path / "c.csv"
    assert deck_cli("export", str(copy), "-o", str(csv_path)).returncode == 0
    cards = cards_from_csv(csv_path)
    from dataclasses import replace as changed

    cards[1] = changed(cards[1], body="1. Say hello.\n2. Say it again.\n")
    cards.append(changed(cards[0], id="brand-new", title="A New One"))
    del cards[2]
    csv_path.write_text(cards_to_csv(cards), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(copy))
    assert proc.returncode == 0, proc.stderr
    text = copy.read_text(encoding="utf-8")
    assert '  - id: brand-new\n    title: "A New One"\n    category: welcome\n' in text
    assert "    body: |\n      1. Say hello.\n      2. Say it again.\n" in text
    assert [c.id for c in load_deck(copy).cards] == [c.id for c in cards]


def test_import_into_an_overlay_writes_its_add_replace_and_remove(tmp_path):
    import shutil

    shutil.copytree(ROOT / "decks", tmp_path / "decks")
    overlay_path = tmp_path / "decks" / "local" / "our-infoshop.yaml"
    before = load_deck(overlay_path)
    csv_path = tmp_path / "c.csv"
    assert deck_cli("export", str(overlay_path), "-o", str(csv_path)).returncode == 0
    cards = cards_from_csv(csv_path)
    from dataclasses import replace as changed

    base_ids = {c.id for c in load_deck(BASE).cards}
    kept = [c for c in cards if c.id != "welcome-circle"]
    kept[0] = changed(kept[0], title="Greeters at Every Door")
    kept.append(changed(kept[-1], id="our-own-card", title="Our Own Card"))
    csv_path.write_text(cards_to_csv(kept), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(overlay_path))
    assert proc.returncode == 0, proc.stderr
    text = overlay_path.read_text(encoding="utf-8")
    assert text.startswith("# ") and "extends: ../social-spaces.yaml" in text, "the overlay stays an overlay"
    after = load_deck(overlay_path)
    assert "welcome-circle" not in {c.id for c in after.cards}
    assert {c.id for c in after.cards} == {c.id for c in before.cards} - {"welcome-circle"} | {"our-own-card"}
    assert next(c for c in after.cards if c.id == kept[0].id).title == "Greeters at Every Door"
    assert after.meta["values"] == before.meta["values"], "the space's own values are kept"
    assert "remove: [" in text and "welcome-circle" in text.split("remove: [")[1]
    assert kept[0].id in base_ids and "replace:" in text and "add:" in text


def test_import_into_a_base_deck_that_would_break_an_overlay_is_refused(tmp_path):
    import shutil

    shutil.copytree(ROOT / "decks", tmp_path / "decks")
    base = tmp_path / "decks" / "social-spaces.yaml"
    original = base.read_bytes()
    csv_path = tmp_path / "c.csv"
    assert deck_cli("export", str(base), "-o", str(csv_path)).returncode == 0
    overlay_text = (tmp_path / "decks" / "local" / "our-infoshop.yaml").read_text(encoding="utf-8")
    removed = next(i for i in ("guests-and-hosts", "welcome-circle") if i in overlay_text)
    cards = [c for c in cards_from_csv(csv_path) if c.id != removed]
    csv_path.write_text(cards_to_csv(cards), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(base))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "our-infoshop.yaml builds on this deck and would break" in proc.stderr and removed in proc.stderr
    assert base.read_bytes() == original


def test_import_into_a_new_file_makes_a_deck(tmp_path):
    csv_path = tmp_path / "c.csv"
    assert deck_cli("export", str(BASE), "-o", str(csv_path)).returncode == 0
    proc = deck_cli("import", str(csv_path), "--into", str(tmp_path / "my-deck.yaml"))
    assert proc.returncode == 0, proc.stderr
    deck, base = load_deck(tmp_path / "my-deck.yaml"), load_deck(BASE)
    assert [(c.id, c.title) for c in deck.cards] == [(c.id, c.title) for c in base.cards]
    assert len(deck.categories) == len(base.categories) and deck.meta["values"]["space"] == "your space"


def test_import_into_a_deck_with_a_back_image_and_a_broken_csv(tmp_path):
    from PIL import Image

    low_res_back(tmp_path)
    deck = small_deck(tmp_path / "decks", 2)
    deck.write_text(deck.read_text(encoding="utf-8").replace("deck:\n", "deck:\n  back: {image: tiny.png}\n", 1))
    Image.open(tmp_path / "decks" / "tiny.png")  # the image is there, beside the deck
    run = [sys.executable, "-m", "zinemaker", "deck"]
    subprocess.run(run + ["export", str(deck), "-o", str(tmp_path / "c.csv")], check=True, capture_output=True)
    proc = subprocess.run(
        run + ["import", str(tmp_path / "c.csv"), "--into", str(deck)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    before = deck.read_bytes()
    rows = (tmp_path / "c.csv").read_text(encoding="utf-8").replace(",a,", ",nope,")
    (tmp_path / "c.csv").write_text(rows, encoding="utf-8")
    proc = subprocess.run(
        run + ["import", str(tmp_path / "c.csv"), "--into", str(deck)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "c.csv" in proc.stderr and "unknown category 'nope'" in proc.stderr and "nothing was changed" in proc.stderr
    assert deck.read_bytes() == before and sorted(p.name for p in deck.parent.iterdir()) == ["d.yaml", "tiny.png"]


def _styles():
    body, head = fonts.family("Charis SIL"), fonts.family("Open Sans")
    return _Styles(body, head)


def test_a_long_body_shrinks_until_it_fits_by_height(tmp_path):
    deck = load_deck(small_deck(tmp_path, 1, body=" ".join(["Talk about it together."] * 20)))
    card = deck.cards[0]
    spec = CardSpec(CARD["poker"])
    size, text, ok = fit(card, _styles(), 150, 150, spec)
    assert ok and spec.min_size <= size < spec.max_size
    assert text_height(text, size, 150) <= 150, "fits by height at the size chosen"
    assert text_height(text, size + 0.25, 150) > 150, "a quarter point larger would not fit"
    assert text_height(text, spec.max_size, 150) > 150, "at the largest size it would not have fitted"


def test_a_short_body_keeps_the_largest_size(tmp_path):
    deck = load_deck(small_deck(tmp_path, 1))
    size, _, ok = fit(deck.cards[0], _styles(), 150, 150, CardSpec(CARD["poker"]))
    assert ok and size == 8.5


def test_an_impossible_card_fails_naming_its_id(tmp_path):
    deck = load_deck(small_deck(tmp_path, 2, body=" ".join(["Far too much to say."] * 120)))
    with pytest.raises(ZinemakerError, match="card 'c001' does not fit") as err:
        typeset_faces(deck, CardSpec(CARD["poker"]))
    assert "d.yaml:" in str(err.value)
    faces = typeset_faces(deck, CardSpec(CARD["poker"], allow_overflow=True))
    assert len(faces.overflows) == 2 and "c002" in faces.overflows[1]


def test_a_long_word_shrinks_the_text_until_it_fits_the_width(tmp_path):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis"
    deck = load_deck(small_deck(tmp_path, 1, body=f"Say {word} first."))
    st, spec = _styles(), CardSpec(CARD["poker"])
    size, text, ok = fit(deck.cards[0], st, 140, 300, spec)
    assert ok and size < spec.max_size, "plenty of height: only the width made it smaller"
    width = stringWidth(word, st.body.regular, size)
    assert width <= 140 < stringWidth(word, st.body.regular, size + 0.25)


@pytest.mark.parametrize(
    "word, first",
    [
        ("tea-and-cake-and-biscuits-and-more-tea-and-cake", "tea-"),
        ("https://example.org/organizing/social-spaces/as-if", "https://"),
        ("all—or—nothing—at—all—or—nothing—at—all—or—nothing", "all—"),
    ],
)
def test_long_compounds_and_addresses_break_after_hyphens_dashes_and_slashes(tmp_path, word, first):
    from zinemaker.typeset.lines import break_lines

    deck = load_deck(small_deck(tmp_path, 1, body=f"Bring {word} along."))
    st, spec = _styles(), CardSpec(CARD["poker"])
    size, text, ok = fit(deck.cards[0], st, 140, 300, spec)
    assert ok and size == spec.max_size, "no need to shrink: the word breaks where it may"
    lines = ["".join(sp.text for sp in line) for line in break_lines(text.body[0], size, 140)]
    # Lines joined back: at a space, or right after the hyphen, dash or slash
    # a line ends with, give the sentence again.
    joined = lines[0]
    for ln in lines[1:]:
        joined += ("" if joined.endswith(("-", "—", "/")) else " ") + ln
    assert len(lines) > 1 and joined == f"Bring {word} along."
    assert lines[1].startswith(first) or first in lines[0]
    assert not any(ln.startswith(("-", "/", "—")) for ln in lines), "a break comes after the mark, not before"


def test_a_word_too_wide_even_at_the_smallest_size_is_named(tmp_path):
    word = "x" * 80
    deck = load_deck(small_deck(tmp_path, 1, body=f"Go to {word} now."))
    with pytest.raises(ZinemakerError, match="the word 'xxxx.*' is wider than the card") as err:
        typeset_faces(deck, CardSpec(CARD["poker"]))
    assert "card 'c001'" in str(err.value) and "--allow-overflow" in str(err.value)


def test_allow_overflow_on_the_command_line_builds_and_lists_the_card(tmp_path):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    small_deck(tmp_path / "decks", 3, body=" ".join(["Far too much to say."] * 120))
    (tmp_path / "layouts" / "c.toml").write_text(CARDS_LAYOUT, encoding="utf-8")
    proc = run_build(tmp_path)
    assert proc.returncode == 1 and "card 'c001' does not fit" in proc.stderr
    assert not (tmp_path / "out").exists()
    proc = run_build(tmp_path, "--allow-overflow")
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if ln.startswith("warning:") and "does not fit" in ln]
    assert [w.split("card ")[1][:6] for w in warned] == ["'c001'", "'c002'", "'c003'"]
    assert all("--allow-overflow" not in w and "printed cut off" in w for w in warned)
    sheet = pdfium.PdfDocument((tmp_path / "out" / "c.a4.print.pdf").read_bytes())[0]
    assert sheet.get_textpage().get_text_range().count("[text cut off]") == 3, "each cut card says so"


def test_every_card_of_the_real_deck_fits():
    faces = typeset_faces(load_deck(BASE), CardSpec(CARD["poker"]))
    assert not faces.overflows and min(faces.sizes.values()) >= 6.0


def test_faces_have_trim_and_bleed_boxes_and_one_back(tmp_path):
    from pypdf import PdfReader

    faces = typeset_faces(load_deck(small_deck(tmp_path, 4)), CardSpec(CARD["poker"], bleed=3 * MM))
    r = PdfReader(io.BytesIO(faces.pdf))
    assert len(r.pages) == 5
    for p in r.pages:
        assert float(p.trimbox.width) == pytest.approx(63.5 * MM, abs=0.01)
        assert float(p.bleedbox.width) == pytest.approx(69.5 * MM, abs=0.01)


@pytest.mark.parametrize("count", [8, 9, 10, 17, 18])
@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
def test_deck_backs_land_behind_their_fronts_on_nine_up_sheets(tmp_path, count, flip):
    deck = load_deck(small_deck(tmp_path, count))
    faces = typeset_faces(deck, CardSpec(CARD["poker"]))
    opts = ImposeOptions(PAPER["a4"], flip=flip, margin=5 * MM, backs="single")
    done = impose(open_pdf(faces.pdf), "cards", opts, labels=labels())
    plan = done.plan
    assert plan.grid == (3, 3)
    backs = card_backs(printed_from_plan(plan), plan)
    assert len(backs) == count and all(b.offset < 0.1 * MM and b.seen.upright for b in backs)
    # On paper: every card's number on the front, the deck's title on the back.
    doc = pdfium.PdfDocument(done.files["sheets"].data)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(0, len(doc), 2))
    assert all(f"{n} / {count}" in text for n in range(1, count + 1))
    assert "Social Spaces" not in text
    assert "Test Deck" in doc[1].get_textpage().get_text_range()


@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
def test_sheets_drawn_straight_from_the_deck_look_like_imposed_faces(tmp_path, flip):
    """A build draws each front straight onto its sheet. Rendered, its
    sheets are the sheets made by imposing the faces PDF, pixel for pixel
    but for a few anti-aliased edge pixels."""
    from PIL import ImageChops

    from zinemaker.impose.drawn import impose_drawn
    from zinemaker.impose.options import Pages
    from zinemaker.typeset.cards import CardArt

    art = CardArt(load_deck(small_deck(tmp_path, 10)), CardSpec(CARD["poker"]))
    opts = ImposeOptions(PAPER["a4"], flip=flip, margin=5 * MM, backs="single", back_offset=(1.0, -2.0))
    pdf = impose(open_pdf(art.pdf()), "cards", opts, "Test Deck", labels=labels()).files["sheets"].data
    pages = Pages(art.fronts + 1, *art.spec.trim, art.spec.bleed)
    drawn = impose_drawn(art, pages, "cards", opts, "Test Deck", labels=labels()).files["sheets"].data
    a, b = pdfium.PdfDocument(pdf), pdfium.PdfDocument(drawn)
    assert len(a) == len(b) == 4
    for i in range(len(a)):
        pa, pb = (d[i].render(scale=1.5).to_pil().convert("L") for d in (a, b))
        diff = ImageChops.difference(pa, pb).point(lambda v: 255 if v > 64 else 0)
        assert diff.histogram()[255] < 20, f"sheet side {i + 1} differs"
        assert pa.getextrema() != (255, 255), "something is printed"


def test_a_built_card_sheet_stores_the_back_once(tmp_path):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    small_deck(tmp_path / "decks", 20)
    (tmp_path / "layouts" / "c.toml").write_text(CARDS_LAYOUT, encoding="utf-8")
    proc = run_build(tmp_path, "-q")
    assert proc.returncode == 0, proc.stderr
    from pypdf import PdfReader

    pdf = (tmp_path / "out" / "c.a4.print.pdf").read_bytes()
    r = PdfReader(io.BytesIO(pdf))
    assert len(r.pages) == 6, "20 cards: three sheets, both sides"
    face = (69.5 * MM, 94.9 * MM)
    backs = set()
    for page in r.pages[1::2]:
        for ref in page["/Resources"]["/XObject"].values():
            bbox = [float(v) for v in ref.get_object()["/BBox"]]
            if abs(bbox[2] - face[0]) < 0.01 and abs(bbox[3] - face[1]) < 0.01:
                backs.add(ref.idnum)
    assert len(backs) == 1, "one back, stored once, placed on every back"
    assert r.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"
    assert r.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipLongEdge"
    doc = pdfium.PdfDocument(pdf)
    fronts = "".join(doc[i].get_textpage().get_text_range() for i in range(0, 6, 2))
    assert all(f"{n} / 20" in fronts for n in range(1, 21))
    assert doc[1].get_textpage().get_text_range().count("Test Deck") >= 9


def run_build(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", "build", *args], cwd=project, capture_output=True, text=True, timeout=120
    )


CARDS_LAYOUT = """\
[cards]
deck = "decks/d.yaml"
[output]
papers = ["a4"]
margin = "5mm"
"""


@pytest.mark.parametrize(
    "deck_text, needle",
    [
        (
            "deck: {title: T}\ncategories: []\ncards:\n  - {id: x, title: T, category: nope, body: B}\n",
            "unknown category 'nope'",
        ),
        ("deck: {title: T}\ncards:\n  - {id: x, title: T, body: B}\n", "has no category"),
        ("deck: {title: T}\ncategories:\n  - {id: a, colour: red}\ncards: []\n", "hex colour"),
        ("deck: [this is: wrong\n", "not valid YAML"),
        (
            "deck: {title: T, theme: {back: navy}}\ncategories:\n  - {id: a}\ncards:\n"
            "  - {id: x, title: T, category: a, body: B}\n",
            "deck.theme.back: found 'navy', expected a hex colour",
        ),
        (
            "deck: {title: T, titel: U}\ncategories:\n  - {id: a}\ncards:\n"
            "  - {id: x, title: T, category: a, body: B}\n",
            "unknown field deck.titel (did you mean 'title'?)",
        ),
        (
            "deck: {title: T, back: {by_category: yes please}}\ncategories:\n  - {id: a}\ncards:\n"
            "  - {id: x, title: T, category: a, body: B}\n",
            "deck.back.by_category: found 'yes please', expected true or false",
        ),
        (
            "deck: {title: T}\ncategories:\n  - {id: a}\ncards:\n  - {id: x, title: T, category: a, body: B}\n"
            "  - {id: x, title: U, category: a, body: C}\n",
            "two cards have the id 'x'",
        ),
        (
            "deck: {title: T}\ncategories:\n  - {id: a}\ncards:\n  - {id: x, title: T, category: a, body: "
            + "'"
            + "Far too much to say on a card. " * 150
            + "'}\n",
            "does not fit",
        ),
    ],
)
def test_bad_decks_give_one_line_and_no_output(tmp_path, deck_text, needle):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "d.yaml").write_text(deck_text, encoding="utf-8")
    (tmp_path / "layouts" / "c.toml").write_text(CARDS_LAYOUT, encoding="utf-8")
    proc = run_build(tmp_path)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("zinemaker: error:")]
    assert len(errors) == 1 and needle in errors[0] and "d.yaml" in errors[0], proc.stderr
    assert not (tmp_path / "out").exists()


def test_the_cards_layout_builds_sheets_and_faces(built_default_cards):
    names = sorted(built_default_cards)
    assert names == [
        "social-spaces-cards.a4.print.pdf",
        "social-spaces-cards.faces.pdf",
        "social-spaces-cards.letter.print.pdf",
    ]
    doc = pdfium.PdfDocument(built_default_cards["social-spaces-cards.faces.pdf"])
    deck = load_deck(BASE)
    # Every exercise, as many copies as it says, and the deck's own three
    # cards (how to use it, the legend, the credits), each with its back.
    assert len(doc) == 2 * (len(deck.expanded()) + 3)
    first, second, last = (doc[i].get_textpage().get_text_range() for i in (0, 2, len(doc) - 2))
    assert "How to Use This Deck" in first and "What the Signs Mean" in second
    assert "Cindy Milstein" in last and "Anti-Copyright" in last


@pytest.fixture(scope="module")
def built_default_cards(tmp_path_factory):
    from zinemaker.build import build

    out = tmp_path_factory.mktemp("cards")
    return {p.name: p.read_bytes() for p in build([ROOT / "layouts" / "social-spaces-cards.toml"], out)}


def test_a_zine_can_carry_exercises_as_pages(tmp_path):
    from zinemaker.build import build

    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "s.yaml").write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "layouts" / "z.toml").write_text(
        '[zine]\ntitle = "Exercises"\n[[content]]\nkind = "cover"\n[[content]]\nkind = "exercises"\n'
        'deck = "decks/s.yaml"\ncategories = ["welcome"]\n[[content]]\nkind = "colophon"\n'
        '[output]\npapers = ["a4"]\n',
        encoding="utf-8",
    )
    files = build([tmp_path / "layouts" / "z.toml"], tmp_path / "out")
    reader = next(p for p in files if p.name.endswith("reader.pdf"))
    doc = pdfium.PdfDocument(str(reader))
    text = " ".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    titles = [c.title for c in load_deck(BASE).cards if c.category == "welcome"]
    positions = [text.find(t) for t in titles]
    assert -1 not in positions and positions == sorted(positions), "every welcome card, in deck order"


def test_png_export_gives_one_300_dpi_picture_per_face_with_bleed(tmp_path):
    (tmp_path / "layouts").mkdir()
    (tmp_path / "decks").mkdir()
    small_deck(tmp_path / "decks", 3)
    (tmp_path / "layouts" / "c.toml").write_text(
        CARDS_LAYOUT.replace("[output]", "png = true\n[output]"), encoding="utf-8"
    )
    proc = run_build(tmp_path, "-q")
    assert proc.returncode == 0, proc.stderr
    pngs = sorted(p.name for p in (tmp_path / "out" / "c.faces").iterdir())
    assert pngs == [f"card-00{n}-{side}.png" for n in (1, 2, 3) for side in ("back", "front")]
    from PIL import Image

    im = Image.open(tmp_path / "out" / "c.faces" / "card-001-front.png")
    assert im.size == (round(69.5 / 25.4 * 300), round(94.9 / 25.4 * 300))  # poker plus 3 mm bleed a side
    assert round(im.info["dpi"][0]) == 300


def test_card_outputs_are_byte_identical_from_the_same_inputs(built_default_cards, tmp_path):
    from zinemaker.build import build

    again = {p.name: p.read_bytes() for p in build([ROOT / "layouts" / "social-spaces-cards.toml"], tmp_path)}
    assert again == built_default_cards


def test_the_back_can_carry_the_decks_own_image(tmp_path):
    from PIL import Image, ImageDraw

    art = Image.new("RGB", (900, 600), (250, 250, 250))
    ImageDraw.Draw(art).ellipse((100, 50, 800, 550), fill=(200, 40, 40))
    (tmp_path / "art").mkdir()
    art.save(tmp_path / "art" / "logo.png")
    path = small_deck(tmp_path, 2)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["deck"]["back"] = {"title": "Test Deck", "image": "art/logo.png"}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    faces = typeset_faces(load_deck(path), CardSpec(CARD["poker"]))
    back = pdfium.PdfDocument(faces.pdf)[2].render(scale=1).to_pil().convert("RGB")
    raw = back.tobytes()
    reds = sum(1 for i in range(0, len(raw), 3) if raw[i] > 150 and raw[i + 1] < 90)
    assert reds > 500, "the red disc is on the back"
    data["deck"]["back"]["image"] = "art/missing.png"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ZinemakerError, match="missing.png"):
        load_deck(path)


def test_check_mode_collects_every_mistake_in_a_deck(tmp_path):
    path = overlay(
        tmp_path,
        "extends: d.yaml\nremove: [c01, c002]\nadd:\n  - id: new\n    title: T\n    category: a\n    body: At {place}\n"
        "  - id: c003\n    title: T\n    category: a\n    body: B\n",
    )
    found: list[ZinemakerError] = []
    load_deck(path, problems=found)
    lines = [str(e) for e in found]
    assert len(lines) == 3, lines
    assert "did you mean 'c001'" in lines[0] and "already has a card 'c003'" in lines[1] and "{place}" in lines[2]
    with pytest.raises(ZinemakerError):  # and without the list, the first one stops the load
        load_deck(path)


def card_project(tmp: Path, data_change=None, layout: str = CARDS_LAYOUT, cards: int = 3) -> Path:  # noqa: ANN001
    """A project folder with a small deck (changed by ``data_change``) and a card layout."""
    (tmp / "layouts").mkdir(exist_ok=True)
    (tmp / "decks").mkdir(exist_ok=True)
    path = small_deck(tmp / "decks", cards)
    if data_change:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data_change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (tmp / "layouts" / "c.toml").write_text(layout, encoding="utf-8")
    return tmp


@pytest.mark.parametrize("text", ["", " ", "\n", "  \n "])
def test_a_paragraph_of_nothing_but_spaces_is_one_empty_line(text):
    from zinemaker.typeset.lines import Para, Span, break_lines, count_lines

    para = Para([Span(text, "Helvetica")])
    assert break_lines(para, 8, 100) == [[]] and count_lines(para, 8, 100) == 1


def test_empty_texts_on_a_card_and_its_back_build(tmp_path):
    def change(data: dict) -> None:
        data["deck"]["back"] = {"footer": " ", "line": " "}
        data["cards"][0]["body"] = "## \n\nSome text."

    proc = run_build(card_project(tmp_path, change), "-q")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr


@pytest.mark.parametrize("cid", ["back", "slug-0", "cat-0"])
def test_any_category_id_builds(tmp_path, cid):
    def change(data: dict) -> None:
        data["categories"][0]["id"] = cid
        for card in data["cards"]:
            card["category"] = cid

    proc = run_build(card_project(tmp_path, change), "-q")
    assert proc.returncode == 0, proc.stderr


def low_res_back(tmp: Path) -> None:
    from PIL import Image

    (tmp / "decks").mkdir(exist_ok=True)
    Image.new("RGB", (60, 40), (200, 40, 40)).save(tmp / "decks" / "tiny.png")


def test_a_blurry_back_image_is_warned_about_once_naming_the_deck(tmp_path):
    low_res_back(tmp_path)
    layout = CARDS_LAYOUT.replace('papers = ["a4"]', 'papers = ["a4", "letter"]\nflip = "manual"')
    project = card_project(tmp_path, lambda d: d["deck"].update(back={"image": "tiny.png"}), layout)
    proc = run_build(project)
    assert proc.returncode == 0, proc.stderr
    warned = [ln for ln in proc.stderr.splitlines() if "dpi" in ln]
    assert len(warned) == 1 and "d.yaml" in warned[0] and "deck.back.image" in warned[0], proc.stderr


def test_a_broken_back_image_is_blamed_on_the_deck_once(tmp_path):
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "bad.png").write_bytes(b"not a picture")
    layout = CARDS_LAYOUT.replace("[output]", "faces = false\n[output]").replace(
        'papers = ["a4"]', 'papers = ["a4", "letter"]'
    )
    project = card_project(tmp_path, lambda d: d["deck"].update(back={"image": "bad.png"}), layout)
    proc = run_build(project)
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("zinemaker: error:")]
    assert proc.returncode == 1 and len(errors) == 1, proc.stderr
    assert "d.yaml: deck.back.image" in errors[0] and "output for" not in errors[0]
    proc = subprocess.run(
        [sys.executable, "-m", "zinemaker", "check"], cwd=project, capture_output=True, text=True, timeout=120
    )
    problems = [ln for ln in (proc.stdout + proc.stderr).splitlines() if "bad.png" in ln]
    assert proc.returncode != 0 and len(problems) == 1 and "d.yaml: deck.back.image" in problems[0], problems


def test_manual_duplex_files_carry_only_what_their_side_shows(tmp_path):
    from pypdf import PdfReader

    low_res_back(tmp_path)
    layout = CARDS_LAYOUT.replace('papers = ["a4"]', 'papers = ["a4"]\nflip = "manual"')
    project = card_project(tmp_path, lambda d: d["deck"].update(back={"image": "tiny.png"}), layout)
    assert run_build(project, "-q").returncode == 0

    def forms_and_images(name: str) -> tuple[int, int]:
        r = PdfReader(str(project / "out" / name))
        forms = images = 0
        for num in range(1, int(r.trailer["/Size"])):
            obj = r.get_object(num)
            if hasattr(obj, "get") and obj.get("/Subtype") == "/Form":
                forms += 1
            if hasattr(obj, "get") and obj.get("/Subtype") == "/Image":
                images += 1
        return forms, images

    assert forms_and_images("c.a4.print.fronts.pdf") == (2, 0), "the category band and the slug's bar"
    assert forms_and_images("c.a4.print.backs.pdf") == (2, 1), "the back, with its image, and the slug's bar"


def test_card_sheets_use_only_embedded_fonts(tmp_path):
    from pypdf import PdfReader

    proc = run_build(card_project(tmp_path), "-q")
    assert proc.returncode == 0, proc.stderr
    r = PdfReader(str(tmp_path / "out" / "c.a4.print.pdf"))
    for num in range(1, int(r.trailer["/Size"])):
        obj = r.get_object(num)
        if hasattr(obj, "get") and obj.get("/Type") == "/Font" and obj.get("/Subtype") != "/Type0":
            assert "/FontDescriptor" in obj, f"{obj.get('/BaseFont')} is not embedded"
            desc = obj["/FontDescriptor"].get_object()
            assert any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")), obj.get("/BaseFont")


def two_category_deck(data: dict) -> None:
    data["categories"].append({"id": "b", "name": "Beta", "colour": "#e8d44d", "symbol": "square"})
    for i, card in enumerate(data["cards"]):
        card["category"] = "a" if i % 2 == 0 else "b"
    data["deck"]["back"] = {"title": "Test Deck", "by_category": True}


@pytest.mark.parametrize("flip", ["short-edge", "long-edge"])
def test_backs_by_category_land_behind_their_own_cards(tmp_path, flip):
    """Printed and turned over: behind each card's front is its own
    category's back (read off the PDF where the back of that card lands)."""
    layout = CARDS_LAYOUT.replace('papers = ["a4"]', f'papers = ["a4"]\nflip = "{flip}"')
    project = card_project(tmp_path, two_category_deck, layout, cards=10)
    proc = run_build(project)
    assert proc.returncode == 0 and "a back for each category" in proc.stderr, proc.stderr
    doc = pdfium.PdfDocument((project / "out" / "c.a4.print.pdf").read_bytes())
    w, h = doc[0].get_size()
    tw, th = CARD["poker"]
    seen = 0
    for sheet in range(len(doc) // 2):
        front, back = doc[2 * sheet].get_textpage(), doc[2 * sheet + 1].get_textpage()
        for n in range(1, 11):
            found = front.search(f"{n} / 10", match_whole_word=True).get_next()
            if not found:
                continue
            i, count = found
            right, bottom = front.get_charbox(i + count - 1)[2], front.get_charbox(i)[1]
            cx, cy = right + 4 * MM - tw / 2, bottom - 4 * MM + th / 2  # the card's centre, from its number
            bx, by = (w - cx, cy) if flip == "long-edge" else (cx, h - cy)
            text = back.get_text_bounded(bx - tw / 3, by - th / 3, bx + tw / 3, by + th / 3)
            want, other = ("ALPHA", "BETA") if n % 2 == 1 else ("BETA", "ALPHA")
            assert want in text and other not in text and "Test Deck" in text, (n, text)
            seen += 1
    assert seen == 10


def test_each_distinct_back_is_stored_once(tmp_path):
    from pypdf import PdfReader

    project = card_project(tmp_path, two_category_deck, cards=10)
    assert run_build(project, "-q").returncode == 0
    r = PdfReader(str(project / "out" / "c.a4.print.pdf"))
    backs = {ref.idnum for page in r.pages[1::2] for ref in page["/Resources"]["/XObject"].values()}
    fronts = {ref.idnum for page in r.pages[0::2] for ref in page["/Resources"]["/XObject"].values()}
    # On the backs: the two category backs and the slug's bar; on the fronts:
    # the two category bands and the bar.
    assert len(backs - fronts) == 2 and len(fronts - backs) == 2
    faces = pdfium.PdfDocument((project / "out" / "c.faces.pdf").read_bytes())
    assert len(faces) == 20
    labels = [faces[i].get_textpage().get_text_range() for i in range(1, 20, 2)]
    assert all(("ALPHA" if k % 2 == 0 else "BETA") in t for k, t in enumerate(labels)), "front, its own back, ..."


def test_a_sheet_with_no_room_for_the_slug_says_how_to_print_it(tmp_path):
    # A printer that prints within 1.5 mm of the edge: nine poker cards a
    # Letter sheet, their crop marks printable, and no room left for the slug.
    layout = CARDS_LAYOUT.replace('papers = ["a4"]', 'papers = ["letter"]').replace('"5mm"', '"1.5mm"')
    proc = run_build(card_project(tmp_path, layout=layout, cards=9))
    assert proc.returncode == 0, proc.stderr
    letter = next(ln for ln in proc.stderr.splitlines() if ln.startswith("c (letter)"))
    assert "1 sheets" in letter and "print double-sided, flip on long edge, at 100% / actual size" in letter
    doc = pdfium.PdfDocument((tmp_path / "out" / "c.letter.print.pdf").read_bytes())
    assert "sheet 1/1" not in doc[0].get_textpage().get_text_range(), "no slug on the sheet: the build says it"


def import_cards(tmp: Path, deck_text: str, change) -> tuple[subprocess.CompletedProcess, str]:  # noqa: ANN001
    """Write a deck, export it, let ``change`` edit the cards, import them back."""
    deck = tmp / "deck.yaml"
    deck.write_bytes(deck_text.encode("utf-8"))
    csv_path = tmp / "c.csv"
    assert deck_cli("export", str(deck), "-o", str(csv_path)).returncode == 0
    csv_path.write_text(cards_to_csv(change(cards_from_csv(csv_path))), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(deck))
    return proc, deck.read_bytes().decode("utf-8")


def retitle(cid: str, title: str):  # noqa: ANN201
    from dataclasses import replace as changed

    return lambda cards: [changed(c, title=title) if c.id == cid else c for c in cards]


HEAD = "deck: {title: T}\ncategories:\n  - {id: a, name: A}\n  - {id: b, name: B}\n"


def test_import_keeps_a_heading_comment_with_the_card_below_it(tmp_path):
    text = (
        HEAD + "cards:\n  # ---- A\n  - id: x\n    title: X\n    category: a\n    body: B\n"
        "\n  # ---- B\n  - id: y\n    title: Y\n    category: b\n    body: B\n"
    )
    proc, after = import_cards(tmp_path, text, retitle("x", "Changed"))
    assert proc.returncode == 0, proc.stderr
    assert '# ---- A\n  - id: x\n    title: "Changed"' in after and "# ---- B\n  - id: y" in after, after
    proc, after = import_cards(tmp_path, text, lambda cards: [cards[1], cards[0]])
    assert after.index("# ---- B") < after.index("id: y") < after.index("# ---- A") < after.index("id: x"), after


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "cards: [{id: x, title: X, category: a, body: B},\n  {id: y, title: Y, category: b, body: B}]\n",
        HEAD + "cards:\n- id: x\n  title: X\n  category: a\n  body: B\n- id: y\n  title: Y\n  category: b\n  body: B",
        (HEAD + "cards:\n    - id: x\n      title: X\n      category: a\n      body: B\n").replace("\n", "\r\n"),
    ],
    ids=["flow style", "no indent, no final newline", "four spaces, CRLF"],
)
def test_import_into_decks_written_in_other_styles_keeps_every_card(tmp_path, text):
    proc, after = import_cards(tmp_path, text, retitle("x", "Changed"))
    assert proc.returncode == 0, proc.stderr
    cards = load_deck(tmp_path / "deck.yaml").cards
    assert [c.title for c in cards][:1] == ["Changed"] and len(cards) == text.split("cards:")[1].count("id: ")
    assert ("\r\n" in after) == ("\r\n" in text), "line endings as they came"


def test_import_keeps_no_break_spaces_and_ids_yaml_would_misread(tmp_path):
    from dataclasses import replace as changed

    text = HEAD + "cards:\n  - id: x\n    title: X\n    category: a\n    body: B\n"
    proc, _ = import_cards(tmp_path, text, lambda cards: [changed(cards[0], body="Step 1\n\u00a0\nStep 2")])
    assert proc.returncode == 0, proc.stderr
    assert load_deck(tmp_path / "deck.yaml").cards[0].body == "Step 1\n\u00a0\nStep 2"
    base = tmp_path / "base"
    base.mkdir()
    (base / "b.yaml").write_text(
        HEAD + "cards:\n  - {id: 'no', title: N, category: a, body: B}\n  - {id: '1', title: O, category: a, body: B}\n"
        "  - {id: z, title: Z, category: a, body: B}\n",
        encoding="utf-8",
    )
    (base / "o.yaml").write_text("extends: b.yaml\n", encoding="utf-8")
    csv_path = tmp_path / "o.csv"
    assert deck_cli("export", str(base / "o.yaml"), "-o", str(csv_path)).returncode == 0
    keep = [c for c in cards_from_csv(csv_path) if c.id == "z"]
    csv_path.write_text(cards_to_csv(keep), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(base / "o.yaml"))
    assert proc.returncode == 0, proc.stderr
    assert [c.id for c in load_deck(base / "o.yaml").cards] == ["z"]


def test_import_into_an_overlay_keeps_its_translations_and_a_no_op_changes_nothing(tmp_path):
    (tmp_path / "b.yaml").write_text(
        HEAD + "cards:\n  - {id: x, title: X, category: a, body: B}\n  - {id: y, title: Y, category: a, body: B}\n",
        encoding="utf-8",
    )
    overlay = "# ours\nextends: b.yaml\ntranslate:\n  x: {title: Equis}\n  y: {title: Ye}\n"
    (tmp_path / "o.yaml").write_text(overlay, encoding="utf-8")
    csv_path = tmp_path / "o.csv"
    assert deck_cli("export", str(tmp_path / "o.yaml"), "-o", str(csv_path)).returncode == 0
    assert deck_cli("import", str(csv_path), "--into", str(tmp_path / "o.yaml")).returncode == 0
    assert (tmp_path / "o.yaml").read_text(encoding="utf-8") == overlay, "nothing changed: nothing is written"
    cards = cards_from_csv(csv_path)
    from dataclasses import replace as changed

    csv_path.write_text(cards_to_csv([changed(cards[0], body="New body"), cards[1]]), encoding="utf-8")
    proc = deck_cli("import", str(csv_path), "--into", str(tmp_path / "o.yaml"))
    assert proc.returncode == 0 and "translate: of x is now part of replace:" in proc.stderr, proc.stderr
    data = yaml.safe_load((tmp_path / "o.yaml").read_text(encoding="utf-8"))
    assert data["translate"] == {"y": {"title": "Ye"}}, "the untouched card keeps following its base, translated"
    assert data["replace"][0]["title"] == "Equis" and data["replace"][0]["body"].strip() == "New body"


def test_a_card_cut_off_keeps_its_body_first_and_says_so_on_the_card(tmp_path):
    from zinemaker.typeset.cards import CardArt

    path = small_deck(tmp_path, 2, body=" ".join(["Far too much to say."] * 30))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cards"][0]["quote"] = " ".join(["A quote that goes on."] * 60)
    data["cards"][1]["body"] = "Go to " + "x" * 80 + " now."  # too wide, not too long
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    art = CardArt(load_deck(path), CardSpec(CARD["poker"], allow_overflow=True))
    assert len(art.overflows) == 2
    doc = pdfium.PdfDocument(art.pdf())
    w, h = doc[0].get_size()
    tp = doc[0].get_textpage()
    found = tp.search("[text cut off]").get_next()
    assert found, "the cut card says so"
    x0, y0, x1, y1 = tp.get_charbox(found[0])
    assert 0 < x0 and x1 < w and 0 < y0 and y1 < h, "on the card"
    body = tp.get_text_bounded(0, y1, w, h)
    assert body.count("Far too much") >= 10, "the body comes before a long quote"
    assert "[text cut off]" not in doc[1].get_textpage().get_text_range(), "a word cut by letters loses no text"


def test_check_reports_values_that_are_not_a_mapping(tmp_path):
    project = card_project(tmp_path, lambda d: d["deck"].update(values=["the Hall"]))
    proc = subprocess.run(
        [sys.executable, "-m", "zinemaker", "check"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "deck.values: must be a mapping" in proc.stdout + proc.stderr


def test_the_decks_own_texts_take_its_values_too(tmp_path):
    """{space} and {contact} are filled on the how-to card and the back as on
    the cards; one with no value is named by its field."""
    path = overlay(
        tmp_path,
        """\
        extends: d.yaml
        deck:
          values: {space: "the Red Door", contact: "Sam at the desk"}
          how_to: "1. Ask {contact} if in doubt."
          back: {footer: "{space} library"}
        """,
    )
    deck = load_deck(path)
    assert deck.meta["how_to"] == "1. Ask Sam at the desk if in doubt."
    assert deck.meta["back"]["footer"] == "the Red Door library"
    path.write_text(path.read_text().replace("{contact}", "{phone}"), encoding="utf-8")
    with pytest.raises(ZinemakerError, match=r"deck\.how_to uses \{phone\}, but the deck has no value for it"):
        load_deck(path)
