"""A face read by zinemaker's reader (typeset/fontfile.py) is the face
reportlab reads: every attribute the same, in the same order and of the
same type, for every font we ship (and the system's, where there are any),
the same subset made from it; and a font broken on purpose is read, or
refused with the same error, as reportlab reads or refuses it."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import TTFNameBytes, TTFont

from zinemaker.typeset.fontfile import Font, read_info

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = sorted((ROOT / "fonts").glob("*/*.ttf"))
SYSTEM = sorted(Path("/usr/share/fonts").glob("**/*.ttf"))[:40]
OPEN_SANS = ROOT / "fonts" / "open-sans" / "OpenSans-Regular.ttf"
#: characters a subset is made of: Latin, accents, punctuation, a ligature's private code, one the font lacks
SUBSET = [0, 32, 65, 102, 105, 233, 0x2014, 0x201C, 0xA0, 0xE000, 0x10FFFD]


def value(v: object) -> object:
    """A value as compared: its type and repr (1 and 1.0 differ; a dict's order shows)."""
    extra = v.ustr if isinstance(v, TTFNameBytes) else None
    return type(v), repr(v), extra


def state(font: TTFont) -> dict[str, object]:
    """Everything reportlab keeps of a font, and the subset it makes of it."""
    face = vars(font.face)
    out: dict[str, object] = {"face keys": list(face)}
    for key, v in face.items():
        if key == "_pdfScale":  # a function: compared by what it gives
            out[key] = [value(v(x)) for x in (0, 1, 7, -3, 2048, 0.5, 1000)]
        else:
            out[key] = value(v)
    for key, v in vars(font).items():
        if key == "face":
            continue
        out[f"font.{key}"] = len(v) if key == "state" else vars(v) if key == "encoding" else value(v)
    out["subset"] = font.face.makeSubset([c for c in SUBSET if c in font.face.charToGlyph or c < 256])
    return out


def read_both(path: Path) -> tuple[object, object]:
    """The font read by reportlab and by us: its state, or the error's type and words."""

    def read(cls: type) -> object:
        try:
            return state(cls("F", str(path)))
        except Exception as exc:  # noqa: BLE001 - the error is what is compared
            return type(exc), str(exc)

    return read(TTFont), read(Font)


@pytest.mark.parametrize("path", BUNDLED + SYSTEM, ids=lambda p: p.name)
def test_every_font_reads_as_reportlab_reads_it(path: Path) -> None:
    theirs, ours = read_both(path)
    assert isinstance(theirs, dict)
    assert ours == theirs


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.name)
def test_the_fonts_we_ship_take_the_quick_reading(path: Path) -> None:
    # not reportlab's reading taken again: the quick one is what these tests check
    assert read_info(Font("F", str(path)).face) is not None


# -- fonts broken on purpose ------------------------------------------------------------


def tables(data: bytes) -> dict[str, tuple[int, int, int]]:
    """tag -> (where its directory entry is, its offset, its length)."""
    count = struct.unpack_from(">H", data, 4)[0]
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", data, 12 + 16 * i)
        out[tag.decode("latin-1")] = (12 + 16 * i, offset, length)
    return out


def put(data: bytearray, tag: str, at: int, fmt: str, *values: int) -> bytearray:
    struct.pack_into(fmt, data, tables(bytes(data))[tag][1] + at, *values)
    return data


def renamed(data: bytearray, tag: str, new: str) -> bytearray:
    data[tables(bytes(data))[tag][0] : tables(bytes(data))[tag][0] + 4] = new.encode("latin-1")
    return data


def subtable(data: bytes) -> int:
    """Where Open Sans's one cmap subtable starts, inside the cmap table."""
    return struct.unpack_from(">L", data, tables(data)["cmap"][1] + 8)[0]


def name_records(data: bytearray, change) -> bytearray:  # noqa: ANN001
    """Each name record rewritten by ``change(platform, encoding, language, name, length, offset)``."""
    at = tables(bytes(data))["name"][1]
    count = struct.unpack_from(">H", data, at + 2)[0]
    for i in range(count):
        where = at + 6 + 12 * i
        struct.pack_into(">6H", data, where, *change(*struct.unpack_from(">6H", data, where)))
    return data


