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

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(path)
            img.load()
    except FileNotFoundError:
        raise ZinemakerError(f"image not found: {path}; check the path (relative to the text file)", where) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ZinemakerError(
            f"refused {path.name}: it is too large to open safely (over {MAX_PIXELS // 1_000_000} megapixels);"
            " scale it down first",
            where,
        ) from None
    except OSError as exc:
        raise ZinemakerError(f"cannot read the image {path.name} ({exc}); save it as PNG or JPEG", where) from None
    px_w, px_h = img.size
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
    fmt = (img.format or "PNG").upper()
    if dpi > MAX_DPI:
        target = (max(1, round(w / 72 * MAX_DPI)), max(1, round(h / 72 * MAX_DPI)))
        img = img.resize(target, Image.Resampling.LANCZOS)
        dpi = MAX_DPI
        data = _encode(img, fmt)
    else:
        data = path.read_bytes() if fmt in ("PNG", "JPEG") else _encode(img, fmt)
    return Prepared(data, w, h, dpi)


def _encode(img, fmt: str) -> bytes:  # noqa: ANN001
    buf = io.BytesIO()
    if fmt == "JPEG" and img.mode in ("RGB", "L", "CMYK"):
        img.save(buf, "JPEG", quality=90, optimize=True)
    else:
        img.save(buf, "PNG", optimize=True)
    return buf.getvalue()
