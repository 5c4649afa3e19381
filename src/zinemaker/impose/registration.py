"""Registration marks for print-and-cut: the three corner marks a cutting
plotter's optical eye reads (Silhouette "type 1"; Cricut and others accept
the same three-corner layout), and the card outlines to cut, as SVG, in the
sheet's own coordinates.

The marks: a filled square at the top left, and an L at the top right and
at the bottom left, each :data:`LENGTH` long and :data:`THICK` thick, at
:data:`INSET` from the sheet's edges (or the printer's margin, if wider), so
they always print. The cutter's software is set to the same three numbers
(the cut file says them). Cards keep clear of the marks: the grid is planned
inside them, and crop marks that would run into them stop short.
"""

from __future__ import annotations

from dataclasses import replace

from zinemaker.errors import ZinemakerError
from zinemaker.impose.options import ImposeOptions
from zinemaker.impose.plan import Mark, Plan, Rect
from zinemaker.units import MM

#: Silhouette Studio's defaults for its type 1 marks.
INSET = 10 * MM
SQUARE = 5 * MM
LENGTH = 20 * MM
THICK = 0.5 * MM
#: White kept round every mark, so the eye sees it clean.
CLEAR = 2 * MM


def inset(options: ImposeOptions) -> float:
    """How far the marks sit from the sheet's edges: inside the printer's margin."""
    return max(INSET, options.margin)


def keep_out(sheet: tuple[float, float], options: ImposeOptions) -> list[Rect]:
    """Where cards and other marks must not go: the square's corner, and the
    band along the edges the L marks lie in, each with :data:`CLEAR` round it."""
    w, h = sheet
    i = inset(options)
    band = i + THICK + CLEAR
    square = Rect(0, h - i - SQUARE - CLEAR, i + SQUARE + CLEAR, i + SQUARE + CLEAR)
    return [
        square,
        Rect(0, 0, band, h),
        Rect(w - band, 0, band, h),
        Rect(0, 0, w, band),
        Rect(0, h - band, w, band),
    ]


def marks(sheet: tuple[float, float], options: ImposeOptions, sheet_no: int) -> list[Mark]:
    """The three marks on a sheet's front, as strokes with butt ends: the
    square is one stroke :data:`SQUARE` wide, each L two strokes."""
    w, h = sheet
    i, t = inset(options), THICK

    def stroke(x0: float, y0: float, x1: float, y1: float, width: float) -> Mark:
        return Mark("registration", sheet_no, "front", x0, y0, x1, y1, width=width)  # type: ignore[arg-type]

    return [
        stroke(i, h - i - SQUARE / 2, i + SQUARE, h - i - SQUARE / 2, SQUARE),
        # Top right: along the top edge, then down the right edge.
        stroke(w - i - LENGTH, h - i - t / 2, w - i, h - i - t / 2, t),
        stroke(w - i - t / 2, h - i, w - i - t / 2, h - i - LENGTH, t),
        # Bottom left: along the bottom edge, then up the left edge.
        stroke(i, i + t / 2, i + LENGTH, i + t / 2, t),
        stroke(i + t / 2, i, i + t / 2, i + LENGTH, t),
    ]


def mark_boxes(plan: Plan) -> list[Rect]:
    """The marks' printed shapes on the first sheet, as boxes."""
    out = []
    for m in plan.marks:
        if m.kind != "registration" or m.sheet != 0:
            continue
        half = m.width / 2
        if m.y0 == m.y1:
            out.append(Rect(min(m.x0, m.x1), m.y0 - half, abs(m.x1 - m.x0), m.width))
        else:
            out.append(Rect(m.x0 - half, min(m.y0, m.y1), m.width, abs(m.y1 - m.y0)))
    return out


def _meets(a: Rect, b: Rect) -> bool:
    return a.x < b.x1 - 1e-6 and b.x < a.x1 - 1e-6 and a.y < b.y1 - 1e-6 and b.y < a.y1 - 1e-6


