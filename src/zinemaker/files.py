"""Reading a user's files: the one door every input comes in by.

Layouts, printer files, decks (and the decks they extend), texts, images,
fonts and PDFs to impose are all read here, so every read is checked the
same way:

- only a regular file is read: a folder, a FIFO or a device is refused (a
  FIFO is opened without blocking, so it can never hang a build);
- a file larger than its kind allows is refused before it is read whole;
- a path that a file names (``text =`` in a layout, ``extends:`` in a deck,
  an image in a text) must lie inside the project folder once symlinks are
  followed: layouts and decks are shared between spaces, and one from
  someone else must not pull private files into a zine that gets printed and
  handed out. A path the person typed on the command line is theirs to
  choose and is read wherever it is.

Parsing is bounded here too: YAML with an alias budget and node and depth
limits (a "billion laughs" file is refused in milliseconds), TOML with a
depth limit and a hint for curly quotes, CSV with its dialect sniffed.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zinemaker.errors import ZinemakerError

KB = 1024
MB = 1024 * KB

#: The largest file of each kind that is read (bytes).
LIMITS = {
    "layout": 1 * MB,
    "printer": 256 * KB,
    "fonts": 256 * KB,
    "deck": 8 * MB,
    "csv": 8 * MB,
    "text": 8 * MB,
    "image": 64 * MB,
    "font": 64 * MB,
    "pdf": 512 * MB,
}

#: YAML: nodes a document may expand to (aliases counted each time they are
#: used), nesting depth, and aliases to a list or mapping.
YAML_NODES = 200_000
YAML_DEPTH = 64
YAML_ALIASES = 1000
TOML_DEPTH = 32


#: Real paths of every file read since the command began: what no output
#: may be written over (see :func:`zinemaker.write.write_all`).
_read: set[str] = set()


def read_so_far() -> set[str]:
    """The real paths of the files read since :func:`forget` (or the start)."""
    return set(_read)


def forget() -> None:
    """Start a new command's record of files read."""
    _read.clear()


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n // KB} KB"


@dataclass(frozen=True)
class Named:
    """A path as a file names it: the text as written, the field that holds
    it and the file that field is in (for messages)."""

    value: str
    field: str  # "text", "extends", "deck.back.image", ...
    where: str  # "layouts/z.toml: content #2" or "decks/x.yaml:4"


def inside(path: Path, root: Path | None, named: Named | None = None) -> Path:
    """``path`` if it lies inside ``root`` once every symlink is followed.

    ``root`` None means the person named the path themselves (on the
    command line): it is read wherever it is."""
    if root is None:
        return Path(path)
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    if real == base or base in real.parents:
        return Path(path)
    shown = named.value if named else str(path)
    field = named.field if named else "path"
    where = named.where if named else None
    raise ZinemakerError(
        f"{field}: {shown!r} is outside the project folder {_shown(root)}/, so it is not read"
        " (files a layout or deck names must be inside its project folder: copy the file in)",
        where,
    )


def _shown(root: Path) -> str:
    name = Path(os.path.realpath(root)).name
    return name or str(root)


