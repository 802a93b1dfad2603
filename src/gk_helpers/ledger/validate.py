"""Apply a ledger kind's schema to a raw sheet: typed frame out, every problem collected.

One interpreter for all kinds: headers are matched by ``schema.fold``, each column is
parsed by its type (on distinct values only), then the kind's row rules run.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..base.errors import Problem
from .advice import SEE_BELOW, Advice
from .cells import cell_text, parse_amount, parse_count, parse_date, parse_id
from .enums import EnumReader
from .fit import candidates, fits, is_name_column
from .mapping import COLUMNS_KEY, MAPPING_NAME, KindMapping
from .readers import RawSheet
from .schema import Column, LedgerKind, Needs, Order, Paired, fold
from .vocabulary import HEADER_SYNONYMS, suggest

ROW = "_row"  # spreadsheet row number of each record (header is row 1)
#: the sheet each record was read from, when a kind spans per-year sheets (else the kind's one source says it)
SHEET = "_sheet"


def _problem(raw: RawSheet, row: int, column: str, value, rule: str, message: str) -> Problem:
    return Problem(raw.file, raw.sheet, int(row), column, cell_text(value), rule, message)


#: headers that are not data: a row number column
ROW_NUMBER_HEADERS = frozenset(fold(h) for h in ("序号", "编号序号", "行号", "No", "No."))


def header_lookup(kind: LedgerKind, mapping: KindMapping) -> dict[str, tuple[Column, str]]:
    """Folded header → (contract column, how it was named: "" for the contract, 同义词 or 映射)."""
    by_header = {c.header: c for c in kind.columns}
    table = {fold(c.header): (c, "") for c in kind.columns}
    for seen, header in HEADER_SYNONYMS.get(kind.name, {}).items():
        if header in by_header:  # a synonym of a column the contract does not have (yet) is not used
            table.setdefault(fold(seen), (by_header[header], "同义词"))
    for seen, header in mapping.columns.items():
        table[seen] = (by_header[header], "映射")
    return table


def _match_headers(raw: RawSheet, kind: LedgerKind, problems: list[Problem], mapping: KindMapping, advice: Advice,
                   today: dt.date) -> tuple[dict[str, int], bool]:
    """Field name → raw column index, and whether a missing column leaves the rows uncheckable.

    A missing required header, a duplicated one, and one column of a pair (办结日期, 办理结果)
    without the other are problems; each names the unused column whose values fit what is missing.
    """
    wanted = header_lookup(kind, mapping)
    found: dict[str, int] = {}
    renamed: dict[str, list[str]] = {"同义词": [], "映射": []}
    unused: dict[str, int] = {}
    for index, header in enumerate(raw.header):
        column, how = wanted.get(fold(header), (None, ""))
        if column is None:
            if header.strip() and fold(header) not in ROW_NUMBER_HEADERS:
                unused.setdefault(header.strip(), index)
            continue
        if column.field in found:
            problems.append(
                _problem(raw, raw.header_row, column.header, header, "重复的列",
                         f"表头中「{column.header}」出现了不止一次。请删除或改名多余的一列。")
            )
            continue
        found[column.field] = index
        if how:
            renamed[how].append(f"「{header.strip()}」→「{column.header}」")
    missing = [c for c in kind.columns if c.required and c.field not in found]
    header_row = _header_row_below(raw, kind) if missing else None
    if header_row is not None:
        first = "、".join(h.strip() for h in raw.header if h.strip())
        first = f"第1行是：{first}" if first else "第1行是空行"
        problems.append(
            _problem(raw, 1, "", "", "表头不在第1行",
                     f"表头应在第1行，但第{header_row}行才是表头（{first}）。请删除表头上方的标题行或空行。")
        )
        return found, True
    values = {h: raw.cells[i] for h, i in unused.items()}
    present = "、".join(h.strip() for h in raw.header if h.strip()) or "（无）"
    for column in missing:
        fix = _fitting_column(kind, column, values, advice, today)
        problems.append(_problem(raw, raw.header_row, column.header, "", "缺少必填列",
                                 f"缺少必填列「{column.header}」。现有表头：{present}。{fix}"))
    unpaired = _unpaired(kind, found)
    for column, partner in unpaired:
        fix = _fitting_column(kind, column, values, advice, today)
        problems.append(_problem(raw, raw.header_row, column.header, "", "缺少配对的列",
                                 f"没有「{column.header}」列（有「{partner.header}」列时必须有它，两者配对填写）。"
                                 f"现有表头：{present}。{fix}"))
    where = _where(raw)
    # the kit's own guesses are for the reviewer to confirm; what the office wrote in its mapping is only recorded
    if renamed["同义词"]:
        advice.warnings.append(f"{where}：按同义词识别的列：{'、'.join(renamed['同义词'])}。")
    if renamed["映射"]:
        advice.notes.append(f"{where}：按 {MAPPING_NAME} 识别的列：{'、'.join(renamed['映射'])}。")
    claimed = {c.field for c in missing} | {c.field for c, _ in unpaired}
    maybe, own = [], []
    for header in unused:
        guess = _unused_guess(kind, header, values[header], found, claimed, today)
        (maybe if guess else own).append(f"「{header}」{guess}")
    if maybe:
        advice.warnings.append(f"{where}：未使用的列：{'、'.join(maybe)}。若其中有规定的列，请改为规定的列名，"
                               f"或在 {MAPPING_NAME} 中对照。")
    if own:
        advice.notes.append(f"{where}：本单位自有的列（不属于台账约定，未使用）：{'、'.join(own)}。")
    return found, bool(missing or unpaired)


def _where(raw: RawSheet) -> str:
    return f"{raw.file}「{raw.sheet}」" if raw.sheet else raw.file


def _unpaired(kind: LedgerKind, found: dict[str, int]) -> list[tuple[Column, Column]]:
    """(missing column, the column present without it) for each pair rule with one column absent."""
    out = []
    for rule in kind.rules:
        if isinstance(rule, Paired) and (rule.a in found) != (rule.b in found):
            missing, partner = (rule.b, rule.a) if rule.a in found else (rule.a, rule.b)
            out.append((kind.column(missing), kind.column(partner)))
    return out


def _fitting_column(kind: LedgerKind, column: Column, values: dict, advice: Advice, today: dt.date) -> str:
    """The fix for a missing column: the unused column whose values fit it (its mapping line goes to ``advice``)."""
    fitting = candidates(column, values, today)
    if fitting:
        what = column.enum.name if column.enum is not None else column.header
        advice.column(kind.name, fitting[0], column.header)
        return f"「{fitting[0]}」列的取值像{what}，是否就是它？若是，请把表头改为「{column.header}」，或{SEE_BELOW}。"
    return (f"请在表头行添加该列（表头须与规定的名称一致）；若本单位用别的列名，请在 {MAPPING_NAME} 的「{kind.name}」下的"
            f"「{COLUMNS_KEY}」中写一行“本单位的列名: {column.header}”。")


def _unused_guess(kind: LedgerKind, header: str, values, found: dict[str, int], claimed: set[str], today: dt.date) -> str:
    """（您是否指「…」？） when an unused header's name or values suggest a contract column not present, else ""."""
    free = [c for c in kind.columns if c.field not in found and c.field not in claimed]
    if is_name_column(header):  # 申请人 holds people's names: never 申请内容, at most a title column (文件名称 → 名称)
        free = [c for c in free if "名称" in c.header]
    close = suggest(header, [c.header for c in free], limit=1)
    if not close:
        close = [c.header for c in free if fits(c, header, values, today)][:1]
    return f"（您是否指「{close[0]}」？）" if close else ""


