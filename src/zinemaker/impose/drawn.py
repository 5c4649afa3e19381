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

    done = impose_drawn(art, pages, "cards", options, "My deck", labels=labels)
"""

from __future__ import annotations

import io
from typing import Protocol

from zinemaker.impose import schemes
from zinemaker.impose.ops import SourcePage, back_shift, contents, duplex, mark_ops, matrix_ops, placement_ops
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan
from zinemaker.pdfpages import show_page


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

    #: True if :meth:`draw` leaves the canvas's state as reportlab keeps it
    #: (font, colours, matrix) as it found it, saving and restoring what it
    #: changes: each page is then placed between a bare ``q`` and ``Q``, with
    #: no copy of that state saved and restored around it. (Optional: an
    #: artwork without it is placed between ``saveState`` and ``restoreState``.)
    keeps_state: bool = False


def impose_drawn(
    art: Artwork,
    pages: Pages,
    scheme: str,
    options: ImposeOptions,
    title: str | None = None,
    *,
    labels=None,  # noqa: ANN001 - an impose.Labels
    instructions: bool = False,
    paper: str = "",
    slug: bool = True,
    progress=None,  # noqa: ANN001
):  # noqa: ANN201 - an impose.Imposed
    """Plan and draw: the same :class:`~zinemaker.impose.Imposed` as
    :func:`zinemaker.impose.impose` gives, the same files by role with the
    same pages in them (:func:`~zinemaker.impose.ops.contents`)."""
    from reportlab.pdfgen import canvas as rl_canvas

    from zinemaker.impose import Imposed, SheetFile, paper_name
    from zinemaker.impose.instructions import draw_instructions
    from zinemaker.impose.slug import band, draw_slug, slug_forms

    plan = schemes.plan(scheme, pages, options)
    b = pages.bleed
    src = SourcePage((b, b, b + pages.width, b + pages.height), 0)
    job = title or "zinemaker"
    instructions = instructions and labels is not None
    with_slug = slug and labels is not None and any(band(plan, 0, side) for side in ("front", "back"))
    out: dict = {}
    for role, wanted in contents(plan, instructions).items():
        buf = io.BytesIO()
        font = labels.regular if labels is not None else "Helvetica"
        c = rl_canvas.Canvas(buf, pagesize=plan.sheet_size, invariant=1, pageCompression=1, initialFontName=font)
        c.setTitle(f"{title} ({role})" if role != "sheets" and title else (title or ""))
        c.setSubject(
            f"{scheme} sheets" + (f" for {paper}" if paper else "") + (f", {role}" if role != "sheets" else "")
        )
        c.setAuthor("")
        c.setCreator("zinemaker")
        c.setProducer("zinemaker")
        c.setViewerPreference("PrintScaling", "None")
        c.setViewerPreference("Duplex", duplex(plan, role))
        art.prepare(c, {p.page for p in plan.placements if (p.sheet, p.side) in wanted and p.page is not None})
        bars = slug_forms(c, plan, labels.regular) if with_slug else None
        placed: dict = {}  # a slot's clip and matrix, and a side's marks, written once: sheets repeat them
        for entry in wanted:
            if entry == "instructions":
                draw_instructions(
                    c, plan, title or "this job", paper or paper_name(plan.sheet_size), labels.regular, labels.bold
                )
                show_page(c)
                continue
            if entry == "blank":
                show_page(c)  # a blank back, so fronts stay fronts
                continue
            sheet, side = entry
            if progress and side == "front" and sheet and sheet % 50 == 0:
                progress(sheet, plan.sheet_count)
            c.saveState()
            shift = back_shift(plan, side)
            if shift:
                # The printer's measured back error, undone for everything
                # on the back, the slug too (it is printed there as well).
                c._code.append(matrix_ops(shift))
            _side(c, art, src, plan, sheet, side, placed)
            if bars is not None:
                draw_slug(c, plan, sheet, side, job, labels.regular, bars)
            c.restoreState()
            show_page(c)
        c.save()
        out[role] = SheetFile(role, buf.getvalue(), wanted)
    return Imposed(plan, out, plan.notes, instructions)


def _side(c, art: Artwork, src: SourcePage, plan: Plan, sheet: int, side: str, placed: dict) -> None:  # noqa: ANN001
    """A sheet side's pages, each clipped and placed, and its marks."""
    keep = getattr(art, "keeps_state", False)
    for p in plan.side(sheet, side):
        if p.page is None:
            continue
        where = (p.trim, p.rotation, p.bleed)
        ops = placed.get(where)
        if ops is None:
            ops = placed[where] = placement_ops(src, p, plan)
        if keep:  # what saveState and restoreState write, without their copy of the state
            code = c._code
            code += ("q", ops)
            art.draw(c, p.page)
            code.append("Q")
            continue
        c.saveState()
        c._code.append(ops)
        art.draw(c, p.page)
        c.restoreState()
    # Sides with the same marks in the same places (every front of a deck's
    # sheets) write them the same: worked out once. A mark is known by all
    # it says but where it is printed.
    key = tuple(
        tuple(v for k, v in vars(m).items() if k not in ("sheet", "side")) for m in plan.side_marks(sheet, side)
    )
    marks = placed.get(key)
    if marks is None:
        marks = placed[key] = mark_ops(plan, sheet, side)
    c._code.extend(marks)
