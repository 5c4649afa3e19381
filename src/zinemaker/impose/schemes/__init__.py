"""The registry of imposition schemes: one module each, one ``SCHEME`` record.

The names are :data:`zinemaker.vocab.SCHEMES` (one line a scheme); each
names a module here whose ``SCHEME`` (a :class:`~zinemaker.impose.scheme.Scheme`)
says everything about it. :func:`plan` refuses an option the scheme cannot
honour, in one line, and turns the plan for the spine asked for.
"""

from __future__ import annotations

import importlib
from dataclasses import replace

from zinemaker.errors import ZinemakerError, option
from zinemaker.impose import registration
from zinemaker.impose.calibrate import BackError, back_correction
from zinemaker.impose.layout import mirrored, turned_to_top
from zinemaker.impose.options import ImposeOptions, Pages
from zinemaker.impose.plan import Plan
from zinemaker.impose.scheme import Scheme
from zinemaker.vocab import MIN_TEXT, SCHEMES


def get(name: str, where: str | None = None) -> Scheme:
    """The record for a scheme name, or a clear error listing the names."""
    if name not in SCHEMES:
        raise ZinemakerError(f"unknown scheme {name!r}, allowed: {', '.join(SCHEMES)}", where, "scheme")
    return importlib.import_module(f"zinemaker.impose.schemes.{name}").SCHEME


def records() -> list[Scheme]:
    """Every scheme's record, in registry order."""
    return [get(name) for name in SCHEMES]


def refuse(scheme: Scheme, options: ImposeOptions, where: str | None = None) -> None:
    """Stop, in one line, if the options ask what this scheme cannot do."""
    n = scheme.name

    def no(field: str, value: object, why: str) -> ZinemakerError:
        return ZinemakerError(f"{option(field, value)} {why}", where, field)

    if options.bind not in scheme.binds:
        raise no("bind", options.bind, f"is not available for {n}: it binds at the {' or '.join(scheme.binds)}")
    if options.creep and not scheme.creep:
        raise no("creep", None, f"does nothing for {n} (it has no nested folded sheets): leave it out")
    if options.signature and not scheme.signature:
        raise no("signature", None, f"does nothing for {n} (it has no folded sections): leave it out")
    if options.grid and not scheme.grid:
        takers = " and ".join(s.name for s in records() if s.grid)
        raise no("grid", None, f"is for {takers}; {n} chooses its own grid: leave it out")
    if options.fold not in scheme.folds:
        raise no("fold", options.fold, f"is not a way to fold {n}: leave out {option('fold')}")
    if "registration" in options.marks and not scheme.machine_cut:
        takers = ", ".join(s.name for s in records() if s.machine_cut)
        raise no(
            "marks",
            "registration",
            f"is for sheets a cutting machine cuts (scheme {takers}), not {n}: leave registration out of marks",
        )
    if scheme.sides == 2 and options.flip not in scheme.flips:
        raise no("flip", options.flip, f"is not available for {n}: use {' or '.join(scheme.flips)}")


def plan(name: str, pages: Pages, options: ImposeOptions, where: str | None = None) -> Plan:
    """Plan an imposition, with the spine on the side ``options.bind`` says.

    Schemes plan for a left spine; a right spine (right-to-left languages)
    mirrors every side; a top spine (calendar style) plans in a frame turned
    a quarter, with the pages turned to match, and turns the result back.
    """
    scheme = get(name, where)
    refuse(scheme, options, where)
    if "registration" in options.marks:
        planned = registration.plan_with_marks(lambda o: _plan(scheme, pages, o), options, where)
    else:
        planned = _plan(scheme, pages, options)
    fit = options.fit or scheme.scales or bool(scheme.grid and options.grid)
    planned = replace(planned, page_size=(pages.width, pages.height), fit=fit)
    small = too_small(planned)
    if small:
        planned = replace(planned, notes=(*planned.notes, small))
    return with_back_correction(planned, options)


#: The body size assumed of pages whose type is not known (a zine's is 9 to
#: 11 pt): scaled below the preflight's smallest readable text it is a note.
BODY_SIZE = 10.0


def too_small(plan: Plan) -> str | None:
    """A note when fitting scales the pages so far down that their text
    would print too small to read (mini8 on Letter shrinks A5 pages to 4 pt)."""
    from zinemaker.units import fmt_mm

    if plan.page_size is None:
        return None
    worst = None
    for p in plan.placements:
        if p.page is None:
            continue
        pw, ph = plan.page_size[::-1] if p.rotation % 180 else plan.page_size
        s = min(p.trim.w / pw, p.trim.h / ph)
        if worst is None or s < worst[0]:
            worst = (s, p)
    if worst is None or BODY_SIZE * worst[0] >= MIN_TEXT:
        return None
    s, p = worst
    w, h = (p.trim.h, p.trim.w) if p.rotation % 180 else (p.trim.w, p.trim.h)
    return (
        f"the pages are scaled to {s:.0%} to fit the sheet: {BODY_SIZE:g} pt type prints at {BODY_SIZE * s:.1f} pt,"
        f" under the {MIN_TEXT:g} pt a copier keeps readable: choose a larger {option('sheet')}, or make the pages"
        f" {fmt_mm(w)} x {fmt_mm(h)}, the size they are printed at"
    )


def with_back_correction(plan: Plan, options: ImposeOptions) -> Plan:
    """Record the matrix that cancels the printer's back error (offset,
    skew, scale, a half turn), in the back's own frame: see
    :func:`zinemaker.impose.calibrate.back_correction`."""
    err = BackError(options.back_offset, options.back_skew, options.back_scale, options.back_turned)
    if plan.sides != 2 or err.none:
        return plan
    return replace(plan, back_shift=back_correction(plan.sheet_size, plan.flip, err, plan.spine))


def _plan(scheme: Scheme, pages: Pages, options: ImposeOptions) -> Plan:
    if options.bind == "left" or scheme.binds_itself:
        return scheme.plan(pages, options)
    if options.bind == "right":
        return mirrored(scheme.plan(pages, options))
    turned = Pages(pages.count, pages.height, pages.width, pages.bleed)
    return turned_to_top(scheme.plan(turned, replace(options, sheet=options.sheet[::-1])))
