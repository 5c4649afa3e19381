"""Photocopier preflight: what in a PDF will not survive a copier.

Reads any PDF (ours or made elsewhere) and walks every page's drawing,
forms included, keeping the graphics state (matrix, line width, colours,
text state) as a viewer would. It reports:

- lines thinner than :data:`MIN_LINE` (they break up or vanish on toner);
- fills and text in a tint lighter than :data:`MIN_INK` ink (a copier
  drops them to white);
- colours in one design (a page's own drawing, or one form) that turn the
  same grey, under :data:`MIN_LIGHTNESS_GAP` L* apart (told apart only by
  colour, they merge in a copy);
- text smaller than :data:`MIN_TEXT`;
- text inside the safe zone: nearer the trim than :data:`SAFE` (a cut a
  little off, or a copier's drift, takes it);
- images placed at under :data:`MIN_DPI`;
- text cut off: running past the clipping box it is drawn in (a card's
  text set too long for its box, printed anyway), so part of it never
  prints. Clips are followed as boxes (a path's or a form's bounding box),
  which is what a card, a sheet's cell or a form clips to.

Each fault is reported once per page and kind, with where it first occurs
(from the page's top-left corner, in mm) and how many more there are.

    findings = preflight(pdf_bytes)
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from functools import reduce
from operator import add

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

from zinemaker.impose import pdf_faults
from zinemaker.pdfops import operations
from zinemaker.units import MM
from zinemaker.vocab import MIN_TEXT

MIN_LINE = 0.25  # pt
MIN_INK = 0.15  # of full ink
MIN_LIGHTNESS_GAP = 20.0  # L*
SAFE = 3 * MM
MIN_DPI = 200.0
#: Text may run this far past its clip (pt) before it counts as cut off:
#: the estimate of a glyph's box is rough.
CLIP_SLACK = 0.5
#: Forms inside forms followed at most (a real file nests a few).
FORM_DEPTH = 32

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF's row-vector convention: m x n)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _scale(m: Matrix) -> float:
    """How much the matrix scales lengths, on average."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


@dataclass(frozen=True)
class Finding:
    """One fault on one page: what, where it first is, how many in all."""

    page: int  # 1-based
    kind: str  # "thin line", "light tint", "same grey", "small text", "text near trim", "low-res image"
    x: float  # where it first occurs, in points from the page's left
    y: float  # ... and from its top
    message: str
    count: int = 1

    def __str__(self) -> str:
        more = f" ({self.count} on this page)" if self.count > 1 else ""
        return (
            f"page {self.page}, {self.x / MM:.0f} mm from the left, {self.y / MM:.0f} mm from the top:"
            f" {self.message}{more}"
        )


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    line: float = 1.0
    fill: tuple[float, ...] = (0.0,)  # components: 1 grey, 3 RGB, 4 CMYK
    stroke: tuple[float, ...] = (0.0,)
    font: object = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    hscale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0
    clip: tuple[float, float, float, float] | None = None  # the clip's bounding box on the page, if any

    def copy(self) -> _State:
        return _State(**self.__dict__)


def _meet(a: tuple[float, float, float, float] | None, b: tuple[float, float, float, float]):  # noqa: ANN202
    """Two clips' boxes as one: where both let drawing through."""
    if a is None:
        return b
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def grey_of(colour: tuple[float, ...]) -> float:
    """A colour's grey (0 black .. 1 white), as a copier sees it."""
    if len(colour) == 1:
        return colour[0]
    if len(colour) == 3:
        r, g, b = colour
        return 0.299 * r + 0.587 * g + 0.114 * b
    if len(colour) == 4:
        c, m, y, k = colour
        return max(0.0, 1.0 - min(1.0, 0.299 * c + 0.587 * m + 0.114 * y + k))
    return 0.0


def lightness(colour: tuple[float, ...]) -> float:
    """CIE L* of a colour (device RGB read as sRGB; grey and CMYK through their grey)."""
    if len(colour) == 3:

        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        y = 0.2126 * lin(colour[0]) + 0.7152 * lin(colour[1]) + 0.0722 * lin(colour[2])
    else:
        g = grey_of(colour)
        y = g / 12.92 if g <= 0.04045 else ((g + 0.055) / 1.055) ** 2.4
    return 116 * y ** (1 / 3) - 16 if y > 216 / 24389 else y * 24389 / 27


def _chromatic(colour: tuple[float, ...]) -> bool:
    if len(colour) == 3:
        return max(colour) - min(colour) > 0.08
    if len(colour) == 4:
        return max(colour[:3]) - min(colour[:3]) > 0.08
    return False


