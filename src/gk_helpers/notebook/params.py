"""Report parameters: one YAML file per township and year, validated before anything runs.

``params/<county>/<township>/<year>.yaml`` holds what the ledgers do not: the agency's
full name, where its ledgers are, its level, and the prose a person writes (inline or
in a Markdown file beside it). Prose may cite computed figures as ``{key}``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..base import bounds
from ..count.continuity import DOCUMENT_ROWS, Previous
from ..base.formats import FORMATS
from ..base.errors import ParamsError
from ..base.paths import output_dir, project_root
from . import yaml_memo

#: keys a params file may have; the Chinese name is used in messages.
FIELDS = {
    "agency": "机关全称",
    "county": "县（区）",
    "township": "乡镇（街道）",
    "year": "报告年度",
    "ledger_dir": "台账目录",
    "level": "机关层级",
    "format": "报告格式",
    "lead": "导语（标题之后、“一、总体情况”之前的一段：编制依据、统计期限、电子版网址、联系方式）",
    "overview": "第一部分 总体情况",
    "problems": "第五部分 存在的主要问题及改进情况",
    "other_items": "第六部分 其他需要报告的事项（补充条目）",
    "sign_off_date": "落款日期",
    "previous": "上年已公开报告中的数字（用于跨年度核对 C1、C2）和公开期限（T1），见 docs/核对.md",
    "previous_carried_forward": "（旧写法，等同 previous.carried_forward）上年报告“四、结转下年度继续办理”一行的7个数",
    "calendar": "chinesecalendar 尚未收录的年度的放假日（holidays）和调休上班日（workdays），用于答复时限核对",
}
#: keys of the ``previous:`` block.
PREVIOUS_FIELDS = {
    "carried_forward": "上年报告第三部分“四、结转下年度继续办理”一行的7个数",
    "in_force": "上年报告第二部分第二十条第（一）项“现行有效件数”：{规章: 0, 行政规范性文件: 3}",
    "publication_deadline": "本县规定的年度报告公开期限（默认次年1月31日）",
    "file": "上年报告文件（gk report 或 gk tables --json 的 JSON，或已公开的 PDF/HTML/Word），相对于参数文件所在目录",
}
REQUIRED = ("agency", "county", "township", "year", "ledger_dir")
#: Last year's published report, read back through ``gk audit`` (beside the kit's own report JSON).
PUBLISHED_SUFFIXES = (".pdf", ".html", ".htm", ".docx")
LEVELS = ("乡镇", "街道", "县级", "市级", "省级")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class OtherItem:
    """A person-written item of section 六: a title and its prose."""

    title: str
    text: str


@dataclass(frozen=True)
class ReportParams:
    """A validated params file."""

    path: Path
    agency: str
    county: str
    township: str
    year: int
    ledger_dir: Path  # resolved against the params file's folder
    ledger_dir_text: str  # as written, for provenance (never an absolute path in output)
    level: str = "乡镇"
    format: str | None = None
    lead: str = ""
    overview: str = ""
    problems: str = ""
    other_items: tuple[OtherItem, ...] = ()
    sign_off_date: str = ""
    previous_carried_forward: tuple[int, ...] | None = None  # last year's published 四, 7 numbers
    previous: Previous | None = None  # the ``previous:`` block (old key folded in)
    previous_file: Path | None = None  # ``previous.file``: last year's report JSON
    holidays: tuple[dt.date, ...] = ()  # ``calendar.holidays``
    workdays: tuple[dt.date, ...] = ()  # ``calendar.workdays``
    prose_files: tuple[Path, ...] = ()  # the Markdown files the prose came from
    raw: dict = field(default_factory=dict, compare=False)

    @property
    def title(self) -> str:
        """The official title: <机关全称><Y>年政府信息公开工作年度报告."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def ledger_label(self, root: Path) -> str:
        """The ledger folder as messages name it: relative to the project ``root`` (data/南召县/城关镇), else as written."""
        folder, root = self.ledger_dir.resolve(), root.resolve()
        return folder.relative_to(root).as_posix() if folder.is_relative_to(root) else self.ledger_dir_text


