"""Validate stage: turn loaded data into a typed model of the deck.

Every slide is validated on its own so that one bad slide never hides the
problems of the next; pydantic's error paths are mapped back to the YAML line
through the positions the loader kept.
"""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from deckgen.errors import Location, Problem, Problems, slide_name
from deckgen.model.charts import CHART_TYPES
from deckgen.model.deck import DeckMeta
from deckgen.model.diagrams import DIAGRAM_TYPES
from deckgen.model.slides import CONTENT_KEYS, KINDS, SlideBase
from deckgen.source.loader import PosDict, PosList, Source

__all__ = ["DeckMeta", "PlacedSlide", "validate", "KINDS"]


# A build takes 2.5 to 4.5 s and 130 MB per 1,000 slides; 20,000 would take minutes
# and gigabytes, so a clear limit beats what looks like a hang.
MAX_SLIDES = 1_000


@dataclass(frozen=True)
class PlacedSlide:
    """A validated slide and the data it came from (for later located problems)."""

    slide: SlideBase
    data: PosDict
    where: Location
    index: int = 0  # position in the deck's slides list, includes expanded
    number: int = 0  # as the deck shows it, before any split (0: hidden), for messages


@dataclass
class Validated:
    meta: DeckMeta
    slides: list[PlacedSlide]


def validate(source: Source, problems: Problems) -> Validated | None:
    """Validate the whole deck, collecting every problem."""
    data = source.data
    unknown = [k for k in data if k not in ("deck", "slides")]
    for key in unknown:
        problems.error(f"unknown top-level key '{key}'", data.where_key(key),
                       _did_you_mean(key, ["deck", "slides"]))
    meta = _validate_meta(data, problems)
    slides = _validate_slides(data, problems, meta is None or meta.title_slide)
    if meta is None:
        return None
    return Validated(meta, slides or [])


def _validate_meta(data: PosDict, problems: Problems) -> DeckMeta | None:
    block = data.get("deck")
    if "deck" not in data:
        problems.error("missing 'deck:' block with the deck's title", data.loc,
                       "start the file with 'deck:' and a 'title:' under it")
        return None
    if not isinstance(block, PosDict):
        problems.error("'deck:' must be a mapping with at least 'title:'", data.where("deck"),
                       _scalar_hint(block))
        return None
    return _check(DeckMeta, block, problems, "deck")


def _validate_slides(data: PosDict, problems: Problems,
                     title_slide: bool = True) -> list[PlacedSlide] | None:
    found = Problems()
    slides = _slides(data, found, title_slide)
    numbers = _numbers(data.get("slides"), title_slide)
    problems.extend([_named(p, numbers) for p in found])
    return slides


def _numbers(slides: Any, title_slide: bool) -> list[int]:
    """Each slide's number as the deck shows it (0 for a hidden one): messages name
    slides the way the slide numbers on them read."""
    out, shown = [], 1 if title_slide else 0
    for item in slides if isinstance(slides, list) else []:
        hidden = isinstance(item, dict) and _truthy(item.get("hidden"))
        shown += 0 if hidden else 1
        out.append(0 if hidden else shown)
    return out


def _truthy(value: Any) -> bool:
    """``hidden:`` as the model will read it (a wrong value is reported there)."""
    from deckgen.model.types import _TRUE

    return value is True or (isinstance(value, str) and value in _TRUE)


_PATH = re.compile(r"slides\[(\d+)\](\.?)")


def _named(problem: Problem, numbers: list[int]) -> Problem:
    """``slides[3].chart`` in a message becomes ``slide 5 chart``."""
    from dataclasses import replace

    def name(match: re.Match) -> str:
        index = int(match.group(1))
        label = slide_name(numbers[index] if index < len(numbers) else index + 1)
        return label + (" " if match.group(2) else "")

    return replace(problem, message=_PATH.sub(name, problem.message))


def _slides(data: PosDict, problems: Problems, title_slide: bool) -> list[PlacedSlide] | None:
    slides = data.get("slides", PosList())
    if slides is None:
        slides = PosList()
    if not isinstance(slides, PosList):
        problems.error("'slides:' must be a list of slides", data.where("slides"))
        return None
    if len(slides) > MAX_SLIDES:
        problems.error(f"the deck has {len(slides):,} slides; deckgen builds at most "
                       f"{MAX_SLIDES:,}", data.where("slides"),
                       "split it into several decks")
        return None
    placed = []
    numbers = _numbers(slides, title_slide)
    for index, item in enumerate(slides):
        where = slides.where(index)
        if not isinstance(item, PosDict):
            problems.error(f"slides[{index}] must be a mapping with a title and content", where,
                           _scalar_hint(item, "a slide is a mapping, as in '- title: ...' "
                                        "with its content key below"))
            continue
        model = _infer_kind(item, index, problems)
        if model is None:
            continue
        slide = _check(model, item, problems, f"slides[{index}]")
        if slide is not None:
            placed.append(PlacedSlide(slide, item, item.loc, index, numbers[index]))
    return placed