def read_bytes(path: Path, kind: str, root: Path | None = None, named: Named | None = None) -> bytes:
    """The bytes of a regular file of ``kind`` (a key of :data:`LIMITS`),
    inside ``root`` when a file named it. Every failure is one line."""
    path = Path(path)
    inside(path, root, named)
    where = str(path)
    limit = LIMITS[kind]
    _read.add(os.path.realpath(path))
    try:
        # O_NONBLOCK: opening a FIFO returns at once instead of waiting for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise ZinemakerError("no such file: check the path", where) from None
    except IsADirectoryError:
        raise ZinemakerError(f"this is a folder, not a {kind} file: name the file in it", where) from None
    except PermissionError:
        raise ZinemakerError("no permission to read this file: check who owns it", where) from None
    except OSError as exc:
        raise ZinemakerError(f"cannot open it ({exc.strerror or exc}): check the path", where) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ZinemakerError(f"this is a folder, not a {kind} file: name the file in it", where)
        if not stat.S_ISREG(st.st_mode):
            raise ZinemakerError(
                f"not a regular file (a pipe, socket or device): save the {kind} as a file and name that", where
            )
        if st.st_size > limit:
            raise ZinemakerError(
                f"the file is {_size(st.st_size)}, more than a {kind} file may be ({_size(limit)}):"
                " is it the right file?",
                where,
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ZinemakerError(f"cannot read it ({exc.strerror or exc})", where) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:  # it grew while being read
        raise ZinemakerError(f"the file is more than a {kind} file may be ({_size(limit)})", where)
    return data


def read_text(
    path: Path, kind: str, root: Path | None = None, named: Named | None = None, hint: str = "save it as UTF-8"
) -> str:
    """A file's text, decoded as UTF-8 (a byte-order mark is dropped)."""
    data = read_bytes(path, kind, root, named)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ZinemakerError(f"not UTF-8 text (byte {exc.start}): {hint}", f"{path}:{line}") from None


def check_file(path: Path, kind: str, root: Path | None = None, named: Named | None = None) -> Path:
    """Check that a file a library will open by name (a font) is a regular
    file of a sane size inside ``root``; return its real path."""
    path = Path(path)
    inside(path, root, named)
    where = str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ZinemakerError(f"{kind} file not found: check the path", where) from None
    except OSError as exc:
        raise ZinemakerError(f"cannot open it ({exc.strerror or exc})", where) from None
    if not stat.S_ISREG(st.st_mode):
        raise ZinemakerError(f"not a regular {kind} file: name the file itself", where)
    if st.st_size > LIMITS[kind]:
        raise ZinemakerError(f"the file is more than a {kind} file may be ({_size(LIMITS[kind])})", where)
    _read.add(os.path.realpath(path))
    return Path(os.path.realpath(path))


def project_of(path: Path) -> Path:
    """The project folder a file on the command line belongs to: the
    nearest folder above it that holds ``layouts/`` or ``decks/``, else the
    file's own folder. Files it names must be inside this folder."""
    start = Path(os.path.realpath(path)).parent
    for folder in (start, *start.parents):
        if (folder / "layouts").is_dir() or (folder / "decks").is_dir():
            return folder
    return start


# -- TOML --------------------------------------------------------------------------


def parse_toml(text: str, where: str) -> dict[str, Any]:
    """TOML as a dict; a syntax error is one line with a hint where one helps."""
    depth = _bracket_depth(text)
    if depth > TOML_DEPTH:
        raise ZinemakerError(f"not valid TOML: nested {depth} deep (at most {TOML_DEPTH})", where)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(found.group(1)) if found else None
        place = f"{where}:{line}" if line else where
        hint = ""
        bad = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        if any(q in bad for q in "\u201c\u201d\u2018\u2019"):
            hint = ": use straight quotes (\") around text, not curly ones (\u201c\u201d)"
        elif "Invalid value" in msg or "Invalid statement" in msg:
            hint = ': put text in straight quotes, like title = "My zine"'
        at = f", line {line} column {found.group(2)}" if found else ""
        raise ZinemakerError(f"not valid TOML ({msg.split(' (at ')[0]}{at}){hint}", place) from None
    except RecursionError:
        raise ZinemakerError("not valid TOML: nested too deep", where) from None


def _bracket_depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings and comments (roughly:
    enough to refuse a file nested thousands deep before parsing it)."""
    if "[" * (TOML_DEPTH + 1) not in text and text.count("[") + text.count("{") <= TOML_DEPTH:
        return 0
    depth = deepest = 0
    quote = ""
    comment = False
    for ch in text:
        if comment:
            comment = ch != "\n"
        elif quote:
            if ch == quote or ch == "\n":
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            comment = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth = max(0, depth - 1)
    return deepest


# -- YAML --------------------------------------------------------------------------


def load_yaml(text: str, where: str, loader: type | None = None, line_offset: int = 0) -> Any:
    """Parse YAML with a safe loader, refusing documents that would grow
    past :data:`YAML_NODES` when their aliases are expanded, nest deeper than
    :data:`YAML_DEPTH`, or alias lists and mappings more than
    :data:`YAML_ALIASES` times. Errors are one line, with the line number."""
    import yaml

    cls = loader or getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _count(text, where, line_offset)
    ld = cls(text)
    try:
        try:
            node = ld.get_single_node()
        except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a file
            line = text.count("\n", 0, max(0, exc.position)) + 1 + line_offset
            char = exc.character if isinstance(exc.character, str) else chr(exc.character)
            raise ZinemakerError(
                f"a control character (U+{ord(char):04X}) YAML does not allow: delete it", f"{where}:{line}"
            ) from None
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"{where}:{mark.line + 1 + line_offset}" if mark else where
            raise ZinemakerError(
                f"not valid YAML ({_one_line(getattr(exc, 'problem', None) or exc)}): check the indentation"
                " (spaces, not tabs) and put text with a colon or a # in quotes",
                place,
            ) from None
        if node is None:
            return None
        _bound(node, where, line_offset)
        try:
            return ld.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            place = f"{where}:{mark.line + 1 + line_offset}" if mark else where
            raise ZinemakerError(f"not valid YAML ({_one_line(getattr(exc, 'problem', None) or exc)})", place) from None
        except (ValueError, OverflowError) as exc:  # a value that looks like a date but is none: 2020-02-30
            bad = _bad_scalar(ld, node)
            place = f"{where}:{bad.start_mark.line + 1 + line_offset}" if bad is not None else where
            shown = f" {bad.value}" if bad is not None else ""
            raise ZinemakerError(
                f"not valid YAML: the value{shown} looks like a date or number but is none ({exc}):"
                " correct it, or put it in quotes to keep it as text",
                place,
            ) from None
        except TypeError:  # an unhashable key: a list or mapping used as a key
            raise ZinemakerError(
                "a list or mapping is used as a key (a line starting with '? ', or [..]: / {..}:):"
                " keys must be plain words",
                where,
            ) from None
    finally:
        ld.dispose()


def _one_line(problem: object) -> str:
    """PyYAML's words for a problem, on one line (some hold a newline and
    where in "<unicode string>" it was, which the line number already says)."""
    text = " ".join(str(problem).split())
    return re.sub(r"\s*in \"<unicode string>\", position \d+", "", text)


def _bad_scalar(loader: Any, root: Any) -> Any:
    """The first plain value under ``root`` that its type cannot be made from."""
    import yaml

    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            fresh = type(loader)("")  # the first one is left mid-construction by the failure
            try:
                fresh.construct_object(node, deep=True)
            except (ValueError, OverflowError):
                return node
            except yaml.YAMLError:
                continue
            finally:
                fresh.dispose()
        else:
            stack.extend(reversed(_children(node)))
    return None


def _count(text: str, where: str, line_offset: int) -> None:
    """Refuse, from the parser's events alone (no objects built), a file
    that holds more values than :data:`YAML_NODES` as written."""
    import yaml

    if len(text) < YAML_NODES:  # fewer characters than the budget: fewer values too
        return
    if _events_within(text, YAML_NODES):  # every event counted, values among them
        return
    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        n = 0
        try:
            while parser.check_event():
                event = parser.get_event()
                if isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    n += 1
                    if n > YAML_NODES:
                        line = event.start_mark.line + 1 + line_offset
                        raise ZinemakerError(
                            f"the file holds more than {YAML_NODES:,} values (fields, cards, list items):"
                            " too large to read; split it",
                            f"{where}:{line}",
                        )
        except yaml.YAMLError:
            return  # the full parse says what is wrong, and where
    finally:
        parser.dispose()


def _events_within(text: str, budget: int) -> bool:
    """Whether the document has at most ``budget`` parser events of every
    kind (values, ends of lists and mappings, aliases), counted by libyaml
    alone, with no Python object made for any of them: a sure "fewer
    values than that" in a fiftieth of the time :func:`_count` takes. False
    when it cannot say (no C parser, or a syntax error)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return False
    parser = loader(text)
    try:
        return parser.raw_parse() <= budget
    except yaml.YAMLError:
        return False  # the count below and then the full parse say what is wrong, and where
    finally:
        parser.dispose()


