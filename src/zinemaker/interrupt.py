"""Ctrl-C and SIGTERM: stop cleanly, say truly what was written.

The ``zinemaker`` program (:mod:`zinemaker.program`) installs the handler
first, before click, reportlab or anything slow is imported, so an interrupt at any moment ends in one line and exit
130, never a traceback. The handler also remembers that it fired: reportlab
imports pyphen inside a bare ``except:``, which swallows the
KeyboardInterrupt; :func:`zinemaker.write.write_all` looks at the flag
before it replaces any file, so a swallowed Ctrl-C still stops the build
before it overwrites good PDFs.

While the finished files are being moved into place (a few renames), an
interrupt is held until they are all done: the outputs are then all old or
all new, never a mix.
"""

from __future__ import annotations

import signal
import sys

EXIT_INTERRUPTED = 130

_requested = False
_holding = False
#: Files replaced since the command started (for a true last line).
written: list[str] = []


def _handler(signum: int, frame: object) -> None:
    global _requested
    _requested = True
    if not _holding:
        raise KeyboardInterrupt


def _unraisable(info: object) -> None:
    """An interrupt that lands where Python can't raise it (a finalizer, a
    collection, parts of the import machinery) is printed by Python as
    "Exception ignored ... Traceback": say nothing; the flag it set stops
    the build before any file is replaced."""
    if isinstance(getattr(info, "exc_value", None), KeyboardInterrupt):
        return
    sys.__unraisablehook__(info)  # type: ignore[arg-type]


def install() -> None:
    """Route SIGINT and SIGTERM through :func:`_handler` (main thread only)."""
    sys.unraisablehook = _unraisable
    signal.signal(signal.SIGINT, _handler)
    try:
        signal.signal(signal.SIGTERM, _handler)
    except (ValueError, OSError):  # pragma: no cover - not the main thread, or no SIGTERM
        pass


def requested() -> bool:
    """Whether an interrupt came (even if something swallowed it)."""
    return _requested


def check() -> None:
    """Raise KeyboardInterrupt if an interrupt came and was swallowed."""
    if _requested:
        raise KeyboardInterrupt


class hold:
    """Hold interrupts for the few renames that put a build's files in place."""

    def __enter__(self) -> None:
        global _holding
        _holding = True

    def __exit__(self, *exc: object) -> None:
        global _holding
        _holding = False
        if _requested and exc[0] is None:
            raise KeyboardInterrupt


def message() -> str:
    """The one line said when stopped."""
    if written:
        shown = ", ".join(written[:3]) + (f" and {len(written) - 3} more" if len(written) > 3 else "")
        return f"zinemaker: stopped; {len(written)} file(s) had been written whole before it: {shown}"
    return "zinemaker: stopped; no file was changed"


def run_cli() -> object:
    """Run the command line (:mod:`zinemaker.cli`) with interrupts handled:
    return the exit code. Called by :func:`zinemaker.program.run` once
    :func:`install` is done."""
    try:
        import click

        from zinemaker.cli import main, say_click_error

        try:
            # Not click's standalone mode: it would turn Ctrl-C into "Aborted!" and exit 1.
            code = main.main(prog_name="zinemaker", standalone_mode=False)
        except click.exceptions.Abort:
            raise KeyboardInterrupt from None
        except click.ClickException as exc:
            return say_click_error(exc)
        except click.exceptions.Exit as exc:
            return exc.exit_code
        except SystemExit as exc:
            return exc.code
        return code if isinstance(code, int) else 0
    except KeyboardInterrupt:
        try:
            sys.stderr.write(message() + "\n")
            sys.stderr.flush()
        except (OSError, KeyboardInterrupt):
            pass
        return EXIT_INTERRUPTED