def _hex(colour: tuple[float, ...]) -> str:
    if len(colour) == 3:
        return "#" + "".join(f"{round(v * 255):02x}" for v in colour)
    return "cmyk(" + ", ".join(f"{v:g}" for v in colour) + ")"


class _Font:
    """Glyph advances of a font, enough to know where a line of text ends."""

    def __init__(self, font: DictionaryObject | None) -> None:
        self.first, self.widths, self.two_byte, self.cid = 0, [], False, {}
        self._advances: dict[tuple[float, float], list[float]] = {}
        self.default = 500.0
        if font is None:
            return
        if font.get("/Subtype") == "/Type0":
            self.two_byte = True
            desc = font.get("/DescendantFonts")
            desc = desc[0].get_object() if desc else {}
            self.default = float(desc.get("/DW", 1000))
            w = desc.get("/W") or []
            i = 0
            while i < len(w):
                start = int(w[i])
                nxt = w[i + 1].get_object() if isinstance(w[i + 1], IndirectObject) else w[i + 1]
                if isinstance(nxt, list):
                    for k, v in enumerate(nxt):
                        self.cid[start + k] = float(v)
                    i += 2
                else:
                    for k in range(start, int(nxt) + 1):
                        self.cid[k] = float(w[i + 2])
                    i += 3
            return
        self.first = int(font.get("/FirstChar", 0))
        self.widths = [float(v) for v in (font.get("/Widths") or [])]

    def codes(self, data: bytes) -> list[int]:
        if self.two_byte:
            return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data) - 1, 2)]
        return list(data)

    def advances(self, size: float, char_space: float, word_space: float) -> list[float] | None:
        """How far each code of a one-byte font moves the pen before the
        horizontal scaling (None for a two-byte font), as adding glyph by
        glyph computes it. Made once per font, size and character spacing."""
        if self.two_byte:
            return None
        key = (size, char_space)
        base = self._advances.get(key)
        if base is None:
            base = self._advances[key] = [self.width(code) * size + char_space for code in range(256)]
        table = base.copy()
        table[32] = base[32] + word_space
        return table

    def width(self, code: int) -> float:
        if self.two_byte:
            return self.cid.get(code, self.default) / 1000
        i = code - self.first
        return (self.widths[i] if 0 <= i < len(self.widths) else self.default) / 1000


@dataclass
class _Page:
    """Findings of one page, grouped by kind (the first place, and a count)."""

    number: int
    height: float
    found: dict[tuple[str, str], Finding] = field(default_factory=dict)

    def add(self, kind: str, key: str, x: float, y: float, message: str) -> None:
        got = self.found.get((kind, key))
        if got is None:
            self.found[(kind, key)] = Finding(self.number, kind, x, self.height - y, message)
        else:
            self.found[(kind, key)] = Finding(got.page, got.kind, got.x, got.y, got.message, got.count + 1)


def preflight(data: bytes | PdfReader, safe: float = SAFE, read: dict | None = None) -> list[Finding]:
    """Every photocopier fault in a PDF, once per page and kind (see the
    module docstring), in page order. ``read`` keeps the drawings read, by
    their bytes, for the next PDF checked with it: the files one build
    makes share most of them (a zine's pages are drawn again on its
    sheets, a deck's cards on both papers)."""
    reader = data if isinstance(data, PdfReader) else PdfReader(io.BytesIO(data))
    out: list[Finding] = []
    parsed: dict[bytes, list] = {} if read is None else read
    fonts: dict[int, _Font] = {}  # by object number: read once for the whole file
    for n, page in enumerate(reader.pages, start=1):
        box = page.trimbox
        trim = (float(box.left), float(box.bottom), float(box.right), float(box.top))
        media = page.mediabox
        p = _Page(n, float(media.top))
        walker = _Walker(reader, p, trim, safe, parsed, fonts)
        try:
            contents = page.get_contents()
            res = page.get("/Resources")
            if contents is not None:
                walker.walk(contents, res.get_object() if res is not None else DictionaryObject(), _State(), "page")
        except pdf_faults() as exc:
            # A drawing this reader can't follow (broken, a bomb, nested past reason): said, not a crash.
            why = "it nests too deep" if isinstance(exc, RecursionError) else " ".join(str(exc).split())[:120]
            p.add("unreadable", "", 0.0, p.height, f"part of this page could not be read to check it ({why})")
        out.extend(_order(p))
    return out


