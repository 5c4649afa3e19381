"""The job ticket: one page for the copy shop's clerk and the volunteer.

What each file is, the paper and stock for each part, single or double
sided and which edge, 100% / actual size, how many copies, the finishing,
a small diagram of the first sheet, and what the run costs by the shop's
price list. Every figure comes from the plan the build made; the sums from
the price list (:func:`zinemaker.definitions.prices.load_prices`), in exact
decimals. Words are in the layout's language (English where a word has no
translation yet).

    job = Job(title, paper, copies, parts, plan, prices, language)
    pdf = ticket_pdf(job)
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from zinemaker.definitions.prices import price
from zinemaker.impose.plan import Plan
from zinemaker.impose.slug import band
from zinemaker.units import MM

#: The ticket's words, by language. Missing words fall back to English.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "ticket": "Print job",
        "copies": "Copies",
        "files": "Files",
        "file": "File",
        "what": "What it is",
        "paper": "Paper",
        "sides": "Sides",
        "sheets": "Sheets",
        "print": "Print",
        "no_print": "do not print: pages in reading order, for screens",
        "one_sided": "one-sided",
        "double": "double-sided, flip on {edge}",
        "manual": "one side at a time (fronts file, then backs file)",
        "short-edge": "short edge",
        "long-edge": "long edge",
        "scale": "Scale: 100% / actual size, never 'fit to page'.",
        "bar": "The bar on each sheet must measure 50 mm.",
        "finishing": "Finishing",
        "diagram": "Sheet 1, front (page numbers as placed)",
        "cost": "Cost of the run",
        "item": "Item",
        "count": "Count",
        "each": "Each",
        "sum": "Sum",
        "total": "Total",
        "side_black": "printed sides, black, {paper}",
        "side_colour": "printed sides, colour, {paper}",
        "cover_sheet": "sheets of {stock}, {paper}",
        "staple": "staples",
        "fold": "folds",
        "cut": "cuts",
        "no_prices": "No price list: put the shop's prices in printers/copyshop.toml (or --prices) for the cost.",
        "per_copy": "per copy: {sheets} sheets",
        "f_fold": "Fold each sheet in half along the fold marks, nested, first sheet outside",
        "f_fold_sections": "Fold each section in half along the fold marks; stack the sections in order",
        "f_fold_mini": "Fold each sheet as the zine: in half, in half, in half again",
        "f_staple": "Staple twice through the fold, from the outside",
        "f_trim": "Trim the open edge if you like",
        "f_glue": "Glue or sew along the spine",
        "f_cut": "Cut along the crop marks",
        "f_cut_mini": "One cut along the marked line through the two middle panels",
        "f_cut_machine": "Cut by machine with the cut file ({file}): it reads the registration marks",
        "f_cover": "Wrap the cover around the insides before stapling or gluing",
        "f_stack": "Stack the cut piles in reading order",
        "parts_print": "the sheets to print",
        "parts_fronts": "the fronts, printed first",
        "parts_backs": "the backs, printed on the same sheets turned over",
        "parts_cover": "the cover, on its own stock",
        "parts_cut": "the cut lines for a cutting plotter (not printed)",
        "plain": "plain paper",
    },
    "es": {
        "ticket": "Trabajo de impresión",
        "copies": "Copias",
        "files": "Archivos",
        "file": "Archivo",
        "what": "Qué es",
        "paper": "Papel",
        "sides": "Caras",
        "sheets": "Hojas",
        "print": "Imprimir",
        "no_print": "no imprimir: páginas en orden de lectura, para pantalla",
        "one_sided": "a una cara",
        "double": "a doble cara, volteo por el {edge}",
        "manual": "una cara cada vez (archivo de anversos, luego de reversos)",
        "short-edge": "borde corto",
        "long-edge": "borde largo",
        "scale": "Escala: 100% / tamaño real, nunca 'ajustar a la página'.",
        "bar": "La barra de cada hoja debe medir 50 mm.",
        "finishing": "Acabado",
        "diagram": "Hoja 1, anverso (números de página en su lugar)",
        "cost": "Coste del trabajo",
        "item": "Concepto",
        "count": "Cantidad",
        "each": "Precio",
        "sum": "Importe",
        "total": "Total",
        "side_black": "caras impresas, negro, {paper}",
        "side_colour": "caras impresas, color, {paper}",
        "cover_sheet": "hojas de {stock}, {paper}",
        "staple": "grapas",
        "fold": "plegados",
        "cut": "cortes",
        "no_prices": "Sin lista de precios: ponga los precios en printers/copyshop.toml (o --prices).",
        "per_copy": "por copia: {sheets} hojas",
        "f_fold": "Plegar cada hoja por la mitad en las marcas, una dentro de otra, la primera fuera",
        "f_fold_sections": "Plegar cada cuadernillo por la mitad; apilarlos en orden",
        "f_fold_mini": "Plegar cada hoja como el fanzine: por la mitad tres veces",
        "f_staple": "Grapar dos veces por el pliegue, desde fuera",
        "f_trim": "Refilar el borde abierto si se quiere",
        "f_glue": "Encolar o coser por el lomo",
        "f_cut": "Cortar por las marcas de corte",
        "f_cut_mini": "Un corte por la línea marcada entre los dos paneles centrales",
        "f_cut_machine": "Cortar a máquina con el archivo de corte ({file}): lee las marcas de registro",
        "f_cover": "Poner la cubierta alrededor del interior antes de grapar o encolar",
        "f_stack": "Apilar los montones cortados en orden de lectura",
        "parts_print": "las hojas a imprimir",
        "parts_fronts": "los anversos, primero",
        "parts_backs": "los reversos, en las mismas hojas dadas la vuelta",
        "parts_cover": "la cubierta, en su propio papel",
        "parts_cut": "las líneas de corte para un plóter de corte (no se imprime)",
        "plain": "papel normal",
    },
    "fr": {
        "ticket": "Travail d'impression",
        "copies": "Exemplaires",
        "files": "Fichiers",
        "file": "Fichier",
        "what": "Ce que c'est",
        "paper": "Papier",
        "sides": "Faces",
        "sheets": "Feuilles",
        "print": "Impression",
        "no_print": "ne pas imprimer : pages dans l'ordre de lecture, pour l'écran",
        "one_sided": "recto seul",
        "double": "recto verso, retournement sur le {edge}",
        "manual": "une face à la fois (fichier des rectos, puis des versos)",
        "short-edge": "bord court",
        "long-edge": "bord long",
        "scale": "Échelle : 100 % / taille réelle, jamais « ajuster à la page ».",
        "bar": "La barre de chaque feuille doit mesurer 50 mm.",
        "finishing": "Finition",
        "diagram": "Feuille 1, recto (numéros de page en place)",
        "cost": "Coût du tirage",
        "item": "Poste",
        "count": "Nombre",
        "each": "Prix",
        "sum": "Montant",
        "total": "Total",
        "side_black": "faces imprimées, noir, {paper}",
        "side_colour": "faces imprimées, couleur, {paper}",
        "cover_sheet": "feuilles de {stock}, {paper}",
        "staple": "agrafes",
        "fold": "plis",
        "cut": "coupes",
        "no_prices": "Pas de tarifs : mettez les prix dans printers/copyshop.toml (ou --prices).",
        "per_copy": "par exemplaire : {sheets} feuilles",
        "f_fold": "Plier chaque feuille en deux sur les repères, encartées, la première dehors",
        "f_fold_sections": "Plier chaque cahier en deux ; empiler les cahiers dans l'ordre",
        "f_fold_mini": "Plier chaque feuille comme le zine : en deux, trois fois",
        "f_staple": "Agrafer deux fois dans le pli, de l'extérieur",
        "f_trim": "Massicoter le bord ouvert si on veut",
        "f_glue": "Coller ou coudre au dos",
        "f_cut": "Couper sur les traits de coupe",
        "f_cut_mini": "Une coupe sur la ligne marquée entre les deux panneaux du milieu",
        "f_cut_machine": "Couper à la machine avec le fichier de coupe ({file}) : il lit les repères",
        "f_cover": "Placer la couverture autour de l'intérieur avant d'agrafer ou de coller",
        "f_stack": "Empiler les tas coupés dans l'ordre de lecture",
        "parts_print": "les feuilles à imprimer",
        "parts_fronts": "les rectos, d'abord",
        "parts_backs": "les versos, sur les mêmes feuilles retournées",
        "parts_cover": "la couverture, sur son propre papier",
        "parts_cut": "les lignes de coupe pour un traceur de découpe (non imprimé)",
        "plain": "papier ordinaire",
    },
    "de": {
        "ticket": "Druckauftrag",
        "copies": "Exemplare",
        "files": "Dateien",
        "file": "Datei",
        "what": "Was es ist",
        "paper": "Papier",
        "sides": "Seiten",
        "sheets": "Bogen",
        "print": "Druck",
        "no_print": "nicht drucken: Seiten in Lesereihenfolge, für den Bildschirm",
        "one_sided": "einseitig",
        "double": "beidseitig, Wenden an der {edge}",
        "manual": "eine Seite nach der anderen (Vorderseiten-, dann Rückseitendatei)",
        "short-edge": "kurzen Kante",
        "long-edge": "langen Kante",
        "scale": "Maßstab: 100 % / tatsächliche Größe, nie 'an Seite anpassen'.",
        "bar": "Der Balken auf jedem Bogen muss 50 mm messen.",
        "finishing": "Weiterverarbeitung",
        "diagram": "Bogen 1, Vorderseite (Seitenzahlen wie platziert)",
        "cost": "Kosten des Auftrags",
        "item": "Posten",
        "count": "Anzahl",
        "each": "Preis",
        "sum": "Betrag",
        "total": "Summe",
        "side_black": "gedruckte Seiten, schwarz, {paper}",
        "side_colour": "gedruckte Seiten, farbig, {paper}",
        "cover_sheet": "Bogen {stock}, {paper}",
        "staple": "Heftklammern",
        "fold": "Falze",
        "cut": "Schnitte",
        "no_prices": "Keine Preisliste: Preise in printers/copyshop.toml (oder --prices) eintragen.",
        "per_copy": "je Exemplar: {sheets} Bogen",
        "f_fold": "Jeden Bogen an den Falzmarken in der Mitte falzen, ineinander, den ersten außen",
        "f_fold_sections": "Jede Lage in der Mitte falzen; die Lagen der Reihe nach stapeln",
        "f_fold_mini": "Jeden Bogen wie das Zine falzen: dreimal in der Mitte",
        "f_staple": "Zweimal durch den Falz heften, von außen",
        "f_trim": "Die offene Kante nach Wunsch beschneiden",
        "f_glue": "Am Rücken kleben oder nähen",
        "f_cut": "An den Schnittmarken schneiden",
        "f_cut_mini": "Ein Schnitt an der markierten Linie durch die zwei mittleren Felder",
        "f_cut_machine": "Mit dem Plotter schneiden, mit der Schnittdatei ({file}): er liest die Passmarken",
        "f_cover": "Den Umschlag vor dem Heften oder Kleben um den Inhalt legen",
        "f_stack": "Die geschnittenen Stapel in Lesereihenfolge stapeln",
        "parts_print": "die zu druckenden Bogen",
        "parts_fronts": "die Vorderseiten, zuerst",
        "parts_backs": "die Rückseiten, auf denselben Bogen gewendet",
        "parts_cover": "der Umschlag, auf eigenem Papier",
        "parts_cut": "die Schnittlinien für einen Schneideplotter (nicht drucken)",
        "plain": "Normalpapier",
    },
}


def words(language: str | None) -> dict[str, str]:
    """The ticket's words in a language ("pt_BR" falls back to "pt", then English)."""
    base = (language or "en").replace("-", "_").split("_")[0].lower()
    return {**WORDS["en"], **WORDS.get(base, {})}


