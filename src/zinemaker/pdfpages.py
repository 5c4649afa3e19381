"""Ending a page of a reportlab canvas with its content compressed at once.

reportlab keeps every page's content as text until the document is saved,
and only then compresses it: a deck of thousands of cards holds tens of
megabytes of operators it has finished with. :func:`show_page` ends the page
and compresses its content straight away, as reportlab would at the end (the
same bytes in the file), so only the compressed stream is kept.

    c = canvas.Canvas(buf, invariant=1, pageCompression=1)
    ...draw a page...
    show_page(c)
"""

from __future__ import annotations

import zlib


class _Flated:
    """The Flate filter of a page stream already compressed (by :func:`show_page`)."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes) -> bytes:
        return data


def show_page(c) -> None:  # noqa: ANN001 - a reportlab Canvas
    """``c.showPage()``, and the page's content compressed now rather than
    kept as text until ``c.save()``; the file's bytes are the same."""
    from reportlab.pdfbase.pdfdoc import PDFStream

    c.showPage()
    page = c._doc.Pages.pages[-1]
    if page.compression and page.stream and not page.Contents:
        # What PDFPage.check_format makes at save, with the Flate filter's
        # work (zlib.compress of the UTF-8 text) done here.
        page.Contents = PDFStream(content=zlib.compress(page.stream.encode("utf8")), filters=[_Flated()])
        page.stream = None
