"""An instruction sheet: how to print, cut, fold and bind this output, in
words and a small diagram of the first sheet, generated from the plan."""

from __future__ import annotations

import io

from zinemaker.impose.plan import Plan
from zinemaker.impose.steps import Say, SetAside, Step
from zinemaker.units import MM
from zinemaker.vocab import plural


def escape(text: str) -> str:
    """``text`` safe inside reportlab's paragraph markup (&, <, >), as
    ``html.escape(text, quote=False)`` makes it, without loading html's
    table of entities (or xml.sax.saxutils, which loads urllib and email)
    into every impose."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
    "Printing by hand on both sides: print the fronts file. Put the whole printed stack{extra} back"
    " in the paper tray turned over the way the pages turn ({turn}), so that sheet 1 is printed"
    " first, on its blank side. Then print the backs file: it has as many pages as the fronts file."
    " If the backs come out in reverse order, print them again with 'reverse order' ticked in the"
    " print dialog."
)


def steps(plan: Plan, instructions: bool = False) -> list[Step]:
    """Every step after the print dialog, as data: the scheme's finishing
    steps (what the fold simulator does), after how to print a manual
    duplex and, if there is one, setting the instruction sheet aside."""
    from zinemaker.impose.schemes import get

    scheme = get(plan.scheme)
    out: list[Step] = []
    if plan.flip == "manual" and plan.sides == 2:
        turn = "top edge to bottom edge" if plan.spine == "top" else "left edge over to the right, top stays at the top"
        extra = " (the instruction sheet too: its back stays blank)" if instructions else ""
        out.append(Say(MANUAL.format(turn=turn, extra=extra)))
    if instructions:
        out.append(SetAside())
    if scheme.each_sheet and plan.sheet_count > 1:
        per = scheme.multiple
        out.append(
            Say(
                f"This job is {plural(plan.sheet_count, 'sheet')}: each is a zine of its own, {per} pages"
                f" (sheet 2 starts at page {per + 1}). Do each step to each sheet."
            )
        )
    return out + scheme.steps(plan)


def words(plan: Plan, instructions: bool = False) -> list[str]:
    """The steps as a person reads them, one sentence or two each."""
    return [s.words(plan) for s in steps(plan, instructions)]


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
        (f"{i}. {escape(s)}", body) for i, s in enumerate(words(plan, True), 1)
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
