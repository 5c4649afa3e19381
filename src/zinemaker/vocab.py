"""The words every stage shares: a leaf module, importing nothing of ours.

``definitions`` checks a layout against these, ``impose`` plans with them,
and the CLI offers them as choices. A scheme's own facts (what it honours,
how it is finished) live in its record, ``impose/schemes/<name>.py``; the
list of scheme names here is the registry: one line for each.
"""

from __future__ import annotations

from typing import Literal

#: The registry: every scheme, by the name of its module in impose/schemes/.
SCHEMES: tuple[str, ...] = (
    "saddle",
    "perfect",
    "mini8",
    "mini16",
    "cutstack",
    "copies",
    "nup",
    "cards",
    "gutterfold",
    "accordion",
)

#: The smallest type a photocopy keeps readable (points): the preflight's
#: limit for text, and what impose says fitted pages must not shrink under.
MIN_TEXT = 6.0

Side = Literal["front", "back"]
SIDES: tuple[str, ...] = ("front", "back")
Flip = Literal["short-edge", "long-edge", "manual"]
FLIPS: tuple[str, ...] = ("short-edge", "long-edge", "manual")
Bind = Literal["left", "right", "top"]
BINDS: tuple[str, ...] = ("left", "right", "top")
MARK_KINDS: tuple[str, ...] = ("crop", "fold", "cut", "bleed", "collation", "registration")
#: How a ``perfect`` sheet is folded: once (4 pages) or twice (8 pages).
FOLDS: tuple[str, ...] = ("folio", "quarto")
#: How card backs come in the input: alternating, one for all, one per card.
BACKS: tuple[str, ...] = ("alternate", "single", "each")


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 copy``, ``2 copies``: a count and the word that goes with it."""
    return f"{n} {one if n == 1 else (many or one + 's')}"
