"""A small, fast line breaker for card text.

Cards hold a few short paragraphs of left-aligned text, set again and again
at different sizes while fitting. Widths scale with the size, so each word
is measured once, at 1 pt, and cached; breaking a paragraph at any size is
then arithmetic. Drawing writes one compact text object per paragraph,
which keeps a thousand-card deck small. Platypus stays in charge of the
zines; this is only for boxes the size of a card.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth


@dataclass(frozen=True)
class Span:
    """Text in one face."""

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


def _words(spans: list[Span]) -> list[list[Span]]:
    """Words as lists of spans (a word may change face mid-way)."""
    words: list[list[Span]] = []
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
    return words


def break_lines(para: Para, size: float, width: float) -> list[Line]:
    """Greedy lines at ``size`` within ``width``; over-long words are cut.

    The last result is kept on the paragraph: fitting measures at the size
    it then draws at, so drawing does not break the lines again."""
    key = (size, width)
    if para._last is not None and para._last[0] == key:
        return para._last[1]
    result = _break(para, size, width)
    para._last = (key, result)
    return result


def _break(para: Para, size: float, width: float) -> list[Line]:
    s = size * para.scale
    room = width - (para.indent * s if para.label else 0.0)
    lines: list[Line] = []
    line: Line = []
    x = 0.0
    if para._words is None:
        para._words = [(w, sum(unit_width(p.text, p.font) for p in w)) for w in _words(para.spans)]
    for word, unit in para._words:
        w = unit * s
        gap = unit_width(" ", line[-1].font) * s if line else 0.0
        if line and x + gap + w > room:
            lines.append(line)
            line, x, gap = [], 0.0, 0.0
        if w > room:  # a word longer than the line: cut it by letters
            for piece, pw in _cut(word, room, s):
                if line:
                    lines.append(line)
                line, x = piece, pw
            continue
        if line:
            line[-1] = Span(line[-1].text + " ", line[-1].font)
        for p in word:
            if line and line[-1].font == p.font:
                line[-1] = Span(line[-1].text + p.text, p.font)
            else:
                line.append(p)
        x += gap + w
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
        total += len(break_lines(p, size, width)) * s * leading
        if i < len(paras) - 1:
            total += p.space_after * s
    return total


def _num(v: float) -> str:
    r = round(v, 2)
    return str(int(r)) if r == int(r) else f"{r:.2f}".rstrip("0")


def draw(
    c,
    paras: list[Para],
    size: float,
    x: float,
    top: float,
    width: float,
    leading: float = 1.2,  # noqa: ANN001
    grey: float | dict[int, float] = 0.0,
) -> float:
    """Draw paragraphs from ``top`` down in ``grey`` (0 is black; or a grey
    per paragraph); return the y below the last one.

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
            if here is None:
                ops.append(f"{_num(start)} {_num(baseline)} Td")
            elif (start, baseline) != here:
                ops.append(f"{_num(start - here[0])} {_num(baseline - here[1])} Td")
            here = (start, baseline)
            if n == 0 and p.label:
                face = _show(c, doc, ops, p.label, s, face)
                ops.append(f"{_num(left)} 0 Td")
                here = (round(x + left, 2), baseline)
            for span in line:
                face = _show(c, doc, ops, span, s, face)
        y -= p.space_after * s if i < len(paras) - 1 else 0
    if ops:
        c._code.append("BT " + " ".join(ops) + " ET")
    return y


def _show(c, doc, ops: list[str], span: Span, size: float, face):  # noqa: ANN001, ANN202
    font = getFont(span.font)
    for subset, codes in font.splitString(span.text, doc):
        name = font.getSubsetInternalName(subset, doc)
        if (name, size) != face:
            ops.append(f"{name} {_num(size)} Tf")
            face = (name, size)
        ops.append(f"({c._escape(codes)}) Tj")
    return face
