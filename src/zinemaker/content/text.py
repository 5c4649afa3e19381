"""Texts: Markdown with YAML front matter, read into blocks.

A :class:`Text` is its front matter and a flat list of :class:`Block` s
(headings, paragraphs, quotes, list items, rules), each carrying its inline
content as a list of :class:`Run` s and the source line it came from, so
later stages can select excerpts and name the place of a problem. Parsing is
markdown-it-py's, with its typographer turning straight quotes, "--" and
"..." into typographic ones.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from zinemaker import files
from zinemaker.definitions.layout import too_long_address
from zinemaker.errors import ZinemakerError

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with its emphasis; ``href`` for link text."""

    text: str
    italic: bool = False
    bold: bool = False
    href: str | None = None
    code: bool = False


@dataclass
class Block:
    """One block of a text, with where it came from."""

    kind: str  # heading, paragraph, quote, item, rule, image
    runs: list[Run]
    line: int  # 1-based line in the source file
    level: int = 0  # heading level, or list depth for items
    ordinal: int | None = None  # number of an ordered list item
    section: str = ""  # the heading this block sits under
    src: str = ""  # an image's file, as written in the text

    @property
    def plain(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Text:
    """A text: its path, front matter and blocks."""

    path: Path
    meta: dict
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.path.stem))

    @property
    def language(self) -> str:
        return str(self.meta.get("language", "en"))

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "heading"]


_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.S | re.M)


#: The longest word a text may hold (a long web address is 100 letters).
MAX_WORD = 500
_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")


#: The most words one paragraph (or list item, or quote) may have: its
#: line breaks are found for the whole paragraph at once (in time that grows
#: with its length: 20,000 words take about 5 s), and one that long is a
#: text whose blank lines were lost.
PARAGRAPH_MAX = 20_000

#: The longest heading taken (characters): it is set whole, never split
#: across pages, and a section's name runs at the head of its pages.
HEADING_MAX = 150


def _long_word(source: str) -> tuple[str, int] | None:
    m = _WORD.search(source)
    return (m.group(0), m.start()) if m else None


@cache
def _parser() -> MarkdownIt:
    # Imported here: a deck of plain cards is read without it (see _plain_blocks).
    from markdown_it import MarkdownIt

    # Nesting past markdown-it's own limit would end the text silently;
    # ours (MAX_NESTING) is lower and is an error.
    md = MarkdownIt("commonmark", {"typographer": True, "maxNesting": 4 * MAX_NESTING + 8})
    md.enable(["replacements", "smartquotes"])
    # Rules for things a zine text never holds; each costs time on every block.
    md.disable(["html_block", "html_inline", "reference", "code", "fence", "entity"], ignoreInvalid=True)
    return md


def read_text(path: Path, root: Path | None = None) -> Text:
    """Read a Markdown text with optional YAML front matter. Images it
    shows must be inside ``root`` (the project folder), when given."""
    path = Path(path)
    source = files.read_text(path, "text")
    text = parse_text(source, path)
    for b in text.blocks:
        if b.kind == "image" and b.src:
            src = Path(b.src)
            named = files.Named(b.src, "image", f"{path}:{b.line}")
            files.inside(src if src.is_absolute() else path.parent / src, root, named)
    return text


#: Front matter a zine prints (on its cover and colophon): each must be text.
PRINTED = ("title", "subtitle", "author", "language", "licence", "date", "description", "publisher")
#: Lists and quotes nested deeper than this are refused (markdown-it would
#: otherwise stop reading the text there, silently).
MAX_NESTING = 16