def _infer_kind(item: PosDict, index: int, problems: Problems) -> type[SlideBase] | None:
    """A slide's kind is ``kind:`` or the single content key it has."""
    label = f"slides[{index}]"
    if "kind" in item:
        kind = item["kind"]
        if isinstance(kind, str) and kind in KINDS:
            return KINDS[kind]
        if not isinstance(kind, str):
            problems.error(f"{label}.kind must name a slide kind", item.where("kind"),
                           "known: " + ", ".join(KINDS))
            return None
        problems.error(f"{label}.kind '{kind}' is not a slide kind", item.where("kind"),
                       _did_you_mean(str(kind), list(KINDS), listing=True))
        return None
    present = [k for k in CONTENT_KEYS if k in item]
    if isinstance(item.get("image"), PosDict):
        if len(present) == 1:  # a picture to stand beside text, on a slide with none
            problems.error(f"{label}.image: a picture written as a mapping stands beside the "
                           "slide's text, and this slide has none", item.where("image"),
                           "add bullets:, body:, code: or chart: beside it, or make an "
                           "image slide: image: the file's path, with alt: on its own line")
            return None
        present.remove("image")  # a picture beside the slide's text, not an image slide
    if len(present) == 1:
        return KINDS[present[0]]
    if len(present) > 1:
        problems.error(
            f"{label} has two content keys, '{present[0]}' and '{present[1]}'",
            item.where_key(present[1]),
            "a slide holds one kind of content; split it or name 'kind:'",
        )
        return None
    near = [k for k in item if difflib.get_close_matches(k, CONTENT_KEYS, 1, 0.75)]
    if near:  # a misspelt content key: point at it, not at the slide
        problems.error(f"unknown key '{near[0]}' in {label}", item.where_key(near[0]),
                       _did_you_mean(near[0], list(CONTENT_KEYS)))
        return None
    hint = "give it one of: " + ", ".join(CONTENT_KEYS) + " (or kind: title/closing)"
    problems.error(f"{label} has no content: cannot tell its kind", item.loc, hint)
    return None


def _check(model: type[BaseModel], data: PosDict, problems: Problems, label: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = _merge_unions(data, exc.errors(include_url=False))
        pasted = _pasted_pairs(model, data, errors, problems, label)
        for err in errors:
            keys = tuple(_data_path(data, err["loc"]))
            if not any(keys[:len(item)] == item for item in pasted):
                _report(model, data, err, problems, label)
        return None


def _pasted_pairs(model: type[BaseModel], data: PosDict, errors: list[dict],
                  problems: Problems, label: str) -> set[tuple]:
    """List items that YAML read as ``key: value`` because text held an unquoted ": ".

    ``- Examples: a, b`` under ``bullets:`` is a one-key mapping to YAML; rather
    than "needs 'text'" and "unknown key 'Examples'", say once what happened and
    give the quoted line.  A key close to an allowed one is a typo instead, and
    is left to the unknown-key message with its did-you-mean.
    """
    found: set[tuple] = set()
    for err in errors:
        keys = _data_path(data, err["loc"])
        for end in range(1, len(keys) + 1):
            item = tuple(keys[:end])
            value = _value_at(data, list(item))
            if not (isinstance(item[-1], int) and isinstance(value, dict) and len(value) == 1):
                continue
            (key, inner), = value.items()
            allowed = _fields_at(model, list(item), data)
            if item in found or isinstance(inner, (dict, list)) or key in allowed or \
                    difflib.get_close_matches(str(key), allowed, 1, 0.6):
                continue
            if not _takes_text(model, list(item)) or _braced(value, key):
                continue  # quoting would not help, or the mapping was written on purpose
            found.add(item)
            text = f"{key}:" if inner is None else f"{key}: {inner}"
            path = label + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in item)
            problems.error(f"{path}: '{text}' was read as a key and a value because of the "
                           "unquoted ': ' in it", _locate(data, list(item)),
                           f"quote the text: - {_quote(text)}")
    return found


