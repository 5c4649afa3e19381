"""The quick reader builds every object exactly as pypdf does, or leaves it
to pypdf: a page imposed from a quickly read PDF is the same, byte for byte."""

from __future__ import annotations

import io

import pytest
from helpers import numbered_pdf
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from zinemaker.impose.reading import Reader


def same(a, b) -> bool:  # noqa: ANN001
    """The same classes holding the same values, all the way down (not
    following references)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, IndirectObject):
        return (a.idnum, a.generation) == (b.idnum, b.generation)
    if isinstance(a, StreamObject) and a._data != b._data:
        return False
    if isinstance(a, DictionaryObject):
        return list(a) == list(b) and all(same(a.raw_get(k), b.raw_get(k)) for k in a)
    if isinstance(a, ArrayObject):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def compare(pdf: bytes) -> int:
    """Every object read both ways; how many the quick path read itself."""
    slow, quick = PdfReader(io.BytesIO(pdf)), Reader(io.BytesIO(pdf))
    taken = 0
    for gen, ids in slow.xref.items():
        for idnum in sorted(ids):
            if slow.xref_free_entry.get(gen, {}).get(idnum):
                continue
            start = quick.xref[gen][idnum]
            mine = quick._quick(start, idnum, gen)
            theirs = slow.get_object(IndirectObject(idnum, gen, slow))
            if mine is not None:
                taken += 1
                assert same(mine, theirs), (idnum, mine, theirs)
            assert same(quick.get_object(IndirectObject(idnum, gen, quick)), theirs), idnum
    return taken


def test_a_reportlab_pdf_is_read_quickly_and_the_same(built_default):
    pdf = built_default["social-spaces.a4.reader.pdf"]
    taken = compare(pdf)
    assert taken > 0.9 * len(PdfReader(io.BytesIO(pdf)).xref[0])


def test_a_pypdf_written_pdf_is_read_the_same():
    w = PdfWriter(clone_from=PdfReader(io.BytesIO(numbered_pdf(12))))
    buf = io.BytesIO()
    w.write(buf)
    assert compare(buf.getvalue()) > 0


def hand_made(objects: list[bytes], eol: bytes = b"\n") -> bytes:
    """A small PDF of these objects (1 is the catalog), with a correct xref."""
    out = bytearray(b"%PDF-1.4" + eol)
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj" % n + eol + body + eol + b"endobj" + eol
    xref = len(out)
    out += b"xref" + eol + b"0 %d" % (len(objects) + 1) + eol + b"0000000000 65535 f\r\n"
    for o in offsets:
        out += b"%010d 00000 n\r\n" % o
    out += b"trailer" + eol + b"<< /Size %d /Root 1 0 R >>" % (len(objects) + 1) + eol
    out += b"startxref" + eol + b"%d" % xref + eol + b"%%EOF" + eol
    return bytes(out)


ODD = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 419.53 595.28]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>"
    b"/Rotate 90/Annots[]/Extra null/Flag true/Off false/Neg -.5/Plus +3>>",
    b"<< /Length 6 0 R >>\nstream\nBT /F1 12 Tf (Hi) Tj ET\nendstream",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica#20Bold /Name (a string) >>",
    b"27",
    b"<< /Length 99 >>\nstream\r\nshort\nendstream",  # a wrong /Length, repaired by pypdf
    b"% a comment\n<< /A 1 >>",
    b"<< /A 1 /A 2 >>",  # a key given twice
    b"[ 1 2.5 -3 /N 8 0 R << /K [ ] >> ]",
    b"<< /S <48656c6c6f> /T 1.2.3 >>",
    b"<< /Length 3 >>\nstream\rabc\nendstream",  # a lone CR after 'stream'
    b"<< /U /caf\xc3\xa9 /Z 1 >>",
]


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_odd_objects_are_read_as_pypdf_reads_them(eol):
    compare(hand_made(ODD, eol))


def test_imposing_from_the_quick_reader_writes_the_same_sheets():
    from zinemaker import impose as imp
    from zinemaker.labels import labels
    from zinemaker.units import PAPER

    src = numbered_pdf(16)
    out = []
    for reader in (PdfReader(io.BytesIO(src)), Reader(io.BytesIO(src))):
        done = imp.impose(reader, "saddle", imp.ImposeOptions(sheet=PAPER["a4"]), "t", labels=labels(), paper="a4")
        out.append(done.files["sheets"].data)
    assert out[0] == out[1]


def test_sheets_are_written_as_pypdf_alone_writes_them(monkeypatch):
    """The sheet writer's short cuts (each name escaped once, sheet sides
    added to the page tree directly, plain dictionaries cloned without
    asking inspect) give the very bytes pypdf's own ways give."""
    from pypdf.generic import NameObject
    from pypdf.generic import _data_structures as ds

    from zinemaker.impose import ImposeOptions, impose, open_pdf
    from zinemaker.impose.draw import SheetWriter

    source = numbered_pdf(18, bleed=9)
    marked = ImposeOptions(sheet=(595.28, 841.89), marks=frozenset({"crop", "fold"}))
    jobs = (("saddle", ImposeOptions(sheet=(595.28, 841.89), creep=0.2)), ("mini8", marked), ("cards", marked))

    def sheets() -> list[bytes]:
        return [f.data for scheme, options in jobs for f in impose(open_pdf(source), scheme, options, "job").files.values()]

    quick = sheets()
    monkeypatch.setattr(NameObject, "renumber", NameObject.renumber.escape)
    monkeypatch.setattr(ds, "_requires_constructor_arguments", ds._requires_constructor_arguments.ask)
    monkeypatch.setattr(SheetWriter, "_blank", lambda self, w, h: self.writer.add_blank_page(w, h))
    assert sheets() == quick
    assert NameObject("/A#B c").renumber() == b"/A#23B#20c"


