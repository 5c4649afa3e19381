"""Draw a plan: place source pages on sheets as shared Form XObjects.

Each source page becomes one Form XObject, stored once however often it is
placed, and each placement is a clip and a ``cm`` matrix in the sheet's
content stream. Fonts and images come over once, because pypdf's clone
remembers what it already copied. This is the only module in ``impose``
that touches a PDF.
"""

from __future__ import annotations

import zlib

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from zinemaker.impose.ops import SourcePage, back_shift, mark_ops, matrix_ops, num, placement_ops
from zinemaker.impose.plan import Plan


def _names_written_once() -> None:
    """Make pypdf write each distinct name's bytes once, not once per use.

    pypdf escapes a name character by character every time it writes it
    (``NameObject.renumber``); an imposed booklet writes /Type, /XObject,
    /P12 and the like some 8,000 times for 600 pages, two thirds of its
    writing. The escaped bytes depend on the name's text alone, so they are
    kept by text: the same bytes, written at a third of the cost."""
    if getattr(NameObject.renumber, "zinemaker", False):
        return
    escape = NameObject.renumber
    known: dict[str, bytes] = {}

    def renumber(self: NameObject) -> bytes:
        out = known.get(self)
        if out is None:
            out = escape(self)
            if len(known) < 100_000:  # a PDF of endless distinct names stays within memory
                known[str(self)] = out
        return out

    renumber.zinemaker = True  # type: ignore[attr-defined]
    renumber.escape = escape  # type: ignore[attr-defined] # pypdf's own, for the tests
    NameObject.renumber = renumber  # type: ignore[method-assign]


def _dictionaries_cloned_plainly() -> None:
    """Spare pypdf asking ``inspect`` whether a plain dictionary needs
    arguments to be made: for ``dict``'s own ``__init__`` it parses the
    built-in's text signature with :mod:`tokenize`, whose one big regular
    expression takes longer to compile than all of imposing 50 pages. The
    answer is known: it needs none. Any other class is asked as before."""
    from pypdf.generic import _data_structures as ds

    ask = getattr(ds, "_requires_constructor_arguments", None)
    if ask is None or getattr(ask, "zinemaker", False):
        return

    def requires(cls: type) -> bool:
        return False if cls.__init__ is dict.__init__ else ask(cls)

    requires.zinemaker = True  # type: ignore[attr-defined]
    requires.ask = ask  # type: ignore[attr-defined] # pypdf's own, for the tests
    ds._requires_constructor_arguments = requires


_names_written_once()
_dictionaries_cloned_plainly()


def source_page(page) -> SourcePage:  # noqa: ANN001 - a pypdf PageObject
    """What drawing needs of a page: its trim box (its crop box or media
    box if it has none, as ``page.trimbox`` reads it) and its turn."""
    trim = _plain_box(page, _TRIM_OR_NEXT)
    if trim is None:
        t = page.trimbox
        trim = (t.left, t.bottom, t.right, t.top)
    return SourcePage(tuple(float(v) for v in trim), int(page.rotation) % 360)


