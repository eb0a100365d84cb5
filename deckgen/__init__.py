"""deckgen: compile slide decks written in YAML into themed PowerPoint files."""

__version__ = "0.1.0"
