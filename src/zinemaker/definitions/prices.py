"""A copy shop's price list (``printers/copyshop.toml``), read and checked once.

    name = "Print Corner"        # optional, printed under the total
    currency = "$"               # optional: "$", "€", "EUR" ...
    [black]                      # per printed side, by paper
    letter = 0.08
    a4 = 0.08
    [colour]                     # per printed side in colour
    letter = 0.45
    [cover]                      # per sheet of cover stock, on top of its sides
    letter = 0.30
    [finishing]                  # per staple, per fold, per cut
    staple = 0.05
    fold = 0.10
    cut = 0.02

Prices are kept as exact decimals, so a sum of a thousand sides is exact.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

from zinemaker.errors import ZinemakerError
from zinemaker.units import PAPER

TABLES = ("black", "colour", "cover", "finishing")
FINISHING = ("staple", "fold", "cut")


def load_prices(path: Path) -> dict[str, Any]:
    """The price list as {"name", "currency", "black": {paper: Decimal}, ...,
    "path"}; any mistake is one line naming the file and the field."""
    where = str(path)
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ZinemakerError("price list not found: check the path", where) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ZinemakerError(f"not valid TOML: {exc}", where) from None
    out: dict[str, Any] = {"name": "", "currency": "", "path": where, **{t: {} for t in TABLES}}
    for key, value in raw.items():
        if key in ("name", "currency"):
            if not isinstance(value, str):
                raise ZinemakerError(f"{key}: found {value!r}, expected text in quotes", where)
            out[key] = value
        elif key in TABLES:
            if not isinstance(value, dict):
                raise ZinemakerError(f"{key}: expected a table [{key}] of prices", where)
            allowed = FINISHING if key == "finishing" else tuple(PAPER)
            for name, price in value.items():
                if name.lower() not in allowed:
                    raise ZinemakerError(
                        f"{key}.{name}: unknown; allowed: {', '.join(allowed)}", where
                    )
                if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
                    raise ZinemakerError(f"{key}.{name}: found {price!r}, expected a price like 0.08", where)
                out[key][name.lower()] = Decimal(str(price))
        else:
            raise ZinemakerError(f"{key}: unknown; allowed: name, currency, {', '.join(TABLES)}", where)
    return out


def price(prices: dict[str, Any], table: str, key: str) -> Decimal:
    """One price, or an error saying which to add."""
    try:
        return prices[table][key]
    except KeyError:
        what = {"black": "a black printed side", "colour": "a colour printed side", "cover": "a sheet of cover stock"}
        raise ZinemakerError(
            f"{table}.{key}: no price for {what.get(table, table)} on {key} paper: add {key} = 0.00 under [{table}]",
            prices.get("path"),
        ) from None
