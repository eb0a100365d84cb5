"""JSON Schema of the deck format, generated from the model for editors.

The model is the one source of truth; this module only translates it.  Two
differences between pydantic's view and an editor's must be bridged:

* deckgen's loader keeps every scalar as text, so ``title: 2014`` or
  ``label: yes`` are text to deckgen.  An editor's YAML parser reads them as a
  number or a boolean, so every text field accepts those too.
* Fields that take "one string or a list of them" normalise the string in a
  validator that pydantic cannot see through; the schema says both.

It also adds what deckgen infers rather than declares: ``kind: title`` and
``kind: closing`` must be written, since a slide without a content key cannot
be inferred.  The committed copy lives in ``schema/deck.schema.json``;
``deckgen schema -o schema/deck.schema.json`` refreshes it.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

SCHEMA_ID = "https://deckgen.invalid/deck.schema.json"
SCALAR_TEXT = ["string", "number", "boolean"]


class _DeckSchema(GenerateJsonSchema):
    """pydantic's generator with deckgen's reading of YAML scalars."""

    def str_schema(self, schema: core_schema.StringSchema) -> JsonSchemaValue:
        # minLength/pattern apply to strings only, so they stay valid as written.
        return {**super().str_schema(schema), "type": list(SCALAR_TEXT)}

    def function_before_schema(
        self, schema: core_schema.BeforeValidatorFunctionSchema
    ) -> JsonSchemaValue:
        from deckgen.model.types import text_or_list

        inner = super().function_before_schema(schema)
        if schema["function"].get("function") is text_or_list and inner.get("type") == "array":
            return {"anyOf": [inner.get("items", {"type": list(SCALAR_TEXT)}), inner]}
        return inner


def _adapter_schema(tp: Any) -> dict[str, Any]:
    from pydantic import TypeAdapter

    return TypeAdapter(tp).json_schema(ref_template="#/$defs/{model}",
                                       schema_generator=_DeckSchema)


def schema() -> dict[str, Any]:
    """One schema that accepts a deck file or an included file of slides."""
    from typing import Union

    from deckgen.model.deck import DeckMeta
    from deckgen.model.slides import CONTENT_KEYS, KINDS

    slide = Union[tuple(KINDS.values())]  # type: ignore[valid-type]
    slides_schema = _adapter_schema(list[slide])
    defs = slides_schema.pop("$defs", {})
    meta = _adapter_schema(DeckMeta)
    defs.update(meta.pop("$defs", {}))
    defs["DeckMeta"] = meta
    for name, model in KINDS.items():
        if name not in CONTENT_KEYS:
            _require(defs[model.__name__], "kind")
    include = {"type": "object", "title": "include",
               "description": "a YAML file holding a list of slides, relative to this file",
               "properties": {"include": {"type": "string"}},
               "required": ["include"], "additionalProperties": False}
    defs["Include"] = include
    slide_list = {"type": "array", "items": {"anyOf": [{"$ref": "#/$defs/Include"},
                                                       slides_schema["items"]]}}
    defs["Slides"] = slide_list
    deck = {"type": "object", "title": "deck file",
            "properties": {"deck": {"$ref": "#/$defs/DeckMeta"},
                           "slides": {"$ref": "#/$defs/Slides"}},
            "required": ["deck"], "additionalProperties": False}
    included = {"type": "object", "title": "included file of slides",
                "properties": {"slides": {"$ref": "#/$defs/Slides"}},
                "required": ["slides"], "additionalProperties": False}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "deckgen deck",
        "description": "A deck file (deck: and slides:) or a file of slides it includes.",
        "anyOf": [deck, {"$ref": "#/$defs/Slides"}, included],
        "$defs": defs,
    }


def _require(model_schema: dict[str, Any], key: str) -> None:
    required = model_schema.setdefault("required", [])
    if key not in required:
        required.insert(0, key)


def schema_json() -> str:
    """The schema as committed: sorted keys and a final newline, so diffs stay small."""
    return json.dumps(schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
