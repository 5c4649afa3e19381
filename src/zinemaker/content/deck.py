"""Exercise decks: YAML (or CSV) files of cards, and overlays that adapt them.

A deck file has ``deck`` (metadata, card size, theme, back design, values
for placeholders), ``categories`` and ``cards``. An overlay says
``extends: ../base.yaml`` and then may set ``deck`` values, ``add`` cards,
``replace`` or ``remove`` cards by id, ``translate`` fields of cards by id,
and rename ``categories``. Card text, the how-to and the back may use ``{space}``, ``{contact}`` or
any key of ``deck.values``. Everything is checked here, once, and every
error names the file and line.

CSV holds the cards only (one row each, the same fields as YAML), so a deck
round-trips through a spreadsheet: :func:`cards_to_csv` and
:func:`cards_from_csv`.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from zinemaker.lazyre import YAML, deferred

with deferred(YAML):  # the pure-Python reader's check: the C loader we use has its own
    import yaml

from zinemaker import files  # noqa: E402
from zinemaker.errors import ZinemakerError, did_you_mean  # noqa: E402

SYMBOLS = ("circle", "square", "triangle", "diamond", "star", "hexagon", "meet", "heart", "cross")
#: Band patterns: each category's band carries one, so categories stay apart
#: in a black-and-white copy even where their colours turn the same grey.
PATTERNS = ("solid", "lines", "columns", "diagonal", "dots", "checks", "grid", "zigzag")
#: Cards a deck gets unless its ``deck.furniture`` turns them off.
FURNITURE = ("how_to", "legend", "credits")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_-]*)\}")
HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Category:
    id: str
    name: str
    colour: str = "#444444"
    symbol: str = "circle"
    pattern: str = ""  # "" takes the first pattern no other category names
    about: str = ""  # one line for the legend card


@dataclass(frozen=True)
class Card:
    """One exercise card. ``body`` is Markdown."""

    id: str
    title: str
    category: str
    body: str
    time: str = ""
    group: str = ""
    materials: str = ""
    purpose: str = ""  # why run it, in a line: read first by a facilitator who comes to it cold
    quote: str = ""
    section: str = ""
    qty: int = 1
    where: str = field(default="", compare=False)  # file:line, for messages


CARD_FIELDS = tuple(f.name for f in fields(Card) if f.name != "where")
REQUIRED = ("id", "title", "category", "body")


@dataclass
class Deck:
    """A deck with every overlay applied and every placeholder filled."""

    path: Path
    meta: dict[str, Any]
    categories: dict[str, Category]
    cards: list[Card]

    @property
    def title(self) -> str:
        title = self.meta.get("title")
        return str(title) if title not in (None, "") else self.path.stem

    def expanded(self) -> list[Card]:
        """Cards in print order, each repeated ``qty`` times."""
        return [c for c in self.cards for _ in range(c.qty)]

    def patterns(self) -> dict[str, str]:
        """Each category's band pattern: its own, or else the first in
        :data:`PATTERNS` that no other category has (all differ while there
        are patterns enough)."""
        taken = {c.pattern for c in self.categories.values() if c.pattern}
        free = [p for p in PATTERNS if p not in taken]
        out = {}
        for i, c in enumerate(self.categories.values()):
            out[c.id] = c.pattern or (free.pop(0) if free else PATTERNS[i % len(PATTERNS)])
        return out

    def furniture(self) -> tuple[str, ...]:
        """The deck's own cards to print, of how_to, legend and credits:
        all of them unless ``deck.furniture`` says otherwise (false for
        none, or a mapping like ``{legend: false}``)."""
        given = self.meta.get("furniture", True)
        if isinstance(given, bool):
            return FURNITURE if given else ()
        return tuple(k for k in FURNITURE if given.get(k, True))


# -- YAML with line numbers --------------------------------------------------------


class _Map(dict):
    lines: dict[str, int]
    line: int


class _Seq(list):
    lines: list[int]
    line: int


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # the C parser when PyYAML has it
    """PyYAML's safe loader, resolving tags sooner (the same tags)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}  # plain values resolved so far: a deck repeats its keys

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        """The tag PyYAML's resolver gives a node, found sooner for most of
        a deck's values: quoted text is text; so is plain text whose first
        character no implicit type (a number, a date, yes/no, null) is
        registered for; other plain text is resolved by PyYAML once per
        document. (The parser asks for every value, and its asking was half
        the time a deck took to read.)"""
        if self.yaml_path_resolvers:  # none in a safe loader: PyYAML decides by the path
            return super().resolve(kind, value, implicit)
        if kind is yaml.ScalarNode:
            claimed = self.yaml_implicit_resolvers  # by first character; None: any
            if not implicit[0] or (value and value[0] not in claimed and None not in claimed):
                return self.DEFAULT_SCALAR_TAG
            tag = self._tags.get(value)
            if tag is None:
                tag = self._tags[value] = super().resolve(kind, value, implicit)
            return tag
        if kind is yaml.MappingNode:
            return self.DEFAULT_MAPPING_TAG
        return super().resolve(kind, value, implicit)


