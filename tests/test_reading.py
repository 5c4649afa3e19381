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
    """The same classes holding the same values, all the way down."""
    if type(a) is not type(b):
        return False
    if isinstance(a, IndirectObject):
        return (a.idnum, a.generation) == (b.idnum, b.generation)
    if isinstance(a, StreamObject) and a._data != b._data:
        return False
    if isinstance(a, DictionaryObject):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
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
