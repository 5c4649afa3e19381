"""Fonts: find the vendored families, register them, check coverage.

Families are listed in ``fonts/fonts.toml`` (data, not code). A character
the chosen face lacks is an error naming the character and where it is:
reportlab would otherwise print an empty box.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from zinemaker.errors import ZinemakerError
from zinemaker.typeset.fontfile import Font

STYLES = ("regular", "italic", "bold", "bold_italic")
#: Characters that never need a glyph: line breaks, soft hyphens, joiners.
INVISIBLE = frozenset("\n\r\t\u00ad\u200b\u200c\u200d\u2060\ufeff")

_BUNDLED = Path(__file__).resolve().parents[3] / "fonts"


@dataclass(frozen=True)
class Family:
    """A registered family: its reportlab font names, one per style."""

    name: str
    faces: dict[str, str]  # style -> reportlab font name

    @property
    def regular(self) -> str:
        return self.faces["regular"]

    @property
    def italic(self) -> str:
        return self.faces["italic"]

    @property
    def bold(self) -> str:
        return self.faces["bold"]

    @property
    def bold_italic(self) -> str:
        return self.faces["bold_italic"]


def font_dirs(root: Path | None) -> list[Path]:
    """Where to look for ``fonts.toml``: the project's, then the bundled one."""
    dirs = []
    if root is not None and (root / "fonts" / "fonts.toml").is_file():
        # The project's own catalogue: a link from it (or its folder) to
        # somewhere else is not followed, as for every file a project names.
        toml = root / "fonts" / "fonts.toml"
        real = Path(os.path.realpath(toml))
        if Path(os.path.realpath(root)) not in real.parents:
            raise ZinemakerError(
                f"it leads to {real}, outside the project folder, so it is not read: copy the file in", str(toml)
            )
        dirs.append((root / "fonts").resolve())  # one name for one folder: fonts are registered once
    if (_BUNDLED / "fonts.toml").is_file() and _BUNDLED not in dirs:
        dirs.append(_BUNDLED)
    return dirs


@cache
def _catalogue(dirs: tuple[Path, ...]) -> dict[str, dict[str, Path]]:
    found: dict[str, dict[str, Path]] = {}
    for d in reversed(dirs):  # earlier directories win
        for name, faces in read_catalogue(d).items():
            found[name.lower()] = {**faces, "_name": name}  # type: ignore[dict-item]
    return found


def read_catalogue(folder: Path) -> dict[str, dict[str, Path]]:
    """A ``fonts.toml``: family name -> style -> font file, every entry
    checked (a name, a regular face, known styles, files that are there and
    inside the folder). Each mistake is one line naming the entry."""
    from zinemaker import files

    toml = folder / "fonts.toml"
    where = str(toml)
    data = files.parse_toml(files.read_text(toml, "fonts"), where)
    entries = data.get("family", [])
    if not isinstance(entries, list):
        raise ZinemakerError("family: expected [[family]] entries", where)
    out: dict[str, dict[str, Path]] = {}
    trusted = folder.resolve() == _BUNDLED.resolve()
    for i, fam in enumerate(entries, 1):
        at = f"{where}: family #{i}"
        if not isinstance(fam, dict):
            raise ZinemakerError("expected a [[family]] table", at)
        bad = sorted(set(fam) - {"name", *STYLES} - {"licence", "license", "source", "notes", "note"})
        if bad:
            raise ZinemakerError(f"unknown field {bad[0]!r}; allowed: name, {', '.join(STYLES)}", at)
        name = fam.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ZinemakerError('name: expected the family\'s name in quotes, like name = "Charis SIL"', at)
        if not isinstance(fam.get("regular"), str):
            raise ZinemakerError(f'regular: expected the regular face\'s file, like regular = "{name}/Regular.ttf"', at)
        faces = {}
        for style in STYLES:
            rel = fam.get(style, fam["regular"])
            if not isinstance(rel, str):
                raise ZinemakerError(f"{style}: expected a font file name in quotes", at)
            named = files.Named(rel, f"family #{i}.{style}", where)
            faces[style] = files.check_file(folder / rel, "font", None if trusted else folder.parent, named)
        out[name] = faces
    return out