_STR = "tag:yaml.org,2002:str"


def _value(loader: _Loader, node: yaml.Node) -> Any:
    """What ``loader.construct_object(node, deep=True)`` makes: text is
    taken as it is (most of a deck's values, read in a tenth of the time),
    every other value is constructed."""
    if node.tag == _STR and type(node) is yaml.ScalarNode:
        return node.value
    return loader.construct_object(node, deep=True)


def _map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    out = _Map()
    out.line = node.start_mark.line + 1
    out.lines = {}
    for k, v in node.value:
        key = _value(loader, k)
        if key in out.lines:  # a line pasted twice: the first would be lost without a word
            raise yaml.constructor.ConstructorError(
                None, None, f"{key!r} is given twice, first at line {out.lines[key]}: keep one", k.start_mark
            )
        out[key] = _value(loader, v)
        out.lines[key] = k.start_mark.line + 1
    return out


def _seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    out = _Seq(_value(loader, v) for v in node.value)
    out.line = node.start_mark.line + 1
    out.lines = [v.start_mark.line + 1 for v in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _seq)


#: Deck texts to read instead of the files (path -> text): how an import is
#: checked, with every deck that builds on the one it changes, before it is written.
_texts: ContextVar[dict[Path, str] | None] = ContextVar("texts", default=None)


#: The project folder every file a deck names must be inside (set per load).
_root: ContextVar[Path | None] = ContextVar("root", default=None)


def _read_yaml(path: Path, named: files.Named | None = None) -> _Map:
    text = (_texts.get() or {}).get(path.resolve())
    if text is None:
        text = files.read_text(path, "deck", _root.get() if named else None, named)
    data = files.load_yaml(text, str(path), _Loader)
    if not isinstance(data, dict):
        raise ZinemakerError("a deck must be a mapping with deck:, categories: and cards:", str(path))
    return data  # type: ignore[return-value]


def _at(path: Path, data: Any, key: Any = None) -> str:
    line = None
    if key is not None and hasattr(data, "lines"):
        try:
            line = data.lines[key]
        except (KeyError, IndexError, TypeError):
            line = None
    if line is None:
        line = getattr(data, "line", None)
    return f"{path}:{line}" if line else str(path)


# -- loading -----------------------------------------------------------------------

TOP = ("deck", "categories", "cards", "extends", "add", "replace", "remove", "translate")


_collecting: ContextVar[list[ZinemakerError] | None] = ContextVar("collecting", default=None)


@contextmanager
def _each() -> Iterator[None]:
    """One card or entry: its mistake is raised, or, while collecting for
    ``zinemaker check``, noted and the next one checked."""
    try:
        yield
    except ZinemakerError as exc:
        problems = _collecting.get()
        if problems is None:
            raise
        problems.append(exc)


def load_deck(
    path: Path,
    overrides: dict[str, Any] | None = None,
    problems: list[ZinemakerError] | None = None,
    root: Path | None = None,
) -> Deck:
    """Read a deck (YAML or CSV), follow ``extends``, apply overlays, fill in
    placeholders, and check it. With a ``problems`` list, a mistake in one
    card or entry is added to it and the rest are still checked. Files the
    deck names (``extends``, ``back.image``) must be inside ``root`` (by
    default the project folder the deck is in)."""
    token = _collecting.set(problems)
    rtoken = _root.set(root if root is not None else files.project_of(Path(path)))
    try:
        return _load_deck(Path(path), overrides)
    finally:
        _collecting.reset(token)
        _root.reset(rtoken)