def plan_with_marks(planner, options: ImposeOptions, where: str | None = None) -> Plan:  # noqa: ANN001
    """Plan a card sheet that a cutter registers: the grid kept clear of the
    marks (planned inside the L marks' band, and further in if a card would
    meet the square; bleed that would reach a mark is cut short), the marks added on every front, and crop marks that
    would run into them cut short."""
    plan = _clear_of_marks(planner, options)
    # Or the grid moved right of the square, on a sheet planned that much smaller.
    beside = _beside_the_square(planner, options)
    if beside is not None and (plan is None or _holds(beside) > _holds(plan)):
        plan = beside
    if options.gutters:
        # Gutters spread the grid towards the corners' marks: if that costs
        # cards a sheet, share the cuts instead.
        shared = _clear_of_marks(planner, replace(options, gutters=False))
        if shared is not None and (plan is None or _holds(shared) > _holds(plan)):
            plan = shared
    if plan is None:
        raise ZinemakerError(
            f"no room for a card inside the registration marks ({inset(options) / MM:g} mm from the edges, and"
            f" {CLEAR / MM:g} mm clear of them): choose a larger sheet or a smaller card",
            where,
        )
    zones = keep_out(plan.sheet_size, options)
    placements = tuple(replace(p, bleed=_clipped(p, zones)) if p.side == "front" else p for p in plan.placements)
    kept = [m for m in plan.marks if not _crosses(m, zones)]
    added = [mk for s in range(plan.sheet_count) for mk in marks(plan.sheet_size, options, s)]
    return replace(plan, placements=placements, marks=(*kept, *added))


def _beside_the_square(planner, options: ImposeOptions) -> Plan | None:  # noqa: ANN001
    """The grid planned inside the L marks' band on a sheet short by the
    square's width at the left and the top, then moved right onto the whole
    sheet: the cards keep clear of the square at the cost of a few
    millimetres on one side only. Backs are placed again behind their
    fronts on the whole sheet. None if a card still meets a mark."""
    from zinemaker.impose.layout import behind, bleed_behind

    i = inset(options)
    d = SQUARE - THICK
    w, h = options.sheet
    try:
        plan = planner(replace(options, sheet=(w - d, h - d), margin=i + THICK + CLEAR))
    except ZinemakerError:
        return None
    sheet = (plan.sheet_size[0] + d, plan.sheet_size[1] + d)
    fronts = {}
    moved = []
    for p in plan.placements:
        if p.side == "front":
            q = replace(p, trim=p.trim.moved(d))
            fronts[(p.sheet, p.slot)] = q
            moved.append(q)
    for p in plan.placements:
        if p.side == "back":
            f = fronts[(p.sheet, p.slot)]
            where, turn = behind(f.trim, sheet, plan.flip)
            moved.append(replace(p, trim=where, rotation=turn, bleed=bleed_behind(f.bleed, sheet, plan.flip)))
    marks = tuple(replace(m, x0=m.x0 + d, x1=m.x1 + d) for m in plan.marks if m.side == "front")
    plan = replace(plan, sheet_size=sheet, placements=tuple(moved), marks=marks)
    zones = keep_out(sheet, options)
    if any(_meets(p.trim, z) for p in plan.placements if p.side == "front" for z in zones):
        return None
    return plan


def _holds(plan: Plan) -> tuple[int, int]:
    """How well a plan uses its sheets: fewer sheets, then more cards a front."""
    return (-plan.sheet_count, len(plan.side(0, "front")))


def _clear_of_marks(planner, options: ImposeOptions) -> Plan | None:  # noqa: ANN001
    """The plan at the least margin whose front cards all clear the marks, or None."""
    i = inset(options)
    plan = None
    # From just inside the L marks' band to clear of the square, half a
    # millimetre at a time: the first grid whose cards all clear the marks
    # (a grid that fits one way at one margin may clear the square at the next).
    least, most = i + THICK + CLEAR, i + SQUARE + CLEAR
    for margin in [least + k * 0.5 * MM for k in range(int((most - least) / (0.5 * MM)) + 1)] + [most]:
        try:
            plan = planner(replace(options, margin=margin))
        except ZinemakerError:
            plan = None
            break
        zones = keep_out(plan.sheet_size, options)
        if not any(_meets(p.trim, z) for p in plan.placements if p.side == "front" for z in zones):
            break
        plan = None
    return plan