def prose_file(value, base: Path) -> Path | None:
    """The Markdown file a prose value names (``{file: x.md}`` or a bare one-line ``x.md``), else None."""
    if isinstance(value, dict) and set(value) == {"file"}:
        value = value["file"]
    elif not (isinstance(value, str) and value.strip().endswith(".md") and "\n" not in value.strip()):
        return None
    return (base / str(value).strip()).resolve()


def params_tree(path: Path) -> Path:
    """The folder holding the county folders of ``params/<county>/<township>/<year>.yaml`` (resolved).

    A params file outside that layout (fewer parent folders) has its own folder as its tree.
    """
    resolved = path.resolve()
    parents = resolved.parents
    return parents[2] if len(parents) > 3 else resolved.parent


def confine(named: str, target: Path, path: Path, name: str, suffixes, kinds: str, example: str,
            others: tuple[tuple[Path, str], ...] = ()) -> None:
    """Refuse a file a params file names (``named``, resolved to ``target``) unless it is a relative path to a
    file with one of ``suffixes`` inside the params tree (or one of ``others``: (folder, what it is)).

    Prose ``{file:}`` and ``previous: {file:}`` are confined by it, so a params file copied from elsewhere
    cannot put ``/etc/passwd`` or ``../../..`` into a published report.
    """
    roots = ((params_tree(path), "参数目录"), *((Path(folder).resolve(), what) for folder, what in others))
    if Path(named).is_absolute() or target.suffix.lower() not in suffixes or not any(target.is_relative_to(r) for r, _ in roots):
        where = " 或".join(f"{what} {folder.name}/" for folder, what in roots)
        raise ParamsError(f"参数文件 {path.name}：「{name}」引用的文件「{named}」不允许：只能引用{where} 之内的"
                          f"{kinds}，用相对于参数文件所在目录的路径，如 {{file: {example}}}。")


def _prose_values(data: dict) -> list[tuple[str, object]]:
    """(name, value) of every prose field of a params file, in order."""
    items = [("lead", data.get("lead")), ("overview", data.get("overview")), ("problems", data.get("problems"))]
    items += [(f"other_items[{i}]", {"file": item["file"]} if "file" in item else item.get("text"))
              for i, item in enumerate(data.get("other_items") or [])]
    return items


def _prose(value, name: str, base: Path, path: Path) -> str:
    """Inline prose, or the text of the Markdown file it names."""
    if value is None:
        return ""
    target = prose_file(value, base)
    if target is None:
        if not isinstance(value, str):
            raise ParamsError(f"参数文件 {path.name}：「{name}」应为文字或 {{file: 文件名.md}}。")
        return value.strip()
    named = str(value["file"] if isinstance(value, dict) else value).strip()
    confine(named, target, path, name, (".md",), " Markdown 文件（.md）", f"{path.stem}-概述.md")
    if not os.path.lexists(target):  # a pipe or a broken link is said to be one by read_prose
        raise ParamsError(f"参数文件 {path.name}：「{name}」引用的文件 {target.name} 不存在。请检查文件名（相对于参数文件所在目录）。")
    return bounds.read_prose(target, path, name)


def _seven_counts(value, path: Path, key: str = "previous_carried_forward") -> tuple[int, ...] | None:
    """Last year's published 四 row: seven non-negative whole numbers, or None when not given."""
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 7 and all(map(_count, value))):
        raise ParamsError(f"参数文件 {path.name}：{key} 应为7个非负整数（自然人、商业企业、科研机构、"
                          f"社会公益组织、法律服务机构、其他、总计），如 [1, 0, 0, 0, 0, 0, 1]；现为 {value}。")
    return tuple(value)


