"""Patterns other libraries compile when imported, compiled when first used.

A regular expression is compiled when ``re.compile`` is called, and some
modules we import compile, at import, patterns a zinemaker run never or
rarely uses: reportlab's paragraph module spends 0.06 s on a URI pattern
for splitting long links (which we never ask it to), PyYAML's pure-Python
reader checks characters with a pattern that the C loader we use never
needs. :func:`deferred` imports such a module with those patterns (named
in full, with their flags, in :data:`REPORTLAB` and :data:`YAML`) handed
out as :class:`Deferred` stand-ins that compile the real pattern the first
time any of its methods or attributes is asked for: the same matches,
paid for only when used. Any other pattern compiles as always, and a
library whose pattern has changed is simply no faster.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

_compile = re.compile  # the real one, also while a deferred import runs

#: reportlab.platypus.paragraph's URI pattern (for ``uriWasteReduce``, which
#: zinemaker leaves off) and reportlab.lib.textsplit's CJK one (``cjkwrap``).
REPORTLAB: tuple[tuple[str, int], ...] = (
    (
        "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)"
        "(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff0-9]"
        "(?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-]{1,63}(?<!-))*"
        "\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|localhost))(?::\\d{2,5})?"
        "(?:[/?#][^\\s]*)?\\Z",
        re.IGNORECASE,
    ),
    ("([\u2e80-\uffff])", re.UNICODE),
)
#: yaml.reader.Reader.NON_PRINTABLE: the pure-Python reader's check, which
#: the C loader (libyaml) does its own way.
YAML: tuple[tuple[str, int], ...] = (
    ("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
)


class Deferred:
    """A compiled pattern's stand-in: compiles it when first used, then
    passes every use (``match``, ``search``, ``pattern``, ...) to it."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        """The real pattern (compiled now if it is not yet)."""
        if self._compiled is None:
            self._compiled = _compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"Deferred({self._args[0]!r}, {self._args[1]!r})"


@contextmanager
def deferred(*groups: Iterable[tuple[str, int]]) -> Iterator[None]:
    """Import modules inside this block with the patterns of ``groups``
    deferred (:class:`Deferred`) when they compile them."""
    wanted = {(p, int(f)) for group in groups for p, f in group}

    def compile_later(pattern: Any, flags: int = 0) -> Any:
        if isinstance(pattern, str) and (pattern, int(flags)) in wanted:
            return Deferred(pattern, int(flags))
        return _compile(pattern, flags)

    re.compile = compile_later  # type: ignore[assignment]
    try:
        yield
    finally:
        re.compile = _compile
