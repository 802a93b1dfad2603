"""The computed tables and the ledgers as labelled pandas DataFrames, and the cases behind a cell.

For analysts: every frame carries the official Chinese labels (section 三's row
hierarchy as a MultiIndex, section 四's group × result columns) and the ledgers carry the
contract's Chinese headers plus where each record came from (file, sheet, Excel row).
"""

from __future__ import annotations

import pandas as pd

from ..base.formats import (
    SECTION2_FIRST_COLUMN,
    SECTION3_COLUMNS,
    SECTION3_RESULTS_LABEL,
    SECTION4_GROUPS,
    SECTION4_RESULTS,
    section3_rows,
)
from ..base.errors import ParamsError
from ..ledger.schema import KIND_BY_KEY, KIND_BY_NAME
from ..ledger.validate import ROW, SHEET

#: The columns a ledger frame gets after the contract's own: where each record was read.
SOURCE_COLUMNS = ("来源文件", "工作表", "行号")
SECTION3_INDEX_NAMES = ("部分", "类别", "项目")


def section3_index(fmt: str) -> pd.MultiIndex:
    """Section 三's rows as (部分, 类别, 项目): e.g. (三、本年度办理结果, （三）不予公开, 1.属于国家秘密)."""
    keys = []
    for row in section3_rows(fmt):
        if row.role in ("received", "carried_over", "carried_forward"):
            keys.append((row.leaf, "", ""))
        elif row.group:
            keys.append((SECTION3_RESULTS_LABEL, row.group, row.leaf))
        else:
            keys.append((SECTION3_RESULTS_LABEL, row.leaf, ""))
    return pd.MultiIndex.from_tuples(keys, names=list(SECTION3_INDEX_NAMES))


def section3_frame(data) -> pd.DataFrame:
    """Section 三: 20 or 22 (+5) labelled rows × 自然人 … 其他, 总计."""
    return pd.DataFrame(data.section3.astype("int64"), index=section3_index(data.format),
                        columns=pd.Index(SECTION3_COLUMNS, name="申请人情况"))


def section4_columns() -> pd.MultiIndex:
    """Section 四's 15 columns as (行政复议 / 未经复议直接起诉 / 复议后起诉, 结果)."""
    return pd.MultiIndex.from_product([SECTION4_GROUPS, SECTION4_RESULTS], names=["类别", "结果"])


def section4_frame(data) -> pd.DataFrame:
    """Section 四 as one row (件数) under the group × result columns."""
    return pd.DataFrame([[int(v) for v in data.section4]], index=pd.Index(["件数"]), columns=section4_columns())


def section2_frames(data) -> dict[str, pd.DataFrame]:
    """Section 二: one frame per 条例 item, rows = 信息内容, columns as printed."""
    return {
        item: pd.DataFrame(list(block["rows"].values()), index=pd.Index(list(block["rows"]), name=SECTION2_FIRST_COLUMN),
                           columns=block["columns"])
        for item, block in data.section2.items()
    }


def _kind_key(kind: str) -> str:
    """A ledger kind by its Chinese name (依申请公开) or its key (applications)."""
    if kind in KIND_BY_NAME:
        return KIND_BY_NAME[kind].key
    if kind in KIND_BY_KEY:
        return kind
    raise ParamsError(f"未知的台账种类「{kind}」。可用：{'、'.join(KIND_BY_NAME)}。")


def ledger_frame(ledgers, kind: str) -> pd.DataFrame:
    """One ledger with the contract's Chinese headers, then 来源文件, 工作表 and 行号 (as Excel shows it)."""
    key = _kind_key(kind)
    schema = KIND_BY_KEY[key]
    frame = ledgers[key]
    out = pd.DataFrame({c.header: frame[c.field] for c in schema.columns if c.field in frame}, index=frame.index)
    source = ledgers.sources.get(key)
    out[SOURCE_COLUMNS[0]] = source.path.name if source else ""
    # per-year sheets: each record names the one sheet it is on, not the list of the kind's sheets
    out[SOURCE_COLUMNS[1]] = frame[SHEET].astype(object).to_numpy() if SHEET in frame else (source.sheet if source else "")
    out[SOURCE_COLUMNS[2]] = frame[ROW].to_numpy() if ROW in frame else pd.Series(dtype="int64")
    return out.reset_index(drop=True)