REPEATED = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [ 3 0 R 4 0 R 5 0 R ] /Count 3 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 10 10 ] /Resources << /Font << /F1 6 0 R >> >> >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 10 10 ] /Resources << /Font << /F1 6 0 R >> >> >>",
    # Bytes that begin like the last page's values, and are not them.
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 10 100 ] /Resources << /Font << /F1 6 0 R /F2 6 0 R >> >> >>",
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]


def test_a_value_read_again_is_read_the_same_and_is_its_own_copy():
    """Every page's /MediaBox and /Resources, given in the same bytes, are
    copied from the last page's rather than read token by token: still the
    objects pypdf builds, and changing one page's leaves the others alone."""
    pdf = hand_made(REPEATED)
    assert compare(pdf) == len(REPEATED)
    pages = Reader(io.BytesIO(pdf)).pages
    assert [list(p.mediabox) for p in pages] == [[0, 0, 10, 10], [0, 0, 10, 10], [0, 0, 10, 100]]
    first, second, third = (p["/Resources"]["/Font"] for p in pages)
    assert list(first) == list(second) == ["/F1"] and list(third) == ["/F1", "/F2"]
    first[NameObject("/F9")] = first.raw_get("/F1")  # a font added to page 1
    assert list(second) == ["/F1"]
    assert pages[0]["/MediaBox"] is not pages[1]["/MediaBox"]


@pytest.mark.parametrize(
    "head",
    [b"7 0 obj\n<<", b"7 0 obj<<", b"7 0 obj \r\n\f [", b" 7 0 obj\n1", b"7  0 obj\n1", b"%c\n7 0 obj\n1", b"7 0 obj", b"7 0 obj\n"],
)
def test_an_object_header_is_read_as_pypdf_reads_it(head):
    """The header pypdf reads of every object when it opens a file: the same
    numbers, and the stream left at the same byte."""
    pdf = hand_made(ODD[:2] + [b"<< >>"])
    readers = PdfReader(io.BytesIO(pdf)), Reader(io.BytesIO(pdf))
    found = []
    for reader in readers:
        reader.stream = io.BytesIO(b"xx" + head)
        reader.__dict__.pop("_zm_bytes", None)
        reader.stream.seek(2)
        try:
            found.append((reader.read_object_header(reader.stream), reader.stream.tell()))
        except Exception as exc:  # noqa: BLE001 - whatever pypdf says, ours says too
            found.append(type(exc))
    assert found[0] == found[1]


BOXED = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [ 3 0 R 4 0 R 5 0 R 6 0 R 7 0 R ] /Count 5 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 400 600 ] /CropBox [ 10 10 390 590 ] /TrimBox [ 20 20 380 580 ] >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 400 600 ] /CropBox [ 10.5 10 390 590 ] /Rotate 90 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 400 600 ] /TrimBox null >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 8 0 R 600 ] >>",  # a number stored elsewhere
    b"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 400 600 ] /TrimBox 9 0 R >>",
    b"400",
    b"[ 30 30 370 570 ]",
]


