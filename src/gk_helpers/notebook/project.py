"""Start a working project anywhere: ``gk init`` lays out params, prose, ledger workbooks and notebooks.

    FOLDER/
      params/<县>/<乡镇>/<年>.yaml          ledger_dir: ../../../data/<县>/<乡镇>
      params/<县>/<乡镇>/<年>-总体情况.md    section 一, standard headings, {placeholders}
      params/<县>/<乡镇>/<年>-问题.md        section 五
      params/<县>/乡镇顺序.txt              the county's township order (the order of --township)
      data/<县>/<乡镇>/台账.xlsx            the template (``ledger.template``)
      data/<县>/<乡镇>/台账映射.yaml        覆盖年度: the years given (``ledger.coverage``)
      notebooks/annual_report.ipynb         the packaged notebooks, parameters set to the
      notebooks/county_summary.ipynb        first township and year
      notebooks/explore.ipynb
      .gitignore                            outputs/

Nothing that exists is overwritten — a file, a folder or a link (even a broken one) at a path is
left as it is: re-running adds what is missing (new townships are added at the end
of the ordering file). County and township names follow ``gk run``'s
rules (``base.bounds.name_problem``), and the params file is written by a YAML serializer from a
plain dict of fields (``params_fields``), never by formatting strings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..base.bounds import dump_yaml, name_problem
from ..base.controls import one_line_problem, printable
from ..base.errors import ParamsError
from ..base.files import write_atomic, write_new
from ..ledger.mapping import MAPPING_NAME, YEARS_KEY, load_mapping
from ..ledger.schema import WORKBOOK_NAME
from ..ledger.template import template_bytes
from ..base.townships import ORDER_FILE, parse_order

NOTEBOOKS = ("annual_report.ipynb", "county_summary.ipynb", "explore.ipynb")
#: how the prose skeletons mark what a person still has to write
PROMPT = "【请填写"


def packaged_notebook(name: str) -> Path:
    """A notebook shipped inside the package (``gk_helpers/notebooks/``)."""
    return Path(str(resources.files("gk_helpers.notebooks").joinpath(name)))


@dataclass
class InitResult:
    """What ``init_project`` wrote and what it found already there (and left alone)."""

    folder: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    extended: list[Path] = field(default_factory=list)  # the ordering file, new townships added at its end
    links: list[Path] = field(default_factory=list)  # of ``kept``: symbolic links (never followed, never replaced)
    #: what a person still has to do in a file that was kept (a year missing from 覆盖年度)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """The Chinese lines ``gk init`` prints."""
        lines = [f"项目目录：{self.folder}"]
        lines += [f"  新建 {p.relative_to(self.folder)}" for p in self.created]
        lines += [f"  补充 {p.relative_to(self.folder)}（新的乡镇加在末尾）" for p in self.extended]
        if self.kept:
            lines.append(f"  已存在、未改动 {len(self.kept)} 个文件")
        lines += [f"  已存在的符号链接、未改动：{p.relative_to(self.folder)}" for p in self.links]
        lines += [f"  注意：{note}" for note in self.notes]
        lines.append("下一步：在 data/ 下的 台账.xlsx 中填写台账，核对 params/ 中的机关全称并编写文字，然后在本目录运行 gk run。")
        return "\n".join(lines)


def _name(value: str, what: str) -> str:
    """A county or township name by ``gk run``'s rules (its outputs' file names), or a ParamsError."""
    text = value.strip()
    problem = "不能为空" if text in ("", ".", "..") else name_problem(text)
    if problem:
        raise ParamsError(f"{what}「{printable(value, allowed=())}」无效：{problem}。")
    return text


def _agency(value: str) -> str:
    text = value.strip()
    if one_line_problem(text):
        raise ParamsError(f"机关全称「{printable(value, allowed=())}」无效：含有控制字符（如换行）。")
    return text


def init_project(folder: str | Path, county: str, townships: list[str], years: list[int], agency: str = "") -> InitResult:
    """Create (or complete) a project in ``folder`` for the townships and years given."""
    folder = Path(folder)
    county = _name(county, "县（区）")
    townships = [_name(t, "乡镇（街道）") for t in townships]
    agency = _agency(agency)
    if not townships:
        raise ParamsError("请至少用 --township 指定一个乡镇（街道）。")
    if not years:
        raise ParamsError("请至少用 --year 指定一个报告年度。")
    if agency and len(townships) > 1:
        raise ParamsError("--agency（机关全称）只能与一个 --township 同用；多个乡镇请分别运行 gk init，或事后在参数文件中修改。")
    for year in years:
        if not 2008 <= year <= 2100:
            raise ParamsError(f"报告年度「{year}」无效，应为四位数年份，如 2023。")
    if folder.exists() and not folder.is_dir():
        raise ParamsError(f"{folder} 是一个文件，不是目录。请换一个项目目录。")
    result = InitResult(folder)
    for township in townships:
        params_dir = folder / "params" / county / township
        for year in sorted(set(years)):
            _add(result, params_dir / f"{year}.yaml", params_yaml(county, township, year, agency))
            _add(result, params_dir / f"{year}-总体情况.md", overview_md(year))
            _add(result, params_dir / f"{year}-问题.md", problems_md(year))
        _add(result, folder / "data" / county / township / WORKBOOK_NAME, template_bytes())
        _declare_years(result, folder / "data" / county / township / MAPPING_NAME, years)
    _order(result, folder / "params" / county / ORDER_FILE, townships)
    for name in NOTEBOOKS:
        _add(result, folder / "notebooks" / name, notebook_text(name, county, townships[0], min(years)))
    _add(result, folder / ".gitignore", "/outputs/\n.ipynb_checkpoints/\n")
    return result


def _declare_years(result: InitResult, path: Path, years: list[int]) -> None:
    """Write the folder's 覆盖年度; a mapping file already there is kept, and a year it lacks is pointed out."""
    _add(result, path, covered_years_yaml(years))
    if path in result.created:
        return
    mapping, _ = load_mapping(path.parent)
    missing = sorted(set(years) - set(mapping.years))
    if missing:
        result.notes.append(f"{path.relative_to(result.folder)} 已存在，未改动，其中的「{YEARS_KEY}」没有 "
                            f"{'、'.join(map(str, missing))}：该年度的台账中没有任何记录时，请把它加入「{YEARS_KEY}」。")


