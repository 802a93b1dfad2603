"""Report parameters: one YAML file per township and year, validated before anything runs.

``params/<county>/<township>/<year>.yaml`` holds what the ledgers do not: the agency's
full name, where its ledgers are, its level, and the prose a person writes (inline or
in a Markdown file beside it). Prose may cite computed figures as ``{key}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import params_bounds as bounds
from .count.formats import FORMATS
from .errors import ParamsError

#: keys a params file may have; the Chinese name is used in messages.
FIELDS = {
    "agency": "机关全称",
    "county": "县（区）",
    "township": "乡镇（街道）",
    "year": "报告年度",
    "ledger_dir": "台账目录",
    "level": "机关层级",
    "format": "报告格式",
    "overview": "第一部分 总体情况",
    "problems": "第五部分 存在的主要问题及改进情况",
    "other_items": "第六部分 其他需要报告的事项（补充条目）",
    "sign_off_date": "落款日期",
    "previous_carried_forward": "上年报告“四、结转下年度继续办理”一行的7个数（用于跨年度核对）",
}
REQUIRED = ("agency", "county", "township", "year", "ledger_dir")
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
    overview: str = ""
    problems: str = ""
    other_items: tuple[OtherItem, ...] = ()
    sign_off_date: str = ""
    previous_carried_forward: tuple[int, ...] | None = None  # last year's published 四, 7 numbers
    prose_files: tuple[Path, ...] = ()  # the Markdown files the prose came from
    raw: dict = field(default_factory=dict, compare=False)

    @property
    def title(self) -> str:
        """The official title: <机关全称><Y>年政府信息公开工作年度报告."""
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"


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


def _prose_values(data: dict) -> list[tuple[str, object]]:
    """(name, value) of every prose field of a params file, in order."""
    items = [("overview", data.get("overview")), ("problems", data.get("problems"))]
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
    tree = params_tree(path)
    if Path(named).is_absolute() or target.suffix.lower() != ".md" or not target.is_relative_to(tree):
        raise ParamsError(f"参数文件 {path.name}：「{name}」引用的文件「{named}」不允许：只能引用参数目录 {tree.name}/ 之内的"
                          f" Markdown 文件（.md），用相对于参数文件所在目录的路径，如 {{file: {path.stem}-概述.md}}。")
    if not target.is_file():
        raise ParamsError(f"参数文件 {path.name}：「{name}」引用的文件 {target.name} 不存在。请检查文件名（相对于参数文件所在目录）。")
    return bounds.read_prose(target, path, name)


def _seven_counts(value, path: Path) -> tuple[int, ...] | None:
    """Last year's published 四 row: seven non-negative whole numbers, or None when not given."""
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 7 and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)):
        raise ParamsError(f"参数文件 {path.name}：previous_carried_forward 应为7个非负整数（自然人、商业企业、科研机构、"
                          f"社会公益组织、法律服务机构、其他、总计），如 [1, 0, 0, 0, 0, 0, 1]；现为 {value}。")
    return tuple(value)


def load_params(path: str | Path) -> ReportParams:
    """Read and validate a params YAML file; every mistake is a ``ParamsError`` in Chinese."""
    path = Path(path)
    if not path.is_file():
        raise ParamsError(f"参数文件 {path} 不存在。请检查路径，参数文件应位于 params/<县>/<乡镇>/<年度>.yaml。")
    data = bounds.load_yaml(path)
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
        overview=prose["overview"],
        problems=prose["problems"],
        other_items=tuple(OtherItem(str(item["title"]).strip(), prose[f"other_items[{i}]"]) for i, item in enumerate(items)),
        prose_files=tuple(f for _, v in _prose_values(data) if (f := prose_file(v, base)) is not None),
        sign_off_date=str(data.get("sign_off_date") or ""),
        previous_carried_forward=_seven_counts(data.get("previous_carried_forward"), path),
        raw=data,
    )


def fill_placeholders(text: str, stats: dict, where: str) -> str:
    """Replace ``{key}`` with the computed figure; an unknown key is an error naming it."""
    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in stats:
            raise ParamsError(f"{where}中的占位符 {{{key}}} 未知。可用的占位符见 docs/统计项.md，例如 {{applications_received}}。")
        value = stats[key]
        return f"{value:g}" if isinstance(value, float) else str(value)

    return _PLACEHOLDER.sub(replace, text)
