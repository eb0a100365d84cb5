"""Load stage: YAML files into plain data that remembers where it came from.

Mappings become :class:`PosDict` and sequences :class:`PosList`; both record
the :class:`Location` of themselves, of their keys and of their values, so any
later stage can point at the line that caused a problem.

Scalars are *not* given YAML 1.1's implicit types: ``NO`` stays the text
``NO`` and ``010`` stays ``010``.  Unquoted scalars become :class:`Plain`
strings so the model can turn them into numbers or booleans only where it
expects one (and refuse ambiguous spellings there).  Only ``null``, ``~`` and
an empty value mean "nothing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from deckgen.errors import DeckError, Location, Problems, display_path
from deckgen.paths import resolve_inside

MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 500_000
NULLS = frozenset({"", "~", "null", "Null", "NULL"})
ALLOWED_TAGS = frozenset(
    {
        "tag:yaml.org,2002:str",
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    }
)
# Characters XML 1.0 cannot hold; python-pptx would write them as _xHHHH_ junk.
BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Plain(str):
    """An unquoted YAML scalar, kept exactly as written."""

    __slots__ = ()


class PosDict(dict):
    """A mapping that knows where it and each of its entries stand."""

    loc: Location
    key_locs: dict[str, Location]
    value_locs: dict[str, Location]

    def where(self, key: str | None = None) -> Location:
        if key is None:
            return self.loc
        return self.value_locs.get(key) or self.key_locs.get(key) or self.loc

    def where_key(self, key: str) -> Location:
        return self.key_locs.get(key) or self.loc


class PosList(list):
    """A sequence that knows where it and each of its items stand."""

    loc: Location
    item_locs: list[Location]

    def where(self, index: int | None = None) -> Location:
        if index is None or not 0 <= index < len(self.item_locs):
            return self.loc
        return self.item_locs[index]


@dataclass
class Source:
    """What the load stage hands on: the deck data and where it came from."""

    path: Path
    root: Path
    data: PosDict
    files: list[Path] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)


class _Loader(Reader, Scanner, Parser, Composer, BaseResolver):
    """PyYAML's pure composer with a nesting limit.

    The pure-Python composer recurses once per nesting level and dies with a
    ``RecursionError`` near 600 levels; stopping at :data:`MAX_DEPTH` turns a
    hostile file into an ordinary located error.
    """

    def __init__(self, text: str):
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        BaseResolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # noqa: D102
        self.depth += 1
        if self.depth > MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem=f"nesting deeper than {MAX_DEPTH} levels", problem_mark=mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # Every untagged scalar is text here; the model decides what it means.
        if kind is ScalarNode:
            return "tag:yaml.org,2002:str"
        if kind is SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


def read_text(path: Path, problems: Problems) -> str:
    """Read a UTF-8 file (a BOM is fine), refusing huge or undecodable files."""
    name = display_path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckError(
                f"file is {size / 1048576:.1f} MiB; deckgen reads YAML files of at most "
                f"{MAX_FILE_BYTES // 1048576} MiB",
                Location(name),
            )
        raw = path.read_bytes()
    except IsADirectoryError:
        raise DeckError("is a folder, not a YAML file", Location(name)) from None
    except FileNotFoundError:
        raise DeckError("file not found", Location(name)) from None
    except OSError as exc:
        raise DeckError(f"cannot read file: {exc.strerror}", Location(name)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DeckError(
            f"not valid UTF-8: byte 0x{raw[exc.start]:02x} at offset {exc.start}",
            Location(name, line, col),
            hint="save the file as UTF-8",
        ) from None
    return _strip_bad_chars(text, name, problems)


def _strip_bad_chars(text: str, name: str, problems: Problems) -> str:
    """Remove characters XML cannot hold, warning at each line that had one."""
    if not BAD_CHARS.search(text):
        return text
    for match in BAD_CHARS.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        problems.warning(
            f"removed control character U+{ord(match.group()):04X} that a slide cannot hold",
            Location(name, line, col),
        )
    return BAD_CHARS.sub("", text)


def parse_yaml(path: Path, problems: Problems) -> Any:
    """Parse one YAML file into Pos* data; raises DeckError with a location."""
    text = read_text(path, problems)
    name = display_path(path)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise DeckError("file is empty", Location(name, 1, 1), hint="a deck starts with 'deck:'")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(name, mark.line + 1, mark.column + 1) if mark else Location(name)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise DeckError(f"YAML syntax: {message}", where, hint=_yaml_hint(message)) from None
    except yaml.YAMLError as exc:
        raise DeckError(f"YAML: {exc}", Location(name)) from None
    finally:
        loader.dispose()
    return _Builder(name, problems).build(node)


def _yaml_hint(message: str) -> str | None:
    if "expected a single document" in message:
        return "a deck file holds one YAML document; remove the '---' line"
    if "found character '\\t'" in message or "\\t" in message:
        return "YAML indents with spaces, not tabs"
    if "unknown escape character" in message:
        return ("in double-quoted text write a backslash as \\\\ (so \\* is \\\\*),"
                " or use single quotes")
    if "mapping values are not allowed" in message:
        return "quote text that contains ': '"
    return None


class _Builder:
    """Turns composed nodes into Pos* data, with safety limits."""

    def __init__(self, name: str, problems: Problems):
        self.name = name
        self.problems = problems
        self.count = 0

    def loc(self, node: Node) -> Location:
        return Location(self.name, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise DeckError(
                f"the document expands to more than {MAX_VALUES:,} values",
                self.loc(node),
                hint="anchors and aliases that repeat each other (an 'alias bomb') are refused",
            )
        if node.tag not in ALLOWED_TAGS:
            raise DeckError(
                f"the tag {node.tag} is not allowed",
                self.loc(node),
                hint="deckgen loads plain YAML only: remove the tag",
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            out = PosList(self.build(item) for item in node.value)
            out.loc = self.loc(node)
            out.item_locs = [self.loc(item) for item in node.value]
            return out
        return self.mapping(node)

    def scalar(self, node: ScalarNode) -> Any:
        value = node.value
        if BAD_CHARS.search(value):
            self.problems.warning(
                "removed control characters that a slide cannot hold", self.loc(node)
            )
            value = BAD_CHARS.sub("", value)
        explicit = node.tag != "tag:yaml.org,2002:str" or node.style is not None
        if node.style is None and value in NULLS:
            return None
        if node.tag == "tag:yaml.org,2002:null":
            return None
        if explicit and node.tag == "tag:yaml.org,2002:str":
            return str(value)
        return Plain(value)

    def mapping(self, node: MappingNode) -> PosDict:
        out = PosDict()
        out.loc = self.loc(node)
        out.key_locs = {}
        out.value_locs = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or (
                    isinstance(key_node, ScalarNode) and key_node.value == "<<"
                    and key_node.style is None):
                raise DeckError("merge keys ('<<') are not supported", self.loc(key_node))
            key = self.build(key_node)
            if not isinstance(key, str):
                raise DeckError("a key must be text", self.loc(key_node))
            key = str(key)
            if key in out:
                first = out.key_locs[key]
                raise DeckError(
                    f"duplicate key '{key}' (first at line {first.line})",
                    self.loc(key_node),
                    hint="YAML would silently keep only the last one; remove one of them",
                )
            out[key] = self.build(value_node)
            out.key_locs[key] = self.loc(key_node)
            out.value_locs[key] = self.loc(value_node)
        return out


def load_deck(path: Path, allow_outside: list[Path] | None = None) -> Source:
    """Read a deck file and every file it includes, in order."""
    path = Path(path)
    problems = Problems()
    data = parse_yaml(path, problems)
    name = display_path(path)
    if not isinstance(data, PosDict):
        raise DeckError(
            "a deck file must be a mapping with 'deck:' and 'slides:'",
            getattr(data, "loc", Location(name, 1, 1)),
        )
    root = Path(path).resolve().parent
    source = Source(path=path, root=root, data=data, files=[path.resolve()], problems=problems)
    roots = [root, *[Path(p).resolve() for p in (allow_outside or [])]]
    slides = data.get("slides")
    if isinstance(slides, PosList):
        data["slides"] = _expand(slides, path.resolve(), roots, source, [path.resolve()])
    return source


def _expand(
    slides: PosList, current: Path, roots: list[Path], source: Source, stack: list[Path]
) -> PosList:
    """Replace ``- include: FILE`` items with the slides of FILE, recursively."""
    out = PosList()
    out.loc = slides.loc
    out.item_locs = []
    for index, item in enumerate(slides):
        if not (isinstance(item, PosDict) and "include" in item):
            out.append(item)
            out.item_locs.append(slides.where(index))
            continue
        for sub, where in _include(item, current, roots, source, stack):
            out.append(sub)
            out.item_locs.append(where)
    return out


def _include(
    item: PosDict, current: Path, roots: list[Path], source: Source, stack: list[Path]
) -> list[tuple[Any, Location]]:
    where = item.where("include")
    extra = [k for k in item if k != "include"]
    if extra:
        raise DeckError(
            f"an include item takes no other keys (found '{extra[0]}')", item.where_key(extra[0])
        )
    written = item["include"]
    if not isinstance(written, str):
        raise DeckError("include: expects a file path", where)
    target = resolve_inside(str(written), current.parent, roots, where, "include")
    if target in stack:
        chain = " -> ".join(display_path(p) for p in [*stack[stack.index(target):], target])
        raise DeckError(f"include cycle: {chain}", where)
    if target.suffix.lower() not in (".yaml", ".yml"):
        raise DeckError(
            f"include '{written}' is not a YAML file (.yaml or .yml)", where
        )
    data = parse_yaml(target, source.problems)
    source.files.append(target)
    if isinstance(data, PosDict) and set(data) == {"slides"}:
        data = data["slides"]
    if not isinstance(data, PosList):
        raise DeckError(
            f"included file '{written}' must hold a list of slides, or a mapping with 'slides:'",
            getattr(data, "loc", Location(display_path(target), 1, 1)),
        )
    expanded = _expand(data, target, roots, source, [*stack, target])
    return list(zip(expanded, expanded.item_locs, strict=True))
