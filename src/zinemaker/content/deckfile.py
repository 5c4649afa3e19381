"""Writing cards back into a deck file (``zinemaker deck import``).

A deck file is something a person wrote: comments, quoting, the order of
fields, blank lines between cards. An import changes only what the cards
changed:

- into a deck: the ``cards:`` section is rebuilt, but each card the import
  leaves as it was keeps its own lines, comments and all; a changed or new
  card is written as a person would write it;
- into an overlay (a deck that ``extends:`` another): the changes are
  worked out against the deck it extends and written as its ``add:``,
  ``replace:`` and ``remove:`` (``translate:`` is folded into ``replace:``),
  so the overlay keeps following its base.

Before anything is written the result is loaded, with every overlay in the
deck's folder that builds on it, so an import never leaves a deck (or a
deck built on it) that does not load.

    text, notes = import_text(Path("decks/social-spaces.yaml"), cards)
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path

import yaml

from zinemaker.content import deck as decks
from zinemaker.content.deck import REQUIRED, Card
from zinemaker.errors import ZinemakerError

#: Fields in the order the decks' README writes them.
ORDER = ("id", "title", "category", "time", "group", "materials", "body", "quote", "section", "qty")
#: Fields written in quotes, as the deck is written by hand.
QUOTED = frozenset({"title", "time", "group", "materials", "quote", "section"})
OVERLAY_KEYS = ("add", "replace", "remove", "translate")


def import_text(into: Path, cards: list[Card]) -> tuple[str, list[str]]:
    """The new text of the deck file ``into`` holding ``cards``, and notes
    for the person importing. Raises if the result, or a deck built on it,
    would not load."""
    into = Path(into)
    if not into.exists():
        new = _new_deck(into, cards)
        _check(into, new)
        return new, [f"{into}: a new deck; give its categories colours and symbols there"]
    data = decks._read_yaml(into)
    text = into.read_text(encoding="utf-8")
    notes: list[str] = []
    if "extends" in data:
        new = _overlay(into, data, text, cards, notes)
    else:
        new = _deck(data, text, cards)
    _check(into, new)
    return new, notes


# -- a deck ---------------------------------------------------------------------


def _deck(data: dict, text: str, cards: list[Card]) -> str:
    lines = text.splitlines(keepends=True)
    seq = data.get("cards")
    if "cards" not in data:
        return text.rstrip("\n") + "\n\n" + _dump_section("cards", [_row(c) for c in cards], 2)
    head_line = data.lines["cards"] - 1  # 0-based index of the "cards:" line
    end = _section_end(lines, head_line)
    old: dict[str, str] = {}
    indent = 2
    lead = "".join(lines[head_line + 1 : end])
    if isinstance(seq, list) and seq:
        starts = [_item_start(lines, n - 1) for n in seq.lines]
        indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" "))
        lead = "".join(lines[head_line + 1 : starts[0]])
        bounds = starts[1:] + [end]
        for raw, a, b in zip(seq, starts, bounds, strict=True):
            if isinstance(raw, dict) and "id" in raw:
                old[str(raw["id"])] = "".join(lines[a:b])
        before = {c.id: c for c in _cards(data)}
    else:
        before = {}
    out = [lines[head_line] if lines[head_line].strip() == "cards:" else "cards:\n", lead]
    for card in cards:
        if card.id in old and before.get(card.id) == card:
            chunk = old[card.id]
        else:
            chunk = _dump_items([_row(card)], indent)
        if out and not out[-1].endswith("\n\n") and out[-1].strip():
            out.append("\n")
        out.append(chunk if chunk.endswith("\n") else chunk + "\n")
    tail = "".join(lines[end:])
    body = "".join(out)
    if tail and not body.endswith("\n\n"):
        body += "\n"
    return "".join(lines[:head_line]) + body + tail


def _cards(data: dict) -> list[Card]:
    """The deck file's own cards, as read (placeholders unfilled)."""
    out = []
    for i, raw in enumerate(data.get("cards") or []):
        try:
            out.append(decks._card(raw, Path("."), data["cards"], i))
        except ZinemakerError:
            continue  # a card with a mistake is written anew
    return out


def _item_start(lines: list[str], index: int) -> int:
    """The line where a sequence item begins (its "- "), from the line of
    its first key."""
    while index > 0 and not lines[index].lstrip(" ").startswith("-"):
        index -= 1
    return index


def _section_end(lines: list[str], head: int) -> int:
    """The line after a top-level section: the next top-level key, less the
    comments and blank lines just above it (they belong to it)."""
    end = len(lines)
    for i in range(head + 1, len(lines)):
        if re.match(r"[A-Za-z_][\w-]*:", lines[i]):
            end = i
            break
    else:
        return end
    while end > head + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
        end -= 1
    return end


