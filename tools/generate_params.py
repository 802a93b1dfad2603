"""Write params/南召县/<township>/<year>.yaml for every sample township-year (2019–2024).

Deterministic: the same files on every run. 城关镇 2020 uses the seed report's own prose
(the Markdown files beside its params file, committed by hand); every other report
gets template prose whose figures are placeholders filled from the computed data.

    python tools/generate_params.py [PARAMS_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

COUNTY = "南召县"
TOWNSHIPS = ("城关镇", "白土岗镇", "云阳镇", "皇路店镇", "南河店镇", "板山坪镇", "乔端镇", "留山镇",
             "小店乡", "四棵树乡", "崔庄乡", "石门乡", "太山庙乡", "马市坪乡", "城郊乡", "皇后乡")
YEARS = range(2019, 2025)
SEED = ("城关镇", 2020)

OVERVIEW = """\
（一）主动公开。{year}年，{agency}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，通过县人民政府门户网站、{short}便民服务中心公开栏和各村政务公开栏主动公开政府信息。全年制发行政规范性文件{{documents_made}}件，作出行政许可决定{{licensing_decisions}}件、行政处罚决定{{penalty_decisions}}件。
（二）依申请公开。全年新收政府信息公开申请{{applications_received}}件，上年结转{{applications_carried_over}}件，办结{{applications_closed}}件，结转下年度继续办理{{applications_carried_forward}}件，均在法定期限内答复。
（三）政府信息管理。严格落实政府信息公开审查制度，公开前对信息进行保密审查，及时更新政府信息公开指南和公开目录。
（四）政府信息公开平台建设。依托县人民政府门户网站{short}专栏发布信息，做好便民服务中心公开栏和村级公开栏的日常维护。
（五）监督保障。将政务公开工作纳入年度目标考核，主动接受群众和社会监督；全年受理“12345”政府热线工单{{hotline_received}}条，按时限办结{{hotline_closed_on_time}}条。全年未发生因政务公开工作引发的责任追究情况。
"""

PROBLEMS = """\
{rectified}1.部分工作人员对政务公开工作的认识还不够到位，信息发布的及时性有待提高；
2.公开内容的深度和广度不够，解读回应工作相对薄弱。
### 改进措施
1.加强业务培训，提高工作人员的政策水平和业务能力，确保信息发布及时、准确。
2.围绕群众关心关注的重点领域，拓展公开内容，做好政策解读和回应关切。
3.健全政务公开工作机制，压实工作责任，强化监督检查。
"""


def agency(township: str) -> str:
    """The agency's full name, e.g. 南召县小店乡人民政府."""
    return f"{COUNTY}{township}人民政府"


def _block(text: str) -> str:
    return "|\n" + "".join(f"  {line}\n" for line in text.rstrip("\n").splitlines())


def params_text(township: str, year: int) -> str:
    """The YAML text of one params file."""
    head = (
        f"# {COUNTY}{township} {year} 年政府信息公开工作年度报告参数\n"
        f"agency: {agency(township)}\n"
        f"county: {COUNTY}\n"
        f"township: {township}\n"
        f"year: {year}\n"
        f"ledger_dir: ../../../data/sample/{COUNTY}/{township}\n"
        "level: 乡镇\n"
        f"sign_off_date: {year + 1}年1月20日\n"
    )
    if (township, year) == SEED:
        return head + (
            f"overview: {{file: {year}-总体情况.md}}\n"
            f"problems: {{file: {year}-问题.md}}\n"
            "other_items:\n"
            "  - title: 全年主动公开情况\n"
            f"    file: {year}-主动公开.md\n"
        )
    short = township
    rectified = f"{year - 1}年度报告中提出的问题已逐项整改到位。本年度仍存在以下问题：\n" if year >= 2021 else ""
    return head + (
        "overview: " + _block(OVERVIEW.format(year=year, agency=agency(township), short=short))
        + "problems: " + _block(PROBLEMS.format(rectified=rectified))
    )


def main(out: Path) -> None:
    for township in TOWNSHIPS:
        for year in YEARS:
            path = out / COUNTY / township / f"{year}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(params_text(township, year), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "params")
