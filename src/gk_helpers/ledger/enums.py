"""Read the values of an enumerated column: contract labels, built-in synonyms, the office's mapping.

An ``EnumReader`` turns one cell into its contract value, or into the problem the user
sees: for a value that matches nothing, the closest contract labels (您是否指 …) and the
mapping line that would fix it; for an ambiguous one, the choices. It remembers which
cells were read through a synonym or the mapping, so the check panel can say so.
"""

from __future__ import annotations

from .cells import cell_text
from .mapping import MAPPING_NAME, KindMapping, mapping_line
from .schema import Column, LedgerKind
from .vocabulary import POLICY_NOTES, fold, suggest


class EnumReader:
    """Parser of one enumerated column of one ledger kind."""

    def __init__(self, kind: LedgerKind, column: Column, mapping: KindMapping):
        enum = column.enum
        self.kind, self.column, self.enum = kind, column, enum
        self.table = enum.lookup()
        self.own = {fold(v) for v in enum.values} | {fold(a) for a, _ in enum.aliases}
        self.mapped = mapping.values.get(column.header, {})
        self.table.update(self.mapped)  # the office's own word wins, and may settle an ambiguous value
        #: cell text → (contract value, "同义词" or "映射"), for the note
        self.renamed: dict[str, tuple[str, str]] = {}

    def __call__(self, value):
        text = cell_text(value)
        key = fold(text)
        hit = self.table.get(key)
        if isinstance(hit, str):
            if key not in self.own:
                self.renamed[text] = (hit, "映射" if key in self.mapped else "同义词")
            return hit, None
        if isinstance(hit, tuple):
            line = mapping_line(self.kind.name, self.column.header, text, hit[0])
            return None, ("含义不明确的值",
                          f"不够具体，无法确定是哪一种{self.enum.name}。请改为其中之一：{'、'.join(hit)}。"
                          f"若本单位的「{text}」总是指同一种，可在 {MAPPING_NAME} 中写入（以第一种为例）：{line}")
        close = suggest(text, self.enum.values)
        hint = f"您是否指：{'、'.join(f'「{c}」' for c in close)}？" if close else ""
        line = mapping_line(self.kind.name, self.column.header, text, close[0] if close else "<允许的值之一>")
        return None, ("未知的取值",
                      f"不是允许的{self.enum.name}。{hint}允许的值：{'、'.join(self.enum.values)}。"
                      f"若这是本单位的写法，请改为允许的值，或在 {MAPPING_NAME} 中写入：{line}")

    def note(self, where: str) -> str | None:
        """The note listing the values read through a synonym or the mapping, if any."""
        if not self.renamed:
            return None
        parts = []
        for text, (value, how) in sorted(self.renamed.items()):
            extra = f"，{POLICY_NOTES[text]}" if text in POLICY_NOTES and how == "同义词" else ""
            parts.append(f"「{text}」→「{value}」" + ("（台账映射）" if how == "映射" else "") + extra)
        return f"{where}「{self.column.header}」列按同义词识别的值：{'；'.join(parts)}。"