def _load_deck(path: Path, overrides: dict[str, Any] | None) -> Deck:
    if path.suffix.lower() == ".csv":
        cards = cards_from_csv(path)
        deck = Deck(path, {"title": path.stem}, {}, cards)
        cats = {c.category for c in cards}
        deck.categories = {c: Category(c, c.replace("-", " ").title()) for c in sorted(cats)}
    else:
        deck = _load(path, [])
    if overrides:
        deck.meta = _merge(deck.meta, overrides)
    _fill(deck)
    _check(deck)
    return deck


def _load(path: Path, chain: list[Path], named: files.Named | None = None) -> Deck:
    resolved = path.resolve()
    if resolved in chain:
        loop = " -> ".join(p.name for p in chain + [resolved])
        raise ZinemakerError(f"extends goes round in a circle: {loop}", str(path))
    if _root.get() is None:  # read on its own (deck export, import): its project folder
        token = _root.set(files.project_of(path))
        try:
            return _load(path, chain, named)
        finally:
            _root.reset(token)
    data = _read_yaml(path, named)
    for key in data:
        if key not in TOP:
            hint = (
                f" ({key} belongs under deck:, indented)"
                if key in DECK_FIELDS
                else _near(str(key), set(TOP) | set(DECK_FIELDS))
            )
            raise ZinemakerError(
                f"unknown top-level key {key!r}{hint}; allowed: {', '.join(TOP)}", _at(path, data, key)
            )
    if "extends" in data:
        if not isinstance(data["extends"], str) or not data["extends"].strip():
            raise ZinemakerError(
                "extends: expected the file name of the deck this one builds on, like social-spaces.yaml",
                _at(path, data, "extends"),
            )
        base_path = path.parent / data["extends"]
        named = files.Named(data["extends"], "extends", _at(path, data, "extends"))
        files.inside(base_path, _root.get(), named)
        if base_path.exists() and not base_path.is_file():
            files.read_bytes(base_path, "deck")  # says what it is instead (a folder, a pipe)
        if not base_path.is_file():
            raise ZinemakerError(
                f"extends {data['extends']!r}, but there is no such file (paths are relative to this file)",
                _at(path, data, "extends"),
            )
        deck = _load(base_path, chain + [resolved], named)
        deck.path = path
        if "cards" in data:
            raise ZinemakerError(
                "an overlay changes cards with add:, replace: and remove:, not cards:", _at(path, data, "cards")
            )
    else:
        for key in ("add", "replace", "remove", "translate"):
            if key in data:
                raise ZinemakerError(f"{key}: is for overlays that say extends: first", _at(path, data, key))
        deck = Deck(path, {}, {}, [])
    meta = data.get("deck") or {}
    if not isinstance(meta, dict):
        raise ZinemakerError("deck: must be a mapping of title, language, card, ...", _at(path, data, "deck"))
    _check_meta(meta, path)
    back = meta.get("back")
    if isinstance(back, dict) and back.get("image"):
        # An image is found beside the file that names it, even through extends.
        if not isinstance(back["image"], str):
            raise ZinemakerError("deck.back.image: expected a file name like back.png", _at(path, meta, "back"))
        image = path.parent / back["image"]
        files.inside(image, _root.get(), files.Named(back["image"], "deck.back.image", _at(path, meta, "back")))
        image = image.resolve()
        if not image.is_file():
            raise ZinemakerError(
                f"back image {back['image']!r} not found (paths are relative to this file)", _at(path, meta, "back")
            )
        meta = {**meta, "back": {**back, "image": str(image)}}
    deck.meta = _merge(deck.meta, meta)
    for i, raw in enumerate(_as_list(data.get("categories"), path, data, "categories")):
        if isinstance(raw, dict) and "id" in raw and _collecting.get() is not None:
            # While checking, a category with a mistake still counts as known,
            # so its cards are not each reported as having no category.
            deck.categories.setdefault(str(raw["id"]), Category(str(raw["id"]), str(raw.get("name", raw["id"]))))
        with _each():
            cat = _category(raw, path, _at(path, data["categories"], i))
            if cat.id in deck.categories and "extends" in data:  # an overlay renames or recolours
                cat = replace(deck.categories[cat.id], **{k: getattr(cat, k) for k in raw if k != "id"})
            deck.categories[cat.id] = cat
    if "extends" not in data:
        for i, raw in enumerate(_as_list(data.get("cards"), path, data, "cards")):
            with _each():
                deck.cards.append(_card(raw, path, data["cards"], i))
        return deck
    ids = {c.id for c in deck.cards}
    # Where this overlay already names each id (remove:, replace:, add:), so
    # a second mention says what the first did, not that the base lacks it.
    named: dict[str, tuple[str, str]] = {}

    def again(cid: str, verb: str, where: str) -> ZinemakerError | None:
        if cid not in named:
            return None
        first, at = named[cid]
        line = at.rpartition(":")[2]
        if first == verb:
            return ZinemakerError(
                f"{verb} card {cid!r} is named twice in {verb} (first at line {line}): name each card once", where
            )
        return ZinemakerError(
            f"{verb} card {cid!r} is already in {first} (line {line}): a card is removed, replaced or added,"
            " one of the three",
            where,
        )

    for n, i in enumerate(_as_list(data.get("remove"), path, data, "remove")):
        i = str(i)  # an id YAML read as a number or a yes/no is still an id
        with _each():
            where = _at(path, data["remove"], n)
            twice = again(i, "remove:", where)
            if twice:
                raise twice
            if i not in ids:
                raise ZinemakerError(f"remove: no card with id {i!r} in the base deck{_near(i, ids)}", where)
            deck.cards = [c for c in deck.cards if c.id != i]
            ids.discard(i)
            named[i] = ("remove:", where)
    for j, raw in enumerate(_as_list(data.get("replace"), path, data, "replace")):
        with _each():
            card = _card(raw, path, data["replace"], j)
            twice = again(card.id, "replace:", card.where)
            if twice:
                raise twice
            if card.id not in ids:
                raise ZinemakerError(
                    f"replace: no card with id {card.id!r} in the base deck{_near(card.id, ids)}", card.where
                )
            deck.cards = [card if c.id == card.id else c for c in deck.cards]
            named[card.id] = ("replace:", card.where)
    for j, raw in enumerate(_as_list(data.get("add"), path, data, "add")):
        with _each():
            card = _card(raw, path, data["add"], j)
            twice = again(card.id, "add:", card.where)
            if twice:
                raise twice
            if card.id in ids:
                raise ZinemakerError(
                    f"add: the base deck already has a card {card.id!r}: to change it, move it to replace:;"
                    " to add another, give it an id of its own",
                    card.where,
                )
            named[card.id] = ("add:", card.where)
            # A new card joins its category: after that category's last card.
            last = max(
                (k for k, c in enumerate(deck.cards) if c.category == card.category), default=len(deck.cards) - 1
            )
            deck.cards.insert(last + 1, card)
            ids.add(card.id)
    translate = data.get("translate") or {}
    if not isinstance(translate, dict):
        raise ZinemakerError("translate: must map card ids to fields", _at(path, data, "translate"))
    words = tuple(k for k in CARD_FIELDS if k not in ("id", "qty"))
    for cid, changes in translate.items():
        with _each():
            where = _at(path, translate, cid)
            cid = str(cid)
            if cid not in ids:
                raise ZinemakerError(f"translate: no card with id {cid!r}{_near(cid, ids)}", where)
            if not isinstance(changes, dict):
                raise ZinemakerError(f"translate: {cid}: expected the fields to change, like title: ...", where)
            bad = sorted(str(k) for k in changes if k not in words)
            if bad:
                raise ZinemakerError(
                    f"translate: {cid}: {bad[0]} cannot be translated{_near(bad[0], set(words))};"
                    f" allowed: {', '.join(words)}",
                    _at(path, changes, bad[0]) if bad[0] in changes else where,
                )
            new = {
                k: card_text(v, f"translate: {cid}.{k}", _at(path, changes, k)).strip() for k, v in changes.items()
            }
            if any(not new.get(k, "x") for k in REQUIRED):
                empty = next(k for k in REQUIRED if not new.get(k, "x"))
                raise ZinemakerError(f"translate: {cid}.{empty} is empty", _at(path, changes, empty))
            deck.cards = [replace(c, **new) if c.id == cid else c for c in deck.cards]
    return deck


