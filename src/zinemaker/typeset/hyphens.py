"""Where a word may break at a line end, by the text's language and region.

A word is cut into pieces at its break opportunities, each with what the
break shows: a discretionary hyphen (added only if the line ends there), or
nothing (after a hyphen, a dash or a slash the text already has, and inside
a web address, where an added hyphen would change the address).

The rules, as a careful typesetter's:

- patterns by language *and region*: ``en`` and ``en-US`` are American
  (pyphen's ``en`` alone is British: "know-ledge", "bey-ond");
- at least two letters before a break and three after it;
- no breaks in a capitalised word (names, acronyms, a sentence's first word);
- a word with a hyphen or a slash of its own breaks only there, never inside
  its parts ("power-over" breaks as "power-" / "over" and nowhere else);
- after an em or en dash, with no hyphen added, and the words on each side
  may still be hyphenated;
- a web address or email breaks after ``/``, ``.``, ``-``, ``_``, ``?``,
  ``&``, ``=``, ``@``, never with a hyphen added.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import pyphen

#: Shortest stretch of letters before and after an added hyphen.
LEFT, RIGHT = 2, 3

HYPHEN_CHARS = "-\u2010\u2011"
#: A non-breaking hyphen (U+2011) is a hyphen no line may break after.
NO_BREAK = "\u2011"
DASHES = "\u2013\u2014"
#: A word's own places to break: its hyphens, slashes and dashes.
_MARKS = frozenset(HYPHEN_CHARS + "/" + DASHES)
URL = re.compile(
    r"^[(\[<\"'\u201c\u2018]*(?:https?://|www\.|mailto:|[\w.+-]+@[\w-]+\.)"
    r"|\w\.(?:com|org|net|edu|io)\b",
    re.I,
)
_URL_BREAKS = "/._?&=@#"
_LEAD = "\"'(\u201c\u2018[<*"
_TRAIL = "\"').,;:!?\u201d\u2019]>*\u2026"


class Cut(NamedTuple):
    """Where a word may break: after ``at`` characters; ``hyphen`` if the
    break adds a hyphen, ``flagged`` if the line then ends in one (an added
    hyphen or the word's own), which counts toward a run of hyphens."""

    at: int
    hyphen: bool
    flagged: bool


def dictionary_name(language: str | None) -> str | None:
    """pyphen's dictionary for a language tag: "en", "en-US", "en_US" -> en_US;
    "en-GB" -> en_GB; "de" -> de_DE; None if pyphen has none."""
    if not language:
        return None
    tag = language.replace("-", "_")
    lang, _, region = tag.partition("_")
    lang = lang.lower()
    candidates = [f"{lang}_{region.upper()}"] if region else []
    if lang == "en":
        candidates.append("en_US")  # plain "en" is American, as the readers expect
    candidates += [f"{lang}_{lang.upper()}", lang]
    for name in candidates:
        if name in pyphen.LANGUAGES:
            return name
    return None


@cache
def _dic(name: str) -> pyphen.Pyphen:
    from zinemaker.typeset import patterns

    patterns.load(name)  # read the quick way, parsed as words need them
    return pyphen.Pyphen(lang=name, left=LEFT, right=RIGHT)


@lru_cache(maxsize=100_000)
def cuts(word: str, dictionary: str | None) -> tuple[Cut, ...]:
    """The break opportunities inside ``word`` (no spaces in it)."""
    if len(word) < 4:
        return ()
    if URL.search(word):
        return _url_cuts(word)
    if _MARKS.isdisjoint(word):  # most words: letters and punctuation, hyphenated by the dictionary
        return tuple(_hyphen_cuts(word, 0, len(word), dictionary))
    return _marked_cuts(word, dictionary)


def _marked_cuts(word: str, dictionary: str | None) -> tuple[Cut, ...]:
    """:func:`cuts` of a word that is no address, looked at character by
    character for its own hyphens, slashes and dashes."""
    own = [i + 1 for i, ch in enumerate(word) if (ch in HYPHEN_CHARS and ch not in NO_BREAK) or ch == "/"]
    if own or NO_BREAK in word:
        # Breaks at its own hyphens and slashes only, with two letters or
        # more on each side (not "--", nor a lone "-" or "//").
        return tuple(
            Cut(i, False, word[i - 1] != "/")
            for i in own
            if 2 <= i <= len(word) - 2
            and word[i - 2] not in HYPHEN_CHARS + "/"
            and word[i] not in HYPHEN_CHARS + "/"
        )
    out: list[Cut] = []
    start = 0
    for k, ch in enumerate(word):
        if ch in DASHES:
            out += _hyphen_cuts(word, start, k, dictionary)
            if 1 <= k < len(word) - 1 and word[k + 1] not in DASHES:
                out.append(Cut(k + 1, False, False))
            start = k + 1
    out += _hyphen_cuts(word, start, len(word), dictionary)
    return tuple(out)


def _hyphen_cuts(word: str, a: int, b: int, dictionary: str | None) -> list[Cut]:
    """Hyphenation points of the letters in ``word[a:b]``, leading and
    trailing punctuation set aside."""
    if dictionary is None:
        return []
    while a < b and word[a] in _LEAD:
        a += 1
    while b > a and word[b - 1] in _TRAIL:
        b -= 1
    core = word[a:b]
    if len(core) < LEFT + RIGHT or not core.isalpha() or not core[0].islower():
        return []
    return [Cut(a + p, True, True) for p in _dic(dictionary).positions(core) if LEFT <= p <= len(core) - RIGHT]


def _url_cuts(word: str) -> tuple[Cut, ...]:
    """After each of / . _ ? & = @ # in an address, keeping "//" together
    and at least two characters on each side; nothing is added at the break.
    A hyphen goes to the next line with what follows it: a line ending in
    "-" would read as a word broken there, and the hyphen be left out when
    the address is typed."""
    out = []
    for i, ch in enumerate(word[:-1]):
        at = i + 1
        if ch in _URL_BREAKS and word[at] not in _URL_BREAKS and 2 <= at <= len(word) - 2:
            out.append(Cut(at, False, False))
        elif word[at] == "-" and ch not in _URL_BREAKS and 2 <= at <= len(word) - 2:
            out.append(Cut(at, False, False))
    return tuple(out)