def test_a_pages_trim_and_media_box_are_what_pypdf_reads():
    """Drawing reads a page's trim (or crop, or media) box and media box
    straight from the page when they are four plain numbers: the same
    numbers pypdf's page.trimbox and page.mediabox give, whatever the page has."""
    from zinemaker.impose.draw import _media, source_page

    pdf = hand_made(BOXED)
    for mine, theirs in zip(Reader(io.BytesIO(pdf)).pages, PdfReader(io.BytesIO(pdf)).pages, strict=True):
        t, m = theirs.trimbox, theirs.mediabox
        assert source_page(mine).trim == tuple(float(v) for v in (t.left, t.bottom, t.right, t.top))
        assert source_page(mine).rotate == theirs.rotation
        assert [float(v) for v in _media(mine)] == [float(v) for v in (m.left, m.bottom, m.right, m.top)]


ALIKE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 20 0 R /Rotate 0 /N [ 1 2 ] >>",
    # Alike but for their references and whole numbers: read from the shape above.
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 90 /N [ 3 4 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 1000 0 R /Rotate 270 /N [ 10000 0 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21  0\nR /Rotate 0 /N [ 1 2 ] >>",
    # Near misses: each must still be read as pypdf reads it.
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate -90 /N [ 1 2 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 9.5 /N [ 1 2 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 0 /N [ 1 2 0 R ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 0 /N [ 1 2 ] /X 1 >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 0 /N [ 12 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 000000000000000021 0 R /Rotate 0 /N [ 1 2 ] >>",
    b"<< /Type /Page /Parent 2 0 R /Contents 21 0 R /Rotate 0 /N [ 1 2 ] >>\nstream\nabc\nendstream",
    b"<< /Length 3 >>\nstream\nabc\nendstream",
    b"<< /Length 4 >>\nstream\nabcd\nendstream",
    b"<< /Length 9 >>\nstream\nabcd\nendstream",  # a wrong /Length: pypdf repairs it
]


def test_objects_alike_are_read_from_their_shape_as_pypdf_reads_them(monkeypatch):
    """An object whose bytes differ from one read before only in its
    references and whole numbers is read from that one's shape; every one
    of these, alike or nearly alike, is still the objects pypdf builds."""
    from zinemaker.impose import reading

    hits = []
    read = reading._Shape.read

    def counted(self, data, pos, pdf):  # noqa: ANN001, ANN202
        found = read(self, data, pos, pdf)
        hits.append(found is not None)
        return found

    monkeypatch.setattr(reading._Shape, "read", counted)
    assert compare(hand_made(ALIKE)) >= len(ALIKE) - 3  # the long reference and the wrong /Length: pypdf's
    assert sum(hits) >= 4  # the three alike, and the second and third streams


# -- objects stored in object streams ---------------------------------------------------


def stowed(objects: list[bytes], per: int = 4, index=None) -> bytes:  # noqa: ANN001
    """A small PDF of these objects (1 is the catalog) as writers with object
    streams make it (qpdf, LibreOffice, Word, pikepdf): every object that is
    not a stream stored in object streams of ``per`` objects each, and the
    cross references in a stream of their own. ``index(entries)`` may
    change a stream's index, a list of [number, offset] pairs, to damage it."""
    import zlib

    stored = [(n, body) for n, body in enumerate(objects, 1) if b"stream" not in body]
    top = [(n, body) for n, body in enumerate(objects, 1) if b"stream" in body]
    out = bytearray(b"%PDF-1.5\n")
    where: dict[int, tuple[int, int, int]] = {}  # number: (type, field 2, field 3)
    for n, body in top:
        where[n] = (1, len(out), 0)
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    number = len(objects) + 1
    for start in range(0, len(stored), per):
        group = stored[start : start + per]
        entries, bodies, at = [], b"", 0
        for i, (n, body) in enumerate(group):
            entries.append([n, at])
            where[n] = (2, number, i)
            bodies += body + b"\n"
            at += len(body) + 1
        if index is not None:
            entries = index(entries)
        head = b" ".join(b"%d %d" % (n, o) for n, o in entries) + b"\n"
        data = zlib.compress(head + bodies)
        where[number] = (1, len(out), 0)
        out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
            number, len(group), len(head), len(data)
        )
        out += data + b"\nendstream\nendobj\n"
        number += 1
    where[number] = (1, len(out), 0)
    rows = b"\x00\x00\x00\x00\x00\xff\xff" + b"".join(
        bytes([kind]) + field.to_bytes(4, "big") + third.to_bytes(2, "big")
        for kind, field, third in (where[n] for n in range(1, number + 1))
    )
    xref = len(out)
    data = zlib.compress(rows)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 4 2 ] /Root 1 0 R" % (number, number + 1)
    out += b" /Filter /FlateDecode /Length %d >>\nstream\n" % len(data)
    out += data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def bodies(pdf: bytes) -> list[bytes]:
    """The objects of a PDF whose objects are numbered 1, 2, 3 ... in order (reportlab's)."""
    import re

    found = re.findall(rb"(\d+) 0 obj\n(.*?)\nendobj", pdf, re.S)
    assert [int(n) for n, _ in found] == list(range(1, len(found) + 1))
    return [body for _, body in found]


def outcomes(pdf: bytes, reader: type) -> list:
    """Every object of the PDF as this reader reads it (or the error it
    raises), looked for in an order that begins in the middle of each stream."""
    try:
        r = reader(io.BytesIO(pdf))
        out = [("pages", len(r.pages))]
    except Exception as exc:  # noqa: BLE001 - the error pypdf raises, ours raises too
        return [("open", type(exc).__name__)]
    numbers = sorted(set(r.xref_objStm) | set(r.xref.get(0, {})))
    for n in numbers[len(numbers) // 2 :] + numbers[: len(numbers) // 2]:
        try:
            out.append((n, r.get_object(IndirectObject(n, 0, r))))
        except Exception as exc:  # noqa: BLE001 - the error pypdf raises, ours raises too
            out.append((n, type(exc).__name__))
    return out


def same_outcomes(pdf: bytes) -> list:
    theirs, mine = outcomes(pdf, PdfReader), outcomes(pdf, Reader)
    assert [n for n, _ in theirs] == [n for n, _ in mine]
    for (n, a), (_, b) in zip(theirs, mine, strict=True):
        assert (a == b) if isinstance(a, (str, int)) else same(a, b), (n, a, b)
    return theirs


@pytest.mark.parametrize("per", [1, 3, 100])
def test_objects_in_object_streams_are_read_as_pypdf_reads_them(monkeypatch, per):
    """A reportlab PDF and every odd object above, stored in object streams:
    each object the quick path reads from the stream, the object pypdf reads
    there; pypdf's own parser is left only what the quick path is unsure of
    (a lone number, a string, a comment, a key given twice ...)."""
    from zinemaker.impose import reading

    parsed = []
    monkeypatch.setattr(reading, "read_object", lambda *a, **k: parsed.append(1) or read_object(*a, **k))
    from pypdf.generic import read_object

    real = bodies(numbered_pdf(12))
    same_outcomes(stowed(real, per))
    assert len(parsed) <= 1  # reportlab's /Info holds strings
    for objects in (ODD, REPEATED, ALIKE, BOXED):
        same_outcomes(stowed(objects, per))
    pdf = stowed(real, per)
    r = Reader(io.BytesIO(pdf))
    assert len(r.xref_objStm) > 15
    assert [p.mediabox for p in r.pages] == [p.mediabox for p in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize(
    "damage",
    [
        lambda e: e[::-1],  # offsets running backwards: pypdf refuses the stream
        lambda e: e[:-1],  # one entry short of /N
        lambda e: [[n, o + 1] for n, o in e],  # each offset a byte late (inside the object)
        lambda e: [[n + 1, o] for n, o in e],  # each entry naming the next object
        lambda e: [[e[0][0], 10**6]] + e[1:],  # an offset past the end: pypdf skips the entry
        lambda e: e[:1] + [[e[1][0], e[0][1]]] + e[2:],  # two entries at one offset
    ],
    ids=["backwards", "short", "late", "renumbered", "past-the-end", "same-offset"],
)
def test_a_damaged_object_stream_is_read_as_pypdf_reads_it(damage):
    """The stream holding the fonts damaged: what pypdf makes of it (an
    error opening, an object read from the wrong place, one left out), and
    of every other object, the quick reader makes too."""
    same_outcomes(stowed(bodies(numbered_pdf(3)), 3, lambda e: damage(e) if e[0][0] == 1 else e))


def test_imposing_from_object_streams_writes_the_same_sheets():
    from zinemaker import impose as imp
    from zinemaker.units import PAPER

    src = stowed(bodies(numbered_pdf(16)), 7)
    out = []
    for reader in (PdfReader(io.BytesIO(src)), Reader(io.BytesIO(src))):
        out.append(imp.impose(reader, "saddle", imp.ImposeOptions(sheet=PAPER["a4"]), "t").files["sheets"].data)
    assert out[0] == out[1]
