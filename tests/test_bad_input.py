"""A corpus of bad input, to every command: each case is one mistake (or one
hostile file) in an otherwise good project, and each must end the same way:

- a non-zero exit (1: the person's mistake);
- exactly one line, ``zinemaker: error: ...``, naming the file and the place
  (a field path, a file:line or the option);
- no traceback;
- every file in the project, inputs and earlier outputs alike, byte for byte
  as it was, and no file left over.

The cases are data: (name, files to write, command, words the line must
hold). They run in-process through click's CliRunner, each in its own copy
of a small project.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import SMALL_DECK as DECK
from helpers import numbered_pdf, snapshot, zine_layout

from zinemaker.cli import main

ROOT = Path(__file__).resolve().parents[1]
ESSAY = "texts/milstein-organizing-social-spaces.md"
OLD = b"%PDF an earlier good output"

LAYOUT = zine_layout(text="texts/essay.md")

CARDS = """\
[cards]
deck = "decks/d.yaml"

[output]
papers = ["a4"]
"""


CSV_GOOD = "id,title,category,body\nhello,Hello,welcome,Say hello.\n"

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
)


def _text() -> str:
    return (ROOT / ESSAY).read_text(encoding="utf-8")


@dataclass
class Case:
    name: str
    args: list[str]
    needles: tuple[str, ...]
    files: dict[str, str | bytes] = field(default_factory=dict)
    special: str = ""  # "fifo:PATH", "symlink:PATH->TARGET", "dir:PATH"
    code: int = 1


def layout_with(section: str, body: str) -> str:
    """The good layout with ``body`` lines set in [section] (made if new)."""
    if f"[{section}]" in LAYOUT:
        text = LAYOUT
        for line in body.splitlines():
            key = line.split(" = ")[0]
            text = re.sub(rf"(\[{re.escape(section)}\]\n(?:.*\n)*?){key} = .*\n", r"\1", text, count=1)
        return text.replace(f"[{section}]\n", f"[{section}]\n{body}\n")
    return LAYOUT + f"\n[{section}]\n{body}\n"


def deck_with(old: str, new: str) -> str:
    assert old in DECK, old
    return DECK.replace(old, new, 1)


CASES: list[Case] = []


def add(name: str, args: list[str], *needles: str, code: int = 1, special: str = "", **files: str | bytes) -> None:
    CASES.append(Case(name, args, needles, {k.replace("__", "/").replace("_DOT_", "."): v for k, v in files.items()}, special, code))


def build_layout(name: str, text: str, *needles: str, **more: str | bytes) -> None:
    add(name, ["build", "layouts/z.toml"], "layouts/z.toml", *needles, layouts__z_DOT_toml=text, **more)


# -- lengths, sizes and numbers in a layout: each field, each kind of wrong --------------

LENGTH_FIELDS = [
    ("page", "bleed", "page.bleed"),
    ("page.margins", "inner", "page.margins.inner"),
    ("page.margins", "outer", "page.margins.outer"),
    ("page.margins", "top", "page.margins.top"),
    ("page.margins", "bottom", "page.margins.bottom"),
    ("fonts", "size", "fonts.size"),
    ("fonts", "leading", "fonts.leading"),
    ("output", "creep", "output.creep"),
    ("output", "margin", "output.margin"),
]
BAD_LENGTHS = {
    "negative": '"-3mm"',
    "no-unit": "5",
    "words": '"three millimetres"',
    "huge": '"100m"' if False else '"5000mm"',
    "400-digits": '"' + "9" * 400 + 'mm"',
    "bool": "true",
    "list": '["3mm"]',
    "table": '{ a = 1 }',
    "inf": "inf",
    "nan": "nan",
}
for section, key, path in LENGTH_FIELDS:
    for kind, value in BAD_LENGTHS.items():
        build_layout(f"layout-{path}-{kind}", layout_with(section, f"{key} = {value}"), path)
for section, key, path, value in [
    ("fonts", "size", "fonts.size", '"0pt"'),
    ("fonts", "size", "fonts.size", '"1pt"'),
    ("fonts", "size", "fonts.size", '"500pt"'),
    ("fonts", "leading", "fonts.leading", '"0pt"'),
    ("output", "creep", "output.creep", '"50mm"'),
    ("output", "creep", "output.creep", '"100mm"'),
    ("page", "bleed", "page.bleed", '"40mm"'),
    ("output", "margin", "output.margin", '"90mm"'),
    ("page.margins", "inner", "page.margins.inner", '"200mm"'),
    ("output", "signature", "output.signature", "-1"),
    ("output", "signature", "output.signature", "1000"),
    ("output", "signature", "output.signature", '"two"'),
    ("output", "back_offset", "output.back_offset", '"500mm,0mm"'),
    ("output", "back_offset", "output.back_offset", '"' + "9" * 400 + ',0"'),
    ("output", "back_offset", "output.back_offset", '"1mm"'),
    ("output", "papers", "output.papers", '["a9"]'),
    ("output", "papers", "output.papers", "[]"),
    ("output", "papers", "output.papers", "[1]"),
    ("output", "scheme", "output.scheme", '"sadle"'),
    ("output", "flip", "output.flip", '"sideways"'),
    ("output", "marks", "output.marks", '["crop", "glitter"]'),
    ("output", "bind", "output.bind", '"middle"'),
    ("output", "fit", "output.fit", '"yes"'),
    ("output", "reader", "output.reader", "1"),
    ("page", "size", "page.size", '"a9000"'),
    ("page", "size", "page.size", '"1mm x 1mm"'),
    ("page", "size", "page.size", '"0mm x 100mm"'),
    ("page", "size", "page.size", '"100000mm x 100mm"'),
    ("page", "size", "page.size", "5"),
    ("fonts", "body", "fonts.body", '"Comic Sans"'),
    ("fonts", "body", "fonts.body", "3"),
    ("fonts", "hyphenate", "fonts.hyphenate", '"no"'),
    ("zine", "language", "zine.language", '"english please"'),
    ("zine", "language", "zine.language", "7"),
    ("zine", "title", "zine.title", "[1, 2]"),
    ("zine", "title", "zine.title", "{ a = 1 }"),
    ("zine", "author", "zine.author", "12"),
    ("zine", "date", "zine.date", "{ year = 2020 }"),
    ("zine", "date", "zine.date", "[2020]"),
    ("zine", "source", "zine.source", "[[1]]"),
    ("zine", "source", "zine.source #1", '["https://example.org/' + "x" * 300 + '"]'),  # no QR code holds it
    ("zine", "titel", "zine.titel", '"x"'),
]:
    build_layout(f"layout-{path}-{value[:20]}", layout_with(section, f"{key} = {value}"), path)

build_layout(
    "layout-margins-leave-no-column",
    layout_with("page.margins", 'inner = "65mm"\nouter = "65mm"'),
    "page.margins",
)
build_layout(
    "layout-leading-less-than-size", layout_with("fonts", 'size = "12pt"\nleading = "4pt"'), "fonts.leading"
)

# -- card layouts -------------------------------------------------------------------------
for key, value, needle in [
    ("min_size", '"0pt"', "cards.min_size"),
    ("min_size", "0", "cards.min_size"),
    ("min_size", '"-1pt"', "cards.min_size"),
    ("max_size", '"900pt"', "cards.max_size"),
    ("bleed", '"-3mm"', "cards.bleed"),
    ("bleed", '"30mm"', "cards.bleed"),
    ("size", '"2000mm x 3000mm"', "cards.size"),
    ("size", '"5mm x 5mm"', "cards.size"),
    ("size", '"huge"', "cards.size"),
    ("faces", '"yes"', "cards.faces"),
    ("deck", "3", "cards.deck"),
    ("deck", '"decks/none.yaml"', "cards.deck"),
    ("deck", '"/etc/passwd"', "cards.deck"),
    ("deck", '"../outside.yaml"', "cards.deck"),
]:
    add(
        f"cards-{key}-{value[:16]}",
        ["build", "layouts/c.toml"],
        "layouts/c.toml",
        needle,
        layouts__c_DOT_toml=CARDS.replace("[cards]\n", f"[cards]\n{key} = {value}\n").replace(
            'deck = "decks/d.yaml"\ndeck', "deck"
        )
        if key != "deck"
        else CARDS.replace('deck = "decks/d.yaml"', f"deck = {value}"),
    )
add(
    "cards-min-over-max",
    ["build", "layouts/c.toml"],
    "layouts/c.toml",
    "min_size",
    layouts__c_DOT_toml=CARDS.replace("[cards]\n", '[cards]\nmin_size = "8pt"\nmax_size = "6pt"\n'),
)

# -- TOML that is not TOML ------------------------------------------------------------
for name, text, needle in [
    ("unclosed-string", LAYOUT.replace('"Test Zine"', '"Test Zine'), "line 2"),
    ("curly-quotes", LAYOUT.replace('"Test Zine"', "\u201cTest Zine\u201d"), "straight quotes"),
    ("bare-word", LAYOUT.replace('"Test Zine"', "Test Zine"), "line 2"),
    ("duplicate-key", LAYOUT.replace('title = "Test Zine"', 'title = "A"\ntitle = "B"'), "line 3"),
    ("deep-nesting", "a = " + "[" * 50000 + "]" * 50000 + "\n", "nested"),
    ("deep-tables", "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n", "nested"),
    ("content-not-list", 'content = "x"\n' + LAYOUT, "not valid TOML"),
    ("content-kind-missing", LAYOUT.replace('kind = "cover"', 'kinds = "cover"'), "content #1"),
    ("content-kind-wrong", LAYOUT.replace('kind = "cover"', 'kind = "covr"'), "content #1.kind"),
    ("content-unknown-field", LAYOUT.replace('kind = "cover"', 'kind = "cover"\nsize = 3'), "content #1"),
    ("paragraphs-backwards", LAYOUT.replace("sections", 'paragraphs = "9-4"\nsections'), "content #2.paragraphs"),
    ("paragraphs-zero", LAYOUT.replace("sections", 'paragraphs = "0"\nsections'), "content #2.paragraphs"),
    ("paragraphs-huge", LAYOUT.replace("sections", 'paragraphs = "' + "9" * 400 + '"\nsections'), "content #2"),
    ("sections-list-of-lists", LAYOUT.replace('["Honest Failures"]', '[["a"]]'), "content #2.sections"),
    ("section-missing", LAYOUT.replace('"Honest Failures"', '"Honest Failure"'), "content #2.sections"),
]:
    build_layout(f"toml-{name}", text, needle)
build_layout("toml-not-utf8", b'[zine]\ntitle = "Caf\xe9"\n', "UTF-8")
build_layout("toml-binary", b"\x00\x01\x02\xff\xfe" * 100, "layouts/z.toml")
build_layout("exercises-deck-is-a-text", LAYOUT.replace('[[content]]\nkind = "colophon"', '[[content]]\nkind = "exercises"\ndeck = "texts/essay.md"\n\n[[content]]\nkind = "colophon"'),
             "deck: found 'texts/essay.md': a deck is a .yaml or .yml or .csv file")
add("cards-deck-is-a-layout", ["build", "layouts/c.toml"], "layouts/c.toml: cards.deck: found 'layouts/z.toml'", layouts__c_DOT_toml=CARDS.replace("decks/d.yaml", "layouts/z.toml"), layouts__z_DOT_toml=LAYOUT)
build_layout("toml-empty", "# a layout still to write\n\n", "the layout is empty", "[[content]]")
build_layout("toml-paper-twice", LAYOUT.replace('papers = ["a4"]', 'papers = ["a4", "letter", "A4"]'), "output.papers #3: a4 is named twice")
add("impose-output-names-no-file", ["impose", "in.pdf", "--sheet", "a4", "-o", "."], "--output: '.' names no file", in_DOT_pdf=numbered_pdf(8))

# -- files a layout names: missing, outside the project, not regular ---------------------
for name, value, needle in [
    ("absolute", "/etc/passwd", "outside the project"),
    ("dotdot", "../secret.md", "outside the project"),
    ("missing", "texts/nothere.md", "no such file"),
    ("folder", "texts", "texts"),
]:
    build_layout(f"text-{name}", LAYOUT.replace("texts/essay.md", value), "content #2.text", needle)
build_layout(
    "text-symlink-out", LAYOUT.replace("texts/essay.md", "texts/link.md"), "content #2.text", "outside the project"
)
CASES[-1].special = "symlink:texts/link.md->/etc/hostname"
build_layout("text-fifo", LAYOUT.replace("texts/essay.md", "texts/pipe.md"), "texts/pipe.md", "not a regular file")
CASES[-1].special = "fifo:texts/pipe.md"
build_layout("printer-outside", layout_with("output", 'printer = "/etc/hostname"'), "output.printer", "outside")
build_layout("printer-missing", layout_with("output", 'printer = "printers/none.toml"'), "output.printer")

# -- texts: Markdown and front matter ---------------------------------------------------
for name, text, needle in [
    ("nested-lists", "## Honest Failures\n\n" + "".join("  " * i + "- x\n" for i in range(25)) + "\nafter\n", "nested"),
    ("nested-quotes", "## Honest Failures\n\n" + ">" * 40 + " deep\n", "nested"),
    ("one-mb-word", "## Honest Failures\n\n" + "x" * 1_000_000 + "\n", "word of"),
    ("front-bomb", "---\n" + BOMB + "title: *h\n---\n## Honest Failures\n\nText.\n", "aliases"),
    ("front-title-list", "---\ntitle: [a, b]\n---\n## Honest Failures\n\nText.\n", "title"),
    ("front-date-mapping", "---\ndate: {year: 2020}\n---\n## Honest Failures\n\nText.\n", "date"),
    ("front-bad-yaml", "---\ntitle: [unclosed\n---\n## Honest Failures\n\nText.\n", "YAML"),
    ("front-not-mapping", "---\n- a\n- b\n---\n## Honest Failures\n\nText.\n", "front matter"),
    ("front-alias-loop", "---\na: &a [*a]\n---\n## Honest Failures\n\nText.\n", "alias"),
    ("front-source-mapping", "---\nsource: {a: 1}\n---\n## Honest Failures\n\nText.\n", "source"),
    ("front-impossible-date", "---\ndate: 2020-02-30\n---\n## Honest Failures\n\nText.\n", "texts/essay.md:2: not valid YAML: the value 2020-02-30"),
    ("paragraph-too-long", "## Honest Failures\n\n" + "talk together " * 15000 + "\n", "texts/essay.md:3: a paragraph of 30,000 words"),
    ("list-item-too-long", "## Honest Failures\n\n- " + "talk together " * 15000 + "\n", "a list item of 30,000 words"),
    ("text-nul", "## Honest Failures\n\nText\x00 here.\n", "texts/essay.md:3: a control character (U+0000) in the text: delete it"),
    ("text-escape", "## Honest Failures\n\nText.\n\nMore \x1b[31m red.\n", "texts/essay.md:5: a control character (U+001B)"),
    ("front-bell", "---\ntitle: a\x07b\n---\n## Honest Failures\n\nText.\n", "texts/essay.md:2: a control character (U+0007)"),
    ("heading-too-long", "## Honest Failures\n\nText.\n\n## " + "Word " * 400 + "\n\nMore.\n", "texts/essay.md:5: a heading of 1999 characters"),
    ("front-source-too-long", "---\nsource: https://example.org/" + "x" * 300 + "\n---\n## Honest Failures\n\nText.\n", "QR code"),
    ("image-outside", "## Honest Failures\n\n![logo](/etc/hostname)\n", "outside the project"),
    ("image-dotdot", "## Honest Failures\n\n![logo](../../x.png)\n", "outside the project"),
    ("image-missing", "## Honest Failures\n\n![logo](nothere.png)\n", "nothere.png"),
    ("image-not-image", "## Honest Failures\n\n![logo](essay.md)\n", "essay.md"),
    ("snowman", "## Honest Failures\n\nA snowman \u2603 here.\n", "U+2603"),
]:
    build_layout(f"text-{name}", LAYOUT, "texts/essay.md", needle, texts__essay_DOT_md=text)
    CASES[-1].needles = ("texts/essay.md", needle)
build_layout("text-not-utf8", LAYOUT, "texts/essay.md", texts__essay_DOT_md=b"## Honest Failures\n\nCaf\xe9\n")
CASES[-1].needles = ("texts/essay.md", "UTF-8")
build_layout("text-image-fifo", LAYOUT, texts__essay_DOT_md="## Honest Failures\n\n![logo](pipe.png)\n")
CASES[-1].needles = ("texts/essay.md", "not a regular file")
CASES[-1].special = "fifo:texts/pipe.png"
build_layout("text-image-broken", LAYOUT, texts__essay_DOT_md="## Honest Failures\n\n![logo](b.png)\n")
CASES[-1].needles = ("texts/essay.md", "b.png")
CASES[-1].files["texts/b.png"] = b"\x89PNG\r\n\x1a\n" + b"\x00" * 50

# -- decks --------------------------------------------------------------------------------


def deck_case(name: str, deck: str | bytes, *needles: str, **more: str | bytes) -> None:
    add(
        f"deck-{name}",
        ["build", "layouts/c.toml"],
        "decks/d.yaml",
        *needles,
        layouts__c_DOT_toml=CARDS,
        decks__d_DOT_yaml=deck,
        **more,
    )


for name, deck, needle in [
    ("bomb-title", BOMB + deck_with('title: "Hello"', "title: *h"), "aliases"),
    ("bomb-values", deck_with('space: "our space"', "space: *h").replace("deck:", BOMB + "deck:"), "aliases"),
    ("alias-loop", deck_with("cards:\n", "x: &x [*x]\ncards:\n"), "alias"),
    ("title-null", deck_with('title: "Hello"', "title:"), "no title"),
    ("title-null-word", deck_with('title: "Hello"', "title: null"), "no title"),
    ("title-list", deck_with('title: "Hello"', "title: [a, b]"), "title"),
    ("title-nul", deck_with('title: "Hello"', 'title: "Hel\x00lo"'), "decks/d.yaml:12: a control character (U+0000)"),
    ("title-impossible-date", deck_with('title: "Hello"', "title: 2021-13-01"), "decks/d.yaml:12: not valid YAML: the value 2021-13-01"),
    ("title-mapping", deck_with('title: "Hello"', "title: {a: b}"), "title"),
    ("title-bool", deck_with('title: "Hello"', "title: yes"), "title"),
    ("body-list", deck_with('body: "Say goodbye."', "body: [a]"), "body"),
    ("body-twice", deck_with('body: "Say goodbye."', 'body: "Say goodbye."\n    body: "Again."'), "'body' is given twice"),
    ("id-bad", deck_with("id: hello", "id: Hello World"), "id"),
    ("id-list", deck_with("id: hello", "id: [a]"), "id"),
    ("id-duplicate", deck_with("id: bye", "id: hello"), "hello"),
    ("qty-negative", deck_with("body: \"Say goodbye.\"", "body: \"Say goodbye.\"\n    qty: -5"), "qty"),
    ("qty-zero", deck_with("body: \"Say goodbye.\"", "body: \"Say goodbye.\"\n    qty: 0"), "qty"),
    ("qty-billion", deck_with("body: \"Say goodbye.\"", "body: \"Say goodbye.\"\n    qty: 1000000000"), "qty"),
    ("qty-text", deck_with("body: \"Say goodbye.\"", "body: \"Say goodbye.\"\n    qty: three"), "qty"),
    ("qty-400-digits", deck_with("body: \"Say goodbye.\"", "body: \"Say goodbye.\"\n    qty: " + "9" * 400), "qty"),
    ("unknown-card-field", deck_with('title: "Bye"', 'title: "Bye"\n    titel: "x"'), "titel"),
    ("category-unknown", deck_with("category: welcome\n    body: \"Say goodbye.\"", "category: welcom\n    body: \"Say goodbye.\""), "welcom"),
    ("category-colour", deck_with('colour: "#1f6f8b"', 'colour: "blue"'), "colour"),
    ("category-symbol", deck_with("symbol: circle", "symbol: blob"), "symbol"),
    ("category-name-list", deck_with('name: "Welcome"', "name: [a]"), "name"),
    ("category-not-mapping", deck_with('  - id: welcome\n    name: "Welcome"\n    colour: "#1f6f8b"\n    symbol: circle', "  - welcome"), "categor"),
    ("cards-not-list", DECK[: DECK.index("cards:")] + "cards: 3\n", "cards"),
    ("no-cards", DECK[: DECK.index("cards:")] + "cards: []\n", "no cards"),
    ("not-mapping", "- a\n- b\n", "mapping"),
    ("empty", "", "mapping"),
    ("tabs", DECK.replace("  title:", "\ttitle:", 1), "YAML"),
    ("bad-yaml", DECK.replace('"Test Deck"', '"Test Deck'), "YAML"),
    ("complex-key", deck_with("deck:\n", "deck:\n  ? [a, b]\n  : c\n"), "key"),
    ("values-misspelt", deck_with("  values:", "  valeus:"), "valeus"),
    ("values-top-level", DECK.replace("  values:\n    space: \"our space\"\n", "") + "values:\n  space: x\n", "values"),
    ("values-empty", deck_with('space: "our space"', "space:"), "deck.values.space"),
    ("values-list", deck_with('space: "our space"', "space: [a]"), "deck.values.space"),
    ("placeholder-unknown", deck_with("{space}", "{place}"), "place"),
    ("deck-title-list", deck_with('title: "Test Deck"', "title: [a]"), "deck.title"),
    ("deck-card-size", deck_with('title: "Test Deck"', 'title: "T"\n  card: "2000mm x 2000mm"'), "deck.card"),
    ("deck-unknown-field", deck_with('title: "Test Deck"', 'title: "T"\n  colour: red'), "deck.colour"),
    ("theme-colour", deck_with('title: "Test Deck"', 'title: "T"\n  theme: {back: red}'), "deck.theme.back"),
    ("back-by-category", deck_with('title: "Test Deck"', 'title: "T"\n  back: {by_category: maybe}'), "by_category"),
    ("back-image-outside", deck_with('title: "Test Deck"', 'title: "T"\n  back: {image: /etc/hostname}'), "outside"),
    ("back-image-dotdot", deck_with('title: "Test Deck"', 'title: "T"\n  back: {image: ../../x.png}'), "outside"),
    ("back-image-missing", deck_with('title: "Test Deck"', 'title: "T"\n  back: {image: none.png}'), "none.png"),
    ("back-image-list", deck_with('title: "Test Deck"', 'title: "T"\n  back: {image: [a]}'), "image"),
    ("extends-outside", "extends: /etc/hostname\n", "outside"),
    ("extends-dotdot", "extends: ../../base.yaml\n", "outside"),
    ("extends-missing", "extends: nothere.yaml\n", "nothere.yaml"),
    ("extends-self", "extends: d.yaml\n", "circle"),
    ("extends-number", "extends: 3\n", "extends"),
    ("overlay-with-cards", "extends: base.yaml\ncards: []\n", "cards"),
    ("add-without-extends", deck_with("cards:\n", "add: []\ncards:\n"), "add"),
    ("huge-word", deck_with("Say goodbye.", "x" * 1_000_000), "word of"),
]:
    deck_case(name, deck, needle, decks__base_DOT_yaml=DECK)
deck_case("not-utf8", b"deck:\n  title: \"Caf\xe9\"\n", "UTF-8")
deck_case("fifo-extends", "extends: pipe.yaml\n", "not a regular file")
CASES[-1].special = "fifo:decks/pipe.yaml"
CASES[-1].needles = ("decks/pipe.yaml", "not a regular file")
deck_case("symlink-extends-out", "extends: link.yaml\n", "outside")
CASES[-1].special = "symlink:decks/link.yaml->/etc/hostname"

OVERLAY = "extends: base.yaml\n"
for name, over, needle in [
    ("translate-qty", "translate:\n  hello: {qty: 3}\n", "qty"),
    ("translate-unknown-card", "translate:\n  nobody: {title: x}\n", "nobody"),
    ("translate-number-key", "translate:\n  3: {title: x}\n", "3"),
    ("translate-not-mapping", "translate:\n  hello: x\n", "hello"),
    ("translate-title-list", "translate:\n  hello: {title: [a]}\n", "title"),
    ("translate-title-empty", "translate:\n  hello: {title: ''}\n", "title"),
    ("translate-bomb", BOMB + "translate:\n  hello: {title: *h}\n", "aliases"),
    ("translate-list", "translate: [a]\n", "translate"),
    ("remove-unknown", "remove: [nobody]\n", "nobody"),
    ("replace-unknown", "replace:\n  - {id: nobody, title: x, category: welcome, body: y}\n", "nobody"),
    ("add-existing", "add:\n  - {id: hello, title: x, category: welcome, body: y}\n", "move it to replace:"),
    ("add-twice", "add:\n  - {id: new, title: x, category: welcome, body: y}\n  - {id: new, title: z, category: welcome, body: y}\n",
     "add: card 'new' is named twice in add: (first at line 3): name each card once"),
    ("replace-twice", "replace:\n  - {id: hello, title: x, category: welcome, body: y}\n  - {id: hello, title: z, category: welcome, body: y}\n",
     "replace: card 'hello' is named twice"),
    ("remove-twice", "remove: [hello, hello]\n", "remove: card 'hello' is named twice"),
    ("remove-and-replace", "remove: [hello]\nreplace:\n  - {id: hello, title: x, category: welcome, body: y}\n",
     "replace: card 'hello' is already in remove: (line 2): a card is removed, replaced or added, one of the three"),
    ("add-not-list", "add: {id: x}\n", "add"),
    ("source-nested", "deck:\n  source: [[a]]\n", "source"),
]:
    deck_case(name, OVERLAY + over, needle, decks__base_DOT_yaml=DECK)

# -- deck import and export ---------------------------------------------------------------


def import_case(name: str, csv: str | bytes, *needles: str, into: str = "decks/d.yaml") -> None:
    add(
        f"import-{name}",
        ["deck", "import", "cards.csv", "--into", into],
        *needles,
        cards_DOT_csv=csv,
        decks__d_DOT_yaml=DECK,
    )


HEAD = "id,title,category,body,qty\n"
for name, csv, needle in [
    ("unterminated-quote", HEAD + 'hello,"Hello,welcome,Say hi,1\nbye,Bye,welcome,Bye,1\n', "never closed"),
    ("field-too-long", HEAD + "hello,Hello,welcome," + "x" * 200_000 + ",1\n", "cards.csv:2"),
    ("extra-field", HEAD + "hello,Hello,welcome,Say hi,1,surprise\n", "cards.csv:2"),
    ("qty-negative", HEAD + "hello,Hello,welcome,Say hi,-5\n", "qty"),
    ("qty-zero", HEAD + "hello,Hello,welcome,Say hi,0\n", "qty"),
    ("qty-billion", HEAD + "hello,Hello,welcome,Say hi,1000000000\n", "qty"),
    ("qty-400-digits", HEAD + "hello,Hello,welcome,Say hi," + "9" * 400 + "\n", "qty"),
    ("qty-words", HEAD + "hello,Hello,welcome,Say hi,three\n", "qty"),
    ("missing-column", "id,title,body\nhello,Hello,Say hi\n", "category"),
    ("unknown-column", "id,title,category,body,colour\nhello,Hello,welcome,Say hi,red\n", "colour"),
    ("twice-column", "id,title,category,body,title\nhello,Hello,welcome,Say hi,x\n", "title"),
    ("no-rows", HEAD, "no cards"),
    ("empty", "", "no cards"),
    ("row-without-title", HEAD + "hello,,welcome,Say hi,1\n", "cards.csv:2"),
    ("bad-id", HEAD + "Hello There,Hello,welcome,Say hi,1\n", "cards.csv:2"),
    ("unknown-category", HEAD + "hello,Hello,nowhere,Say hi,1\n", "nowhere"),
    ("duplicate-id", HEAD + "hello,Hello,welcome,Say hi,1\nhello,Hi,welcome,Again,1\n", "cards.csv:3"),
    ("too-many-rows", HEAD + "".join(f"c{i},T,welcome,B,1\n" for i in range(5001)), "5000"),
    ("huge-word", HEAD + "hello,Hello,welcome," + "x" * 60_000 + ",1\n", "word of"),
]:
    import_case(name, csv, "cards.csv", needle)
import_case("not-utf8", b"id,title,category,body\nhello,Caf\xe9,welcome,x\n", "cards.csv", "UTF-8")
import_case("into-itself", CSV_GOOD, "cards.csv", into="cards.csv")
import_case("into-not-yaml", CSV_GOOD, "notes.txt", into="notes.txt")
add("import-csv-missing", ["deck", "import", "none.csv", "--into", "decks/d.yaml"], "none.csv", decks__d_DOT_yaml=DECK)
add("import-csv-folder", ["deck", "import", "decks", "--into", "decks/d.yaml"], "decks", decks__d_DOT_yaml=DECK)

add("export-onto-the-deck", ["deck", "export", "decks/d.yaml", "-o", "decks/d.yaml"], "decks/d.yaml", decks__d_DOT_yaml=DECK)
add("export-onto-base", ["deck", "export", "decks/o.yaml", "-o", "decks/d.yaml"], "decks/d.yaml", decks__d_DOT_yaml=DECK, decks__o_DOT_yaml="extends: d.yaml\n")
add("export-into-a-folder", ["deck", "export", "decks/d.yaml", "-o", "decks"], "decks", decks__d_DOT_yaml=DECK)
add("export-under-a-file", ["deck", "export", "decks/d.yaml", "-o", "decks/d.yaml/x.csv"], "decks/d.yaml", decks__d_DOT_yaml=DECK)
add("export-name-too-long", ["deck", "export", "decks/d.yaml", "-o", "x" * 300 + ".csv"], "too long", decks__d_DOT_yaml=DECK)
add("export-missing", ["deck", "export", "decks/none.yaml"], "decks/none.yaml")
add("export-bomb", ["deck", "export", "decks/d.yaml"], "decks/d.yaml", "aliases", decks__d_DOT_yaml=BOMB + deck_with('title: "Hello"', "title: *h"))

# -- impose -------------------------------------------------------------------------------
PDF = numbered_pdf(8)
for name, args, needles in [
    ("onto-input", ["in.pdf", "-o", "in.pdf"], ("in.pdf",)),
    ("manual-onto-input", ["in.fronts.pdf", "--flip", "manual", "-o", "in.pdf"], ("in.fronts.pdf",)),
    ("back-as-output", ["in.pdf", "--scheme", "cards", "--back", "b.pdf", "-o", "b.pdf"], ("b.pdf",)),
    ("not-a-pdf", ["notes.txt"], ("notes.txt", "not a PDF")),
    ("truncated", ["cut.pdf", "-o", "x.pdf"], ("cut.pdf",)),
    ("empty-file", ["empty.pdf", "-o", "x.pdf"], ("empty.pdf",)),
    ("folder", ["sub", "-o", "x.pdf"], ("sub", "folder")),
    ("missing", ["none.pdf"], ("none.pdf", "no such file")),
    ("fifo", ["pipe.pdf", "-o", "x.pdf"], ("pipe.pdf", "not a regular file")),
    ("output-folder", ["in.pdf", "-o", "sub"], ("sub", "folder")),
    ("output-under-file", ["in.pdf", "-o", "notes.txt/x.pdf"], ("notes.txt",)),
    ("output-name-too-long", ["in.pdf", "-o", "y" * 300 + ".pdf"], ("too long",)),
    ("margin-negative", ["in.pdf", "--margin", "-3mm"], ("--margin",)),
    ("margin-huge", ["in.pdf", "--margin", "500mm"], ("--margin",)),
    ("creep-huge", ["in.pdf", "--creep", "50mm"], ("--creep",)),
    ("creep-negative", ["in.pdf", "--creep", "-1mm"], ("--creep",)),
    ("creep-400-digits", ["in.pdf", "--creep", "9" * 400 + "mm"], ("--creep",)),
    ("sheet-tiny", ["in.pdf", "--sheet", "1mm x 1mm"], ("--sheet",)),
    ("sheet-huge", ["in.pdf", "--sheet", "100000mm x 100000mm"], ("--sheet",)),
    ("sheet-unknown", ["in.pdf", "--sheet", "a9000"], ("--sheet",)),
    ("back-offset-huge", ["in.pdf", "--back-offset", "900mm,0mm"], ("--back-offset",)),
    ("back-offset-words", ["in.pdf", "--back-offset", "left"], ("--back-offset",)),
    ("grid-bad", ["in.pdf", "--scheme", "nup", "--grid", "0x0"], ("--grid",)),
    ("marks-bad", ["in.pdf", "--marks", "glitter"], ("--marks",)),
    ("scheme-bad", ["in.pdf", "--scheme", "origami"], ("--scheme",)),
    ("signature-negative", ["in.pdf", "--signature", "-1"], ("--signature",)),
    ("back-missing", ["in.pdf", "--scheme", "cards", "--back", "none.pdf"], ("none.pdf",)),
]:
    add(
        f"impose-{name}",
        ["impose", *args, "--sheet", "a4"] if "--sheet" not in args else ["impose", *args],
        *needles,
        in_DOT_pdf=PDF,
        in_DOT_fronts_DOT_pdf=PDF,
        b_DOT_pdf=PDF,
        notes_DOT_txt="not a pdf",
        cut_DOT_pdf=PDF[: len(PDF) // 3],
        empty_DOT_pdf=b"",
        sub__keep_DOT_txt="x",
    )
    if name == "fifo":
        CASES[-1].special = "fifo:pipe.pdf"

def _with_mediabox(box: object) -> bytes:
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(numbered_pdf(4))))
    for page in w.pages:
        page[NameObject("/MediaBox")] = box
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


def _mediabox_cases() -> None:
    from pypdf.generic import ArrayObject, NumberObject, TextStringObject

    for name, box in [
        ("zero", ArrayObject([NumberObject(0)] * 4)),
        ("string", TextStringObject("abc")),
        ("two-numbers", ArrayObject([NumberObject(0), NumberObject(0)])),
    ]:
        add(f"impose-mediabox-{name}", ["impose", "m.pdf", "--sheet", "a4"], "m.pdf", m_DOT_pdf=_with_mediabox(box))


_mediabox_cases()


def _raw_pdf(page: str = "/MediaBox [0 0 420 595]", *more: str) -> bytes:
    """A one-page PDF written by hand, ``page`` in its page dictionary and
    ``more`` as objects 4, 5, ...: the damage a generator or an attacker makes."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               f"<< /Type /Page /Parent 2 0 R {page} >>", *more]
    out, offsets = b"%PDF-1.7\n", []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode() + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    return out + f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()