BASE = OPEN_SANS.read_bytes()
T = tables(BASE)
BROKEN = {
    "empty": lambda d: d[:0],
    "header only": lambda d: d[:12],
    "ends in the table directory": lambda d: d[:100],
    "ends in the name table": lambda d: d[: T["name"][1] + 40],
    "ends in the cmap": lambda d: d[: T["cmap"][1] + 300],
    "ends in hmtx": lambda d: d[: T["hmtx"][1] + 100],
    "ends in loca": lambda d: d[: T["loca"][1] + 100],
    "head version 2": lambda d: put(d, "head", 0, ">H", 2),
    "head magic wrong": lambda d: put(d, "head", 12, ">L", 0x12345678),
    "1000 units an em": lambda d: put(d, "head", 18, ">H", 1000),
    "loca format 2": lambda d: put(d, "head", 50, ">H", 2),
    "glyph data format 1": lambda d: put(d, "head", 52, ">H", 1),
    "no head": lambda d: renamed(d, "head", "hexd"),
    "OS/2 version 1": lambda d: put(d, "OS/2", 0, ">H", 1),
    "no embedding allowed": lambda d: put(d, "OS/2", 8, ">H", 2),
    "bold weight": lambda d: put(d, "OS/2", 4, ">H", 700),
    "no OS/2": lambda d: renamed(d, "OS/2", "OS/3"),
    "post version 5": lambda d: put(d, "post", 0, ">H", 5),
    "slanted, fixed pitch": lambda d: put(put(d, "post", 4, ">h", -12), "post", 12, ">L", 1),
    "hhea version 2": lambda d: put(d, "hhea", 0, ">H", 2),
    "metric data format 1": lambda d: put(d, "hhea", 32, ">H", 1),
    "no horizontal metrics": lambda d: put(d, "hhea", 34, ">H", 0),
    "a full metric for every glyph and more": lambda d: put(d, "hhea", 34, ">H", 945),
    "one full metric": lambda d: put(d, "hhea", 34, ">H", 1),
    "maxp version 2": lambda d: put(d, "maxp", 0, ">H", 2),
    "fewer glyphs than the cmap names": lambda d: put(d, "maxp", 4, ">H", 100),
    "name table format 1": lambda d: put(d, "name", 0, ">H", 1),
    "no names": lambda d: name_records(d, lambda p, e, lang, n, ln, o: (p, e, lang, 9, ln, o)),
    "no PostScript name": lambda d: name_records(
        d, lambda p, e, lang, n, ln, o: (p, e, lang, 9 if n == 6 else n, ln, o)
    ),
    "odd-length name": lambda d: name_records(d, lambda p, e, lang, n, ln, o: (p, e, lang, n, ln | 1, o)),
    "Mac names only": lambda d: name_records(d, lambda p, e, lang, n, ln, o: (1, 0, 0, n, ln, o)),
    "cmap format 6": lambda d: put(d, "cmap", subtable(bytes(d)), ">H", 6),
    "cmap on platform 2": lambda d: put(d, "cmap", 4, ">H", 2),
    "cmap on Mac Roman": lambda d: put(d, "cmap", 4, ">HH", 1, 0),
    "cmap count swapped": lambda d: put(d, "cmap", 0, ">HH", 1, 0),
    "cmap segment past the end": lambda d: put(d, "cmap", subtable(bytes(d)) + 2, ">H", 40),
    "no hmtx": lambda d: renamed(d, "hmtx", "hmtz"),
    "no loca": lambda d: renamed(d, "loca", "locb"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_a_broken_font_is_read_or_refused_as_reportlab_does(name: str, tmp_path: Path) -> None:
    path = tmp_path / "Broken-Regular.ttf"
    path.write_bytes(bytes(BROKEN[name](bytearray(BASE))))
    theirs, ours = read_both(path)
    assert ours == theirs


# The tables extractInfo reads, byte by byte; not the cmap's header and its subtable's
# format (a format 12 read from another's bytes names ranges of billions of characters,
# as slow for reportlab as for us).
REGIONS = [(tag, 0, T[tag][2]) for tag in ("name", "head", "OS/2", "post", "hhea", "maxp", "hmtx", "loca")]
REGIONS.append(("cmap", subtable(BASE) + 2, T["cmap"][2]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.sampled_from(REGIONS), at=st.floats(0, 1, exclude_max=True), byte=st.integers(0, 255))
def test_a_font_with_any_one_byte_changed_reads_as_reportlab_reads_it(where, at, byte, tmp_path: Path) -> None:
    tag, first, end = where
    data = bytearray(BASE)
    data[T[tag][1] + first + int(at * (end - first))] = byte
    path = tmp_path / "Changed-Regular.ttf"
    path.write_bytes(bytes(data))
    theirs, ours = read_both(path)
    assert ours == theirs


@pytest.mark.parametrize("glyphs", [938, 200])
def test_a_font_that_forbids_subsetting_is_read_as_reportlab_reads_it(glyphs: int, tmp_path, monkeypatch) -> None:
    # reportlab's rl_config.allowTTFSubsetting names the files this applies to: the
    # whole font embedded when it has at most 255 glyphs, refused when it has more
    from reportlab import rl_config

    monkeypatch.setattr(rl_config, "allowTTFSubsetting", ["Broken-Regular.ttf"])
    path = tmp_path / "Broken-Regular.ttf"
    path.write_bytes(bytes(put(put(bytearray(BASE), "OS/2", 8, ">H", 2), "maxp", 4, ">H", glyphs)))
    theirs, ours = read_both(path)
    assert ours == theirs
