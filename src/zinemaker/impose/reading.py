"""Reading the objects a PDF's pages are made of, quickly.

pypdf parses a PDF object a byte at a time, in Python: for a 600-page
booklet that is some 20,000 small reads just to learn each page's boxes,
contents and resources, over a third of the whole impose. :class:`Reader`
is pypdf's reader with one change: an object stored plainly in the file
or in an object stream (as qpdf, LibreOffice and Word store most of
theirs), not encrypted, is tokenised by one regular expression and built
into the very objects pypdf would have built (the same classes, made from
the same bytes). Anything this quick reader does not
know for certain (strings, comments, escaped names, a stream whose length is
not a plain number, a repeated key, odd whitespace, a header that does not
match) is left to pypdf, which then reads that object as it always has, with
all its repairs. What is imposed is the same, byte for byte.

:func:`check_page` then checks each page's boxes and turn as it is opened
(here, with pypdf's classes at hand, not imported again for every page).
"""

from __future__ import annotations

import io
import math
import re
from typing import Any

from pypdf import PdfReader
from pypdf._utils import read_non_whitespace
from pypdf.errors import PdfStreamError
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    StreamObject,
    read_object,
)

from zinemaker.errors import ZinemakerError

# The whitespace pypdf skips between tokens (not \f or \v: those are left to it).
_WS = rb"[ \n\r\t\x00]*"
_HEADER = re.compile(_WS + rb"(\d+)" + _WS + rb"(\d+)" + _WS + rb"obj")
# A header as nearly every writer writes it, and what pypdf skips after it
# (its whitespace includes \f); anything else is read by pypdf itself.
_PLAIN_HEADER = re.compile(rb"(\d{1,20}) (\d{1,20}) obj[ \n\r\t\x00\f]*")
_TOKEN = re.compile(
    _WS
    + rb"""(?:
      (?P<ref>(?P<num1>\d+)[ \n\r\t]+(?P<num2>\d+)[ \n\r\t]+R)(?![A-Za-z])
    | (?P<number>[-+.0-9]+)
    | (?P<name>/[^ \t\n\r\f\v()<>\[\]{}/%]*)
    | (?P<open><<|\[)
    | (?P<close>>>|\])
    | (?P<word>true|false|null)(?![A-Za-z])
    )""",
    re.X,
)
# Numbers as pypdf reads them: an optional sign, digits, at most one point.
_NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)\Z")
_STREAM = re.compile(_WS + rb"stream(?: *)(\r\n|\n|\r)")
_END = re.compile(_WS + rb"endstream")

_REF, _NUM, _NAME, _OPEN, _CLOSE, _WORD = (_TOKEN.groupindex[k] for k in ("ref", "number", "name", "open", "close", "word"))

#: More tokens than this in one object (a huge array of widths, say): left to pypdf.
_MAX_TOKENS = 50_000
#: A value longer than this is not remembered for the next object.
_MAX_SEEN = 4096
#: How many shapes of object a reader remembers (a page, a content stream ...).
_MAX_SHAPES = 8
_LEAD = re.compile(_WS)
_SLOT_REF = re.compile(rb"(\d+)[ \n\r\t]+(\d+)[ \n\r\t]+R")
_SLOT_NUMBER = re.compile(rb"\d+")
# One entry of an object stream's index, "objnum offset", as pypdf reads it
# when both are plain whole numbers.
_INDEX_PAIR = re.compile(rb"[\x00\t\n\f\r ]*(\d+)(?![-+.0-9])[\x00\t\n\f\r ]*(\d+)(?![-+.0-9])")