#: Characters no text means to print: the C0 controls but tab, line feed,
#: carriage return and form feed (a page break, as texts from PDFs have), and DEL.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def parse_text(source: str, path: Path) -> Text:
    """Parse Markdown source (with optional front matter) into a Text."""
    source = source.replace("\f", " ")  # a page break (texts from PDFs have them) is a space
    bad = _CONTROL.search(source)
    if bad:
        # Markdown would print a NUL as a replacement mark, and other controls as nothing visible.
        line = source.count("\n", 0, bad.start()) + 1
        raise ZinemakerError(
            f"a control character (U+{ord(bad.group()):04X}) in the text: delete it"
            " (it would print as nothing, or as a box)",
            f"{path}:{line}",
        )
    meta: dict = {}
    offset = 0
    m = _FRONT.match(source)
    if m:
        meta = files.load_yaml(m.group(1), str(path), line_offset=1) or {}
        if not isinstance(meta, dict):
            raise ZinemakerError("front matter must be key: value lines", f"{path}:2")
        offset = source[: m.end()].count("\n")
        for key in PRINTED:
            value = meta.get(key)
            if value is not None and not isinstance(value, (str, int, float, datetime.date)) or isinstance(
                value, bool
            ):
                found = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)
                raise ZinemakerError(
                    f"front matter {key}: found {found},"
                    " expected text (in quotes if it has a colon)",
                    f"{path}:{_line_of(m.group(1), key) + 1}",
                )
        source_ = meta.get("source")
        if source_ is not None and not (
            isinstance(source_, str) or (isinstance(source_, list) and all(isinstance(x, str) for x in source_))
        ):
            raise ZinemakerError(
                "front matter source: expected text or a list of texts (- http://...)",
                f"{path}:{_line_of(m.group(1), 'source') + 1}",
            )
        for address in [source_] if isinstance(source_, str) else source_ or []:
            why = too_long_address(address)
            if why:
                raise ZinemakerError(f"front matter source: {why}", f"{path}:{_line_of(m.group(1), 'source') + 1}")
        source = source[m.end() :]
    text = Text(path, meta)
    text.blocks = _blocks(source, offset, path)
    for block in text.blocks:
        words = sum(len(r.text.split()) for r in block.runs)
        if words > PARAGRAPH_MAX:
            what = {"item": "list item", "quote": "quoted paragraph"}.get(block.kind, block.kind)
            raise ZinemakerError(
                f"a {what} of {words:,} words: at most {PARAGRAPH_MAX:,} are set as one paragraph (its"
                " blank lines may have been lost): split it with a blank line",
                f"{path}:{block.line}",
            )
    return text


def _line_of(front: str, key: str) -> int:
    for n, line in enumerate(front.splitlines(), 1):
        if line.startswith(f"{key}:"):
            return n
    return 0


def parse_inline(source: str) -> list[Run]:
    """Inline Markdown (emphasis, links, typographic quotes) as runs, for
    one-line texts such as a card's quote: no block parsing needed."""
    source = source.strip()
    if "\n" not in source and _plain(source):  # nothing for Markdown to do: the text itself
        return [Run(_typeset(source))] if source else []
    return _markdown_inline(source)


def _markdown_inline(source: str) -> list[Run]:
    runs: list[Run] = []
    for tok in _parser().parseInline(source):
        runs += _runs(tok.children or [])
    return _merge(runs)


# -- plain text, read without markdown-it -------------------------------------------
#
# Most of a deck's bodies are a few numbered steps of plain words: nothing in
# them for markdown-it to do but find the lists and paragraphs, which it does
# at a quarter of a millisecond a card. :func:`_plain_blocks` reads such a
# text by its lines instead, and gives up (None) on anything else, for
# markdown-it to read: any character an inline rule acts on (emphasis, code,
# links, images, escapes, straight quotes but an apostrophe in a word), any typographic replacement ("--",
# "..."), a line that starts or ends with a space, or starts a block of
# another kind (a heading, a quote, a rule, a nested list, a setext
# underline), or a list item straight under a paragraph's line. It holds
# only for the rules :func:`_parser` enables (tests/test_quick_reading.py
# checks both, and compares the two readings on thousands of texts).

#: Characters that some inline rule of the parser acts on (or, for tabs and
#: carriage returns, that its block reading treats apart). Brackets alone are
#: text: with no reference definitions read, only "](" makes a link, and
#: only "![" an image. A straight single quote between two letters is an
#: apostrophe to the typographer, always (see :func:`_typeset`); anywhere
#: else, it may open or close a quotation.
_NOT_PLAIN = re.compile(r"[\\`*<\"\t\r]|\]\(|!\[|(?<![A-Za-z])'|'(?![A-Za-z])")
#: Underscores: text, unless a run of them may open or close emphasis (see :func:`_inert`).
_UNDERSCORES = re.compile("_+")
#: A list item's marker: a number and "." or ")", or "-" or "+", one space, then a word.
_MARKER = re.compile(r"(?:([0-9]{1,9})([.)])|([-+])) (?=\S)")
#: A line's first characters that would begin a block of its own (or a list item).
_BLOCK_START = re.compile(r"[0-9]+[.)]|[-+*=#>_~|]")


#: The typographer's own tests for a text it may change (markdown-it's
#: ``rules_core.replacements.RARE_RE`` and ``SCOPED_ABBR_RE``, copied so that a
#: plain text is read without importing markdown-it; a test checks they are the same).
RARE_RE = re.compile(r"\+-|\.\.|\?\?\?\?|!!!!|,,|--")
SCOPED_ABBR_RE = re.compile(r"\((c|tm|r)\)", flags=re.IGNORECASE)


