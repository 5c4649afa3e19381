"""Checks on the content of the Social Spaces exercise deck.

``decks/social-spaces.yaml`` holds workshop cards drawn from Cindy Milstein's
essay ``texts/milstein-organizing-social-spaces.md``.  Card bodies are new
writing; each card's ``quote`` must be copied word for word from the essay
section it names.  ``decks/local/our-infoshop.yaml`` is an example local
overlay that adds, replaces and removes cards of the base deck.

These tests use only pytest and PyYAML, so they check the files as written,
independently of the code that will typeset them.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "decks" / "social-spaces.yaml"
OVERLAY = ROOT / "decks" / "local" / "our-infoshop.yaml"
ESSAY = ROOT / "texts" / "milstein-organizing-social-spaces.md"

REQUIRED = ("id", "title", "category", "time", "group", "materials", "purpose", "body", "quote", "section")
LOCAL_REQUIRED = ("id", "title", "category", "time", "group", "materials", "body")
CARD_KEYS = set(REQUIRED) | {"qty", "purpose"}
CATEGORY_KEYS = {"id", "name", "colour", "symbol", "pattern", "about"}
SYMBOLS = {"circle", "square", "triangle", "diamond", "star", "hexagon", "meet", "heart"}
PLACEHOLDERS = {"space", "contact"}

MIN_CARDS = 40
MAX_TITLE = 32
# Room for a card on harm to carry its care step as well.
MAX_BODY = 480
BODY_WORDS = (35, 85)
QUOTE_WORDS = (8, 30)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


# ---------------------------------------------------------------- helpers


def load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def words(text: str) -> list[str]:
    """Normalised words: lowercase, quotes unified, punctuation dropped.

    Apostrophes (straight or curly) are removed inside words ("it's" ->
    "its"); every other non-alphanumeric character, including hyphens,
    dashes and the ellipsis, separates words.  The essay and the quotes go
    through the same function, so the rule only has to be consistent.
    """
    text = text.lower()
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("'", "")
    return re.findall(r"[^\W_]+", text)


def essay_sections() -> dict[str, str]:
    """The essay's text keyed by ``## `` heading (front matter dropped)."""
    text = ESSAY.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[1]
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(lines) for name, lines in sections.items()}


def contains_run(haystack: list[str], needle: list[str]) -> bool:
    """True if ``needle`` occurs as a contiguous run inside ``haystack``."""
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def allowed_char(ch: str) -> bool:
    """Latin-1, or typographic punctuation (U+2010 to U+2027)."""
    return ord(ch) <= 0xFF or 0x2010 <= ord(ch) <= 0x2027


