"""A PDF content stream as its operations, read quickly.

pypdf's ``ContentStream.operations`` makes a PDF object of every operand
through a general object reader, one byte at a time: checking a default
build spent most of its time there. What reads a page's drawing to check it
(:mod:`zinemaker.preflight`) needs only plain values, so this reads the
stream with one regular expression a token:

- numbers as ``float``, names as ``str`` (``"/F1"``, ``#xx`` escapes
  decoded), strings as ``bytes`` (escapes decoded: the character codes the
  font is indexed by), arrays as ``list``, dictionaries as ``dict``;
- each operator as ``(operands, b"op")``, as pypdf gives them; an inline
  image as ``({"settings": dict, "data": bytes}, b"INLINE IMAGE")``.

A stream that is not PDF (an unclosed string or array, a token no PDF
has) raises :class:`ValueError`, which a reader of damaged files catches
with the rest (:func:`zinemaker.impose.pdf_faults`).
"""

from __future__ import annotations

import re
from typing import Any

_WS = rb"\x00\t\n\x0c\r "
_WHITE = b"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
#: One token after any white space: a comment, a name, a number, an
#: operator (or true/false/null), or one of the punctuation marks that open
#: or close something.
_TOKEN = re.compile(
    rb"[" + _WS + rb"]*+(?:"
    rb"(%[^\r\n]*)"  # 1 a comment
    rb"|/(" + _REGULAR + rb"*)"  # 2 a name
    rb"|([+\-.0-9]+)"  # 3 a number (pypdf reads only these characters as one)
    rb"|([A-Za-z'\"]" + _REGULAR + rb"*)"  # 4 an operator or keyword
    rb"|(<<|>>|[\[\]()<])"  # 5 punctuation
    rb"|(.)"  # 6 anything else: not PDF
    rb")",
    re.S,
)
#: The common case, read in one step: well-formed numbers, then an operator
#: (``1 0 0 1 72 700 cm``); anything else goes token by token.
_NUMBERS_THEN_OPERATOR = re.compile(
    rb"[\t\n\x0c\r ]*+((?:[+\-]?(?:\d+\.?\d*|\.\d+)[\t\n\x0c\r ]+)*+)([A-Za-z'\"]" + _REGULAR + rb"*)"
)
_STRING_STOP = re.compile(rb"[()\\]")
_HEX_END = re.compile(rb">")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
#: An inline image's data ends at EI between white space (or at the end).
_INLINE_END = re.compile(rb"[" + _WS + rb"]EI(?=[" + _WS + rb"]|$)")
_ESCAPES = {
    ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
    **{c: bytes((c,)) for c in b"()\\/ %<>[]#_&$"},
}  # fmt: skip
_KEYWORDS: dict[bytes, Any] = {b"true": True, b"false": False, b"null": None}
#: Arrays and dictionaries nested deeper than this are not a drawing.
MAX_DEPTH = 64


def operations(data: bytes) -> list[tuple[Any, bytes]]:
    """Every operation of a content stream, in order: (operands, operator)."""
    out: list[tuple[Any, bytes]] = []
    operands: list = []
    stack: list[list] = []  # the arrays and dictionaries open, outermost first
    kinds: list[bytes] = []  # b"[" or b"<<" for each
    top = operands  # where the next value goes
    match = _TOKEN.match
    quick = _NUMBERS_THEN_OPERATOR.match
    end = len(data)
    pos = 0
    while pos < end:
        if not stack:
            q = quick(data, pos)
            if q is not None and q.group(2) != b"BI":
                numbers = q.group(1)
                if numbers:
                    operands.extend(map(float, numbers.split()))
                out.append((operands, q.group(2)))
                operands = top = []
                pos = q.end()
                continue
        m = match(data, pos)
        if m is None:
            if data[pos:].strip(_WHITE):
                raise ValueError(f"unexpected {data[pos:pos + 1]!r} in the drawing")
            break  # only white space was left
        pos = m.end()
        kind = m.lastindex
        if kind == 3:
            tok = m.group(3)
            try:
                top.append(float(tok))
            except ValueError:
                top.append(0.0)  # as pypdf reads a malformed number
        elif kind == 2:
            top.append(_name(m.group(2)))
        elif kind == 4:
            tok = m.group(4)
            if stack:  # true, false or null (outside, pypdf reads them as operators too)
                if tok not in _KEYWORDS:
                    raise ValueError(f"an operator {tok.decode('latin-1')!r} inside an array or dictionary")
                top.append(_KEYWORDS[tok])
            elif tok == b"BI":
                if operands:
                    raise ValueError("an inline image after operands")
                image, pos = _inline_image(data, pos)
                out.append((image, b"INLINE IMAGE"))
            else:
                out.append((operands, tok))
                operands = top = []
        elif kind == 5:
            tok = m.group(5)
            if tok == b"(":
                value, pos = _string(data, pos)
                top.append(value)
            elif tok == b"<":
                close = _HEX_END.search(data, pos)
                if close is None:
                    raise ValueError("a hex string is not closed")
                digits = bytes(data[pos : close.start()]).translate(None, b"\x00\t\n\x0c\r ")
                if len(digits) % 2:
                    digits += b"0"
                top.append(bytes.fromhex(digits.decode("latin-1")))
                pos = close.end()
            elif tok in (b"[", b"<<"):
                if len(stack) >= MAX_DEPTH:
                    raise ValueError("arrays nested too deep")
                stack.append(top)
                kinds.append(tok)
                top = []
            else:  # b"]" or b">>"
                if not kinds or kinds[-1] != (b"[" if tok == b"]" else b"<<"):
                    raise ValueError(f"a {tok.decode()} that closes nothing")
                kinds.pop()
                value = top if tok == b"]" else _dictionary(top)
                top = stack.pop()
                top.append(value)
        elif kind == 6:
            raise ValueError(f"unexpected {m.group(6)!r} in the drawing")
        # kind 1, a comment: nothing
    if stack:
        raise ValueError("an array or dictionary is not closed")
    return out


