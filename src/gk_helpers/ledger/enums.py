"""Read the values of an enumerated column: contract labels, built-in synonyms, the office's mapping.

An ``EnumReader`` turns one cell into its contract value, or into the problem the user
sees: for a value that matches nothing, the closest contract labels (您是否指 …; for a
reply letter's name, the outcome its keyword announces); for an ambiguous one, the
choices. The mapping line that would fix it goes to the run's ``Advice`` (one merged block
at the end), and so does the list of allowed values (once per run). It remembers which
cells were read through a synonym or the mapping, so the check panel can say so.
"""

from __future__ import annotations

from .advice import CHOOSE, SEE_BELOW, Advice
from .cells import cell_text
from .mapping import MAPPING_NAME, KindMapping
from .schema import OUTCOME, Column, LedgerKind
from .vocabulary import POLICY_NOTES, fold, reply_letter_outcome, suggest


class EnumReader:
    """Parser of one enumerated column of one ledger kind."""

    def __init__(self, kind: LedgerKind, column: Column, mapping: KindMapping, advice: Advice | None = None):
        enum = column.enum
        self.kind, self.column, self.enum = kind, column, enum
        self.advice = advice if advice is not None else Advice()
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
        letter = reply_letter_outcome(text) if self.enum is OUTCOME else None
        if hit is None and letter is None:
            hit = self._group(key)
        if isinstance(hit, tuple):
            guess = letter if letter in hit else CHOOSE
            self.advice.value(self.kind.name, self.column.header, text, guess)
            return None, ("含义不明确的值",
                          f"不够具体，无法确定是哪一种{self.enum.name}。请改为其中之一：{'、'.join(hit)}。"
                          f"若本单位的「{text}」总是指同一种，可{SEE_BELOW}。")
        close = list(dict.fromkeys(([letter] if letter else []) + suggest(text, self.enum.values)))[:3]
        hint = f"您是否指：{'、'.join(f'「{c}」' for c in close)}？" if close else ""
        self.advice.value(self.kind.name, self.column.header, text, close[0] if close else CHOOSE)
        self.advice.refer(self.enum.name, self.enum.values)
        return None, ("未知的取值",
                      f"不是允许的{self.enum.name}。{hint}请改为允许的{self.enum.name}（见文末）；"
                      f"若这是本单位的写法，也可{SEE_BELOW}。")

    def _group(self, key: str) -> tuple[str, ...] | None:
        """The choices of an ambiguous name a longer text contains (不予公开告知书 → the eight 不予公开 rows)."""
        return next((choices for alias, choices in self.enum.ambiguous if len(fold(alias)) > 1 and fold(alias) in key), None)

    def recognised(self, where: str) -> tuple[list[str], list[str]]:
        """The values read through a built-in synonym (a warning to confirm) and through the office's mapping (a note)."""
        synonyms = [f"「{text}」→「{value}」" + (f"，{POLICY_NOTES[text]}" if text in POLICY_NOTES else "")
                    for text, (value, how) in sorted(self.renamed.items()) if how == "同义词"]
        mapped = [f"「{text}」→「{value}」" for text, (value, how) in sorted(self.renamed.items()) if how == "映射"]
        header = self.column.header
        return ([f"{where}「{header}」列按同义词识别的值：{'；'.join(synonyms)}。"] if synonyms else [],
                [f"{where}「{header}」列按 {MAPPING_NAME} 识别的值：{'；'.join(mapped)}。"] if mapped else [])
