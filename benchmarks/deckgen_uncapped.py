"""``deckgen`` with its slide-count limit lifted, to time how a build grows past it.

deckgen refuses decks of more than ``deckgen.model.MAX_SLIDES`` slides.  The
benchmark's 5,000-slide deck measures whether the pipeline stays linear, so it
runs through this wrapper; everything else is the ordinary command line.
"""

import sys

import deckgen.model

deckgen.model.MAX_SLIDES = sys.maxsize

from deckgen.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
