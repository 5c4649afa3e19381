"""The top-level ``zinemaker --help``: the commands and what each does.

This is the one place the overview is written and drawn. The ``zinemaker``
program (:mod:`zinemaker.program`) prints it for ``zinemaker --help``
before click is imported (click alone takes longer to load than Python
takes to start), and the click group in :mod:`zinemaker.cli` draws its help
with the same :func:`text`, so both say the same thing by construction. A
test holds the list to the click group: every command, in order, each with
the first sentence of its own help.
"""

from __future__ import annotations

import os

PROGRAM = "Typeset zines and card decks and impose them for printing."

#: Every command, as click lists them (by name), with the first sentence of its help.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("build", "Build layouts into reader and print-ready PDFs."),
    (
        "calibrate",
        "Print a test sheet that measures how your printer puts the back: which way round, how far off,"
        " how skewed and how scaled.",
    ),
    ("check", "Check layouts and all they use; report every problem, write nothing."),
    ("deck", "Move a deck's cards to and from a spreadsheet (CSV)."),
    ("impose", "Impose any PDF onto sheets for printing."),
    ("init", "Start a folder for your space: a zine and your own card deck."),
    ("preview", "Draw a layout's pages and sheets as PNG pictures, folds and cuts marked."),
)

OPTIONS: tuple[tuple[str, str], ...] = (
    ("--version", "Show the version and exit."),
    ("-h, --help", "Show this message and exit."),
)

#: The words that ask for help, as the click group takes them.
HELP_OPTIONS = ("-h", "--help")

EPILOG = "Run 'zinemaker COMMAND --help' for examples."

#: As click's group is set up: text no wider than this, whatever the terminal.
MAX_WIDTH = 100


def width() -> int:
    """The width to draw at, as click works it out: the terminal's (or
    $COLUMNS), at most :data:`MAX_WIDTH`, less a margin of 2, at least 50."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(1).columns or 80
        except OSError:  # not a terminal: a pipe or a file
            columns = 80
    return max(min(columns, MAX_WIDTH) - 2, 50)


def text(wide: int | None = None) -> str:
    """The whole help, ``wide`` characters at most (default: :func:`width`)."""
    wide = wide or width()
    out = ["Usage: zinemaker [OPTIONS] COMMAND [ARGS]...", ""]
    out += _wrap(PROGRAM, wide, "  ")
    out += ["", "Options:"]
    out += _table(OPTIONS, wide)
    out += ["", "Commands:"]
    out += _table(COMMANDS, wide)
    out.append("")
    out += _wrap(EPILOG, wide, "  ")
    return "\n".join(out)


def _table(rows: tuple[tuple[str, str], ...], wide: int) -> list[str]:
    """Terms and their words in two columns, the words wrapped beside the terms."""
    col = max(len(term) for term, _ in rows) + 2
    out = []
    for term, words in rows:
        lines = _wrap(words, wide, " " * (2 + col))
        out.append(f"  {term:<{col}}{lines[0].lstrip()}")
        out += lines[1:]
    return out


def _wrap(words: str, wide: int, indent: str) -> list[str]:
    """Words in lines of at most ``wide`` characters, each line indented."""
    lines: list[str] = []
    line = ""
    room = max(wide - len(indent), 10)
    for word in words.split():
        if line and len(line) + 1 + len(word) > room:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(indent + line)
    return lines
