"""The zinemaker program (console script, ``python -m zinemaker``): it tunes
the garbage collector and skips the interpreter's teardown, and none of that
may change what it prints, writes or exits with, nor reach a library call."""

from __future__ import annotations

import gc
import os
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


def test_help_answered_early_says_what_click_says(tmp_path):
    # Printed without loading click, drawn by click's group with the same
    # function: the same words, at the terminal's width (here $COLUMNS).
    for columns in ("40", "64", "80", "132"):
        env = {**os.environ, "COLUMNS": columns}
        early = subprocess.run(
            [sys.executable, "-m", "zinemaker", "--help"], cwd=tmp_path, capture_output=True, text=True, env=env
        )
        assert early.returncode == 0
        for words in ("-h", "--help"):
            by_click = subprocess.run(
                [sys.executable, "-c", f"from zinemaker.cli import main; main([{words!r}])"],
                cwd=tmp_path, capture_output=True, text=True, env=env,
            )
            assert (by_click.returncode, by_click.stdout) == (0, early.stdout)
        lines = early.stdout.splitlines()
        assert max(len(line) for line in lines) <= max(min(int(columns), 100) - 2, 50)
    for words in (["-h"], ["--help"]):
        done = subprocess.run([sys.executable, "-c", LOADS_CLICK, *words], capture_output=True, text=True)
        assert done.stderr == "False\n"


#: Runs the program as the console script does, then says whether click was loaded.
LOADS_CLICK = """
import os, sys
sys.argv[0] = "zinemaker"
os._exit = lambda code: (print("click" in sys.modules, file=sys.stderr), sys.exit(code))
sys.stdout = open(os.devnull, "w")
from zinemaker.program import run
try:
    run()
except SystemExit:
    pass
"""


def test_help_lists_every_command_with_the_first_sentence_of_its_own_help():
    from zinemaker import helptext

    listed = dict(helptext.COMMANDS)
    assert list(listed) == sorted(name for name, cmd in main.commands.items() if not cmd.hidden)
    for name, words in listed.items():
        assert words == main.commands[name].get_short_help_str(limit=1000), name
    params = [p for p in main.get_params(main.make_context("zinemaker", ["build"])) if not p.hidden]
    assert [", ".join(sorted(p.opts + p.secondary_opts, key=len)) for p in params] == [t for t, _ in helptext.OPTIONS]
    assert [p.help for p in params] == [w for _, w in helptext.OPTIONS]


#: Runs the program as the console script does, then names the heavy packages it loaded.
LOADED = """
import os, sys
sys.argv[0] = "zinemaker"
HEAVY = ("click", "pypdf", "reportlab", "reportlab.platypus", "markdown_it", "yaml", "uharfbuzz", "pyphen",
         "http", "email", "ssl", "socket")
leave = os._exit
def report(code):
    print(" ".join(m for m in HEAVY if m in sys.modules), file=sys.stderr)
    leave(code)
os._exit = report
from zinemaker.program import run
run()
"""


