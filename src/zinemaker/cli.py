"""The ``zinemaker`` command: thin wrappers over the library.

Each command parses its arguments, calls one library function, and turns a
:class:`~zinemaker.errors.ZinemakerError` into one line on stderr and a
non-zero exit. No traceback for a user's mistake.
"""

from __future__ import annotations

import functools
import io
import sys
from pathlib import Path

import click

from zinemaker import __version__
from zinemaker.errors import ZinemakerError

EXIT_USER_ERROR = 1


def friendly(fn):  # noqa: ANN001, ANN201
    """Run a command, printing a user's error as one line."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            return fn(*args, **kwargs)
        except ZinemakerError as exc:
            click.echo(f"zinemaker: error: {exc}", err=True)
            sys.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            click.echo("zinemaker: stopped; no files were changed by the unfinished step", err=True)
            sys.exit(130)

    return wrapper


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="Run 'zinemaker COMMAND --help' for examples.",
)
@click.version_option(__version__, prog_name="zinemaker")
def main() -> None:
    """Typeset zines and card decks and impose them for printing."""


@main.command()
@click.argument("layouts", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", "-o", "out_dir", default="out", show_default=True, type=click.Path(path_type=Path),
    help="Folder to write the PDFs into.",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@friendly
def build(layouts: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
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

    paths = list(layouts) or find_layouts(Path("layouts"))
    say = (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))
    written = run_build(paths, out_dir, say)
    if not quiet:
        for path in written:
            click.echo(str(path))


@main.command()
@click.argument("input_pdf", metavar="INPUT.pdf", type=click.Path(path_type=Path))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Where to write (default: INPUT.SCHEME.pdf).")
@click.option("--scheme", default="saddle", show_default=True, help="Imposition scheme.")
@click.option(
    "--sheet", default="letter", show_default=True,
    help="Paper: a4, letter, a3, tabloid, legal, ... or your own like '297mm x 420mm'.",
)
@click.option(
    "--flip", type=click.Choice(["short-edge", "long-edge"]), default="short-edge",
    show_default=True, help="Your printer's duplex setting: flip on short or long edge.",
)
@click.option("--marks", default="crop,fold", show_default=True, help="Marks to draw: crop,fold (or 'none').")
@click.option(
    "--margin", default="0mm", show_default=True, help="Printer's unprintable edge; pages are kept inside it."
)
@click.option("--fit", is_flag=True, help="Scale pages down if they don't fit the sheet.")
@click.option("--creep", default="0mm", show_default=True, help="Paper thickness for creep, e.g. 0.1mm.")
@click.option("--signature", default=0, show_default=True, help="Sheets per signature (0: one booklet).")
@friendly
def impose(
    input_pdf: Path, output: Path | None, scheme: str, sheet: str, flip: str, marks: str,
    margin: str, fit: bool, creep: str, signature: int,
) -> None:
    """Impose any PDF onto sheets for printing.

    \b
    Examples:
      zinemaker impose zine.pdf -o zine-booklet.pdf --scheme saddle --sheet a4
      zinemaker impose a5-pages.pdf --sheet a4 --flip long-edge --creep 0.1mm
    """
    from zinemaker import impose as imp
    from zinemaker.impose.options import MARK_KINDS
    from zinemaker.units import PAPER, parse_length, parse_size
    from zinemaker.write import atomic_write_bytes

    kinds = frozenset() if marks.strip().lower() == "none" else frozenset(
        m.strip().lower() for m in marks.split(",") if m.strip()
    )
    bad = sorted(kinds - set(MARK_KINDS))
    if bad:
        raise ZinemakerError(f"--marks: unknown {', '.join(bad)}; allowed: {', '.join(MARK_KINDS)}, none")
    if signature < 0:
        raise ZinemakerError("--signature: must be 0 or more sheets")
    options = imp.ImposeOptions(
        sheet=parse_size(sheet, PAPER, "--sheet"),
        flip=flip,
        marks=kinds,
        margin=parse_length(margin, "--margin"),
        fit=fit,
        creep=parse_length(creep, "--creep"),
        signature=signature,
    )
    output = output or input_pdf.with_name(f"{input_pdf.stem}.{scheme}.pdf")
    if output.resolve() == input_pdf.resolve():
        raise ZinemakerError("--output would overwrite the input: choose another file name")
    reader = imp.open_pdf(input_pdf, str(input_pdf))
    plan, writer = imp.impose(reader, scheme, options, input_pdf.stem)
    buf = io.BytesIO()
    writer.write(buf)
    atomic_write_bytes(output, buf.getvalue())
    click.echo(
        f"{output}: {plan.page_count} pages on {plan.sheet_count} sheets;"
        f" print double-sided, flip on {flip.replace('-', ' ')}, at 100% (actual size)."
    )


if __name__ == "__main__":
    main()
