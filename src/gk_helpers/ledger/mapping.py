"""An office's own names for the contract's columns and values: ``台账映射.yaml`` beside the ledgers.

Shape (ledger kind, i.e. sheet or CSV name → column renames and value renames; and the
years the ledgers cover, see ``coverage``)::

    覆盖年度: [2023, 2024]
    依申请公开:
      列:
        来件日期: 收到日期
        答复形式: 办理结果
      值:
        办理结果:
          不存在: 无法提供-本机关不掌握相关政府信息

Names compare by ``vocabulary.fold``. A mapping entry wins over the built-in synonyms and
may settle an ambiguous value (不予公开 → the office's usual reason). Every mistake in the
file is a ``Problem`` naming its line; a bad entry is reported alone and the valid entries
still apply. A key written twice at one level (YAML would silently keep the later one) is
a problem naming both lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..base.errors import ParamsError, Problem
from ..base.bounds import MAX_PARAMS_BYTES, BoundedLoader, parse_yaml, read_limited
from .schema import KIND_BY_NAME, LedgerKind, per_year_kind
from .vocabulary import fold, suggest

MAPPING_NAME = "台账映射.yaml"
COLUMNS_KEY = "列"
VALUES_KEY = "值"
#: The top-level key that lists the years the ledgers cover (even a year without any record).
YEARS_KEY = "覆盖年度"
_EXAMPLE = "依申请公开: {列: {来件日期: 收到日期}, 值: {办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}}}"
_YEARS_EXAMPLE = f"{YEARS_KEY}: [2023, 2024]"
#: The years a declaration may name.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass
class KindMapping:
    """One kind's renames: folded office header → contract header; contract header → folded value → contract value."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Mapping:
    """The office's mapping file, by ledger kind name; empty when there is no file."""

    kinds: dict[str, KindMapping] = field(default_factory=dict)
    #: the years ``覆盖年度`` declares, each with the line it is written on
    years: dict[int, int] = field(default_factory=dict)
    #: the file could not be read at all (not YAML, too large …): nothing in it applies
    unusable: bool = False

    @property
    def entries(self) -> int:
        """How many column and value renames the file holds."""
        return sum(len(k.columns) + sum(len(v) for v in k.values.values()) for k in self.kinds.values())

    def for_kind(self, kind: LedgerKind) -> KindMapping:
        """The renames of one kind (none when the file does not mention it)."""
        return self.kinds.get(kind.name, KindMapping())


def _problem(message: str, line: int = 0, value: str = "", rule: str = "台账映射有误") -> Problem:
    return Problem(MAPPING_NAME, "", line, "", value, rule, message)


#: What the mapping file is called in messages (the same bounds and wording as a params file's).
MAPPING_KIND = "台账映射文件"