def _bound(root: Any, where: str, line_offset: int) -> None:
    """Refuse a node graph that nests deeper than :data:`YAML_DEPTH`,
    expands past :data:`YAML_NODES` values through its aliases, aliases
    lists and mappings more than :data:`YAML_ALIASES` times, or holds itself.

    Most documents have no alias at all: they are trees, walked once, level
    by level (:func:`_plain_tree`). Any other is walked node by node, with
    the size of every branch, to name the place of its problem."""
    if _plain_tree(root):
        return
    _bound_each(root, where, line_offset)


def _plain_tree(root: Any) -> bool:
    """Whether the graph is a tree (no node reached twice) of at most
    :data:`YAML_NODES` nodes and :data:`YAML_DEPTH` levels: then none of
    :func:`_bound_each`'s limits can be passed. False as soon as it is not."""
    import yaml

    seq, mapping = yaml.SequenceNode, yaml.MappingNode
    seen: set[int] = set()
    level = [root]
    for _ in range(YAML_DEPTH):
        below: list[Any] = []
        for node in level:
            if id(node) in seen:
                return False
            seen.add(id(node))
            kind = type(node)
            if kind is seq:
                below += node.value
            elif kind is mapping:
                for pair in node.value:
                    below += pair
            elif kind is not yaml.ScalarNode:
                return False  # a node of some other kind: the full walk decides
        if len(seen) > YAML_NODES:
            return False
        if not below:
            return True
        level = below
    return False  # deeper than the limit