def strings(node, path: str = ""):
    """Every string in a YAML tree, with where it is."""
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from strings(k, f"{path}/<key>")
            yield from strings(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from strings(v, f"{path}[{i}]")


def check_card(card: dict, required: tuple[str, ...], categories: set[str], sections: dict) -> list[str]:
    """Problems with one card (empty if none)."""
    cid = card.get("id", "<no id>")
    problems = []
    unknown = set(card) - CARD_KEYS
    if unknown:
        problems.append(f"{cid}: unknown keys {sorted(unknown)}")
    for key in required:
        value = card.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{cid}: {key} missing or empty")
    if problems:
        return problems
    if not ID_RE.match(cid):
        problems.append(f"{cid}: id is not kebab-case")
    if len(card["title"]) > MAX_TITLE:
        problems.append(f"{cid}: title is {len(card['title'])} chars (max {MAX_TITLE})")
    if card["category"] not in categories:
        problems.append(f"{cid}: unknown category {card['category']!r}")
    body = card["body"].strip()
    if len(body) > MAX_BODY:
        problems.append(f"{cid}: body is {len(body)} chars (max {MAX_BODY})")
    n = len(body.split())
    if not BODY_WORDS[0] <= n <= BODY_WORDS[1]:
        problems.append(f"{cid}: body is {n} words (want {BODY_WORDS[0]}-{BODY_WORDS[1]})")
    if "qty" in card and (not isinstance(card["qty"], int) or isinstance(card["qty"], bool) or card["qty"] < 1):
        problems.append(f"{cid}: qty must be a positive integer")
    if card.get("quote") is not None or card.get("section") is not None:
        problems += check_quote(card, sections)
    return problems


def check_quote(card: dict, sections: dict) -> list[str]:
    cid = card["id"]
    quote, section = card.get("quote"), card.get("section")
    if not quote or not section:
        return [f"{cid}: quote and section go together"]
    if section not in sections:
        return [f"{cid}: no essay section {section!r}"]
    n = len(quote.replace("\u2026", " ").split())
    if not QUOTE_WORDS[0] <= n <= QUOTE_WORDS[1]:
        return [f"{cid}: quote is {n} words (want {QUOTE_WORDS[0]}-{QUOTE_WORDS[1]})"]
    if not contains_run(words(sections[section]), words(quote)):
        elsewhere = [name for name, text in sections.items() if contains_run(words(text), words(quote))]
        hint = f" (found in {elsewhere})" if elsewhere else " (not found in the essay)"
        return [f"{cid}: quote is not a word run of section {section!r}{hint}"]
    return []


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def deck() -> dict:
    return load(DECK)


@pytest.fixture(scope="module")
def overlay() -> dict:
    return load(OVERLAY)


@pytest.fixture(scope="module")
def sections() -> dict[str, str]:
    return essay_sections()


# ------------------------------------------------------------ self-checks


def test_word_normalisation():
    expected = ["its", "slow", "really", "slowness", "co", "mentoring"]
    assert words("It's “slow”—really… 'slowness,' co-mentoring") == expected
    assert contains_run(["a", "b", "c", "d"], ["b", "c"])
    assert not contains_run(["a", "b", "c", "d"], ["b", "d"])
    assert not contains_run(["a"], [])


def test_essay_sections_parse(sections):
    for name in (
        "The Four Rs",
        "Sitting with Comfortable Discomfort",
        "Sharing Our Vulnerabilities",
        "Undoing and Remaking Ourselves",
        "Lovely Letters",
        "Honest Failures",
        "Hands-On Openness",
        "Fiercely Anti-Retreating",
        "The Beginning of the End",
    ):
        assert len(words(sections[name])) > 300, name


def test_quote_check_rejects_bad_quotes(sections):
    good = {
        "id": "x",
        "quote": "The space itself increasingly became social; the social increasingly built the space.",
        "section": "Lovely Letters",
    }
    assert check_quote(good, sections) == []
    # Right words, wrong section.
    assert check_quote({**good, "section": "Honest Failures"}, sections)
    # A word changed.
    assert check_quote({**good, "quote": good["quote"].replace("built", "made")}, sections)
    # Words reordered.
    reordered = "The social increasingly became social; the space increasingly built the space."
    assert check_quote({**good, "quote": reordered}, sections)


# ------------------------------------------------------------------ deck


def test_deck_header(deck):
    d = deck["deck"]
    for key in ("title", "subtitle", "language", "licence", "source", "card", "values", "back"):
        assert d.get(key), f"deck.{key} missing"
    assert d["card"] == "poker"
    assert set(d["values"]) == PLACEHOLDERS
    assert d["back"].get("title") and d["back"].get("line")


def test_categories(deck):
    cats = deck["categories"]
    assert 5 <= len(cats) <= 7
    ids = [c["id"] for c in cats]
    assert len(ids) == len(set(ids)), "duplicate category ids"
    for c in cats:
        assert set(c) == CATEGORY_KEYS, c
        assert re.match(r"^[a-z][a-z-]*$", c["id"]), c["id"]
        assert c["name"].strip()
        assert COLOUR_RE.match(c["colour"]), c["colour"]
        assert c["symbol"] in SYMBOLS, c["symbol"]
    assert len({c["symbol"] for c in cats}) == len(cats), "symbols must differ"
    assert len({c["pattern"] for c in cats}) == len(cats), "band patterns must differ"
    assert len({c["colour"].lower() for c in cats}) == len(cats), "colours must differ"


def test_category_colours_differ_in_lightness(deck):
    def lightness(hex_colour: str) -> float:
        """CIE L* of an sRGB colour."""

        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (lin(int(hex_colour[i : i + 2], 16) / 255) for i in (1, 3, 5))
        y = 0.2126 * r + 0.7152 * g + 0.0722 * b
        return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27

    values = sorted(lightness(c["colour"]) for c in deck["categories"])
    gaps = [b - a for a, b in zip(values, values[1:], strict=False)]
    assert min(gaps) >= 6, f"category colours too close in lightness: {[round(v) for v in values]}"


def test_card_count_and_ids(deck):
    cards = deck["cards"]
    assert len(cards) >= MIN_CARDS, f"only {len(cards)} cards"
    dupes = [i for i, n in Counter(c.get("id") for c in cards).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"


def test_every_category_used(deck):
    used = {c.get("category") for c in deck["cards"]}
    unused = {c["id"] for c in deck["categories"]} - used
    assert not unused, f"unused categories: {unused}"


def test_cards(deck, sections):
    categories = {c["id"] for c in deck["categories"]}
    problems = []
    for card in deck["cards"]:
        problems += check_card(card, REQUIRED, categories, sections)
    assert not problems, "\n".join(problems)


def test_quotes_are_not_all_from_one_place(deck):
    quotes = [c["quote"] for c in deck["cards"]]
    assert len(set(quotes)) == len(quotes), "the same quote is used twice"
    assert len({c["section"] for c in deck["cards"]}) >= 7


def test_placeholders(deck):
    bodies = [c["body"] for c in deck["cards"]]
    assert sum("{space}" in b for b in bodies) >= 4
    assert sum("{contact}" in b for b in bodies) >= 1
    for path, s in strings(deck):
        for name in PLACEHOLDER_RE.findall(s):
            assert name in PLACEHOLDERS, f"{path}: unknown placeholder {{{name}}}"
        stray = PLACEHOLDER_RE.sub("", s)
        assert "{" not in stray and "}" not in stray, f"{path}: stray brace in {s!r}"


@pytest.mark.parametrize("path", [DECK, OVERLAY], ids=["deck", "overlay"])
def test_characters(path):
    text = path.read_text(encoding="utf-8")
    bad = sorted({f"U+{ord(ch):04X} {ch!r}" for ch in text if not allowed_char(ch)})
    assert not bad, f"{path.name}: characters outside Latin-1 and U+2010-U+2027: {bad}"


# --------------------------------------------------------------- overlay


def test_overlay_extends_base(overlay):
    assert (OVERLAY.parent / overlay["extends"]).resolve() == DECK.resolve()
    assert set(overlay) <= {"extends", "deck", "categories", "add", "replace", "remove"}
    assert set(overlay["deck"]["values"]) <= PLACEHOLDERS


def test_overlay_ids(deck, overlay):
    base = {c["id"] for c in deck["cards"]}
    added = [c["id"] for c in overlay.get("add", [])]
    replaced = [c["id"] for c in overlay.get("replace", [])]
    removed = list(overlay.get("remove", []))
    assert added and replaced and removed
    assert not set(added) & base, f"added ids already in the base deck: {set(added) & base}"
    assert set(replaced) <= base, f"replaced ids not in the base deck: {set(replaced) - base}"
    assert set(removed) <= base, f"removed ids not in the base deck: {set(removed) - base}"
    everything = added + replaced + removed
    assert len(everything) == len(set(everything)), "an id is added, replaced or removed twice"


def test_overlay_cards(deck, overlay, sections):
    categories = {c["id"] for c in deck["categories"]} | {c["id"] for c in overlay.get("categories", [])}
    problems = []
    for card in overlay.get("add", []) + overlay.get("replace", []):
        problems += check_card(card, LOCAL_REQUIRED, categories, sections)
    assert not problems, "\n".join(problems)


def test_overlay_placeholders(overlay):
    for path, s in strings(overlay):
        for name in PLACEHOLDER_RE.findall(s):
            assert name in PLACEHOLDERS, f"{path}: unknown placeholder {{{name}}}"


def test_merged_deck_still_complete(deck, overlay):
    cards = {c["id"]: c for c in deck["cards"]}
    for card in overlay.get("replace", []):
        cards[card["id"]] = card
    for cid in overlay.get("remove", []):
        del cards[cid]
    for card in overlay.get("add", []):
        cards[card["id"]] = card
    assert len(cards) >= MIN_CARDS
    used = {c["category"] for c in cards.values()}
    assert {c["id"] for c in deck["categories"]} <= used


#: British spellings a US deck should not have (the ones a UK-trained writer reaches for).
BRITISH = re.compile(
    r"\b(?:\w*(?:colour|favour|honour|neighbour|behaviour)\w*|recognis\w*|organis\w*|apologis\w*|realis\w*"
    r"|centre|programme|practise|rotas?|whilst|travell\w*|labell\w*|cancell\w*)\b",
    re.I,
)


def test_the_spelling_check_can_fail():
    assert [m.group(0) for m in BRITISH.finditer("Labelled, coloured rotas; organise and recognise.")] == [
        "Labelled",
        "coloured",
        "rotas",
        "organise",
        "recognise",
    ]
    assert not BRITISH.search("Labeled, colored schedules; organize and recognize the center.")


@pytest.mark.parametrize("path", [DECK, OVERLAY], ids=["deck", "overlay"])
def test_a_us_deck_uses_us_spelling(path, deck):
    assert deck["deck"]["language"] == "en-US"
    found = []
    for where, text in strings(load(path)):
        if "/<key>" in where or where.endswith("/colour") or where.endswith("/quote"):
            continue  # field names, and the essay's own words, stay as written
        found += [(where, m.group(0)) for m in BRITISH.finditer(text)]
    assert not found, found
