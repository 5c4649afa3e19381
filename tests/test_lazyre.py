"""Patterns other libraries compile at import, deferred to their first use
(zinemaker.lazyre): each stand-in finds what the compiled pattern finds,
and the modules we load hand them out, so no run pays for them unused."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from zinemaker import lazyre

SAMPLES = [
    "https://example.org/a/very/long/path?x=1#top",
    "HTTP://user:pw@192.168.0.1:8080/",
    "ftp://[::1]/file",
    "mailto:someone@example.org",
    "http://localhost",
    "www.example.org",
    "plain words, no link",
    "字幕と漢字 mixed with Latin",
    "tab\tand\x07bell\x00nul\ufffe",
    "",
]


def found(m: re.Match | None) -> tuple | None:
    return (m.span(), m.groups()) if m else None


@pytest.mark.parametrize("pattern,flags", lazyre.REPORTLAB + lazyre.YAML)
def test_a_deferred_pattern_finds_what_the_pattern_finds(pattern, flags):
    real = re.compile(pattern, flags)
    later = lazyre.Deferred(pattern, flags)
    for text in SAMPLES:
        for how in ("match", "search", "fullmatch"):
            assert found(getattr(later, how)(text)) == found(getattr(real, how)(text))
        assert [m.span() for m in later.finditer(text)] == [m.span() for m in real.finditer(text)]
        assert later.sub(r"\g<0>!", text) == real.sub(r"\g<0>!", text)
    assert (later.pattern, later.flags, later.groups) == (real.pattern, real.flags, real.groups)


def test_a_pattern_is_compiled_only_when_first_used():
    later = lazyre.Deferred("(a+)b", 0)
    assert later._compiled is None
    assert later.search("xaab").group(1) == "aa"
    assert isinstance(later._compiled, re.Pattern)


def test_other_patterns_compile_as_always_and_re_is_left_as_it_was():
    before = re.compile
    with lazyre.deferred(lazyre.REPORTLAB):
        other = re.compile("[a-z]+", re.I)
        named = re.compile(*lazyre.REPORTLAB[0])
    assert isinstance(other, re.Pattern) and isinstance(named, lazyre.Deferred)
    assert re.compile is before


#: In a fresh process, as the commands load them: are the patterns stand-ins,
#: and do reportlab's and PyYAML's own uses of them still work?
LOADED = """
import zinemaker.build, zinemaker.typeset.reader
import reportlab.platypus.paragraph as paragraph, reportlab.lib.textsplit as textsplit, yaml, yaml.reader
from zinemaker.lazyre import Deferred
print(all(isinstance(p, Deferred) for p in (paragraph.uri_pat, textsplit.rx, yaml.reader.Reader.NON_PRINTABLE)))
print(paragraph._uri_split_pairs("https://example.org/a/b"))
print(repr(textsplit.rx.sub(r"\\1\\0 ", "漢字 かな")))  # as its cjkwrap would (broken: no reduce)
try:
    yaml.load("a: \\x07", Loader=yaml.SafeLoader)  # the pure-Python reader's check
except yaml.reader.ReaderError as exc:
    print("refused", exc.character)
"""


def test_the_libraries_get_stand_ins_and_use_them_as_patterns():
    done = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == "True"
    assert lines[1] == str([("https://example.org/a/", "b"), ("https://example.org/", "a/b"), ("https://", "example.org/a/b")])
    assert lines[2] == repr("漢\0 字\0  か\0 な\0 ")
    assert lines[3] == "refused 7"  # the code of the character (BEL)