@dataclass(frozen=True)
class Part:
    """One file of the job, as the clerk handles it."""

    file: str
    what: str  # a key of WORDS ("parts_print", ...) or words of its own
    paper: str  # the paper size's name, e.g. "letter"
    stock: str = ""  # "" for plain paper
    sheets: int = 0  # sheets per copy; 0: not printed
    sides: int = 2
    flip: str = "short-edge"
    colour: bool = False
    cover: bool = False  # printed on cover stock (charged per sheet on top of its sides)


@dataclass(frozen=True)
class Job:
    title: str
    paper: str
    copies: int
    parts: tuple[Part, ...]
    plan: Plan
    prices: dict | None = None  # see definitions.prices
    language: str | None = None
    finishing: tuple[Finish, ...] = field(default_factory=tuple)
    cut_file: str = ""


def finishing(plan: Plan, cover: bool = False, cut_file: str = "", language: str | None = None) -> tuple[Finish, ...]:
    """The finishing after printing, read from the scheme's own steps (the
    ones the instruction sheet says and the fold simulator folds): each in
    words (the scheme's sentence in English, a short line in another
    language) and what the shop charges for it: folds and staples per
    copy, cuts per run (a guillotine cuts the whole stack at once)."""
    from zinemaker.impose.instructions import steps
    from zinemaker.impose.schemes import get
    from zinemaker.impose.steps import Bind, Cut, Fold, Push, Say, SetAside, Stack, Trim

    w = words(language)
    english = english_words = (language or "en").lower().startswith("en")
    each = get(plan.scheme).each_sheet
    booklets = plan.sheet_count if each else 1
    sections = len(plan.groups) or 1
    out: list[Finish] = []
    for step in steps(plan):
        text, charge, count, per = "", "", 0, "copy"
        if isinstance(step, Fold):
            charge = "fold"
            many = sections if "each" in step.each and not each else booklets
            count = step.times * many
            text = w["f_fold_sections"] if sections > 1 and not each else w["f_fold"]
        elif isinstance(step, Push):
            charge, count, text = "fold", booklets, w["f_fold_mini"]
        elif isinstance(step, Bind):
            if step.how in ("staple", "staple-each"):
                charge, count, text = "staple", 2 * booklets, w["f_staple"]
            else:
                text = w["f_glue"]
            if cover:
                out.append(Finish(w["f_cover"]))
        elif isinstance(step, Cut) or isinstance(step, Say) and step.text.startswith("Cut") and plan.grid:
            # A grid cut apart (card sheets say it in words): the cuts between
            # the cells, and round the outside where crop marks show it.
            cols, rows = (step.cols, step.rows) if isinstance(step, Cut) else plan.grid
            marked = any(m.kind in ("crop", "cut") for m in plan.marks)
            charge, per = "cut", "run"
            count = (cols - 1) + (rows - 1) + (4 if marked else 0)
            text = w["f_cut"]
            if cut_file:
                text, charge, count = w["f_cut_machine"].format(file=cut_file), "", 0
                english = False  # this line, not the scheme's: the plotter cuts
        elif isinstance(step, Trim):
            text = w["f_trim"]
        elif isinstance(step, Stack):
            text = w["f_stack"]
        elif isinstance(step, (Say, SetAside)):
            text = ""
        if english and not isinstance(step, SetAside):
            text = step.words(plan)
        english = english_words
        if text:
            out.append(Finish(text, charge, count, per))
    return tuple(out)


