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
