"""Continuation slides, tables set by their content and column cards set by theirs.

Every test builds a real deck and reads the .pptx back with python-pptx: how
many parts a split made, the theme's marker in their titles, the header row on
each part, one size across the parts, how columns are aligned, the totals row,
and how tall column cards are.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx.util import Emu
from render_audit import page_words, render

from conftest import build_ok, problems_of, run_size, write
from deckgen.model.themes import load_theme

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = load_theme("default", ROOT)


def _sizes(shape) -> set[float]:  # noqa: ANN001
    if not shape.is_placeholder:
        return {run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs}
    return {run_size(run, shape, p.level) for p in shape.text_frame.paragraphs for run in p.runs}


def _named(slide, name: str):  # noqa: ANN001, ANN202
    return next(s for s in slide.shapes if s.name == name)


def _table(slide):  # noqa: ANN001, ANN202
    return next(s for s in slide.shapes if s.has_table)


def _questions(count: int) -> list[str]:
    """Bullet lines (under a slide's ``bullets:``): a question and two answers each."""
    out = []
    for n in range(1, count + 1):
        out.append(f'      - "Question {n}: what happens to the data when the server stops?"')
        out.append(f'      - ["Answer {n}, first part", "Answer {n}, second part"]')
    return out


def _deck(tmp_path: Path, *lines: str | list[str], name: str = "deck.yaml") -> Path:
    """A deck file from lines written at their final indentation (lists spliced in)."""
    flat = [line for item in lines for line in ([item] if isinstance(item, str) else item)]
    return write(tmp_path, "\n".join(flat) + "\n", name)


def _bullets_deck(tmp_path: Path, count: int, cont: str = "continue: true") -> Path:
    return _deck(tmp_path, "deck: {title: Splits, theme: default}", "slides:",
                 '  - title: "Open questions"', f"    {cont}",
                 '    notes: "Start with the first three."', "    bullets:", _questions(count),
                 '  - title: "Next"', "    bullets: [done]")


def test_a_long_list_flows_onto_parts_with_the_theme_s_marker(tmp_path: Path) -> None:
    result, prs = build_ok(_bullets_deck(tmp_path, 12))
    assert result.problems.items == []
    titles = [s.shapes.title.text for s in prs.slides]
    parts = [t for t in titles if t.startswith("Open questions")]
    assert len(parts) >= 2
    assert parts == [f"Open questions ({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    assert titles[len(parts) + 1] == "Next"
    bodies = [_named(s, "Bullets") for s in list(prs.slides)[1:len(parts) + 1]]
    # one size for every part: the theme's body size, since each question fits
    assert set().union(*(_sizes(b) for b in bodies)) <= {DEFAULT.sizes.body,
                                                         round(DEFAULT.sizes.body * 0.88, 2)}
    assert {max(_sizes(b)) for b in bodies} == {DEFAULT.sizes.body}
    # a part starts with a question, never with an answer cut from it
    for body in bodies:
        first = body.text_frame.paragraphs[0]
        assert first.level == 0 and first.text.startswith("Question")
    every = [p.text for b in bodies for p in b.text_frame.paragraphs]
    assert len(every) == 36 and every[0].startswith("Question 1:")
    assert every[-1] == "Answer 12, second part"
    # notes go with the first part; slide numbers count the parts
    notes = [s.notes_slide.notes_text_frame.text if s.has_notes_slide else ""
             for s in list(prs.slides)[1:len(parts) + 1]]
    assert notes[0] == "Start with the first three." and not any(notes[1:])
    numbers = [s._element.xpath(".//a:fld[@type='slidenum']/a:t/text()")
               for s in list(prs.slides)[1:]]
    assert numbers == [[str(n)] for n in range(2, len(prs.slides) + 1)]


def test_parts_share_the_items_evenly(tmp_path: Path) -> None:
    _, prs = build_ok(_bullets_deck(tmp_path, 12))
    counts = [sum(p.level == 0 for p in _named(s, "Bullets").text_frame.paragraphs)
              for s in prs.slides if s.shapes.title.text.startswith("Open questions")]
    assert sum(counts) == 12 and max(counts) - min(counts) <= 1, counts


def test_a_numbered_list_counts_on_across_its_parts(tmp_path: Path) -> None:
    """Part 2 of a numbered list starts where part 1 stopped, in PowerPoint and as drawn."""
    deck = _deck(tmp_path, "deck: {title: Splits, theme: default}", "slides:",
                 '  - title: "Steps"', "    continue: true", "    numbered: true",
                 "    bullets:",
                 [f'      - "Step {n}: check the backup of the data before the server stops"'
                  for n in range(1, 15)])
    _, prs = build_ok(deck)
    parts = [s for s in prs.slides if s.shapes.title.text.startswith("Steps")]
    assert len(parts) >= 2
    starts, done = [], 0
    for part in parts:
        nums = _named(part, "Bullets")._element.xpath(".//a:p/a:pPr/a:buAutoNum")
        starts.append({n.get("startAt") for n in nums})
        expected = None if done == 0 else str(done + 1)
        assert starts[-1] == {expected}, (starts, done)
        done += len(nums)
    assert done == 14
    built = tmp_path / "out.pptx"
    pdf = render([built], tmp_path / "pdf")[built]
    pages, _ = page_words(pdf)
    second = [w.text for w in pages[2]]
    first_step = _named(parts[1], "Bullets").text_frame.paragraphs[0].text.split(":")[0]
    number = first_step.split()[-1]
    assert f"{number}." in second, second


def test_a_list_that_fits_is_one_slide_without_a_marker(tmp_path: Path) -> None:
    _, prs = build_ok(_bullets_deck(tmp_path, 2))
    assert [s.shapes.title.text for s in prs.slides][1:] == ["Open questions", "Next"]


def test_without_continue_the_list_shrinks_on_one_slide(tmp_path: Path) -> None:
    _, prs = build_ok(_bullets_deck(tmp_path, 6, cont="continue: false"))
    assert [s.shapes.title.text for s in prs.slides][1:] == ["Open questions", "Next"]
    assert max(_sizes(_named(prs.slides[1], "Bullets"))) < DEFAULT.sizes.body


def test_the_deck_s_continue_is_every_slide_s_default(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "deck: {title: Splits, theme: default, continue: true}", "slides:",
                 '  - title: "Open questions"', "    bullets:", _questions(8),
                 '  - title: "Kept together"', "    continue: false", "    bullets:",
                 _questions(8))
    _, prs = build_ok(deck)
    titles = [s.shapes.title.text for s in prs.slides][1:]
    total = len(titles) - 1
    assert total >= 2 and titles == [f"Open questions ({n}/{total})"
                                      for n in range(1, total + 1)] + ["Kept together"]


def test_a_theme_s_marker_is_its_own(tmp_path: Path) -> None:
    _, prs = build_ok(_bullets_deck(tmp_path, 12), theme="keynote")
    assert prs.slides[1].shapes.title.text.startswith("Open questions \u00b7 1 of ")


def test_a_marker_naming_an_unknown_field_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, 'name: brand\nextends: default\ntext: {continued: "({page})"}\n',
          "brand.yaml")
    deck = write(tmp_path, 'deck: {title: T, theme: brand.yaml}\nslides:\n'
                 '  - title: A\n    bullets: [a]\n')
    got = problems_of(deck)
    assert len(got) == 1 and "text.continued '({page})' may name only {n} and {total}" in got[0]
    assert got[0].startswith("brand.yaml:3:")


def _rows(count: int) -> list[str]:
    return [f'        - [{n}, "Group {n}", "Room C{n % 4}", {10 + n % 7}]'
            for n in range(1, count + 1)]


def test_a_long_table_repeats_its_header_and_keeps_its_columns(tmp_path: Path) -> None:
    deck = _deck(tmp_path, "deck: {title: Tables, theme: default}", "slides:",
                 '  - title: "Lab groups"', "    continue: true", "    table:",
                 '      header: ["Group", "Name", "Room", "Students"]', "      total: true",
                 "      rows:", _rows(30), '        - ["All", "", "", 999]')
    result, prs = build_ok(deck)
    assert result.problems.items == []
    parts = list(prs.slides)[1:]
    assert len(parts) >= 2
    assert [s.shapes.title.text for s in parts] == [
        f"Lab groups ({n}/{len(parts)})" for n in range(1, len(parts) + 1)]
    tables = [_table(s).table for s in parts]
    for table in tables:  # the header row on every part
        assert [c.text for c in table.rows[0].cells] == ["Group", "Name", "Room", "Students"]
        assert table._tbl.tblPr.get("firstRow") == "1"
    assert sum(len(t.rows) - 1 for t in tables) == 31  # every row once
    assert [t.cell(1, 1).text for t in tables][0] == "Group 1"
    # one size and the same column widths on every part
    sizes = {r.font.size.pt for t in tables for row in t.rows for c in row.cells
             for p in c.text_frame.paragraphs for r in p.runs}
    assert len(sizes) == 1 and sizes.pop() >= DEFAULT.sizes.table
    assert len({tuple(c.width for c in t.columns) for t in tables}) == 1
    # the totals row ends the last part, in bold; no other part has one
    last = tables[-1].rows[len(tables[-1].rows) - 1]
    assert last.cells[0].text == "All"
    assert all(r.font.bold for c in last.cells for p in c.text_frame.paragraphs for r in p.runs)
    ends = [t.rows[len(t.rows) - 1].cells[3].text_frame.paragraphs[0].runs[0].font.bold
            for t in tables[:-1]]
    assert not any(ends)


ENGINES = """
    deck: {title: Tables, theme: default}
    slides:
      - title: "Engines"
        table:
          header: ["Engine", "Tables"]
          rows: [["SQLite", 4], ["PostgreSQL", 12], ["DuckDB", null]]
"""


def test_columns_are_aligned_by_their_content_or_as_written(tmp_path: Path) -> None:
    deck = write(tmp_path, ENGINES + """
      - title: "Orders"
        table:
          header: ["Region", "Orders", "Status"]
          align: [center, left, right]
          total: true
          rows: [["North", 1200, "on plan"], ["South", 1800, "ahead"], ["All", 3000, ""]]
    """)
    _, prs = build_ok(deck)

    def aligns(table, col: int) -> list[str]:  # noqa: ANN001
        return [str(table.cell(r, col).text_frame.paragraphs[0].alignment)
                for r in range(len(table.rows))]

    engines = _table(prs.slides[1]).table
    assert set(aligns(engines, 0)) == {"LEFT (1)"}  # text, and its header
    assert set(aligns(engines, 1)) == {"RIGHT (3)"}  # numbers (an empty cell aside), header too
    orders = _table(prs.slides[2]).table
    assert [set(aligns(orders, c)) for c in range(3)] == [{"CENTER (2)"}, {"LEFT (1)"},
                                                         {"RIGHT (3)"}]
    total = orders.rows[3]
    assert all(r.font.bold for c in total.cells for p in c.text_frame.paragraphs for r in p.runs)
    middle = orders.cell(1, 1).text_frame.paragraphs[0].runs[0]
    assert not middle.font.bold
    assert total.cells[1].fill.fore_color.rgb != orders.rows[1].cells[1].fill.fore_color.rgb


def test_too_many_alignments_is_a_located_error(tmp_path: Path) -> None:
    deck = write(tmp_path, """
    deck: {title: Tables}
    slides:
      - title: "Engines"
        table:
          header: ["Engine", "Tables"]
          align: [left, right, center]
          rows: [["SQLite", 4]]
    """)
    assert problems_of(deck) == [
        "deck.yaml:6:14: error: slide 2 table align names 3 columns, the table has 2 "
        "(hint: give one of left, right, center a column)"]


def test_a_short_table_grows_to_the_body_size_and_stays_narrow(tmp_path: Path) -> None:
    _, prs = build_ok(write(tmp_path, ENGINES))
    frame = _table(prs.slides[1])
    sizes = {r.font.size.pt for row in frame.table.rows for c in row.cells
             for p in c.text_frame.paragraphs for r in p.runs}
    assert sizes == {DEFAULT.sizes.body}
    body_width = prs.slide_width - 2 * Emu(int(DEFAULT.space.margin * 12700))
    assert frame.width < body_width * 0.5  # two short columns do not cross the slide


def test_a_long_listing_continues_its_line_numbers(tmp_path: Path) -> None:
    code = [f"      value_{n} = compute({n})  # step {n}" for n in range(1, 61)]
    deck = _deck(tmp_path, "deck: {title: Code, theme: default}", "slides:",
                 '  - title: "The whole script"', "    continue: true", "    numbers: true",
                 "    language: python", '    highlight: "40"', "    code: |", code)
    result, prs = build_ok(deck)
    assert result.problems.items == []
    parts = list(prs.slides)[1:]
    assert len(parts) >= 2
    codes = [_named(s, "Code").text_frame.text.split("\v") for s in parts]
    lines = [line for part in codes for line in part]
    assert len(lines) == 60 and lines[0].startswith("value_1 ") and lines[-1].startswith(
        "value_60 ")
    numbers = [_named(s, "Line numbers").text_frame.text.split("\v") for s in parts]
    assert [n for part in numbers for n in part] == [str(n) for n in range(1, 61)]
    assert len({frozenset(_sizes(_named(s, "Code"))) for s in parts}) == 1
    bands = [s for s in parts if any(sh.name == "Highlighted lines" for sh in s.shapes)]
    assert len(bands) == 1  # line 40 is on one part only


def _column_cards(prs, index: int) -> list:  # noqa: ANN001
    return [s for s in prs.slides[index].shapes if s.name in (
        "Column 1", "Column 2", "Column 3")]


def test_column_cards_are_as_tall_as_their_content_and_their_text_level(tmp_path: Path) -> None:
    deck = write(tmp_path, """
    deck: {title: Columns, theme: default}
    slides:
      - title: "Short cards"
        columns:
          - heading: "Before"
            bullets: ["Slow builds", "Manual checks"]
          - bullets: ["No heading here", "Still level"]
          - heading: "After"
            bullets: ["Fast builds", "Checked", "Reproducible"]
      - title: "One long card"
        columns:
          - heading: "Long"
            bullets: ["one", "two", "three", "four", "five", "six", "seven", "eight"]
          - heading: "Short"
            bullets: ["one"]
    """)
    _, prs = build_ok(deck)
    short = _column_cards(prs, 1)
    heights = {c.height for c in short}
    assert len(heights) == 1  # one height, the tallest column's
    body = prs.slide_height - Emu(int(200 * 12700))
    assert heights.pop() < body  # not the whole body: three short lists
    tops = {c.top for c in short}
    assert len(tops) == 1
    texts = [_named(prs.slides[1], f"Column {n} text") for n in (1, 2, 3)]
    assert len({t.top for t in texts}) == 1  # with or without a heading
    assert len({frozenset(_sizes(t)) for t in texts}) == 1
    # the tallest column's text ends inside its card, and the cards are taller than before
    long_cards = _column_cards(prs, 2)
    assert len({c.height for c in long_cards}) == 1
    text = _named(prs.slides[2], "Column 1 text")
    lines = len(text.text_frame.paragraphs)
    assert lines == 8 and long_cards[0].height > short[0].height


def test_messages_name_the_slide_as_the_deck_shows_it(tmp_path: Path) -> None:
    """An error and a warning count slides the same way: from 1, the title slide first,
    hidden slides left out, each part of a split slide counted."""
    long = "word " * 1200
    deck = _deck(tmp_path, "deck: {title: Numbers, theme: default}", "slides:",
                 '  - title: "Hidden"', "    hidden: true", "    bullets: [a]",
                 '  - title: "Split"', "    continue: true", "    bullets:", _questions(12),
                 '  - title: "Too long"', f'    bullets: ["{long}"]')
    result, prs = build_ok(deck)
    warned = [p.format() for p in result.problems]
    shown = next(i for i, s in enumerate(prs.slides, 1) if s.shapes.title.text == "Too long")
    assert len(warned) == 1 and f'warning: slide {shown} "Too long"' in warned[0]
    bad = write(tmp_path, """
    deck: {title: Numbers}
    slides:
      - title: "Hidden"
        hidden: true
        bullets: [a]
      - title: "Second shown"
        bulets: [a]
      - title: "Third shown"
        chart: {type: bar, categories: [a, b], series: [{name: s, values: [1]}]}
    """, "bad.yaml")
    got = problems_of(bad)
    assert got[0].startswith("bad.yaml:7:5: error: unknown key 'bulets' in slide 2 ")
    assert got[1].startswith('bad.yaml:9:71: error: slide 3 chart.series[0].values ("s")')


@pytest.mark.parametrize("theme", ["default", "keynote", "lecture", "scholar", "contrast"])
def test_every_shipped_theme_names_a_marker(theme: str) -> None:
    marker = load_theme(theme, ROOT).text.continued
    assert "{n}" in marker and "{total}" in marker


def test_sibling_slides_share_their_body_size(tmp_path: Path) -> None:
    """"… I" and "… II" continue one list: the short one is set at the size the long one
    needs, not larger; a slide of another title keeps its own."""
    deck = _deck(tmp_path, "deck: {title: Siblings, theme: default}", "slides:",
                 '  - title: "Learning outcomes, part I"', "    bullets:", _questions(7),
                 '  - title: "Learning outcomes, part II"', "    bullets: [short, list]",
                 '  - title: "Something else"', "    bullets: [short, list]")
    _, prs = build_ok(deck)
    first, second, other = (max(_sizes(_named(s, "Bullets"))) for s in list(prs.slides)[1:])
    assert first < DEFAULT.sizes.body  # the long list had to shrink
    assert second == first
    assert other == DEFAULT.sizes.body


def test_a_totals_row_s_label_leaves_its_column_of_numbers_right_aligned(tmp_path: Path) -> None:
    deck = write(tmp_path, """
    deck: {title: Tables, theme: default}
    slides:
      - title: "Groups"
        table:
          header: ["Group", "Students"]
          total: true
          rows: [[1, 20], [2, 24], ["All groups", 44]]
    """)
    table = _table(build_ok(deck)[1].slides[1]).table
    aligns = {str(table.cell(r, 0).text_frame.paragraphs[0].alignment) for r in range(4)}
    assert aligns == {"RIGHT (3)"}


def test_an_overflowing_list_of_items_is_advised_to_continue(tmp_path: Path) -> None:
    long = "word " * 1200
    one = _deck(tmp_path, "deck: {title: T}", "slides:", '  - title: "Long"',
                f'    bullets: ["{long}"]')
    several = _deck(tmp_path, "deck: {title: T}", "slides:", '  - title: "Long"',
                    f'    bullets: ["{long}", "and another"]', name="several.yaml")
    assert problems_of(one)[0].endswith("(hint: shorten the text or split the slide)")
    assert problems_of(several)[0].endswith(
        "(hint: shorten the text, or write continue: true to flow it onto continuation slides)")