@dataclass(frozen=True)
class Finish:
    """A finishing step on the ticket: its words, and what the price list
    charges for it (``charge`` a key of [finishing]; ``count`` per copy, or
    per run when ``per`` is "run")."""

    text: str
    charge: str = ""
    count: int = 0
    per: str = "copy"


def cost_lines(job: Job) -> list[tuple[str, int, Decimal, Decimal]]:
    """(what, count, price each, sum) for the whole run: every printed side,
    every sheet of cover stock, every charged finishing step (folds and
    staples times copies, cuts once per run)."""
    if job.prices is None:
        return []
    w = words(job.language)
    p = job.prices
    lines = []
    for part in job.parts:
        if not part.sheets:
            continue
        sides = part.sheets * part.sides * job.copies
        kind = "colour" if part.colour else "black"
        each = price(p, kind, part.paper)
        label = w["side_colour" if part.colour else "side_black"].format(paper=paper_name(part.paper))
        lines.append((label, sides, each, each * sides))
        if part.cover:
            each = price(p, "cover", part.paper)
            n = part.sheets * job.copies
            lines.append((w["cover_sheet"].format(stock=part.stock, paper=paper_name(part.paper)), n, each, each * n))
    for f in job.finishing:
        if f.charge and f.count and f.charge in p["finishing"]:
            n = f.count * (job.copies if f.per == "copy" else 1)
            each = p["finishing"][f.charge]
            lines.append((w[f.charge], n, each, each * n))
    return lines


