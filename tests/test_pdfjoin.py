"""Joining pages of several PDFs in Python, checked by poppler drawing the result."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deckgen.app.pdfjoin import PdfFormatError, join

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler")


def _pdf(path: Path, labels: list[str]) -> Path:
    """A real PDF of one page a label, written by matplotlib (a shared font, indirect
    stream lengths), so each page looks different."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pages:
        for label in labels:
            figure = plt.figure(figsize=(4, 2.25))
            figure.text(0.1, 0.5, label, fontsize=30)
            figure.gca().plot([0, 1, 2], [len(label), 1, 3])
            pages.savefig(figure)
            plt.close(figure)
    return path


def _drawn(pdf: Path, folder: Path, stem: str) -> list[bytes]:
    """Each page of ``pdf`` as poppler draws it; poppler must not complain."""
    done = subprocess.run(["pdftoppm", "-r", "20", str(pdf), str(folder / stem)],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stderr == ""
    return [p.read_bytes() for p in sorted(folder.glob(f"{stem}-*.ppm"))]


def test_pages_of_two_pdfs_joined_in_any_order_look_as_they_did(tmp_path: Path) -> None:
    first = _pdf(tmp_path / "a.pdf", ["one", "two", "three"])
    second = _pdf(tmp_path / "b.pdf", ["alpha", "beta"])
    joined = tmp_path / "joined.pdf"
    join([(first, 1), (second, 2), (first, 3), (second, 1)], joined)
    info = subprocess.run(["pdfinfo", str(joined)], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"^Pages:\s+4$", info, re.M)
    a, b = _drawn(first, tmp_path, "a"), _drawn(second, tmp_path, "b")
    assert _drawn(joined, tmp_path, "j") == [a[0], b[1], a[2], b[0]]
    assert len(set(a + b)) == 5  # the pages differ, so the order was checked


def test_a_source_is_copied_once_and_only_what_its_chosen_pages_use(tmp_path: Path) -> None:
    """The font every page shares is in the joined PDF once, not once a page."""
    source = _pdf(tmp_path / "a.pdf", [f"page {n}" for n in range(8)])
    whole, two = tmp_path / "whole.pdf", tmp_path / "two.pdf"
    join([(source, n) for n in range(1, 9)], whole)
    join([(source, 2), (source, 5)], two)
    assert whole.stat().st_size <= source.stat().st_size * 1.05
    streams = [p.read_bytes().count(b"endstream") for p in (source, whole, two)]
    assert streams[1] == streams[0] and streams[2] == streams[0] - 6  # six pages' drawing less
    assert whole.read_bytes().count(b"/FontFile") == source.read_bytes().count(b"/FontFile")


def test_a_cross_reference_stream_is_refused_not_misread(tmp_path: Path) -> None:
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(b"%PDF-1.5\n1 0 obj\n<</Type/XRef/Size 1/W[1 2 1]/Length 0>>stream\n"
                    b"\nendstream\nendobj\nstartxref\n9\n%%EOF\n")
    with pytest.raises(PdfFormatError):
        join([(odd, 1)], tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