def loaded(*args: str, cwd: Path) -> set[str]:
    done = subprocess.run([sys.executable, "-c", LOADED, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def test_each_command_loads_only_what_it_needs(tmp_path, root):
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(8))
    # Imposing someone's PDF: no typesetting, no fonts (no sheet here has room for a slug).
    assert loaded("impose", "in.pdf", "--sheet", "a4", cwd=tmp_path) == {"click", "pypdf"}
    # A deck's sheets are drawn straight: neither Platypus nor pypdf.
    cards = loaded("build", "-q", "-o", str(tmp_path / "out"), "layouts/social-spaces-cards.toml", cwd=root)
    assert "reportlab" in cards and not cards & {"pypdf", "reportlab.platypus"}, cards
    assert not cards & {"http", "email", "ssl", "socket"}, "nothing reaches for the network stack"
    assert loaded("--version", cwd=tmp_path) == set()


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
    wrong = zm("no-such-command", cwd=tmp_path)
    assert wrong.returncode == 2
    # One line, as the library call says it (click alone prints Usage, Try and Error).
    assert wrong.stderr == CliRunner().invoke(main, ["no-such-command"]).stderr
    assert wrong.stderr.count("\n") == 1 and "commands: build" in wrong.stderr
    assert zm("--help", cwd=tmp_path).returncode == 0


def test_a_library_call_leaves_the_collector_alone(tmp_path):
    before = gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()
    (tmp_path / "in.pdf").write_bytes(numbered_pdf(8))
    assert CliRunner().invoke(main, ["impose", str(tmp_path / "in.pdf"), "--sheet", "a4"]).exit_code == 0
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == before


def test_a_deck_is_built_with_no_collection_and_what_it_made_is_frozen_after():
    """In the program, work whose objects live to the end (a card build)
    runs with the collector off, and what it made is frozen after, even
    when the work fails; work inside it changes nothing; a library call
    keeps its collector as it is."""
    code = (
        "import gc\n"
        "from zinemaker import program\n"
        "program._program = True\n"
        "frozen = gc.get_freeze_count()\n"
        "with program.long_lived():\n"
        "    assert not gc.isenabled()\n"
        "    with program.long_lived():\n"
        "        made = [[i] for i in range(1000)]\n"
        "    assert not gc.isenabled()\n"
        "assert gc.isenabled() and gc.get_freeze_count() >= frozen + 1000\n"
        "try:\n"
        "    with program.long_lived():\n"
        "        raise ValueError\n"
        "except ValueError:\n"
        "    pass\n"
        "assert gc.isenabled()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    from zinemaker import program

    before = gc.get_freeze_count(), gc.isenabled()
    with program.long_lived():
        assert (gc.get_freeze_count(), gc.isenabled()) == before
    assert (gc.get_freeze_count(), gc.isenabled()) == before


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


def test_an_early_answer_to_a_reader_that_has_gone_is_no_traceback(tmp_path):
    # `zinemaker --help | head -1`: the pipe is closed before the help is written.
    import os

    for args in (["--help"], ["--version"], ["impose", "--help"]):
        read, write = os.pipe()
        os.close(read)
        done = subprocess.run([sys.executable, "-m", "zinemaker", *args], cwd=tmp_path, stdout=write, stderr=subprocess.PIPE, timeout=60)
        os.close(write)
        # Click itself ends a help it could not write with exit 1 and nothing said; the early ones with 0.
        assert done.returncode == (1 if args[0] == "impose" else 0) and done.stderr == b"", (args, done.stderr.decode())


#: Runs the program as the console script does, then names the decrypting packages it loaded.
LOADS_CRYPTO = """
import os, sys
sys.argv[0] = "zinemaker"
os._exit = lambda code: (print(sorted({m.split(".")[0] for m in sys.modules} & {"cryptography", "Crypto"}),
                               file=sys.stderr), sys.exit(code))
from zinemaker.program import run
try:
    run()
except SystemExit:
    pass
"""


def test_build_and_preview_load_no_decrypting_package_and_impose_still_decrypts(tmp_path):
    from pypdf import PdfWriter

    from zinemaker.program import CRYPTO, NoCrypto

    env = {**os.environ, "ZINEMAKER_JOBS": "1"}
    root = Path(__file__).resolve().parent.parent
    for command in (["build", "-q", "-o", str(tmp_path / "out")], ["preview", "-o", str(tmp_path / "pre")]):
        done = subprocess.run([sys.executable, "-c", LOADS_CRYPTO, *command], cwd=root, capture_output=True,
                              text=True, env=env, timeout=300)
        assert done.stderr.splitlines()[-1] == "[]", command
    assert NoCrypto().find_spec("numpy") is None
    for name in CRYPTO:
        try:
            NoCrypto().find_spec(name + ".hazmat")
        except ModuleNotFoundError as exc:
            assert exc.name == name + ".hazmat"
        else:
            raise AssertionError(name)
    # impose reads anyone's PDF: an AES one with only an owner password opens as before.
    import io

    w = PdfWriter(clone_from=io.BytesIO(numbered_pdf(4)))
    w.encrypt(user_password="", owner_password="owner", algorithm="AES-256")
    w.write(tmp_path / "locked.pdf")
    done = zm("impose", "locked.pdf", "--sheet", "a4", "-o", "out.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = subprocess.run([sys.executable, "-c", LOADS_CRYPTO, "impose", "locked.pdf", "--sheet", "a4", "-o", "o2.pdf"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.stderr.splitlines()[-1] == "['cryptography']"