def _add(result: InitResult, path: Path, content: str | bytes) -> None:
    if write_new(path, content):
        result.created.append(path)
    else:
        result.kept.append(path)
        if path.is_symlink():
            result.links.append(path)


def params_fields(county: str, township: str, year: int, agency: str = "") -> dict:
    """What ``gk init`` puts in ``params/<县>/<乡镇>/<年>.yaml``: key → value, in order (one line per field)."""
    level = "街道" if township.endswith("街道") else "乡镇"
    return {
        "agency": agency or (f"{county}{township}办事处" if level == "街道" else f"{county}{township}人民政府"),
        "county": county,
        "township": township,
        "year": year,
        "ledger_dir": f"../../../data/{county}/{township}",
        "level": level,
        "sign_off_date": f"{year + 1}年1月20日",
        "lead": LEAD,
        "overview": {"file": f"{year}-总体情况.md"},
        "problems": {"file": f"{year}-问题.md"},
    }


def _order(result: InitResult, path: Path, townships: list[str]) -> None:
    """Record the townships' order (``townships.ORDER_FILE``); an existing file only gets the new names at its end."""
    head = "# 本县乡镇的排列顺序（每行一个）：汇总页、县级汇总和汇总表按此顺序列出；未列出的乡镇按拼音排在后面。\n"
    if write_new(path, head + "".join(f"{t}\n" for t in townships)):
        result.created.append(path)
        return
    if path.is_symlink() or not path.is_file():  # a link or a folder in the way: left as it is, like any other file
        result.kept.append(path)
        result.links += [path] if path.is_symlink() else []
        return
    text = path.read_text(encoding="utf-8-sig")
    new = [t for t in dict.fromkeys(townships) if t not in parse_order(text)]
    if new:
        write_atomic(path, text + ("" if text.endswith("\n") or not text else "\n") + "".join(f"{t}\n" for t in new))
        result.extended.append(path)
    else:
        result.kept.append(path)


def params_yaml(county: str, township: str, year: int, agency: str = "") -> str:
    """A params file whose ledger_dir points at data/<县>/<乡镇> from params/<县>/<乡镇>/ (a YAML serializer's text)."""
    return dump_yaml(params_fields(county, township, year, agency),
                     f"{county}{township} {year} 年政府信息公开工作年度报告参数（gk init 生成；请核对机关全称和落款日期）\n"
                     "lead 是导语：{…} 由工具包填入，【请填写】处请改为本单位的网址、地址和电话")


