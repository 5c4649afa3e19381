"""The zinemaker program (console script, ``python -m zinemaker``): it tunes
the garbage collector and skips the interpreter's teardown, and none of that
may change what it prints, writes or exits with, nor reach a library call."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from helpers import numbered_pdf

from zinemaker.cli import main


def zm(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zinemaker", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_version_answered_early_says_what_click_says(tmp_path):
    assert zm("--version", cwd=tmp_path).stdout == CliRunner().invoke(main, ["--version"]).output


def test_the_program_writes_the_same_sheets_as_a_library_call(tmp_path):
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(24))
    args = ["impose", "in.pdf", "--sheet", "a4", "--scheme", "saddle"]
    done = zm(*args, "-o", "program.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    # Everything it had to say came out, though the process skipped its teardown.
    assert "program.pdf: 24 pages on 6 sheets." in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith(f"{len(done.stdout.splitlines()) - 2}. ")
    args[1] = str(tmp_path / "in.pdf")
    assert CliRunner().invoke(main, [*args, "-o", str(tmp_path / "library.pdf")]).exit_code == 0
    assert (tmp_path / "program.pdf").read_bytes() == (tmp_path / "library.pdf").read_bytes()


def test_the_program_exits_with_the_commands_code(tmp_path):
    done = zm("impose", "missing.pdf", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.strip() == "zinemaker: error: missing.pdf: no such file: check the path"
    assert zm("no-such-command", cwd=tmp_path).returncode == 2
    assert zm("--help", cwd=tmp_path).returncode == 0


def test_a_library_call_leaves_the_collector_alone(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(8))
    assert CliRunner().invoke(main, ["impose", str(tmp_path / "in.pdf"), "--sheet", "a4"]).exit_code == 0
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_no_test_times_anything(root):
    # No test reads a clock (a sleep to let a watcher see a change is fine).
    # Speed is measured by bench/, as ratios from one run; a test that
    # asserts seconds fails on a busy machine and passes on a broken one.
    clocks = ("perf_counter", "monotonic", "process_time", "time.time(", "time_ns", "timeit", "datetime.now")
    for path in sorted((root / "tests").glob("*.py")):
        if path.name == "test_program.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not [c for c in clocks if c in text], path.name
