"""Type and margins chosen by page size, so every page sets 55-70 characters
a line (about 30 em of the body) with the wide margin at the fore-edge.

A layout's own ``[page.margins]`` and ``[fonts] size``/``leading`` win over
its preset, field by field. A page size not listed takes the preset of the
nearest width.
"""

from __future__ import annotations

from dataclasses import dataclass

from zinemaker.units import MM, PAPER


@dataclass(frozen=True)
class Preset:
    """Body size and leading (points) and margins (points) for one page size."""

    name: str
    size: float
    leading: float
    inner: float  # at the spine
    outer: float  # at the fore-edge: wider, where thumbs hold a stapled booklet
    top: float
    bottom: float  # the folio sits in here


#: By page width. Measures: A6 241 pt (30 em of 8 pt), quarter letter 245 pt
#: (30.6 em of 8 pt), half letter 300 pt (30 em of 10 pt), A5 316 pt (30 em
#: of 10.5 pt); about 66 characters of Charis SIL, at most 70;
#: a whole Letter or A4 page 385 pt (32 em of 12 pt).
PRESETS: tuple[Preset, ...] = (
    Preset("a6", 8.0, 11.0, 8.5 * MM, 11.5 * MM, 10 * MM, 13 * MM),
    Preset("quarter-letter", 8.0, 11.0, 9 * MM, 12.5 * MM, 10 * MM, 13 * MM),
    Preset("half-letter", 10.0, 13.5, 14 * MM, 20 * MM, 15 * MM, 19 * MM),
    Preset("a5", 10.5, 14.0, 15 * MM, 21.5 * MM, 15 * MM, 20 * MM),
    Preset("letter", 12.0, 16.0, 32 * MM, 48 * MM, 25 * MM, 30 * MM),
)


def preset_for(trim: tuple[float, float]) -> Preset:
    """The preset of the listed page size nearest in width to ``trim``."""
    width = min(trim)
    return min(PRESETS, key=lambda p: abs(min(PAPER[p.name]) - width))