def _count(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _date(value, where: str, path: Path) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ParamsError(f"参数文件 {path.name}：{where}「{value}」不是日期，应写成 2021-01-31 的形式。") from None


def previous_block(value, path: Path) -> tuple[Previous | None, Path | None]:
    """The ``previous:`` block: last year's published figures, and the JSON file it may name."""
    if value is None:
        return None, None
    if not isinstance(value, dict):
        raise ParamsError(f"参数文件 {path.name}：previous 应为“键: 值”的形式，可用的键：{'、'.join(PREVIOUS_FIELDS)}。")
    unknown = [k for k in value if k not in PREVIOUS_FIELDS]
    if unknown:
        raise ParamsError(f"参数文件 {path.name}：previous 中有未知的键：{'、'.join(map(str, unknown))}。"
                          f"可用的键：{'、'.join(PREVIOUS_FIELDS)}。")
    carried = value.get("carried_forward")
    if carried is not None:
        carried = _seven_counts(carried, path, "previous.carried_forward")
    in_force = value.get("in_force")
    if in_force is not None:
        if not (isinstance(in_force, dict) and in_force and set(in_force) <= set(DOCUMENT_ROWS) and all(map(_count, in_force.values()))):
            raise ParamsError(f"参数文件 {path.name}：previous.in_force 应为上年报告的现行有效件数，"
                              f"如 {{规章: 0, 行政规范性文件: 3}}（非负整数）；现为 {in_force}。")
        in_force = {k: in_force[k] for k in DOCUMENT_ROWS if k in in_force}
    deadline = value.get("publication_deadline")
    deadline = _date(deadline, "previous.publication_deadline", path) if deadline not in (None, "") else None
    file = value.get("file")
    if file not in (None, ""):
        named = str(file).strip()
        file = (path.parent / named).resolve()
        confine(named, file, path, "previous.file", (".json", *PUBLISHED_SUFFIXES), "上年报告（.json、.pdf、.html、.docx）",
                f"../../../outputs/{path.parent.parent.name}/{_year_before(path)}/{path.parent.name}.json",
                ((output_dir(project_root(path.parent)), "输出目录"),))
    else:
        file = None
    source = f"上年数字来自参数文件 {path.name} 的 previous"
    return Previous(source, carried, in_force, deadline), file


def _year_before(path: Path) -> str:
    """Last year for a ``<year>.yaml`` params file (for examples in messages), else 上一年度."""
    return str(int(path.stem) - 1) if path.stem.isdigit() else "上一年度"


def _calendar(value, path: Path) -> tuple[tuple[dt.date, ...], tuple[dt.date, ...]]:
    if value is None:
        return (), ()
    if not isinstance(value, dict) or set(value) - {"holidays", "workdays"}:
        raise ParamsError(f"参数文件 {path.name}：calendar 应含 holidays（放假日列表）和 workdays（调休上班日列表），"
                          "如 holidays: [2027-01-01, 2027-02-06]。")
    return tuple(tuple(_date(v, f"calendar.{key}", path) for v in (value.get(key) or [])) for key in ("holidays", "workdays"))


def load_params(path: str | Path) -> ReportParams:
    """Read and validate a params YAML file; every mistake is a ``ParamsError`` in Chinese."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"参数文件 {path} 不存在。请检查路径，参数文件应位于 params/<县>/<乡镇>/<年度>.yaml。")
    memo = yaml_memo.active()  # a batch's: each content parsed once (and not again next run)
    data = memo.data(path) if memo is not None else bounds.load_yaml(path)
    if not isinstance(data, dict):
        raise ParamsError(f"参数文件 {path.name} 应为“键: 值”的形式。")
    unknown = [k for k in data if k not in FIELDS]
    if unknown:
        raise ParamsError(f"参数文件 {path.name} 含有未知的键：{'、'.join(map(str, unknown))}。允许的键：{'、'.join(FIELDS)}。")
    missing = [k for k in REQUIRED if data.get(k) in (None, "")]
    if missing:
        raise ParamsError(f"参数文件 {path.name} 缺少必填项：{'、'.join(f'{k}（{FIELDS[k]}）' for k in missing)}。")
    year = data["year"]
    if not isinstance(year, int) or not 2008 <= year <= 2100:
        raise ParamsError(f"参数文件 {path.name}：报告年度「{year}」无效，应为四位数年份，如 2020。")
    level = str(data.get("level") or "乡镇")
    if level not in LEVELS:
        raise ParamsError(f"参数文件 {path.name}：机关层级「{level}」无效，应为 {'、'.join(LEVELS)} 之一。")
    for key in ("county", "township"):
        bounds.check_name(str(data[key]).strip(), key, FIELDS[key], path)
    fmt = data.get("format")
    if fmt not in (None, "") and str(fmt) not in FORMATS:
        raise ParamsError(f"参数文件 {path.name}：报告格式「{fmt}」无效，只能是 2019 或 2021，或不填（按年度自动选择）。")
    base = path.parent
    items = data.get("other_items") or []
    if not isinstance(items, list) or not all(isinstance(i, dict) and "title" in i for i in items):
        raise ParamsError(f"参数文件 {path.name}：other_items 应为列表，每项含 title 和 text（或 file）。")
    prose = {name: _prose(value, name, base, path) for name, value in _prose_values(data)}
    old = _seven_counts(data.get("previous_carried_forward"), path)
    previous, previous_file = previous_block(data.get("previous"), path)
    if old is not None:
        if previous is not None and previous.carried_forward is not None:
            raise ParamsError(f"参数文件 {path.name}：previous_carried_forward 与 previous.carried_forward 重复，请只保留 previous.carried_forward。")
        previous = Previous(f"上年数字来自参数文件 {path.name}", old, *(
            (previous.in_force, previous.publication_deadline) if previous else (None, None)))
    holidays, workdays = _calendar(data.get("calendar"), path)
    return ReportParams(
        path=path,
        agency=str(data["agency"]).strip(),
        county=str(data["county"]).strip(),
        township=str(data["township"]).strip(),
        year=year,
        ledger_dir=(base / str(data["ledger_dir"])).resolve(),
        ledger_dir_text=str(data["ledger_dir"]),
        level=level,
        format=str(fmt) if fmt not in (None, "") else None,
        lead=prose["lead"],
        overview=prose["overview"],
        problems=prose["problems"],
        other_items=tuple(OtherItem(str(item["title"]).strip(), prose[f"other_items[{i}]"]) for i, item in enumerate(items)),
        prose_files=tuple(f for _, v in _prose_values(data) if (f := prose_file(v, base)) is not None),
        sign_off_date=str(data.get("sign_off_date") or ""),
        previous_carried_forward=old,
        previous=previous,
        previous_file=previous_file,
        holidays=holidays,
        workdays=workdays,
        raw=data,
    )


#: The notice that issued each report format (cited in the lead paragraph).
FORMAT_NOTICES = {"2019": "国办公开办函〔2019〕60号", "2021": "国办公开办函〔2021〕30号"}
#: The lead paragraph's own placeholders (besides every ledger statistic), for docs/统计项.md.
REPORT_PLACEHOLDERS = {
    "year": "报告年度，如 2023",
    "agency": "机关全称（参数文件的 agency）",
    "county": "县（区）",
    "township": "乡镇（街道）",
    "period_start": "统计期限的第一天，如 2023年1月1日",
    "period_end": "统计期限的最后一天，如 2023年12月31日",
    "format_notice": "报告格式的发文字号：2020 年及以前为 国办公开办函〔2019〕60号，2021 年起为 国办公开办函〔2021〕30号",
}


def report_placeholders(params: ReportParams, fmt: str) -> dict[str, str]:
    """The lead paragraph's placeholders that come from the report itself, not the ledgers (``REPORT_PLACEHOLDERS``)."""
    return {"year": str(params.year), "agency": params.agency, "county": params.county, "township": params.township,
            "period_start": f"{params.year}年1月1日", "period_end": f"{params.year}年12月31日",
            "format_notice": FORMAT_NOTICES[fmt]}


def fill_placeholders(text: str, stats: dict, where: str) -> str:
    """Replace ``{key}`` with the computed figure; an unknown key is an error naming it."""
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in stats:
            raise ParamsError(f"{where}中的占位符 {{{key}}} 未知。可用的占位符见 docs/统计项.md，例如 {{applications_received}}。")
        value = stats[key]
        return f"{value:g}" if isinstance(value, float) else str(value)

    return _PLACEHOLDER.sub(replace, text)
