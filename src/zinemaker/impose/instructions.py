"""An instruction sheet: how to print, cut, fold and bind this output, in
words and a small diagram of the first sheet, generated from the plan."""

from __future__ import annotations

import io
from html import escape as _html_escape

from zinemaker.impose.plan import Plan
from zinemaker.units import MM


def escape(text: str) -> str:
    """``text`` safe inside reportlab's paragraph markup (&, <, >).
    html's escape, not xml.sax.saxutils': that one loads urllib and email."""
    return _html_escape(text, quote=False)


STEPS = {
    "saddle": [
        "Keep the sheets in the order they come out of the printer: the first sheet goes outside.",
        "Fold the whole stack in half along the fold marks, the first sheet's front outward.",
        "Staple twice through the fold, from the outside. Trim the open edge if you like.",
    ],
    "perfect": [
        "Fold each section (each group of {per} sheet(s), in order) in half along the fold marks.",
        "Stack the folded sections in order; the collation marks on the spines make a staircase if the order is right.",
        "Glue or sew along the spine.",
    ],
    "quarto": [
        "Fold each sheet in half so the top half goes behind, then in half again from left to right, page 1 outside.",
        "Stack the folded sheets in order, glue or sew along the spine, and trim the folded head open.",
    ],
    "mini8": [
        "Fold the sheet in half the long way, printed side out; unfold.",
        "Fold it in half the short way, fold both ends back to that middle fold, and unfold.",
        "Fold it in half the short way again and cut along the marked line from the fold to the"
        " middle: through the two middle panels only.",
        "Unfold, fold the long way, push the ends toward the middle so the cut opens, and fold"
        " it flat into a booklet with page 1 on the front.",
    ],
    "mini16": [
        "Cut the sheet in half along the long middle line.",
        "Turn the top half round and lay the bottom half on it, both with the printed fronts up.",
        "Fold the pair in half along the middle, then in half again, page 1 outside.",
        "Staple along the spine fold and cut the folded fore-edge open.",
    ],
    "cutstack": [
        "Cut the stack along the crop marks into {n} piles without reordering the sheets.",
        "Put pile 1 (top {first}) on pile 2 on pile 3 and so on, in reading order.",
        "Bind along the {spine} edge: staples, glue or a binder clip.",
    ],
    "copies": [
        "Cut each sheet along the crop marks into its {n} copies.",
        "For each copy, keep its sheets in order (first sheet outside), fold in half and staple.",
    ],
    "nup": ["Cut along the crop marks if you want the pages apart."],
    "cards": [
        "Cut along the crop marks, cutting through the whole stack if your cutter allows.",
        "Each card's back is printed behind its own front.",
    ],
    "gutterfold": [
        "Fold each sheet along the dashed fold line, printed side out.",
        "Glue or tape the two halves together, then cut along the crop marks.",
    ],
}


def print_settings(plan: Plan, paper: str) -> str:
    """How to set the print dialog for this plan, in one sentence."""
    if plan.sides == 1:
        how = "one-sided"
    elif plan.flip == "manual":
        how = "one side at a time: print the fronts file, then the backs file (see below)"
    else:
        how = f"double-sided, flip on {plan.flip.replace('-', ' ')}"
    return f"Print on {paper} paper, {how}, at 100% (actual size), not 'fit to page'."


MANUAL = (
    "Printing by hand on both sides: print the fronts file. Put the printed stack back in the"
    " paper tray turned over the way the pages turn ({turn}), so that sheet 1 is printed first,"
    " on its blank side. Then print the backs file. If the backs come out in reverse order,"
    " print them again with 'reverse order' ticked in the print dialog."
)


def steps(plan: Plan) -> list[str]:
    spine = plan.params.get("spine", "left")
    grid = plan.params.get("grid", (1, 1))
    fill = {
        "per": max(1, len(plan.groups[0]) if plan.groups else 1),
        "n": grid[0] * grid[1],
        "first": "right" if spine == "right" else "left",
        "spine": spine,
    }
    key = "quarto" if plan.binding == "quarto" else plan.scheme
    out = [s.format(**fill) for s in STEPS.get(key, [])]
    if plan.scheme in ("mini8", "mini16") and plan.sheet_count > 1:
        per = 8 if plan.scheme == "mini8" else 16
        out.append(
            f"This job is {plan.sheet_count} sheets: each is a zine of its own, {per} pages each"
            f" (sheet 2 starts at page {per + 1}). Fold each sheet the same way."
        )
    if plan.flip == "manual" and plan.sides == 2:
        turn = "top edge to bottom edge" if spine == "top" else "left edge over to the right, top stays at the top"
        out.insert(0, MANUAL.format(turn=turn))
    return out


