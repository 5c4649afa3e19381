"""Layout definitions: what goes into a product and how it is printed.

A layout is a TOML file in ``layouts/``. It is read and checked here, once;
everything after this trusts the :class:`Layout` it gets. Paths inside a
layout are relative to the project folder (the folder that holds
``layouts/``), so ``text = "texts/essay.md"`` means what it looks like.
See ``layouts/README.md`` for an annotated example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zinemaker import files
from zinemaker.definitions import schema as s
from zinemaker.errors import ZinemakerError, did_you_mean
from zinemaker.units import CARD, MM, PAPER, fmt_mm, parse_length, parse_offset, parse_size
from zinemaker.vocab import BINDS, FLIPS, FOLDS, MARK_KINDS, SCHEMES


LANGUAGES = re.compile(r"^[a-z]{2,3}([_-][A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class Margins:
    """The layout's own margins; None where the page size's preset decides."""

    inner: float | None
    outer: float | None
    top: float | None
    bottom: float | None


@dataclass(frozen=True)
class Cover:
    """The front cover: title, subtitle and author from the metadata."""


@dataclass(frozen=True)
class Colophon:
    """The back cover: source, licence, date and an optional note."""

    note: str | None = None


@dataclass(frozen=True)
class Excerpt:
    """Part of a text: whole sections by heading, and/or a paragraph range."""

    text: Path
    sections: tuple[str, ...] = ()
    paragraphs: tuple[int, int | None] | None = None
    where: str = ""
    omit: tuple[str | int, ...] = ()  # passages (their exact words) or paragraph numbers left out


@dataclass(frozen=True)
class Blank:
    """An empty page (for notes)."""


@dataclass(frozen=True)
class Exercises:
    """Cards from a deck, set as pages of a zine."""

    deck: Path
    cards: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    heading: str | None = None
    where: str = ""


@dataclass(frozen=True)
class CardSheets:
    """A card layout: a deck typeset as card faces and imposed on sheets."""

    deck: Path
    size: str | None
    bleed: float
    min_size: float
    max_size: float
    allow_overflow: bool
    faces: bool
    png: bool
    where: str = ""


ContentItem = Cover | Colophon | Excerpt | Blank | Exercises


@dataclass(frozen=True)
class Output:
    papers: tuple[str, ...]
    reader: bool
    print: bool
    scheme: str
    flip: str
    marks: frozenset[str]
    creep: float
    signature: int
    margin: float
    fit: bool
    bind: str = "left"
    fold: str = "folio"
    instructions: bool = False
    back_offset: tuple[float, float] = (0.0, 0.0)
    grayscale: bool = False
    #: The rest of the printer's back error, from ``zinemaker calibrate``.
    back_skew: float = 0.0
    back_scale: tuple[float, float] = (1.0, 1.0)
    back_turned: bool = False
    #: The job ticket: copies to print (0: no ticket), the shop's price
    #: list, and the paper stock the sheets go on.
    copies: int = 0
    prices: Path | None = None
    stock: str = ""


@dataclass(frozen=True)
class CoverStock:
    """A cover on its own stock: the outer sheet printed as a file of its own."""

    stock: str
    caliper: float
    paper: str | None = None  # the wrap's paper (perfect binding), if not the layout's


@dataclass(frozen=True)
class Layout:
    """A checked layout definition."""

    path: Path
    root: Path
    name: str
    meta: dict[str, Any]
    page_size: str
    margins: Margins
    bleed: float
    fonts: dict[str, Any]
    content: tuple[ContentItem, ...]
    output: Output
    cards: CardSheets | None = None
    cover: CoverStock | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def page_size_for(self, paper: str) -> tuple[float, float]:
        """The finished page size when printing on ``paper``."""
        if self.page_size == "half-sheet":
            w, h = PAPER[paper]
            return (h / 2, w) if w < h else (w / 2, h)
        return parse_size(self.page_size, {**PAPER, **CARD})


def _length(value: Any, where: str) -> float:
    return parse_length(value, where)


def length(lo: float, hi: float) -> Any:
    """A field holding a length from ``lo`` to ``hi`` points."""

    def check(value: Any, where: str) -> float:
        return parse_length(value, where, lo, hi)

    return check


PT = 1.0
#: What a layout's lengths may be: wide enough for any real zine or deck,
#: narrow enough that a typo (50mm of creep, a 0pt font) is caught.
BLEED = length(0, 10 * MM)
MARGIN = length(0, 80 * MM)
FONT_SIZE = length(4 * PT, 72 * PT)
LEADING = length(4 * PT, 144 * PT)
CREEP = length(0, 1 * MM)
PRINTER_MARGIN = length(0, 30 * MM)
CARD_TEXT = length(3 * PT, 72 * PT)
#: The narrowest column of text, and the least height for it, a page may leave.
MIN_COLUMN = 25 * MM


def _size(value: Any, where: str) -> str:
    if isinstance(value, str) and value.strip().lower() in ("half-sheet", "halfsheet", "half sheet"):
        return "half-sheet"
    try:
        parse_size(value, {**PAPER, **CARD}, where)
    except ZinemakerError:
        raise s.fail(
            where,
            value,
            '"half-sheet" (half of each paper), a name such as a5, a6, half-letter or'
            ' quarter-letter, or a custom size like "105mm x 148mm"',
        ) from None
    return str(value)


#: Cards: from a small sticker to a large tarot card.
CARD_MIN = 20 * MM
CARD_MAX = 300 * MM


def _card_size(value: Any, where: str) -> str:
    parse_size(value, CARD, where, CARD_MIN, CARD_MAX)
    return str(value)


def _paper(value: Any, where: str) -> str:
    if not isinstance(value, str) or value.strip().lower() not in PAPER:
        raise s.fail(where, value, ", ".join(PAPER) + did_you_mean(str(value).strip().lower(), list(PAPER)))
    return value.strip().lower()


def _papers(value: Any, where: str) -> list[str]:
    papers = s.list_of(_paper, 1)(value, where)
    for i, paper in enumerate(papers):
        if paper in papers[:i]:
            raise ZinemakerError(f"{paper} is named twice (each paper is built once): leave out the second", f"{where} #{i + 1}")
    return papers


def _language(value: Any, where: str) -> str:
    if not isinstance(value, str) or not LANGUAGES.match(value):
        raise s.fail(where, value, 'a language code such as "en", "es", "de" or "pt_BR"')
    return value


def _marks(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    return frozenset(s.list_of(s.one_of(*MARK_KINDS))(value, where))


def _back_scale(value: Any, where: str) -> tuple[float, float]:
    """(across, up) from "100.3%, 99.8%" (or one percentage for both)."""
    parts = [p.strip() for p in str(value).split(",")] if isinstance(value, str) else []
    try:
        got = tuple(float(p.removesuffix("%")) / 100 for p in parts if p.endswith("%"))
    except ValueError:
        got = ()
    if len(got) == len(parts) and len(got) in (1, 2) and all(0.9 < g < 1.1 for g in got):
        return (got[0], got[-1])
    raise s.fail(where, value, 'two percentages near 100, across and up, like "100.3%, 99.8%"')


def _date(value: Any, where: str) -> str:
    import datetime

    if isinstance(value, bool) or not isinstance(value, (str, int, datetime.date, datetime.time)):
        raise s.fail(where, value, 'a date like 2024-05-01 or text like "Spring 2024"')
    return str(value)


#: The longest source address taken (bytes): the back cover prints the
#: first as a QR code some 21 mm wide, which a phone reads up to about this.
SOURCE_MAX = 250


def too_long_address(value: str) -> str | None:
    """Why a source address cannot go on the back cover, or None."""
    n = len(value.encode("utf-8"))
    if n <= SOURCE_MAX:
        return None
    return (
        f"an address of {n} characters is too long for the back cover's QR code (at most {SOURCE_MAX}):"
        " give a shorter address for the page"
    )


def _address(value: Any, where: str) -> str:
    text = s.text(value, where)
    why = too_long_address(text)
    if why:
        raise ZinemakerError(why, where)
    return text


def _source(value: Any, where: str) -> list[str]:
    return s.list_of(_address)(value, where)


LAYOUT = s.Table(
    {
        "zine": s.Table(
            {
                "title": s.Field(s.optional_text, None),
                "subtitle": s.Field(s.optional_text, None),
                "author": s.Field(s.optional_text, None),
                "language": s.Field(_language, None),
                "licence": s.Field(s.optional_text, None),
                "source": s.Field(_source, None),
                "date": s.Field(_date, None),
                "description": s.Field(s.optional_text, None),
                "publisher": s.Field(s.optional_text, None),
                "address": s.Field(s.optional_text, None),
                "intro": s.Field(s.optional_text, None),
                "links": s.Field(s.one_of("inline", "endnotes"), "inline"),
            }
        ),
        "page": s.Table(
            {
                "size": s.Field(_size, "half-sheet"),
                "bleed": s.Field(BLEED, 0.0),
                "margins": s.Table(
                    {
                        # Unset, they come from the page size's preset (definitions/presets.py).
                        "inner": s.Field(MARGIN, None),
                        "outer": s.Field(MARGIN, None),
                        "top": s.Field(MARGIN, None),
                        "bottom": s.Field(MARGIN, None),
                    }
                ),
            }
        ),
        "fonts": s.Table(
            {
                "body": s.Field(s.text, "Charis SIL"),
                "heading": s.Field(s.text, "Open Sans"),
                "size": s.Field(FONT_SIZE, None),  # unset: the page size's preset
                "leading": s.Field(LEADING, None),
                "hyphenate": s.Field(s.boolean, True),
                "justify": s.Field(s.boolean, True),
            }
        ),
        "content": s.Field(lambda v, w: v, None),
        "cover": s.Table(
            {
                "stock": s.Field(s.optional_text, None),
                "caliper": s.Field(_length, None),
                "paper": s.Field(lambda v, w: _paper(v, w) if v is not None else None, None),
            }
        ),
        "cards": s.Table(
            {
                "deck": s.Field(s.optional_text, None),
                "size": s.Field(_card_size, None),
                "bleed": s.Field(BLEED, parse_length("3mm")),
                "min_size": s.Field(CARD_TEXT, 6.0),
                "max_size": s.Field(CARD_TEXT, 8.5),
                "allow_overflow": s.Field(s.boolean, False),
                "faces": s.Field(s.boolean, True),
                "png": s.Field(s.boolean, False),
            }
        ),
        "output": s.Table(
            {
                "papers": s.Field(_papers, ("letter", "a4")),
                "reader": s.Field(s.boolean, True),
                "print": s.Field(s.boolean, True),
                # Defaults depend on the kind: a booklet or card sheets.
                "scheme": s.Field(s.one_of(*SCHEMES), None),
                "flip": s.Field(s.one_of(*FLIPS), None),
                "marks": s.Field(_marks, frozenset({"crop", "fold"})),
                "creep": s.Field(CREEP, 0.0),
                "signature": s.Field(s.integer(0, 64), 0),
                "margin": s.Field(PRINTER_MARGIN, 0.0),
                "fit": s.Field(s.boolean, False),
                "bind": s.Field(s.one_of(*BINDS), "left"),
                "fold": s.Field(s.one_of(*FOLDS), "folio"),
                "instructions": s.Field(s.boolean, False),
                "back_offset": s.Field(parse_offset, (0.0, 0.0)),
                "back_skew": s.Field(s.number(-5, 5), 0.0),
                "back_scale": s.Field(_back_scale, (1.0, 1.0)),
                "back_turned": s.Field(s.boolean, False),
                "copies": s.Field(s.integer(0, 1_000_000), 0),
                "prices": s.Field(s.optional_text, None),
                "stock": s.Field(s.optional_text, None),
                "printer": s.Field(s.optional_text, None),
                "grayscale": s.Field(s.boolean, False),
            }
        ),
    }
)

CONTENT_KINDS = ("cover", "excerpt", "colophon", "blank", "exercises")


def _omitted(value: Any, where: str) -> str | int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and value.strip():
        return value
    raise s.fail(where, value, "a passage's exact words in quotes, or a paragraph number (from 1)")


def _range(value: Any, where: str) -> tuple[int, int | None]:
    m = re.fullmatch(r"\s*(\d+)\s*(?:(-)\s*(\d*)\s*)?", str(value)) if value is not None else None
    if not m or int(m.group(1)) < 1 or (m.group(3) and int(m.group(3)) < int(m.group(1))):
        raise s.fail(where, value, 'a paragraph number or range such as "4", "4-9" or "4-" (to the end)')
    first = int(m.group(1))
    if not m.group(2):
        return (first, first)
    return (first, int(m.group(3)) if m.group(3) else None)


def _content_item(item: Any, file: str, path: str, root: Path) -> ContentItem:
    where = f"{file}: {path}"
    if not isinstance(item, dict) or "kind" not in item:
        raise ZinemakerError(f"{path}: each [[content]] needs kind = one of {', '.join(CONTENT_KINDS)}", file)
    kind = s.one_of(*CONTENT_KINDS)(item["kind"], f"{where}.kind")
    rest = {k: v for k, v in item.items() if k != "kind"}
    fields: dict[str, s.Field] = {
        "cover": {},
        "blank": {},
        "colophon": {"note": s.Field(s.optional_text, None)},
        "excerpt": {
            "text": s.Field(s.text),
            "sections": s.Field(s.list_of(s.text), ()),
            "paragraphs": s.Field(_range, None),
            "omit": s.Field(s.list_of(_omitted), ()),
        },
        "exercises": {
            "deck": s.Field(s.text),
            "cards": s.Field(s.list_of(s.text), ()),
            "categories": s.Field(s.list_of(s.text), ()),
            "heading": s.Field(s.optional_text, None),
        },
    }[kind]
    got = s.validate(rest, s.Table(fields), file, path)
    if kind == "cover":
        return Cover()
    if kind == "blank":
        return Blank()
    if kind == "colophon":
        return Colophon(got["note"])
    if kind == "exercises":
        deck = _existing(root, got["deck"], f"{where}.deck", "deck")
        return Exercises(deck, tuple(got["cards"]), tuple(got["categories"]), got["heading"], where)
    text_path = root / got["text"]
    files.inside(text_path, root, files.Named(got["text"], f"{path}.text", file))
    if text_path.exists() and not text_path.is_file():
        try:
            files.read_bytes(text_path, "text")  # says what it is instead (a folder, a pipe)
        except ZinemakerError as exc:
            raise ZinemakerError(f"{text_path}: {exc.message}", f"{where}.text") from None
    if not text_path.is_file():
        raise ZinemakerError(
            f"found {got['text']!r}, but there is no such file in {root.resolve().name or root}/: check the path"
            ' (paths are relative to the project folder, e.g. "texts/essay.md")',
            f"{where}.text",
        )
    return Excerpt(text_path, tuple(got["sections"]), got["paragraphs"], where, tuple(got["omit"]))


#: What each kind of file a layout names ends in (a deck read as anything else fails in words about YAML).
SUFFIXES = {"deck": (".yaml", ".yml", ".csv"), "printer file": (".toml",), "price list": (".toml",)}


def _existing(root: Path, rel: str, where: str, kind: str | None = None) -> Path:
    path = root / rel
    file, _, field = where.rpartition(": ")
    files.inside(path, root, files.Named(rel, field or where, file or where))
    if kind and path.suffix.lower() not in SUFFIXES[kind]:
        raise ZinemakerError(f"found {rel!r}: a {kind} is a {' or '.join(SUFFIXES[kind])} file: name one", where)
    if path.exists() and not path.is_file():
        try:
            files.read_bytes(path, "text")
        except ZinemakerError as exc:
            raise ZinemakerError(f"{path}: {exc.message}", where) from None
    if not path.is_file():
        raise ZinemakerError(
            f"found {rel!r}, but there is no such file in {root.resolve().name or root}/: check the path"
            " (paths are relative to the project folder)",
            where,
        )
    return path


PRINTER = s.Table(
    {
        "name": s.Field(s.optional_text, None),
        "flip": s.Field(s.one_of(*FLIPS), None),
        "back_offset": s.Field(parse_offset, None),
        "back_skew": s.Field(s.number(-5, 5), None),
        "back_scale": s.Field(_back_scale, None),
        "back_turned": s.Field(s.boolean, None),
        "margin": s.Field(PRINTER_MARGIN, None),
    }
)


def load_printer(
    path: Path,
    root: Path | None = None,
    named: files.Named | None = None,
    problems: list[ZinemakerError] | None = None,
) -> dict[str, Any]:
    """A printer profile: its duplex setting, back error (offset, skew,
    scale, half turn, as ``zinemaker calibrate --save`` writes them) and margin.

    A small TOML file (``printers/office.toml``) shared by every layout that
    prints on that machine, named by ``output.printer`` or ``--printer``."""
    raw = files.parse_toml(files.read_text(path, "printer", root, named), str(path))
    got = s.validate(raw, PRINTER, str(path), problems=problems)
    return {k: v for k, v in got.items() if v is not None and k != "name"}


def printer_toml(profile: dict[str, Any], comment: str = "") -> str:
    """A printer file's text, as :func:`load_printer` reads it back:
    ``profile`` holds ``flip``, ``back_turned``, ``back_offset`` (points),
    ``back_skew`` (degrees), ``back_scale`` (factors), and any ``name`` and
    ``margin`` (points) to keep."""
    lines = [f"# {line}" for line in comment.splitlines()]
    if profile.get("name"):
        lines.append(f"name = {_toml_string(profile['name'])}")
    if profile.get("flip"):
        lines.append(f'flip = "{profile["flip"]}"')
    if "back_turned" in profile:
        lines.append(f"back_turned = {'true' if profile['back_turned'] else 'false'}")
    if "back_offset" in profile:
        x, y = (v / MM for v in profile["back_offset"])
        lines.append(f'back_offset = "{x:.2f}mm,{y:.2f}mm"')
    if "back_skew" in profile:
        lines.append(f"back_skew = {profile['back_skew']:.3f}")
    if "back_scale" in profile:
        sx, sy = profile["back_scale"]
        lines.append(f'back_scale = "{sx * 100:.2f}%, {sy * 100:.2f}%"')
    if profile.get("margin") is not None:
        lines.append(f'margin = "{profile["margin"] / MM:.2f}mm"')
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _problem(exc: ZinemakerError, problems: list[ZinemakerError] | None) -> None:
    if problems is None:
        raise exc
    problems.append(exc)


def _page_room(size: str | None, m: dict, papers: tuple[str, ...], where: str, problems) -> None:  # noqa: ANN001
    """The margins must leave a column of text on every paper's page."""
    if size is None:
        return
    for paper in papers or ("letter",):
        if size == "half-sheet":
            w, h = PAPER[paper]
            w, h = (h / 2, w) if w < h else (w / 2, h)
        else:
            w, h = parse_size(size, {**PAPER, **CARD})
        from zinemaker.definitions.presets import preset_for

        preset = preset_for((w, h))
        got = {k: (v if v is not None else getattr(preset, k)) for k, v in m.items()}
        across, down = w - got["inner"] - got["outer"], h - got["top"] - got["bottom"]
        if across < MIN_COLUMN or down < MIN_COLUMN:
            what = (
                f"page.margins.inner + outer leave {fmt_mm(max(across, 0))} across"
                if across < MIN_COLUMN
                else f"page.margins.top + bottom leave {fmt_mm(max(down, 0))} down"
            )
            _problem(
                ZinemakerError(
                    f"{what} a {fmt_mm(w)} x {fmt_mm(h)} page ({paper}): at least {fmt_mm(MIN_COLUMN)} is"
                    " needed for the text; make the margins smaller",
                    where,
                ),
                problems,
            )
            return