def _stream(data: str, extra: str = "") -> str:
    return f"<< /Length {len(data)} {extra}>>\nstream\n{data}\nendstream"


# Each page of each PDF given is checked when it is opened (the --back PDF's
# too, not only the first page of the input): its boxes four numbers, a size,
# inside one another, a quarter turn; damage pypdf meets later is one line too.
HOSTILE_PDFS = {
    "zero-width": (_raw_pdf("/MediaBox [0 0 0 595]"), "page 1 has no size"),
    "names-for-numbers": (_raw_pdf("/MediaBox [/a /b /c /d]"), "/MediaBox is not four numbers"),
    "box-is-itself": (_raw_pdf("/MediaBox 4 0 R", "4 0 R"), "not a readable PDF"),
    "rotate-45": (_raw_pdf("/MediaBox [0 0 420 595] /Rotate 45"), "not a quarter turn"),
    "rotate-name": (_raw_pdf("/MediaBox [0 0 420 595] /Rotate /x"), "not a quarter turn"),
    "crop-outside": (_raw_pdf("/MediaBox [0 0 420 595] /CropBox [5000 5000 6000 6000]"), "/CropBox lies outside its /MediaBox"),
    "larger-than-pdf-allows": (_raw_pdf("/MediaBox [0 0 100000 100000]"), "larger than a PDF page may be"),
    "deep-page-tree": (
        _raw_pdf("/MediaBox [0 0 420 595]").replace(b"/Kids [3 0 R]", b"/Kids [2 0 R]"),
        "not a readable PDF",
    ),
}
for name, (data, needle) in HOSTILE_PDFS.items():
    add(f"impose-pdf-{name}", ["impose", "x.pdf", "--sheet", "a4", "-o", "out/x.pdf"], "x.pdf", needle, x_DOT_pdf=data)
    add(f"impose-back-pdf-{name}", ["impose", "in.pdf", "--scheme", "cards", "--back", "x.pdf", "--sheet", "a4", "-o", "out/c.pdf"],
        "x.pdf", needle, in_DOT_pdf=PDF, x_DOT_pdf=data)
    add(f"check-pdf-{name}", ["check", "x.pdf"], "x.pdf", needle, x_DOT_pdf=data)
