"""The job ticket: its figures are the build's plan, its total the price
list's, in the layout's language."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from helpers import impose_bytes, numbered_pdf, zine_layout
from pypdf import PdfReader

from zinemaker.definitions.prices import load_prices
from zinemaker.errors import ZinemakerError
from zinemaker.impose.options import ImposeOptions
from zinemaker.ticket import Job, Part, cost_lines, finishing, ticket_pdf, total
from zinemaker.units import PAPER

LAYOUT = zine_layout("Ticket Zine", papers="{papers}", after_title="{language}")

PRICES = """\
name = "Print Corner"
currency = "$"
[black]
letter = 0.08
a4 = 0.07
[colour]
letter = 0.45
a4 = 0.40
[finishing]
staple = 0.05
fold = 0.10
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def text_of(pdf: bytes) -> str:
    return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def test_the_ticket_is_the_builds_plan_and_the_price_lists_sum(project):
    (project / "layouts" / "t.toml").write_text(LAYOUT.format(language="", papers='["letter", "a4"]'), encoding="utf-8")
    (project / "printers").mkdir()
    (project / "printers" / "copyshop.toml").write_text(PRICES, encoding="utf-8")
    proc = run(project, "build", "--copies", "50")
    assert proc.returncode == 0, proc.stderr
    out = project / "out"
    for paper, side_price in (("letter", Decimal("0.08")), ("a4", Decimal("0.07"))):
        sheets = len(PdfReader(str(out / f"t.{paper}.print.pdf")).pages) // 2
        text = text_of((out / f"t.{paper}.ticket.pdf").read_bytes())
        assert "Copies: 50" in text
        assert f"t.{paper}.print.pdf" in text and f"t.{paper}.reader.pdf" in text
        assert "double-sided, flip on short edge" in text and "100% / actual size" in text
        assert f"per copy: {sheets} sheets" in text
        assert "Staple twice" in text and "(100 staples)" in text
        sides = sheets * 2 * 50
        want = sides * side_price + 50 * Decimal("0.10") + 100 * Decimal("0.05")
        assert f"{sides} ${side_price}" in text, text
        assert re.search(rf"Total \${want:.2f}", text), (want, text)


def test_without_copies_there_is_no_ticket(built_default):
    """A build writes what it always wrote."""
    assert not [name for name in built_default if "ticket" in name]


def _job(paper: str, prices: dict, copies: int = 50, colour: bool = False) -> Job:
    half = (PAPER[paper][1] / 2, PAPER[paper][0])
    plan, _ = impose_bytes(numbered_pdf(20, half), "saddle", ImposeOptions(PAPER[paper]))
    part = Part(f"z.{paper}.print.pdf", "parts_print", paper, "", plan.sheet_count, 2, plan.flip, colour)
    return Job("Z", paper, copies, (part,), plan, prices, None, finishing(plan))


def test_changing_the_price_list_and_the_paper_changes_the_sum(tmp_path):
    path = tmp_path / "copyshop.toml"
    path.write_text(PRICES, encoding="utf-8")
    prices = load_prices(path)
    # 20 pages saddle-stitched: 5 sheets, 10 sides a copy; one fold, two staples.
    assert total(_job("letter", prices)) == 500 * Decimal("0.08") + 50 * Decimal("0.10") + 100 * Decimal("0.05")
    assert total(_job("a4", prices)) == 500 * Decimal("0.07") + Decimal("5.00") + Decimal("5.00")
    assert total(_job("a4", prices, colour=True)) == 500 * Decimal("0.40") + Decimal("10.00")
    assert total(_job("a4", prices, copies=7)) == 70 * Decimal("0.07") + 7 * Decimal("0.10") + 14 * Decimal("0.05")
    path.write_text(PRICES.replace("a4 = 0.07", "a4 = 0.11").replace("staple = 0.05", "staple = 0.5"))
    dearer = load_prices(path)
    assert total(_job("a4", dearer)) == 500 * Decimal("0.11") + Decimal("5.00") + 100 * Decimal("0.5")
    # Exact decimals: 0.1 x 3 is 0.3, not 0.30000000000000004.
    path.write_text('[black]\na4 = 0.1\n[finishing]\nfold = 0.1\nstaple = 0.1\n')
    assert total(_job("a4", load_prices(path), copies=3)) == Decimal("3.0") + Decimal("0.3") + Decimal("0.6")