class Reader(PdfReader):
    """pypdf's PdfReader, reading plain objects by the quick path."""

    def get_object(self, indirect_reference: int | IndirectObject) -> PdfObject | None:
        ref = indirect_reference
        if isinstance(ref, int):
            ref = IndirectObject(ref, 0, self)
        key = (ref.generation, ref.idnum)
        if key in self.resolved_objects:
            return self.resolved_objects[key]
        if self._encryption is None and ref.idnum not in self.xref_objStm:
            start = self.xref.get(ref.generation, {}).get(ref.idnum)
            free = self.xref_free_entry.get(ref.generation, {}).get(ref.idnum, False)
            if start is not None and not free:
                obj = self._quick(start, ref.idnum, ref.generation)
                if obj is not None:
                    return self.cache_indirect_object(ref.generation, ref.idnum, obj)
        return super().get_object(indirect_reference)

    def _get_object_from_stream(self, indirect_reference: IndirectObject) -> PdfObject:
        """pypdf's, for an object stream whose index is plain: each of its
        objects read by the quick path (pypdf's own parser for any it is
        unsure of), cached as pypdf caches them, the same objects."""
        if self._encryption is None and indirect_reference.idnum not in self._object_stream_resolution_stack:
            stack = self._object_stream_resolution_stack
            stack.append(indirect_reference.idnum)
            try:
                found = self._quick_stream(indirect_reference)
            finally:
                stack.pop()
            if found is not None:
                return found[0]
        return super()._get_object_from_stream(indirect_reference)

    def _quick_stream(self, ref: IndirectObject) -> tuple[PdfObject] | None:
        """What pypdf's _get_object_from_stream returns (in a tuple), or
        None for a stream it would warn about or refuse: then pypdf reads
        it itself (the objects cached here being the ones it would make)."""
        stmnum, _ = self.xref_objStm[ref.idnum]
        stm = IndirectObject(stmnum, 0, self).get_object()
        if not isinstance(stm, StreamObject) or stm.get("/Type") != "/ObjStm":
            return None
        n, first = stm.get("/N"), stm.get("/First")
        if type(n) is not NumberObject or type(first) is not NumberObject:
            return None
        data = stm.get_data()
        if not isinstance(data, bytes) or n < 0 or not 0 <= first <= len(data) or n > len(data) // 3:
            return None
        index: list[tuple[int, int]] = []
        pos, last = 0, -1
        for _ in range(n):
            m = _INDEX_PAIR.match(data, pos)
            if m is None:
                return None
            num, offset = int(m[1]), int(m[2])
            if offset <= last or first + offset > len(data):
                return None  # pypdf skips or refuses such an entry, with a warning
            index.append((num, offset))
            pos, last = m.end(), offset
        target: PdfObject = NullObject()
        found = False
        stream: io.BytesIO | None = None
        for num, offset in index:
            cached = self.cache_get_indirect_object(0, num)
            if cached is not None:
                if num == ref.idnum:
                    target, found = cached, True
                continue
            start = first + offset
            obj = None
            if data[start : start + 1] in (b"<", b"["):  # a dictionary or array (a lone value: pypdf's own rules)
                try:
                    obj = _parse(data, start, self)
                except _Unsure:
                    obj = None
            if obj is None:
                if stream is None:
                    stream = io.BytesIO(data)
                stream.seek(start)
                read_non_whitespace(stream)
                stream.seek(-1, 1)
                try:
                    obj = read_object(stream, self)
                except PdfStreamError:
                    return None  # pypdf warns and reads on: left to it, from this object on
            if self.xref_objStm.get(num, (None, None))[0] == stmnum:
                self.cache_indirect_object(0, num, obj)
            if num == ref.idnum:
                target, found = obj, True
        if not found and self.strict:
            return None  # pypdf's error
        return (target,)

    def read_object_header(self, stream: Any) -> tuple[int, int]:
        """pypdf's, for a plain header ("12 0 obj", one space apart) read
        with one regular expression: the same numbers, and the stream left
        where pypdf leaves it (at what follows "obj" and its whitespace).
        Opening a PDF, pypdf reads every object's header once to check it."""
        data = self._bytes(stream)
        if data is not None:
            m = _PLAIN_HEADER.match(data, stream.tell())
            if m is not None and m.end() < len(data):
                stream.seek(m.end())
                return int(m[1]), int(m[2])
        return super().read_object_header(stream)

    def _bytes(self, stream: Any) -> bytes | None:
        """The whole of the file being read (pypdf reads it into memory),
        or None for a stream that is not in memory."""
        held = self.__dict__.get("_zm_bytes")
        if held is not None and held[0] is stream:
            return held[1]
        if not isinstance(stream, io.BytesIO):
            return None
        data = stream.getvalue()
        self.__dict__["_zm_bytes"] = (stream, data)
        return data

    def _quick(self, start: int, idnum: int, generation: int) -> PdfObject | None:
        data = self._bytes(self.stream)
        if data is None:
            return None
        m = _HEADER.match(data, start)
        if m is None or int(m[1]) != idnum or int(m[2]) != generation:
            return None
        try:
            return _parse(data, m.end(), self)
        except _Unsure:
            return None