def _header_row_below(raw: RawSheet, kind: LedgerKind, look: int = 5) -> int | None:
    """The spreadsheet row, among the first few below row 1, that holds every required header."""
    required = {fold(c.header) for c in kind.columns if c.required}
    for index in range(min(look, len(raw.cells))):
        if required <= {fold(cell_text(v)) for v in raw.cells.iloc[index]}:
            return index + 2
    return None


def _parser(column: Column, today: dt.date, kind: LedgerKind, mapping: KindMapping, advice: Advice):
    if column.type == "date":
        # A deadline may lie ahead, but not beyond next year: 2202 is still a typo.
        latest = dt.date(today.year + 1, 12, 31) if column.future_ok else today
        return lambda v: parse_date(v, today, latest)
    if column.type == "amount":
        return parse_amount
    if column.type == "count":
        return parse_count
    if column.type == "enum":
        return EnumReader(kind, column, mapping, advice)
    return parse_id  # id and text: the cell as text


_SPACES = " \t\r\n\u3000"


def blank_mask(values: pd.Series) -> pd.Series:
    """Vectorised ``cells.is_blank``: True where a cell is empty or only spaces."""
    array = values.to_numpy(dtype=object)
    blank = pd.isna(array)
    blank |= np.fromiter((isinstance(v, str) and not v.strip(_SPACES) for v in array), dtype=bool, count=len(array))
    return pd.Series(blank, index=values.index)


