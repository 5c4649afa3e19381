"""Hyphenation patterns read the quick way break every word where pyphen's
own reading of the same file breaks it."""

from __future__ import annotations

import re

import pyphen
import pytest

from zinemaker.typeset import patterns


def words(root) -> list[str]:  # noqa: ANN001
    """Every word of the bundled texts, decks and README, and some hard ones."""
    found: set[str] = set()
    for path in [*root.glob("texts/*.md"), *root.glob("decks/*.yaml"), root / "README.md"]:
        found |= set(re.findall(r"[^\W\d_]{2,}", path.read_text(encoding="utf-8")))
    found |= {"hyphenation", "responsibility", "knowledge", "beyond", "Übermensch", "naïve", "a", "xx"}
    return sorted(found)


@pytest.mark.parametrize("lang", ["en_US", "en_GB", "it_IT", "ru_RU", "fr"])
def test_every_word_breaks_where_pyphen_breaks_it(root, lang):
    path = pyphen.LANGUAGES[pyphen.language_fallback(lang)]
    quick, slow = patterns.read(path), pyphen.HyphDict(path)
    for word in words(root):
        assert [int(p) for p in quick.positions(word)] == [int(p) for p in slow.positions(word)], word


def test_the_common_dictionaries_are_read_the_quick_way():
    # Some (fr: a pattern given twice; de_DE: nonstandard breaks) are left to pyphen.
    for lang in ("en_US", "en_GB", "it_IT"):
        assert type(patterns.read(pyphen.LANGUAGES[lang])) is not pyphen.HyphDict


def test_a_loaded_language_is_what_pyphen_then_uses():
    patterns.load("en-US")
    path = pyphen.LANGUAGES["en_US"]
    assert pyphen.Pyphen(lang="en_US").hd is pyphen.hdcache[path]
    assert pyphen.Pyphen(lang="en_US", left=2, right=3).inserted("responsibility") == "re-spon-si-bil-ity"