class _Unsure(Exception):
    """Something the quick path leaves to pypdf."""


def _parse(data: bytes, pos: int, pdf: Reader) -> PdfObject:
    """The object starting at ``pos``, as pypdf's read_object builds it."""
    shapes = pdf.__dict__.setdefault("_zm_shapes", [])  # the shapes of objects read lately, latest first
    for i, shape in enumerate(shapes):
        found = shape.read(data, pos, pdf)
        if found is not None:
            if i:
                shapes.insert(0, shapes.pop(i))
            return found
    names = pdf.__dict__.setdefault("_zm_names", {})  # a name's object, made once (a name never changes)
    seen = pdf.__dict__.setdefault("_zm_seen", {})  # a key's last value: its bytes and a copy of it
    stack: list[tuple[bytes, list[Any], int, str | None]] = []  # open containers: kind, outer items, start, key
    items: list[Any] = []  # the innermost open container's items
    slots: list[tuple[int, int, bool, PdfObject]] = []  # each reference and whole number: start, end, is a ref, object
    lead = _LEAD.match(data, pos).end()
    scan = _TOKEN.scanner(data, pos).match
    for _ in range(_MAX_TOKENS):
        m = scan()
        if m is None:
            raise _Unsure
        kind = m.lastindex
        if kind == _NAME:
            text = m.group(_NAME)
            value = names.get(text)
            if value is None:
                if b"#" in text:
                    raise _Unsure
                try:
                    value = names[text] = NameObject(text.decode("utf-8"))
                except UnicodeDecodeError:
                    raise _Unsure from None
        elif kind == _NUM:
            text = m.group(_NUM)
            if not _NUMBER.match(text):
                raise _Unsure
            value = FloatObject(text) if b"." in text else NumberObject(text)
            if text.isdigit():
                slots.append((m.start(_NUM), m.end(), False, value))
        elif kind == _REF:
            if m.end() - m.start(_REF) >= 20:
                raise _Unsure  # pypdf looks 20 bytes ahead for "N G R"
            value = IndirectObject(int(m.group(_REF + 1)), int(m.group(_REF + 2)), pdf)
            slots.append((m.start(_REF), m.end(), True, value))
        elif kind == _OPEN:
            start = m.start(_OPEN)
            key = items[-1] if stack and stack[-1][0] == b"<<" and len(items) % 2 else None
            if key is not None:
                raw, template = seen.get(key, (None, None))
                if raw is not None and data.startswith(raw, start):
                    # The same bytes as this key's value in the last object
                    # read (every page's /Resources, /MediaBox ...): the same
                    # objects, copied rather than tokenised again.
                    items.append(_copy(template))
                    scan = _TOKEN.scanner(data, start + len(raw)).match
                    continue
            stack.append((m.group(_OPEN), items, start, key))
            items = []
            continue
        elif kind == _CLOSE:
            if not stack or stack[-1][0] != (b"<<" if m.group(_CLOSE) == b">>" else b"["):
                raise _Unsure
            opened, outer, start, key = stack.pop()
            if opened == b"[":
                value = ArrayObject(items)
            else:
                d = dict(zip(items[::2], items[1::2]))
                if len(items) % 2 or len(d) * 2 != len(items) or not all(type(k) is NameObject for k in d):
                    raise _Unsure  # a key that is not a name, or given twice: pypdf warns or repairs
                if not stack:
                    template = {k: _copy(v) for k, v in d.items()}
                    out = _dictionary_or_stream(data, m.end(), d, pdf)
                    shapes.insert(0, _Shape(data, lead, m.end(), slots, template))
                    del shapes[_MAX_SHAPES:]
                    return out
                value = DictionaryObject()
                value.update(d)
            if key is not None and m.end() - start <= _MAX_SEEN:
                seen[key] = (data[start : m.end()], _copy(value))
            items = outer
        else:  # true, false, null
            word = m.group(_WORD)
            value = NullObject() if word == b"null" else BooleanObject(word == b"true")
        if not stack:
            # A number, name or word on its own: never one shared with other objects.
            return NameObject(value) if type(value) is NameObject else value
        items.append(value)
    raise _Unsure


