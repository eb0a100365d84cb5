"""Deck YAML that people read and edit: block style, quotes only where YAML needs them.

PyYAML's dumper either quotes everything or folds long strings at odd places,
so imported decks are written by this small emitter instead.  A string is left
plain only when deckgen's loader reads it back as exactly that text (no
leading YAML sign, no ``: `` or `` #``, no surrounding space); otherwise it is
double-quoted with JSON's escapes, which YAML reads the same way.  Text with
line breaks (notes, code) is a literal block.
"""

from __future__ import annotations

import json
import re
from typing import Any

_PLAIN = re.compile(r"[A-Za-z0-9\u00C0-\uFFFF(][^\n\r\t]*")
_RISKY = re.compile(r": |:$| #|^[-?:,\[\]{}#&*!|>'\"%@`]|[\u2028\u2029\u0085\ufeff]")
_LITERAL_OK = re.compile(r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]*$")


def scalar(value: Any) -> str:
    """One value as YAML text on a single line."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value)
    text = str(value)
    if text and _PLAIN.fullmatch(text) and not _RISKY.search(text) and text == text.strip() \
            and _reads_back(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _reads_back(text: str) -> bool:
    """Plain YAML gives back this very string (not a number, date, boolean or null)."""
    import yaml

    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def dump(data: Any, comment: str = "") -> str:
    """``data`` (dicts, lists, scalars) as block-style YAML, with an optional first line."""
    lines = [comment] if comment else []
    lines.extend(_node(data, 0))
    return "\n".join(lines) + "\n"


def _node(data: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(data, dict):
        out = []
        for key, value in data.items():
            out.extend(_entry(f"{pad}{key}:", value, indent))
        return out
    if isinstance(data, list):
        out = []
        for item in data:
            if isinstance(item, dict) and item:
                inner = _node(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            elif isinstance(item, list) and item and _flow(item):
                out.append(f"{pad}- [{', '.join(_in_flow(v) for v in item)}]")
            elif isinstance(item, list) and item:
                inner = _node(item, indent + 2)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.extend(_entry(f"{pad}-", item, indent, item_of_list=True))
        return out
    return [pad + scalar(data)]


def _entry(head: str, value: Any, indent: int, item_of_list: bool = False) -> list[str]:
    if isinstance(value, dict) and value:
        return [head, *_node(value, indent + 2)]
    if isinstance(value, list) and value:
        if _flow(value):
            return [f"{head} [{', '.join(_in_flow(v) for v in value)}]"]
        return [head, *_node(value, indent + 2)]
    if isinstance(value, (dict, list)):
        return [f"{head} {'{}' if isinstance(value, dict) else '[]'}"]
    if isinstance(value, str) and "\n" in value.strip("\n") and _literal_ok(value):
        body = " " * (indent + 2)
        chomp = "" if value.endswith("\n") and not value.endswith("\n\n") else "-"
        text = value[:-1] if chomp == "" else value
        return [f"{head} |{chomp}", *[(body + line).rstrip() if line else ""
                                       for line in text.split("\n")]]
    return [f"{head} {scalar(value)}"]


def _in_flow(value: Any) -> str:
    """A scalar inside ``[...]``, where a comma or bracket would end or open an item."""
    text = scalar(value)
    if isinstance(value, str) and not text.startswith('"') and any(c in text for c in ",[]{}"):
        return json.dumps(str(value), ensure_ascii=False)
    return text


def _flow(values: list[Any]) -> bool:
    """A short list of short scalars reads best on one line: ``[a, b, c]``."""
    return (all(_short(v) for v in values) and len(values) <= 8
            and sum(len(scalar(v)) + 2 for v in values) < 70)


def _short(value: Any) -> bool:
    return not isinstance(value, (dict, list)) and len(scalar(value)) <= 30


def _literal_ok(value: str) -> bool:
    """A literal block keeps the text exactly only without trailing spaces, tabs, controls
    or a first line that starts with a space (its indentation would be misread)."""
    lines = value.split("\n")
    return (bool(_LITERAL_OK.match(value)) and "\t" not in value
            and all(line == line.rstrip() for line in lines)
            and not lines[0].startswith(" ") and not value.startswith("\n")
            and not value.endswith("\n\n"))
