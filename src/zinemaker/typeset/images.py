"""Images for print: checked, sized and prepared with Pillow.

An image is placed at the column's width (or less, if that would make it
taller than half the page), keeping its proportions. At that size it must
have at least 200 dpi or the build warns, naming the file; above 300 dpi it
is downsampled to 300, so a phone photo does not make a 40 MB zine. Images
too large to open safely (decompression bombs) are refused.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from zinemaker.errors import ZinemakerError, ZinemakerWarning

MIN_DPI = 200
MAX_DPI = 300
#: Pillow refuses images over twice this as bombs; we refuse anything over it.
MAX_PIXELS = 60_000_000


@dataclass(frozen=True)
class Prepared:
    data: bytes  # the image file to embed
    width: float  # print size, points
    height: float
    dpi: float  # resolution at print size, after any downsampling


def prepare(path: Path, max_w: float, max_h: float, where: str) -> Prepared:
    """Open, check and size an image for a box of ``max_w`` x ``max_h`` points."""
    from PIL import Image

    from zinemaker import files

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        raw = files.read_bytes(path, "image")
    except ZinemakerError as exc:
        if not Path(path).exists():
            raise ZinemakerError(
                f"image not found: {path}; check the path (relative to the text file)", where
            ) from None
        raise ZinemakerError(f"{path.name}: {exc.message}", where) from None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(raw))
            img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ZinemakerError(
            f"refused {path.name}: it is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels);"
            " scale it down first",
            where,
        ) from None
    except (OSError, ValueError, SyntaxError) as exc:  # Pillow's plugins raise all three for broken files
        raise ZinemakerError(f"cannot read the image {path.name} ({exc}); save it as PNG or JPEG", where) from None
    px_w, px_h = img.size
    if not px_w or not px_h:
        raise ZinemakerError(f"the image {path.name} has no pixels; save it again", where)
    fmt = (img.format or "PNG").upper()
    plain = fmt in ("PNG", "JPEG") and img.mode in ("1", "L", "LA", "P", "RGB", "RGBA", "CMYK")
    if img.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit grey: PDF readers (and reportlab) take 8 bits; scaled, not clipped to white.
        img = _eight_bit(img)
        plain = False
    scale = min(max_w / px_w, max_h / px_h)
    w, h = px_w * scale, px_h * scale
    dpi = px_w / (w / 72)
    if dpi < MIN_DPI:
        warnings.warn(
            f"{where}: {path.name} is {dpi:.0f} dpi at print size ({w / 72 * 25.4:.0f} mm wide); it may print"
            f" blurry: use a larger image (at least {MIN_DPI} dpi)",
            ZinemakerWarning,
            stacklevel=2,
        )
    if dpi > MAX_DPI:
        target = (max(1, round(w / 72 * MAX_DPI)), max(1, round(h / 72 * MAX_DPI)))
        img = img.resize(target, Image.Resampling.LANCZOS)
        dpi = MAX_DPI
        data = _encode(img, fmt)
    else:
        data = raw if plain else _encode(img, fmt)
    return Prepared(data, w, h, dpi)


def _eight_bit(img):  # noqa: ANN001, ANN202
    """A 16-bit (or 32-bit) grey image as 8-bit grey, its full range kept."""
    if img.mode == "F":
        lo, hi = img.getextrema()
    else:
        img = img.convert("I")
        lo, hi = 0, (65535 if img.getextrema()[1] > 255 else 255)
    scale = 255 / (hi - lo) if hi > lo else 1
    return img.point(lambda v: (v - lo) * scale).convert("L")


def _encode(img, fmt: str) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    if fmt == "JPEG" and img.mode in ("RGB", "L", "CMYK"):
        img.save(buf, "JPEG", quality=90, optimize=True)
    else:
        img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