#: What a deck's ``deck:`` mapping may hold, and its ``theme:`` and ``back:``.
DECK_FIELDS = (
    "title",
    "subtitle",
    "language",
    "licence",
    "author",
    "source",
    "date",
    "description",
    "card",
    "values",
    "theme",
    "back",
    "furniture",
    "how_to",
    "based_on",
)
BASED_ON_FIELDS = ("title", "author", "year", "licence", "source")
THEME_FIELDS = ("back", "body", "heading")
BACK_FIELDS = ("title", "line", "footer", "image", "by_category")


def _check_meta(meta: dict, path: Path) -> None:
    """The deck's metadata: known fields only (a typo would otherwise be
    silently ignored), and values of the right kind. Each mistake is raised,
    or noted while ``zinemaker check`` collects them."""
    found: list[tuple[str, str]] = []

    def known(mapping: dict, allowed: tuple[str, ...], prefix: str) -> None:
        for key in mapping:
            if key not in allowed:
                near = _near(str(key), set(allowed))
                found.append(
                    (f"unknown field {prefix}{key}{near}; allowed: {', '.join(allowed)}", _at(path, mapping, key))
                )

    known(meta, DECK_FIELDS, "deck.")
    for name, allowed in (
        ("theme", THEME_FIELDS),
        ("back", BACK_FIELDS),
        ("values", None),
        ("based_on", BASED_ON_FIELDS),
    ):
        sub = meta.get(name)
        if sub is not None and not isinstance(sub, dict):
            what = ", ".join(allowed) if allowed else "name: text"
            found.append((f"deck.{name}: must be a mapping ({what})", _at(path, meta, name)))
        elif sub and allowed:
            known(sub, allowed, f"deck.{name}.")
    theme = meta.get("theme") if isinstance(meta.get("theme"), dict) else {}
    if "back" in theme and not HEX.match(str(theme["back"])):
        found.append(
            (
                f'deck.theme.back: found {theme["back"]!r}, expected a hex colour like "#22313f"',
                _at(path, theme, "back"),
            )
        )
    back = meta.get("back") if isinstance(meta.get("back"), dict) else {}
    if "by_category" in back and not isinstance(back["by_category"], bool):
        found.append(
            (
                f"deck.back.by_category: found {back['by_category']!r}, expected true or false",
                _at(path, back, "by_category"),
            )
        )
    texts = [
        (meta, k, f"deck.{k}")
        for k in DECK_FIELDS
        if k not in ("values", "theme", "back", "source", "furniture", "based_on")
    ]
    based_on = meta.get("based_on") if isinstance(meta.get("based_on"), dict) else {}
    texts += [(based_on, k, f"deck.based_on.{k}") for k in BASED_ON_FIELDS]
    texts += [(theme, k, f"deck.theme.{k}") for k in ("body", "heading")]
    texts += [(back, k, f"deck.back.{k}") for k in ("title", "line", "footer")]
    values = meta.get("values") if isinstance(meta.get("values"), dict) else {}
    texts += [(values, k, f"deck.values.{k}") for k in values]
    source = meta.get("source")
    if source is not None and not (
        isinstance(source, str) or (isinstance(source, list) and all(isinstance(x, str) for x in source))
    ):
        found.append(("deck.source: expected text, or a list of texts", _at(path, meta, "source")))
    for key in values:
        if values[key] is None or values[key] == "":
            found.append((f"deck.values.{key} is empty: give it a value, in quotes", _at(path, values, key)))
    for mapping, key, name in texts:
        if key in mapping:
            try:
                card_text(mapping[key], name, _at(path, mapping, key))
            except ZinemakerError as exc:
                found.append((exc.message, exc.where or str(path)))
    furniture = meta.get("furniture")
    if furniture is not None and not isinstance(furniture, bool):
        if not isinstance(furniture, dict):
            found.append(
                (
                    f"deck.furniture: found {furniture!r}, expected true, false or a mapping like"
                    " {how_to: true, legend: true, credits: false}",
                    _at(path, meta, "furniture"),
                )
            )
        else:
            known(furniture, FURNITURE, "deck.furniture.")
            for key, value in furniture.items():
                if key in FURNITURE and not isinstance(value, bool):
                    found.append(
                        (f"deck.furniture.{key}: found {value!r}, expected true or false", _at(path, furniture, key))
                    )
    if "how_to" in meta and not isinstance(meta["how_to"], str):
        found.append(("deck.how_to: must be text (Markdown, like a card's body)", _at(path, meta, "how_to")))
    for message, where in found:
        with _each():
            raise ZinemakerError(message, where)


