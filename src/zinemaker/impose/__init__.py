"""Impose finished pages onto printer sheets.

Takes a PDF of finished pages (ours or anyone's) and a scheme, and returns
sheets. It knows nothing of Markdown, layouts or cards.

    plan = plan_for(pdf, "saddle", options)        # pure geometry
    done = impose(pdf, "saddle", options, labels=...)  # the PDF(s), by role
"""

from __future__ import annotations

import io
import logging
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose import schemes
from zinemaker.impose.ops import SourcePage, contents, duplex
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan

if TYPE_CHECKING:
    from pypdf import PdfReader

# pypdf is imported where a PDF is read or written, not here: a deck's card
# sheets are drawn without it (see impose.drawn), and it is 0.06 s to load.

__all__ = [
    "ImposeOptions",
    "Imposed",
    "Labels",
    "Pages",
    "Plan",
    "SheetFile",
    "impose",
    "open_pdf",
    "pages_of",
    "plan_for",
]


def open_pdf(source: Path | bytes, name: str | None = None) -> PdfReader:
    """Open a PDF to impose, or say plainly why it can't be used."""
    from zinemaker.impose.reading import Reader, check_page

    where = name or str(source if isinstance(source, Path) else "input PDF")
    try:
        head = source[:1024] if isinstance(source, bytes) else Path(source).open("rb").read(1024)
        if b"%PDF" not in head:
            shown = head[:12].decode("latin-1", "replace").strip() or "nothing"
            raise ZinemakerError(f"not a PDF file (it begins with {shown!r}): choose a .pdf file", where)
        # pypdf reports repairs it makes as log lines; a user needs our one line.
        logging.getLogger("pypdf").setLevel(logging.ERROR)
        if isinstance(source, bytes):
            reader = Reader(io.BytesIO(source))
        else:
            reader = Reader(str(source))
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
        for n, page in enumerate(reader.pages, start=1):
            check_page(page, n, where)  # every page now, so damage shows before any work
    except FileNotFoundError:
        raise ZinemakerError("no such file: check the path", where) from None
    except ZinemakerError:
        raise
    except pdf_faults() as exc:
        raise damaged(exc, where) from None
    return reader


def pdf_faults() -> tuple[type[BaseException], ...]:
    """The exceptions reading a damaged PDF raises (for ``except pdf_faults():``)."""
    from pypdf.errors import PyPdfError

    # What pypdf raises on a damaged file, besides its own errors: it
    # follows whatever the file's objects say, so anything can go wrong.
    return (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, ZeroDivisionError,
            AssertionError, RecursionError, OSError)


def damaged(exc: BaseException, where: str) -> ZinemakerError:
    """A damaged PDF's exception, met while opening, imposing or checking
    it, as one line about ``where``: pypdf's own words where it has them."""
    from pypdf.errors import PyPdfError

    if isinstance(exc, RecursionError):
        why = "its objects nest too deep"
    elif isinstance(exc, (PyPdfError, OSError)) or (isinstance(exc, ValueError) and type(exc) is ValueError):
        why = " ".join(str(exc).split()).rstrip(".") or type(exc).__name__
    else:  # a Python error from deep in pypdf says nothing to a reader
        why = "its objects are damaged or refer to themselves"
    return ZinemakerError(f"not a readable PDF ({why}): re-export or repair it and try again", where)


def pages_of(reader: PdfReader | list) -> Pages:
    """The count, trim size and bleed of a PDF's pages (or of a list of
    its pages), taken from the first."""
    from zinemaker.impose.draw import source_page

    chosen = list(reader.pages) if not isinstance(reader, list) else reader
    first = chosen[0]
    src = source_page(first)
    w, h = src.size
    if not (math.isfinite(w) and math.isfinite(h)) or min(w, h) < 1:
        raise ZinemakerError(
            f"its first page has no size ({w:g} x {h:g} points in its MediaBox or TrimBox): re-export the PDF"
        )
    t, b = first.trimbox, first.bleedbox
    bleed = min(
        float(t.left) - float(b.left),
        float(t.bottom) - float(b.bottom),
        float(b.right) - float(t.right),
        float(b.top) - float(t.top),
    )
    return Pages(len(chosen), w, h, max(0.0, bleed))


def plan_for(reader: PdfReader | list, scheme: str, options: ImposeOptions, back: PdfReader | None = None) -> Plan:
    """The plan for imposing this PDF, or these of its pages (and card
    backs), with this scheme."""
    pages = pages_of(reader)
    if back is not None:
        pages = Pages(pages.count + len(back.pages), pages.width, pages.height, pages.bleed)
    return schemes.plan(scheme, pages, options)


