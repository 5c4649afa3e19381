"""A TrueType face read as reportlab reads it, its big tables whole.

reportlab's ``TTFontFile.extractInfo`` reads a font one number at a time,
a Python call for each (some 83,000 for our eight faces, paid by every
command). :class:`Face` reads the same tables with one ``struct`` call per
table (or per record), a third of the work, and sets the same attributes
to the same values, in the same order, down to reportlab's own quirks (the
advance it stores, scaled, for glyphs past ``numberOfHMetrics``; U+00A0
given the space's glyph). Anything it does not expect -- a cmap format
other than 4 or 12, a table version reportlab refuses, a name it would have
to make up, data that ends early -- is left to reportlab's own method,
which then reads the font (or refuses it) exactly as it always did.

tests/test_fontfile.py loads every font both ways and compares every
attribute, and fonts broken on purpose both ways for the same error.
"""

from __future__ import annotations

import os
import struct
from fnmatch import fnmatch
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase.ttfonts import (
    FF_FIXED,
    FF_FORCEBOLD,
    FF_ITALIC,
    FF_SYMBOLIC,
    TTEncoding,
    TTFNameBytes,
    TTFont,
    TTFontFace,
)

_NAMES = (1, 2, 3, 4, 6)  # family, style, unique id, full name, PostScript name


class Face(TTFontFace):
    """reportlab's face of a TrueType font, read by :func:`read_info`."""

    def extractInfo(self, charInfo=1) -> None:  # noqa: ANN001, N802, N803 - reportlab's signature
        info = read_info(self) if charInfo else None
        if info is None:  # not the usual font: reportlab reads it (or says what is wrong)
            super().extractInfo(charInfo)
        else:
            self.__dict__.update(info)


class Font(TTFont):
    """reportlab's ``TTFont`` (the same attributes, set the same way), its
    face a :class:`Face`."""

    def __init__(self, name: str, filename: str) -> None:  # noqa: D107 - as TTFont's, defaults only
        self.fontName = name
        self.face = Face(filename)
        self.encoding = TTEncoding()
        self.state = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        self.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)


def read_info(face: TTFontFace) -> dict[str, object] | None:
    """The attributes reportlab's ``extractInfo(charInfo=1)`` sets on
    ``face`` (its table directory already read), or None where this reading
    would differ from reportlab's in any way: a font it does not expect."""
    try:
        return _read(face)
    except Exception:  # noqa: BLE001 - data that ends early or is out of line: reportlab says what
        return None