#: The lead paragraph's standard sentences: the 条例 and the format notice, who compiled it, the statistical period,
#: where the electronic version is and whom to ask. ``{…}`` are filled from the report (see ``params.report_placeholders``).
LEAD = (
    "本报告根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和《中华人民共和国政府信息公开工作"
    "年度报告格式》（{format_notice}）要求，由{agency}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息"
    "公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的"
    "统计期限自{period_start}起至{period_end}止。本报告电子版可在{county}人民政府门户网站（【请填写：网址】）查阅或下载。"
    "如对本报告有疑问，请与{agency}【请填写：承办机构，如党政办公室】联系（地址：【请填写：地址】，邮编：【请填写：邮编】，"
    "电话：【请填写：电话】）。"
)



def covered_years_yaml(years: list[int]) -> str:
    """The ledger folder's 台账映射.yaml: the years the ledgers cover, so a year without any record still gets its report."""
    head = (f"台账映射（gk init 生成，见 docs/台账约定.md）\n"
            f"{YEARS_KEY}：台账包括这些年度的全部记录。某年度的台账中没有任何记录（全年没有申请、案件等）时，\n"
            f"只要该年度写在这里，就生成各项为0的报告；没有写的年度会报错，以免把报告年度写错。新增年度时请补上。")
    example = "# 沿用本单位原有台账的列名或写法时，在下面按台账类别写出对照，例如：\n# 依申请公开:\n#   列:\n#     答复形式: 办理结果\n"
    return dump_yaml({YEARS_KEY: sorted(set(years))}, head) + example


def overview_md(year: int) -> str:
    """Section 一 with the five standard headings; the figures are whole-sentence placeholders the kit writes from the
    ledgers (a year without applications reads 全年未收到政府信息公开申请, not 申请0件)."""
    return (
        f"（一）主动公开。【请填写：{year}年主动公开工作的做法和成效。】{{decisions_summary}}\n\n"
        "（二）依申请公开。{applications_summary}【请填写：答复是否及时、规范。】\n\n"
        "（三）政府信息管理。【请填写：公开前保密审查、公开指南和目录更新等情况。】\n\n"
        "（四）政府信息公开平台建设。【请填写：门户网站专栏、公开栏等平台的建设和维护情况。】\n\n"
        "（五）监督保障。【请填写：考核、培训、社会评议和责任追究情况。】"
        "{hotline_summary}\n"
    )


def unfilled_prompts(params) -> list[str]:
    """A warning for each prose field that still holds 【请填写…】 prompts of the skeleton."""
    fields = [("导语", params.lead), ("总体情况", params.overview), ("存在的主要问题及改进情况", params.problems)]
    fields += [(f"其他事项「{item.title}」", item.text) for item in params.other_items]
    return [f"参数文件 {params.path.name} 的{name}中还有 {text.count(PROMPT)} 处【请填写】未编写，发布前请补写并删去提示。"
            for name, text in fields if PROMPT in text]


def problems_md(year: int) -> str:
    """Section 五: last year's problems and their fixes, this year's problems, the measures."""
    return (
        f"【请填写：{year - 1}年度报告中提出的问题及整改情况。】本年度仍存在以下问题：\n\n"
        "1.【请填写：存在的主要问题。】\n\n"
        "### 改进措施\n\n"
        "1.【请填写：改进措施。】\n"
    )


def notebook_text(name: str, county: str, township: str, year: int) -> str:
    """A packaged notebook whose parameters cell opens on this project's first township-year."""
    nb = json.loads(packaged_notebook(name).read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            cell["source"] = _with_defaults("".join(cell["source"]), county, township, year)
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


_PARAMETER = re.compile(r"^(?P<name>county|township|year)(?P<annotation>\s*:\s*\w+)?(?P<eq>\s*=\s*)(?P<value>[^#\n]*?)(?P<rest>\s*#.*)?$")


def _with_defaults(source: str, county: str, township: str, year: int) -> str:
    """The parameters cell with county, township and year set (annotations and comments kept)."""
    values = {"county": json.dumps(county, ensure_ascii=False), "township": json.dumps(township, ensure_ascii=False),
              "year": str(year)}
    lines = []
    for line in source.split("\n"):
        match = _PARAMETER.match(line)
        if match:
            line = f"{match['name']}{match['annotation'] or ''}{match['eq']}{values[match['name']]}{match['rest'] or ''}"
        lines.append(line)
    return "\n".join(lines)