def _braced(value: Any, key: str) -> bool:
    """A ``{key: value}`` mapping: its key stands after the brace, not where the item starts."""
    return isinstance(value, PosDict) and value.where_key(key) != value.loc


def _takes_text(model: Any, keys: list) -> bool:
    """Whether the value at ``keys`` may be plain text (a bullet may; a column may not)."""
    tp: Any = model
    for key in keys:
        tp = _step(tp, key)
        if tp is None:
            return False
    return str in _members(tp)


def _quote(text: str) -> str:
    """``text`` as YAML double-quoted text, or single-quoted if it holds ``\\`` or ``"``."""
    if "\\" in text or '"' in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


_NOUNS = {"float_type": "a number", "float_parsing": "a number", "number": "a number",
          "string_type": "text", "list_type": "a list", "dict_type": "a mapping",
          "model_type": "a mapping", "model_attributes_type": "a mapping",
          "bool_type": "true or false", "boolean": "true or false"}


def _merge_unions(data: PosDict, errors: list[dict]) -> list[dict]:
    """A value that fits no member of a union gets one line ("expected a number or
    text, got a mapping"), not one line per member."""
    groups: dict[tuple, list[dict]] = {}
    for err in errors:
        groups.setdefault(tuple(_data_path(data, err["loc"])), []).append(err)
    out = []
    for keys, errs in groups.items():
        if len(errs) > 1 and all(e["type"] in _NOUNS for e in errs):
            nouns = list(dict.fromkeys(_NOUNS[e["type"]] for e in errs))
            got = _describe(_value_at(data, list(keys)))
            msg = f"expected {' or '.join(nouns)}, got {got}"
            out.append({**errs[0], "type": "union", "msg": msg})
        else:
            out.extend(errs)
    return out


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{value}'"


def _report(model: type[BaseModel], data: PosDict, err: dict, problems: Problems,
            label: str) -> None:
    keys = _data_path(data, err["loc"])
    where = _locate(data, keys)
    path = label + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys)
    kind = err["type"]
    hint = None
    if kind == "extra_forbidden":
        key = keys[-1] if keys else "?"
        allowed = [f for f in _fields_at(model, keys[:-1], data) if f != key]
        message = f"unknown key '{key}' in {path.rsplit('.', 1)[0]}"
        hint = (_other_kinds_key(model, keys) if len(keys) == 1 else None) or \
            _did_you_mean(str(key), allowed)
        where = _locate(data, keys, key_of_last=True)
    elif kind == "missing":
        parent, _, key = path.rpartition(".")
        message = f"{parent or label} needs '{key}'"
    elif kind == "union_tag_invalid":
        tag = err.get("ctx", {}).get("tag", "?")
        known = CHART_TYPES if "chart" in keys else DIAGRAM_TYPES
        message = f"{path}.type '{tag}' is not a known type"
        hint = _did_you_mean(str(tag), list(known), listing=True)
        where = _locate(data, [*keys, "type"])
    elif kind == "union_tag_not_found":
        message = f"{path} needs a 'type:'"
    elif kind.startswith("literal_error"):
        message = f"{path}: {err['msg'].replace('Input should be', 'expected')}"
        got = _value_at(data, keys)
        if isinstance(got, str):
            listed = err["ctx"]["expected"].replace(" or ", ",").split(",")
            expected = [s.strip(" '") for s in listed]
            hint = _did_you_mean(got, expected)
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        fields = _fields_at(model, keys, data, required_first=True)
        message = f"{path}: expected a mapping" + (
            f" with keys such as {', '.join(fields[:3])}" if fields else "")
    else:
        message = f"{path}: {_clean_msg(err['msg'])}"
        hint = (err.get("ctx") or {}).get("fix")  # a validator's own advice
        if kind == "string_type" and isinstance(_value_at(data, keys), (dict, list)):
            hint = "text that starts with '{' or '[' must be quoted, as in \"{title}\""
    problems.error(message, where, hint)


def _other_kinds_key(model: type[BaseModel], keys: list) -> str | None:
    """A slide key that only other kinds take (``reveal:`` on a quote slide) is no typo:
    say which kinds take it rather than guess at a near key."""
    kind = model.model_fields.get("kind")
    if kind is None or not issubclass(model, SlideBase):
        return None
    takers = [name for name, other in KINDS.items()
              if any((info.alias or f) == keys[0] for f, info in other.model_fields.items())]
    if not takers:
        return None
    listed = ", ".join(takers[:-1]) + " and " + takers[-1] if len(takers) > 1 else takers[0]
    return f"'{keys[0]}' is a key of {listed} slides; this is a {kind.default} slide"


