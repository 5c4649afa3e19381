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
ORDER = ("id", "title", "category", "time", "group", "materials", "purpose", "body", "quote", "section", "qty")
#: Fields written in quotes, as the deck is written by hand.
QUOTED = frozenset({"title", "time", "group", "materials", "purpose", "quote", "section"})
OVERLAY_KEYS = ("add", "replace", "remove", "translate")


def import_text(into: Path, cards: list[Card]) -> tuple[str, list[str]]:
    """The new text of the deck file ``into`` holding ``cards``, and notes
    for the person importing. Raises if the result, or a deck built on it,
    would not load, or would not hold these cards."""
    into = Path(into)
    if not into.exists():
        new = _new_deck(into, cards)
        _check(into, new, cards)
        return new, [f"{into}: a new deck; give its categories colours and symbols there"]
    data = decks._read_yaml(into)
    raw = into.read_bytes().decode("utf-8")
    crlf = "\r\n" in raw
    text = raw.replace("\r\n", "\n")
    if not text.endswith("\n"):
        text += "\n"
    notes: list[str] = []
    if "extends" in data:
        new = _overlay(into, data, text, cards, notes)
    else:
        new = _deck(data, text, cards)
    if crlf:  # written back the way it came, line endings and all
        new = new.replace("\n", "\r\n")
    _check(into, new, cards)
    return new, notes


# -- a deck ---------------------------------------------------------------------


def _deck(data: dict, text: str, cards: list[Card]) -> str:
    lines = text.splitlines(keepends=True)
    if "cards" not in data:
        return text.rstrip("\n") + "\n\n" + _dump_section("cards", [_row(c) for c in cards], 2)
    head = data.lines["cards"] - 1  # 0-based index of the "cards:" line
    end = _section_end(lines, head)
    parts = _card_parts(data.get("cards"), lines, head, end)
    if parts is None:  # not one card a "- " block: the section is written anew
        return "".join(lines[:head]) + _dump_section("cards", [_row(c) for c in cards], 2) + _gap("".join(lines[end:]))
    indent, lead, chunks = parts
    before = {c.id: c for c in _cards(data)}
    wanted = {c.id for c in cards}
    # Comments and blank lines above a card (a heading, say) stay with it;
    # above a card that goes, they move to the next card that stays.
    prefix: dict[str, str] = {}
    carried = ""
    for cid, (above, _) in chunks.items():
        if cid in wanted:
            prefix[cid], carried = carried + above, ""
        else:
            carried += above
    out = ["cards:" + lines[head][len("cards:") :] if lines[head].startswith("cards:") else "cards:\n", lead]
    for card in cards:
        above, own = chunks.get(card.id, ("", ""))
        if not (own and before.get(card.id) == card):
            own = _dump_items([_row(card)], indent)
            above = prefix.get(card.id, "") if card.id in chunks else ("\n" if out[-1].strip() or out[-1] == "" else "")
        else:
            above = prefix.get(card.id, above)
        out.append(above + own)
    out.append(carried)
    return "".join(lines[:head]) + "".join(out) + _gap("".join(lines[end:]))


def _gap(tail: str) -> str:
    return "\n" + tail if tail and not tail.startswith("\n") else tail


def _card_parts(seq, lines: list[str], head: int, end: int):  # noqa: ANN001, ANN202
    """The cards section as written: its items' indent, the lines before the
    first card, and each card's (comments above it, its own lines) by id.
    None if the cards are not each a "- " block of lines (flow style, say)."""
    if not isinstance(seq, list) or not seq:
        return None
    starts = [_item_start(lines, n - 1) for n in seq.lines]
    if len(set(starts)) != len(starts) or any(not head < a < end for a in starts):
        return None
    indent = len(lines[starts[0]]) - len(lines[starts[0]].lstrip(" "))
    if any(len(lines[a]) - len(lines[a].lstrip(" ")) != indent for a in starts):
        return None
    chunks: dict[str, tuple[str, str]] = {}
    top = starts[0]
    lead_end = top
    while lead_end > head + 1 and _loose(lines[lead_end - 1]):
        lead_end -= 1
    lead = "".join(lines[head + 1 : lead_end])
    above_from = lead_end
    for raw, a, b in zip(seq, starts, starts[1:] + [end], strict=True):
        stop = b
        while stop > a + 1 and _loose(lines[stop - 1]):
            stop -= 1
        if not isinstance(raw, dict) or "id" not in raw or str(raw["id"]) in chunks:
            return None
        chunks[str(raw["id"])] = ("".join(lines[above_from:a]), "".join(lines[a:stop]))
        above_from = stop
    return indent, lead, chunks


def _loose(line: str) -> bool:
    """A blank line, or a comment on a line of its own."""
    return not line.strip() or line.lstrip().startswith("#")


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
    base = {c.id: c for c in decks._load(base_path, [into.resolve()]).cards}
    current = decks._load(into, []).cards
    if sorted(map(_key, cards)) == sorted(map(_key, current)):
        return text  # nothing changed: nothing to write
    now = {c.id: c for c in current}
    translate = {
        str(k): {str(f): x for f, x in v.items()} if isinstance(v, dict) else v
        for k, v in (data.get("translate") or {}).items()
    }
    replaced = {str(r.get("id")) for r in data.get("replace") or [] if isinstance(r, dict)}
    add, change, folded = [], [], []
    for card in cards:
        if card.id not in base:
            add.append(_row(card))
        elif now.get(card.id) == card and card.id in translate and card.id not in replaced:
            continue  # still the base card, translated: the translation stays as it is
        elif card != base[card.id]:
            change.append(_row(card))
            if translate.pop(card.id, None) is not None:
                folded.append(card.id)
    wanted = {c.id for c in cards}
    remove = [cid for cid in base if cid not in wanted]
    for cid in remove:
        translate.pop(cid, None)
    if folded:
        notes.append(f"{into}: the translate: of {', '.join(folded)} is now part of replace: (the cards as changed)")
    if [c.id for c in cards if c.id in base] != [cid for cid in base if cid in wanted]:
        notes.append(f"{into}: an overlay keeps the order of the deck it extends; the CSV's order was not used")
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
        out += "\nremove: " + yaml.safe_dump(remove, default_flow_style=True, allow_unicode=True, width=10_000)
    if translate:
        out += "\n" + yaml.dump(
            {"translate": translate}, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000
        )
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
    return "".join(ln if ln == "\n" else pad + ln for ln in text.splitlines(keepends=True))


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


def _check(into: Path, text: str, cards: list[Card]) -> None:
    """Load the deck as it would be, and every overlay beside or below it
    that extends it; raise naming the first that would not load, or if the
    deck would not hold exactly these cards."""
    token = decks._texts.set({into.resolve(): text.replace("\r\n", "\n")})
    try:
        decks.load_deck(into)
        got = decks._load(into, []).cards
        if sorted(map(_key, got)) != sorted(map(_key, cards)):
            raise ZinemakerError(
                "the deck would not hold the cards as they are in the CSV (is it written in an unusual"
                " style?): nothing was changed; export, edit and import a copy of the deck instead",
                str(into),
            )
        for other in sorted(into.parent.rglob("*.y*ml")):
            if other.resolve() == into.resolve() or not _extends(other, into):
                continue
            try:
                decks.load_deck(other)
            except ZinemakerError as exc:
                raise ZinemakerError(f"{other} builds on this deck and would break: {exc}") from None
    finally:
        decks._texts.reset(token)


def _key(card: Card) -> tuple:
    return tuple((k, str(v).strip()) for k, v in _row(card).items())  # as the loader trims text


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