def _typographic(source: str) -> bool:
    """Whether the typographer's replacements would change anything in ``source``."""
    return bool(RARE_RE.search(source) or SCOPED_ABBR_RE.search(source))


def _typeset(plain: str) -> str:
    """A plain text (see :func:`_plain`) as the typographer sets it: its
    apostrophes, all between letters, curly."""
    return plain.replace("'", "\u2019")


def _plain(source: str) -> bool:
    """Whether no inline rule and no replacement would change ``source``."""
    return not _NOT_PLAIN.search(source) and not _typographic(source) and ("_" not in source or _inert(source))


def _inert(source: str) -> bool:
    """Whether every run of underscores in ``source`` is text to the
    emphasis rule: one that can neither open nor close emphasis, by
    CommonMark's flanking rules, as it has a space or a line's end on both
    sides (the blank to write a name on: "belongs to: ______") or a letter
    or digit on both (inside a word: "snake_case")."""
    for m in _UNDERSCORES.finditer(source):
        i, j = m.start(), m.end()
        before = source[i - 1] if i else " "
        after = source[j] if j < len(source) else " "
        if not ((before in " \n" and after in " \n") or (before.isalnum() and after.isalnum())):
            return False
    return True


def _opens_plain(line: str) -> bool:
    """Whether a line (or an item's text) is a paragraph's text from its
    first character on: no space around it, no block starting there."""
    return not (line[0].isspace() or line[-1].isspace() or _BLOCK_START.match(line))


def _plain_blocks(source: str, offset: int) -> list[Block] | None:
    """The blocks markdown-it finds in a text of plain paragraphs and lists
    (see above), or None for a text that is not one."""
    if not _plain(source):
        return None
    found: list[tuple[Block, list[str]]] = []  # each block, and its lines
    lines: list[str] = []  # the open paragraph's (or item's) lines
    kind = ""  # the open list's marker ("." or ")" after a number, or "-", "+"), "" outside lists
    ordinal: int | None = None
    width = 0  # where the open list item's text starts: a marker indented less is its sibling
    for n, line in enumerate(source.split("\n")):
        if not line:
            lines = []
            continue
        m = _MARKER.match(line)
        indent = 0
        if m is None and line[0] == " " and kind:
            # A list item indented by a space or three, less than the open
            # item's text: the next item of the same list ("  5. ..." typed
            # under "4. ..."). Nested, a new list or anything else: not plain.
            indent = len(line) - len(line.lstrip(" "))
            m = _MARKER.match(line, indent)
            if m is None or indent > 3 or indent >= width or (m.group(2) or m.group(3)) != kind:
                return None
        if m is None:
            if not _opens_plain(line):
                return None
            if lines:  # the paragraph goes on (in an item: its lazy continuation)
                lines.append(line)
                continue
            kind, lines = "", [line]  # after a blank line: a paragraph, and the list, if any, is over
            found.append((Block("paragraph", [], offset + n + 1), lines))
        else:
            text = line[m.end() :]
            if not _opens_plain(text) or (lines and not kind):
                return None  # a nested block, or a list item under a paragraph's line
            number, mark = m.group(1), m.group(2) or m.group(3)
            if mark != kind:  # a new list
                kind = mark
                ordinal = (int(number) or 1) if number is not None else None
            elif ordinal is not None:
                ordinal += 1
            lines = [text]
            width = m.end()
            found.append((Block("item", [], offset + n + 1, level=1, ordinal=ordinal), lines))
    for block, its in found:
        block.runs = [Run(_typeset(" ".join(its)))]
    return [block for block, _ in found]


def _blocks(source: str, offset: int, path: Path | str = "") -> list[Block]:
    """The blocks of a text's Markdown (``offset``: the lines before it, as
    front matter), read by :func:`_plain_blocks` where that can, else by markdown-it."""
    quick = _plain_blocks(source, offset)
    if quick is None:
        return _markdown_blocks(source, offset, path)
    _refuse_long_words(source, offset, path)
    return quick


