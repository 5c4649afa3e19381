"""Excerpts: the blocks of a text a layout asks for.

By section heading (the heading and everything under it, up to the next
heading of the same or a higher level) and/or by paragraph range (counting
paragraphs, quotes and list items from 1, within the chosen sections, or
the whole text if none are named).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from zinemaker.content.text import Block, Run, Text
from zinemaker.errors import ZinemakerError

COUNTED = ("paragraph", "quote", "item")


def _key(title: str) -> str:
    t = unicodedata.normalize("NFKC", title).casefold()
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        t = t.replace(a, b)
    return " ".join(t.replace("\u2010", "-").replace("\u2011", "-").split())


def section(text: Text, title: str, where: str) -> list[Block]:
    """A heading and the blocks under it."""
    blocks = text.blocks
    for i, b in enumerate(blocks):
        if b.kind == "heading" and _key(b.plain) == _key(title):
            end = next(
                (j for j in range(i + 1, len(blocks)) if blocks[j].kind == "heading" and blocks[j].level <= b.level),
                len(blocks),
            )
            return blocks[i:end]
    names = "; ".join(h.plain for h in text.headings()) or "(the text has no headings)"
    raise ZinemakerError(f"no section {title!r} in {text.path.name}; its headings are: {names}", where)


def select(
    text: Text,
    sections: tuple[str, ...] = (),
    paragraphs: tuple[int, int | None] | None = None,
    where: str = "",
) -> list[Block]:
    """The blocks an excerpt asks for, in the text's order."""
    if sections:
        chosen: list[Block] = []
        for title in sections:
            chosen += section(text, title, f"{where}.sections")
    else:
        chosen = list(text.blocks)
    if paragraphs is None:
        return chosen
    first, last = paragraphs
    counted = [b for b in chosen if b.kind in COUNTED]
    if first > len(counted) or (last is not None and last > len(counted)):
        raise ZinemakerError(
            f"asks for paragraphs {first}-{last or 'end'} but there are {len(counted)}",
            f"{where}.paragraphs",
        )
    keep = {id(b) for b in counted[first - 1 : last]}
    out: list[Block] = []
    for i, b in enumerate(chosen):
        if id(b) in keep:
            out.append(b)
        elif b.kind == "heading":
            # A heading stays if the next counted block after it is kept.
            nxt = next((c for c in chosen[i + 1 :] if c.kind in COUNTED), None)
            if nxt is not None and id(nxt) in keep:
                out.append(b)
    return out


def omit(blocks: list[Block], leave_out: tuple[str | int, ...], where: str = "") -> list[Block]:
    """The blocks without what ``leave_out`` names: a paragraph by its number
    (counted as ``paragraphs`` counts, within the excerpt), or a passage by
    its exact words, which must occur once in the excerpt (a passage that is
    a whole paragraph takes the paragraph with it)."""
    counted = [b for b in blocks if b.kind in COUNTED]
    drop: set[int] = set()
    out = list(blocks)
    for k, item in enumerate(leave_out):
        here = f"{where}.omit #{k + 1}"
        if isinstance(item, int):
            if item > len(counted):
                raise ZinemakerError(f"asks to leave out paragraph {item} but the excerpt has {len(counted)}", here)
            drop.add(id(counted[item - 1]))
            continue
        pattern = re.compile(r"\s+".join(map(re.escape, item.split())))
        hits = [(i, m) for i, b in enumerate(out) for m in pattern.finditer(b.plain)]
        if len(hits) != 1:
            what = "is not in the excerpt" if not hits else f"is in the excerpt {len(hits)} times: quote more of it"
            raise ZinemakerError(f"the passage {item[:40]!r}... {what} (copy its words exactly)", here)
        i, m = hits[0]
        out[i] = _cut(out[i], m.start(), m.end())
        if not out[i].plain.strip():
            drop.add(id(out[i]))
    return [b for b in out if id(b) not in drop]


def _cut(b: Block, start: int, end: int) -> Block:
    """The block with ``plain[start:end]`` taken out of its runs, and one
    space beside it."""
    text = b.plain
    if end < len(text) and text[end].isspace():
        end += 1
    elif start > 0 and text[start - 1].isspace():
        start -= 1
    kept: list[Run] = []
    at = 0
    for r in b.runs:
        lo, hi = at, at + len(r.text)
        piece = r.text[: max(0, start - lo)] + r.text[max(0, end - lo) :] if lo < end and hi > start else r.text
        if piece:
            kept.append(Run(piece, r.italic, r.bold, r.href, r.code))
        at = hi
    return replace(b, runs=kept)
