"""zinemaker: typeset and impose zines and card decks into print-ready PDFs.

The package is laid out as its pipeline:

    definitions -> content -> typeset -> impose -> write

``definitions`` reads and validates layout files, ``content`` turns texts and
decks into blocks, ``typeset`` makes finished pages, ``impose`` places
finished pages on printer sheets, and ``write`` puts files on disk safely.
"""

__version__ = "0.1.0"
