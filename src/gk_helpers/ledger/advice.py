"""What reading a ledger folder tells the user besides its problems.

Warnings need a reviewer's attention (a missing ledger kind, a column that may be a
misspelt contract column); notes only record what the kit did (an office's own columns
left unused, an empty sheet read as zero). Mapping suggestions are collected from every
problem and printed once, as one YAML block per ledger kind that can be pasted into
``台账映射.yaml`` as it is; the allowed values an unknown value is measured against are
listed once at the end, not inside every message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from .mapping import COLUMNS_KEY, MAPPING_NAME, VALUES_KEY

#: Where a suggestion has no name to offer, the user writes one in.
CHOOSE = "<允许的值之一>"
#: What a problem message says instead of repeating the mapping or the allowed values.
SEE_BELOW = f"按文末的建议写入 {MAPPING_NAME}"
#: How many values of one column the mapping block suggests (the problems name every one).
VALUE_CAP = 30


@dataclass
class Advice:
    """Warnings, notes, mapping suggestions and the enumerations referred to, gathered while reading a folder."""

    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: kind name → {"列": {seen header: contract header}, "值": {contract header: {seen value: contract value}}}
    mapping: dict[str, dict[str, dict]] = field(default_factory=dict)
    #: enumeration name → its allowed values, for the values a problem called unknown
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: (kind, column) → how many further values were not suggested (beyond ``VALUE_CAP``)
    more: dict[tuple[str, str], int] = field(default_factory=dict)

    def column(self, kind: str, seen: str, meant: str) -> None:
        """Suggest mapping the office's header ``seen`` to the contract header ``meant``."""
        self.mapping.setdefault(kind, {}).setdefault(COLUMNS_KEY, {}).setdefault(seen, meant)

    def value(self, kind: str, header: str, seen: str, meant: str) -> None:
        """Suggest mapping the office's value ``seen`` of column ``header`` to ``meant``."""
        values = self.mapping.setdefault(kind, {}).setdefault(VALUES_KEY, {}).setdefault(header, {})
        if seen in values:
            return
        if len(values) < VALUE_CAP:
            values[seen] = meant
        else:
            self.more[kind, header] = self.more.get((kind, header), 0) + 1

    def refer(self, name: str, values: tuple[str, ...]) -> None:
        """Remember that a message measured a value against enumeration ``name``."""
        self.allowed.setdefault(name, values)

    def mapping_yaml(self) -> str:
        """The suggestions as YAML, one block per kind (列 before 值), ready to paste."""
        blocks = []
        for kind, parts in self.mapping.items():
            ordered = {kind: {part: parts[part] for part in (COLUMNS_KEY, VALUES_KEY) if part in parts}}
            blocks.append(yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, default_flow_style=False, width=1000))
            blocks += [f"# 「{header}」还有 {count} 个取值没有列出（见上面的问题）\n"
                       for (name, header), count in self.more.items() if name == kind]
        return "".join(blocks)

    def appendix(self) -> str:
        """The text after a problem list: the mapping block to paste, then the allowed values once each."""
        parts = []
        block = self.mapping_yaml()
        if block:
            parts.append(f"若上面的列名或取值是本单位的写法，可把下面几行写入台账目录中的 {MAPPING_NAME}（已有同名类别时并入其下，"
                         f"同一个键只能写一次；{CHOOSE} 处请填入规定的名称，其余各行也请核对）：\n" + block.rstrip("\n"))
        for name, values in self.allowed.items():
            parts.append(f"允许的{name}：{'、'.join(values)}。")
        return "\n\n".join(parts)
