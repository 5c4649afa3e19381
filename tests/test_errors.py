"""Bad input: one clear line naming the file, the place and the fix; a
non-zero exit; no traceback; no half-written or clobbered PDF."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import numbered_pdf, zine_layout
from pypdf import PdfWriter

GOOD = zine_layout()

SENTINEL = b"an earlier good PDF"


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_line_error(proc: subprocess.CompletedProcess, *needles: str) -> None:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("zinemaker: error:")]
    assert len(errors) == 1, proc.stderr
    for needle in needles:
        assert needle in errors[0], errors[0]


def build_fails(project: Path, layout: str, *needles: str, file: str = "z.toml") -> None:
    (project / "layouts" / "z.toml").write_text(layout, encoding="utf-8")
    out = project / "out"
    out.mkdir()
    kept = out / "z.a4.print.pdf"
    kept.write_bytes(SENTINEL)
    proc = run(project, "build")
    assert_one_line_error(proc, file, *needles)
    assert sorted(p.name for p in out.iterdir()) == ["z.a4.print.pdf"], "nothing new, nothing partial"
    assert kept.read_bytes() == SENTINEL, "an existing PDF was clobbered"


def test_the_good_layout_builds(project):
    (project / "layouts" / "z.toml").write_text(GOOD, encoding="utf-8")
    proc = run(project, "build")
    assert proc.returncode == 0, proc.stderr
    assert (project / "out" / "z.a4.print.pdf").read_bytes().startswith(b"%PDF")


def test_missing_text_file(project):
    build_fails(project, GOOD.replace("milstein-organizing", "milstien-organizing"), "content #2.text", "no such file")


def test_unknown_field(project):
    build_fails(
        project,
        GOOD.replace('title = "Test Zine"', 'title = "T"\ntitel = "T"'),
        "zine.titel",
        "unknown field",
        "did you mean 'title'",
    )


def test_unknown_paper_size(project):
    build_fails(project, GOOD.replace('papers = ["a4"]', 'papers = ["a9"]'), "output.papers #1", "'a9'", "letter")


def test_malformed_toml(project):
    build_fails(project, GOOD.replace('title = "Test Zine"', 'title = "Test Zine'), "not valid TOML", "line 2")


@pytest.mark.parametrize("name, text", [("notes.txt", "hello\n"), ("essay.md", ""), ("README", "# Notes\n")])
def test_a_file_that_is_not_a_layout(project, name, text):
    """Not TOML's syntax error: a person who named the wrong file is told a layout is a .toml file."""
    (project / name).write_text(text, encoding="utf-8")
    for command in ("build", "check"):
        proc = run(project, command, name)
        assert proc.returncode != 0 and "Traceback" not in proc.stderr
        first = proc.stderr.splitlines()[0]
        assert "not a layout" in first and ".toml" in first and "not valid TOML" not in first, first
        assert name in first


def test_a_toml_layout_with_a_syntax_error_still_says_where(project):
    (project / "bad.toml").write_text('[zine]\ntitle = "x\n', encoding="utf-8")
    proc = run(project, "check", "bad.toml")
    assert "not valid TOML" in proc.stderr and "line 2" in proc.stderr


@pytest.mark.parametrize(
    "args, near",
    [
        (["--scheme", "sadle"], "did you mean 'saddle'?"),
        (["--sheet", "Leter"], "did you mean 'letter'?"),
        (["--marks", "crop,fodl"], "did you mean 'fold'?"),
    ],
)
def test_a_mistyped_choice_on_the_command_line_offers_the_nearest(tmp_path, args, near):
    pdf = tmp_path / "in.pdf"
    pdf.write_bytes(numbered_pdf(4))
    proc = run(tmp_path, "impose", "in.pdf", "-o", "out.pdf", *args)
    assert_one_line_error(proc, near, "allowed")
    assert not (tmp_path / "out.pdf").exists()


def test_a_mistyped_paper_in_a_layout_offers_the_nearest(project):
    build_fails(project, GOOD.replace('papers = ["a4"]', 'papers = ["A44"]'), "output.papers #1", "did you mean 'a4'?")


def test_unknown_section(project):
    build_fails(
        project, GOOD.replace('"Honest Failures"', '"Honest Failure"'), "content #2.sections", "Honest Failures"
    )


def test_bad_length(project):
    build_fails(project, GOOD + '\n[page]\nbleed = "3 millimetres"\n', "page.bleed", "3mm")


def test_character_missing_from_the_font(project):
    essay = project / "texts" / "milstein-organizing-social-spaces.md"
    lines = essay.read_text(encoding="utf-8").splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.startswith("Several of the workshops"))
    lines[at] = lines[at].replace("workshops", "workshops \u2603", 1)
    essay.write_text("\n".join(lines) + "\n", encoding="utf-8")
    build_fails(
        project, GOOD, "U+2603", "SNOWMAN", "Charis SIL", file=f"texts/milstein-organizing-social-spaces.md:{at + 1}"
    )


def test_impose_encrypted_pdf(tmp_path):
    w = PdfWriter()
    w.append(io.BytesIO(numbered_pdf(4)))
    w.encrypt(user_password="secret", owner_password="owner")
    (tmp_path / "locked.pdf").write_bytes(_bytes(w))
    proc = run(tmp_path, "impose", "locked.pdf", "-o", "out.pdf", "--sheet", "a4")
    assert_one_line_error(proc, "locked.pdf", "password")
    assert not (tmp_path / "out.pdf").exists()


def test_impose_pdf_with_only_an_owner_password_works(tmp_path):
    w = PdfWriter()
    w.append(io.BytesIO(numbered_pdf(4)))
    w.encrypt(user_password="", owner_password="owner")
    (tmp_path / "owner.pdf").write_bytes(_bytes(w))
    proc = run(tmp_path, "impose", "owner.pdf", "-o", "out.pdf", "--sheet", "a4")
    assert proc.returncode == 0, proc.stderr


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\nthis is not really a pdf", numbered_pdf(4)[:900], b""],
    ids=["garbage", "truncated", "empty"],
)
def test_impose_broken_pdf(tmp_path, content):
    (tmp_path / "broken.pdf").write_bytes(content)
    (tmp_path / "out.pdf").write_bytes(SENTINEL)
    proc = run(tmp_path, "impose", "broken.pdf", "-o", "out.pdf", "--sheet", "a4")
    assert_one_line_error(proc, "broken.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == SENTINEL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.pdf", "out.pdf"]


def test_impose_missing_file(tmp_path):
    proc = run(tmp_path, "impose", "nothere.pdf", "--sheet", "a4")
    assert_one_line_error(proc, "nothere.pdf", "no such file")


def test_impose_unknown_sheet(tmp_path):
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(4))
    proc = run(tmp_path, "impose", "in.pdf", "--sheet", "a9")
    assert_one_line_error(proc, "--sheet", "'a9'", "a4")


def test_impose_pages_too_large_says_what_to_do(tmp_path):
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(4))
    proc = run(tmp_path, "impose", "in.pdf", "--sheet", "a5")
    assert_one_line_error(proc, "--fit", "larger --sheet")


def _bytes(w: PdfWriter) -> bytes:
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()