class _LineLoader(BoundedLoader):
    """The params files' bounded loader (no anchors, aliases or tags) that remembers the line of every mapping key."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False):
    pairs = []
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        pairs.append((_Key(str(key), key_node.start_mark.line + 1), loader.construct_object(value_node, deep=True)))
    return pairs


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Key(str):
    """A mapping key with its line number."""

    def __new__(cls, text: str, line: int):
        obj = super().__new__(cls, text)
        obj.line = line
        return obj


def load_mapping(folder: Path, refer=None) -> tuple[Mapping, list[Problem]]:
    """The mapping file of a ledger folder (an empty mapping when there is none) and its problems.

    Every valid entry applies even when others are wrong; a file that cannot be read at all is
    one problem and an ``unusable`` mapping. ``refer(name, values)`` is told of each enumeration
    a message measured a value against (``advice.Advice.refer``: the values are listed once).
    """
    refer = refer or (lambda name, values: None)
    path = Path(folder) / MAPPING_NAME
    if not path.is_file() or not path.resolve().is_relative_to(Path(folder).resolve()):
        return Mapping(), []  # absent, or a link out of the folder (the folder scan reports that)
    unusable = Mapping(unusable=True)
    try:
        text = read_limited(path, MAX_PARAMS_BYTES, MAPPING_KIND, path, MAPPING_KIND).decode("utf-8-sig")
        data = parse_yaml(text, path, _LineLoader, MAPPING_KIND)
    except ParamsError as exc:  # too large, unreadable, an anchor or alias, a tag: the params files' messages
        return unusable, [_problem(str(exc), getattr(exc, "line", 0))]
    except UnicodeDecodeError:
        return unusable, [_problem("文件不是 UTF-8 编码。请用记事本等编辑器“另存为”UTF-8。")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return unusable, [_problem(f"不是有效的 YAML（请检查缩进和冒号）。写法示例：{_EXAMPLE}", mark.line + 1 if mark else 0)]
    if data is None:
        return Mapping(), []
    if not isinstance(data, list):
        return unusable, [_problem(f"应为“台账类别: {{列: …, 值: …}}”的形式。写法示例：{_EXAMPLE}")]
    problems: list[Problem] = []
    mapping = Mapping()
    first: dict[str, _Key] = {}  # kind name (or 覆盖年度) → the key it was first written under
    for key, entry in data:
        if fold(key) == fold(YEARS_KEY):
            kind, name = None, YEARS_KEY
        else:
            kind = _kind(key, problems)
            if kind is None:
                continue
            name = kind.name
        if name in first:  # YAML would keep only the later one; both apply here, and the repeat is a problem
            problems.append(_duplicate(key, first[name]))
        first.setdefault(name, key)
        if kind is None:
            mapping.years.update(_years(key, entry, problems))
        else:
            _kind_mapping(kind, key, entry, problems, refer, mapping.kinds.setdefault(kind.name, KindMapping()))
    return mapping, problems


def _duplicate(key: _Key, first: _Key, leaf: bool = False) -> Problem:
    """A key written again at one level: both lines, and how to make it one (merge a block; keep one line of a rename)."""
    same = f"「{key}」" if fold(key) == fold(first) else f"「{first}」和「{key}」是同一类台账，"
    fix = ("请只保留其中正确的一行。" if leaf else
           f"请把第{key.line}行下的内容并入第{first.line}行的「{first}」下，再删去第{key.line}行。")
    return _problem(f"{same}写了两次（第{first.line}行、第{key.line}行）：同一层中一个键只能写一次，否则只有后写的一处有效。{fix}",
                    key.line, str(key), "台账映射重复")


def _unique(pairs: list, problems: list[Problem], merge: bool) -> list:
    """The (key, value) pairs of one level; a key written again is a problem, and its value is kept
    (``merge``: the caller combines both, as the office meant) or dropped (the first one holds)."""
    seen: dict[str, _Key] = {}
    kept = []
    for key, value in pairs:
        if fold(key) in seen:
            problems.append(_duplicate(key, seen[fold(key)], leaf=not merge))
            if not merge:
                continue
        seen.setdefault(fold(key), key)
        kept.append((key, value))
    return kept


def _years(key: _Key, value, problems: list[Problem]) -> dict[int, int]:
    """The years of ``覆盖年度``: a year, a list of years, or spans such as 2019-2024."""
    items = value if isinstance(value, list) and not _is_pairs(value) else [value]
    years: dict[int, int] = {}
    for item in items:
        span = _span(item)
        if span is None:
            problems.append(_problem(f"「{YEARS_KEY}」中的「{_text(item)}」不是年度：应写四位数年份（{FIRST_YEAR}–{LAST_YEAR}），"
                                     f"如 {_YEARS_EXAMPLE} 或 {YEARS_KEY}: 2019-2024。", key.line, _text(item)))
            continue
        years.update(dict.fromkeys(span, key.line))
    return years


def _is_pairs(value) -> bool:
    return bool(value) and all(isinstance(p, tuple) and len(p) == 2 for p in value)


def _text(value) -> str:
    if isinstance(value, list) and _is_pairs(value):
        return "、".join(f"{k}: {v}" for k, v in value)
    return "" if value is None else str(value)


def _span(item) -> range | None:
    """A year (2023) or a span of years (2019-2024, 2019–2024, 2019至2024) as a range; None when it is neither."""
    if isinstance(item, bool):
        return None
    text = fold(item) if isinstance(item, str) else str(item)
    for sep in ("至", "到"):
        text = text.replace(sep, "")
    if isinstance(item, int):
        first = last = item
    elif isinstance(item, str) and len(text) == 8 and text.isdigit():  # 2019-2024 folds to 20192024
        first, last = int(text[:4]), int(text[4:])
    elif isinstance(item, str) and len(text) == 4 and text.isdigit():
        first = last = int(text)
    else:
        return None
    if not FIRST_YEAR <= first <= last <= LAST_YEAR:
        return None
    return range(first, last + 1)


def _kind(key: _Key, problems: list[Problem]) -> LedgerKind | None:
    for name, kind in KIND_BY_NAME.items():
        if fold(name) == fold(key):
            return kind
    if per_year_kind(key) is not None:  # 依申请公开2023: the mapping is the kind's, for all its sheets
        return per_year_kind(key)
    hint = _did_you_mean(suggest(key, [*KIND_BY_NAME, YEARS_KEY]))
    problems.append(_problem(f"「{key}」不是台账类别。{hint}台账类别：{'、'.join(KIND_BY_NAME)}"
                             f"（另可写「{YEARS_KEY}」）。", key.line, key))
    return None


def _did_you_mean(choices: list[str]) -> str:
    return f"您是否指：{'、'.join(f'「{c}」' for c in choices)}？" if choices else ""


def _pairs(value, what: str, line: int, problems: list[Problem], merge: bool = False) -> list:
    """The ``原名: 规定名`` pairs of one level (a repeated key is a problem), or a problem when it is not such a level."""
    if value is None:
        return []
    if isinstance(value, list) and _is_pairs(value):
        return _unique(value, problems, merge)
    problems.append(_problem(f"{what}下应为“原名: 规定名”的若干行。写法示例：{_EXAMPLE}", line))
    return []


def _kind_mapping(kind: LedgerKind, key: _Key, entry, problems: list[Problem], refer, result: KindMapping) -> None:
    """Add the renames written under ``key`` to ``result``."""
    for part, body in _pairs(entry, f"「{key}」", key.line, problems, merge=True):
        if part == COLUMNS_KEY:
            _columns(kind, part, body, result, problems)
        elif part == VALUES_KEY:
            _values(kind, part, body, result, problems, refer)
        else:
            problems.append(_problem(f"「{key}」下只能有「{COLUMNS_KEY}」（列名对照）和「{VALUES_KEY}」（取值对照），不能有「{part}」。",
                                     part.line, part))


def _columns(kind: LedgerKind, part: _Key, body, result: KindMapping, problems: list[Problem]) -> None:
    headers = {fold(c.header): c.header for c in kind.columns}
    for seen, meant in _pairs(body, f"「{kind.name}」的「{COLUMNS_KEY}」", part.line, problems):
        header = headers.get(fold(meant))
        if header is None:
            hint = _did_you_mean(suggest(str(meant), headers.values()))
            problems.append(_problem(f"「{seen}: {meant}」中的「{meant}」不是{kind.name}台账的列。{hint}"
                                     f"规定的列：{'、'.join(headers.values())}。", seen.line, str(meant)))
            continue
        result.columns[fold(seen)] = header


def _values(kind: LedgerKind, part: _Key, body, result: KindMapping, problems: list[Problem], refer) -> None:
    enums = {fold(c.header): c for c in kind.columns if c.enum is not None}
    for column_name, renames in _pairs(body, f"「{kind.name}」的「{VALUES_KEY}」", part.line, problems, merge=True):
        column = enums.get(fold(column_name))
        if column is None:
            names = "、".join(c.header for c in enums.values()) or "（无）"
            problems.append(_problem(f"「{column_name}」不是{kind.name}台账中取值固定的列，无法对照取值。可以对照取值的列：{names}。",
                                     column_name.line, column_name))
            continue
        lookup = column.enum.lookup()
        table = result.values.setdefault(column.header, {})
        for seen, meant in _pairs(renames, f"「{column_name}」", column_name.line, problems):
            value = lookup.get(fold(meant))
            if not isinstance(value, str):
                hint = _did_you_mean(suggest(str(meant), column.enum.values))
                refer(column.enum.name, column.enum.values)
                problems.append(_problem(f"「{seen}: {meant}」中的「{meant}」不是允许的{column.enum.name}。{hint}"
                                         f"请改为允许的{column.enum.name}（见文末）。", seen.line, str(meant)))
                continue
            table[fold(seen)] = value
