"""The accordion (leporello), added through its record alone: folded by its
printed steps, in every flip, with and without the instruction sheet."""

from __future__ import annotations

from helpers import numbered_pdf
from hypothesis import given, settings
from hypothesis import strategies as st
from test_steps import assert_reads_in_order, paper

from zinemaker.impose import ImposeOptions, impose, open_pdf, schemes
from zinemaker.impose.fold import read, read_plan
from zinemaker.impose.instructions import words
from zinemaker.impose.options import Pages
from zinemaker.labels import labels
from zinemaker.units import MM, PAPER

A7 = (74 * MM, 105 * MM)


@settings(max_examples=120, deadline=None)
@given(count=st.integers(1, 90), flip=st.sampled_from(["short-edge", "long-edge", "manual"]), data=st.data())
def test_the_strip_reads_in_order_front_then_back(count, flip, data):
    w = data.draw(st.sampled_from([A7[0], 60 * MM, 100 * MM, 148 * MM]))
    sheet = data.draw(st.sampled_from(["a4", "letter", "a3"]))
    plan = schemes.plan("accordion", Pages(count, w, A7[1]), ImposeOptions(PAPER[sheet], flip=flip))
    assert_reads_in_order(read_plan(plan), count)


def test_a7_pages_go_four_to_an_a4_side_and_the_back_cover_is_behind_page_1():
    plan = schemes.plan("accordion", Pages(16, *A7), ImposeOptions(PAPER["a4"]))
    assert plan.grid == (4, 1) and plan.sheet_count == 2
    front = {p.slot: p.page for p in plan.side(0, "front")}
    assert front[0] == 0
    behind_1 = [
        p.page
        for p in plan.side(0, "back")
        if abs(p.trim.centre[0] - (plan.sheet_size[0] - plan.side(0, "front")[0].trim.centre[0])) < 1
    ]
    assert behind_1 == [15]


@settings(max_examples=12, deadline=None)
@given(count=st.integers(1, 24), flip=st.sampled_from(["short-edge", "long-edge", "manual"]), inst=st.booleans())
def test_printed_files_fold_by_the_printed_steps(count, flip, inst):
    opts = ImposeOptions(PAPER["a4"], flip=flip)
    done = impose(open_pdf(numbered_pdf(count, A7)), "accordion", opts, "Strip", labels=labels(), instructions=inst)
    printed = paper(done, 2, inst)
    assert_reads_in_order(read(printed, done.plan), count)
    said = " ".join(words(done.plan, inst))
    assert "like a fan" in said and (("tape" in said) == (done.plan.sheet_count > 1))


def test_it_refuses_what_it_cannot_do():
    import pytest

    from zinemaker.errors import ZinemakerError

    for kw in ({"creep": 0.1 * MM}, {"signature": 2}, {"bind": "top"}):
        with pytest.raises(ZinemakerError, match="accordion"):
            schemes.plan("accordion", Pages(8, *A7), ImposeOptions(PAPER["a4"], **kw))