class SheetWriter:
    """Builds an imposed PDF from source pages (from one PDF or several)."""

    def __init__(self, pages: PdfReader | list, sources: list[SourcePage] | None = None) -> None:
        """``sources`` are the pages' :func:`source_page`, if the caller has
        them already (one job's files are drawn from the same pages)."""
        self.pages = list(pages.pages) if isinstance(pages, PdfReader) else list(pages)
        self.writer = PdfWriter()
        self._forms: dict[int, IndirectObject] = {}
        self._shared: dict[object, IndirectObject] = {}
        self._sources = list(sources) if sources is not None else [source_page(p) for p in self.pages]
        self._boxes: dict[tuple, ArrayObject] = {}
        # A placement's operators by what they depend on: the pages of a long
        # booklet land in a few slots, alike but for the page drawn there.
        self._placed: dict[tuple, str] = {}
        self._marked: dict[tuple, list[str]] = {}
        # Each content stream's filters in the output, by what they say:
        # made once, written in every form that has them.
        self._filters: dict[object, PdfObject] = {}

    def form(self, index: int) -> IndirectObject:
        """The Form XObject for a source page, made on first use."""
        if index in self._forms:
            return self._forms[index]
        page = self.pages[index]
        form = _content_as_form(page, self.writer, self._filters)
        # /Type and /FormType are optional and left out: on a long document
        # every name written costs (pypdf escapes names one by one).
        box = _media(page)
        if box not in self._boxes:  # most pages are alike: their box is made once
            self._boxes[box] = ArrayObject([_short(v) for v in box])
        form.update({_SUBTYPE: _FORM, _BBOX: self._boxes[box]})
        res = page.get("/Resources")
        if res is not None:
            form[NameObject("/Resources")] = self._resources(res)
        group = page.get("/Group")
        if group is not None:
            form[NameObject("/Group")] = group.clone(self.writer)
        ref = self.writer._add_object(form)
        self._forms[index] = ref
        return ref

    def _resources(self, res) -> IndirectObject:  # noqa: ANN001
        """The page's resources in the output, stored once for all pages
        that have the same ones (most generators give every page alike).
        /ProcSet is dropped: it is obsolete since PDF 1.4 and ignored."""
        obj = res.get_object()
        key = _fingerprint(obj)
        if key not in self._shared:
            copy = DictionaryObject({NameObject(k): v for k, v in obj.items() if k != "/ProcSet"}).clone(self.writer)
            self._shared[key] = self.writer._add_object(copy)
        return self._shared[key]

    def add_plan(
        self, plan: Plan, sides: tuple[str, ...] = ("front", "back"), slugs: dict | None = None, progress=None
    ) -> None:  # noqa: ANN001
        """Add the sheet sides of a plan, in order: sheet by sheet, front then
        back. ``slugs`` maps (sheet, side) to a page drawn over that side;
        ``progress(done, total)`` is told every 50 sheets of a long job."""
        w, h = plan.sheet_size
        for sheet in range(plan.sheet_count):
            if progress and sheet and sheet % 50 == 0:
                progress(sheet, plan.sheet_count)
            for side in sides:
                if side == "front" or plan.sides == 2:
                    slug = (slugs or {}).get((sheet, side))
                    self._add_side(plan, sheet, side, w, h, slug)  # type: ignore[arg-type]

    def add_whole_page(self, page, blank_back: bool) -> None:  # noqa: ANN001
        """Add a page as a sheet of its own (an instruction sheet), with a
        blank back if the job is printed on both sides, so fronts stay fronts."""
        self.pages.append(page)
        self._sources.append(source_page(page))
        index = len(self.pages) - 1
        w, h = self._sources[index].size
        ref = self.form(index)
        out = self._blank(w, h)
        x0, y0, _, _ = self._sources[index].trim
        self._contents(out, [f"q 1 0 0 1 {num(-x0)} {num(-y0)} cm /P{index} Do Q"], {f"/P{index}": ref})
        if blank_back:
            self.writer.add_blank_page(w, h)

    def add_side(self, plan: Plan, sheet: int, side, slug=None) -> None:  # noqa: ANN001
        """Add one side of one sheet of a plan, with its slug page drawn over it."""
        self._add_side(plan, sheet, side, *plan.sheet_size, slug)

    def _add_side(self, plan: Plan, sheet: int, side, w: float, h: float, slug=None) -> None:  # noqa: ANN001
        ops: list[str] = []
        xobjects = DictionaryObject()
        shift = back_shift(plan, side)
        if shift:
            # The printer's measured back error, undone for everything on the back.
            ops.append(f"q {matrix_ops(shift)}")
        for p in plan.side(sheet, side):
            if p.page is None:
                continue
            name = f"/P{p.page}"
            xobjects[NameObject(name)] = self.form(p.page)
            ops.append(f"q {self._placement(self._sources[p.page], p, plan)} {name} Do Q")
        ops += self._marks(plan, sheet, side)
        if slug is not None:
            self.pages.append(slug)
            self._sources.append(source_page(slug))
            index = len(self.pages) - 1
            xobjects[NameObject(f"/S{index}")] = self.form(index)
            ops.append(f"q /S{index} Do Q")
        if shift:
            ops.append("Q")  # the slug above is printed on the back too, so it moves with it
        page = self._blank(w, h)
        self._contents(page, ops, xobjects)

    def _marks(self, plan: Plan, sheet: int, side) -> list[str]:  # noqa: ANN001
        """:func:`mark_ops` for a side, worked out once for all the sides
        whose marks lie alike (most sheets of a job)."""
        key = tuple((m.kind, m.x0, m.y0, m.x1, m.y1, m.light, m.width) for m in plan.side_marks(sheet, side))
        out = self._marked.get(key)
        if out is None:
            out = self._marked[key] = mark_ops(plan, sheet, side)
        return out

    def _placement(self, src: SourcePage, p, plan: Plan) -> str:  # noqa: ANN001
        """:func:`placement_ops` for this page in this slot, worked out once
        for each source size and slot."""
        key = (src, p.trim, p.bleed, p.rotation, plan.page_size, plan.fit)
        out = self._placed.get(key)
        if out is None:
            out = self._placed[key] = placement_ops(src, p, plan)
        return out

    def _blank(self, w: float, h: float) -> PageObject:
        """A blank sheet side at the end of the output, the page pypdf's
        ``add_blank_page`` makes (the same keys in the same order, so the
        same bytes), without its copy of the page made to be copied: a
        quarter of placing the pages of a long booklet."""
        writer = self.writer
        pages = getattr(writer, "_pages", None)
        if not isinstance(pages, IndirectObject) or not isinstance(getattr(writer, "flattened_pages", None), list):
            return writer.add_blank_page(w, h)  # a pypdf laid out otherwise: its own way
        page = PageObject(writer)
        page[_TYPE] = _PAGE
        page[_RESOURCES] = DictionaryObject()
        page[_MEDIABOX] = RectangleObject((0, 0, w, h))
        page[_PARENT] = pages
        writer._add_object(page)
        tree = pages.get_object()
        tree[_KIDS].append(page.indirect_reference)
        tree[_COUNT] = NumberObject(tree[_COUNT] + 1)
        writer.flattened_pages.append(page)
        return page

    def _contents(self, page, ops: list[str], xobjects) -> None:  # noqa: ANN001
        # What pypdf's flate_encode makes of a plain stream, made directly.
        stream = EncodedStreamObject()
        stream[_FILTER] = _FLATE
        stream._data = zlib.compress("\n".join(ops).encode("latin-1"), -1)
        page[NameObject("/Contents")] = self.writer._add_object(stream)
        xo = (
            xobjects
            if isinstance(xobjects, DictionaryObject)
            else DictionaryObject({NameObject(k): v for k, v in xobjects.items()})
        )
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xo})

    def finish(self, title: str | None, duplex: str = "Simplex") -> PdfWriter:
        """Set the viewer preferences a print dialog reads (``duplex`` as
        :func:`zinemaker.impose.ops.duplex` gives it), and metadata."""
        prefs = DictionaryObject({NameObject("/PrintScaling"): NameObject("/None")})
        prefs[NameObject("/Duplex")] = NameObject(f"/{duplex}")
        self.writer._root_object[NameObject("/ViewerPreferences")] = prefs
        info = {"/Producer": "zinemaker", "/Creator": "zinemaker"}
        if title:
            info["/Title"] = title
        self.writer._info = self.writer._add_object(
            DictionaryObject({NameObject(k): TextStringObject(v) for k, v in info.items()})
        )
        return self.writer


