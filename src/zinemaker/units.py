"""Lengths and named sizes.

Everything inside zinemaker is in PDF points (1/72 inch). Users write lengths
as "3mm", "0.125in", "12pt" or "1cm"; sizes as a name ("a5", "letter",
"poker") or "105mm x 148mm". Parsing happens once, at the edge.
"""

from __future__ import annotations

import math
import re

from zinemaker.errors import ZinemakerError, did_you_mean

MM = 72 / 25.4
INCH = 72.0
PER_UNIT = {"pt": 1.0, "mm": MM, "cm": 10 * MM, "in": INCH}

#: Paper sheets, portrait (width, height) in points.
PAPER: dict[str, tuple[float, float]] = {
    "a3": (297 * MM, 420 * MM),
    "a4": (210 * MM, 297 * MM),
    "a5": (148 * MM, 210 * MM),
    "a6": (105 * MM, 148 * MM),
    "a7": (74 * MM, 105 * MM),
    "letter": (612.0, 792.0),
    "legal": (612.0, 1008.0),
    "tabloid": (792.0, 1224.0),
    "ledger": (792.0, 1224.0),
    "half-letter": (396.0, 612.0),
    "quarter-letter": (306.0, 396.0),
}

#: Playing and index card trims, portrait (width, height) in points.
CARD: dict[str, tuple[float, float]] = {
    "poker": (63.5 * MM, 88.9 * MM),
    "standard": (63 * MM, 88 * MM),
    "bridge": (57.15 * MM, 88.9 * MM),
    "mini": (44 * MM, 68 * MM),
    "euro": (59 * MM, 92 * MM),
    "tarot": (70 * MM, 120 * MM),
    "square": (70 * MM, 70 * MM),
    "index": (76.2 * MM, 127 * MM),
    "business-us": (88.9 * MM, 50.8 * MM),
    "business-eu": (85 * MM, 55 * MM),
    "a7": (74 * MM, 105 * MM),
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")
_SIZE = re.compile(r"^\s*(.+?)\s*[x×]\s*(.+?)\s*$")


#: No length a zine or a card needs is longer (a poster's long side is 1.2 m).
MAX_LENGTH = 2000 * MM
#: Sheets, pages and cards: from a small card to a large poster.
MIN_SIZE = 10 * MM
MAX_SIZE = 1500 * MM


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:30] + "...(" + str(len(text)) + " characters)"


def parse_length(
    value: object, where: str | None = None, lo: float | None = None, hi: float | None = None
) -> float:
    """Return a length in points from "3mm", "0.125in", "12pt", "1cm" or 0,
    refused unless it lies from ``lo`` to ``hi`` points (when given)."""
    found: float | None = None
    unit = "mm"
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value == 0:
        found = 0.0
    elif isinstance(value, str) and len(value) < 64:
        m = _LENGTH.match(value.lower())
        if m:
            found = float(m.group(1)) * PER_UNIT[m.group(2)]
            unit = m.group(2)
    if found is None or not math.isfinite(found) or abs(found) > MAX_LENGTH:
        raise ZinemakerError(
            f'found {_shown(value)}, expected a length with a unit such as "3mm", "0.125in" or "9pt"',
            where,
        )
    if (lo is not None and found < lo - 1e-9) or (hi is not None and found > hi + 1e-9):
        def shown(points: float) -> str:  # in the unit the person wrote
            if unit == "mm":
                return fmt_mm(points)
            return f"{points / PER_UNIT[unit]:.2f}".rstrip("0").rstrip(".") + unit

        low = shown(lo) if lo is not None else None
        high = shown(hi) if hi is not None else None
        span = f"from {low} to {high}" if low is not None and high else f"at least {low}" if low is not None else f"at most {high}"
        if lo == 0 and found < 0:
            span = f"0 or more (up to {high})" if high else "0 or more"
        raise ZinemakerError(f"found {_shown(value)}, allowed: a length {span}", where)
    return found


def parse_size(
    value: object,
    presets: dict[str, tuple[float, float]],
    where: str | None = None,
    lo: float = MIN_SIZE,
    hi: float = MAX_SIZE,
) -> tuple[float, float]:
    """Return (width, height) in points from a preset name or "W x H", each
    side from ``lo`` to ``hi`` points."""
    if isinstance(value, str) and len(value) < 128:
        key = value.strip().lower()
        if key in presets:
            return presets[key]
        m = _SIZE.match(key)
        if m:
            w = parse_length(m.group(1), where)
            h = parse_length(m.group(2), where)
            if w <= 0 or h <= 0:
                raise ZinemakerError(f"found {value!r}, a size must be larger than zero", where)
            if min(w, h) < lo - 1e-9 or max(w, h) > hi + 1e-9:
                raise ZinemakerError(
                    f"found {value!r}: each side must be from {fmt_mm(lo)} to {fmt_mm(hi)}", where
                )
            return (w, h)
    names = ", ".join(sorted(presets))
    near = did_you_mean(value.strip().lower(), presets) if isinstance(value, str) and len(value) < 128 else ""
    raise ZinemakerError(
        f'found {_shown(value)}{near}, allowed: {names}, or a custom size like "105mm x 148mm"', where
    )


def fmt_mm(points: float) -> str:
    """Points as a short millimetre string, for messages."""
    return f"{points / MM:.1f}".rstrip("0").rstrip(".") + "mm"


def parse_offset(value: object, where: str | None = None) -> tuple[float, float]:
    """(x, y) in points from "0.8mm,-0.4mm" (bare numbers are millimetres)."""
    parts = str(value).replace(" ", "").split(",") if isinstance(value, str) and len(value) < 64 else []
    if len(parts) == 2:
        try:
            got = tuple(float(p) * MM if _BARE.match(p) else parse_length(p, where) for p in parts)
        except ZinemakerError:
            got = ()
        if got and all(math.isfinite(v) for v in got):
            if any(abs(v) > MAX_OFFSET for v in got):
                raise ZinemakerError(
                    f"found {_shown(value)}: a printer shifts backs by a few millimetres, at most {fmt_mm(MAX_OFFSET)}",
                    where,
                )
            return got  # type: ignore[return-value]
    raise ZinemakerError(f'found {_shown(value)}, expected two lengths like "0.8mm,-0.4mm" (right, up)', where)


#: The largest back offset taken: more is a misprint, not a printer's shift.
MAX_OFFSET = 20 * MM


_BARE = re.compile(r"^-?\d+(\.\d+)?$")