_near = did_you_mean


def _as_list(value: Any, path: Path, data: Any, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ZinemakerError(f"{key}: must be a list (lines starting with '- ')", _at(path, data, key))
    return value


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def _category(raw: Any, path: Path, where: str) -> Category:
    if not isinstance(raw, dict) or "id" not in raw:
        raise ZinemakerError("each category needs id:, name:, colour: and symbol:", where)
    allowed = ("id", "name", "colour", "symbol", "pattern", "about")
    unknown = sorted(set(raw) - set(allowed))
    if unknown:
        near = _near(str(unknown[0]), set(allowed))
        raise ZinemakerError(
            f"unknown category field {unknown[0]!r}{near}; allowed: {', '.join(allowed)}",
            _at(path, raw, unknown[0]),
        )
    colour = str(raw.get("colour", "#444444"))
    if not HEX.match(colour):
        raise ZinemakerError(
            f'colour: found {colour!r}, expected a hex colour like "#1f6f8b"', _at(path, raw, "colour")
        )
    symbol = str(raw.get("symbol", "circle"))
    if symbol not in SYMBOLS:
        raise ZinemakerError(
            f"symbol: found {symbol!r}{_near(symbol, set(SYMBOLS))}, allowed: {', '.join(SYMBOLS)}",
            _at(path, raw, "symbol"),
        )
    pattern = str(raw.get("pattern", ""))
    if pattern and pattern not in PATTERNS:
        raise ZinemakerError(
            f"pattern: found {pattern!r}{_near(pattern, set(PATTERNS))}, allowed: {', '.join(PATTERNS)}",
            _at(path, raw, "pattern"),
        )
    cid = card_text(raw["id"], "category id", _at(path, raw, "id")).strip()
    if not cid:
        raise ZinemakerError("a category has an empty id:", where)
    name = card_text(raw.get("name"), f"category {cid!r}: name", _at(path, raw, "name")).strip() or cid
    about = card_text(raw.get("about"), f"category {cid!r}: about", _at(path, raw, "about")).strip()
    return Category(cid, name, colour, symbol, pattern, about)


def _card(raw: Any, path: Path, seq: Any, i: int) -> Card:
    """One card, checked. Its first mistake is raised; while ``zinemaker
    check`` collects, every mistake of the card is noted, not only the first."""
    where = _at(path, seq, i)
    if not isinstance(raw, dict):
        raise ZinemakerError("each card must be a mapping of id, title, category, body, ...", where)
    found: list[ZinemakerError] = []
    for key in raw:
        if key not in CARD_FIELDS:
            found.append(
                ZinemakerError(
                    f"unknown card field {key!r}{_near(str(key), set(CARD_FIELDS))};"
                    f" allowed: {', '.join(CARD_FIELDS)}",
                    _at(path, raw, key),
                )
            )
    name = raw.get("id") if isinstance(raw.get("id"), (str, int)) else f"#{i + 1}"
    texts: dict[str, str] = {}
    for k in CARD_FIELDS:
        if k == "qty":
            continue
        value = raw.get(k)
        if type(value) is str and len(value) <= MAX_WORD:  # what card_text gives it back as it is
            texts[k] = value
            continue
        try:
            texts[k] = card_text(value, f"card {name!r}: {k}", _at(path, raw, k))
        except ZinemakerError as exc:
            found.append(exc)
            texts[k] = "?"
    for key in REQUIRED:
        if not texts[key].strip():
            found.append(
                ZinemakerError(
                    f"card {name!r} has no {key}: add '{key}: ...' to the card",
                    _at(path, raw, key) if key in raw else where,
                )
            )
    cid = texts["id"].strip()
    if cid and cid != "?" and not ID.match(cid):
        found.append(ZinemakerError(f"id {cid!r}: use lowercase letters, digits and hyphens", where))
    qty = raw.get("qty", 1)
    if not isinstance(qty, int) or isinstance(qty, bool) or not 1 <= qty <= MAX_QTY:
        found.append(
            ZinemakerError(
                f"card {cid!r}: qty: found {_shown(qty)}, expected a whole number from 1 to {MAX_QTY}",
                _at(path, raw, "qty"),
            )
        )
    if found:
        problems = _collecting.get()
        if problems is not None:
            problems.extend(found[:-1])  # the last is raised, and noted by _each
        raise found[-1] if problems is not None else found[0]
    values: dict[str, Any] = {k: v.strip() if k != "body" else v.strip("\n") for k, v in texts.items()}
    values["qty"] = qty
    return Card(**values, where=where)  # type: ignore[arg-type]


#: The longest word a card or text may hold: no line is that wide, and the
#: line breaker need not try.
MAX_WORD = 500


def card_text(value: Any, field: str, where: str) -> str:
    """A card's text field as text: a number or date is written as it
    reads; empty (``title:`` left blank, ``null``) is empty, never "None";
    a list or mapping is a mistake, not something to print as ``['a', 'b']``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ZinemakerError(f"{field}: found {value!r} (YAML reads yes/no as true/false): put it in quotes", where)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ZinemakerError(f"{field}: found {value!r}: put it in quotes", where)
        return str(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if not isinstance(value, str):
        raise ZinemakerError(f"{field}: found {_shown(value)}, expected text (put it in quotes)", where)
    # (A text no longer than the longest word allowed holds no longer word.)
    long = next((w for w in value.split() if len(w) > MAX_WORD), None) if len(value) > MAX_WORD else None
    if long is not None:
        raise ZinemakerError(
            f"{field}: a word of {len(long)} letters ({long[:20]}...): no card or page is that wide;"
            " put spaces in it",
            where,
        )
    return value


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _fill(deck: Deck) -> None:
    """Fill {placeholders} in card text from deck.values."""
    given = deck.meta.get("values")
    values = (
        {str(k): card_text(v, f"deck.values.{k}", str(deck.path)) for k, v in given.items()}
        if isinstance(given, dict)
        else {}
    )
    out = []
    for card in deck.cards:
        with _each():
            out.append(_filled(card, values))
    deck.cards = out
    # The deck's own texts take the same values: the how-to card, the back's lines.
    texts = [("how_to",), ("back", "title"), ("back", "line"), ("back", "footer")]
    for keys in texts:
        holder = deck.meta
        for k in keys[:-1]:
            holder = holder.get(k) if isinstance(holder.get(k), dict) else {}
        text = holder.get(keys[-1])
        if isinstance(text, str) and PLACEHOLDER.search(text):
            with _each():
                field = "deck." + ".".join(keys)
                filled = _substitute(text, values, f"{field} uses {{{{{{key}}}}}}", str(deck.path))
                deck.meta = _set(deck.meta, keys, filled)


def _set(meta: dict[str, Any], keys: tuple[str, ...], value: str) -> dict[str, Any]:
    """``meta`` with ``meta[k1][k2]...`` set to ``value``, copied, not changed in place."""
    if len(keys) == 1:
        return {**meta, keys[0]: value}
    return {**meta, keys[0]: _set(meta.get(keys[0]) or {}, keys[1:], value)}


def _substitute(text: str, values: dict[str, str], what: str, where: str | None) -> str:
    """``text`` with each {placeholder} replaced from ``values``; one that has
    no value is an error: ``what`` (with ``{key}`` for its name) and the fix."""

    def sub(m: re.Match) -> str:
        key = m.group(1)
        if key not in values:
            known = ", ".join("{" + k + "}" for k in values) or "none (set deck.values)"
            raise ZinemakerError(f"{what.format(key=key)}, but the deck has no value for it; known: {known}", where)
        return values[key]

    return PLACEHOLDER.sub(sub, text)


def _filled(card: Card, values: dict[str, str]) -> Card:
    """The card with its {placeholders} filled in."""
    names = [name for name in ("title", "body", "time", "group", "materials", "purpose") if "{" in getattr(card, name)]
    if not names:  # most cards: nothing to fill
        return card
    changed = {
        name: _substitute(
            getattr(card, name), values, f"card {card.id!r} uses {{{{{{key}}}}}} in its {name}", card.where
        )
        for name in names
    }
    return replace(card, **changed)


def _check(deck: Deck) -> None:
    seen: set[str] = set()
    for card in deck.cards:
        with _each():
            if card.id in seen:
                raise ZinemakerError(f"two cards have the id {card.id!r}: ids must be unique", card.where)
            seen.add(card.id)
            if card.category not in deck.categories:
                known = ", ".join(deck.categories) or "none"
                raise ZinemakerError(
                    f"card {card.id!r}: unknown category {card.category!r}{_near(card.category, set(deck.categories))};"
                    f" known: {known}",
                    card.where,
                )
    if not deck.cards:
        raise ZinemakerError("the deck has no cards", str(deck.path))
    total = sum(c.qty for c in deck.cards)
    if total > MAX_CARDS:
        raise ZinemakerError(
            f"{total} cards (qty counted): a deck holds at most {MAX_CARDS}; split it into decks", str(deck.path)
        )


# -- CSV -----------------------------------------------------------------------------


#: A cell a spreadsheet would run as a formula begins with one of these.
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cards_to_csv(cards: list[Card]) -> str:
    """The cards as CSV text, one row each, with a header of field names.

    A cell that a spreadsheet would take for a formula (``=HYPERLINK(...)``,
    but also a body that starts with a "- " list) is written with a leading
    apostrophe, as spreadsheets themselves mark text; :func:`cards_from_csv`
    takes it off again, so the cards round-trip."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(CARD_FIELDS), lineterminator="\n")
    w.writeheader()
    for card in cards:
        row = {k: _cell(v) for k, v in asdict(card).items() if k in CARD_FIELDS}
        w.writerow(row)
    return buf.getvalue()


def _formula(value: str) -> bool:
    """Whether a spreadsheet would run the cell, or it is such a cell
    already marked with apostrophes (marked once more, so it round-trips)."""
    return value.lstrip("'").startswith(FORMULA)


def _cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and _formula(value) else value


def _uncell(value: str) -> str:
    return value[1:] if value.startswith("'") and _formula(value[1:]) else value


#: The most cards a deck may hold, counting each copy (``qty``): a print run
#: of more is a job for a print shop, and a deck this size is most likely a
#: mistake (a CSV pasted twice over, a qty of 1000).
MAX_CARDS = 5000
MAX_QTY = 100


def cards_from_csv(path: Path) -> list[Card]:
    """Cards from a CSV file written by a spreadsheet (header row of field
    names, in any case; commas, semicolons or tabs; blank rows ignored)."""
    text = files.read_text(
        path,
        "csv",
        hint='in your spreadsheet, save as "CSV UTF-8"'
        " (Excel: File > Save As > CSV UTF-8; LibreOffice: Character set Unicode (UTF-8))",
    )
    header, rows = files.read_csv_rows(text, str(path))
    if not rows:
        raise ZinemakerError("the CSV has no cards (a header row and one row per card)", str(path))
    missing = [k for k in REQUIRED if k not in header]
    if missing:
        raise ZinemakerError(
            f"the CSV's first row needs the columns {', '.join(missing)} (found: {', '.join(h for h in header if h)})",
            f"{path}:1",
        )
    unknown = [h for h in header if h not in CARD_FIELDS]
    if unknown:
        near = _near(unknown[0], set(CARD_FIELDS))
        raise ZinemakerError(
            f"unknown column {unknown[0]!r}{near}; allowed: {', '.join(CARD_FIELDS)}", f"{path}:1"
        )
    if len(set(header)) != len(header):
        twice = next(h for h in header if header.count(h) > 1)
        raise ZinemakerError(f"the column {twice!r} is there twice", f"{path}:1")
    if len(rows) > MAX_CARDS:
        raise ZinemakerError(f"{len(rows)} rows: a deck holds at most {MAX_CARDS} cards", str(path))
    out = []
    rows_of: dict[str, int] = {}
    for n, cells in rows:
        where = f"{path}:{n}"
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            raise ZinemakerError(
                f"this row has {len(cells)} fields but the header has {len(header)} columns:"
                " is there a comma in text that needs quotes?",
                where,
            )
        row = {k: _uncell(v) for k, v in zip(header, cells, strict=False)}
        for key in REQUIRED:
            if not (row.get(key) or "").strip():
                raise ZinemakerError(f"this row has no {key}", where)
        raw_qty = (row.get("qty") or "").strip() or "1"
        if not re.fullmatch(r"[0-9]{1,4}", raw_qty) or not 1 <= int(raw_qty) <= MAX_QTY:
            raise ZinemakerError(f"qty: found {raw_qty!r}, expected a whole number from 1 to {MAX_QTY}", where)
        values = {k: (row.get(k) or "") for k in CARD_FIELDS if k != "qty"}
        cid = values["id"].strip()
        if not ID.match(cid):
            raise ZinemakerError(f"id {cid!r}: use lowercase letters, digits and hyphens", where)
        values["id"] = cid
        if cid in rows_of:
            raise ZinemakerError(f"the id {cid!r} is on line {rows_of[cid]} too: ids must be unique", where)
        rows_of[cid] = n
        out.append(Card(**values, qty=int(raw_qty), where=where))  # type: ignore[arg-type]
    return out