def family(name: str, root: Path | None = None, where: str | None = None) -> Family:
    """Register a family by name (once per process) and return its faces."""
    dirs = tuple(font_dirs(root))
    cat = _catalogue(dirs)
    entry = cat.get(name.lower())
    if entry is None:
        known = ", ".join(sorted(str(v["_name"]) for v in cat.values()))
        raise ZinemakerError(
            f"unknown font family {name!r}; known: {known} (add others in fonts/fonts.toml)",
            where,
        )
    return _register(str(entry["_name"]), tuple((s, str(entry[s])) for s in STYLES))


@cache
def _register(name: str, files: tuple[tuple[str, str], ...]) -> Family:
    faces: dict[str, str] = {}
    for style, file in files:
        face = f"{name.replace(' ', '')}-{style}"
        try:
            pdfmetrics.registerFont(Font(face, file))
        except Exception as exc:  # reportlab raises TTFError and others
            raise ZinemakerError(
                f"cannot use this font file ({exc}); it must be a TrueType (.ttf) font", file
            ) from None
        faces[style] = face
    base = faces["regular"]
    addMapping(base, 0, 0, faces["regular"])
    addMapping(base, 0, 1, faces["italic"])
    addMapping(base, 1, 0, faces["bold"])
    addMapping(base, 1, 1, faces["bold_italic"])
    return Family(name, faces)


@cache
def _cmap(face: str) -> frozenset[str]:
    """The characters a face has glyphs for, and those that need none."""
    return frozenset(map(chr, pdfmetrics.getFont(face).face.charToGlyph)) | frozenset(INVISIBLE)


@cache
def _lacking(face: str) -> re.Pattern[str]:
    """A pattern for any one character ``face`` has no glyph for (and that
    needs one): what :func:`missing` looks for, in one scan of a text."""
    runs: list[list[int]] = []
    for code in sorted(map(ord, _cmap(face))):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return re.compile("[^" + "".join(f"\\U{lo:08x}-\\U{hi:08x}" for lo, hi in runs) + "]")


#: How many characters of a face's texts are looked up one by one in its set
#: before its pattern is made: the pattern scans twice as fast, but making it
#: costs a millisecond or more, the time of some 200,000 look-ups.
SCAN_AFTER = 200_000
_looked_up: dict[str, int] = {}


def missing(text: str, face: str) -> list[str]:
    """Characters of ``text`` that ``face`` has no glyph for, in order, once each."""
    looked = _looked_up[face] = _looked_up.get(face, 0) + len(text)
    if looked <= SCAN_AFTER:  # a deck's or a zine's first texts: no pattern made for them
        if _cmap(face).issuperset(text):
            return []
    elif not _lacking(face).search(text):  # nearly every text: one scan, no set of its characters
        return []
    lacking = set(text) - _cmap(face)
    if not lacking:
        return []
    return [ch for ch in dict.fromkeys(text) if ch in lacking]


def describe(ch: str) -> str:
    """A character as a person can find it: the glyph, its code and name."""
    name = unicodedata.name(ch, "unnamed character")
    return f"{ch!r} (U+{ord(ch):04X} {name})"


def require_glyphs(text: str, face: str, family_name: str, where: str) -> None:
    """Raise if ``face`` cannot print every character of ``text``."""
    lacking = missing(text, face)
    if lacking:
        chars = ", ".join(describe(c) for c in lacking[:3])
        more = f" and {len(lacking) - 3} more" if len(lacking) > 3 else ""
        raise ZinemakerError(
            f"the font {family_name} has no glyph for {chars}{more}: replace the"
            " character, or choose a font that has it in the layout's [fonts]",
            where,
        )