def _clipped(p, zones: list[Rect]):  # noqa: ANN001, ANN202
    """A front card's bleed, stopped short of every zone it would reach into
    (its trim is clear of them all)."""
    b = p.bleed
    t = p.trim
    left, bottom, right, top = b.left, b.bottom, b.right, b.top
    for z in zones:
        reach = Rect(t.x - left, t.y - bottom, t.w + left + right, t.h + bottom + top)
        if not _meets(reach, z):
            continue
        # The side of the trim the zone lies beyond: clip the bleed there.
        if z.x1 <= t.x + 1e-6:
            left = min(left, t.x - z.x1)
        elif z.x >= t.x1 - 1e-6:
            right = min(right, z.x - t.x1)
        elif z.y1 <= t.y + 1e-6:
            bottom = min(bottom, t.y - z.y1)
        else:
            top = min(top, z.y - t.y1)
    return replace(b, left=max(0.0, left), bottom=max(0.0, bottom), right=max(0.0, right), top=max(0.0, top))


def _reach(p) -> Rect:  # noqa: ANN001
    """A placement's trim and bleed: what prints."""
    b = p.bleed
    return Rect(p.trim.x - b.left, p.trim.y - b.bottom, p.trim.w + b.left + b.right, p.trim.h + b.bottom + b.top)


def _crosses(m: Mark, zones: list[Rect]) -> bool:
    """Whether a (level or upright) mark line meets a zone: the front's
    only; backs carry no registration marks."""
    if m.side != "front":
        return False
    box = Rect(min(m.x0, m.x1), min(m.y0, m.y1), abs(m.x1 - m.x0) or 1e-3, abs(m.y1 - m.y0) or 1e-3)
    return any(_meets(box, z) for z in zones)


def cut_svg(plan: Plan, sheet: int = 0, title: str = "") -> str:
    """An SVG of one sheet, in millimetres, the same size as the sheet and
    its origin at the top left: the cards' trim outlines to cut (red, in
    the group ``cut``) and the registration marks (black, in the group
    ``registration``, to line up, not to cut)."""
    w, h = plan.sheet_size

    def mm(v: float) -> str:
        r = round(v / MM, 4)
        return str(int(r)) if r == int(r) else f"{r:.4f}".rstrip("0")

    def rect(r: Rect, style: str) -> str:
        return f'<rect x="{mm(r.x)}" y="{mm(h - r.y1)}" width="{mm(r.w)}" height="{mm(r.h)}" {style}/>'

    cards = [p.trim for p in plan.side(sheet, "front") if p.page is not None]
    reg = [b for b in mark_boxes(plan)]
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{mm(w)}mm" height="{mm(h)}mm"'
        f' viewBox="0 0 {mm(w)} {mm(h)}">',
        f"<title>{_escape(title or 'cut lines')}: sheet {sheet + 1}</title>",
        f"<desc>Registration marks: type 1 (square top left), length {mm(LENGTH)} mm,"
        f" thickness {mm(THICK)} mm, inset {mm(inset_of(plan))} mm. Cut the red outlines.</desc>",
        '<g id="registration" fill="#000000" stroke="none">',
        *(rect(r, "") for r in reg),
        "</g>",
        '<g id="cut" fill="none" stroke="#ff0000" stroke-width="0.1">',
        *(rect(r, "") for r in cards),
        "</g>",
        "</svg>",
    ]
    return "\n".join(lines) + "\n"


def inset_of(plan: Plan) -> float:
    """The marks' inset on a plan, read from the bottom left L."""
    boxes = mark_boxes(plan)
    return min(b.x for b in boxes) if boxes else INSET


def cut_files(plan: Plan, stem: str, title: str = "") -> dict[str, bytes]:
    """``STEM.cut.svg`` for every full sheet, and ``STEM.cut-last.svg`` when
    the last sheet holds fewer cards."""
    if not any(m.kind == "registration" for m in plan.marks):
        return {}
    out = {f"{stem}.cut.svg": cut_svg(plan, 0, title).encode("utf-8")}
    last = plan.sheet_count - 1
    if last > 0 and len(plan.side(last, "front")) != len(plan.side(0, "front")):
        out[f"{stem}.cut-last.svg"] = cut_svg(plan, last, title).encode("utf-8")
    return out


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