add("impose-back-count-wrong", ["impose", "in.pdf", "--scheme", "cards", "--back", "b.pdf", "--sheet", "a4", "-o", "out/c.pdf"],
    "b.pdf: --back has 3 pages for 8 cards", in_DOT_pdf=PDF, b_DOT_pdf=numbered_pdf(3))
_NEST = "[" * 5000 + "]" * 5000
for name, data in {
    "content-nested-too-deep": _raw_pdf("/MediaBox [0 0 420 595] /Contents 4 0 R", _stream(_NEST)),
    "content-decompression-bomb": _raw_pdf(
        "/MediaBox [0 0 420 595] /Contents 4 0 R", _stream(__import__("zlib").compress(b" " * 80_000_000, 9).decode("latin-1"), "/Filter /FlateDecode ")
    ),
}.items():
    add(f"impose-grey-{name}", ["impose", "x.pdf", "--sheet", "a4", "--grayscale", "-o", "out/x.pdf"], "x.pdf", "not a readable PDF", x_DOT_pdf=data)

# -- build options, printer files, fonts, init, calibrate, check ----------------------------
for name, args, needles in [
    ("out-is-a-file", ["build", "layouts/z.toml", "--out", "notes.txt"], ("notes.txt",)),
    ("back-offset", ["build", "layouts/z.toml", "--back-offset", "1e400mm,0"], ("--back-offset",)),
    ("printer-folder", ["build", "layouts/z.toml", "--printer", "printers"], ("printers", "folder")),
    ("printer-missing", ["build", "layouts/z.toml", "--printer", "none.toml"], ("none.toml",)),
    ("layout-folder", ["build", "layouts"], ("layouts", "folder")),
    ("layout-missing", ["build", "layouts/none.toml"], ("layouts/none.toml",)),
    ("two-layouts-same-stem", ["build", "layouts/z.toml", "other/z.toml"], ("two layouts are named z",)),
]:
    add(
        f"build-{name}",
        args,
        *needles,
        layouts__z_DOT_toml=LAYOUT,
        other__z_DOT_toml='[[content]]\nkind = "cover"\n',
        notes_DOT_txt="x",
        printers__keep_DOT_txt="x",
    )
