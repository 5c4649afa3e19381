"""The registry of imposition schemes: one module each, one ``plan`` function.

A scheme's ``plan(pages, options)`` is pure: it takes the page count and
sizes (:class:`~zinemaker.impose.options.Pages`) and the options, and returns
a :class:`~zinemaker.impose.plan.Plan`. Adding a scheme means adding a module
and a line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from zinemaker.errors import ZinemakerError
from zinemaker.impose import registration
from zinemaker.impose.calibrate import BackError, back_correction
from zinemaker.impose.layout import mirrored, turned_to_top
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan
from zinemaker.impose.schemes import cards, copies, cutstack, mini, nup, saddle

Planner = Callable[[Pages, ImposeOptions], Plan]

SCHEMES: dict[str, Planner] = {
    "saddle": saddle.plan,
    "perfect": saddle.perfect,
    "mini8": mini.mini8,
    "mini16": mini.mini16,
    "cutstack": cutstack.plan,
    "copies": copies.plan,
    "nup": nup.plan,
    "cards": cards.cards,
    "gutterfold": cards.gutterfold,
}

#: Schemes whose spine can be on the right (right-to-left languages) ...
BIND_RIGHT = ("saddle", "perfect", "cutstack", "copies", "mini16")
#: ... and on the top (calendar style).
BIND_TOP = ("saddle", "perfect", "copies")


def plan(name: str, pages: Pages, options: ImposeOptions, where: str | None = None) -> Plan:
    """Plan an imposition, with the spine on the side ``options.bind`` says.

    Schemes plan for a left spine; a right spine (right-to-left languages)
    mirrors every side; a top spine (calendar style) plans in a frame turned
    a quarter, with the pages turned to match, and turns the result back.
    """
    if "registration" in options.marks:
        planned = registration.plan_with_marks(lambda o: _plan(name, pages, o, where), name, options, where)
    else:
        planned = _plan(name, pages, options, where)
    return with_back_correction(planned, options)


def with_back_correction(plan: Plan, options: ImposeOptions) -> Plan:
    """Record the matrix that cancels the printer's back error (offset,
    skew, scale, a half turn), in the back's own frame: see
    :func:`zinemaker.impose.calibrate.back_correction`."""
    err = BackError(options.back_offset, options.back_skew, options.back_scale, options.back_turned)
    if plan.sides != 2 or err.none:
        return plan
    shift = back_correction(plan.sheet_size, plan.flip, err, plan.params.get("spine", "left"))
    return replace(plan, params={**plan.params, "back_shift": shift})


def _plan(name: str, pages: Pages, options: ImposeOptions, where: str | None) -> Plan:
    planner = get(name, where)
    if options.fold != "folio" and name != "perfect":
        raise ZinemakerError(f"--fold {options.fold} is for the perfect scheme, not {name}", where)
    if options.fold == "quarto" and options.bind != "left":
        raise ZinemakerError("--fold quarto binds at the left only for now: leave out --bind", where)
    if options.bind == "left" or name not in BIND_RIGHT:
        return planner(pages, options)
    if options.bind == "right":
        return mirrored(planner(pages, options))
    if name not in BIND_TOP:
        raise ZinemakerError(f"--bind top is not available for {name}; it works with {', '.join(BIND_TOP)}", where)
    turned = Pages(pages.count, pages.height, pages.width, pages.bleed)
    return turned_to_top(planner(turned, replace(options, sheet=options.sheet[::-1])))


def get(name: str, where: str | None = None) -> Planner:
    """The planner for a scheme name, or a clear error listing the names."""
    try:
        return SCHEMES[name]
    except KeyError:
        allowed = ", ".join(sorted(SCHEMES))
        raise ZinemakerError(f"unknown scheme {name!r}, allowed: {allowed}", where) from None