def _name(raw: bytes) -> str:
    if b"#" in raw:
        raw = _NAME_ESCAPE.sub(lambda m: bytes((int(m.group(1), 16),)), raw)
    try:
        return "/" + raw.decode("utf-8")
    except UnicodeDecodeError:
        return "/" + raw.decode("latin-1")


def _dictionary(items: list) -> dict:
    if len(items) % 2:
        raise ValueError("a dictionary with a key and no value")
    return dict(zip(items[::2], items[1::2], strict=True))


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string from just after its ``(``: its bytes, and where it ends."""
    stop = _STRING_STOP.search
    depth = 1
    parts: list[bytes] = []
    while True:
        m = stop(data, pos)
        if m is None:
            raise ValueError("a string is not closed")
        at = m.start()
        ch = data[at]
        if ch == 0x5C:  # a backslash
            parts.append(data[pos:at])
            nxt = data[at + 1 : at + 2]
            if not nxt:
                raise ValueError("a string is not closed")
            c = nxt[0]
            if c in _ESCAPES:
                parts.append(_ESCAPES[c])
                pos = at + 2
            elif 0x30 <= c <= 0x37:  # up to three octal digits
                k = at + 2
                while k < at + 4 and k < len(data) and 0x30 <= data[k] <= 0x37:
                    k += 1
                parts.append(bytes((int(data[at + 1 : k], 8) & 0xFF,)))
                pos = k
            elif c in (0x0A, 0x0D):  # a line break escaped: nothing
                pos = at + 2
                if c == 0x0D and data[pos : pos + 1] == b"\n":
                    pos += 1
            else:  # an unknown escape: kept, backslash and all, as pypdf keeps it
                parts.append(b"\\" + nxt)
                pos = at + 2
            continue
        depth += 1 if ch == 0x28 else -1
        if depth == 0:
            parts.append(data[pos:at])
            return b"".join(parts), at + 1
        parts.append(data[pos : at + 1])
        pos = at + 1


def _inline_image(data: bytes, pos: int) -> tuple[dict, int]:
    """An inline image from just after ``BI``: its settings and data, and where it ends."""
    mark = data.find(b"ID", pos)
    while mark != -1 and not (
        data[mark - 1 : mark] in (b" ", b"\n", b"\r", b"\t", b"\x00", b"\x0c", b"]", b">", b")")
        and data[mark + 2 : mark + 3] in (b" ", b"\n", b"\r", b"\t", b"\x00", b"\x0c")
    ):
        mark = data.find(b"ID", mark + 2)
    if mark == -1:
        raise ValueError("an inline image without ID")
    settings = operations(data[pos:mark] + b" x")  # its settings, read as operands of a stand-in operator
    values = settings[0][0] if settings else []
    start = mark + 3
    end = _INLINE_END.search(data, start - 1)
    if end is None:
        raise ValueError("an inline image without EI")
    return {"settings": _dictionary(values), "data": data[start : end.start()]}, end.end()