for name, text, needle in [
    ("syntax", 'flip = "long-edge', "not valid TOML"),
    ("unknown-field", 'flip = "long-edge"\nflop = 1\n', "flop"),
    ("flip", 'flip = "sideways"\n', "flip"),
    ("margin", 'margin = "-5mm"\n', "margin"),
    ("offset", 'back_offset = "300mm,0mm"\n', "back_offset"),
    ("binary", "\x00\x00", "printers/p.toml"),
]:
    add(
        f"printer-{name}",
        ["build", "layouts/z.toml", "--printer", "printers/p.toml"],
        "printers/p.toml",
        needle,
        layouts__z_DOT_toml=LAYOUT,
        printers__p_DOT_toml=text,
    )
add("printer-not-utf8", ["build", "layouts/z.toml", "--printer", "printers/p.toml"], "printers/p.toml", "UTF-8", layouts__z_DOT_toml=LAYOUT, printers__p_DOT_toml=b"name = \"Caf\xe9\"\n")

for name, text, needle in [
    ("syntax", "[[family]\nname = 'x'\n", "fonts/fonts.toml"),
    ("no-name", "[[family]]\nregular = 'a.ttf'\n", "name"),
    ("bad-family", "family = 3\n", "family"),
    ("outside", "[[family]]\nname = 'X'\nregular = '/etc/hostname'\n", "outside"),
    ("missing-file", "[[family]]\nname = 'X'\nregular = 'none.ttf'\n", "none.ttf"),
    ("not-a-font", "[[family]]\nname = 'X'\nregular = 'fonts.toml'\n", "font"),
]:
    build_layout(f"fonts-{name}", LAYOUT.replace("[zine]", "[fonts]\nbody = \"X\"\n\n[zine]"), needle, fonts__fonts_DOT_toml=text)
    CASES[-1].needles = ("fonts", needle)