def test_a_price_missing_for_the_paper_says_which_to_add(tmp_path):
    path = tmp_path / "copyshop.toml"
    path.write_text("[black]\nletter = 0.08\n", encoding="utf-8")
    with pytest.raises(ZinemakerError, match=r"black\.a4: no price .* add a4 = 0.00 under \[black\]"):
        cost_lines(_job("a4", load_prices(path)))
    path.write_text("[black]\nletterr = 0.08\n", encoding="utf-8")
    with pytest.raises(ZinemakerError, match="black.letterr: unknown"):
        load_prices(path)


def test_the_ticket_is_in_the_layouts_language(project):
    (project / "layouts" / "t.toml").write_text(LAYOUT.format(language='language = "es"', papers='["a4"]'), encoding="utf-8")
    proc = run(project, "build", "--copies", "20", "layouts/t.toml")
    assert proc.returncode == 0, proc.stderr
    text = text_of((project / "out" / "t.a4.ticket.pdf").read_bytes())
    assert "Trabajo de impresión" in text and "Copias: 20" in text and "Grapar dos veces" in text
    assert "doble cara" in text and "Sin lista de precios" in text


def test_card_ticket_counts_the_cuts_and_names_the_cut_file():
    """A guillotine's cuts through the grid (between cards and round the
    outside), charged once for the stack; with a cut file, the plotter cuts."""
    plan, _ = impose_bytes(numbered_pdf(18, (63.5 * 2.8346, 88.9 * 2.8346)), "cards", ImposeOptions(PAPER["a4"]))
    cols, rows = plan.grid
    (cut,) = [f for f in finishing(plan) if f.charge == "cut"]
    assert (cut.count, cut.per) == ((cols - 1) + (rows - 1) + 4, "run")
    assert "crop marks" in cut.text
    machine = finishing(plan, cut_file="c.a4.cut.svg")
    assert not [f for f in machine if f.charge == "cut"] and any("c.a4.cut.svg" in f.text for f in machine)


@pytest.mark.parametrize("margin_mm, has_bar", [(0, False), (12, True)])
def test_the_ticket_names_the_bar_only_where_the_sheets_carry_it(margin_mm, has_bar):
    """Pages that fill the sheet leave no room for the slug and its 50 mm
    bar: the ticket must not send the clerk to measure a bar that isn't
    printed. Smaller pages leave room, and there it is named."""
    from zinemaker.impose.slug import band
    from zinemaker.units import MM

    w, h = PAPER["letter"]
    page = ((h / 2) - 2 * margin_mm * MM, w - 2 * margin_mm * MM)
    plan, _ = impose_bytes(numbered_pdf(8, page), "saddle", ImposeOptions(PAPER["letter"]))
    assert (band(plan, 0, "front") is not None) is has_bar
    part = Part("z.letter.print.pdf", "parts_print", "letter", "", plan.sheet_count, 2, plan.flip, False)
    job = Job("Z", "letter", 10, (part,), plan, None, None, finishing(plan))
    text = text_of(ticket_pdf(job))
    assert "100% / actual size" in text
    assert ("must measure 50 mm" in text) is has_bar


def test_a_photocopy_build_of_cards_has_its_own_ticket_for_the_real_paper(project):
    """--grayscale writes NAME.PAPER.print.grey.pdf beside the colour files; its
    ticket is NAME.PAPER.ticket.grey.pdf and names the paper as it is."""
    import shutil

    from helpers import SMALL_DECK

    (project / "decks").mkdir()
    (project / "decks" / "d.yaml").write_text(SMALL_DECK, encoding="utf-8")
    (project / "layouts" / "c.toml").write_text(
        '[cards]\ndeck = "decks/d.yaml"\nfaces = false\n[output]\npapers = ["a4"]\n', encoding="utf-8"
    )
    shutil.rmtree(project / "texts")
    proc = run(project, "build", "--grayscale", "--copies", "5")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (project / "out").iterdir())
    assert names == ["c.a4.print.grey.pdf", "c.a4.ticket.grey.pdf"], names
    text = text_of((project / "out" / "c.a4.ticket.grey.pdf").read_bytes())
    assert "Paper: A4" in text and "grey" not in text.replace("c.a4.print.grey.pdf", ""), text
    assert "c (a4 grey):" in proc.stderr + proc.stdout
