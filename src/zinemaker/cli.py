"""The ``zinemaker`` command: thin wrappers over the library.

Each command parses its arguments, calls one library function, and turns a
:class:`~zinemaker.errors.ZinemakerError` into one line on stderr and a
non-zero exit. No traceback for a user's mistake.
"""

from __future__ import annotations

import functools
import math
import os
import sys
import warnings
from contextlib import closing
from pathlib import Path

import click

from zinemaker import __version__, helptext
from zinemaker.errors import ZinemakerError, ZinemakerWarning, did_you_mean
from zinemaker.program import work_begins
from zinemaker.vocab import plural

EXIT_USER_ERROR = 1
#: Calibration sheets: from a small card to a large poster (points).
CALIBRATE_MIN = 100.0
CALIBRATE_MAX = 3400.0



def friendly(fn):  # noqa: ANN001, ANN201
    """Run a command, printing a user's error as one line."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        from zinemaker import files, interrupt

        files.forget()
        interrupt.written.clear()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("default", ZinemakerWarning)  # each once
                warnings.showwarning = _warning
                return fn(*args, **kwargs)
        except ZinemakerError as exc:
            click.echo(f"zinemaker: error: {exc}", err=True)
            sys.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo(interrupt.message(), err=True)
            sys.exit(interrupt.EXIT_INTERRUPTED)
        except MemoryError:
            click.echo("zinemaker: error: out of memory: the input is too large for this computer", err=True)
            sys.exit(EXIT_USER_ERROR)
        except BrokenPipeError:
            # `zinemaker ... | head -1`: the reader has gone, nothing is wrong with the work.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            # Reads and writes go through files and write, which say more; this is the net under them.
            where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
            click.echo(f"zinemaker: error: {where}{exc.strerror or exc}", err=True)
            sys.exit(EXIT_USER_ERROR)

    return wrapper


def usage_line(exc: click.ClickException) -> str:
    """A command-line mistake (an unknown option, a missing argument, a value
    out of range) as one line: what click says, the command's usage when an
    argument is missing or extra, and where its options are listed. Click's
    own three lines (Usage, Try, Error) would bury the one that matters."""
    msg = " ".join(exc.format_message().split()).rstrip(".")
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx else "zinemaker"
    usage = ""
    if ctx and isinstance(exc, click.exceptions.NoSuchCommand) and "Did you mean" not in msg:
        usage = "; commands: " + ", ".join(ctx.command.list_commands(ctx))  # type: ignore[attr-defined]
    elif ctx and (
        isinstance(exc, click.MissingParameter) and getattr(exc.param, "param_type_name", "") == "argument"
        or type(exc) is click.UsageError
    ):
        usage = "; usage: " + " ".join(ctx.get_usage().split()).removeprefix("Usage: ")
    return f"zinemaker: error: {msg}{usage} (see '{path} --help')"


def say_click_error(exc: click.ClickException) -> int:
    """Print a click error as zinemaker's one line (help asked for by giving
    nothing is shown as help); return the exit code."""
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        exc.show()
    else:
        click.echo(usage_line(exc), err=True)
    return exc.exit_code


class _KnowsItself:
    """Parse errors that know the command they are about (click leaves
    some without it, and then cannot say which --help to read)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise


class Command(_KnowsItself, click.Command):
    """A zinemaker command: its usage errors name it."""


