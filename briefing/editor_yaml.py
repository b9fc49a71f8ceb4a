"""The one reading of YAML that editors write (seed metadata, memory, glossary, curation,
worksheets, briefing.yml).

Plain scalars stay text: YAML 1.1 would turn an English ``No`` into ``False``, ``1.50`` into
``1.5`` and ``2025-02-30`` into a crash; here only an empty value (or ``~``/``null``) is read as
"nothing" and everything else is the text the editor typed. Mappings remember their line, so a
problem found after loading still names file and line. libyaml does the parsing when present.

Nothing an editor file holds can exhaust the machine: a file is read only when it is a regular
file, at most `MAX_EDITOR_BYTES` (briefing.input_files); aliases (``*name``) may repeat at most
`MAX_ALIAS_VALUES` values in all (a "billion laughs" document expands to 10⁹), none may contain
itself (``&e [*e]``), and values nest at most `MAX_DEPTH` deep. Each refusal names file and line.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from functools import lru_cache
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from briefing.errors import BriefingError, InputError, ValidationError
from briefing.input_files import MAX_EDITOR_BYTES, read_input

# Bounds on what one document may make of its text. An editor may anchor a block and repeat it a
# few times; nobody writes a thousand repetitions or nests a hundred levels by hand.
MAX_ALIAS_VALUES = 1000  # values (scalars, lists, mappings) repeated through aliases, in all
MAX_DEPTH = 100  # lists and mappings inside each other


class LineDict(dict[str | None, Any]):
    """A mapping read from YAML that knows its line and each key's line (for messages)."""

    __slots__ = ("node",)

    def __init__(self, *args: Any, node: yaml.MappingNode | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.node = node  # kept, not converted: lines are looked up only when a problem is found

    @property
    def line(self) -> int:
        """1-based line the mapping starts on (0 when unknown)."""
        return self.node.start_mark.line + 1 if self.node is not None else 0

    def key_line(self, key: str) -> int:
        """1-based line of `key` (else of the mapping)."""
        if self.node is not None:
            for key_node, _ in self.node.value:
                if key_node.value == key:
                    mark: yaml.Mark = key_node.start_mark
                    return mark.line + 1
        return self.line


try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class TextLoader(_Loader):
    """libyaml's parser and composer where only 'nothing' is implicit: every other plain scalar
    is tagged as text (`load_text` turns the nodes into data itself)."""

    # own table: no bool, int, float or timestamp resolvers
    yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        """The tag of a node: 'nothing' for a plain ~, null or empty scalar, else the default.
        libyaml asks this for every scalar (16 per memory entry), so it is one set lookup
        instead of PyYAML's table walk."""
        if kind is yaml.ScalarNode and implicit[0]:
            return _NULL if value in _NOTHING else self.DEFAULT_SCALAR_TAG
        # PyYAML's stubs leave resolve unannotated
        return str(super().resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


_NULL = "tag:yaml.org,2002:null"
_NOTHING = frozenset({"~", "null", "Null", "NULL", ""})  # YAML's plain words for 'nothing'


def line_of(value: object, key: str | None = None) -> int:
    """The line of a mapping read by `load_text`, or of one of its keys (0 when unknown)."""
    if isinstance(value, LineDict):
        return value.key_line(key) if key is not None else value.line
    return 0


def yaml_line(exc: yaml.YAMLError) -> int | None:
    """1-based line of a YAML error, when PyYAML knows it."""
    mark = exc.problem_mark if isinstance(exc, yaml.MarkedYAMLError) else None
    return mark.line + 1 if mark is not None else None


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What PyYAML says is wrong, without its position."""
    problem = exc.problem if isinstance(exc, yaml.MarkedYAMLError) else None
    return problem or str(exc).splitlines()[0]


def load_text(text: str, path: Path | str, *, what: str = "not valid YAML",
              hint: str = "fix the YAML at that line", cls: type[BriefingError] = InputError) -> Any:
    """Parse editor YAML with text scalars; a syntax error names file and line."""
    try:
        root = compose_text(text)
        return None if root is None else _value(root)
    except yaml.YAMLError as exc:
        raise cls(f"{what}: {yaml_problem(exc)}", path=path, line=yaml_line(exc), hint=hint) from None


def _value(node: yaml.Node) -> Any:
    """Python data from a composed node: text, None, lists and `LineDict`s. Walking the nodes
    directly costs a third of PyYAML's constructor, and an explicit tag (!!int) stays text."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL else node.value
    if isinstance(node, yaml.SequenceNode):
        return [_value(item) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    data = LineDict(node=node)
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise ConstructorError(None, None, "found unhashable key (a list or mapping as a key)",
                                   key_node.start_mark)
        key = None if key_node.tag == _NULL else key_node.value
        if key in data:  # PyYAML would keep the last of two equal keys silently
            raise ConstructorError(None, None, f"key '{key}' appears twice; keep one",
                                   key_node.start_mark)
        data[key] = _value(value_node)
    return data


class BoundsError(ComposerError):
    """A document within YAML's syntax that would expand or nest beyond our bounds."""


def compose_text(text: str) -> yaml.Node | None:
    """The node tree of editor YAML (values with their lines), checked against the bounds above
    (see `check_bounds`); raises `yaml.YAMLError` (a `BoundsError` for a bound)."""
    root = yaml.compose(text, Loader=TextLoader)
    if root is not None:
        if "&" in text and "*" in text:  # an alias needs both an anchor and a reference
            check_bounds(root)
        else:
            check_depth(root)
    return root


def check_bounds(root: yaml.Node) -> None:
    """Raise `BoundsError` (with the line) when the tree under `root` nests deeper than
    `MAX_DEPTH`, holds an alias to a value that contains it (a loop), or repeats more than
    `MAX_ALIAS_VALUES` values through aliases. PyYAML's composer returns an alias as the very
    node it names, so an alias is a node reached a second time; each node's size (counting what
    its own aliases repeat) is worked out once, so the check costs one visit per node written.
    Iterative: a deep document cannot overflow Python's stack here."""
    sizes: dict[int, int] = {}  # node id -> values it stands for, aliases expanded
    open_ids: set[int] = set()  # nodes whose children are being visited (a loop returns to one)
    repeated = 0
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:  # every child has its size: this node's is theirs plus one
            open_ids.discard(key)
            sizes[key] = 1 + sum(sizes[id(c)] for c in _children(node))
            continue
        if key in open_ids:
            raise BoundsError(None, None, "an alias refers to a value that contains it (a loop, as in "
                              "'&a [*a]'); write the value out", node.start_mark)
        if key in sizes:  # reached again: an alias repeating this whole value
            repeated += sizes[key]
            if repeated > MAX_ALIAS_VALUES:
                raise BoundsError(None, None, f"aliases repeat more than {MAX_ALIAS_VALUES} values in "
                                  "all (this line holds one of the values they repeat); write the "
                                  "values out, or repeat fewer", node.start_mark)
            continue
        children = _children(node)
        if not children:
            sizes[key] = 1
            continue
        if depth > MAX_DEPTH:
            raise BoundsError(None, None, f"values are nested more than {MAX_DEPTH} deep",
                              node.start_mark)
        open_ids.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in children)


def check_depth(root: yaml.Node) -> None:
    """`check_bounds` for a document without aliases (a tree): the depth alone, level by level,
    looking at lists and mappings only (most nodes are scalars)."""
    level, depth = [root], 1
    while level:
        if depth > MAX_DEPTH:
            raise BoundsError(None, None, f"values are nested more than {MAX_DEPTH} deep",
                              level[0].start_mark)
        level = [c for node in level for c in _children(node) if not isinstance(c, yaml.ScalarNode)]
        depth += 1


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def read_text_file(path: Path, *, what: str = "file", cls: type[BriefingError] = InputError,
                   limit: int = MAX_EDITOR_BYTES, within: Path | None = None, confine: bool = True) -> str:
    """A UTF-8 editor file's text, read as `read_input` reads (a regular file, at most `limit`
    bytes, inside the project or `within` unless `confine` is off: a file the user named);
    undecodable or unreadable files are user errors."""
    raw = read_input(path, what=what, cls=cls, limit=limit, within=within, confine=confine)
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise cls(f"{what} is not UTF-8 text (bad byte at offset {exc.start})", path=path,
                  hint="save it as UTF-8 (e.g. iconv -f GB18030 -t UTF-8)") from None


def read_yaml(path: Path, *, what: str = "file", hint: str = "fix the YAML at that line",
              cls: type[BriefingError] = InputError, within: Path | None = None) -> Any:
    """Read and parse one editor YAML file (text scalars); errors name file and line."""
    return load_text(read_text_file(path, what=what, cls=cls, within=within), path,
                     what=f"{what} is not valid YAML", hint=hint, cls=cls)


def as_text(value: object) -> str:
    """A scalar read by `load_text` as text: nothing → ''."""
    return "" if value is None else str(value)


_DATE_FORMS = {"day": ("%Y-%m-%d", r"\d{4}-\d{2}-\d{2}", "YYYY-MM-DD, e.g. 2025-01-28"),
               "month": ("%Y-%m", r"\d{4}-\d{2}", "YYYY-MM, e.g. 2025-01"),
               "year": ("%Y", r"\d{4}", "YYYY, e.g. 2025")}


@lru_cache(maxsize=4096)  # a memory repeats a few dates thousands of times
def date_problem(value: str, precision: str = "day") -> str | None:
    """Why `value` is not a real date of `precision` (None when it is)."""
    fmt, pattern, form = _DATE_FORMS[precision]
    if not re.fullmatch(pattern, value):
        return f"'{value}' is not a {precision} date; write {form}"
    try:
        dt.datetime.strptime(value, fmt)
    except ValueError:
        return f"'{value}' is not a real date (no such day or month); write {form}"
    return None


def where(path: Path | str, line: int = 0, field: str = "") -> str:
    """'path:line: field: ' — how every problem line starts."""
    head = f"{path}:{line}: " if line else f"{path}: "
    return head + (f"{field}: " if field else "")


def collect(problems: list[str], exc: BriefingError) -> None:
    """Add the problems of `exc` (one, or each of a `ValidationError`) to `problems`."""
    if isinstance(exc, ValidationError):
        problems.extend(exc.problems)
    else:
        problems.append(str(exc))


def raise_problems(problems: list[str], summary: str, *, hint: str | None = None) -> None:
    """Raise every problem at once: one as itself, several as a list (nothing when empty)."""
    if len(problems) == 1:  # a problem that says what to do already keeps its own advice
        raise InputError(problems[0], hint=None if "\n  → " in problems[0] else hint)
    if problems:
        raise ValidationError(problems, summary=summary, hint=hint)
