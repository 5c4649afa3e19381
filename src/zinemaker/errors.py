"""Errors a user can act on.

Every mistake in user input becomes a :class:`ZinemakerError` whose message is
one line: where (a file, a file:line, or a field path), what is wrong, and
what to do. The CLI prints that line and exits non-zero; it never shows a
traceback for one of these.
"""

from __future__ import annotations


class ZinemakerError(Exception):
    """A problem in the user's input, with a message fit to print as is."""

    def __init__(self, message: str, where: str | None = None) -> None:
        self.where = where
        self.message = message
        super().__init__(f"{where}: {message}" if where else message)


class ZinemakerWarning(UserWarning):
    """Something a user should know about, that does not stop the build."""