#: problems about a value that are reported once per distinct value, with the other rows named
_ONCE_PER_VALUE = ("未知的取值", "含义不明确的值")


def _parse_column(raw: RawSheet, column: Column, values: pd.Series, blank: pd.Series, rows: pd.Series, today, problems,
                  kind: LedgerKind, mapping: KindMapping, advice: Advice) -> pd.Series:
    """Typed values of one column (None where blank or wrong); problems appended, notes to ``advice``."""
    if column.required:
        for row in rows[blank]:
            problems.append(_problem(raw, row, column.header, "", "必填项为空", f"「{column.header}」是必填项，不能为空。请补填。"))
    present = values[~blank]
    if column.type in ("id", "text"):  # these never fail: skip the per-value dictionary
        text = [v.strip(_SPACES) if type(v) is str else cell_text(v) for v in present.to_numpy(dtype=object)]
        return pd.Series(text, index=present.index, dtype=object).reindex(values.index)
    parse = _parser(column, today, kind, mapping, advice)
    parsed: dict = {}
    errors: dict = {}
    for value in pd.unique(present):
        parsed[value], error = parse(value)
        if error:
            errors[value] = error
    if errors:
        bad = present.isin(list(errors))
        seen: dict[str, list[int]] = {}
        for value, row in zip(present[bad], rows[~blank][bad]):
            rule, message = errors[value]
            if rule in _ONCE_PER_VALUE:
                seen.setdefault(value, []).append(int(row))
                continue
            problems.append(_problem(raw, row, column.header, value, rule, message))
        for value, value_rows in seen.items():
            rule, message = errors[value]
            more = f"（同样的值还在第{'、'.join(map(str, value_rows[1:]))}行）" if len(value_rows) > 1 else ""
            problems.append(_problem(raw, value_rows[0], column.header, value, rule, message + more))
    if isinstance(parse, EnumReader):
        synonyms, mapped = parse.recognised(_where(raw))
        advice.warnings += synonyms
        advice.notes += mapped
    return present.map(parsed).reindex(values.index)


def _typed(column: Column, values: pd.Series) -> pd.Series:
    if column.type == "date":
        return pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
    if column.type in ("amount", "count"):
        return values.astype("float64")
    if column.type == "enum":
        return pd.Series(pd.Categorical(values, categories=column.enum.values), index=values.index)
    return values.astype(object).where(values.notna(), "")


def _check_ids(raw, column: Column, values: pd.Series, rows: pd.Series, problems) -> None:
    present = values != ""
    dup = values.duplicated(keep="first") & present
    if not dup.any():
        return
    first_rows = dict(zip(values[~values.duplicated(keep="first")], rows[~values.duplicated(keep="first")]))
    for value, row in zip(values[dup], rows[dup]):
        problems.append(
            _problem(raw, row, column.header, value, "编号重复",
                     f"{column.header}与第{first_rows[value]}行重复。每条记录的编号必须唯一：请改正编号，或删除重复录入的记录。")
        )