# The project's fonts.toml, a link to a file elsewhere: not read, as no file a project names is.
build_layout("fonts-catalogue-linked-out", LAYOUT, "fonts/fonts.toml", "outside the project folder", fonts__keep_DOT_txt="x")
CASES[-1].special = "symlink:fonts/fonts.toml->/etc/hostname"
CASES[-1].needles = ("fonts/fonts.toml: it leads to /etc/hostname, outside the project folder",)

for name, args, needle in [
    ("newline", ["init", "Our\nSpace"], "control character"),
    ("tab", ["init", "Our\tSpace"], "control character"),
    ("snowman", ["init", "Snow \u2603 Space"], "U+2603"),
    ("too-long", ["init", "x" * 300], "characters"),
    ("empty", ["init", "  "], "empty"),
    ("exists", ["init", "Our Space", "--dir", "texts"], "texts"),
    ("dir-under-file", ["init", "Our Space", "--dir", "notes.txt/space"], "notes.txt"),
    ("paper", ["init", "Our Space", "--paper", "a9000"], "--paper"),
    ("contact-newline", ["init", "Our Space", "--contact", "a\nb"], "--contact"),
    ("name-is-a-path", ["init", "./our-space"], "--dir ./our-space"),
    ("name-is-a-home-path", ["init", "~/zines/ours"], "--dir ~/zines/ours"),
]:
    add(f"init-{name}", args, needle, notes_DOT_txt="x")