@dataclass(frozen=True)
class Labels:
    """The fonts impose writes its own words in (instruction sheet, slug):
    names registered with reportlab, given by the caller."""

    regular: str
    bold: str


@dataclass(frozen=True)
class SheetFile:
    """One PDF to print: its role ("sheets", or "fronts" and "backs" for a
    manual duplex), its bytes, and what each of its pages is:
    ``(sheet, side)`` of the plan, "instructions" or "blank"."""

    role: str
    data: bytes
    pages: tuple[tuple[int, str] | str, ...]

    @property
    def suffix(self) -> str:
        """What goes after ``.print`` in the file's name: "" or ".fronts"
        (a cover is a file of its own: see :attr:`name`)."""
        return "" if self.role == "sheets" else f".{self.role}"

    def name(self, stem: str) -> str:
        """The file's name: STEM.print.pdf, STEM.print.fronts.pdf, STEM.cover.pdf ..."""
        if self.role.startswith("cover"):
            return f"{stem}.{self.role}.pdf"
        return f"{stem}.print{self.suffix}.pdf"


@dataclass(frozen=True)
class Imposed:
    """What imposing made: the plan, the files by role, and notes for the
    person printing. Build, preview, check and the CLI all read this."""

    plan: Plan
    files: dict[str, SheetFile]
    notes: tuple[str, ...] = ()
    instructions: bool = False

    def steps(self) -> list[str]:
        """The finishing steps in words, as the instruction sheet prints them."""
        from zinemaker.impose.instructions import words

        return words(self.plan, self.instructions)


def impose(
    reader: PdfReader,
    scheme: str,
    options: ImposeOptions,
    title: str | None = None,
    *,
    labels: Labels | Callable[[], Labels] | None = None,
    back: PdfReader | None = None,
    instructions: bool = False,
    paper: str = "",
    slug: bool = True,
    progress=None,  # noqa: ANN001
    select: list[int] | None = None,
) -> Imposed:
    """Plan and draw the imposed PDF(s) of a PDF's pages.

    ``back`` is a PDF of card backs (one for all, or one per card).
    ``instructions`` adds a first sheet telling how to print, fold, cut and
    bind. ``labels`` are the fonts for that sheet and the slug (without
    them, neither is drawn), or a function giving them: called only when a
    sheet has room for a slug or there is an instruction sheet, since
    loading fonts is a sixth of imposing a long PDF that needs neither. ``select`` imposes only these pages (0-based,
    in this order; see :func:`page_ranges`).
    """
    from zinemaker.impose.draw import SheetWriter, source_page

    if back is not None:
        fronts = len(reader.pages)
        if len(back.pages) == 1:
            options = replace(options, backs="single")
        elif len(back.pages) == fronts:
            options = replace(options, backs="each")
        else:
            raise ZinemakerError(
                f"{option('back')} has {len(back.pages)} pages for {fronts} cards: give one back for all cards,"
                " or one per card",
                field="back",
            )
    chosen = list(reader.pages) if select is None else [reader.pages[i] for i in select]
    plan = plan_for(chosen, scheme, options, back)
    if options.cover:
        _cover_fits(plan, options)
    instructions = instructions and labels is not None
    pages = chosen + (list(back.pages) if back is not None else [])
    sources = [source_page(p) for p in pages]  # each page's trim and turn, read once for every file
    fonts = labels if callable(labels) else lambda: labels
    slug_pages = _slugs(plan, title or "zinemaker", fonts) if slug and labels else {}
    sheet_page = _instructions(plan, title or "this job", paper, fonts()) if instructions else None
    files: dict[str, SheetFile] = {}
    for role, wanted in _with_cover(contents(plan, instructions), options.cover).items():
        sheets = SheetWriter(pages, sources)
        for entry in wanted:
            if entry == "instructions":
                sheets.add_whole_page(sheet_page, False)
            elif entry == "blank":
                sheets.writer.add_blank_page(*plan.sheet_size)
            else:
                sheet, side = entry
                if progress and side == "front" and sheet and sheet % 50 == 0:
                    progress(sheet, plan.sheet_count)
                sheets.add_side(plan, sheet, side, slug_pages.get((sheet, side)))
        writer = sheets.finish(f"{title} ({role})" if role != "sheets" and title else title, duplex(plan, "sheets" if role == "cover" else role))
        buf = io.BytesIO()
        writer.write(buf)
        files[role] = SheetFile(role, buf.getvalue(), wanted)
    return Imposed(plan, files, plan.notes + _sizes(sources[: len(chosen)], plan), instructions)


