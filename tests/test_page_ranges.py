"""impose --pages 1-16,20: only those pages, in that order, folded right."""

from __future__ import annotations

import pytest
from helpers import numbered_pdf, read_sheets

from zinemaker.errors import ZinemakerError
from zinemaker.impose import ImposeOptions, impose, open_pdf, page_ranges
from zinemaker.impose.fold import read
from zinemaker.labels import labels
from zinemaker.units import PAPER


def test_ranges_read_as_written():
    assert page_ranges("1-3,5", 10) == [0, 1, 2, 4]
    assert page_ranges("8-", 10) == [7, 8, 9]
    assert page_ranges("3,1", 10) == [2, 0]
    for bad, says in (("1-30", "past the end"), ("5-2", "backwards"), ("x", "like 1-16,20"), ("0", "from 0")):
        with pytest.raises(ZinemakerError, match=says):
            page_ranges(bad, 24)


def test_the_chosen_pages_fold_in_their_order():
    done = impose(
        open_pdf(numbered_pdf(24)),
        "saddle",
        ImposeOptions(PAPER["a4"]),
        labels=labels(),
        select=page_ranges("1-16,20", 24),
    )
    assert done.plan.page_count == 17
    seen = read(read_sheets(done.files["sheets"].data), done.plan)
    # The plan numbers the chosen pages 0..16; the labels on them say which source page each is.
    assert [s.page for s in seen if s.page is not None] == [*range(16), 19]