for name, args, needle in [
    ("tiny", ["calibrate", "--sheet", "1mm x 1mm"], "--sheet"),
    ("huge", ["calibrate", "--sheet", "100000mm x 100000mm"], "--sheet"),
    ("onto-input", ["calibrate", "--printer", "printers/p.toml", "-o", "printers/p.toml"], "printers/p.toml"),
    ("output-folder", ["calibrate", "-o", "printers"], "printers"),
]:
    add(f"calibrate-{name}", args, needle, printers__p_DOT_toml='flip = "long-edge"\n')

add("preview-bad-layout", ["preview", "layouts/z.toml"], "layouts/z.toml", "fonts.size", layouts__z_DOT_toml=layout_with("fonts", 'size = "0pt"'))
add("preview-paper", ["preview", "layouts/z.toml", "--paper", "letter"], "--paper", layouts__z_DOT_toml=LAYOUT)

# -- the command line itself: click's usage errors, one line each (exit 2) ------------------
for name, args, needles in [
    ("unknown-option", ["build", "--colour"], ("'--colour'", "Did you mean", "'zinemaker build --help'")),
    ("option-without-value", ["impose", "in.pdf", "--sheet"], ("'--sheet' requires an argument", "zinemaker impose --help")),
    ("bad-choice", ["impose", "in.pdf", "--flip", "sideways"], ("'--flip'", "'short-edge', 'long-edge'")),
    ("not-a-number", ["impose", "in.pdf", "--signature", "two"], ("'--signature'", "'two' is not a valid integer")),
    ("out-of-range", ["build", "--copies", "1000000000"], ("'--copies'", "1<=x<=1000000")),
    ("zero-copies", ["build", "--copies", "0"], ("'--copies'",)),
    ("threshold", ["build", "--threshold", "0"], ("'--threshold'",)),
    ("missing-argument", ["impose"], ("'INPUT.pdf'", "usage: zinemaker impose [OPTIONS] INPUT.pdf")),
    ("missing-option", ["deck", "import", "cards.csv"], ("'--into'", "zinemaker deck import --help")),
    ("extra-argument", ["impose", "in.pdf", "in.pdf"], ("unexpected extra argument", "usage: zinemaker impose")),
    ("misspelt-command", ["bulid"], ("'bulid'", "Did you mean 'build'")),
    ("unknown-command", ["frob"], ("'frob'", "commands: build, calibrate, check, deck, impose, init, preview")),
    ("unknown-deck-command", ["deck", "merge"], ("'merge'", "commands: export, import")),
    ("calibrate-manual", ["calibrate", "--flip", "manual"], ("'--flip'", "'manual' is not one of")),
]:
    add(f"usage-{name}", args, *needles, code=2)


