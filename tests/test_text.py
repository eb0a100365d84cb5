"""Inline marks and text fitting with real font metrics."""

from __future__ import annotations

from deckgen.layout.fonts import font_file, line_height_em
from deckgen.layout.textfit import Fitter, Para
from deckgen.model.markup import Run, parse, plain


def test_marks_nest_and_unclosed_marks_stay_literal() -> None:
    assert parse("**a *b* c**") == (
        Run("a ", bold=True), Run("b", bold=True, italic=True), Run(" c", bold=True))
    assert parse("3 * 4 * 5") == (Run("3 * 4 * 5"),)
    assert parse("half **open") == (Run("half **open"),)
    assert parse(r"\*not italic\*") == (Run("*not italic*"),)
    assert parse("[x](javascript:alert(1))")[0].link is None
    assert plain("**A** [b](https://c.d) `e`") == "A b e"


def test_measured_widths_follow_the_font() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    narrow = fitter.measure.width_em("iiiiiiii", font_file("Calibri"))
    wide = fitter.measure.width_em("WWWWWWWW", font_file("Calibri"))
    assert wide > 2.5 * narrow
    bold = fitter.measure.width_em("Heading", font_file("Calibri", bold=True))
    regular = fitter.measure.width_em("Heading", font_file("Calibri"))
    assert bold > regular
    assert 1.0 < line_height_em(font_file("Calibri")) < 1.6


def test_fitter_shrinks_then_reports_overflow() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    para = [Para(parse("A sentence of moderate length that needs a few lines"))]
    roomy = fitter.fit(para, "Calibri", "Courier New", 600, 200, 24, 12)
    assert roomy.size == 24 and roomy.overflow == 0
    tight = fitter.fit(para, "Calibri", "Courier New", 200, 60, 24, 12)
    assert 12 <= tight.size < 24
    hopeless = fitter.fit(para * 20, "Calibri", "Courier New", 200, 60, 24, 12)
    assert hopeless.size == 12 and hopeless.overflow > 1


def test_cjk_breaks_between_characters() -> None:
    fitter = Fitter("Noto Sans CJK SC", 1.0, 0.5, 20)
    para = Para(parse("两张皮" * 20))
    assert fitter.wrap_count(para, "Calibri", "Courier New", 200, 20) > 3