_TYPE, _PAGE, _RESOURCES, _MEDIABOX, _PARENT, _KIDS, _COUNT, _SUBTYPE, _FORM, _BBOX, _FILTER, _FLATE = (
    NameObject(n)
    for n in (
        "/Type", "/Page", "/Resources", "/MediaBox", "/Parent", "/Kids", "/Count", "/Subtype", "/Form", "/BBox",
        "/Filter", "/FlateDecode",
    )
)


def _short(v: float):  # noqa: ANN202
    """A number as PDF writes it shortest: whole if whole, else to 1/1000 pt."""
    r = round(float(v), 3)
    return NumberObject(int(r)) if r == int(r) else FloatObject(r)


def _media(page) -> tuple:  # noqa: ANN001
    """The page's media box as four numbers, as ``page.mediabox`` gives them."""
    box = _plain_box(page, _MEDIA)
    if box is None:
        mb = page.mediabox
        box = (mb.left, mb.bottom, mb.right, mb.top)
    return box


_TRIM_OR_NEXT = ("/TrimBox", "/CropBox", "/MediaBox")
_MEDIA = ("/MediaBox",)


def _plain_box(page, names: tuple[str, ...]) -> tuple | None:  # noqa: ANN001
    """The first of these boxes the page has, if it is four plain numbers
    (as every page of an opened PDF has them, see reading.check_page): read
    straight from the page, without pypdf making and storing a rectangle
    object for each page and box. None for anything else, which pypdf's
    own box properties then read, with their repairs."""
    for name in names:
        raw = page.get(name)
        raw = raw.get_object() if raw is not None else None
        if raw is None or isinstance(raw, NullObject):
            continue
        if isinstance(raw, ArrayObject) and len(raw) == 4 and all(type(v) in _PLAIN for v in raw):
            return tuple(raw)
        return None
    return None