def _check_rules(raw, kind: LedgerKind, frame: pd.DataFrame, given: dict, problems) -> None:
    """Cross-column rules, on cells that parsed (a cell already reported is not reported again)."""
    for rule in kind.rules:
        if isinstance(rule, Order):
            early, late = kind.column(rule.earlier), kind.column(rule.later)
            if early.field not in frame or late.field not in frame:
                continue
            bad = frame[late.field] < frame[early.field]
            for row, a, b in zip(frame.loc[bad, ROW], frame.loc[bad, early.field], frame.loc[bad, late.field]):
                problems.append(
                    _problem(raw, row, late.header, b.date().isoformat(), "日期先后颠倒",
                             f"{late.header}早于{early.header}（{a.date().isoformat()}）。请核对两个日期。")
                )
        elif isinstance(rule, Needs):
            col, needed = kind.column(rule.given), kind.column(rule.needed)
            if col.field not in frame:
                continue
            has_needed = given.get(needed.field, pd.Series(False, index=frame.index))
            lacking = frame[col.field].notna() & ~has_needed
            for row, value in zip(frame.loc[lacking, ROW], frame.loc[lacking, col.field]):
                problems.append(
                    _problem(raw, row, needed.header, "", "缺少前提的值",
                             f"已填写「{col.header}」（{value.date().isoformat()}），但「{needed.header}」为空。"
                             f"请补填「{needed.header}」，或清空「{col.header}」。")
                )
        elif isinstance(rule, Paired):
            a, b = kind.column(rule.a), kind.column(rule.b)
            if a.field not in frame or b.field not in frame:
                continue
            has_a, has_b = given[a.field], given[b.field]
            pending = a.header.removesuffix("日期")  # 办结日期 → 办结, 审结日期 → 审结
            for col_given, col_missing, mask in ((a, b, has_a & ~has_b), (b, a, has_b & ~has_a)):
                for row in frame.loc[mask, ROW]:
                    problems.append(
                        _problem(raw, row, col_missing.header, "", "缺少配对的值",
                                 f"已填写「{col_given.header}」，但「{col_missing.header}」为空。两者须同时填写"
                                 f"（尚未{pending}的记录两者都留空）。请补填「{col_missing.header}」或清空「{col_given.header}」。")
                    )


def _empty(index: pd.Index) -> pd.DataFrame:
    return pd.DataFrame({ROW: pd.Series(index + 2, index=index, dtype="int64")}, index=index)


def _shifted_rows(raw: RawSheet, blanks: pd.DataFrame, problems) -> pd.Series:
    """CSV rows with values beyond the header line: reported once, then left unchecked."""
    if raw.header_width is None or raw.header_width >= len(raw.cells.columns):
        return pd.Series(False, index=blanks.index)
    shifted = ~blanks.iloc[:, raw.header_width:].all(axis=1)
    for index in shifted[shifted].index:
        extra = [cell_text(v) for v in raw.cells.loc[index].iloc[raw.header_width:] if cell_text(v)]
        problems.append(
            _problem(raw, index + 2, "", ",".join(extra), "列数多于表头",
                     f"这一行的值比表头（{raw.header_width} 列）多，多出的值没有对应的表头。常见原因是某个值里有英文逗号"
                     "（如 1,000 或申请内容中的逗号）。请把该值用英文双引号括起来或改用中文逗号；若确需新增一列，请在表头补上列名。")
        )
    return shifted


def validate_sheet(raw: RawSheet, kind: LedgerKind, today: dt.date, mapping: KindMapping | None = None,
                   advice: Advice | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The typed frame of one ledger (field names as columns, plus ``_row``) and its problems.

    ``mapping`` holds the office's own column and value names. What the check panel should say
    (skipped rows, names read through a synonym, unused columns) and the mapping lines that would
    fix a problem go to ``advice``.
    """
    problems: list[Problem] = []
    mapping = mapping or KindMapping()
    advice = advice if advice is not None else Advice()
    advice.warnings.extend(raw.notes)
    found, uncheckable = _match_headers(raw, kind, problems, mapping, advice, today)
    if uncheckable:
        return _empty(raw.cells.index[:0]), problems  # row checks would only repeat the header problem
    cells = raw.cells
    blanks = pd.DataFrame({c: blank_mask(cells[c]) for c in cells.columns}, index=cells.index)
    keep = ~blanks.all(axis=1) & ~_shifted_rows(raw, blanks, problems)
    cells = cells[keep]
    rows = pd.Series(cells.index + 2, index=cells.index)
    frame = _empty(cells.index)
    given: dict[str, pd.Series] = {}
    for column in kind.columns:
        if column.field not in found:
            continue
        blank = blanks.loc[cells.index, found[column.field]]
        values = _parse_column(raw, column, cells[found[column.field]], blank, rows, today, problems, kind, mapping, advice)
        given[column.field] = ~blank
        frame[column.field] = _typed(column, values)
        if column.type == "id":
            _check_ids(raw, column, frame[column.field], rows, problems)
    _check_rules(raw, kind, frame, given, problems)
    return frame.reset_index(drop=True), problems
