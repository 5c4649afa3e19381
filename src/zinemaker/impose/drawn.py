"""Impose pages drawn in this run straight onto the sheets.

A deck typeset here need not be written as a PDF of faces and read back to
be imposed. Each front is drawn once, where the plan puts it, into the
sheet's own content. What many placements share (the one back, the
category bands, the slug's bar) is a form, stored once. A thousand cards
then cost a thousand drawings, with no thousand-page PDF written, parsed and
copied in between, and the cards on a sheet compress together.

Geometry, clipping, marks, the slug and the back offset come from the same
code as :mod:`zinemaker.impose.draw`, which imposes pages of a PDF: a page
placed by either lands on the same spot.

    plan, files = impose_drawn(art, pages, "cards", options, "My deck")
"""

from __future__ import annotations

import io
from typing import Protocol

from zinemaker.impose import schemes
from zinemaker.impose.ops import SourcePage, back_shift, duplex, mark_ops, matrix_ops, placement_ops, roles
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan


class Artwork(Protocol):
    """Pages that can draw themselves on a reportlab canvas.

    Every page is ``pages.width`` by ``pages.height`` at the trim, with
    ``pages.bleed`` around it, drawn with the bleed box's corner at (0, 0).
    """

    def prepare(self, c, pages: set[int]) -> None:  # noqa: ANN001
        """Define what the pages share (forms) on a new canvas, before any
        page; ``pages`` are those this canvas will draw."""

    def draw(self, c, index: int) -> None:  # noqa: ANN001
        """Draw page ``index`` in its own coordinates."""


def impose_drawn(
    art: Artwork,
    pages: Pages,
    scheme: str,
    options: ImposeOptions,
    title: str | None = None,
    *,
    instructions: bool = False,
    paper: str = "",
    slug: bool = True,
    progress=None,  # noqa: ANN001
) -> tuple[Plan, dict[str, bytes]]:
    """Plan and draw: the imposed PDF(s) as bytes, by role, as
    :func:`zinemaker.impose.impose` gives them (``""``, or ``"fronts"`` and
    ``"backs"`` for a manual duplex)."""
    from reportlab.pdfgen import canvas as rl_canvas

    from zinemaker.impose import _paper_name
    from zinemaker.impose.instructions import draw_instructions
    from zinemaker.impose.slug import band, draw_slug, slug_forms
    from zinemaker.typeset import fonts

    plan = schemes.plan(scheme, pages, options)
    b = pages.bleed
    src = SourcePage((b, b, b + pages.width, b + pages.height), 0)
    font = fonts.family("Open Sans")
    job = title or "zinemaker"
    with_slug = slug and any(band(plan, 0, side) for side in ("front", "back"))
    out: dict[str, bytes] = {}
    for role, sides in roles(plan).items():
        buf = io.BytesIO()
        c = rl_canvas.Canvas(
            buf, pagesize=plan.sheet_size, invariant=1, pageCompression=1, initialFontName=font.regular
        )
        c.setTitle(f"{title} ({role})" if role and title else (title or ""))
        c.setSubject(f"{scheme} sheets" + (f" for {paper}" if paper else "") + (f", {role}" if role else ""))
        c.setAuthor("")
        c.setCreator("zinemaker")
        c.setProducer("zinemaker")
        c.setViewerPreference("PrintScaling", "None")
        c.setViewerPreference("Duplex", duplex(plan, role))
        art.prepare(c, {p.page for p in plan.placements if p.side in sides and p.page is not None})
        bars = slug_forms(c, plan, font.regular) if with_slug else None
        if instructions and role in ("", "fronts"):
            draw_instructions(
                c, plan, title or "this job", paper or _paper_name(plan.sheet_size), font.regular, font.bold
            )
            c.showPage()
            if plan.sides == 2 and role == "":
                c.showPage()  # a blank back, so fronts stay fronts
        for sheet in range(plan.sheet_count):
            if progress and sheet and sheet % 50 == 0:
                progress(sheet, plan.sheet_count)
            for side in sides:
                if side == "back" and plan.sides == 1:
                    continue
                c.saveState()
                shift = back_shift(plan, side)
                if shift:
                    # The printer's measured back error, undone for everything
                    # on the back, the slug too (it is printed there as well).
                    c._code.append(matrix_ops(shift))
                _side(c, art, src, plan, sheet, side)
                if bars is not None:
                    draw_slug(c, plan, sheet, side, job, font.regular, bars)
                c.restoreState()
                c.showPage()
        c.save()
        out[role] = buf.getvalue()
    return plan, out


def _side(c, art: Artwork, src: SourcePage, plan: Plan, sheet: int, side: str) -> None:  # noqa: ANN001
    """A sheet side's pages, each clipped and placed, and its marks."""
    for p in plan.side(sheet, side):
        if p.page is None:
            continue
        c.saveState()
        c._code.append(placement_ops(src, p))
        art.draw(c, p.page)
        c.restoreState()
    c._code.extend(mark_ops(plan, sheet, side))
