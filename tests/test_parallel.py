"""The second core: a build made partly in a forked copy is the build made
in one process, file for file, line for line; a copy that fails costs
nothing but time, and an interrupt leaves no copy running."""

from __future__ import annotations

import os
import signal
import warnings
from pathlib import Path

import pytest

from zinemaker import parallel
from zinemaker.build import build
from zinemaker.errors import ZinemakerError, ZinemakerWarning

ROOT = Path(__file__).resolve().parents[1]
TWO_CORES = parallel.cores() >= 2 and os.name == "posix"


@pytest.fixture()
def forking(monkeypatch):
    """Forking allowed, as in the program, and every fork counted."""
    forks = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            forks.append(pid)
        return pid

    monkeypatch.setattr(parallel, "ENABLED", True)
    monkeypatch.setattr(parallel, "idle_cores", lambda: 2.0)  # however busy the test machine is
    monkeypatch.setattr(os, "fork", fork)
    return forks


def _build(out: Path) -> tuple[dict[str, bytes], list[str]]:
    said: list[str] = []
    paths = sorted((ROOT / "layouts").glob("*.toml"))
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        build(paths, out, said.append)
    finally:
        os.chdir(cwd)
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())}, said


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_the_default_build_made_on_two_cores_is_the_one_made_on_one(tmp_path, forking):
    two = _build(tmp_path / "two")
    assert forking, "the last layout was built in a copy"
    parallel.ENABLED = False
    one = _build(tmp_path / "one")
    assert two[0] == one[0]  # every file, byte for byte
    assert two[1] == one[1]  # every line said, in the same order


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_a_last_layout_that_fails_says_what_it_says_in_one_process(tmp_path, forking):
    import shutil

    for folder in ("layouts", "texts", "decks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    zine = tmp_path / "layouts" / "social-spaces.toml"  # the last: made in the copy
    zine.write_text(zine.read_text(encoding="utf-8").replace('body = "Charis SIL"', 'body = "Nope Sans"'))
    paths = sorted((tmp_path / "layouts").glob("*.toml"))

    def run() -> tuple[list[str], str]:
        said: list[str] = []
        cwd = os.getcwd()
        os.chdir(tmp_path)
        try:
            with pytest.raises(ZinemakerError) as err:
                build(paths, tmp_path / "out", said.append)
        finally:
            os.chdir(cwd)
        return said, str(err.value)

    two = run()
    assert forking
    parallel.ENABLED = False
    one = run()
    assert two == one and "Nope Sans" in one[1]
    assert one[0][-1] == "typesetting social-spaces for letter ..."  # said before it failed, both ways
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_a_copy_that_dies_or_fails_leaves_the_work_to_the_program(forking):
    here = os.getpid()

    def dies() -> bytes:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return b"made here"

    assert parallel.Later(dies).result() == b"made here"

    def fails() -> bytes:
        raise ZinemakerError("the layout's own mistake", "layouts/z.toml")

    with pytest.raises(ZinemakerError, match="the layout's own mistake"):
        parallel.Later(fails).result()  # raised by the program, as one process would
    assert len(forking) == 2 and parallel._running == 0


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_a_copys_warnings_are_said_once_by_the_program(forking):
    def warns() -> bytes:
        warnings.warn(ZinemakerWarning("an image at 90 dpi"), stacklevel=1)
        return b"pdf"

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert parallel.Later(warns).result() == b"pdf"
    assert [str(w.message) for w in caught] == ["an image at 90 dpi"]
    assert forking


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_one_copy_at_a_time_and_a_cancelled_one_is_gone(forking):
    first = parallel.Later(lambda: b"x" * 10_000_000)  # more than a pipe holds: the copy waits
    second = parallel.Later(lambda: b"y")
    assert len(forking) == 1, "no second copy while one runs"
    first.cancel()
    with pytest.raises(ChildProcessError):
        os.waitpid(forking[0], os.WNOHANG)  # reaped: no zombie left
    assert second.result() == b"y" and parallel._running == 0


def test_a_busy_machine_or_one_core_gets_no_copy(monkeypatch):
    monkeypatch.setattr(parallel, "ENABLED", True)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(os, "getloadavg", lambda: (1.6, 1.0, 1.0))  # the other core busy with other work
    assert parallel.Later(lambda: b"here").result() == b"here"
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))  # one core, idle
    assert parallel.Later(lambda: b"here").result() == b"here"
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    assert parallel.can_fork()  # two, idle: the copy would be made


def test_a_library_call_never_forks(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    assert not parallel.can_fork()
    assert parallel.Later(lambda: b"here").result() == b"here"


@pytest.mark.parametrize("value, warned", [("abc", True), ("3", True), ("1", False), ("2", False), ("", False)])
def test_a_jobs_setting_that_means_nothing_is_said(value, warned):
    """ZINEMAKER_JOBS takes 1 or 2; anything else is named, not silently taken as unset."""
    import subprocess
    import sys

    env = dict(os.environ, ZINEMAKER_JOBS=value)
    proc = subprocess.run([sys.executable, "-m", "zinemaker", "impose", "--help"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert ("ZINEMAKER_JOBS" in proc.stderr) == warned, proc.stderr
    if warned:
        assert proc.stderr.count("\n") == 1 and f"ZINEMAKER_JOBS='{value}'" in proc.stderr