class Program(_KnowsItself, click.Group):
    """The ``zinemaker`` group: click's usage errors in one line."""

    command_class = Command
    group_class = type  # ``deck`` is one of these too

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # noqa: ANN001, ANN003, ANN201
        """As click's, but a usage error is one line (in standalone mode; the
        program runs without it and says the same through :func:`say_click_error`)."""
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            super().main(args, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            sys.exit(say_click_error(exc))
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        sys.exit(0)


def _warning(message, category, filename, lineno, file=None, line=None) -> None:  # noqa: ANN001
    """A warning as one line (Python's own shows the source line that raised
    it); a library's chatter is not the person's business."""
    if issubclass(category, ZinemakerWarning):
        click.echo(f"warning: {message}", err=True)


class SchemesHelp(Command):
    """A command whose help lists the schemes, read from their records when
    the help is shown (not on every start)."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.help = (self.help or "").replace("{schemes}", _scheme_help())
        super().format_help_text(ctx, formatter)


class Overview(Program):
    """The group whose help is :mod:`zinemaker.helptext`'s: the same text
    ``zinemaker --help`` prints before click is loaded."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write(helptext.text(formatter.width) + "\n")


@click.group(
    "zinemaker",
    cls=Overview,
    help=helptext.PROGRAM,
    context_settings={"help_option_names": list(helptext.HELP_OPTIONS), "max_content_width": helptext.MAX_WIDTH},
)
@click.version_option(__version__, prog_name="zinemaker")
def main() -> None:
    """The ``zinemaker`` command group (its help: :mod:`zinemaker.helptext`)."""


@main.command()
@click.argument("layouts", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    "-o",
    "out_dir",
    default="out",
    show_default=True,
    type=click.Path(path_type=Path),
    help="Folder to write the PDFs into.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.option("--grayscale", is_flag=True, help="Photocopy mode: every colour and image to grey.")
@click.option(
    "--threshold", type=click.IntRange(1, 254), help="With --grayscale: images to pure black and white at this level."
)
@click.option("--dither", is_flag=True, help="With --grayscale: images dithered to black and white (line art, photos).")
@click.option("--back-offset", help="Your printer's back offset from 'zinemaker calibrate', e.g. 0.8mm,-0.4mm.")
@click.option("--printer", type=click.Path(path_type=Path), help="A printer profile file (flip, back_offset, margin).")
@click.option(
    "--allow-overflow",
    is_flag=True,
    help="Cards: print a card that does not fit even at the smallest size anyway, cut off, and list it.",
)
@click.option("--watch", is_flag=True, help="Keep running; rebuild a layout when it or its texts or decks change.")
@click.option(
    "--copies",
    type=click.IntRange(1, 1_000_000),
    help="Copies to print: writes NAME.PAPER.ticket.pdf, the job for the copy shop, with its cost.",
)
@click.option(
    "--prices",
    type=click.Path(path_type=Path),
    help="The copy shop's price list for the ticket (default: printers/copyshop.toml if there is one).",
)
@friendly
def build(
    layouts: tuple[Path, ...],
    out_dir: Path,
    quiet: bool,
    grayscale: bool,
    threshold: int | None,
    dither: bool,
    back_offset: str | None,
    printer: Path | None,
    allow_overflow: bool,
    watch: bool,
    copies: int | None,
    prices: Path | None,
) -> None:
    """Build layouts into reader and print-ready PDFs.

    With no LAYOUTS, builds every layout in ./layouts. For each paper size a
    layout names, writes NAME.PAPER.reader.pdf (pages in reading order) and
    NAME.PAPER.print.pdf (imposed sheets to print double-sided).

    \b
    Examples:
      zinemaker build
      zinemaker build layouts/social-spaces.toml --out ~/zines
    """
    from zinemaker.build import build as run_build
    from zinemaker.build import find_layouts
    from zinemaker.definitions.layout import load_printer
    from zinemaker.units import parse_offset

    work_begins()
    paths = list(layouts) or find_layouts(Path("layouts"))
    say = (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))
    output = load_printer(printer) if printer else {}
    if back_offset:
        output["back_offset"] = parse_offset(back_offset, "--back-offset")
    if copies:
        output["copies"] = copies
    if prices:
        if not prices.is_file():
            raise ZinemakerError("--prices: no such file: check the path", str(prices))
        output["prices"] = prices
    grey = {"on": grayscale or threshold is not None or dither, "threshold": threshold, "dither": dither}

    def once(chosen: list[Path]) -> None:
        written = run_build(chosen, out_dir, say, output, grey, allow_overflow)
        if not quiet:
            for path in written:
                click.echo(str(path))

    if not watch:
        once(paths)
        return
    from zinemaker.watch import watch as run_watch

    run_watch(paths, once, say)


@main.command(cls=SchemesHelp)
@click.argument("input_pdf", metavar="INPUT.pdf", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Where to write (default: INPUT.SCHEME.pdf).")
@click.option("--scheme", default="saddle", show_default=True, help="How pages go on sheets: see Schemes above.")
@click.option(
    "--sheet",
    default="letter",
    show_default=True,
    help="Paper: a4, letter, a3, tabloid, legal, ... or your own like '297mm x 420mm'.",
)
@click.option(
    "--flip",
    type=click.Choice(["short-edge", "long-edge", "manual"]),
    default="short-edge",
    show_default=True,
    help="Your printer's duplex setting; 'manual' writes fronts and backs as two files.",
)
@click.option(
    "--bind",
    type=click.Choice(["left", "right", "top"]),
    default="left",
    show_default=True,
    help="Spine edge: right for right-to-left languages, top for calendar style.",
)
@click.option(
    "--marks", default="crop,fold", show_default=True, help="Any of crop,fold,cut,bleed,collation, or 'none'."
)
@click.option(
    "--fold",
    type=click.Choice(["folio", "quarto"]),
    default="folio",
    show_default=True,
    help="perfect: each sheet folded once (4 pages) or twice (8 pages, head trimmed).",
)
@click.option(
    "--margin", default="0mm", show_default=True, help="Printer's unprintable edge; pages are kept inside it."
)
@click.option("--fit", is_flag=True, help="Scale pages down if they don't fit the sheet.")
@click.option("--creep", default="0mm", show_default=True, help="Paper thickness for creep, e.g. 0.1mm.")
@click.option("--signature", default=0, show_default=True, help="Sheets per folded section (0: one booklet).")
@click.option(
    "--back",
    "back_pdf",
    type=click.Path(path_type=Path),
    help="cards/gutterfold: a PDF of card backs, one for all or one per card.",
)
@click.option("--grid", help="nup: columns x rows, like 2x2 (pages scale to fit).")
@click.option("--pages", "page_list", help="Only these pages, in this order: like 1-16,20 or 3- (to the end).")
@click.option("--instructions", is_flag=True, help="Add a first sheet that says how to print, fold, cut and bind.")
@click.option("--grayscale", is_flag=True, help="Photocopy mode: every colour and image to grey.")
@click.option("--back-offset", help="Your printer's back offset from 'zinemaker calibrate', e.g. 0.8mm,-0.4mm.")
@friendly
def impose(
    input_pdf: Path,
    output: Path | None,
    scheme: str,
    sheet: str,
    flip: str,
    bind: str,
    marks: str,
    margin: str,
    fit: bool,
    creep: str,
    signature: int,
    back_pdf: Path | None,
    grid: str | None,
    instructions: bool,
    grayscale: bool,
    back_offset: str | None,
    fold: str,
    page_list: str | None = None,
) -> None:
    """Impose any PDF onto sheets for printing.

    \b
    Schemes:
    {schemes}

    \b
    Examples:
      zinemaker impose zine.pdf -o zine-booklet.pdf --scheme saddle --sheet a4
      zinemaker impose a5-pages.pdf --sheet a4 --flip long-edge --creep 0.1mm
      zinemaker impose zine8.pdf --scheme mini8 --sheet letter --instructions
      zinemaker impose book.pdf --pages 1-16,20 --sheet a4
      zinemaker impose fronts.pdf --scheme cards --back back.pdf --sheet a4 --margin 5mm
    """
    from zinemaker import impose as imp
    from zinemaker.labels import labels
    from zinemaker.units import MM, PAPER, parse_length, parse_offset, parse_size
    from zinemaker.vocab import MARK_KINDS, SCHEMES
    from zinemaker.write import write_all

    work_begins()
    if scheme not in SCHEMES:
        near = did_you_mean(scheme.lower(), list(SCHEMES))
        raise ZinemakerError(f"--scheme: unknown {scheme!r}{near}; allowed: {', '.join(SCHEMES)}")
    kinds = (
        frozenset()
        if marks.strip().lower() == "none"
        else frozenset(m.strip().lower() for m in marks.split(",") if m.strip())
    )
    bad = sorted(kinds - set(MARK_KINDS))
    if bad:
        near = did_you_mean(bad[0], list(MARK_KINDS))
        raise ZinemakerError(f"--marks: unknown {', '.join(bad)}{near}; allowed: {', '.join(MARK_KINDS)}, none")
    if signature < 0:
        raise ZinemakerError("--signature: must be 0 or more sheets")
    cells = None
    if grid:
        try:
            cols, rows = (int(v) for v in grid.lower().replace("×", "x").split("x"))
            assert cols > 0 and rows > 0
            cells = (cols, rows)
        except (ValueError, AssertionError):
            raise ZinemakerError(f"--grid: found {grid!r}, expected columns x rows like 2x2") from None
    options = imp.ImposeOptions(
        sheet=parse_size(sheet, PAPER, "--sheet"),
        flip=flip,
        marks=kinds,
        margin=parse_length(margin, "--margin", 0, 30 * MM),
        fit=fit,
        creep=parse_length(creep, "--creep", 0, 1 * MM),
        signature=signature,
        bind=bind,
        fold=fold,
        grid=cells,
        back_offset=parse_offset(back_offset, "--back-offset") if back_offset else (0.0, 0.0),
    )
    from zinemaker import files

    if output is not None and (not output.name or output.name in (".", "..") or str(output).endswith(os.sep)):
        raise ZinemakerError(f"--output: {str(output)!r} names no file: name one, like {input_pdf.stem}.{scheme}.pdf")
    output = output or input_pdf.with_name(f"{input_pdf.stem}.{scheme}.pdf")
    reader = imp.open_pdf(files.read_bytes(input_pdf, "pdf"), str(input_pdf))
    back = imp.open_pdf(files.read_bytes(back_pdf, "pdf"), str(back_pdf)) if back_pdf else None
    paper = sheet.upper() if sheet.lower().startswith("a") else sheet

    def progress(done: int, total: int) -> None:
        click.echo(f"imposing: {done} of {total} sheets", err=True)

    select = imp.page_ranges(page_list, len(reader.pages)) if page_list else None
    try:
        done = imp.impose(
            reader,
            scheme,
            options,
            input_pdf.stem,
            labels=labels,  # loaded only if a slug or instruction sheet is drawn
            back=back,
            select=select,
            instructions=instructions,
            paper=paper,
            progress=progress,
        )
    except ZinemakerError as exc:
        if exc.where:
            raise
        about = back_pdf if exc.field == "back" and back_pdf else input_pdf  # the file the mistake is in
        raise ZinemakerError(exc.message, str(about)) from None  # about this PDF on this sheet
    except imp.pdf_faults() as exc:  # damage that shows only when the pages are copied
        raise imp.damaged(exc, str(input_pdf)) from None
    datas = {}
    for f in done.files.values():
        target = output.with_name(f"{output.stem}{f.suffix}{output.suffix}")
        datas[target] = f.data
        if grayscale:
            from zinemaker.grey import to_grayscale

            try:
                datas[target] = to_grayscale(f.data)
            except ZinemakerError as exc:
                raise ZinemakerError(
                    f"--grayscale: {exc.message}: impose it without --grayscale, or make it grey first", str(input_pdf)
                ) from None
            except imp.pdf_faults() as exc:
                raise imp.damaged(exc, str(input_pdf)) from None
    from zinemaker.impose.registration import cut_files

    for name, data in cut_files(done.plan, str(output.with_suffix("")), input_pdf.stem).items():
        datas[Path(name)] = data
    try:
        written = write_all(datas)
    except ZinemakerError as exc:
        raise ZinemakerError(f"--output: {exc.message}", exc.where) from None
    from zinemaker.impose.instructions import print_settings

    plan = done.plan
    click.echo(
        f"{', '.join(map(str, written))}: {plural(plan.page_count, 'page')} on {plural(plan.sheet_count, 'sheet')}."
    )
    from zinemaker.errors import word

    for note in done.notes:
        click.echo(f"note: {word(note)}")
    click.echo(print_settings(plan, paper))
    for i, step in enumerate(done.steps(), 1):
        click.echo(f"{i}. {step}")


def _scheme_help() -> str:
    """The --scheme list, from each scheme's record: what it is and what it takes."""
    from zinemaker.impose.schemes import records

    lines = []
    for r in records():
        takes = r.honours()
        lines.append(f"      {r.name:<11}{r.summary}" + (f" [{', '.join(takes)}]" if takes else ""))
    return "\n".join(lines)[4:]  # the first line sits after the placeholder's indent




@main.command()
@click.argument("name")
@click.option("--paper", default="letter", show_default=True, help="Your paper: letter, a4, legal, ...")
@click.option("--contact", help="How people reach you, used where a card says {contact}.")
@click.option("--dir", "folder", type=click.Path(path_type=Path), help="Folder to create (default: from the name).")
@friendly
def init(name: str, paper: str, contact: str | None, folder: Path | None) -> None:
    """Start a folder for your space: a zine and your own card deck.

    \b
    Example:
      zinemaker init "Our Infoshop" --paper letter --contact hello@example.org
    """
    from zinemaker.init import init_space

    root = init_space(name, paper.lower(), contact, folder)
    click.echo(f"Made {root}/ for {name}: a zine layout, a card layout and your deck overlay.")
    click.echo("Next:")
    click.echo(f"  cd {root} && zinemaker build")
    click.echo("  zinemaker preview")


@main.command()
@click.argument("layouts", nargs=-1, type=click.Path(path_type=Path))
@friendly
def check(layouts: tuple[Path, ...]) -> None:
    """Check layouts and all they use; report every problem, write nothing.

    Also a photocopier preflight of what they would make, or of any PDF
    named: lines under 0.25 pt, tints a copier drops, colours that turn the
    same grey, text under 6 pt or near the trim, images under 200 dpi.

    \b
    Examples:
      zinemaker check
      zinemaker check layouts/social-spaces-cards.toml
      zinemaker check flyer.pdf
    """
    from zinemaker.build import find_layouts, load_once
    from zinemaker.check import check_one
    from zinemaker.parallel import in_order

    work_begins()
    paths = list(layouts) or find_layouts(Path("layouts"))
    with closing(in_order(check_one, paths, functools.partial(load_once, paths))) as each:
        problems = [line for found in each for line in found]
    for line in problems:
        click.echo(f"zinemaker: problem: {line}", err=True)
    what = "file(s)" if any(p.suffix.lower() == ".pdf" for p in paths) else "layout(s)"
    if problems:
        click.echo(f"{len(problems)} problem(s) in {len(paths)} {what}; nothing was written.", err=True)
        sys.exit(EXIT_USER_ERROR)
    click.echo(f"{len(paths)} {what} checked: no problems.")


@main.command()
@click.argument("layouts", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "-o", "out_dir", default="preview", show_default=True, type=click.Path(path_type=Path))
@click.option("--paper", help="Which of the layout's papers to show (default: its first).")
@friendly
def preview(layouts: tuple[Path, ...], out_dir: Path, paper: str | None) -> None:
    """Draw a layout's pages and sheets as PNG pictures, folds and cuts marked.

    Each printed sheet side is drawn with its folds (blue, dashed) and its
    trims (red) over it, beside a contact sheet of the pages.

    \b
    Examples:
      zinemaker preview layouts/social-spaces.toml
      zinemaker preview layouts/social-spaces-cards.toml --paper a4
    """
    from zinemaker.build import find_layouts, load_once
    from zinemaker.parallel import in_order
    from zinemaker.preview import preview_layout
    from zinemaker.write import write_all

    work_begins()
    made = {}
    chosen = list(layouts) or find_layouts(Path("layouts"))
    pictures_of = functools.partial(preview_layout, paper=paper)
    with closing(in_order(pictures_of, chosen, functools.partial(load_once, chosen))) as each:
        for layout, pictures in zip(chosen, each, strict=True):
            made[layout] = len(pictures)
            for name, data in pictures.items():
                if out_dir / name in made:
                    raise ZinemakerError(f"two layouts would make {name}: preview them one at a time", str(layout))
                made[out_dir / name] = data
    # The pictures of every layout are replaced together.
    write_all({k: v for k, v in made.items() if isinstance(v, bytes)})
    for layout, count in made.items():
        if isinstance(count, int):
            click.echo(f"{layout}: {count} pictures in {out_dir}/")


@main.command()
@click.option("--sheet", default="letter", show_default=True, help="Paper: a4, letter, ... or '210mm x 297mm'.")
@click.option(
    "--flip",
    type=click.Choice(["short-edge", "long-edge"]),
    default=None,
    help="The duplex setting you will print with (default: the printer file's, or long-edge).",
)
@click.option("--output", "-o", type=click.Path(path_type=Path), default=None, help="Default: calibrate-SHEET.pdf")
@click.option(
    "--printer",
    type=click.Path(path_type=Path),
    help="A printer file already saved: the sheet is made for its flip and half turn.",
)
@click.option(
    "--save",
    type=click.Path(path_type=Path),
    help="Answer the sheet's questions and write this printer file (e.g. printers/office.toml).",
)
@friendly
def calibrate(sheet: str, flip: str | None, output: Path | None, printer: Path | None, save: Path | None) -> None:
    """Print a test sheet that measures how your printer puts the back:
    which way round, how far off, how skewed and how scaled.

    \b
    Examples:
      zinemaker calibrate --sheet a4 --flip long-edge
      (print it double-sided at 100%, hold it to a window, then)
      zinemaker calibrate --sheet a4 --flip long-edge --save printers/office.toml
      zinemaker build --printer printers/office.toml
    """
    from zinemaker.definitions.layout import load_printer
    from zinemaker.units import PAPER, parse_size

    size = parse_size(sheet, PAPER, "--sheet", lo=CALIBRATE_MIN, hi=CALIBRATE_MAX)
    known = load_printer(printer) if printer else {}
    if save is not None and save.exists() and not printer:
        known = load_printer(save)
    flip = flip or known.get("flip") or "long-edge"
    if flip not in ("short-edge", "long-edge"):
        raise ZinemakerError(f"--flip: the sheet is printed double-sided, not {flip}: choose short-edge or long-edge")
    turned = bool(known.get("back_turned"))
    if save is not None:
        _save_printer(save, size, sheet, flip, turned, known)
        return
    from zinemaker.impose.calibrate import calibration_pdf
    from zinemaker.typeset import fonts
    from zinemaker.write import atomic_write_bytes

    fam = fonts.family("Open Sans")
    output = output or Path("calibrate-" + "".join(ch for ch in sheet.lower() if ch.isalnum() or ch in ".-") + ".pdf")
    try:
        atomic_write_bytes(output, calibration_pdf(size, flip, fam.regular, fam.bold, sheet, turned))
    except ZinemakerError as exc:
        raise ZinemakerError(f"--output: {exc.message}", exc.where) from None
    click.echo(f"{output}: print it double-sided ({flip.replace('-', ' ')}, 100%), hold it to a window,")
    click.echo(f"then answer its questions: zinemaker calibrate --sheet {sheet} --flip {flip} --save printers/NAME.toml")


def _save_printer(path: Path, size, sheet: str, flip: str, turned: bool, known: dict) -> None:  # noqa: ANN001
    """Ask the calibration sheet's questions and write the printer file."""
    from zinemaker.definitions.layout import printer_toml
    from zinemaker.impose.calibrate import REACH, describe, solve
    from zinemaker.units import MM
    from zinemaker.write import write_all

    keep = {k: known[k] for k in ("margin",) if k in known}
    if path.exists():
        import tomllib

        try:  # the printer's name, which load_printer leaves out
            name = tomllib.loads(path.read_text(encoding="utf-8")).get("name")
        except (tomllib.TOMLDecodeError, UnicodeDecodeError):
            name = None
        if isinstance(name, str):
            keep["name"] = name
    click.echo(f"Hold the calibration sheet ({sheet}, printed {flip.replace('-', ' ')}) up to a window.")
    same = _yes("1. Is the back's arrow right behind the front's arrow, pointing the same way?")
    if not same:
        profile = {**keep, "flip": flip, "back_turned": not turned}
        write_all({path: printer_toml(profile, _stamp(sheet, flip)).encode("utf-8")}, replaces=[path])
        click.echo(f"{path}: this printer turns the back half round; backs will be turned to match.")
        click.echo("Now measure the offset: print the sheet made for it, and answer again:")
        click.echo(f"  zinemaker calibrate --sheet {sheet} --printer {path}")
        click.echo(f"  zinemaker calibrate --sheet {sheet} --save {path}")
        return

    def number(question: str) -> float:
        while True:
            raw = click.prompt(question, default="0").strip().lower().removesuffix("mm").strip()
            try:
                value = float(raw.replace(",", "."))
            except ValueError:
                value = math.nan
            if not math.isfinite(value):  # "nan" and "inf" are floats to Python, not readings
                click.echo("  a number of millimetres, like 0.5 or -1.25")
                continue
            if abs(value) > REACH / MM + 0.5:
                click.echo(f"  the scales reach {REACH / MM:g} mm each way: read it again")
                continue
            return value * MM

    read = {}
    for name, where in (("A", "the middle"), ("B", "near the right edge"), ("C", "near the bottom edge")):
        n = "2" if name == "A" else "3"
        x = number(f"{n}. At {name} ({where}): X, where the back's upright line crosses the scale above, mm")
        y = number(f"{n}. At {name}: Y, where the back's level line crosses the scale to the right, mm")
        read[name] = (x, y)
    err = solve(size, read, turned)
    profile = {
        **keep,
        "flip": flip,
        "back_turned": turned,
        "back_offset": err.offset,
        "back_skew": err.skew,
        "back_scale": err.scale,
    }
    write_all({path: printer_toml(profile, _stamp(sheet, flip)).encode("utf-8")}, replaces=[path])
    click.echo(f"{path}: {describe(err)}.")
    click.echo(f"Backs will be corrected for it: zinemaker build --printer {path}")
    click.echo(f'(or printer = "{path}" in a layout\'s [output]).')


def _yes(question: str) -> bool:
    """A yes-or-no answer (Enter for yes), asked again in our words, not
    click's "Error: invalid input", until it is one."""
    while True:
        raw = click.prompt(f"{question} [Y/n]", default="y", show_default=False).strip().lower()
        if raw in ("y", "yes"):
            return True
        if raw in ("n", "no"):
            return False
        click.echo("  answer y (yes) or n (no)")


def _stamp(sheet: str, flip: str) -> str:
    return (
        f"Written by zinemaker calibrate --save, from the {sheet} sheet printed {flip.replace('-', ' ')}.\n"
        "Seen from the front: back_offset is how far the back lands right and up, back_skew how far it\n"
        "is turned anticlockwise (degrees), back_scale how large it comes across and up. Backs are\n"
        "drawn the other way to cancel it."
    )


@main.group()
def deck() -> None:
    """Move a deck's cards to and from a spreadsheet (CSV)."""


@deck.command("export")
@click.argument("deck_file", metavar="DECK.yaml", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="CSV to write (default: DECK.csv).")
@friendly
def deck_export(deck_file: Path, output: Path | None) -> None:
    """Write a deck's cards as CSV, one row a card, for a spreadsheet.

    \b
    Example:
      zinemaker deck export decks/social-spaces.yaml -o cards.csv
    """
    from zinemaker.content.deck import _load, cards_to_csv
    from zinemaker.write import atomic_write_bytes

    # The cards as written, placeholders and all, so they come back the same.
    cards = _load(deck_file, []).cards
    output = output or deck_file.with_suffix(".csv")
    try:
        atomic_write_bytes(output, cards_to_csv(cards).encode("utf-8"))
    except ZinemakerError as exc:
        raise ZinemakerError(f"--output: {exc.message}", exc.where) from None
    click.echo(f"{output}: {len(cards)} cards")


@deck.command("import")
@click.argument("csv_file", metavar="CARDS.csv", type=click.Path(path_type=Path))
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=Path),
    help="The deck file whose cards the CSV replaces (its metadata and categories stay).",
)
@friendly
def deck_import(csv_file: Path, into: Path) -> None:
    """Replace a deck's cards with the rows of a CSV file.

    \b
    Example:
      zinemaker deck import cards.csv --into decks/social-spaces.yaml
    """
    from zinemaker.content.deck import cards_from_csv
    from zinemaker.content.deckfile import import_text
    from zinemaker.write import write_all

    if into.exists() and os.path.realpath(into) == os.path.realpath(csv_file):
        raise ZinemakerError("--into names the CSV itself: name the deck file (.yaml) the cards go into", str(into))
    if into.suffix.lower() not in (".yaml", ".yml"):
        raise ZinemakerError("--into: expected a deck file (.yaml) for the cards to go into", str(into))
    cards = cards_from_csv(csv_file)
    try:
        text, notes = import_text(into, cards)
    except ZinemakerError as exc:
        raise ZinemakerError(
            f"the deck would not load with these cards, so nothing was changed: {exc}", str(csv_file)
        ) from None
    for note in notes:
        click.echo(f"note: {note}", err=True)
    write_all({into: text.encode("utf-8")}, replaces=[into])
    click.echo(f"{into}: {len(cards)} cards from {csv_file}")


if __name__ == "__main__":
    main()
