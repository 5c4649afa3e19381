"""Small geometric helpers shared by schemes."""

from __future__ import annotations

from dataclasses import replace

from zinemaker.errors import ZinemakerError
from zinemaker.impose.plan import Bleed, Placement, Rect
from zinemaker.units import fmt_mm


def landscape(size: tuple[float, float]) -> tuple[float, float]:
    w, h = size
    return (max(w, h), min(w, h))


def portrait(size: tuple[float, float]) -> tuple[float, float]:
    w, h = size
    return (min(w, h), max(w, h))


def fit_scale(
    need_w: float,
    need_h: float,
    sheet: tuple[float, float],
    margin: float,
    fit: bool,
    what: str,
) -> float:
    """1.0 when ``need_w x need_h`` fits inside the sheet less its margin.

    Otherwise the factor that makes it fit, if the user allowed ``fit``; if
    not, an error that says which sheet would do and how to scale instead.
    """
    room_w = sheet[0] - 2 * margin
    room_h = sheet[1] - 2 * margin
    if need_w <= room_w + 0.01 and need_h <= room_h + 0.01:
        return 1.0
    scale = min(room_w / need_w, room_h / need_h)
    if fit:
        return scale
    raise ZinemakerError(
        f"{what} need {fmt_mm(need_w)} x {fmt_mm(need_h)} but the sheet"
        f" (less a {fmt_mm(margin)} margin) has {fmt_mm(room_w)} x {fmt_mm(room_h)}:"
        f" choose a larger --sheet, or add --fit to scale pages to {scale:.0%}"
    )


def turned(p: Placement, sheet: tuple[float, float]) -> Placement:
    """The placement after turning its whole side 180 degrees about its centre."""
    w, h = sheet
    t = p.trim
    b = p.bleed
    return replace(
        p,
        trim=Rect(w - t.x1, h - t.y1, t.w, t.h),
        rotation=(p.rotation + 180) % 360,
        bleed=Bleed(left=b.right, bottom=b.top, right=b.left, top=b.bottom),
    )


def for_flip(placements: list[Placement], sheet: tuple[float, float], flip: str) -> list[Placement]:
    """Backs are planned for short-edge duplex; turn them for long-edge.

    With pages side by side on a landscape sheet, a printer flipping on the
    short edge prints the back upright; flipping on the long edge turns it
    upside down, so the back is printed pre-turned by 180 degrees.
    """
    if flip == "short-edge":
        return placements
    return [turned(p, sheet) if p.side == "back" else p for p in placements]


def outer_bleed(trim: Rect, sheet: tuple[float, float], bleed: float, **closed: bool) -> Bleed:
    """Bleed past each edge up to ``bleed``, stopped by the sheet's edge.

    Edges named in ``closed`` (left=True, ...) get none: they meet a fold or
    a neighbour's visible area.
    """
    w, h = sheet
    return Bleed(
        left=0.0 if closed.get("left") else max(0.0, min(bleed, trim.x)),
        bottom=0.0 if closed.get("bottom") else max(0.0, min(bleed, trim.y)),
        right=0.0 if closed.get("right") else max(0.0, min(bleed, w - trim.x1)),
        top=0.0 if closed.get("top") else max(0.0, min(bleed, h - trim.y1)),
    )
