"""Quotation marks as a typesetter sets them: curly, and alternating when
one quotation sits inside another (“ ‘ ’ ”), as US and most English style
guides ask."""

from __future__ import annotations

import re

OPEN = {0: "\u201c", 1: "\u2018"}
CLOSE = {0: "\u201d", 1: "\u2019"}
#: After these, a straight quote opens; elsewhere it closes.
_OPENS_AFTER = set(" \t\n([{\u2014\u2013-/\u00a0") | {""}
#: Every mark :func:`nested` sets; the rest of a text is copied as it is.
_MARK = re.compile("[\"'\u201c\u201d\u2018\u2019]")


def nested(text: str, depth: int = 1) -> str:
    """``text`` as it reads inside ``depth`` levels of quotation: every
    quotation in it, straight or curly, double or single, set with the marks
    of its own level (depth 1: inside double quotes, so its quotations take
    single ones, and theirs double again). Apostrophes stay apostrophes."""
    out: list[str] = []
    stack: list[str] = []  # the kind ('"' or "'") of each open quotation
    done = 0  # the text up to here is in ``out``
    for m in _MARK.finditer(text):
        i = m.start()
        out.append(text[done:i])
        done = i + 1
        ch = m.group()
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in "\"\u201c\u201d":
            kind = '"'
        else:
            # An apostrophe: between letters (it's), or closing a word with
            # no single quotation open (the folks' house).
            if ch != "\u2018" and before.isalnum() and (after.isalnum() or "'" not in stack):
                out.append("\u2019")
                continue
            kind = "'"
        opening = ch in "\u201c\u2018" or (ch in "\"'" and before in _OPENS_AFTER)
        if ch in "\u201d\u2019" or not opening:
            if kind in stack:
                while stack and stack[-1] != kind:
                    stack.pop()
                stack.pop()
                out.append(CLOSE[(depth + len(stack)) % 2])
            else:
                out.append("\u2019" if kind == "'" else CLOSE[depth % 2])
            continue
        out.append(OPEN[(depth + len(stack)) % 2])
        stack.append(kind)
    out.append(text[done:])
    return "".join(out)
