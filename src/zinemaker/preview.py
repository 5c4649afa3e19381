"""Pictures before paper: the reader pages as a contact sheet, and each
imposed sheet side with its folds and cuts drawn over it, as PNG files.

Rendering is PDFium's (pypdfium2), the engine in Chrome, so what the
pictures show is what a printer driver will get.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw

from zinemaker.impose.plan import Placement, Plan

FOLD = (40, 110, 200)
CUT = (200, 40, 40)


def render(pdf: bytes, dpi: float, pages: list[int] | None = None) -> list[Image.Image]:
    doc = pdfium.PdfDocument(pdf)
    try:
        chosen = range(len(doc)) if pages is None else pages
        # RGB byte order straight from PDFium: no conversion or copy after.
        return [doc[i].render(scale=dpi / 72, rev_byteorder=True).to_pil() for i in chosen]
    finally:
        doc.close()


def contact_sheet(
    images: list[Image.Image], columns: int = 8, gap: int = 10, labels: bool | list[str] = True
) -> Image.Image:
    """Pages side by side in rows, numbered (or named) underneath, on a grey table."""
    w = max(i.width for i in images)
    h = max(i.height for i in images)
    cols = min(columns, len(images))
    rows = (len(images) + cols - 1) // cols
    label = 14 if labels else 0
    sheet = Image.new("RGB", (cols * (w + gap) + gap, rows * (h + gap + label) + gap), (150, 150, 150))
    draw = ImageDraw.Draw(sheet)
    for n, im in enumerate(images):
        r, c = divmod(n, cols)
        x, y = gap + c * (w + gap), gap + r * (h + gap + label)
        sheet.paste(im, (x, y))
        if labels:
            name = labels[n] if isinstance(labels, list) else str(n + 1)
            draw.text((x + w // 2 - 3 * len(name), y + h + 1), name, fill=(20, 20, 20))
    return sheet


def sheet_pictures(
    sheets, plan: Plan, dpi: float = 150, pages: dict[int, Image.Image] | None = None  # noqa: ANN001
) -> list[tuple[str, Image.Image]]:
    """Every page of a file the build wrote (an :class:`~zinemaker.impose.SheetFile`),
    named for what it is, each sheet side with its trims (red) and folds
    (blue, dashed) drawn over it. Blank backs are left out.

    ``pages`` (source page index -> picture) is given each source page the
    sides show, cut out of the first side it is on along its trim, turned
    upright: the contact sheet is made of these, so no page is rendered
    twice."""
    out = []
    scale = dpi / 72
    w, h = plan.sheet_size
    wanted = [i for i, what in enumerate(sheets.pages) if what != "blank"]
    images = dict(zip(wanted, render(sheets.data, dpi, wanted), strict=True))
    for i, im in images.items():
        what = sheets.pages[i]
        if what == "instructions":
            out.append(("instructions", im))
            continue
        sheet, side = what
        if pages is not None:
            for p in plan.side(sheet, side):
                if p.page is not None and p.page not in pages:
                    pages[p.page] = _cut_out(im, p, h, scale)
        draw = ImageDraw.Draw(im)
        for p in plan.side(sheet, side):
            t = p.trim
            box = [t.x * scale, (h - t.y1) * scale, t.x1 * scale, (h - t.y) * scale]
            draw.rectangle(box, outline=CUT, width=1)
        for x0, y0, x1, y1 in _folds(plan, sheet, side):
            _dashed(draw, (x0 * scale, (h - y0) * scale, x1 * scale, (h - y1) * scale), FOLD)
        out.append((f"sheet-{sheet + 1:02d}-{side}", im))
    return out


#: How a page placed turned counter-clockwise by so many degrees is turned upright again.
UPRIGHT = {90: Image.Transpose.ROTATE_270, 180: Image.Transpose.ROTATE_180, 270: Image.Transpose.ROTATE_90}


def _cut_out(side: Image.Image, p: Placement, height: float, scale: float) -> Image.Image:
    """A placed page's trim, cut out of its side's picture and turned upright."""
    t = p.trim
    box = (round(t.x * scale), round((height - t.y1) * scale), round(t.x1 * scale), round((height - t.y) * scale))
    page = side.crop(box)
    turn = UPRIGHT.get(p.rotation % 360)
    return page.transpose(turn) if turn is not None else page


def _shown(pages: dict[int, Image.Image], count: int, plan: Plan, ratio: float) -> list[Image.Image] | None:
    """Pages 0 to ``count - 1`` as cut from the sheets, scaled by ``ratio``;
    None if the sheets do not show them all as printed (a page left off, or
    a back moved by the printer's measured error): then they are rendered."""
    if plan.back_shift or any(i not in pages for i in range(count)):
        return None
    size = [(max(1, round(im.width * ratio)), max(1, round(im.height * ratio))) for im in (pages[i] for i in range(count))]
    return [pages[i].resize(size[i], Image.Resampling.BOX) for i in range(count)]


def _folds(plan: Plan, sheet: int, side: str) -> list[tuple[float, float, float, float]]:
    """The fold lines of a side: the plan's fold marks drawn across the art,
    and the spine of each spread."""
    w, h = plan.sheet_size
    lines = [(m.x0, m.y0, m.x1, m.y1) for m in plan.side_marks(sheet, side) if m.kind == "fold" and m.light]
    if plan.binding in ("saddle", "copies"):
        if plan.spine == "top":
            lines.append((0, h / 2, w, h / 2))
        else:
            spreads: dict[int, list] = {}
            for p in plan.side(sheet, side):
                spreads.setdefault(p.slot // 2, []).append(p.trim)
            for pair in spreads.values():
                if len(pair) == 2:  # the spine: where the spread's two pages meet
                    a, b = sorted(pair, key=lambda t: t.x)
                    x = (a.x1 + b.x) / 2
                    lines.append((x, a.y, x, a.y1))
    return lines


def _dashed(draw: ImageDraw.ImageDraw, line: tuple[float, float, float, float], colour) -> None:  # noqa: ANN001
    x0, y0, x1, y1 = line
    length = max(abs(x1 - x0), abs(y1 - y0))
    steps = max(1, int(length // 6))
    for k in range(0, steps, 2):
        a, b = k / steps, min(1, (k + 1) / steps)
        draw.line(
            [x0 + (x1 - x0) * a, y0 + (y1 - y0) * a, x0 + (x1 - x0) * b, y0 + (y1 - y0) * b], fill=colour, width=2
        )


#: The deflate effort for the pictures: ISA-L's level 2 (of 0-3) is as
#: fast as its 1 and a little smaller; zlib's 2 where ISA-L is missing.
PNG_LEVEL = 2


def png(image: Image.Image, dpi: float | None = None) -> bytes:
    """A picture as an 8-bit RGB PNG, encoded quickly.

    Pillow's encoder tries all five PNG row filters on every row and keeps
    the best: most of the time of a preview went there. A rendered page is
    mostly long runs of white that deflate packs well unfiltered, so every
    row is stored with filter 0 (none) and the whole picture compressed in
    one stream, by ISA-L where it is installed (:func:`_compressor`): a
    sixth of zlib's time, files about a fifth larger. Always the same bytes
    for the same picture. With ``dpi``, the picture says its resolution
    (a pHYs chunk, as Pillow writes it), for a print service to size it."""
    if image.mode != "RGB":
        image = image.convert("RGB")
    w, h = image.size
    raw = memoryview(image.tobytes())
    stride = 3 * w
    z = _compressor()
    data = []
    for row in range(0, len(raw), stride):
        data.append(z.compress(b"\0"))  # the row's filter: none
        data.append(z.compress(raw[row : row + stride]))
    data.append(z.flush())
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)  # 8 bits, RGB, deflate, no filter choice, no interlace
    size = b""
    if dpi is not None:
        per_metre = int(dpi / 0.0254 + 0.5)
        size = _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))  # 1: the unit is the metre
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + size
        + _chunk(b"IDAT", b"".join(data))
        + _chunk(b"IEND", b"")
    )