def _order(p: _Page) -> list[Finding]:
    kinds = ["thin line", "light tint", "same grey", "small text", "text near trim", "text cut off", "low-res image",
             "unreadable"]
    return sorted(p.found.values(), key=lambda f: (kinds.index(f.kind), f.y, f.x))


#: The operators the walker reads (the text ones first in it: the most frequent).
_FOLLOWED = frozenset(
    b"BT Tf Tc Tw Tz TL Ts Td TD Tm T* Tj ' \" TJ q Q cm w g rg k G RG K sc scn SC SCN cs CS m l c v y re W W*"
    b" S s f F f* B B* b b* n Do".split()
    + [b"INLINE IMAGE"]
)


class _Walker:
    def __init__(self, reader: PdfReader, page: _Page, trim, safe: float, parsed: dict, fonts: dict) -> None:  # noqa: ANN001
        self.reader, self.page, self.trim, self.safe, self.parsed = reader, page, trim, safe, parsed
        self.fonts: dict[int, _Font] = fonts
        self.direct: dict[int, _Font] = {}  # fonts written into a resource dictionary, by the object's identity
        self.open: set[int] = set()  # the forms being walked, outermost first

    def _ops(self, stream) -> list:  # noqa: ANN001
        """A content stream's operations, read once per drawing, known by its
        bytes (a form placed on many sheets, a page drawn again on a sheet)."""
        data = stream.get_data()
        ops = self.parsed.get(data)
        if ops is None:
            ops = self.parsed[data] = operations(data)
        return ops

    def walk(self, stream, res, st: _State, design: str) -> None:  # noqa: ANN001, C901
        stack: list[_State] = []
        colours: dict[tuple[float, ...], tuple[float, float]] = {}  # chromatic fill/stroke -> first place
        path: list[tuple[float, float]] = []
        clipping = False  # a W seen: the path, once ended, clips
        tm = tlm = IDENTITY
        font_res = (res.get("/Font") or DictionaryObject()).get_object() if res is not None else {}
        xobjects = (res.get("/XObject") or DictionaryObject()).get_object() if res is not None else {}
        for operands, op in self._ops(stream):
            if op not in _FOLLOWED:
                continue  # ET, h, J, d, gs, marked content: nothing to check
            if op == b"BT":
                tm = tlm = IDENTITY
            elif op == b"Tf":
                name = operands[0]
                ref = font_res.get(name) if font_res else None
                known, key = (self.fonts, ref.idnum) if isinstance(ref, IndirectObject) else (self.direct, id(ref))
                if key not in known:
                    known[key] = _Font(ref.get_object() if ref is not None else None)
                st.font, st.size = known[key], float(operands[1])
            elif op == b"Tc":
                st.char_space = float(operands[0])
            elif op == b"Tw":
                st.word_space = float(operands[0])
            elif op == b"Tz":
                st.hscale = float(operands[0]) / 100
            elif op == b"TL":
                st.leading = float(operands[0])
            elif op == b"Ts":
                st.rise = float(operands[0])
            elif op in (b"Td", b"TD"):
                tx, ty = float(operands[0]), float(operands[1])
                if op == b"TD":
                    st.leading = -ty
                tlm = _mul((1, 0, 0, 1, tx, ty), tlm)
                tm = tlm
            elif op == b"Tm":
                tlm = tm = tuple(float(v) for v in operands)  # type: ignore[assignment]
            elif op == b"T*":
                tlm = _mul((1, 0, 0, 1, 0, -st.leading), tlm)
                tm = tlm
            elif op in (b"Tj", b"'", b'"', b"TJ"):
                if op in (b"'", b'"'):
                    tlm = _mul((1, 0, 0, 1, 0, -st.leading), tlm)
                    tm = tlm
                if op == b'"':
                    st.word_space, st.char_space = float(operands[0]), float(operands[1])
                items = operands[0] if op == b"TJ" else [operands[-1]]
                tm = self._text(st, tm, items, colours)
            elif op == b"q":
                stack.append(st.copy())
            elif op == b"Q":
                if stack:
                    st = stack.pop()
            elif op == b"cm":
                st.ctm = _mul(tuple(float(v) for v in operands), st.ctm)  # type: ignore[arg-type]
            elif op == b"w":
                st.line = float(operands[0])
            elif op in (b"g", b"rg", b"k"):
                st.fill = tuple(float(v) for v in operands)
            elif op in (b"G", b"RG", b"K"):
                st.stroke = tuple(float(v) for v in operands)
            elif op in (b"sc", b"scn"):
                if all(not isinstance(v, str) for v in operands):
                    st.fill = tuple(float(v) for v in operands)
            elif op in (b"SC", b"SCN"):
                if all(not isinstance(v, str) for v in operands):
                    st.stroke = tuple(float(v) for v in operands)
            elif op in (b"cs",):
                st.fill = (0.0,) if operands and operands[0] != "/DeviceRGB" else (0.0, 0.0, 0.0)
            elif op in (b"CS",):
                st.stroke = (0.0,) if operands and operands[0] != "/DeviceRGB" else (0.0, 0.0, 0.0)
            elif op in (b"m", b"l"):
                path.append(_apply(st.ctm, float(operands[0]), float(operands[1])))
            elif op == b"c":
                path.append(_apply(st.ctm, float(operands[4]), float(operands[5])))
            elif op in (b"v", b"y"):
                path.append(_apply(st.ctm, float(operands[2]), float(operands[3])))
            elif op == b"re":
                x, y, w, h = (float(v) for v in operands)
                path += [_apply(st.ctm, x, y), _apply(st.ctm, x + w, y + h)]
            elif op in (b"W", b"W*"):
                clipping = True
            elif op in (b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n"):
                if clipping and path:
                    xs, ys = [x for x, _ in path], [y for _, y in path]
                    st.clip = _meet(st.clip, (min(xs), min(ys), max(xs), max(ys)))
                clipping = False
                if path and op != b"n":
                    x, y = path[0]
                    if op in (b"S", b"s", b"B", b"B*", b"b", b"b*"):
                        self._stroke(st, x, y, colours)
                    if op in (b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*"):
                        self._fill(st, x, y, colours)
                path = []
            elif op == b"Do":
                ref = xobjects.get(operands[0]) if xobjects else None
                if ref is None:
                    continue
                obj = ref.get_object()
                sub = obj.get("/Subtype")
                if sub == "/Image":
                    self._image(st, int(obj.get("/Width", 0)), int(obj.get("/Height", 0)))
                elif sub == "/Form":
                    key = id(obj)
                    if key in self.open or len(self.open) >= FORM_DEPTH:
                        continue  # a form that draws itself, or nests past reason: its first drawing is checked
                    m = tuple(float(v) for v in obj.get("/Matrix", IDENTITY))
                    inner = st.copy()
                    inner.ctm = _mul(m, st.ctm)  # type: ignore[arg-type]
                    bbox = obj.get("/BBox")
                    if bbox is not None and len(bbox) == 4:
                        x0, y0, x1, y1 = (float(v) for v in bbox)
                        corners = [_apply(inner.ctm, x, y) for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1))]
                        xs, ys = [x for x, _ in corners], [y for _, y in corners]
                        inner.clip = _meet(inner.clip, (min(xs), min(ys), max(xs), max(ys)))
                    fres = obj.get("/Resources")
                    self.open.add(key)
                    try:
                        self.walk(obj, fres.get_object() if fres is not None else res, inner, f"form {operands[0]}")
                    finally:
                        self.open.discard(key)
            elif op == b"INLINE IMAGE":
                settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
                self._image(st, int(settings.get("/W", settings.get("/Width", 0))),
                            int(settings.get("/H", settings.get("/Height", 0))))
        self._same_grey(colours, design)

    # -- the checks -----------------------------------------------------------------

    def _stroke(self, st: _State, x: float, y: float, colours: dict) -> None:
        if grey_of(st.stroke) >= 0.999:
            return  # white on white: nothing to lose
        width = st.line * _scale(st.ctm)
        if width < MIN_LINE - 1e-6:
            self.page.add(
                "thin line", "", x, y,
                f"a line {width:.2f} pt wide: a copier loses lines under {MIN_LINE:g} pt; make it thicker",
            )
        self._tint(st.stroke, x, y, "a line")
        if _chromatic(st.stroke):
            st_key = tuple(round(v, 3) for v in st.stroke)
            colours.setdefault(st_key, (x, y))

    def _fill(self, st: _State, x: float, y: float, colours: dict) -> None:
        self._tint(st.fill, x, y, "a fill")
        if _chromatic(st.fill):
            colours.setdefault(tuple(round(v, 3) for v in st.fill), (x, y))

    def _tint(self, colour: tuple[float, ...], x: float, y: float, what: str) -> None:
        ink = 1 - grey_of(colour)
        if 1e-3 < ink < MIN_INK - 1e-6:
            self.page.add(
                "light tint", "", x, y,
                f"{what} at {ink:.0%} ink ({_hex(colour) if len(colour) > 1 else f'grey {colour[0]:g}'}):"
                f" a copier drops tints under {MIN_INK:.0%}; make it darker or leave it white",
            )

    def _same_grey(self, colours: dict, design: str) -> None:
        items = list(colours.items())
        for i, (a, where) in enumerate(items):
            for b, _ in items[i + 1 :]:
                la, lb = lightness(a), lightness(b)
                if abs(la - lb) < MIN_LIGHTNESS_GAP:
                    self.page.add(
                        "same grey", f"{design}:{a}:{b}", where[0], where[1],
                        f"{_hex(a)} and {_hex(b)} in one design turn nearly the same grey (L* {la:.0f} and"
                        f" {lb:.0f}, under {MIN_LIGHTNESS_GAP:g} apart): a copy can't tell them apart;"
                        " make one darker, or add a pattern",
                    )

    def _text(self, st: _State, tm: Matrix, items, colours: dict) -> Matrix:  # noqa: ANN001
        font: _Font = st.font if isinstance(st.font, _Font) else _Font(None)
        advance = 0.0
        count = 0
        table = font.advances(st.size, st.char_space, st.word_space)
        for item in items:
            if isinstance(item, (bytes, str)):
                data = item if isinstance(item, bytes) else item.encode("latin-1", "replace")
                if table is not None:
                    advance = reduce(add, map(st.hscale.__mul__, map(table.__getitem__, data)), advance)
                    count += len(data)
                    continue
                for code in font.codes(data):
                    w = font.width(code) * st.size + st.char_space + (st.word_space if code == 32 else 0.0)
                    advance += w * st.hscale
                    count += 1
            else:
                advance -= float(item) / 1000 * st.size * st.hscale
        if count == 0:
            return _mul((1, 0, 0, 1, advance, 0), tm)
        m = _mul(tm, st.ctm)
        size = st.size * _scale(m)
        x0, y0 = _apply(m, 0, st.rise)
        x1, y1 = _apply(m, advance, st.rise + st.size * 0.7)
        xb, yb = _apply(m, 0, st.rise - st.size * 0.2)
        if 0 < size < MIN_TEXT - 1e-3:
            self.page.add(
                "small text", "", x0, y0,
                f"text {size:.1f} pt: under {MIN_TEXT:g} pt it fills in or breaks up in a copy; set it larger",
            )
        self._tint(st.fill, x0, y0, "text")
        left, bottom, right, top = self.trim
        xs, ys = (x0, x1), (yb, y1)
        lo_x, hi_x, lo_y, hi_y = min(xs), max(xs), min(ys), max(ys)
        inside = lo_x < right and hi_x > left and lo_y < top and hi_y > bottom
        near = min(lo_x - left, right - hi_x, lo_y - bottom, top - hi_y)
        if st.clip is not None:
            cx0, cy0, cx1, cy1 = st.clip
            # The glyphs' box from the baseline to about a capital's height
            # (a descender may touch a clip at the line's foot).
            past = max(cx0 - min(x0, x1), max(x0, x1) - cx1, cy0 - min(y0, y1), max(y0, y1) - cy1)
            if past > CLIP_SLACK:
                self.page.add(
                    "text cut off", "", x0, y0,
                    f"text cut off: it runs {past / MM:.1f} mm past the box it is drawn in, so part of it"
                    " will not print; shorten the text (on a card: or choose a larger card or smaller"
                    " minimum size)",
                )
        if inside and near < self.safe - 0.05:
            self.page.add(
                "text near trim", "", x0, y0,
                f"text {max(0.0, near) / MM:.1f} mm from the trim: keep text {self.safe / MM:g} mm or more inside"
                " it, where a cut a little off or a copier's drift can't take it",
            )
        return _mul((1, 0, 0, 1, advance, 0), tm)

    def _image(self, st: _State, px_w: int, px_h: int) -> None:
        a, b, c, d, e, f = st.ctm
        w_in, h_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        if not (px_w and px_h and w_in and h_in):
            return
        dpi = min(px_w / w_in, px_h / h_in)
        if dpi < MIN_DPI - 0.5:
            self.page.add(
                "low-res image", "", e, f + math.hypot(c, d),
                f"an image at {dpi:.0f} dpi ({px_w} x {px_h} pixels, {w_in * 25.4:.0f} x {h_in * 25.4:.0f} mm):"
                f" under {MIN_DPI:g} dpi it copies blurred; use a larger image or print it smaller",
            )