_PLAIN = (NumberObject, FloatObject)


def _fingerprint(obj) -> object:  # noqa: ANN001
    """A hashable summary of a resources dictionary: its names, and the
    objects it refers to by number (direct values by their text)."""
    kind = type(obj)
    if kind is IndirectObject:
        return ("ref", id(obj.pdf), obj.idnum, obj.generation)
    if kind is NameObject:
        return repr(obj)
    if isinstance(obj, DictionaryObject):
        return tuple(sorted([(str(k), _fingerprint(v)) for k, v in obj.items()]))
    if isinstance(obj, ArrayObject):
        return tuple([_fingerprint(v) for v in obj])
    if isinstance(obj, IndirectObject):
        return ("ref", id(obj.pdf), obj.idnum, obj.generation)
    return repr(obj)


def _content_as_form(page, writer: PdfWriter, filters: dict | None = None) -> StreamObject:  # noqa: ANN001
    """A stream holding the page's content, reusing encoded bytes when it can.

    A page with one content stream keeps its compressed bytes and filters as
    they are: no decode and re-encode, which is most of the cost of
    imposing a long document. ``filters`` keeps each filter's copy in the
    output by what it says, to be shared by the forms that have it.
    """
    filters = {} if filters is None else filters
    contents = page.get("/Contents")
    obj = contents.get_object() if contents is not None else None
    if isinstance(obj, EncodedStreamObject):
        form = EncodedStreamObject()
        form._data = obj._data
        for key in ("/Filter", "/DecodeParms"):
            if key in obj:
                value = obj[key]
                # [ /FlateDecode ] and /FlateDecode mean the same; the name is shorter.
                if isinstance(value, ArrayObject) and len(value) == 1:
                    value = value[0]
                said = (key, _fingerprint(value))
                copy = filters.get(said)
                if copy is None:
                    copy = filters[said] = value.clone(writer)
                form[NameObject(key)] = copy
        return form
    data = b""
    if obj is not None:
        data = page.get_contents().get_data() if not isinstance(obj, StreamObject) else obj.get_data()
    form = DecodedStreamObject()
    form.set_data(data)
    return form.flate_encode() if len(data) > 64 else form
