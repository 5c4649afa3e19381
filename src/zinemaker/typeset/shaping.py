"""Kerning and standard ligatures, by HarfBuzz (uharfbuzz).

A word is shaped once per face (cached): its glyphs with HarfBuzz's
advances, features ``kern`` and ``liga`` only (not ``dlig``, which joins
"st" in some fonts). The breaker measures words by these advances and the
reader draws them so: each glyph as the character reportlab encodes, with a
TJ adjustment wherever the shaped advance differs from the glyph's own
width (a kerning pair).

A ligature glyph ("fi", "fl", "ffi") has no character of its own in the
font's cmap. It gets a code in the Private Use Area, registered with the
font so reportlab subsets the glyph, and the subset's ToUnicode map says
that code stands for its letters: text copied or extracted from the PDF
reads "fi", letter for letter, never a private character.
"""

from __future__ import annotations

from functools import cache, lru_cache, reduce
from operator import add, attrgetter, sub
from typing import NamedTuple

from reportlab.pdfbase import pdfmetrics, ttfonts

#: OpenType features applied: kerning and the standard ligatures.
FEATURES = {"kern": True, "liga": True, "clig": False, "dlig": False, "calt": False}

class Shaped(NamedTuple):
    """A word as shaped: the characters to encode (ligatures as private
    codes), the TJ adjustment after each (thousandths of an em; 0 for none)
    and the width at 1 pt."""

    chars: str
    adjust: tuple[float, ...]
    width: float


@cache
def _hb(font: str):  # noqa: ANN202
    import uharfbuzz as hb

    ttf = pdfmetrics.getFont(font)
    path = ttf.face.filename
    blob = hb.Blob.from_file_path(path)
    face = hb.Face(blob)
    return hb.Font(face), face.upem, ttf


def available() -> bool:
    """Whether uharfbuzz is installed (it is a dependency; this guards a
    broken install, which then sets text unshaped rather than failing)."""
    try:
        import uharfbuzz  # noqa: F401
    except ImportError:  # pragma: no cover - only a broken install
        return False
    return True


@lru_cache(maxsize=100_000)
def shape(text: str, font: str) -> Shaped:
    """``text`` (no line breaks) shaped in ``font``."""
    import uharfbuzz as hb

    hbfont, upem, ttf = _hb(font)
    buf = _BUFFER[0]
    if buf is None:
        buf = _BUFFER[0] = hb.Buffer()
        buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.clear_contents()  # as new, but for the cluster level, which it keeps
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(hbfont, buf, FEATURES)
    infos = buf.glyph_infos
    face = ttf.face
    codes = list(map(ord, text))
    n = len(codes)
    if (
        len(infos) == n
        and list(map(_GLYPH, infos)) == list(map(face.charToGlyph.get, codes))
        and list(map(_CLUSTER, infos)) == list(range(n))
    ):
        # Most words: a glyph for each character, the font's own, in order.
        # What _glyphs works out glyph by glyph, a whole word at a time.
        advance = [x * 1000 / upem for x in map(_ADVANCE, buf.glyph_positions)]
        diffs = list(map(sub, map(face.charWidths.get, codes, advance), advance))
        return Shaped(text, _rounded(diffs) if any(diffs) else tuple(diffs), reduce(add, advance, 0.0) / 1000)
    return _glyphs(text, infos, buf.glyph_positions, upem, ttf)


def _glyphs(text: str, infos, positions, upem: int, ttf) -> Shaped:  # noqa: ANN001
    """A word's glyphs as HarfBuzz shaped them, one by one: each as the
    character reportlab encodes (a private code for a ligature) and its TJ
    adjustment (thousandths of an em), rounded to a tenth."""
    face = ttf.face
    to_glyph, widths = face.charToGlyph, face.charWidths
    clusters = [info.cluster for info in infos] + [len(text)]
    chars: list[str] = []
    adjust: list[float] = []
    total = 0.0
    for k, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        letters = text[clusters[k] : clusters[k + 1]]
        gid = info.codepoint
        advance = pos.x_advance * 1000 / upem  # thousandths of an em
        if len(letters) == 1 and to_glyph.get(ord(letters)) == gid:
            ch = letters
        else:
            ch = _private(ttf, gid, letters, advance)
        own = widths.get(ord(ch), advance)
        chars.append(ch)
        adjust.append(round(own - advance, 1))
        total += advance
    return Shaped("".join(chars), tuple(adjust), total / 1000)


def _rounded(diffs: list[float]) -> tuple[float, ...]:
    """``round(d, 1)`` of each, by a table of those seen (a font has few
    kerning values; round to a place is slow). A zero is its own rounding,
    sign and all, and is kept out of the table (where 0.0 and -0.0 are one
    key); a word with no kerning is all zeros, and not looked up."""
    missing = set(diffs).difference(_ROUNDED)
    missing.discard(0.0)
    for d in missing:
        _ROUNDED[d] = round(d, 1)
    return tuple(map(_ROUNDED.get, diffs, diffs))


#: Kerning adjustments rounded (see _rounded), by the exact difference.
_ROUNDED: dict[float, float] = {}
_GLYPH, _CLUSTER, _ADVANCE = attrgetter("codepoint"), attrgetter("cluster"), attrgetter("x_advance")
#: One HarfBuzz buffer, cleared for each word (a new one costs as much as the shaping).
_BUFFER: list = [None]


def _private(ttf, gid: int, letters: str, width: float) -> str:  # noqa: ANN001
    """The private code standing for glyph ``gid`` of this face (a ligature
    of ``letters``). Codes are unique across all faces, so a subset's
    ToUnicode map can name the letters by the code alone."""
    face = ttf.face
    key = (id(face), gid)
    code = _CODES.get(key)
    if code is None:
        code = _NEXT[0]
        while code in face.charToGlyph:
            code += 1
        _NEXT[0] = code + 1
        _CODES[key] = code
        _LETTERS[code] = letters or "\ufffd"
        face.charToGlyph[code] = gid
        face.glyphToChar.setdefault(gid, []).append(code)
        face.charWidths[code] = width
    return chr(code)


#: Ligature glyphs given private codes: (face, glyph) -> code -> its letters.
_CODES: dict[tuple[int, int], int] = {}
_LETTERS: dict[int, str] = {}
_NEXT = [0xE000]


def _to_unicode(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map for a subset, with each ligature's private
    code mapped to its letters (a bfchar may stand for several)."""
    text = _reportlab_to_unicode(fontname, subset)
    for i, code in enumerate(subset):
        letters = _LETTERS.get(code)
        if letters is not None:
            utf16 = letters.encode("utf-16-be").hex().upper()
            text = text.replace(f"<{i:02X}> <{code:04X}>", f"<{i:02X}> <{utf16}>")
    return text


_reportlab_to_unicode = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode
