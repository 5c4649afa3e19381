"""The ``zinemaker`` program: the process around the command line.

:func:`run` is what the console script and ``python -m zinemaker`` start.
It tunes the process for one short job and leaves the commands themselves
to :mod:`zinemaker.cli`; a library call or a test (click's ``CliRunner``
calls :func:`zinemaker.cli.main`) never comes through here, so nothing
changes for them.

- ``--version`` and ``--help`` are answered before click is imported
  (click alone takes longer to load than Python takes to start);
  :mod:`zinemaker.helptext` is the overview both this and click's group show.
- A build makes hundreds of thousands of small objects that live to the
  end, and CPython's collector walks all of them again and again: a
  5000-card build spent a third of its time there. The program collects
  rarely, and freezes what the command imported (:func:`work_begins`) so
  that no collection walks it again.
- Once the command is done (every output written, flushed and synced by
  :mod:`zinemaker.write`), stdout and stderr are flushed and the process
  ends without the interpreter's teardown, which frees every object one by
  one: a sixth of a long impose.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

#: Young objects allowed before a collection (CPython's default is 700),
#: and how many collections of one generation make one of the next.
GC_THRESHOLDS = (50_000, 20, 100)

_program = False


def run() -> None:
    """Run the ``zinemaker`` command with ``sys.argv`` and end the process."""
    global _program
    from zinemaker import interrupt

    interrupt.install()  # first: Ctrl-C from here on ends in one line, exit 130
    if sys.argv[1:] == ["--version"]:
        from zinemaker import __version__

        _say(f"zinemaker, version {__version__}")  # as click's version_option says it
        _leave(0)
    if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        from zinemaker import helptext  # the text click's group shows too

        _say(helptext.text())
        _leave(0)
    _program = True
    if sys.argv[1:2] in (["build"], ["preview"]):
        sys.meta_path.insert(0, NoCrypto())
    from zinemaker import parallel

    # A second core for the last layout or paper when one is idle (a library
    # call never forks); ZINEMAKER_JOBS=1 keeps to one core, =2 takes two
    # however busy the machine is.
    jobs = os.environ.get("ZINEMAKER_JOBS", "").strip()
    if jobs not in ("", "1", "2"):
        print(f"warning: ZINEMAKER_JOBS={jobs!r} is not 1 (one core) or 2 (two): using a second core when one is"
              " free, as when it is not set", file=sys.stderr)
    parallel.ENABLED = jobs != "1"
    parallel.ANY_LOAD = jobs == "2"
    gc.set_threshold(*GC_THRESHOLDS)
    code: object = interrupt.run_cli()
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    _leave(code)


#: What pypdf loads to decrypt, if it is there: it picks one at import.
CRYPTO = ("cryptography", "Crypto")


class NoCrypto:
    """An import finder that says the packages pypdf decrypts with are not
    installed. ``build`` and ``preview`` read only the PDFs they made (never
    encrypted), and pypdf, told so, falls back to its own code for the
    locks it would never open: 0.03-0.04 s less to load. ``impose`` and
    ``check`` read anyone's PDFs, and decrypt them as always."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        """Refuse :data:`CRYPTO` and their modules; leave the rest to the others."""
        if name.partition(".")[0] in CRYPTO:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


def _say(text: str) -> None:
    """Print an early answer; a reader that has gone (``zinemaker --help |
    head -3``) is no error, as for every command (see cli.friendly)."""
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def work_begins() -> None:
    """Called by a command once it has imported what it needs: in the
    program, those modules' objects are frozen, never collected again."""
    if _program:
        gc.freeze()


@contextmanager
def long_lived() -> Iterator[None]:
    """Around work whose objects live to the end of the command (a deck read,
    typeset and drawn): in the program, no collection runs meanwhile, and
    what was made is frozen after it, never walked again. A card build makes
    no garbage for the collector to find (it found 18 objects in a
    1000-card build), and walking a 5000-card deck's objects again and again
    was a fifth of its time. A library call, or work inside work already
    so, is left as it is."""
    if not _program or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()


def _leave(code: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, as in `zinemaker ... | head -1`
            code = code or 120  # what Python itself exits with then
    os._exit(code)
