"""Ctrl-C and SIGTERM at any moment of a real build: out/ is all old or all
new, no temporary file is left, the exit is 130 (or 0, had the build
finished) and the last line says truly what happened. And the writer's own
promises, checked in-process where a signal can be placed exactly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import zine_layout

from zinemaker import interrupt
from zinemaker.write import write_all

ROOT = Path(__file__).resolve().parents[1]
OLD = b"%PDF an earlier good output"

LAYOUT = zine_layout(text="texts/essay.md", papers='["a4", "letter"]')

NAMES = ["z.a4.reader.pdf", "z.a4.print.pdf", "z.letter.reader.pdf", "z.letter.print.pdf"]


def project(tmp: Path) -> Path:
    (tmp / "layouts").mkdir()
    (tmp / "texts").mkdir()
    (tmp / "layouts" / "z.toml").write_text(LAYOUT, encoding="utf-8")
    essay = (ROOT / "texts" / "milstein-organizing-social-spaces.md").read_text(encoding="utf-8")
    (tmp / "texts" / "essay.md").write_text(essay, encoding="utf-8")
    return tmp


def start(cwd: Path) -> subprocess.Popen:
    # start_new_session: the signal reaches the build only, and SIGINT is not
    # inherited as ignored (as it is for a shell's background job).
    return subprocess.Popen(
        [sys.executable, "-m", "zinemaker", "build", "-q"],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )


@pytest.fixture(scope="module")
def new_files(tmp_path_factory) -> dict[str, bytes]:
    """What a whole build writes, to compare an interrupted one with."""
    tmp = project(tmp_path_factory.mktemp("whole"))
    proc = start(tmp)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return {n: (tmp / "out" / n).read_bytes() for n in NAMES}


@pytest.mark.parametrize(
    ("sig", "delay"),
    [
        (signal.SIGINT, 0.25),  # importing click, reportlab, pyphen
        (signal.SIGTERM, 1.0),  # typesetting
        (signal.SIGINT, 2.0),  # imposing, writing, or done
    ],
    ids=["SIGINT-0.25s", "SIGTERM-1.0s", "SIGINT-2.0s"],
)
def test_an_interrupt_leaves_out_all_old_or_all_new(tmp_path, new_files, sig, delay):
    tmp = project(tmp_path)
    (tmp / "out").mkdir()
    for n in NAMES:
        (tmp / "out" / n).write_bytes(OLD)
    proc = start(tmp)
    time.sleep(delay)  # wherever it lands: the promise is the same
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=120)
    files = {p.name: p.read_bytes() for p in (tmp / "out").iterdir()}
    assert sorted(files) == sorted(NAMES), "no temporary file left, nothing missing"
    assert "Traceback" not in err.decode()
    if all(files[n] == OLD for n in NAMES):
        assert proc.returncode == 130, err
        lines = err.decode().strip().splitlines()
        assert lines and lines[-1] == "zinemaker: stopped; no file was changed", err
    else:
        assert files == new_files, "every output new, none old"
        assert proc.returncode in (0, 130), err


@pytest.fixture()
def fresh_interrupt(monkeypatch):
    monkeypatch.setattr(interrupt, "_requested", False)
    monkeypatch.setattr(interrupt, "_holding", False)
    monkeypatch.setattr(interrupt, "written", [])


def test_a_swallowed_interrupt_still_stops_before_any_file_is_replaced(tmp_path, fresh_interrupt):
    # reportlab imports pyphen under a bare except: a Ctrl-C there is lost,
    # but the handler's flag is not.
    targets = {tmp_path / f"f{i}.pdf": b"new" for i in range(3)}
    for t in targets:
        t.write_bytes(OLD)
    interrupt._requested = True
    with pytest.raises(KeyboardInterrupt):
        write_all(targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.pdf", "f1.pdf", "f2.pdf"]
    assert all(t.read_bytes() == OLD for t in targets)
    assert interrupt.message() == "zinemaker: stopped; no file was changed"


def test_an_interrupt_during_the_renames_is_held_until_all_are_done(tmp_path, fresh_interrupt, monkeypatch):
    targets = {tmp_path / f"f{i}.pdf": b"new %d" % i for i in range(4)}
    for t in targets:
        t.write_bytes(OLD)
    real = os.replace
    calls = []

    def replace(src, dst):  # noqa: ANN001, ANN202
        calls.append(dst)
        if len(calls) == 2:
            interrupt._handler(signal.SIGINT, None)  # the signal lands between two renames
        return real(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_all(targets)
    assert [t.read_bytes() for t in targets] == [b"new %d" % i for i in range(4)], "all new, none old"
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"f{i}.pdf" for i in range(4)]
    assert interrupt.message().startswith("zinemaker: stopped; 4 file(s) had been written whole")


def test_a_failed_write_leaves_every_earlier_output_and_no_temporary_file(tmp_path, fresh_interrupt, monkeypatch):
    from zinemaker.errors import ZinemakerError

    targets = {tmp_path / f"f{i}.pdf": b"new" for i in range(3)}
    for t in targets:
        t.write_bytes(OLD)
    real = os.fsync
    count = []

    def full(fd: int) -> None:
        count.append(fd)
        if len(count) == 3:
            raise OSError(28, "No space left on device")
        real(fd)

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(ZinemakerError, match="disk is full"):
        write_all(targets)
    assert all(t.read_bytes() == OLD for t in targets)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.pdf", "f1.pdf", "f2.pdf"]


def test_init_interrupted_leaves_no_half_folder(tmp_path, fresh_interrupt, monkeypatch):
    import shutil

    from zinemaker.init import init_space

    real = shutil.copyfile
    monkeypatch.setattr(shutil, "copyfile", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(KeyboardInterrupt):
        init_space("Our Space", "a4", None)
    assert list(tmp_path.iterdir()) == [], "no folder, no hidden temporary one"
    monkeypatch.setattr(shutil, "copyfile", real)
    init_space("Our Space", "a4", None)  # and a second try is not refused
    assert (tmp_path / "our-space" / "layouts" / "our-space.toml").is_file()


def test_an_interrupt_where_python_cannot_raise_it_prints_no_traceback(tmp_path):
    """A Ctrl-C that lands in a finalizer is "ignored" by Python, which would
    print its traceback; the program says nothing of it, and stops anyway."""
    script = (
        "import sys\n"
        "from zinemaker import interrupt\n"
        "interrupt.install()\n"
        "class Finalized:\n"
        "    def __del__(self):\n"
        "        interrupt._handler(2, None)\n"
        "Finalized()\n"
        "print('requested', interrupt.requested())\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.stdout.strip() == "requested True"
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
