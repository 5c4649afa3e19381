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
@pytest.mark.parametrize("how", ["as it is", "killed", "an error", "a warning"])
@pytest.mark.parametrize("paper", ["letter", "a4"])
def test_a_zine_typeset_in_the_copy_and_imposed_here_is_the_zine_made_in_one(tmp_path, monkeypatch, forking, how,
                                                                                 paper):
    """The last layout, a zine, typeset paper by paper in the copy and imposed
    by the program as each comes: the same files and lines as one process,
    also when the copy fails at either paper (then made here, from the first)."""
    from zinemaker import build as build_module

    here = os.getpid()
    calls = tmp_path / "calls"
    real = build_module.typeset_pdf

    def typeset(layout, book, on):  # noqa: ANN001, ANN202
        with calls.open("a") as f:
            f.write(f"{'copy' if os.getpid() != here else 'here'} {on}\n")
        if os.getpid() != here and on == paper:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            if how == "an error":
                raise RuntimeError("in the copy")
            if how == "a warning":
                warnings.warn(ZinemakerWarning("said in the copy"), stacklevel=1)
        return real(layout, book, on)

    monkeypatch.setattr(build_module, "typeset_pdf", typeset)
    two = _build(tmp_path / "two")
    assert len(forking) == 1
    made = calls.read_text().split("\n")[:-1]
    if how == "as it is":
        assert made == ["copy letter", "copy a4"]
    else:  # the copy stopped at ``paper``: every paper typeset here after, in order
        assert made[-2:] == ["here letter", "here a4"] and made[-3] == f"copy {paper}"
    assert parallel._running == 0
    parallel.ENABLED = False
    one = _build(tmp_path / "one")
    assert two[0] == one[0]  # every file, byte for byte
    assert two[1] == one[1]  # every line said, in the same order
    assert not any("said in the copy" in line for line in two[1])


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


# -- one deck's cards fitted in two halves ---------------------------------------------


def _deck(tmp_path: Path, edit=None) -> Path:  # noqa: ANN001
    """The social-spaces deck, with ``edit(cards)`` made to its cards."""
    import yaml

    data = yaml.safe_load((ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8"))
    if edit is not None:
        edit(data["cards"])
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _art(path: Path, spec):  # noqa: ANN001, ANN202
    from zinemaker.content.deck import load_deck
    from zinemaker.typeset.cards import CardArt

    return CardArt(load_deck(path), spec)


def _drawn(art) -> list:  # noqa: ANN001
    """Every paragraph's lines as kept to be drawn (a front's equality leaves them out)."""
    return [
        p._drawn
        for f in art._fronts
        for p in f.title + f.text.body + f.text.quote + [p for fact in f.facts for _, p in fact.items]
    ]


@pytest.fixture()
def halves(monkeypatch, forking):
    """Every deck fitted in two halves, the second in a copy; the runs of
    cards made here (by the program: the copy's are its own) are listed."""
    from zinemaker.typeset import cards

    made = []
    real = cards._Fitting.__init__

    def init(self, art, start: int, stop: int) -> None:  # noqa: ANN001
        made.append((os.getpid(), start, stop))
        real(self, art, start, stop)

    monkeypatch.setattr(cards, "SPLIT", 2)
    monkeypatch.setattr(cards._Fitting, "__init__", init)
    return made


def _both(path: Path, spec, made: list):  # noqa: ANN001, ANN202
    """The deck fitted in two halves (checking the copy's half came back
    from it), then in one process."""
    two = _art(path, spec)
    n = len(two.cards)
    assert made == [(os.getpid(), 0, n // 2)], "the second half was fitted in the copy and taken from it"
    parallel.ENABLED = False
    one = _art(path, spec)
    assert len(made) == 2
    return two, one


def _same(two, one) -> None:  # noqa: ANN001
    assert two._fronts == one._fronts  # every front: its texts, sizes, boxes, footer, cut or not
    assert _drawn(two) == _drawn(one)  # every line as it will be drawn
    assert (two.sizes, two.notes, two.overflows, two.body_size) == (one.sizes, one.notes, one.overflows, one.body_size)
    assert two.pdf() == one.pdf()


def _long(cards: list, at: int) -> None:
    cards[at]["body"] = " ".join(["Talk it through together, slowly, and then talk some more."] * 30)


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
@pytest.mark.parametrize(
    "case",
    ["as it is", "large type: many fitted down", "a card cut off in each half"],
)
def test_a_deck_fitted_in_two_halves_is_the_deck_fitted_in_one(tmp_path, halves, case):
    from zinemaker.typeset.cards import CardSpec
    from zinemaker.units import CARD

    spec, edit = CardSpec(CARD["poker"]), None
    if case.startswith("large"):
        spec = CardSpec(CARD["poker"], max_size=10.5)

        def edit(cards: list) -> None:
            for card in cards[::4]:  # a quarter of them longer, in both halves
                card["purpose"] += " Then once more, in other words, for whoever came in late."
    elif case.startswith("a card cut"):
        spec = CardSpec(CARD["poker"], allow_overflow=True)

        def edit(cards: list) -> None:
            _long(cards, 3)
            _long(cards, -3)
            cards[-2]["body"] = "Say " + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2 + " first."

    two, one = _both(_deck(tmp_path, edit), spec, halves)
    _same(two, one)
    if case.startswith("large"):
        assert "fitted down to fit" in one.notes[0]
    if case.startswith("a card cut"):
        assert len(one.overflows) == 3 and sum(f.cut for f in one._fronts) == 2


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
@pytest.mark.parametrize("where", [3, -3])  # in the program's half, in the copy's
def test_a_card_that_does_not_fit_is_the_same_error_from_either_half(tmp_path, halves, where):
    from zinemaker.typeset.cards import CardSpec
    from zinemaker.units import CARD

    path = _deck(tmp_path, lambda cards: _long(cards, where))
    with pytest.raises(ZinemakerError) as two:
        _art(path, CardSpec(CARD["poker"]))
    parallel.ENABLED = False
    with pytest.raises(ZinemakerError) as one:
        _art(path, CardSpec(CARD["poker"]))
    assert str(two.value) == str(one.value) and "does not fit" in str(one.value)
    assert parallel._running == 0


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
@pytest.mark.parametrize("step", ["ceilings", "fitting", "finish"])
@pytest.mark.parametrize("how", ["killed", "an error", "a warning"])
def test_a_copy_that_fails_at_any_step_leaves_its_half_to_the_program(tmp_path, monkeypatch, halves, step, how):
    from zinemaker.typeset import cards
    from zinemaker.typeset.cards import CardSpec
    from zinemaker.units import CARD

    here = os.getpid()
    real = getattr(cards._Fitting, step)

    def failing(self, *args):  # noqa: ANN001, ANN202
        if os.getpid() != here:
            if how == "killed":
                os.kill(os.getpid(), signal.SIGKILL)
            if how == "an error":
                raise RuntimeError("in the copy")
            warnings.warn("said in the copy", stacklevel=1)
        return real(self, *args)

    monkeypatch.setattr(cards._Fitting, step, failing)
    spec = CardSpec(CARD["poker"], max_size=10.5)
    path = _deck(tmp_path)
    two = _art(path, spec)
    n = len(two.cards)
    assert halves == [(here, 0, n // 2), (here, n // 2, n)], "the copy's half was fitted again here"
    assert parallel._running == 0
    parallel.ENABLED = False
    _same(two, _art(path, spec))


def test_a_small_deck_is_fitted_in_one_piece(monkeypatch, forking):
    from zinemaker.typeset.cards import SPLIT, CardSpec
    from zinemaker.units import CARD

    art = _art(ROOT / "decks" / "social-spaces.yaml", CardSpec(CARD["poker"]))
    assert len(art.cards) < SPLIT and not forking


# -- an object worked in a copy, call by call -------------------------------------------


class _Counter:
    def __init__(self, log: list) -> None:
        self.log, self.total = log, 0

    def add(self, n: int) -> int:
        self.log.append(n)
        self.total += n
        return self.total


@pytest.mark.skipif(not TWO_CORES, reason="one core: nothing is forked")
def test_an_object_beside_answers_from_the_copy_and_fails_over_to_here(forking):
    here = os.getpid()
    log: list = []
    beside = parallel.Beside(lambda: _Counter(log))
    for n in (1, 2, 3):
        beside.ask("add", n)
        assert beside.answer() == sum(range(1, n + 1))
    assert log == [] and len(forking) == 1, "made in the copy"
    beside.close()
    assert parallel._running == 0

    class Dies(_Counter):
        def add(self, n: int) -> int:
            if n == 3 and os.getpid() != here:
                os.kill(os.getpid(), signal.SIGKILL)
            return super().add(n)

    beside = parallel.Beside(lambda: Dies(log))
    got = []
    for n in (1, 2, 3, 4):
        beside.ask("add", n)
        got.append(beside.answer())
    assert got == [1, 3, 6, 10] and log == [1, 2, 3, 4], "made again here, every call in order, from the first"
    assert parallel._running == 0
    beside.close()


def test_an_object_beside_with_no_copy_is_made_here(monkeypatch):
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    log: list = []
    beside = parallel.Beside(lambda: _Counter(log))
    assert parallel.each([_Counter([]), beside], "add", 5) == [5, 5]
    assert log == [5]
