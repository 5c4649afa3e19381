"""A small, fast line breaker for card text.

Cards hold a few short paragraphs of left-aligned text, set again and again
at different sizes while fitting. Widths scale with the size, so each word
is measured once, at 1 pt, and cached; breaking a paragraph at any size is
then arithmetic. Drawing writes one compact text object per paragraph,
which keeps a thousand-card deck small. Platypus stays in charge of the
zines; this is only for boxes the size of a card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from typing import NamedTuple

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth


class Span(NamedTuple):
    """Text in one face. (A tuple: a deck makes a hundred thousand of them.)"""

    text: str
    font: str


@lru_cache(maxsize=200_000)
def unit_width(text: str, font: str) -> float:
    """Width of ``text`` in ``font`` at 1 pt."""
    return stringWidth(text, font, 1.0)


@dataclass
class Para:
    """A paragraph to set: spans, and its hanging label (a list number)."""

    spans: list[Span]
    label: Span | None = None
    indent: float = 0.0  # in em, for the text after a label
    scale: float = 1.0  # this paragraph's size relative to the body size
    space_after: float = 0.3  # in em
    _last: tuple | None = field(default=None, repr=False, compare=False)
    _words: list | None = field(default=None, repr=False, compare=False)


Line = list[Span]  # spans in order, spaces included; set from the line's left edge


def _words(spans: list[Span]) -> list[tuple[list[Span], str]]:
    """Words as lists of spans (a word may change face mid-way), each with
    what separates it from the next: a space, or nothing where a word is
    split after a hyphen, a dash or a slash (so "tea-and-cake" and a web
    address can break across lines, as they would by hand)."""
    words: list[list[Span]] = []
    if len(spans) == 1:
        font = spans[0].font
        words = [[Span(part, font)] for part in spans[0].text.replace("\n", " ").split(" ") if part]
    else:
        current: list[Span] = []
        for span in spans:
            for i, part in enumerate(span.text.replace("\n", " ").split(" ")):
                if i > 0 and current:
                    words.append(current)
                    current = []
                if part:
                    current.append(Span(part, span.font))
        if current:
            words.append(current)
    out: list[tuple[list[Span], str]] = []
    for word in words:
        # Most words have no hyphen, dash or slash: only those are looked at.
        if len(word) == 1 and not _BREAKS.search(word[0].text):
            out.append((word, " "))
            continue
        pieces = _split(word)
        out += [(piece, "" if k < len(pieces) - 1 else " ") for k, piece in enumerate(pieces)]
    return out


#: Characters a word may break after, with no space added: hyphens, dashes, a slash.
BREAK_AFTER = frozenset("-\u2010\u2013\u2014/")
_BREAKS = re.compile("[" + re.escape("".join(sorted(BREAK_AFTER))) + "]")


def _split(word: list[Span]) -> list[list[Span]]:
    """A word cut after each hyphen, dash or slash that has two letters or
    more on each side (not in "//", nor a lone "-")."""
    text = "".join(p.text for p in word)
    if not BREAK_AFTER.intersection(text):
        return [word]
    cuts = [
        i + 1
        for i in range(2, len(text) - 2)
        if text[i] in BREAK_AFTER and text[i + 1] not in BREAK_AFTER and text[i - 1] not in BREAK_AFTER
    ]
    if not cuts:
        return [word]
    pieces: list[list[Span]] = [[]]
    at = 0  # offset of the current span's start in the word
    for span in word:
        edges = [c - at for c in cuts if at < c < at + len(span.text)]
        last = 0
        for e in edges:
            pieces[-1].append(Span(span.text[last:e], span.font))
            pieces.append([])
            last = e
        pieces[-1].append(Span(span.text[last:], span.font))
        at += len(span.text)
        if at in cuts and span is not word[-1]:
            pieces.append([])
    return [p for p in pieces if p]


def _measured(para: Para) -> list[tuple[list[Span], float, float, str]]:
    """The paragraph's words, each with its width and the width of what
    follows it, at 1 pt: measured once, whatever size it is then set at."""
    if para._words is None:
        spaces = {span.font: unit_width(" ", span.font) for span in para.spans}
        para._words = [
            (
                w,
                unit_width(w[0].text, w[0].font) if len(w) == 1 else sum(unit_width(*p) for p in w),
                spaces[w[-1].font] if sep else 0.0,
                sep,
            )
            for w, sep in _words(para.spans)
        ]
    return para._words


def break_lines(para: Para, size: float, width: float) -> list[Line]:
    """Greedy lines at ``size`` within ``width``; over-long words are cut."""
    starts = _starts(para, size, width)
    if starts is None:
        return _break(para, size, width)
    words = para._words
    if not starts:  # nothing but spaces
        return [[]]
    ends = starts[1:] + [len(words)]
    lines: list[Line] = []
    if len(para.spans) == 1:  # one face: each line is one span
        font = para.spans[0].font
        for a, b in zip(starts, ends, strict=True):
            text = "".join(w[0][0].text + w[3] for w in words[a : b - 1]) + words[b - 1][0][0].text
            lines.append([Span(text, font)])
        return lines
    for a, b in zip(starts, ends, strict=True):
        pieces: list[Span] = []
        for word, _, _, sep in words[a:b]:
            pieces += word
            if sep:
                pieces.append(Span(sep, word[-1].font))
        if words[b - 1][3]:
            pieces.pop()  # no space at the end of a line
        lines.append([Span("".join(p.text for p in run), font) for font, run in groupby(pieces, key=_font)])
    return lines


def _font(span: Span) -> str:
    return span.font


def too_wide(paras: list[Para], size: float, width: float) -> str | None:
    """The first word wider than its line at ``size``, if any: text that
    would have to be cut to fit the width."""
    for p in paras:
        if _starts(p, size, width) is None:
            s = size * p.scale
            room = (width - (p.indent * s if p.label else 0.0)) / s
            return next("".join(t.text for t in w) for w, unit, _, _ in p._words if unit > room)
    return None


def count_lines(para: Para, size: float, width: float) -> int:
    """How many lines the paragraph takes at ``size`` within ``width``."""
    starts = _starts(para, size, width)
    return len(break_lines(para, size, width)) if starts is None else max(1, len(starts))


def _starts(para: Para, size: float, width: float) -> list[int] | None:
    """The index of the first word of each line, or None if a word is
    longer than a line (those are cut, by :func:`_break`).

    Fitting measures a paragraph at many sizes, so this is only arithmetic
    on widths measured once, in units of the size; the last result is kept,
    because the size fitting ends on is the one then drawn."""
    key = (size, width)
    if para._last is not None and para._last[0] == key:
        return para._last[1]
    s = size * para.scale
    room = (width - (para.indent * s if para.label else 0.0)) / s
    starts: list[int] | None = []
    x = gap = 0.0
    for i, (_, unit, space, _) in enumerate(_measured(para)):
        if unit > room:
            starts = None
            break
        if not starts or x + gap + unit > room:
            starts.append(i)
            x = unit
        else:
            x += gap + unit
        gap = space
    para._last = (key, starts)
    return starts


def _break(para: Para, size: float, width: float) -> list[Line]:
    """Lines, cutting words longer than a line by letters (rare: a long
    address on a narrow card)."""
    s = size * para.scale
    room = width - (para.indent * s if para.label else 0.0)
    lines: list[Line] = []
    line: Line = []
    x = gap = 0.0
    sep = ""
    for word, unit, space, next_sep in _measured(para):
        w = unit * s
        if line and x + gap + w > room:
            lines.append(line)
            line, x, gap = [], 0.0, 0.0
        if w > room:  # a word longer than the line: cut it by letters
            for piece, pw in _cut(word, room, s):
                if line:
                    lines.append(line)
                line, x = piece, pw
        else:
            if line and sep:
                line[-1] = Span(line[-1].text + sep, line[-1].font)
            for p in word:
                if line and line[-1].font == p.font:
                    line[-1] = Span(line[-1].text + p.text, p.font)
                else:
                    line.append(p)
            x += gap + w
        gap, sep = space * s, next_sep
    if line:
        lines.append(line)
    return lines or [[]]


def _cut(word: list[Span], room: float, s: float) -> list[tuple[list[Span], float]]:
    out: list[tuple[list[Span], float]] = []
    text = "".join(p.text for p in word)
    font = word[0].font
    start = 0
    while start < len(text):
        end = start + 1
        while end < len(text) and unit_width(text[start : end + 1], font) * s <= room:
            end += 1
        out.append(([Span(text[start:end], font)], unit_width(text[start:end], font) * s))
        start = end
    return out


def height(paras: list[Para], size: float, width: float, leading: float = 1.2) -> float:
    """The height of paragraphs set at ``size``."""
    total = 0.0
    for i, p in enumerate(paras):
        s = size * p.scale
        total += count_lines(p, size, width) * s * leading
        if i < len(paras) - 1:
            total += p.space_after * s
    return total


def _num(v: float) -> str:
    """A number to 1/100 pt, as short as it goes: 12, 12.5, -0.25."""
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def draw(
    c,
    paras: list[Para],
    size: float,
    x: float,
    top: float,
    width: float,
    leading: float = 1.2,  # noqa: ANN001
    grey: float | dict[int, float] = 0.0,
    align: str = "left",
) -> float:
    """Draw paragraphs from ``top`` down in ``grey`` (0 is black, 1 white;
    or a grey per paragraph), each line flush left or, with ``align`` =
    "centre" or "right", centred in the width or flush right; return the y
    below the last one.

    All of it is one text object, moved line to line with relative moves:
    a few bytes a line, where absolute positions cost six numbers each. The
    operators are written here rather than through reportlab's text object,
    which measures every string again as it goes; fonts are still encoded
    (and subset) by reportlab."""
    doc = c._doc
    ops: list[str] = []
    y = top
    here: tuple[float, float] | None = None
    shade = None
    face = None
    for i, p in enumerate(paras):
        s = size * p.scale
        step = s * leading
        left = p.indent * s if p.label else 0.0
        for n, line in enumerate(break_lines(p, size, width)):
            y -= step
            baseline = round(y + s * (leading - 1) / 2 + s * 0.22, 2)
            want = grey.get(i, 0.0) if isinstance(grey, dict) else grey
            if want != shade:
                ops.append(f"{_num(want)} g")
                shade = want
            start = round(x + left if (n or not p.label) else x, 2)
            if align != "left":
                room = width - sum(unit_width(*sp) for sp in line) * s
                start = round(x + (room / 2 if align == "centre" else room), 2)
            if here is None:
                ops.append(f"{_num(start)} {_num(baseline)} Td")
            elif (start, baseline) != here:
                ops.append(f"{_num(start - here[0])} {_num(baseline - here[1])} Td")
            here = (start, baseline)
            if n == 0 and p.label:
                face = _show(c, doc, ops, p.label, s, face)
                ops.append(f"{_num(left)} 0 Td")
                here = (round(start + left, 2), baseline)
            for span in line:
                face = _show(c, doc, ops, span, s, face)
        y -= p.space_after * s if i < len(paras) - 1 else 0
    if ops:
        c._code.append("BT " + " ".join(ops) + " ET")
    return y


def draw_at(c, spans: list[Span], size: float, x: float, baseline: float, width: float, **kw) -> None:  # noqa: ANN001
    """One paragraph (usually one line) with its first baseline at ``baseline``."""
    draw(c, [Para(spans, space_after=0)], size, x, baseline + size * (1.2 - 0.1 - 0.22), width, 1.2, **kw)


def _show(c, doc, ops: list[str], span: Span, size: float, face):  # noqa: ANN001, ANN202
    if not span.text:
        return face
    for name, codes in _encode(c, doc, span):
        if (name, size) != face:
            ops.append(f"{name} {_num(size)} Tf")
            face = (name, size)
        ops.append(f"({codes}) Tj")
    return face


class _Face:
    """A font in one document: its name there and the characters it has
    given codes so far, with their codes escaped for a PDF string."""

    __slots__ = ("font", "state", "table", "known", "name")

    def __init__(self, font, doc) -> None:  # noqa: ANN001
        font.splitString("", doc)  # makes the font's state for this document
        self.font, self.state = font, font.state[doc]
        self.table: dict[int, str] = {}
        self.known: set[str] = set()
        self.name = ""


def _encode(c, doc, span: Span) -> list[tuple[str, str]]:  # noqa: ANN001
    """A span's text as its font's subset codes, escaped for a PDF string,
    with the subset's name: what reportlab's ``splitString`` and ``_escape``
    give, one character at a time, but by a table once the characters are
    known.

    A character is given its code by reportlab the first time it is seen,
    in the order the text comes, so the codes (and the file) are the same
    from run to run. The tables live on the canvas, one per font.
    """
    faces = c.__dict__.setdefault("_zm_faces", {})
    face = faces.get(span.font)
    if face is None:
        face = faces[span.font] = _Face(getFont(span.font), doc)
    text = span.text
    if not face.known.issuperset(text):
        for ch in dict.fromkeys(text):
            if ch not in face.known:
                [(_, code)] = face.font.splitString(ch, doc)
                face.table[ord(ch)] = c._escape(code)
                face.known.add(ch)
    if len(face.state.subsets) > 1:  # over 256 characters in this font: more than one subset
        font = face.font
        return [
            (font.getSubsetInternalName(subset, doc), c._escape(codes)) for subset, codes in font.splitString(text, doc)
        ]
    if not face.name:
        face.name = face.font.getSubsetInternalName(0, doc)
    return [(face.name, text.translate(face.table))]
