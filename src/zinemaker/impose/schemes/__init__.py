"""The registry of imposition schemes: one module each, one ``plan`` function.

A scheme's ``plan(pages, options)`` is pure: it takes the page count and
sizes (:class:`~zinemaker.impose.options.Pages`) and the options, and returns
a :class:`~zinemaker.impose.plan.Plan`. Adding a scheme means adding a module
and a line here.
"""

from __future__ import annotations

from collections.abc import Callable

from zinemaker.errors import ZinemakerError
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan
from zinemaker.impose.schemes import saddle

Planner = Callable[[Pages, ImposeOptions], Plan]

SCHEMES: dict[str, Planner] = {
    "saddle": saddle.plan,
}


def get(name: str, where: str | None = None) -> Planner:
    """The planner for a scheme name, or a clear error listing the names."""
    try:
        return SCHEMES[name]
    except KeyError:
        allowed = ", ".join(sorted(SCHEMES))
        raise ZinemakerError(f"unknown scheme {name!r}, allowed: {allowed}", where) from None