def _scalar_hint(value: Any, otherwise: str | None = None) -> str | None:
    """What a newcomer probably meant by a bare word where a mapping belongs."""
    if not isinstance(value, str):
        return None
    if value.startswith("include "):
        return f"write 'include: {value[8:].strip()}'"
    if re.match(r"[A-Za-z_]+:\S", value):
        key, _, rest = value.partition(":")
        return f"put a space after the colon: '{key}: {rest}'"
    return otherwise


def _clean_msg(msg: str) -> str:
    msg = msg.replace("Input should be a valid string", "expected text")
    msg = msg.replace("Input should be a valid list", "expected a list")
    msg = msg.replace("Input should be a valid dictionary or instance of", "expected a mapping for")
    msg = msg.replace("Input should be", "expected")
    msg = re.sub(r"List should have at (least|most) 1 item after validation, not (\d+)",
                 r"needs at \1 1 item, got \2", msg)
    msg = re.sub(r"List should have at (least|most) (\d+) items after validation, not (\d+)",
                 r"needs at \1 \2 items, got \3", msg)
    return msg.removeprefix("Value error, ")


def _data_path(data: Any, loc: tuple) -> list:
    """Keep the loc parts that are real keys or indexes (drop union tags)."""
    keys: list = []
    node = data
    for part in loc:
        if _has(node, part):
            keys.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not _is_tag(part):
            keys.append(part)  # a missing or unknown key: point at its mapping
            node = None
    return keys


def _has(node: Any, part: Any) -> bool:
    if isinstance(node, dict):
        return isinstance(part, str) and part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def _is_tag(part: str) -> bool:
    """Names pydantic puts in an error path for a union member, not a key."""
    return part in (*CHART_TYPES, *DIAGRAM_TYPES, "sublist", "item", "float", "str") or (
        "[" in part
    )


def _locate(data: Any, keys: list, key_of_last: bool = False) -> Location:
    node, where = data, getattr(data, "loc", None)
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, PosDict) and key in node:
            where = node.where_key(key) if (last and key_of_last) else node.where(key)
            node = node[key]
        elif isinstance(node, PosList) and isinstance(key, int):
            where = node.where(key)
            node = node[key] if key < len(node) else None
        else:
            break
    return where


def _value_at(data: Any, keys: list) -> Any:
    for key in keys:
        try:
            data = data[key]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _fields_at(model: Any, keys: list, data: Any = None,
               required_first: bool = False) -> list[str]:
    """The keys allowed at a data path, found by walking the model's types."""
    tp: Any = model
    for key in keys:
        tp = _step(tp, key)
        if tp is None:
            return []
    candidates = _models_in(tp)
    tag = _value_at(data, [*keys, "type"]) if data is not None else None
    tagged = [m for m in candidates if "type" in m.model_fields
              and tag in typing.get_args(m.model_fields["type"].annotation)]
    if required_first:  # in the order the model declares them, the required ones first
        fields = [(not info.is_required(), i, info.alias or f) for m in tagged or candidates
                  for i, (f, info) in enumerate(m.model_fields.items())]
        return list(dict.fromkeys(f for *_, f in sorted(fields)))
    return sorted({info.alias or f for m in tagged or candidates
                   for f, info in m.model_fields.items()})


def _step(tp: Any, key: Any) -> Any:
    for member in _members(tp):
        if isinstance(member, type) and issubclass(member, BaseModel):
            if isinstance(key, str) and key in member.model_fields:
                return member.model_fields[key].annotation
        elif typing.get_origin(member) is list and isinstance(key, int):
            return typing.get_args(member)[0]
    return None


def _members(tp: Any) -> list:
    """Flatten Annotated, Optional, Union and forward references into plain types."""
    if isinstance(tp, (typing.ForwardRef, str)):
        from deckgen.model.slides import Bullet

        return _members(Bullet)
    if hasattr(tp, "__value__"):  # a recursive TypeAliasType
        return _members(tp.__value__)
    if typing.get_origin(tp) is typing.Annotated:
        return _members(typing.get_args(tp)[0])
    if typing.get_origin(tp) is Union:
        return [m for arg in typing.get_args(tp) for m in _members(arg)]
    return [tp]


def _models_in(tp: Any) -> list[type[BaseModel]]:
    return [m for m in _members(tp) if isinstance(m, type) and issubclass(m, BaseModel)]


def _did_you_mean(word: str, choices: list[str], listing: bool = False) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    if listing and choices:
        return "known: " + ", ".join(choices)
    if choices:
        return "allowed here: " + ", ".join(choices)
    return None
