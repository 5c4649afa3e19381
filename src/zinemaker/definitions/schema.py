"""A small validator for user-edited TOML and YAML.

A schema is a dict of field name to :class:`Field`; a :class:`Table` nests
them. :func:`validate` walks user data once, at load, and raises a
:class:`~zinemaker.errors.ZinemakerError` naming the file, the field path,
what was found and what is allowed, so nothing later has to check again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from zinemaker.errors import ZinemakerError, did_you_mean

REQUIRED = object()


@dataclass(frozen=True)
class Field:
    """One field: how to check and convert it, and its default."""

    check: Callable[[Any, str], Any]
    default: Any = REQUIRED
    doc: str = ""


@dataclass(frozen=True)
class Table:
    """A nested table of fields."""

    fields: dict[str, Field | Table]
    doc: str = ""


@dataclass(frozen=True)
class ListOf:
    """An array of tables, each checked by ``check(item, where)``."""

    check: Callable[[Any, str], Any]
    default: Any = REQUIRED
    doc: str = ""


def validate(
    data: Any, schema: Table, where: str, path: str = "", problems: list[ZinemakerError] | None = None
) -> dict[str, Any]:
    """Check ``data`` against ``schema``; return it with defaults filled in.

    The first mistake is raised, unless ``problems`` is a list: then every
    mistake is added to it and checking goes on (for ``zinemaker check``).
    """

    def bad(exc: ZinemakerError) -> None:
        if problems is None:
            raise exc
        problems.append(exc)

    if not isinstance(data, dict):
        bad(ZinemakerError(f"{path or 'top level'}: expected a table, found {_kind(data)}", where))
        data = {}
    out: dict[str, Any] = {}
    for key in data:
        if key not in schema.fields:
            bad(ZinemakerError(_unknown(key, path, list(schema.fields)), where))
    for key, spec in schema.fields.items():
        sub = f"{path}.{key}" if path else key
        default = None if isinstance(spec, Table) or spec.default is REQUIRED else spec.default
        if isinstance(spec, Table):
            out[key] = validate(data.get(key, {}), spec, where, sub, problems)
        elif key in data:
            try:
                out[key] = spec.check(data[key], f"{where}: {sub}")
            except ZinemakerError as exc:
                bad(exc)
                out[key] = default() if callable(default) else default
        elif spec.default is REQUIRED:
            bad(ZinemakerError(f"{sub}: required field is missing", where))
            out[key] = None
        else:
            out[key] = default() if callable(default) else default
    return out


def _unknown(key: str, path: str, allowed: list[str]) -> str:
    full = f"{path}.{key}" if path else key
    return f"{full}: unknown field{did_you_mean(key, allowed)}; allowed here: {', '.join(allowed)}"


def _kind(value: Any) -> str:
    return {
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
    }.get(type(value), type(value).__name__)


def fail(where: str, found: Any, allowed: str) -> ZinemakerError:
    """The standard 'found X, allowed Y' error for a field at ``where``."""
    shown = repr(found) if isinstance(found, (str, int, float, bool)) else _kind(found)
    return ZinemakerError(f"found {shown}, allowed: {allowed}", where)


# -- field checkers: each takes (value, where) -------------------------------


def text(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise fail(where, value, "text in quotes")
    return value


def optional_text(value: Any, where: str) -> str | None:
    return None if value is None else text(value, where)


def boolean(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise fail(where, value, "true or false")
    return value


def number(lo: float, hi: float) -> Callable[[Any, str], float]:
    def check(value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise fail(where, value, f"a number from {lo:g} to {hi:g}")
        return float(value)

    return check


def integer(lo: int, hi: int) -> Callable[[Any, str], int]:
    def check(value: Any, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise fail(where, value, f"a whole number from {lo} to {hi}")
        return value

    return check


def one_of(*choices: str) -> Callable[[Any, str], str]:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str) or value.strip().lower() not in choices:
            raise fail(where, value, ", ".join(choices) + did_you_mean(str(value).strip().lower(), choices))
        return value.strip().lower()

    return check


def list_of(item: Callable[[Any, str], Any], min_len: int = 0) -> Callable[[Any, str], list]:
    def check(value: Any, where: str) -> list:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or len(value) < min_len:
            raise fail(where, value, f'a list like ["..."] with at least {min_len} entries')
        return [item(v, f"{where} #{i + 1}") for i, v in enumerate(value)]  # counted from 1, as people do

    return check
