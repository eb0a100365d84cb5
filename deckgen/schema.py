"""JSON Schema of the deck format, generated from the model for editors."""

from __future__ import annotations

import json
from typing import Any


def schema() -> dict[str, Any]:
    """One schema that accepts a deck file or an included file of slides."""
    from typing import Union

    from pydantic import TypeAdapter

    from deckgen.model.deck import DeckMeta
    from deckgen.model.slides import KINDS

    slide = Union[tuple(KINDS.values())]  # type: ignore[valid-type]
    include = {"type": "object", "properties": {"include": {"type": "string"}},
               "required": ["include"], "additionalProperties": False}
    slides_schema = TypeAdapter(list[slide]).json_schema(ref_template="#/$defs/{model}")
    defs = slides_schema.pop("$defs", {})
    meta = TypeAdapter(DeckMeta).json_schema(ref_template="#/$defs/{model}")
    defs.update(meta.pop("$defs", {}))
    defs["DeckMeta"] = meta
    item = {"anyOf": [include, slides_schema["items"]]}
    slide_list = {"type": "array", "items": item}
    deck = {"type": "object", "properties": {"deck": {"$ref": "#/$defs/DeckMeta"},
                                             "slides": slide_list},
            "required": ["deck"], "additionalProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://deckgen.invalid/deck.schema.json",
        "title": "deckgen deck",
        "anyOf": [deck, slide_list,
                  {"type": "object", "properties": {"slides": slide_list},
                   "required": ["slides"], "additionalProperties": False}],
        "$defs": defs,
    }


def schema_json() -> str:
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
