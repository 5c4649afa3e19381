"""Layout and deck values made up by hypothesis: whatever a field holds, a
load ends in a checked layout or deck, or in one ZinemakerError line, never
in another exception; and no text a card prints is a Python repr or "None"
that nobody wrote."""

from __future__ import annotations

import json
import math
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zinemaker.content.deck import CARD_FIELDS, load_deck
from zinemaker.definitions.layout import LAYOUT, load_layout
from zinemaker.definitions.schema import Table
from zinemaker.errors import ZinemakerError

FIELDS = [
    (section, key)
    for section, spec in LAYOUT.fields.items()
    if isinstance(spec, Table)
    for key in spec.fields
    if not isinstance(spec.fields[key], Table)
] + [("page.margins", k) for k in ("inner", "outer", "top", "bottom")]

lengths = st.builds(
    lambda n, unit: f"{n}{unit}",
    st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False), st.text("0123456789.-e", max_size=30)),
    st.sampled_from(["mm", "pt", "in", "cm", "", " mm", "px"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    lengths,
    st.sampled_from(["a4", "letter", "half-sheet", "saddle", "cards", "long-edge", "crop", "3mm", "0", "None"]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text("abc", min_size=1, max_size=3), inner, max_size=3), max_leaves=6)


def toml_value(v: object) -> str | None:
    """A value as TOML, or None where TOML has no way to say it."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf") if math.isinf(v) else repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        items = [toml_value(x) for x in v]
        return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
    if isinstance(v, dict):
        items = [(k, toml_value(x)) for k, x in v.items()]
        return None if any(x is None for _, x in items) else "{" + ", ".join(f"{json.dumps(k)} = {x}" for k, x in items) + "}"
    return None


BASE = '[zine]\ntitle = "T"\n\n[[content]]\nkind = "cover"\n'


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=values)
def test_any_layout_value_loads_or_is_one_line(tmp_path, field, value):
    section, key = field
    text = toml_value(value)
    if text is None:
        return
    path = tmp_path / "layouts" / "z.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{BASE}\n[{section}]\n{key} = {text}\n", encoding="utf-8")
    try:
        layout = load_layout(path)
    except ZinemakerError as exc:
        assert "\n" not in str(exc) and str(exc).startswith(str(path)), str(exc)
        return
    for name, number in (("bleed", layout.bleed), ("creep", layout.output.creep), ("margin", layout.output.margin)):
        assert math.isfinite(number) and number >= 0, name
    for m in (layout.margins.inner, layout.margins.outer, layout.margins.top, layout.margins.bottom):
        assert m is None or (math.isfinite(m) and m >= 0)


DECK = {
    "deck": {"title": "D", "values": {"space": "here"}},
    "categories": [{"id": "w", "name": "W", "colour": "#112233", "symbol": "circle"}],
    "cards": [{"id": "a", "title": "A", "category": "w", "body": "Body at {space}."}],
}
TEXT_FIELDS = [f for f in CARD_FIELDS if f not in ("qty",)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(key=st.sampled_from([*CARD_FIELDS, "deck.title", "deck.values.space", "translate"]), value=values)
def test_any_deck_value_loads_or_is_one_line(tmp_path, key, value):
    deck = json.loads(json.dumps(DECK))
    path = tmp_path / "decks" / "d.yaml"
    path.parent.mkdir(exist_ok=True)
    if key == "deck.title":
        deck["deck"]["title"] = value
    elif key == "deck.values.space":
        deck["deck"]["values"]["space"] = value
    elif key == "translate":
        (tmp_path / "decks" / "base.yaml").write_text(yaml.safe_dump(deck), encoding="utf-8")
        deck = {"extends": "base.yaml", "translate": {"a": value}}
    else:
        deck["cards"][0][key] = value
    path.write_text(yaml.safe_dump(deck, allow_unicode=True), encoding="utf-8")
    try:
        loaded = load_deck(path)
    except ZinemakerError as exc:
        assert "\n" not in str(exc) and str(path) in str(exc), str(exc)
        return
    written = yaml.safe_dump(value)
    for card in loaded.cards:
        assert 1 <= card.qty <= 100
        for f in TEXT_FIELDS:
            text = getattr(card, f)
            assert isinstance(text, str)
            if "None" in text:
                assert "None" in written, f"{f}: None that nobody wrote"
            if text.startswith(("[", "{")):
                assert text in written or text.strip("[]{}") in written, f"{f}: a repr: {text!r}"
    assert isinstance(loaded.title, str) and (loaded.title != "None" or "None" in written)


def test_fields_cover_the_schema():
    assert ("output", "creep") in FIELDS and ("fonts", "size") in FIELDS and len(FIELDS) > 30
    assert Path(__file__).name.startswith("test_")