def _cover(got: dict[str, Any], raw: dict[str, Any], where: str) -> CoverStock | None:
    """A layout's [cover]: its stock's name and caliper, both needed."""
    if "cover" not in raw:
        return None
    if got["caliper"] is None or got["caliper"] <= 0:
        raise ZinemakerError(
            'cover.caliper: the cover stock\'s thickness is needed, e.g. caliper = "0.3mm" (250 gsm card)', where
        )
    return CoverStock(got["stock"] or "cover stock", got["caliper"], got["paper"])


def project_root(layout_path: Path) -> Path:
    """The folder that layout paths are relative to: the parent of ``layouts/``.

    Kept relative when the layout's path is, so messages name files the way
    the person typed them."""
    parent = Path(layout_path).parent
    if parent.name == "layouts":
        return parent.parent
    if parent == Path(".") and Path.cwd().name == "layouts":
        return Path("..")
    return parent


def load_layout(path: Path, problems: list[ZinemakerError] | None = None) -> Layout:
    """Read and check a layout file; every error names the file and field.

    With a ``problems`` list, every mistake found is added to it instead of
    stopping at the first (what is returned then may be incomplete)."""
    path = Path(path)
    where = str(path)
    text = files.read_text(path, "layout")
    try:
        raw = files.parse_toml(text, where)
    except ZinemakerError:
        if path.suffix.lower() == ".toml":
            raise
        raw = None
    if raw is None or (not raw and path.suffix.lower() != ".toml"):
        # Named as something else and not a layout: say what was expected, not TOML's syntax.
        kind = f"{path.suffix} file" if path.suffix else "file with no .toml ending"
        kind = f"an empty {kind}" if raw is not None else f"a {kind}, not TOML"
        raise ZinemakerError(
            f"not a layout ({kind}): name a layout's .toml file, like layouts/social-spaces.toml",
            where,
        )
    if not raw:
        raise ZinemakerError(
            "the layout is empty (nothing but blanks or comments): add [[content]] for a zine or [cards] for"
            " a deck; layouts/README.md has an example of each",
            where,
        )
    got = s.validate(raw, LAYOUT, where, problems=problems)
    root = project_root(path)
    items = got["content"]
    if items is None:
        items = [{"kind": "cover"}, {"kind": "colophon"}]
    if not isinstance(items, list) or not items:
        raise ZinemakerError("content: expected [[content]] entries", where)
    content_items = []
    for i, item in enumerate(items):
        try:
            content_items.append(_content_item(item, where, f"content #{i + 1}", root))  # counted from 1
        except ZinemakerError as exc:
            if problems is None:
                raise
            problems.append(exc)
    content = tuple(content_items)
    m = got["page"]["margins"]
    out = got["output"]
    if out["printer"]:
        profile = load_printer(
            _existing(root, out["printer"], f"{where}: output.printer", "printer file"),
            root,
            files.Named(out["printer"], "output.printer", where),
            problems,
        )
        own = raw.get("output", {})
        measured = [k for k in ("back_offset", "back_skew", "back_scale", "back_turned") if k in profile]
        if measured and profile.get("flip") and "flip" in own and out["flip"] != profile["flip"]:
            # The back's error was measured for one way of turning the sheet;
            # another way turns the error with it.
            _problem(
                ZinemakerError(
                    f"output.flip is {out['flip']!r}, but {out['printer']} was calibrated printing"
                    f" {profile['flip']}: its {' and '.join(measured)} would move the backs the wrong way;"
                    f" leave output.flip out to print {profile['flip']}, or "
                    + (
                        "leave output.printer out to turn the sheets by hand"
                        if out["flip"] == "manual"
                        else f"calibrate for {out['flip']} (zinemaker calibrate --flip {out['flip']}"
                        " --save printers/NAME.toml)"
                    ),
                    where,
                ),
                problems,
            )
        for key, value in profile.items():
            # The layout's own settings win over the printer file's.
            if key not in own:
                out[key] = value
    c = got["cards"]
    cards = None
    if c["deck"] is not None:
        cards = CardSheets(
            deck=_existing(root, c["deck"], f"{where}: cards.deck", "deck"),
            size=c["size"],
            bleed=c["bleed"],
            min_size=c["min_size"],
            max_size=c["max_size"],
            allow_overflow=c["allow_overflow"],
            faces=c["faces"],
            png=c["png"],
            where=f"{where}: cards",
        )
        if c["min_size"] > c["max_size"]:
            raise ZinemakerError("cards.min_size is larger than cards.max_size", where)
    fonts = got["fonts"]
    if fonts["leading"] is not None and fonts["size"] is not None and fonts["leading"] < 0.9 * fonts["size"] - 1e-9:
        _problem(
            ZinemakerError(
                f"fonts.leading {fonts['leading']:g}pt is less than the font size {fonts['size']:g}pt:"
                f" lines would overprint; set it to about 1.3 x the size ({fonts['size'] * 1.35:.1f}pt)",
                where,
            ),
            problems,
        )
    if cards is None and any(v is not None for v in m.values()):
        _page_room(got["page"]["size"], m, tuple(out["papers"] or ()), where, problems)
    return Layout(
        path=path,
        root=root,
        name=path.stem,
        meta={k: v for k, v in got["zine"].items() if v is not None},
        page_size=got["page"]["size"],
        margins=Margins(m["inner"], m["outer"], m["top"], m["bottom"]),
        bleed=got["page"]["bleed"],
        fonts=got["fonts"],
        content=content,
        output=Output(
            papers=tuple(out["papers"]),
            reader=out["reader"],
            print=out["print"],
            scheme=out["scheme"] or ("cards" if cards else "saddle"),
            # Card sheets are portrait, where print dialogs default to the
            # long edge; booklet sheets are landscape: short edge.
            flip=out["flip"] or ("long-edge" if cards else "short-edge"),
            marks=out["marks"],
            creep=out["creep"],
            signature=out["signature"],
            margin=out["margin"],
            fit=out["fit"],
            bind=out["bind"],
            fold=out["fold"],
            instructions=out["instructions"],
            back_offset=out["back_offset"],
            grayscale=out["grayscale"],
            back_skew=out["back_skew"],
            back_scale=out["back_scale"],
            back_turned=out["back_turned"],
            copies=out["copies"],
            prices=_existing(root, out["prices"], f"{where}: output.prices", "price list") if out["prices"] else None,
            stock=out["stock"] or "",
        ),
        cards=cards,
        cover=_cover(got["cover"], raw, where),
    )