def _read(face: TTFontFace) -> dict[str, object] | None:  # noqa: C901, PLR0912, PLR0915 - one table after another
    data = face._ttf_data
    table = face.table
    u16 = struct.Struct(">H").unpack_from
    i16 = struct.Struct(">h").unpack_from
    u32 = struct.Struct(">L").unpack_from
    info: dict[str, object] = {}

    # name: the first usable record of each name reportlab wants
    at = table["name"]["offset"]
    fmt, count, strings = struct.unpack_from(">3H", data, at)
    if fmt != 0:
        return None
    strings += at
    names: dict[int, bytes | None] = dict.fromkeys(_NAMES)
    wanted = len(names)
    records = data[at + 6 : at + 6 + 12 * count]
    if len(records) < 12 * count:
        return None  # the records run past the end: left to reportlab
    for platform, encoding, language, name_id, length, offset in struct.iter_unpack(">6H", records):
        if name_id not in names:
            continue
        text = None
        if platform == 3 and encoding == 1 and language == 0x409:
            if length % 2:
                return None
            text = TTFNameBytes(bytes(data[strings + offset : strings + offset + length]), "utf_16_be")
        elif platform == 1 and encoding == 0 and language == 0:
            text = TTFNameBytes(bytes(data[strings + offset : strings + offset + length]), "mac_roman")
        if text and names[name_id] is None:
            names[name_id] = text
            wanted -= 1
            if not wanted:
                break
    ps = names[6] or names[4] or names[1]
    if not ps:
        return None  # reportlab makes a name up (or refuses the font)
    ps = TTFNameBytes(ps.replace(b" ", b"-"))
    if any(c > 126 or c in b" [](){}<>/%" for c in ps):
        return None
    info["name"] = ps
    info["familyName"] = names[1] or ps
    info["styleName"] = names[2] or "Regular"
    info["fullName"] = names[4] or ps
    info["uniqueFontID"] = names[3] or ps

    # head
    if "head" not in table:
        return None
    at = table["head"]["offset"]
    major, minor, rev_major, rev_minor = struct.unpack_from(">4H", data, at)
    if major != 1 or u32(data, at + 12)[0] != 0x5F0F3CF5:
        return None
    info["fontRevision"] = (rev_major, rev_minor)
    upem = u16(data, at + 18)[0]
    info["unitsPerEm"] = upem
    if upem == 1000:
        scale = lambda x: x  # noqa: E731 - reportlab keeps this very function as _pdfScale
    else:
        mult = 1000 / upem
        scale = lambda x: x * mult  # noqa: E731
    info["_pdfScale"] = scale
    x_min, y_min, x_max, y_max = struct.unpack_from(">4h", data, at + 36)
    info["bbox"] = [scale(x_min), scale(y_min), scale(x_max), scale(y_max)]
    loca_format, glyph_format = struct.unpack_from(">2H", data, at + 50)

    # OS/2: weight, embedding rights, ascender, descender, cap height
    subsetting = True
    if "OS/2" in table:
        at = table["OS/2"]["offset"]
        version = u16(data, at)[0]
        weight = u16(data, at + 4)[0]
        fs_type = u16(data, at + 8)[0]
        if fs_type == 0x0002 or (fs_type & 0x0300):
            subsetting = os.path.basename(face.filename) not in rl_config.allowTTFSubsetting
        ascender, descender = struct.unpack_from(">2h", data, at + 68)
        info["ascent"] = scale(ascender)
        info["descent"] = scale(descender)
        info["capHeight"] = scale(i16(data, at + 88)[0]) if version > 1 else info["ascent"]
    else:
        weight = 500
        info["ascent"] = scale(y_max)
        info["descent"] = scale(y_min)
        info["capHeight"] = info["ascent"]
    info["stemV"] = 50 + int((weight / 65.0) ** 2)

    # post
    at = table["post"]["offset"]
    major, _minor, angle, angle_frac, under_pos, under_thick, fixed = struct.unpack_from(">HHhHhhL", data, at)
    if major not in (1, 2, 3, 4):
        return None
    info["italicAngle"] = angle + angle_frac / 65536.0
    info["underlinePosition"] = under_pos
    info["underlineThickness"] = under_thick
    flags = FF_SYMBOLIC
    if info["italicAngle"] != 0:
        flags |= FF_ITALIC
    if weight >= 600:
        flags |= FF_FORCEBOLD
    if fixed:
        flags |= FF_FIXED
    info["flags"] = flags

    # hhea, maxp
    at = table["hhea"]["offset"]
    if u16(data, at)[0] != 1 or u16(data, at + 32)[0] != 0:
        return None
    n_metrics = u16(data, at + 34)[0]
    at = table["maxp"]["offset"]
    if u16(data, at)[0] != 1:
        return None
    n_glyphs = u16(data, at + 4)[0]
    info["numGlyphs"] = n_glyphs
    if n_metrics == 0 or (not subsetting and n_glyphs > 0xFF) or glyph_format != 0:
        return None
    info["_full_font"] = not subsetting

    # cmap: the subtable reportlab chooses (the last that suits it)
    cmap = table["cmap"]["offset"]
    version, count = struct.unpack_from(">2H", data, cmap)
    if count == 0 and version != 0:
        count = version
    chosen = None
    kind = 0
    for platform, encoding, offset in struct.iter_unpack(">HHL", data[cmap + 4 : cmap + 4 + 8 * count]):
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            kind, chosen = 1, offset
        elif platform == 1 and encoding == 0 and kind != 1:
            kind, chosen = 2, offset
    if chosen is None or len(data) < cmap + 4 + 8 * count:
        return None
    at = cmap + chosen
    fmt = u16(data, at)[0]
    # every (character, glyph) pair in the order reportlab meets them
    codes: list[int] = []
    glyphs: list[int] = []
    if fmt == 4:
        length = u16(data, at + 2)[0]
        limit = at + length
        segments = u16(data, at + 6)[0] // 2
        ends = struct.unpack_from(f">{segments}H", data, at + 14)
        starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
        deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
        ranges_at = at + 16 + 6 * segments
        ranges = struct.unpack_from(f">{segments}H", data, ranges_at)
        for n in range(segments):
            start, end, delta, rng = starts[n], ends[n], deltas[n], ranges[n]
            if end < start:
                continue
            codes.extend(range(start, end + 1))
            if rng == 0:
                if 0 <= start + delta and end + delta <= 0xFFFF:
                    glyphs.extend(range(start + delta, end + delta + 1))
                else:
                    glyphs.extend((code + delta) & 0xFFFF for code in range(start, end + 1))
            else:
                first = ranges_at + 2 * n + rng
                inside = min(end - start + 1, max(0, (limit - first + 1) // 2))
                raw = struct.unpack_from(f">{inside}H", data, first)
                glyphs.extend((g + delta) & 0xFFFF if g else 0 for g in raw)
                glyphs.extend([0] * (end - start + 1 - inside))  # past the subtable: reportlab's 0
    elif fmt == 12:
        groups = u32(data, at + 12)[0]
        records = data[at + 16 : at + 16 + 12 * groups]
        if len(records) < 12 * groups:
            return None
        for start, end, glyph in struct.iter_unpack(">3L", records):
            if start == end:  # most groups are of one character
                codes.append(start)
                glyphs.append(glyph)
            else:
                codes.extend(range(start, end + 1))
                glyphs.extend(range(glyph, glyph + end - start + 1))
    else:
        return None
    to_glyph = dict(zip(codes, glyphs, strict=True))  # a character given twice: its place first, its glyph last
    single = len(set(glyphs)) == len(glyphs)  # nearly every font: one character a glyph
    if single:
        to_chars = {glyph: [code] for glyph, code in zip(glyphs, codes, strict=True)}
    else:
        to_chars = {}
        for glyph, code in zip(glyphs, codes, strict=True):
            if glyph in to_chars:
                to_chars[glyph].append(code)
            else:
                to_chars[glyph] = [code]
    info["charToGlyph"] = to_glyph
    info["glyphToChar"] = to_chars

    # hmtx: advance and side bearing of each glyph; past numberOfHMetrics
    # reportlab keeps the last advance as it has scaled it, and so do we
    at = table["hmtx"]["offset"]
    pairs = struct.unpack_from(f">{2 * n_metrics}H", data, at)
    advances = list(map(scale, pairs[0::2])) if upem == 1000 else [a * mult for a in pairs[0::2]]
    metrics = list(zip(pairs[0::2], pairs[1::2], strict=True))
    rest = max(0, n_glyphs - n_metrics)
    if rest:
        last = advances[-1]
        metrics += [(last, lsb) for lsb in struct.unpack_from(f">{rest}H", data, at + 4 * n_metrics)]
        advances += [last] * rest
    # each character's width, glyph by glyph as reportlab sets them
    if single and (not glyphs or max(glyphs) < len(advances)):
        code_of = dict(zip(glyphs, codes, strict=True))
        widths = {code_of[glyph]: advances[glyph] for glyph in sorted(code_of)}
    else:
        widths = {}
        for glyph in sorted(to_chars):
            if glyph < len(advances):
                width = advances[glyph]
                for code in to_chars[glyph]:
                    widths[code] = width
    info["charWidths"] = widths
    info["hmetrics"] = metrics
    info["defaultWidth"] = advances[0]

    # loca: where each glyph's outline starts in glyf
    if "loca" not in table:
        return None
    at = table["loca"]["offset"]
    if loca_format == 0:
        positions = [p << 1 for p in struct.unpack_from(f">{n_glyphs + 1}H", data, at)]
        info["_pos"] = at + 2 * (n_glyphs + 1)
    elif loca_format == 1:
        positions = list(struct.unpack_from(f">{n_glyphs + 1}L", data, at))
        info["_pos"] = at + 4 * (n_glyphs + 1)
    else:
        return None
    info["glyphPos"] = positions

    if 0x20 in to_glyph:
        to_glyph[0xA0] = to_glyph[0x20]
        widths[0xA0] = widths[0x20]
    elif 0xA0 in to_glyph:
        to_glyph[0x20] = to_glyph[0xA0]
        widths[0x20] = widths[0xA0]
    return info