class _Shape:
    """A dictionary object read once, as the next objects alike can be read
    without tokenising them: its bytes cut at each reference and whole
    number. An object whose bytes are the same pieces, with a reference or
    whole number between each two, tokenises as this one did (the pieces
    hold every delimiter, and a token never runs into the next piece), so
    it is this one's objects with those values in their places."""

    def __init__(self, data: bytes, lead: int, end: int, slots: list, template: dict) -> None:
        cuts = [lead] + [p for start, stop, _, _ in slots for p in (start, stop)] + [end]
        self.pieces = [data[cuts[i] : cuts[i + 1]] for i in range(0, len(cuts), 2)]
        self.refs = [is_ref for _, _, is_ref, _ in slots]
        self.places = [id(value) for _, _, _, value in slots]
        self.template = template

    def read(self, data: bytes, pos: int, pdf: Reader) -> PdfObject | None:
        """The object at ``pos`` if its bytes have this shape, else None."""
        p = _LEAD.match(data, pos).end()
        pieces = self.pieces
        if not data.startswith(pieces[0], p):
            return None
        p += len(pieces[0])
        values: dict[int, PdfObject] = {}
        for place, is_ref, piece in zip(self.places, self.refs, pieces[1:]):  # noqa: B905 - one piece more
            if is_ref:
                m = _SLOT_REF.match(data, p)
                if m is None or m.end() - p >= 20:
                    return None
                value: PdfObject = IndirectObject(int(m[1]), int(m[2]), pdf)
            else:
                m = _SLOT_NUMBER.match(data, p)
                if m is None:
                    return None
                value = NumberObject(m[0])
            p = m.end()
            if not data.startswith(piece, p):
                return None
            p += len(piece)
            values[place] = value
        d = {k: _placed(v, values) for k, v in self.template.items()}
        try:
            return _dictionary_or_stream(data, p, d, pdf)
        except _Unsure:
            return None


def _placed(obj: PdfObject, values: dict[int, PdfObject]) -> PdfObject:
    """A shape's template copied, with new values in the places of its old ones."""
    kind = type(obj)
    if kind is DictionaryObject:
        out = DictionaryObject()
        out.update({k: _placed(v, values) for k, v in obj.items()})
        return out
    if kind is ArrayObject:
        return ArrayObject([_placed(v, values) for v in obj])
    return values.get(id(obj), obj)


def _copy(obj: PdfObject) -> PdfObject:
    """A container read by :func:`_parse`, copied: new dictionaries and
    arrays, the same numbers, names and references (which never change)."""
    kind = type(obj)
    if kind is DictionaryObject:
        out = DictionaryObject()
        out.update({k: _copy(v) for k, v in obj.items()})
        return out
    if kind is ArrayObject:
        return ArrayObject([_copy(v) for v in obj])
    return obj


def _dictionary_or_stream(data: bytes, pos: int, d: dict[Any, Any], pdf: Reader) -> PdfObject:
    """A top-level dictionary, or the stream it heads."""
    m = _STREAM.match(data, pos)
    if m is None:
        if data.startswith(b"stream", _skip_ws(data, pos)):
            raise _Unsure  # "stream" with something odd after it
        out = DictionaryObject()
        out.update(d)
        return out
    length = d.get("/Length")
    if isinstance(length, IndirectObject):
        length = pdf.get_object(length)
    if not isinstance(length, NumberObject) or isinstance(length, BooleanObject) or length < 0:
        raise _Unsure
    begin = m.end()
    if m[1] == b"\r":
        raise _Unsure  # a lone CR before the data: pypdf's own rules apply
    end = begin + int(length)
    if end > len(data) or _END.match(data, end) is None:
        raise _Unsure  # a wrong /Length: pypdf repairs it
    d["__streamdata__"] = data[begin:end]
    return StreamObject.initialize_from_dictionary(d)