def _bound_each(root: Any, where: str, line_offset: int) -> None:
    import yaml

    sizes: dict[int, int] = {}
    seen_at: dict[int, int] = {}
    aliases = 0

    def place(node: Any) -> str:
        return f"{where}:{node.start_mark.line + 1 + line_offset}"

    # An explicit stack: a document nested deep cannot exhaust Python's.
    stack: list[tuple[Any, int, bool]] = [(root, 1, False)]
    open_: set[int] = set()
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            kids = _children(node)
            sizes[key] = 1 + sum(sizes[id(k)] for k in kids)
            if sizes[key] > YAML_NODES:
                raise ZinemakerError(
                    f"the YAML would expand to more than {YAML_NODES:,} values through its aliases (*name):"
                    " write the values out instead",
                    place(node),
                )
            continue
        if depth > YAML_DEPTH:
            raise ZinemakerError(f"the YAML is nested more than {YAML_DEPTH} deep", place(node))
        if key in sizes or key in open_:
            if key in open_:
                raise ZinemakerError("an alias (*name) refers to the list or mapping it is in", place(node))
            if isinstance(node, yaml.CollectionNode):
                aliases += 1
                if aliases > YAML_ALIASES:
                    raise ZinemakerError(
                        f"more than {YAML_ALIASES} aliases (*name) of lists or mappings: write the values out",
                        place(node),
                    )
            continue
        seen_at[key] = depth
        kids = _children(node)
        if not kids:
            sizes[key] = 1
            continue
        open_.add(key)
        stack.append((node, depth, True))
        for kid in reversed(kids):
            if id(kid) in sizes and isinstance(kid, yaml.CollectionNode):
                aliases += 1
                if aliases > YAML_ALIASES:
                    raise ZinemakerError(
                        f"more than {YAML_ALIASES} aliases (*name) of lists or mappings: write the values out",
                        place(kid),
                    )
                continue
            if id(kid) in open_:
                raise ZinemakerError("an alias (*name) refers to the list or mapping it is in", place(kid))
            stack.append((kid, depth + 1, False))


def _children(node: Any) -> list:
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [x for pair in node.value for x in pair]
    return []


# -- CSV ---------------------------------------------------------------------------

#: The longest field a CSV may hold (a card's text is a few hundred characters).
CSV_FIELD = 64 * KB


def read_csv_rows(text: str, where: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """A spreadsheet's CSV as (header, [(line, fields), ...]): the dialect
    (comma, semicolon or tab) sniffed, blank rows dropped. A quote never
    closed or a field too long is one line naming the row."""
    sample = text[: 64 * KB]
    try:
        dialect: Any = csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    old = csv.field_size_limit()
    csv.field_size_limit(CSV_FIELD)
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    try:
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if any(cell.strip() for cell in row):
                rows.append((line, row))
    except csv.Error as exc:
        msg = str(exc)
        if "field larger" in msg:
            raise ZinemakerError(
                f"a field is longer than {CSV_FIELD // KB} KB: is a quote (\") left open above?", f"{where}:{line}"
            ) from None
        if "end of data" in msg or "EOF" in msg:
            raise ZinemakerError(
                'a quote (") opens a field here and is never closed: close it, or double a quote inside text ("")',
                f"{where}:{line}",
            ) from None
        raise ZinemakerError(f"not a CSV row ({msg}): check the quotes", f"{where}:{reader.line_num}") from None
    finally:
        csv.field_size_limit(old)
    if not rows:
        return [], []
    (_, header), body = rows[0], rows[1:]
    return [h.strip().lower() for h in header], body
