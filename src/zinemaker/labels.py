"""The fonts impose writes its instruction sheet and slug in.

A leaf of its own, read by the build and by ``zinemaker impose``: imposing
someone's PDF loads these fonts, not the whole build (Markdown, YAML,
the card typesetter), which would double its start-up.
"""

from __future__ import annotations

from zinemaker.impose import Labels


def labels() -> Labels:
    """The instruction sheet's and slug's faces: Open Sans, regular and bold."""
    from zinemaker.typeset import fonts

    fam = fonts.family("Open Sans")
    return Labels(fam.regular, fam.bold)