def page_ranges(text: str, count: int) -> list[int]:
    """Pages named as a person writes them, ``1-16,20`` or ``3-`` (to the
    end), as 0-based indices in that order; a page past the end or a range
    that runs backwards is a mistake named plainly."""
    out: list[int] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        a, dash, b = part.partition("-")
        try:
            first = int(a) if a.strip() else 1
            last = (int(b) if b.strip() else count) if dash else first
        except ValueError:
            raise ZinemakerError(
                f"{option('pages')}: {part!r} is not a page or a range: write them like 1-16,20", field="pages"
            ) from None
        if first < 1 or last < first:
            raise ZinemakerError(f"{option('pages')}: {part!r} runs backwards or from 0: pages count from 1", field="pages")
        if last > count:
            raise ZinemakerError(f"{option('pages')}: page {last} is past the end: the PDF has {count} pages", field="pages")
        out += range(first - 1, last)
    if not out:
        raise ZinemakerError(f"{option('pages')}: no pages named: write them like 1-16,20", field="pages")
    return out


def _sizes(pages: list[SourcePage], plan: Plan) -> tuple[str, ...]:
    """A note naming the pages whose size differs from page 1's: they are
    placed as they are, centred in their slots, not silently scaled."""
    from zinemaker.units import fmt_mm
    from zinemaker.vocab import plural

    w, h = pages[0].size
    odd = [i for i, p in enumerate(pages) if max(abs(a - b) for a, b in zip(p.size, (w, h))) > 0.5]
    if not odd:
        return ()
    shown = ", ".join(str(i + 1) for i in odd[:8]) + (", ..." if len(odd) > 8 else "")
    size = f"{fmt_mm(w)} x {fmt_mm(h)}"
    if plan.fit:
        how = "placed at page 1's scale, centred, and scaled down where they would not fit"
    else:
        how = f"placed at 100%, centred in their slots (add {option('fit', True)} to scale them to fit)"
    return (f"{plural(len(odd), 'page')} ({shown}) differ in size from page 1 ({size}): {how}",)


def _cover_fits(plan: Plan, options: ImposeOptions) -> None:
    """A cover of its own is the outer sheet of one saddle-stitched booklet."""
    if plan.scheme != "saddle":
        raise ZinemakerError(
            f"a cover sheet of its own is made for the saddle scheme, not {plan.scheme} (a layout's [cover]"
            " with scheme perfect makes a wrap with a spine): leave out the cover, or use saddle",
            field="cover",
        )
    if len(plan.groups) > 1:
        raise ZinemakerError(
            "a cover on its own stock wraps one booklet: leave out signature, or leave out the cover",
            field="signature",
        )
    if plan.sheet_count < 2:
        raise ZinemakerError(
            f"{plan.page_count} pages fill only the cover sheet: a separate cover needs more than 4 pages",
            field="cover",
        )


def _with_cover(files: dict[str, tuple], cover: bool) -> dict[str, tuple]:
    """With a cover of its own, each file's outer sheet (sheet 1) moves to a
    cover file ("cover", or "cover.fronts" and "cover.backs" for a manual
    duplex): the insides are every other sheet."""
    if not cover:
        return files
    out: dict[str, tuple] = {}
    for role, pages in files.items():
        out[role] = tuple(p for p in pages if not (isinstance(p, tuple) and p[0] == 0))
    for role, pages in files.items():
        name = "cover" if role == "sheets" else f"cover.{role}"
        out[name] = tuple(p for p in pages if isinstance(p, tuple) and p[0] == 0)
    return out


def _slugs(plan: Plan, job: str, fonts: Callable[[], Labels]) -> dict:
    """Slug pages by (sheet, side), for the sides that have room for one."""
    from zinemaker.impose.slug import band, slug_pdf

    if not any(band(plan, 0, side) for side in ("front", "back")):
        return {}  # pages fill the sheet: no room, and no cost
    from pypdf import PdfReader

    pdf, keys = slug_pdf(plan, job, fonts().regular, ("front", "back"))
    if not keys:
        return {}
    reader = PdfReader(io.BytesIO(pdf))
    return dict(zip(keys, reader.pages, strict=True))


def _instructions(plan: Plan, title: str, paper: str, labels: Labels):  # noqa: ANN202
    from pypdf import PdfReader

    from zinemaker.impose.instructions import instruction_page

    pdf = instruction_page(plan, title, paper or paper_name(plan.sheet_size), labels.regular, labels.bold)
    return PdfReader(io.BytesIO(pdf)).pages[0]


def paper_name(size: tuple[float, float]) -> str:
    from zinemaker.units import PAPER

    w, h = sorted(size)
    for name, (pw, ph) in PAPER.items():
        if abs(pw - w) < 1 and abs(ph - h) < 1:
            return name.upper() if name.startswith("a") else name.capitalize()
    return "your"
