"""Impose finished pages onto printer sheets.

Takes a PDF of finished pages (ours or anyone's) and a scheme, and returns
sheets. It knows nothing of Markdown, layouts or cards.

    plan = plan_for(pdf, "saddle", options)   # pure geometry
    writer = draw(pdf, plan)                  # the PDF
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError

from zinemaker.errors import ZinemakerError
from zinemaker.impose import schemes
from zinemaker.impose.draw import SheetWriter, source_page
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan

__all__ = ["ImposeOptions", "Pages", "Plan", "open_pdf", "pages_of", "plan_for", "impose"]


def open_pdf(source: Path | bytes, name: str | None = None) -> PdfReader:
    """Open a PDF to impose, or say plainly why it can't be used."""
    where = name or str(source if isinstance(source, Path) else "input PDF")
    try:
        if isinstance(source, bytes):
            reader = PdfReader(io.BytesIO(source))
        else:
            reader = PdfReader(str(source))
        if reader.is_encrypted:
            # Many PDFs are "encrypted" only with an owner password and open
            # with an empty one; those are fine to read.
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                ok = 0
            if not ok:
                raise ZinemakerError(
                    "the PDF is password-protected: save an unprotected copy"
                    " (for example with qpdf --decrypt) and impose that",
                    where,
                )
        if len(reader.pages) == 0:
            raise ZinemakerError("the PDF has no pages", where)
        for page in reader.pages:
            page.trimbox  # noqa: B018 - touch every page so damage shows now
    except FileNotFoundError:
        raise ZinemakerError("no such file: check the path", where) from None
    except ZinemakerError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ZinemakerError(
            f"not a readable PDF ({exc}): re-export or repair it and try again", where
        ) from None
    return reader


def pages_of(reader: PdfReader) -> Pages:
    """The count, trim size and bleed of a PDF's pages (taken from page 1)."""
    first = reader.pages[0]
    src = source_page(first)
    w, h = src.size
    t, b = first.trimbox, first.bleedbox
    bleed = min(
        float(t.left) - float(b.left),
        float(t.bottom) - float(b.bottom),
        float(b.right) - float(t.right),
        float(b.top) - float(t.top),
    )
    return Pages(len(reader.pages), w, h, max(0.0, bleed))


def plan_for(reader: PdfReader, scheme: str, options: ImposeOptions) -> Plan:
    """The plan for imposing this PDF with this scheme."""
    return schemes.get(scheme)(pages_of(reader), options)


def impose(
    reader: PdfReader, scheme: str, options: ImposeOptions, title: str | None = None
) -> tuple[Plan, PdfWriter]:
    """Plan and draw: the imposed PDF, ready to write."""
    plan = plan_for(reader, scheme, options)
    sheets = SheetWriter(reader)
    sheets.add_plan(plan)
    return plan, sheets.finish(title, plan.flip if plan.sides == 2 else None)
