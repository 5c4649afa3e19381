"""Hyphenation patterns, read fast.

pyphen reads a language's whole pattern file and parses every one of its
patterns (about 14,000 for American English) each time a process starts:
0.1 s, a tenth of a default build, before a word is hyphenated. A text
uses a few hundred of them. :func:`load` reads the file the quick way,
keeping each pattern as written under its letters, and parses a pattern
only when a word first needs it; it gives pyphen's own answers (a test
compares them word for word) and puts the result in pyphen's cache, where
every ``pyphen.Pyphen`` for that language (reportlab's too) finds it.

Files with features the quick reader does not handle (``^^hh`` escapes,
nonstandard hyphenation like ``ff=f``, values over 9, a pattern given
twice) are left to pyphen.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyphen

_SKIPPED = pyphen.ignored
_TWO_DIGITS = re.compile(r"\d\d")
_DIGIT = re.compile("[0-9]")


def load(language: str) -> None:
    """Make ``pyphen.Pyphen(lang=language)`` use patterns read the quick way."""
    name = pyphen.language_fallback(language)
    if name is None:
        return  # pyphen has no dictionary for it; reportlab then does not hyphenate
    path = pyphen.LANGUAGES[name]
    if path not in pyphen.hdcache:
        pyphen.hdcache[path] = read(path)


def read(path: Path) -> pyphen.HyphDict:
    """A pattern file as a :class:`pyphen.HyphDict` (lazy where it can be)."""
    with path.open("rb") as fd:
        encoding = fd.readline().decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    text = path.read_text(encoding)
    if "^^" in text or "/" in text or _TWO_DIGITS.search(text):
        return pyphen.HyphDict(path)
    # The letters of every pattern at once: the text without its digits,
    # line for line.
    letters = _DIGIT.sub("", text).split("\n")[1:]
    raw: dict[str, str] = {}
    count = 0
    for key, line in zip(letters, text.split("\n")[1:], strict=True):
        line = line.strip()
        if line and not line.startswith(_SKIPPED):
            raw[key.strip()] = line
            count += 1
    if count != len(raw):
        return pyphen.HyphDict(path)
    return _Lazy(raw)


class _Lazy(pyphen.HyphDict):
    """Patterns kept as written, parsed on first use."""

    def __init__(self, raw: dict[str, str]) -> None:  # noqa: D107 - pyphen's __init__ reads the file; not here
        self._raw = raw
        self._parsed: dict[str, tuple[int, tuple[int, ...]] | None] = {}
        self.patterns = {}  # pyphen's parsed patterns: unused, positions() is ours
        self.cache = {}
        self.maxlen = max(map(len, raw))

    def _pattern(self, letters: str) -> tuple[int, tuple[int, ...]] | None:
        """(offset, values) as pyphen stores them, or None for a pattern of
        zeros (pyphen leaves those out)."""
        if letters in self._parsed:
            return self._parsed[letters]
        values = [0] * (len(letters) + 1)
        at = 0
        for ch in self._raw[letters]:
            if ch.isdigit():
                values[at] = int(ch)
            else:
                at += 1
        nonzero = [i for i, v in enumerate(values) if v]
        found = (nonzero[0], tuple(values[nonzero[0] : nonzero[-1] + 1])) if nonzero else None
        self._parsed[letters] = found
        return found

    def positions(self, word: str) -> list[pyphen.DataInt]:
        """Where ``word`` may be hyphenated, as :meth:`pyphen.HyphDict.positions`."""
        word = word.lower()
        points = self.cache.get(word)
        if points is not None:
            return points
        dotted = f".{word}."
        n = len(dotted)
        score = [0] * (n + 1)
        raw = self._raw
        for i in range(n - 1):
            for j in range(i + 1, min(i + self.maxlen, n) + 1):
                if dotted[i:j] not in raw:
                    continue
                found = self._pattern(dotted[i:j])
                if found is None:
                    continue
                offset, values = found
                for k, v in enumerate(values, i + offset):
                    if v > score[k]:
                        score[k] = v
        points = [pyphen.DataInt(i - 1) for i, v in enumerate(score) if v % 2]
        self.cache[word] = points
        return points