# -- the runner ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("template")
    (base / "layouts").mkdir()
    (base / "decks").mkdir()
    (base / "texts").mkdir()
    (base / "texts" / "essay.md").write_text(_text(), encoding="utf-8")
    (base / "decks" / "d.yaml").write_text(DECK, encoding="utf-8")
    (base / "out").mkdir()
    (base / "out" / "z.a4.reader.pdf").write_bytes(OLD)
    (base / "out" / "z.a4.print.pdf").write_bytes(OLD)
    (base / "out" / "c.a4.print.pdf").write_bytes(OLD)
    return base


def make_project(template: Path, tmp_path: Path, case: Case) -> Path:
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    for rel, data in case.files.items():
        p = project / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
    if case.special.startswith("fifo:"):
        os.mkfifo(project / case.special[5:])
    elif case.special.startswith("symlink:"):
        link, target = case.special[8:].split("->")
        (project / link).symlink_to(target)
    return project


def test_the_corpus_is_large():
    assert len(CASES) >= 200
    assert len({c.name for c in CASES}) == len(CASES), "case names are unique"


def test_the_good_project_builds(template, tmp_path, monkeypatch):
    # The corpus's mistakes are each one change away from this.
    project = make_project(template, tmp_path, Case("good", [], (), {"layouts/z.toml": LAYOUT}))
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check", "layouts/z.toml"])
    assert result.exit_code == 0, result.output
    (project / "layouts" / "c.toml").write_text(CARDS, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "layouts/c.toml"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_and_changes_nothing(case, template, tmp_path, monkeypatch):
    project = make_project(template, tmp_path, case)
    before = snapshot(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, case.args, catch_exceptions=True)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}"
    )
    assert result.exit_code == case.code, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    errors = [ln for ln in lines if ln.startswith("zinemaker: error:")]
    assert len(errors) == 1, result.stderr
    assert "Traceback" not in result.output
    assert "\n" not in errors[0]
    for needle in case.needles:
        assert needle in errors[0], errors[0]
    assert snapshot(project) == before, "every input and earlier output is as it was, and nothing new is left"


def test_check_reports_every_problem_of_every_card_and_the_printer_file(template, tmp_path, monkeypatch):
    deck = (
        deck_with('title: "Hello"', "title: [a]")
        .replace('body: "Say hello at {space}."', 'body: "Say hello."\n    qty: 0', 1)
        .replace('title: "Bye"', "title:")
        .replace('body: "Say goodbye."', "body: {a: b}")
    )
    layout = CARDS.replace("[output]\n", '[output]\nprinter = "printers/p.toml"\n')
    case = Case("check", [], (), {"layouts/c.toml": layout, "decks/d.yaml": deck, "printers/p.toml": 'flip = "x"\nmargin = "-1mm"\n'})
    project = make_project(template, tmp_path, case)
    before = snapshot(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check", "layouts/c.toml"])
    assert result.exit_code == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("zinemaker: problem:")]
    text = "\n".join(lines)
    for needle in ("'hello': title", "'hello': qty", "'bye' has no title", "'bye': body", "printers/p.toml: flip", "printers/p.toml: margin"):
        assert needle in text, text
    assert "Traceback" not in result.output
    assert snapshot(project) == before


def test_an_aes_pdf_with_only_an_owner_password_imposes(tmp_path, monkeypatch):
    import io

    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(numbered_pdf(8))))
    w.encrypt(user_password="", owner_password="owner", algorithm="AES-256")  # as qpdf --encrypt "" o 256
    buf = io.BytesIO()
    w.write(buf)
    (tmp_path / "aes.pdf").write_bytes(buf.getvalue())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["impose", "aes.pdf", "-o", "out.pdf", "--sheet", "a4"])
    assert result.exit_code == 0, result.output
    assert len(PdfReader(tmp_path / "out.pdf").pages) == 4  # 8 pages, two sheets, both sides


def test_csv_export_escapes_formulas_and_import_takes_them_back(tmp_path):
    from zinemaker.content.deck import Card, cards_from_csv, cards_to_csv

    cards = [
        Card("a", "=HYPERLINK(\"http://x\")", "w", "- a list\n- of steps"),
        Card("b", "@sum", "w", "+1 idea", quote="'=quoted already"),
    ]
    text = cards_to_csv(cards)
    assert "'=HYPERLINK" in text and "'- a list" in text and "'@sum" in text and "'+1 idea" in text
    assert ",=" not in text and ",@" not in text and ",+" not in text
    (tmp_path / "c.csv").write_text(text, encoding="utf-8")
    back = cards_from_csv(tmp_path / "c.csv")
    assert [(c.title, c.body, c.quote) for c in back] == [(c.title, c.body, c.quote) for c in cards]


def test_semicolons_capital_headers_and_blank_rows_from_a_european_spreadsheet(tmp_path):
    from zinemaker.content.deck import cards_from_csv

    (tmp_path / "c.csv").write_text(
        "\ufeffID;Title;Category;Body;QTY\r\nhello;Hello, friend;welcome;Say hi;2\r\n;;;;\r\n\r\n", encoding="utf-8"
    )
    (card,) = cards_from_csv(tmp_path / "c.csv")
    assert (card.id, card.title, card.qty) == ("hello", "Hello, friend", 2)


def test_grey_keeps_a_transparent_logo_white_not_black():
    import io

    import pypdfium2 as pdfium
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    from zinemaker.grey import to_grayscale

    logo = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # transparent black, as most logos are
    logo.paste((200, 30, 30, 255), (30, 30, 70, 70))
    png = io.BytesIO()
    logo.save(png, "PNG")
    png.seek(0)
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(200, 200))
    c.drawImage(ImageReader(png), 50, 50, 100, 100, mask="auto")
    c.save()
    for options in ({}, {"threshold": 128}, {"dither": True}):
        page = pdfium.PdfDocument(to_grayscale(buf.getvalue(), **options))[0]
        shot = page.render(scale=1).to_pil().convert("L")
        assert shot.getpixel((60, 60)) > 240, f"{options}: the transparent corner is paper, not a black box"
        assert shot.getpixel((100, 100)) < 128, f"{options}: the logo itself is still there"


def test_a_16_bit_grey_png_keeps_its_greys(tmp_path):
    from PIL import Image

    from zinemaker.typeset.images import prepare

    img = Image.new("I;16", (400, 400))
    for x in range(400):
        for y in range(0, 400, 50):
            img.putpixel((x, y), x * 160)  # a ramp from black to near white in 16 bits
    img.save(tmp_path / "g16.png")
    got = prepare(tmp_path / "g16.png", 100, 100, "t.md:1")
    embedded = Image.open(__import__("io").BytesIO(got.data))
    assert embedded.mode == "L"
    lo, hi = embedded.getextrema()
    assert lo < 20 and 150 < hi < 255, "greys from black to light, not a white box"


