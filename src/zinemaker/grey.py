"""Photocopy mode: every colour in a finished PDF turned to grey.

Works on the PDF, after typesetting and imposing, so it covers anything:
our pages, card faces, marks, and PDFs made elsewhere. Colour operators in
every content stream (pages and forms, once each) become grey ones at the
colour's luminance; images become greyscale with Pillow, auto-contrasted
(or, for line art, thresholded or dithered to pure black and white), so a
copier does not turn them to mud. The result contains no RGB or CMYK colour.
"""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    ContentStream,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
)

from zinemaker.errors import ZinemakerError

RGB_OPS = {b"rg": b"g", b"RG": b"G"}
CMYK_OPS = {b"k": b"g", b"K": b"G"}
SPACE_OPS = (b"cs", b"CS")
COMPONENT_OPS = {b"sc": b"g", b"scn": b"g", b"SC": b"G", b"SCN": b"G"}


def luminance(r: float, g: float, b: float) -> float:
    return round(0.299 * r + 0.587 * g + 0.114 * b, 4)


def cmyk_grey(c: float, m: float, y: float, k: float) -> float:
    return round(max(0.0, 1.0 - min(1.0, 0.299 * c + 0.587 * m + 0.114 * y + k)), 4)


def to_grayscale(data: bytes, threshold: int | None = None, dither: bool = False) -> bytes:
    """The PDF with every colour mapped to grey (see the module docstring)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    done: set[int] = set()
    for number, page in enumerate(writer.pages, 1):
        res = page.get("/Resources")
        try:
            _grey_resources(res.get_object() if res is not None else None, writer, done, threshold, dither)
        except ZinemakerError as exc:
            raise ZinemakerError(f"page {number}: {exc.message}", exc.where) from None
        contents = page.get_contents()
        if contents is not None:
            page.replace_contents(_grey_content(contents, writer))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _grey_content(stream, writer: PdfWriter) -> ContentStream:  # noqa: ANN001
    content = stream if isinstance(stream, ContentStream) else ContentStream(stream, writer)
    ops = []
    for operands, op in content.operations:
        if op in RGB_OPS and len(operands) == 3:
            ops.append(([FloatObject(luminance(*map(float, operands)))], RGB_OPS[op]))
        elif op in CMYK_OPS and len(operands) == 4:
            ops.append(([FloatObject(cmyk_grey(*map(float, operands)))], CMYK_OPS[op]))
        elif op in SPACE_OPS:
            ops.append(([NameObject("/DeviceGray")], op))
        elif op in COMPONENT_OPS and all(not isinstance(o, NameObject) for o in operands):
            values = [float(o) for o in operands]
            grey = (
                luminance(*values)
                if len(values) == 3
                else cmyk_grey(*values)
                if len(values) == 4
                else values[0]
                if values
                else 0.0
            )
            ops.append(([FloatObject(grey)], COMPONENT_OPS[op]))
        elif op in (b"scn", b"SCN"):
            # A pattern: left as it is drawn, but its colour space is gone.
            ops.append(([NumberObject(0)], COMPONENT_OPS[op]))
        else:
            ops.append((operands, op))
    content.operations = ops
    return content


def _grey_resources(res, writer: PdfWriter, done: set[int], threshold, dither) -> None:  # noqa: ANN001
    if not isinstance(res, DictionaryObject):
        return
    xobjects = res.get("/XObject")
    if xobjects is None:
        return
    xobjects = xobjects.get_object()
    for name, ref in list(xobjects.items()):
        key = getattr(ref, "idnum", None)
        if key is not None and key in done:
            continue
        if key is not None:
            done.add(key)
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Form":
            _grey_resources(obj.get("/Resources", DictionaryObject()).get_object(), writer, done, threshold, dither)
            content = _grey_content(obj, writer)
            obj.set_data(content.get_data()) if isinstance(obj, DecodedStreamObject) else _set(obj, content)
        elif obj.get("/Subtype") == "/Image":
            try:
                new = grey_image(obj, threshold, dither)
            except ZinemakerError as exc:
                raise ZinemakerError(f"image {str(name).lstrip('/')}: {exc.message}", exc.where) from None
            if key is not None:
                writer._objects[key - 1] = new
            else:
                xobjects[NameObject(name)] = writer._add_object(new)


def _set(obj: StreamObject, content: ContentStream) -> None:
    data = content.get_data()
    obj._data = zlib.compress(data)
    obj[NameObject("/Filter")] = NameObject("/FlateDecode")
    obj.pop("/DecodeParms", None)
    obj.decoded_self = None


def grey_image(obj: StreamObject, threshold: int | None = None, dither: bool = False) -> StreamObject:
    """An image XObject as a greyscale (or black-and-white) one."""
    from PIL import ImageOps

    try:
        img = obj.decode_as_image()
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for odd images
        raise ZinemakerError(f"cannot convert an image to grey ({exc})") from None
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # What is transparent is the paper: composited on white before grey,
        # or its (often black) hidden colour would print as a black box.
        from PIL import Image

        rgba = img.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        img = Image.alpha_composite(white, rgba).convert("RGB")
    grey = ImageOps.autocontrast(img.convert("L"), cutoff=0.5)
    bits = 8
    if threshold is not None:
        grey = grey.point(lambda v: 255 if v >= threshold else 0, mode="1")
        bits = 1
    elif dither:
        grey = grey.convert("1")  # Floyd-Steinberg
        bits = 1
    raw = grey.tobytes() if bits == 8 else grey.tobytes("raw", "1")
    new = StreamObject()
    new._data = zlib.compress(raw)
    new.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(grey.width),
            NameObject("/Height"): NumberObject(grey.height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray"),
            NameObject("/BitsPerComponent"): NumberObject(bits),
            NameObject("/Filter"): NameObject("/FlateDecode"),
        }
    )
    if bits == 1:
        new[NameObject("/Decode")] = ArrayObject([NumberObject(0), NumberObject(1)])
    if "/SMask" in obj:  # transparency stays: the mask is grey already
        new[NameObject("/SMask")] = obj.raw_get("/SMask")
    return new


def colour_left(data: bytes) -> list[str]:
    """Every colour operator and colour image left in a PDF (for tests and
    ``zinemaker check``): empty when it is truly grey."""
    found: list[str] = []
    reader = PdfReader(io.BytesIO(data))
    seen: set[int] = set()

    def walk(content, res, where: str) -> None:  # noqa: ANN001
        for operands, op in ContentStream(content, reader).operations:
            if op in RGB_OPS or op in CMYK_OPS:
                found.append(f"{where}: {op.decode()} {[float(o) for o in operands]}")
            if op in SPACE_OPS and operands and operands[0] not in ("/DeviceGray", "/Pattern"):
                found.append(f"{where}: colour space {operands[0]}")
        xo = (res or {}).get("/XObject")
        for name, ref in xo.get_object().items() if xo is not None else []:
            if getattr(ref, "idnum", None) in seen:
                continue
            seen.add(ref.idnum)
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                cs = obj.get("/ColorSpace")
                if cs not in ("/DeviceGray", None) and not obj.get("/ImageMask"):
                    found.append(f"{where} {name}: image in {cs}")
            elif obj.get("/Subtype") == "/Form":
                walk(obj, obj.get("/Resources", {}).get_object() if obj.get("/Resources") else {}, f"{where} {name}")

    for i, page in enumerate(reader.pages):
        contents = page.get_contents()
        if contents is not None:
            walk(contents, page.get("/Resources", {}).get_object() if page.get("/Resources") else {}, f"page {i + 1}")
    return found