def paper_name(paper: str) -> str:
    return paper.upper() if paper[:1] == "a" and paper[1:].isdigit() else paper.replace("-", " ").capitalize()


def money(value: Decimal, currency: str) -> str:
    amount = f"{value.quantize(Decimal('0.01')):,}"
    return f"{currency} {amount}".strip() if len(currency) != 1 else f"{currency}{amount}"


def ticket_pdf(job: Job) -> bytes:
    """The ticket as a one-page PDF on the job's paper, portrait."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen import canvas as rl_canvas
    from reportlab.platypus import Paragraph

    from zinemaker.impose.instructions import _diagram, escape
    from zinemaker.typeset import fonts
    from zinemaker.units import PAPER

    fam = fonts.family("Open Sans")
    font, bold = fam.regular, fam.bold
    w = words(job.language)
    pw, ph = sorted(PAPER.get(job.paper, (612.0, 792.0)))
    buf = io.BytesIO()
    c = rl_canvas.Canvas(buf, pagesize=(pw, ph), invariant=1)
    c.setTitle(f"{w['ticket']}: {job.title}")
    c.setCreator("zinemaker")
    c.setProducer("zinemaker")
    c.setViewerPreference("PrintScaling", "None")
    m = 15 * MM
    width = pw - 2 * m
    y = ph - m

    def para(text: str, size: float = 9, face: str = font, lead: float = 0, after: float = 3) -> None:
        nonlocal y
        style = ParagraphStyle("t", fontName=face, fontSize=size, leading=lead or size * 1.3)
        p = Paragraph(text, style)
        _, hh = p.wrap(width, ph)
        y -= hh
        p.drawOn(c, m, y)
        y -= after

    para(f"{escape(w['ticket'])}: {escape(job.title)}", 16, bold, after=2)
    para(f"<b>{escape(w['copies'])}: {job.copies}</b>", 13, font, after=6)
    # Files.
    para(escape(w["files"]), 11, bold)
    for part in job.parts:
        what = w.get(part.what, part.what)
        if not part.sheets:
            line = f"<b>{escape(part.file)}</b>: {escape(what)}"
        else:
            how = (
                w["one_sided"]
                if part.sides == 1
                else w["manual"]
                if part.flip == "manual"
                else w["double"].format(edge=w[part.flip])
            )
            stock = part.stock or w["plain"]
            line = (
                f"<b>{escape(part.file)}</b>: {escape(what)}. {escape(w['paper'])}: <b>{escape(paper_name(part.paper))},"
                f" {escape(stock)}</b>; {escape(w['print'])}: <b>{escape(how)}</b>;"
                f" {escape(w['per_copy'].format(sheets=part.sheets))}"
            )
        para(line, 9)
    # The bar is named only where the sheets carry it (the slug needs room).
    scale = w["scale"] + (" " + w["bar"] if band(job.plan, 0, "front") is not None else "")
    para(f"<b>{escape(scale)}</b>", 9, font, after=6)
    # Finishing.
    para(escape(w["finishing"]), 11, bold)
    for i, f in enumerate(job.finishing, 1):
        n = f.count * (job.copies if f.per == "copy" else 1)
        counted = f" ({n} {w[f.charge]})" if f.charge and f.count else ""
        para(f"{i}. {escape(f.text)}{escape(counted)}", 9)
    y -= 4
    # Diagram: the first sheet's front, small, on the right of the cost.
    plan = job.plan
    sw, sh = plan.sheet_size
    box = min(70 * MM, width * 0.4)
    scale = box / max(sw, sh)
    top = y
    c.setFont(font, 7.5)
    c.drawString(pw - m - box, top - 8, w["diagram"])
    _diagram(c, plan, "front", pw - m - box, top - 12 - sh * scale, scale, font)
    # Cost.
    c.setFont(bold, 11)
    c.drawString(m, top - 10, w["cost"])
    lines = cost_lines(job)
    if not lines:
        c.setFont(font, 8.5)
        text = c.beginText(m, top - 24)
        text.setFont(font, 8.5)
        for chunk in _wrap(w["no_prices"], 60):
            text.textLine(chunk)
        c.drawText(text)
    else:
        cur = job.prices.get("currency", "") if job.prices else ""
        cols = [m, m + 62 * MM, m + 78 * MM, m + 96 * MM]
        yy = top - 24
        c.setFont(bold, 8)
        for x, label in zip(cols, (w["item"], w["count"], w["each"], w["sum"]), strict=True):
            c.drawString(x, yy, label)
        c.setFont(font, 8)
        total = Decimal(0)
        for label, n, each, amount in lines:
            yy -= 11
            c.drawString(cols[0], yy, label)
            c.drawString(cols[1], yy, str(n))
            c.drawString(cols[2], yy, money(each, cur))
            c.drawString(cols[3], yy, money(amount, cur))
            total += amount
        yy -= 14
        c.setFont(bold, 10)
        c.drawString(cols[0], yy, w["total"])
        c.drawString(cols[3], yy, money(total, cur))
        if job.prices.get("name"):
            c.setFont(font, 7)
            c.drawString(cols[0], yy - 11, str(job.prices["name"]))
    c.showPage()
    c.save()
    return buf.getvalue()


def total(job: Job) -> Decimal:
    """The run's total by the price list (0 without one)."""
    return sum((line[3] for line in cost_lines(job)), Decimal(0))


def _wrap(text: str, n: int) -> list[str]:
    out, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > n and line:
            out.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*out, line] if line else out