#: The reply-deadline columns (count.deadlines.reply_deadlines) as an analyst reads them, in this order.
DEADLINE_COLUMNS = {
    "id": "申请编号", "received": "收到日期", "clock_start": "起算日", "deadline": "答复期限", "closed": "办结日期",
    "status": "状态", "working_days_late": "逾期工作日", "closed_later": "次年办结日期", "extended": "延期",
    "channel": "申请方式", "notice": "补正通知日期", "notice_deadline": "补正通知期限",
    "notice_working_day": "补正通知在第几个工作日", "notice_late": "补正通知逾期", "reason": "无法核对的原因",
}


def deadlines_frame(deadlines: pd.DataFrame | None, ledgers) -> pd.DataFrame:
    """Every application of the year with its statutory reply deadline, as ``ctx.deadlines()`` shows it.

    Chinese columns (``DEADLINE_COLUMNS``), then where each application is in the ledger (来源文件, 工作表,
    行号); sorted by 申请编号. 逾期工作日 is blank (<NA>) for an application still open or not checkable,
    0 for one answered on time; 状态 is one of 按期答复, 逾期答复, 未办结且已逾期, 未办结、未到期, 无法核对.
    """
    if deadlines is None:
        deadlines = pd.DataFrame({name: [] for name in DEADLINE_COLUMNS})
    out = pd.DataFrame({label: deadlines[name] for name, label in DEADLINE_COLUMNS.items()}, index=deadlines.index)
    for label in ("逾期工作日", "补正通知在第几个工作日"):
        days = out[label].astype("Int64")
        out[label] = days.mask(days < 0)
    out["延期"] = out["延期"].map({True: "是", False: "否"}).astype(object)
    out["申请方式"] = out["申请方式"].astype(object)
    source = ledger_frame(ledgers, "applications").set_index("申请编号")[list(SOURCE_COLUMNS)]
    # ids are unique within a ledger (validation), so each application has exactly one source row
    out = out.join(source, on="申请编号")
    return out.reset_index(drop=True)


def record_sources(ledgers, kind: str, ids) -> dict[str, str]:
    """Where the records with these ids are: ``台账.xlsx「依申请公开2023」第33行`` (the one sheet each is on)."""
    key = _kind_key(kind)
    frame = ledgers[key]
    chosen = frame[frame["id"].isin(list(ids))]
    source = ledgers.sources.get(key)
    file = source.path.name if source else ""
    sheets = chosen[SHEET].astype(object) if SHEET in chosen else pd.Series(source.sheet if source else "", index=chosen.index)
    return {i: f"{file}「{sheet}」第{row}行" if sheet else f"{file}第{row}行"
            for i, sheet, row in zip(chosen["id"], sheets, chosen[ROW])}


def _choose(value, options, what: str) -> int:
    if value in options:
        return options.index(value)
    raise ParamsError(f"{what}「{value}」不存在。可用：{'、'.join(map(str, options))}。")


def cell_selection(data, section: str, row, column) -> tuple[str, object]:
    """(ledger key, mask) of one count cell: ``("三", "（四）无法提供/1.本机关不掌握相关政府信息", "自然人")``."""
    cells = data.cells
    if section == "三":
        layout = section3_rows(data.format)
        labels = [r.label for r in layout]
        if isinstance(row, tuple):
            row = labels[_choose(row, list(section3_index(data.format)), "第三部分的行")]
        return "applications", cells.section3.mask(_choose(row, labels, "第三部分的行"), _choose(column, list(SECTION3_COLUMNS), "第三部分的列"))
    if section == "四":
        group = _choose(row, list(SECTION4_GROUPS), "第四部分的类别")
        return "cases", cells.section4.mask(group * len(SECTION4_RESULTS) + _choose(column, list(SECTION4_RESULTS), "第四部分的结果"))
    if section == "二":
        found = [(item, label) for item, rows in data.section2.items() for label in rows["rows"]
                 if row in (label, f"{item}/{label}")]
        if len(found) != 1:
            options = [f"{item}/{label}" for item, rows in data.section2.items() for label in rows["rows"]]
            raise ParamsError(f"第二部分的行「{row}」{'不唯一' if found else '不存在'}。可用：{'、'.join(options)}。")
        item, label = found[0]
        selection = cells.section2[item][label][_choose(column, data.section2[item]["columns"], f"{item}的列")]
        return selection.kind, selection.mask
    raise ParamsError(f"部分「{section}」无效：只有第二、三、四部分有表格，请用 \"二\"、\"三\" 或 \"四\"。")


def cell_cases(data, ledgers, section: str, row, column) -> pd.DataFrame:
    """The ledger rows behind one cell, sorted by id, with Chinese headers and file/sheet/row."""
    kind, mask = cell_selection(data, section, row, column)
    return ledger_frame(ledgers, kind).iloc[data.cells.positions(kind, mask)].reset_index(drop=True)
