"""The quick ways of reading decks and texts give exactly what the full ways give.

Reading a deck or a text takes shortcuts where a shortcut is sure: YAML's
limits checked from libyaml's own count of events and a walk of a tree, a
deck's text values taken as they are. Each shortcut is checked here against
the full way on the same input, the cases where the shortcut must give up
among them; a shortcut that said something different would fail here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zinemaker import files
from zinemaker.content import deck as deckmod
from zinemaker.errors import ZinemakerError

ROOT = Path(__file__).resolve().parents[1]
DECK = (ROOT / "decks" / "social-spaces.yaml").read_text(encoding="utf-8")

BOMB = "a: &a [lol, lol, lol]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: &d [*c, *c, *c]\ne: [*d, *d, *d]\n"


def _nested(depth: int) -> str:
    return "[" * depth + "x" + "]" * depth


#: Documents for the YAML limits: the real deck, trees of every shape, and
#: every way a document passes a limit (aliases, loops, depth, size).
DOCUMENTS = {
    "deck": DECK,
    "flat": "a: 1\nb: [1, 2, 3]\nc: {d: e}\n",
    "scalar": "just text\n",
    "empty-values": "a:\nb:\n- \n- x\n",
    "deep-63": _nested(63),
    "deep-64": _nested(64),
    "deep-65": _nested(65),
    "deep-200": _nested(200),
    "wide": "[" + ", ".join(str(i) for i in range(300)) + "]\n",
    "scalar-alias": "a: &a hello\nb: *a\nc: [*a, *a]\n",
    "list-alias": "a: &a [1, 2]\nb: *a\n",
    "bomb": BOMB,
    "loop": "a: &a [*a]\n",
    "loop-deep": "a: &a {b: [c, {d: *a}]}\n",
    "many-aliases": "a: &a [1]\nb: [" + ", ".join(["*a"] * 40) + "]\n",
}

#: Limits to check them under: the real ones, and small ones that the
#: documents above pass (each of the three limits in turn).
LIMITS = [
    {},
    {"YAML_NODES": 50},
    {"YAML_NODES": 302},
    {"YAML_DEPTH": 3},
    {"YAML_ALIASES": 5},
]


def _outcome(call) -> tuple[str, str | None] | None:  # noqa: ANN001
    try:
        call()
    except ZinemakerError as exc:
        return exc.message, exc.where
    return None


def _node(text: str) -> yaml.Node:
    loader = yaml.CSafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@pytest.mark.parametrize("limits", LIMITS, ids=lambda d: ",".join(f"{k}={v}" for k, v in d.items()) or "real")
def test_the_tree_walk_refuses_what_the_full_walk_refuses(monkeypatch, limits):
    """Every document, under every set of limits: the same refusal, in the
    same words and at the same line, or none, as the walk of every node."""
    for name, value in limits.items():
        monkeypatch.setattr(files, name, value)
    refused = 0
    for name, text in DOCUMENTS.items():
        node = _node(text)
        quick = _outcome(lambda node=node: files._bound(node, "d.yaml", 0))
        full = _outcome(lambda node=node: files._bound_each(node, "d.yaml", 0))
        assert quick == full, name
        refused += full is not None
    assert refused >= 3, "the documents pass each limit: the check compares refusals, not only passes"


def test_the_tree_walk_is_taken_for_a_deck_and_left_for_aliases():
    assert files._plain_tree(_node(DECK))
    for name in ("scalar-alias", "list-alias", "bomb", "loop", "loop-deep", "many-aliases", "deep-65"):
        assert not files._plain_tree(_node(DOCUMENTS[name])), name


def _counted(text: str, quick: bool, monkeypatch) -> tuple[str, str | None] | None:  # noqa: ANN001
    with monkeypatch.context() as m:
        if not quick:
            m.setattr(files, "_events_within", lambda text, budget: False)
        return _outcome(lambda: files._count(text, "d.yaml", 0))


@pytest.mark.parametrize("budget", [40, 60, 100, 103, 104, 200])
def test_libyamls_count_lets_through_only_what_the_count_of_values_does(monkeypatch, budget):
    """A document of about a hundred values, counted against budgets around
    it: the quick count (libyaml's events) passes a document only where the
    count of values does, and refuses nothing itself."""
    monkeypatch.setattr(files, "YAML_NODES", budget)
    docs = [
        "cards:\n" + "".join(f"- {{id: c{i}, title: T{i}}}\n" for i in range(20)),  # 103 values, 129 events
        "- " + "\n- ".join(f"item {i}" for i in range(102)) + "\n",  # 103 values, 108 events
        "a: [" + ", ".join("x" for _ in range(150)) + "]\n",
        "a: [" + ", ".join("x" for _ in range(150)),  # never closed: the full parse says so
    ]
    results = []
    for text in docs:
        text = text + "#" * budget  # long enough to be counted at all
        quick, full = _counted(text, True, monkeypatch), _counted(text, False, monkeypatch)
        assert quick == full
        results.append(full)
    if budget <= 100:
        assert results[0] is not None and "more than" in results[0][0]


def test_libyamls_count_says_yes_only_within_the_budget():
    text = "- " + "\n- ".join(f"item {i}" for i in range(99)) + "\n"  # 100 values; 105 events with the ends
    assert files._events_within(text, 105)
    assert not files._events_within(text, 104)
    assert not files._events_within("a: [b", 1000)  # a syntax error: not for it to say


@pytest.mark.parametrize(
    "text",
    [
        DECK,
        "a: [1, 2.5, yes, null, 2020-02-02, '2020-02-02', ~, text]\nb: {c: !!str 12, d: !!int '7'}\n",
        "a: &x {b: [1, 2]}\nc: *x\nd: [*x, *x]\ne: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\nb: !!omap [{x: 1}]\n",
    ],
    ids=["deck", "scalars", "aliases", "tags"],
)
def test_a_deck_file_reads_as_the_full_constructor_reads_it(monkeypatch, text):
    """Text values are taken as they are; every value, its type and each
    line number is what constructing every node gives."""
    quick = files.load_yaml(text, "d.yaml", deckmod._Loader)
    monkeypatch.setattr(deckmod, "_value", lambda loader, node: loader.construct_object(node, deep=True))
    full = files.load_yaml(text, "d.yaml", deckmod._Loader)

    def shape(value):  # noqa: ANN001, ANN202
        if isinstance(value, dict):
            lines = (value.line, value.lines) if isinstance(value, deckmod._Map) else None
            return (type(value), lines, {k: shape(v) for k, v in value.items()})
        if isinstance(value, list):
            lines = (value.line, value.lines) if isinstance(value, deckmod._Seq) else None
            return (type(value), lines, [shape(v) for v in value])
        return (type(value), value)

    assert shape(quick) == shape(full)


#: Plain values of every kind an implicit resolver may claim, or nearly
#: claims: every first character PyYAML registers one for, and others.
RESOLVED = [
    "", "~", "null", "Null", "NULL", "nul", "yes", "Yes", "no", "NO", "on", "Off", "true", "False", "y", "n",
    "1", "-1", "+7", "0x1F", "0o17", "017", "0b101", "1_000", "190:20:30", "3.5", "-.5", ".inf", "-.Inf", ".nan",
    "1e3", "6.8523015e+5", "2020-02-02", "2001-12-14t21:59:43.10-05:00", "2020-02-30", "=", "<<", "<a", "45 min",
    "title", "time", "Team", "text", "Name tags", "fold", "on the floor", "no one", "- x", ".hidden", "_", "été",
    "¿qué?", "{space}",
]


@pytest.mark.parametrize("style", ["plain", "quoted", "keys", "flow"])
def test_a_deck_files_tags_are_pyyamls_own(style):
    """The loader's quicker resolving gives every node the tag PyYAML's
    own resolver gives it, plain, quoted, as keys, in flow style, and in the
    real deck, line by line."""
    if style == "plain":
        text = "".join(f"- {v}\n" if v else "- \n" for v in RESOLVED)
    elif style == "quoted":
        text = "".join(f"- '{v}'\n- \"{v}\"\n" for v in RESOLVED)
    elif style == "keys":
        text = "".join(f"{v}: {v}\n" if v != "<<" else "<<: {a: 1}\n" for v in RESOLVED if v and v[0] not in "-{")
    else:
        text = "[" + ", ".join(v for v in RESOLVED if v and v[0] not in "-{") + "]\n"

    class Plain(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    def tags(cls: type, source: str) -> list:
        loader = cls(source)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
        out, stack = [], [root]
        while stack:
            node = stack.pop()
            out.append((type(node).__name__, node.tag, node.start_mark.line, node.start_mark.column))
            if isinstance(node, yaml.MappingNode):
                stack += [n for pair in node.value for n in pair]
            elif isinstance(node, yaml.SequenceNode):
                stack += node.value
        return out

    for source in (text, DECK):
        assert tags(deckmod._Loader, source) == tags(Plain, source)


# -- card bodies and one-line texts, read without markdown-it -------------------------

from zinemaker.content import text as textmod  # noqa: E402

#: Words to build texts of: plain ones; ones plain inside a line but not at
#: its start or end; and every kind of character or sequence that Markdown
#: or the typographer reads as more than text.
PLAIN = ["Sit", "in", "a", "circle", "and", "pass", "it.", "Ask:", "“What", "helps?”", "name-and-group", "café",
         "(Round", "[1]", "[note]", "x", "9", "10", "a&b", "x>y", "{space}", "@us", "100%", "’s", "…", "—",
         "e.g.", "ok?", "so!", "a/b", "$5", "!", "[!]", "don't", "it's", "rock'n'roll"]
EDGES = ["#tag", "1)", "+", "=", "|", "~", "^", "-", "3.5", "2.", "1)", "\u00a0", "\u2003", "–", "#", ">", "[a]:"]
MARKUP = ["'tis", "folks'", "'hi'", "é'a", "1'2", "a'-b", '"hi"', "**bold**", "*it*", "_it_", "`code`",
          "[link](http://x)", "![img](a.png)", "<b>", "<http://x>", "![a]", "a\\*b", "--", "a--b", "---", "...",
          "(c)", "(TM)", "+-", "????", "!!!!", ",,", "&amp;", "a  ", "\t", "a\rb"]
#: How lines begin: list markers of every kind, and block starts.
MARKERS = ["", "", "", "", "1. ", "2. ", "1. ", "0. ", "10. ", "007. ", "1) ", "3) ", "- ", "+ ", "- "]
BLOCKS = ["* ", "1.  ", "-  ", "1.", "-", "# ", "## ", "> ", "---", "***", "===", "--", " ", "   ", "    ", "\t",
          "1234567890. ", "[a]: x", "| ", "~~~", "```"]


#: Lines indented under a list item, and underscores: what a how-to card's
#: slip of the space bar, and a credits card's blank to write a name on, are.
INDENTED = [" 2. ", "  5. ", "   6. ", "  10. ", " 4) ", " - ", "  - ", "   + ", "    7. "]
UNDERSCORES = ["____", "_", "a_b", "snake_case", "__init__", "_x", "x_", "é_1", "a_.", "(_)", "_\u00a0", "1_0"]


def _texts(seed: int, count: int, markers: list[str] = MARKERS, plain: list[str] = PLAIN) -> list[str]:
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        odd = rng.choice([0.0, 0.0, 0.02, 0.1, 0.3])  # how often a word or a line start is not plain
        lines = []
        for _ in range(rng.randint(1, 7)):
            if rng.random() < 0.15:
                lines.append(rng.choice(["", "", "", "", " "]))
                continue
            words = []
            for _ in range(rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20])):
                pick = rng.random()
                words.append(rng.choice(MARKUP if pick < odd / 2 else EDGES if pick < odd else plain))
            start = rng.choice(BLOCKS if rng.random() < odd else markers)
            lines.append(start + " ".join(words))
        out.append("\n".join(lines) + rng.choice(["", "", "\n", "\n\n"]))
    return out


def test_the_parser_has_the_rules_the_plain_reading_was_made_for():
    """The plain reading knows which rules are on: a rule turned on (tables,
    strikethrough, links found in bare addresses) would need it changed."""
    md = textmod._parser()
    assert md.block.ruler.get_active_rules() == ["blockquote", "hr", "list", "heading", "lheading", "paragraph"]
    assert md.inline.ruler.get_active_rules() == [
        "text", "newline", "escape", "backticks", "emphasis", "link", "image", "autolink"
    ]
    assert md.inline.ruler2.get_active_rules() == ["balance_pairs", "emphasis", "fragments_join"]
    assert md.core.ruler.get_active_rules() == [
        "normalize", "block", "inline", "replacements", "smartquotes", "text_join"
    ]
    assert not md.options["linkify"] and not md.options["breaks"] and md.options["typographer"]
    from markdown_it.rules_core import replacements

    for name in ("RARE_RE", "SCOPED_ABBR_RE"):  # the typographer's tests, copied
        ours, theirs = getattr(textmod, name), getattr(replacements, name)
        assert (ours.pattern, ours.flags) == (theirs.pattern, theirs.flags)


def test_a_deck_of_plain_cards_is_read_without_markdown_it():
    """markdown-it is imported for the first text that needs it, and not
    for a deck whose cards are all plain (its import is a twentieth of a
    1000-card build)."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from zinemaker.content.deck import load_deck\n"
        "from zinemaker.typeset import cards\n"
        "from zinemaker.content.text import parse_text\n"
        "from zinemaker.units import CARD\n"
        "deck = load_deck(Path('decks/social-spaces.yaml'))\n"
        "st = cards._setup(deck, cards.CardSpec(CARD['poker']), None)\n"
        "texts = [cards.card_text(c, st) for c in deck.cards]\n"
        "assert len(texts) > 40 and all(t.body and t.quote for t in texts)\n"
        "assert 'markdown_it' not in sys.modules, 'read without it'\n"
        "parse_text('*emphasis*', 'x')\n"
        "assert 'markdown_it' in sys.modules, 'imported when a text needs it'\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_texts_read_plainly_read_as_markdown_it_reads_them():
    """Thousands of texts, plain and not: each one the plain reading takes
    gives the very blocks markdown-it gives (kinds, runs, lines, numbers),
    and it takes a good share of them, so the comparison means something."""
    taken = 0
    texts = _texts(15, 4000)
    for source in texts:
        quick = textmod._plain_blocks(source, 3)
        if quick is not None:
            assert quick == textmod._markdown_blocks(source, 3), repr(source)
            taken += 1
    assert 0.3 * len(texts) < taken < 0.9 * len(texts)


def _lists(seed: int, count: int) -> list[str]:
    """Texts of list items, some indented under the one before, some after a
    blank line, their words now and then with underscores."""
    import random

    rng = random.Random(seed)
    out = []
    for _ in range(count):
        lines = []
        for n in range(rng.randint(2, 7)):
            if n and rng.random() < 0.15:
                lines.append("")
            start = rng.choice(["1. ", "2. ", "10. ", "- ", "1) "] if not n or rng.random() < 0.3 else INDENTED)
            if rng.random() < 0.5:  # a list of one kind, as people write them
                start = start.replace(")", ".").replace("-", "1.").replace("+", "1.")
            words = [rng.choice(UNDERSCORES if rng.random() < 0.1 else PLAIN) for _ in range(rng.randint(1, 8))]
            lines.append(start + " ".join(words))
        out.append("\n".join(lines) + "\n")
    return out


def test_items_indented_under_an_item_and_underscores_read_as_markdown_it_reads_them():
    """A list item indented by a space or three under another, and
    underscores that cannot make emphasis, are read plainly, the same as
    markdown-it reads them; what they cannot be sure of (an item nested, a
    new list, an underscore by a word's edge) is left to markdown-it."""
    indented = taken = 0
    texts = _lists(17, 3000) + _texts(19, 2000, MARKERS + INDENTED, PLAIN * 4 + UNDERSCORES)
    for source in texts:
        quick = textmod._plain_blocks(source, 3)
        if quick is not None:
            assert quick == textmod._markdown_blocks(source, 3), repr(source)
            taken += 1
            indented += any(line.startswith(" ") for line in source.split("\n"))
    assert 0.1 * len(texts) < taken < 0.9 * len(texts) and indented > 200, (taken, indented)
    how_to = "1. Pick a card.\n2. Anyone may pass.\n  3. Go first yourself.\n4. Agree at the start.\n"
    assert textmod._plain_blocks(how_to, 0) == textmod._markdown_blocks(how_to, 0)
    blank = "The essay is Anti-Copyright.\n\nThis copy belongs to: ____________________\n"
    assert textmod._plain_blocks(blank, 0) == textmod._markdown_blocks(blank, 0)


def test_every_card_of_the_deck_reads_plainly_and_the_same():
    """The default deck's bodies are all plain, read without markdown-it
    and the same as with it; so are its purposes and quotes, as written and
    as a card sets them (its marks made typographic first)."""
    from zinemaker.content.deck import load_deck

    cards = load_deck(ROOT / "decks" / "social-spaces.yaml").cards
    bodies = [c.body for c in cards]
    from zinemaker.typeset.cards import QUOTES
    from zinemaker.typeset.quotes import nested

    lines = [c.purpose for c in cards] + [c.quote for c in cards]
    lines += [nested(c.quote.strip().strip(QUOTES)) for c in cards]  # as a card sets it
    for source in bodies:
        quick = textmod._plain_blocks(source, 0)
        assert quick is not None and quick == textmod._markdown_blocks(source, 0), source
    for source in lines:
        assert textmod.parse_inline(source) == textmod._markdown_inline(source.strip()), source


def test_one_line_texts_read_plainly_read_as_markdown_it_reads_them():
    taken = 0
    texts = [" ".join(t.split("\n")[:1]) for t in _texts(13, 3000)] + ["", "  ", "a", " a "]
    for source in texts:
        stripped = source.strip()
        quick = textmod.parse_inline(source)
        assert quick == textmod._markdown_inline(stripped), repr(source)
        taken += "\n" not in stripped and textmod._plain(stripped)
    assert 0.3 * len(texts) < taken < 0.95 * len(texts)


# -- the glyphs of a deck, checked together first --------------------------------------

#: A character none of the bundled faces has a glyph for.
NO_GLYPH = "\u0f00"


def _deck_with(tmp_path: Path, **texts: str):  # noqa: ANN202
    """The small test deck with texts put in places: card fields as
    ``CARDID_FIELD`` (``bye_body``), and ``back_title``, ``how_to``, ``category_name``."""
    from helpers import SMALL_DECK

    data = yaml.safe_load(SMALL_DECK)
    for key, value in texts.items():
        where, _, name = key.partition("_")
        if where == "back":
            data["deck"].setdefault("back", {})[name] = value
        elif where == "how":
            data["deck"]["how_to"] = value
        elif where == "category":
            data["categories"][0][name] = value
        else:
            next(c for c in data["cards"] if c["id"] == where)[name] = value
    path = tmp_path / "d.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return deckmod.load_deck(path)


@pytest.mark.parametrize(
    "texts",
    [
        {},
        {"bye_body": f"Say {NO_GLYPH} goodbye."},
        {"bye_quote": f"a {NO_GLYPH}", "hello_title": f"Hi {NO_GLYPH}"},
        {"bye_purpose": NO_GLYPH, "bye_time": NO_GLYPH},
        {"hello_materials": f"chalk{NO_GLYPH}"},
        {"category_name": f"Welcome {NO_GLYPH}"},
        {"back_title": f"Our {NO_GLYPH}"},
        {"how_to": f"1. Read {NO_GLYPH}."},
    ],
    ids=lambda d: ",".join(d) or "none",
)
def test_the_glyphs_checked_together_fail_where_each_check_in_turn_fails(tmp_path, texts):
    """A deck's texts are checked together first; a deck that lacks a glyph
    gets the error the checks one by one give: the first card or field in
    the deck's order, in the same words."""
    from zinemaker.typeset import cards, fonts

    deck = _deck_with(tmp_path, **texts)
    body, head = fonts.family("Charis SIL"), fonts.family("Open Sans")

    def each() -> None:
        for text, face, family, where in cards._glyph_checks(deck, body, head):
            fonts.require_glyphs(text, face, family, where)

    together = _outcome(lambda: cards._check_glyphs(deck, body, head))
    assert together == _outcome(each)
    assert (together is None) == (not texts)
    if "hello_title" in texts:
        assert together is not None and together[1] == deck.cards[0].where, "the first card, not the second"


def _nested_by_character(text: str, depth: int = 1) -> str:
    """quotes.nested as it was first written, one character at a time: what
    the pass over the marks alone must give."""
    from zinemaker.typeset.quotes import _OPENS_AFTER, CLOSE, OPEN

    out: list[str] = []
    stack: list[str] = []
    for i, ch in enumerate(text):
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if ch in "\"\u201c\u201d":
            kind = '"'
        elif ch in "'\u2018\u2019":
            if ch != "\u2018" and before.isalnum() and (after.isalnum() or "'" not in stack):
                out.append("\u2019")
                continue
            kind = "'"
        else:
            out.append(ch)
            continue
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
    return "".join(out)


def test_quotes_are_set_as_the_pass_over_every_character_sets_them():
    """Quotes (the deck's, and texts with marks of every kind, at every
    depth): the pass over the marks alone gives what the pass over every
    character gives."""
    import random

    from zinemaker.typeset import quotes

    rng = random.Random(5)
    cards = deckmod.load_deck(ROOT / "decks" / "social-spaces.yaml").cards
    texts = [c.quote for c in cards] + [" ".join(t.split()) for t in _texts(7, 300)]
    texts += ["", "it's", "“a ‘b’ c”", "the folks' house", "plain words", "'", '"', "a'", "'a", "’’“"]
    texts += ["".join(rng.choice("ab '\"“”‘’(—") for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    changed = 0
    for text in texts:
        for depth in (0, 1, 2):
            assert quotes.nested(text, depth) == _nested_by_character(text, depth), (text, depth)
        changed += quotes.nested(text) != text
    assert changed >= 100, "most texts have marks to set"


@pytest.mark.parametrize("scan_after", [0, 10**12], ids=["scanned by the pattern", "looked up in the set"])
def test_a_face_lacks_the_characters_its_cmap_says_it_lacks(scan_after, monkeypatch):
    """fonts.missing finds a text's lacking characters in one scan (by the
    face's pattern, or in its set of characters while the face's texts are
    few): for texts of every face's own characters, their neighbours, the
    invisible ones and characters no face has, it says what the set of the
    text's characters less the face's says, in the same order."""
    import random

    from zinemaker.typeset import fonts

    monkeypatch.setattr(fonts, "SCAN_AFTER", scan_after)
    rng = random.Random(3)
    for name in ("Charis SIL", "Open Sans"):
        family = fonts.family(name)
        for face in family.faces.values():
            have = sorted(map(ord, fonts._cmap(face)))
            near = [c + d for c in rng.sample(have, 200) for d in (-1, 1) if 0 < c + d < 0x110000]
            pool = [chr(c) for c in rng.sample(have, 300) + near] + list(fonts.INVISIBLE) + [NO_GLYPH, "😀", "\x00"]
            lacked = 0
            for _ in range(400):
                text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
                expected = [ch for ch in dict.fromkeys(text) if ch not in fonts._cmap(face)]
                assert fonts.missing(text, face) == expected, (face, text)
                lacked += bool(expected)
            assert 20 < lacked < 380, "texts that lack glyphs and texts that do not"
