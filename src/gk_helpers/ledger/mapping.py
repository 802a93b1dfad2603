"""An office's own names for the contract's columns and values: ``台账映射.yaml`` beside the ledgers.

Shape (ledger kind, i.e. sheet or CSV name → column renames and value renames)::

    依申请公开:
      列:
        来件日期: 收到日期
        答复形式: 办理结果
      值:
        办理结果:
          不存在: 无法提供-本机关不掌握相关政府信息

Names compare by ``vocabulary.fold``. A mapping entry wins over the built-in synonyms and
may settle an ambiguous value (不予公开 → the office's usual reason). Every mistake in the
file is a ``Problem`` naming its line where known.
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
_EXAMPLE = "依申请公开: {列: {来件日期: 收到日期}, 值: {办理结果: {不存在: 无法提供-本机关不掌握相关政府信息}}}"


@dataclass
class KindMapping:
    """One kind's renames: folded office header → contract header; contract header → folded value → contract value."""

    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass
class Mapping:
    """The office's mapping file, by ledger kind name; empty when there is no file."""

    kinds: dict[str, KindMapping] = field(default_factory=dict)

    @property
    def entries(self) -> int:
        """How many column and value renames the file holds."""
        return sum(len(k.columns) + sum(len(v) for v in k.values.values()) for k in self.kinds.values())

    def for_kind(self, kind: LedgerKind) -> KindMapping:
        """The renames of one kind (none when the file does not mention it)."""
        return self.kinds.get(kind.name, KindMapping())


def mapping_line(kind: str, part: str, seen: str, meant: str = "") -> str:
    """The one YAML line that maps ``seen`` (a header, or a value of column ``part``) in the mapping file."""
    target = meant or "<规定的名称>"
    if part == COLUMNS_KEY:
        return f"{kind}: {{{COLUMNS_KEY}: {{{_yaml_text(seen)}: {_yaml_text(target)}}}}}"
    return f"{kind}: {{{VALUES_KEY}: {{{part}: {{{_yaml_text(seen)}: {_yaml_text(target)}}}}}}}"


def _yaml_text(text: str) -> str:
    """A flow-style YAML scalar: quoted when plain style would change its meaning."""
    plain = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=1000).removesuffix("\n...\n").strip()
    if any(ch in text for ch in ",{}[]:#") and not plain.startswith(("'", '"')):
        return "'" + text.replace("'", "''") + "'"
    return plain


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


def load_mapping(folder: Path) -> Mapping | list[Problem]:
    """The mapping file of a ledger folder (an empty mapping when there is none), or its problems."""
    path = Path(folder) / MAPPING_NAME
    if not path.is_file():
        return Mapping()
    try:
        text = read_limited(path, MAX_PARAMS_BYTES, MAPPING_KIND, path, MAPPING_KIND).decode("utf-8-sig")
        data = parse_yaml(text, path, _LineLoader, MAPPING_KIND)
    except ParamsError as exc:  # too large, unreadable, an anchor or alias, a tag: the params files' messages
        return [_problem(str(exc), getattr(exc, "line", 0))]
    except UnicodeDecodeError:
        return [_problem("文件不是 UTF-8 编码。请用记事本等编辑器“另存为”UTF-8。")]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [_problem(f"不是有效的 YAML（请检查缩进和冒号）。写法示例：{_EXAMPLE}", mark.line + 1 if mark else 0)]
    if data is None:
        return Mapping()
    if not isinstance(data, list):
        return [_problem(f"应为“台账类别: {{列: …, 值: …}}”的形式。写法示例：{_EXAMPLE}")]
    problems: list[Problem] = []
    mapping = Mapping()
    for key, entry in data:
        kind = _kind(key, problems)
        if kind is not None:
            mapping.kinds[kind.name] = _kind_mapping(kind, key, entry, problems)
    return problems or mapping


def _kind(key: _Key, problems: list[Problem]) -> LedgerKind | None:
    for name, kind in KIND_BY_NAME.items():
        if fold(name) == fold(key):
            return kind
    if per_year_kind(key) is not None:  # 依申请公开2023: the mapping is the kind's, for all its sheets
        return per_year_kind(key)
    hint = _did_you_mean(suggest(key, KIND_BY_NAME))
    problems.append(_problem(f"「{key}」不是台账类别。{hint}台账类别：{'、'.join(KIND_BY_NAME)}。", key.line, key))
    return None


def _did_you_mean(choices: list[str]) -> str:
    return f"您是否指：{'、'.join(f'「{c}」' for c in choices)}？" if choices else ""


def _pairs(value, what: str, line: int, problems: list[Problem]) -> list:
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(p, tuple) and len(p) == 2 for p in value):
        return value
    problems.append(_problem(f"{what}下应为“原名: 规定名”的若干行。写法示例：{_EXAMPLE}", line))
    return []


def _kind_mapping(kind: LedgerKind, key: _Key, entry, problems: list[Problem]) -> KindMapping:
    result = KindMapping()
    for part, body in _pairs(entry, f"「{key}」", key.line, problems):
        if part == COLUMNS_KEY:
            _columns(kind, part, body, result, problems)
        elif part == VALUES_KEY:
            _values(kind, part, body, result, problems)
        else:
            problems.append(_problem(f"「{key}」下只能有「{COLUMNS_KEY}」（列名对照）和「{VALUES_KEY}」（取值对照），不能有「{part}」。",
                                     part.line, part))
    return result


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


def _values(kind: LedgerKind, part: _Key, body, result: KindMapping, problems: list[Problem]) -> None:
    enums = {fold(c.header): c for c in kind.columns if c.enum is not None}
    for column_name, renames in _pairs(body, f"「{kind.name}」的「{VALUES_KEY}」", part.line, problems):
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
                problems.append(_problem(f"「{seen}: {meant}」中的「{meant}」不是允许的{column.enum.name}。{hint}"
                                         f"允许的值：{'、'.join(column.enum.values)}。", seen.line, str(meant)))
                continue
            table[fold(seen)] = value