def instruction_page(plan: Plan, title: str, paper: str, font: str, bold: str) -> bytes:
    """A one-page PDF, the size of the sheet, with the words and a diagram."""
    # reportlab is imported here, not at the top: imposing without
    # instructions never needs it, and it is a tenth of a second to load.
    from reportlab.pdfgen import canvas as rl_canvas

    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=plan.sheet_size, invariant=1)
    c.setTitle(f"How to print {title}")
    draw_instructions(c, plan, title, paper, font, bold)
    c.showPage()
    c.save()
    return buf.getvalue()


def draw_instructions(c, plan: Plan, title: str, paper: str, font: str, bold: str) -> None:  # noqa: ANN001
    """The instruction sheet's words and diagram, on the canvas's current page."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    w, h = plan.sheet_size
    c.setPageSize((w, h))
    margin = 15 * MM
    body = ParagraphStyle("b", fontName=font, fontSize=10.5, leading=14, spaceAfter=5)
    head = ParagraphStyle("h", fontName=bold, fontSize=16, leading=20)
    y = h - margin
    width = w * 0.5 - margin if w > h else w - 2 * margin
    for text, style in [(f"How to print: {escape(title)}", head), (escape(print_settings(plan, paper)), body)] + [
        (f"{i}. {escape(s)}", body) for i, s in enumerate(steps(plan), 1)
    ]:
        p = Paragraph(text, style)
        _, ph = p.wrap(width, h)
        y -= ph + style.spaceAfter
        p.drawOn(c, margin, y)
    # The diagram: the first sheet's front (and back), page numbers as placed.
    sides = ["front", "back"] if plan.sides == 2 else ["front"]
    if w > h:
        box_w = w * 0.40
        x0, top = w - margin - box_w, h - margin - 10
    else:
        box_w = (w - 2 * margin - 10 * MM) / len(sides)
        x0, top = margin, y - 12 * MM
    scale = box_w / w
    for i, side in enumerate(sides):
        if w > h:
            ox, oy = x0, top - (i + 1) * (h * scale + 12 * MM) + 8 * MM
        else:
            ox, oy = x0 + i * (box_w + 10 * MM), top - h * scale
        _diagram(c, plan, side, ox, oy, scale, font)
        c.setFont(font, 8)
        c.drawString(ox, oy + h * scale + 3, f"sheet 1, {side}" + (" (as printed)" if side == "back" else ""))


def _diagram(c, plan: Plan, side: str, ox: float, oy: float, s: float, font: str) -> None:  # noqa: ANN001
    w, h = plan.sheet_size
    c.saveState()
    c.setLineWidth(0.6)
    c.rect(ox, oy, w * s, h * s)
    for p in plan.side(0, side):
        r = p.trim
        c.setLineWidth(0.4)
        c.rect(ox + r.x * s, oy + r.y * s, r.w * s, r.h * s)
        if p.page is None:
            continue
        cx, cy = ox + (r.x + r.w / 2) * s, oy + (r.y + r.h / 2) * s
        c.saveState()
        c.translate(cx, cy)
        c.rotate(p.rotation)
        c.setFont(font, max(6, min(16, r.h * s / 4)))
        c.drawCentredString(0, -4, str(p.page + 1))
        c.restoreState()
    for m in plan.side_marks(0, side):
        if m.kind == "fold":
            c.setDash(2, 2)
            c.setLineWidth(0.4)
            c.setStrokeGray(0.4)
        elif m.kind == "cut":
            c.setDash()
            c.setLineWidth(1.6)  # heavy, so it shows over the panels' edges
            c.setStrokeGray(0)
        else:
            continue
        c.line(ox + m.x0 * s, oy + m.y0 * s, ox + m.x1 * s, oy + m.y1 * s)
    if any(m.kind == "cut" for m in plan.side_marks(0, side)):
        c.setFont(font, 7)
        c.setFillGray(0)
        c.drawString(ox, oy - 10, "heavy line: cut here; dashed: fold")
    c.restoreState()