def test_check_follows_a_form_that_draws_itself_once(tmp_path, monkeypatch):
    # A form XObject whose resources name the form itself: a viewer draws it once, so does check.
    form = _stream("/X Do", "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X 5 0 R >> >> ")
    data = _raw_pdf("/MediaBox [0 0 420 595] /Contents 4 0 R /Resources << /XObject << /X 5 0 R >> >>", _stream("/X Do"), form)
    (tmp_path / "x.pdf").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "x.pdf"])
    assert result.exit_code == 0, result.output
    assert "1 file(s) checked: no problems." in result.output


def _device(path: Path) -> None:
    os.mkfifo(path)  # a pipe stands for any device: /dev/null, /dev/stdout


@pytest.mark.parametrize(
    "args, target",
    [
        (["impose", "in.pdf", "--sheet", "a4", "-o", "null.pdf"], "null.pdf"),
        (["impose", "in.pdf", "--sheet", "a4", "-o", "link.pdf"], "link.pdf"),
        (["deck", "export", "decks/d.yaml", "-o", "link.pdf"], "link.pdf"),
        (["calibrate", "-o", "null.pdf"], "null.pdf"),
        (["build", "layouts/c.toml", "--out", "linked"], "linked"),
    ],
    ids=["impose-device", "impose-link-to-device", "export-link-to-device", "calibrate-device", "build-out-link-to-device"],
)
def test_an_output_that_is_a_device_is_refused_and_left_as_it_is(template, tmp_path, monkeypatch, args, target):
    # Writing by rename would put a plain file where /dev/null (or /dev/stdout's link) was.
    project = make_project(template, tmp_path, Case("dev", [], (), {"in.pdf": PDF, "layouts/c.toml": CARDS}))
    _device(project / "null.pdf")
    (project / "link.pdf").symlink_to("null.pdf")
    (project / "linked").mkdir()
    (project / "linked" / "c.a4.print.pdf").symlink_to("../null.pdf")
    before = snapshot(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "not a regular file" in result.stderr and target in result.stderr, result.stderr
    assert snapshot(project) == before


def test_an_output_through_a_symlink_writes_the_file_and_keeps_the_link(template, tmp_path, monkeypatch):
    project = make_project(template, tmp_path, Case("link", [], (), {"in.pdf": PDF}))
    (project / "latest.pdf").symlink_to("out/z.a4.print.pdf")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["impose", "in.pdf", "--sheet", "a4", "-o", "latest.pdf"])
    assert result.exit_code == 0, result.output
    assert (project / "latest.pdf").is_symlink()
    assert (project / "out" / "z.a4.print.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    "args, target",
    [
        (["deck", "export", "decks/d.yaml", "-o", "texts/essay.md"], "texts/essay.md"),
        (["deck", "export", "decks/d.yaml", "-o", "layouts/z.toml"], "layouts/z.toml"),
        (["calibrate", "-o", "layouts/z.toml"], "layouts/z.toml"),
        (["impose", "in.pdf", "--sheet", "a4", "-o", "decks/d.yaml"], "decks/d.yaml"),
    ],
    ids=["csv-over-text", "csv-over-layout", "pdf-over-layout", "pdf-over-deck"],
)
def test_an_output_named_over_a_source_file_is_refused(template, tmp_path, monkeypatch, args, target):
    project = make_project(template, tmp_path, Case("src", [], (), {"in.pdf": PDF, "layouts/z.toml": LAYOUT}))
    before = snapshot(project)
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert f"{target}: --output: this is a {Path(target).suffix} file of yours" in result.stderr, result.stderr
    assert snapshot(project) == before


def test_a_warning_is_one_line_in_every_command(template, tmp_path, monkeypatch):
    # Python's own warning shows the file and source line of zinemaker that raised it.
    text = "---\nlanguage: tlh\n---\n## Honest Failures\n\n![a small picture](small.png)\n\nText.\n"
    project = make_project(template, tmp_path, Case("warn", [], (), {"texts/essay.md": text, "layouts/z.toml": LAYOUT}))
    from PIL import Image

    Image.new("RGB", (40, 40), "white").save(project / "texts" / "small.png")
    monkeypatch.chdir(project)
    for args in (["check", "layouts/z.toml"], ["preview", "layouts/z.toml"], ["build", "layouts/z.toml"]):
        result = CliRunner().invoke(main, args)
        warned = [ln for ln in result.stderr.splitlines() if "small.png" in ln and "dpi" in ln]
        assert len(warned) == 1 and warned[0].startswith("warning: texts/essay.md:6: small.png"), result.stderr
        assert ".py:" not in result.stderr, result.stderr
        # No patterns for the language: said, with the field to change, not set silently without hyphens.
        lang = [ln for ln in result.stderr.splitlines() if "hyphenation" in ln]
        assert lang == [
            "warning: texts/essay.md: front matter language: tlh: no hyphenation patterns for this language, so no"
            " word is hyphenated: use a code like en, en-GB, es, de, fr or pt_BR (in the layout, zine.language),"
            " or set fonts.hyphenate = false"
        ], result.stderr


@pytest.mark.parametrize(
    "args, note",
    [
        (["--scheme", "mini8", "--fit", "--sheet", "letter"], "scaled to 47% to fit the sheet: 10 pt type prints at 4.7 pt"),
        (["--scheme", "mini8", "--sheet", "letter"], "make the pages 69.8mm x 107.9mm, the size they are printed at"),
        (["--scheme", "mini16", "--sheet", "a4"], "choose a larger --sheet"),
        (["--sheet", "a4"], None),  # A5 pages at 100%
        (["--sheet", "a5", "--fit"], None),  # 70%: 7 pt, still read
    ],
)
def test_pages_fitted_below_a_readable_size_are_said_in_one_line(tmp_path, monkeypatch, args, note):
    (tmp_path / "in.pdf").write_bytes(PDF)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["impose", "in.pdf", *args, "-o", "out.pdf"])
    assert result.exit_code == 0, result.output
    said = [ln for ln in result.output.splitlines() if "a copier keeps readable" in ln]
    if note is None:
        assert said == []
    else:
        assert len(said) == 1 and said[0].startswith("note: the pages are scaled to") and note in said[0], said


def test_a_page_break_in_a_text_is_a_space():
    """Texts copied out of PDFs carry form feeds: they read as spaces, not as
    a control character to refuse or a glyph the font lacks."""
    from zinemaker.content.text import parse_text

    text = parse_text("# One\n\nSome text.\f\n\nMore text\fhere.\n", Path("texts/t.md"))
    assert [" ".join(r.text for r in b.runs).split() for b in text.blocks[1:]] == [["Some", "text."], ["More", "text", "here."]]


def test_an_output_that_is_the_input_by_a_hard_link_is_refused(tmp_path):
    """Another name for the file being read (a hard link) is still that file."""
    from click.testing import CliRunner

    from zinemaker.cli import main

    (tmp_path / "in.pdf").write_bytes(PDF)
    os.link(tmp_path / "in.pdf", tmp_path / "hard.pdf")
    run = CliRunner().invoke(main, ["impose", str(tmp_path / "in.pdf"), "--sheet", "a4", "-o", str(tmp_path / "hard.pdf")])
    assert run.exit_code == 1 and "hard.pdf" in run.output and "reads" in run.output, run.output
    assert (tmp_path / "hard.pdf").read_bytes() == PDF and os.path.samefile(tmp_path / "in.pdf", tmp_path / "hard.pdf")