def _compressor():  # noqa: ANN202
    """A zlib stream's compressor, as PNG's IDAT holds it: ISA-L's (a
    dependency), or zlib's where an install lacks it."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib.compressobj(PNG_LEVEL)
    return isal_zlib.compressobj(PNG_LEVEL)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def preview_layout(layout_path: Path, paper: str | None = None, dpi: float = 150) -> dict[str, bytes]:
    """PNG files (name -> bytes) for one layout on one paper: what the build
    writes, every page of every file, sheets at ``dpi``; the pages (or every
    card) on a contact sheet."""
    from zinemaker.build import build_paper, card_art
    from zinemaker.definitions.layout import load_layout

    layout = load_layout(layout_path)
    paper = (paper or layout.output.papers[0]).strip().lower()
    if paper not in layout.output.papers:
        from zinemaker.errors import ZinemakerError

        raise ZinemakerError(
            f"--paper {paper}: this layout prints on {', '.join(layout.output.papers)}", str(layout_path)
        )
    files: dict[str, bytes] = {}
    art = card_art(layout)[1] if layout.cards is not None else None
    small = min(dpi, 40)
    built = build_paper(layout, paper, cards=art)
    stem = f"{layout.name}.{paper}"
    imposed = built.imposed
    # Each page is rendered once, on its sheet; the contact sheet is cut from those.
    pages: dict[int, Image.Image] = {}
    sides = []
    for sheets in imposed.files.values() if imposed is not None else ():
        for name, im in sheet_pictures(sheets, imposed.plan, dpi, pages):
            sides.append((f"{stem}{sheets.suffix}.{name}.png", im))
    if art is not None:
        fronts = list(range(art.fronts))
        backs = list(range(art.fronts, art.pages))
        shown = _shown(pages, art.pages, imposed.plan, small * 1.6 / dpi) if imposed is not None else None
        shown = shown or render(art.pdf(), small * 1.6, fronts + backs)
        names = [str(i + 1) for i in fronts] + (
            ["back"] if len(backs) == 1 else [f"back of {i + 1}" for i in range(len(backs))]
        )
        files[f"{layout.name}.faces.png"] = png(contact_sheet(shown, columns=10, labels=names))
    elif f"{stem}.reader.pdf" in built.files:
        shown = _shown(pages, built.pages, imposed.plan, small / dpi) if imposed is not None else None
        files[f"{stem}.pages.png"] = png(contact_sheet(shown or render(built.files[f"{stem}.reader.pdf"], small)))
    for name, im in sides:
        files[name] = png(im)
    return files