def _new_deck(into: Path, cards: list[Card]) -> str:
    """A deck file for cards that have none yet: a title, and a category
    for each the cards name, in turn of the symbols and some colours."""
    colours = ("#1f6f8b", "#5a9e4b", "#7a3e9d", "#c8553d", "#f3d34a", "#3d3d3d", "#2e86ab")
    ids = list(dict.fromkeys(c.category for c in cards))
    cats = [
        {
            "id": cid,
            "name": cid.replace("-", " ").title(),
            "colour": colours[i % len(colours)],
            "symbol": decks.SYMBOLS[i % len(decks.SYMBOLS)],
        }
        for i, cid in enumerate(ids)
    ]
    meta: dict = {"title": into.stem.replace("-", " ").title()}
    used = sorted({m.group(1) for c in cards for f in ORDER[1:-1] for m in decks.PLACEHOLDER.finditer(getattr(c, f))})
    if used:  # placeholders the cards use need values: a start, to change
        meta["values"] = {name: f"your {name}" for name in used}
    head = yaml.dump({"deck": meta}, Dumper=_Dumper, sort_keys=False)
    return (
        head + "\n" + _dump_section("categories", cats, 2) + "\n" + _dump_section("cards", [_row(c) for c in cards], 2)
    )


# -- an overlay -----------------------------------------------------------------


def _overlay(into: Path, data: dict, text: str, cards: list[Card], notes: list[str]) -> str:
    base_path = into.parent / str(data["extends"])
    base = decks._load(base_path, [into.resolve()]).cards
    by_id = {c.id: c for c in base}
    wanted = {c.id for c in cards}
    add = [_row(c) for c in cards if c.id not in by_id]
    change = [_row(c) for c in cards if c.id in by_id and by_id[c.id] != c]
    remove = [c.id for c in base if c.id not in wanted]
    if data.get("translate"):
        notes.append(f"{into}: its translate: entries are now part of replace: (the cards as they are)")
    lines = text.splitlines(keepends=True)
    keep = []
    i = 0
    while i < len(lines):
        key = re.match(r"([A-Za-z_][\w-]*):", lines[i])
        if key and key.group(1) in OVERLAY_KEYS:
            i = _section_end(lines, i)
            continue
        keep.append(lines[i])
        i += 1
    out = "".join(keep).rstrip("\n") + "\n"
    for key, rows in (("add", add), ("replace", change)):
        if rows:
            out += "\n" + _dump_section(key, rows, 2)
    if remove:
        out += "\nremove: [" + ", ".join(remove) + "]\n"
    return out


# -- writing --------------------------------------------------------------------


def _row(card: Card) -> dict:
    fields = asdict(card)
    return {k: fields[k] for k in ORDER if fields[k] not in ("", 1) or k in REQUIRED}


def _dump_section(key: str, rows: list[dict], indent: int) -> str:
    return f"{key}:\n\n" + "\n".join(_dump_items([r], indent) for r in rows)


def _dump_items(rows: list[dict], indent: int) -> str:
    """Cards as YAML list items, indented ``indent`` spaces, as by hand."""
    text = yaml.dump(rows, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)
    pad = " " * indent
    return "".join(pad + ln if ln.strip() else ln for ln in text.splitlines(keepends=True))


class _Quoted(str):
    pass


class _Dumper(yaml.SafeDumper):
    """YAML as a deck is written by hand: text of several lines as a block,
    titles and such in quotes."""

    def represent_dict(self, data):  # noqa: ANN001, ANN201
        items = {k: _Quoted(v) if k in QUOTED and isinstance(v, str) and "\n" not in v else v for k, v in data.items()}
        return super().represent_dict(items)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" not in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value)
    # "|" as a person writes it (a deck's text is read with its ends trimmed).
    return dumper.represent_scalar("tag:yaml.org,2002:str", value.rstrip("\n") + "\n", style="|")


def _quoted(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style='"')


_Dumper.add_representer(str, _text)
_Dumper.add_representer(_Quoted, _quoted)
_Dumper.add_representer(dict, _Dumper.represent_dict)


# -- checking -------------------------------------------------------------------


def _check(into: Path, text: str) -> None:
    """Load the deck as it would be, and every overlay beside or below it
    that extends it; raise naming the first that would not load."""
    token = decks._texts.set({into.resolve(): text})
    try:
        decks.load_deck(into)
        for other in sorted(into.parent.rglob("*.y*ml")):
            if other.resolve() == into.resolve() or not _extends(other, into):
                continue
            try:
                decks.load_deck(other)
            except ZinemakerError as exc:
                raise ZinemakerError(f"{other} builds on this deck and would break: {exc}") from None
    finally:
        decks._texts.reset(token)


def _extends(path: Path, target: Path) -> bool:
    """Whether a deck file extends ``target``, directly or through others."""
    seen: set[Path] = set()
    while path.resolve() not in seen:
        seen.add(path.resolve())
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            return False
        if not isinstance(data, dict) or "extends" not in data:
            return False
        path = path.parent / str(data["extends"])
        if path.resolve() == target.resolve():
            return True
    return False