def _skip_ws(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in b" \n\r\t\x00":
        pos += 1
    return pos


# Checking the pages ------------------------------------------------------

#: The largest page ISO 32000 allows at the default user unit: 200 in (5080 mm).
MAX_PAGE = 14_400.0
_BOXES = ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox")


def _box(page, name: str, n: int, where: str) -> tuple[float, float, float, float] | None:  # noqa: ANN001
    """A page's box as (left, bottom, right, top), its corners put in order; None if it has none."""
    raw = page.get(name)
    if raw is None:
        return None
    obj = raw.get_object()
    if obj is None or isinstance(obj, NullObject):
        return None
    try:
        values = [float(v.get_object()) for v in obj] if isinstance(obj, ArrayObject) else []
    except (TypeError, ValueError, AttributeError):
        values = []
    if len(values) != 4 or not all(math.isfinite(v) for v in values):
        raise ZinemakerError(f"page {n}: its {name} is not four numbers (found {obj}): re-export or repair the PDF", where)
    x0, y0, x1, y1 = values
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def check_page(page, n: int, where: str) -> None:  # noqa: ANN001
    """Check page ``n``'s boxes and turn, and put them as ISO 32000 reads
    them: corners in order, the crop box within the media box and the other
    boxes within the crop box, /Rotate a quarter turn from 0 to 270. What
    imposes the page then reads plain numbers; a page with no size, or a
    turn that is not a quarter, is one line naming the page."""
    media = _box(page, "/MediaBox", n, where)
    if media is None:
        raise ZinemakerError(f"page {n} has no size (no /MediaBox): re-export the PDF", where)
    found = {"/MediaBox": media}
    for name in _BOXES[1:]:
        outer = found["/MediaBox"] if name == "/CropBox" else found["/CropBox"]
        box = _box(page, name, n, where)
        if box is None:
            found[name] = outer
            continue
        found[name] = (max(box[0], outer[0]), max(box[1], outer[1]), min(box[2], outer[2]), min(box[3], outer[3]))
        if found[name] != box or tuple(float(v) for v in page[name].get_object()) != box:
            page[NameObject(name)] = RectangleObject(found[name])  # as a viewer shows it
    if tuple(float(v) for v in page["/MediaBox"].get_object()) != media:
        page[NameObject("/MediaBox")] = RectangleObject(media)
    for name in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox"):
        x0, y0, x1, y1 = found[name]
        w, h = x1 - x0, y1 - y0
        if w < 1 or h < 1:
            outer = "/MediaBox" if name == "/CropBox" else "/CropBox"
            whole = _box(page, name, n, where)
            if name != "/MediaBox" and whole and min(whole[2] - whole[0], whole[3] - whole[1]) >= 1:
                raise ZinemakerError(f"page {n}: its {name} lies outside its {outer}: re-export the PDF", where)
            raise ZinemakerError(f"page {n} has no size: its {name} is {w:g} x {h:g} points: re-export the PDF", where)
        if max(w, h) > MAX_PAGE:
            raise ZinemakerError(
                f"page {n} is {w / 72 * 25.4:.0f} x {h / 72 * 25.4:.0f} mm, larger than a PDF page may be"
                f" ({MAX_PAGE / 72 * 25.4:.0f} mm): re-export it at its real size",
                where,
            )
    raw = page.get("/Rotate")
    if raw is not None:
        turn = raw.get_object()
        if isinstance(turn, float) and turn == int(turn):
            turn = int(turn)
        if not isinstance(turn, int) or isinstance(turn, bool) or turn % 90:
            raise ZinemakerError(
                f"page {n} is turned by {turn} (its /Rotate), not a quarter turn (0, 90, 180 or 270):"
                " re-export the PDF",
                where,
            )
        if not 0 <= turn < 360:
            page[NameObject("/Rotate")] = NumberObject(turn % 360)