def _markdown_blocks(source: str, offset: int, path: Path | str = "") -> list[Block]:
    tokens = _parser().parse(source)
    for tok in tokens:
        # Each list or quote opens two levels (the list and its item).
        if tok.level > 2 * MAX_NESTING + 1:
            line = offset + (tok.map[0] + 1 if tok.map else 1)
            raise ZinemakerError(
                f"lists or quotes nested more than {MAX_NESTING} deep: indent less",
                f"{path}:{line}" if path else None,
            )
    _refuse_long_words(source, offset, path)
    blocks: list[Block] = []
    section = ""
    quote = 0
    items: list[int | None] = []  # per open list: next ordinal, or None for bullets
    heading_level = 0
    open_items = 0  # list items open around the current token
    for i, tok in enumerate(tokens):
        if tok.type == "list_item_open":
            open_items += 1
        elif tok.type == "list_item_close":
            open_items -= 1
        elif tok.type == "blockquote_open":
            quote += 1
        elif tok.type == "blockquote_close":
            quote -= 1
        elif tok.type == "bullet_list_open":
            items.append(None)
        elif tok.type == "ordered_list_open":
            items.append(int(tok.attrs.get("start", 1) or 1))
        elif tok.type in ("bullet_list_close", "ordered_list_close"):
            items.pop()
        elif tok.type == "heading_open":
            heading_level = int(tok.tag[1])
        elif tok.type == "hr":
            line = offset + (tok.map[0] + 1 if tok.map else 1)
            blocks.append(Block("rule", [], line, section=section))
        elif tok.type == "inline":
            line = offset + (tok.map[0] + 1 if tok.map else 1)
            runs = _runs(tok.children or [])
            prev = tokens[i - 1].type if i else ""
            kids = [k for k in (tok.children or []) if not (k.type == "text" and not k.content.strip())]
            if len(kids) == 1 and kids[0].type == "image":
                # An image alone in its paragraph: a figure, with its alt text as caption.
                img = kids[0]
                caption = "".join(k.content for k in (img.children or []) if k.type == "text")
                blocks.append(
                    Block(
                        "image",
                        [Run(caption)] if caption else [],
                        line,
                        section=section,
                        src=str(img.attrs.get("src", "")),
                    )
                )
                continue
            if prev == "heading_open":
                section = "".join(r.text for r in runs).strip()
                if len(section) > HEADING_MAX:
                    raise ZinemakerError(
                        f"a heading of {len(section)} characters ({section[:30]}...): a heading is at most"
                        f" {HEADING_MAX}, to fit its page and the running head; end it sooner and make the rest"
                        " a paragraph (a blank line after the heading line)",
                        f"{path}:{line}",
                    )
                blocks.append(Block("heading", runs, line, level=heading_level, section=section))
            elif items and open_items:
                # Only an item's first paragraph carries its number.
                ordinal = items[-1] if tokens[i - 2].type == "list_item_open" else None
                if ordinal is not None:
                    items[-1] = ordinal + 1
                blocks.append(Block("item", runs, line, level=len(items), ordinal=ordinal, section=section))
            else:
                kind = "quote" if quote else "paragraph"
                blocks.append(Block(kind, runs, line, section=section))
    return blocks


def _refuse_long_words(source: str, offset: int, path: Path | str) -> None:
    long = _long_word(source)
    if long is not None:
        word, at = long
        line = offset + source.count("\n", 0, at) + 1
        raise ZinemakerError(
            f"a word of {len(word)} letters ({word[:20]}...): no line is that wide; put spaces in it",
            f"{path}:{line}" if path else None,
        )


def _runs(children: list) -> list[Run]:
    runs: list[Run] = []
    italic = bold = 0
    href: str | None = None
    for c in children:
        t = c.type
        if t == "text":
            runs.append(Run(c.content, italic > 0, bold > 0, href))
        elif t == "code_inline":
            runs.append(Run(c.content, italic > 0, bold > 0, href, code=True))
        elif t in ("softbreak",):
            runs.append(Run(" ", italic > 0, bold > 0, href))
        elif t == "hardbreak":
            runs.append(Run("\n", italic > 0, bold > 0, href))
        elif t == "em_open":
            italic += 1
        elif t == "em_close":
            italic -= 1
        elif t == "strong_open":
            bold += 1
        elif t == "strong_close":
            bold -= 1
        elif t == "link_open":
            href = str(c.attrs.get("href", ""))
        elif t == "link_close":
            href = None
        elif t == "image":  # inside running text: its alt text stands in
            runs.append(Run("".join(k.content for k in (c.children or [])), italic > 0, bold > 0, href))
        elif t == "html_inline":
            runs.append(Run(c.content, italic > 0, bold > 0, href))
    return _merge(runs)


def _merge(runs: list[Run]) -> list[Run]:
    out: list[Run] = []
    for r in runs:
        if out and (out[-1].italic, out[-1].bold, out[-1].href, out[-1].code) == (r.italic, r.bold, r.href, r.code):
            out[-1] = Run(out[-1].text + r.text, r.italic, r.bold, r.href, r.code)
        else:
            out.append(r)
    return out
