"""Errors a user can act on.

Every mistake in user input becomes a :class:`ZinemakerError` whose message is
one line: where (a file, a file:line, or a field path), what is wrong, and
what to do. The CLI prints that line and exits non-zero; it never shows a
traceback for one of these.

A message may name an option the user can change as ``{{fit=true}}`` or
``{{sheet}}``: the front end that shows the error words it its own way, so a
command-line user reads ``--fit`` and a layout user reads ``output.fit =
true`` (see :meth:`ZinemakerError.worded`). ``field`` is the option the error
is about, if it is about one.
"""

from __future__ import annotations

import re

_OPTION = re.compile(r"\{\{(\w+)(?:=([^}]*))?\}\}")

#: Where a layout says what a command-line option says, if not ``output.NAME``.
LAYOUT_FIELDS = {"sheet": "paper in output.papers", "back": "cards.deck"}


def option(name: str, value: object = None) -> str:
    """An option named in a message, for the front end to word: ``option("fit", True)``."""
    if value is None:
        return "{{" + name + "}}"
    shown = "true" if value is True else "false" if value is False else str(value)
    return "{{" + name + "=" + shown + "}}"


def _word(front: str, name: str, value: str | None) -> str:
    if front == "layout":
        where = LAYOUT_FIELDS.get(name, f"output.{name}")
        if value is None:
            return where
        shown = value if value in ("true", "false") or _number(value) else f'"{value}"'
        return f"{where} = {shown}"
    flag = "--" + name.replace("_", "-")
    if value is None or value == "true":
        return flag
    return f"{flag} {value}"


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def word(message: str, front: str = "cli") -> str:
    """A message with the options it names worded for ``front`` ("cli" or "layout")."""
    return _OPTION.sub(lambda m: _word(front, m.group(1), m.group(2)), message)


def did_you_mean(word: object, known) -> str:  # noqa: ANN001
    """" (did you mean 'x'?)" for the known word nearest ``word``, or "" when none is near."""
    import difflib

    choices = list(known) if isinstance(known, (list, tuple)) else sorted(known)
    near = difflib.get_close_matches(str(word), choices, n=1)
    return f" (did you mean {near[0]!r}?)" if near else ""


class ZinemakerError(Exception):
    """A problem in the user's input, with a message fit to print as is."""

    def __init__(self, message: str, where: str | None = None, field: str | None = None) -> None:
        self.where = where
        self.field = field
        self.raw = message
        self.message = word(message)
        super().__init__(f"{where}: {self.message}" if where else self.message)

    def worded(self, front: str, where: str | None = None) -> ZinemakerError:
        """The same error as ``front`` ("cli" or "layout") words it, at ``where``."""
        out = ZinemakerError(self.raw, where if where is not None else self.where, self.field)
        out.message = word(self.raw, front)
        Exception.__init__(out, f"{out.where}: {out.message}" if out.where else out.message)
        return out


class ZinemakerWarning(UserWarning):
    """Something a user should know about, that does not stop the build."""
