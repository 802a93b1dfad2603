"""Write params/南召县/<township>/<year>.yaml for every sample township-year (2019–2024).

Deterministic: the same files on every run. 城关镇 2020 uses the seed report's own prose
(the Markdown files beside its params file, committed by hand); every other report gets
template prose whose figures are placeholders filled from the computed data. The prose is
put together from several wordings of each paragraph, chosen so that no two townships of a
year and no township in two consecutive years write the same text (check P3 would rightly
flag that). From 2020 on each file carries a ``previous:`` block, as an office types it
from last year's published report.

A few reports carry, on purpose, the defects the evaluators' checks look for (``DEFECTS``),
so the review pages and the county index show each check failing somewhere:
a mistyped figure (P1), another year named as the report year (P2), last year's 总体情况
copied (P3), no word on last year's problems (P4), fees collected but "未收取任何费用" (P5),
a wrong figure typed into ``previous:`` (C1, C2) and a late sign-off (T1). The reply-deadline
cases (D1, D2, P6) are in the sample ledgers (tools/generate_sample.py).

    python tools/generate_params.py [PARAMS_DIR]
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
try:
    import gk_helpers  # noqa: F401
except ImportError:  # run with a Python that does not have the kit installed
    sys.path.insert(0, str(ROOT / "src"))

from gk_helpers.ledger.ledgers import load_ledgers  # noqa: E402
from gk_helpers.report import compute  # noqa: E402
from gk_helpers.base.townships import ORDER_FILE  # noqa: E402

COUNTY = "南召县"
TOWNSHIPS = ("城关镇", "白土岗镇", "云阳镇", "皇路店镇", "南河店镇", "板山坪镇", "乔端镇", "留山镇",
             "小店乡", "四棵树乡", "崔庄乡", "石门乡", "太山庙乡", "马市坪乡", "城郊乡", "皇后乡")
YEARS = range(2019, 2025)
SEED = ("城关镇", 2020)

#: Four wordings of each paragraph of 总体情况 ({y}: year, {a}: agency, {s}: township; {{…}}: placeholders).
OVERVIEW = (
    (
        "（一）主动公开。{y}年，{a}认真贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”，"
        "通过县人民政府门户网站、{s}便民服务中心公开栏和各村政务公开栏主动公开政府信息。全年制发行政规范性文件{{documents_made}}件，"
        "作出行政许可决定{{licensing_decisions}}件、行政处罚决定{{penalty_decisions}}件。",
        "（一）主动公开。围绕乡村振兴、民生保障和重大项目建设，{s}把财政预决算、惠农补贴发放、村级“三资”管理等群众关心的事项"
        "作为公开重点，按月梳理公开清单。本年度制发行政规范性文件{{documents_made}}件，办理行政许可{{licensing_decisions}}件，"
        "实施行政处罚{{penalty_decisions}}件，均在门户网站专栏公开。",
        "（一）主动公开。{s}党委、政府将政务公开列入全年重点工作，班子成员分片包干督促落实。一年来，在县政府网站{s}栏目及时发布"
        "机构职能、领导分工、财政资金、项目建设等信息，共制发规范性文件{{documents_made}}件；行政许可决定{{licensing_decisions}}件、"
        "行政处罚决定{{penalty_decisions}}件全部按规定公示。",
        "（一）主动公开。坚持公开与宣传相结合，{s}利用村村通广播、微信工作群和便民服务大厅电子屏，把防汛抗旱、疫情防控、"
        "秸秆禁烧、耕地保护等信息送到群众身边。全年印发规范性文件{{documents_made}}件，作出许可决定{{licensing_decisions}}件、"
        "处罚决定{{penalty_decisions}}件，公开内容更加贴近群众需求。",
    ),
    (
        "（二）依申请公开。全年新收政府信息公开申请{{applications_received}}件，上年结转{{applications_carried_over}}件，"
        "办结{{applications_closed}}件，结转下年度继续办理{{applications_carried_forward}}件，均在法定期限内答复。",
        "（二）依申请公开。规范受理、登记、审核、答复流程，实行专人负责、限时办结。本年度收到政府信息公开申请{{applications_received}}件，"
        "连同上年结转的{{applications_carried_over}}件，共办结{{applications_closed}}件，全部按时答复。",
        "（二）依申请公开。对群众提出的每一件申请都建立台账、跟踪办理，本年共受理政府信息公开申请{{applications_received}}件，"
        "已办结{{applications_closed}}件，尚有{{applications_carried_forward}}件转入下一年度办理，已办结的申请均在规定时限内办结。",
        "（二）依申请公开。畅通当面、信函和网上申请渠道，答复文书统一审核把关。年内新收申请{{applications_received}}件，"
        "办结{{applications_closed}}件，答复无一逾期，未发生因答复不规范被纠错的情况。",
    ),
    (
        "（三）政府信息管理。严格落实政府信息公开审查制度，公开前对信息进行保密审查，及时更新政府信息公开指南和公开目录。",
        "（三）政府信息管理。建立“谁制作、谁公开，谁保存、谁公开”的责任机制，对拟公开信息实行经办人初审、分管领导审核、主要领导审签的三级审查。",
        "（三）政府信息管理。开展历年文件清理，对失效、废止的规范性文件逐件标注，动态调整主动公开基本目录，做到底数清、分类准。",
        "（三）政府信息管理。把个人隐私保护贯穿公开全过程，对涉及身份证号码、银行账号、家庭住址的内容一律去标识化处理后再公开。",
    ),
    (
        "（四）政府信息公开平台建设。依托县人民政府门户网站{s}专栏发布信息，做好便民服务中心公开栏和村级公开栏的日常维护。",
        "（四）政府信息公开平台建设。对各村公开栏统一规格、统一版面，更换破损栏板，公开内容按季度更新并拍照存档备查。",
        "（四）政府信息公开平台建设。在便民服务中心设立政府信息查阅点，配备查阅电脑和纸质资料，方便不会上网的老年群众查询。",
        "（四）政府信息公开平台建设。整合网站专栏、政务新媒体和村务公开栏，形成线上线下同步发布、互为补充的公开矩阵。",
    ),
    (
        "（五）监督保障。将政务公开工作纳入年度目标考核，主动接受群众和社会监督；全年受理“12345”政府热线工单{{hotline_received}}条，"
        "按时限办结{{hotline_closed_on_time}}条。全年未发生因政务公开工作引发的责任追究情况。",
        "（五）监督保障。聘请人大代表、村民代表担任政务公开监督员，定期收集意见建议；“12345”热线转办工单{{hotline_received}}条，"
        "按时办结{{hotline_closed_on_time}}条，群众满意度稳步提升。",
        "（五）监督保障。镇纪委对公开工作开展专项督查，发现问题当场交办、限期整改；全年承办“12345”热线工单{{hotline_received}}条，"
        "其中按时限办结{{hotline_closed_on_time}}条。",
        "（五）监督保障。把政务公开纳入党风廉政建设责任制检查内容，实行季度通报；全年处理“12345”热线工单{{hotline_received}}条，"
        "按期办结{{hotline_closed_on_time}}条，未发生责任追究情形。",
    ),
)
#: Four wordings of this year's problems, and of the measures (section 五).
PROBLEMS = (
    "1.部分工作人员对政务公开工作的认识还不够到位，信息发布的及时性有待提高；\n2.公开内容的深度和广度不够，解读回应工作相对薄弱。",
    "1.村级公开栏更新不够及时，个别村存在内容陈旧的现象；\n2.政策解读形式单一，图解、音视频等群众喜闻乐见的解读产品较少。",
    "1.政务公开专职人员少、兼职多，业务能力参差不齐；\n2.依申请公开答复文书的规范化水平还需提高。",
    "1.重点领域信息公开的主动性不强，部分信息仍停留在“被动公开”；\n2.政务新媒体运营力量不足，互动回应不够及时。",
)
MEASURES = (
    "1.加强业务培训，提高工作人员的政策水平和业务能力，确保信息发布及时、准确。\n2.围绕群众关心关注的重点领域，拓展公开内容，做好政策解读和回应关切。\n3.健全政务公开工作机制，压实工作责任，强化监督检查。",
    "1.建立村级公开栏月检查制度，由包村干部负责督促更新。\n2.丰富解读形式，重要政策同步推出图解和短视频。\n3.把公开工作情况纳入村干部绩效考核。",
    "1.充实政务公开工作力量，保持人员相对稳定。\n2.制定依申请公开答复文书范本，逐件法制审核。\n3.每季度组织一次业务交流，以案例促规范。",
    "1.梳理重点领域公开事项清单，明确公开时限和责任人。\n2.加强政务新媒体日常管理，做到留言及时回复。\n3.邀请群众代表参与评议，以评促改。",
)
RECTIFIED = "{last}年度报告中提出的问题已逐项整改到位。本年度仍存在以下问题：\n"


def agency(township: str) -> str:
    """The agency's full name, e.g. 南召县小店乡人民政府."""
    return f"{COUNTY}{township}人民政府"


#: How the wordings move on each year: every paragraph changes, and last year's text of one
#: township stays at least 3 paragraphs away from this year's text of every other.
_YEARLY_SHIFT = (3, 3, 1, 2, 2)


def wording(township: str, year: int) -> tuple[int, ...]:
    """Which wording each paragraph uses: any two townships of a year differ in at least 3 of the 5
    paragraphs (the vectors form a code of distance 3 over Z4), and a township changes every
    paragraph from one year to the next."""
    a, b = divmod(TOWNSHIPS.index(township), 4)
    return tuple((v + year * k) % 4 for v, k in zip((a, b, a + b, a + 2 * b, a + 3 * b), _YEARLY_SHIFT))


def overview_text(township: str, year: int) -> str:
    """总体情况 of a template report."""
    return "\n".join(OVERVIEW[p][v].format(y=year, a=agency(township), s=township)
                     for p, v in enumerate(wording(township, year))) + "\n"


def problems_text(township: str, year: int, rectified: bool = True) -> str:
    """存在的主要问题及改进情况 of a template report."""
    a, b = wording(township, year)[:2]
    head = RECTIFIED.format(last=year - 1) if year >= 2021 and rectified else ""
    return head + PROBLEMS[a] + "\n### 改进措施\n" + MEASURES[b] + "\n"


@lru_cache(maxsize=None)
def _ledgers(township: str):
    return load_ledgers(ROOT / "data" / "sample" / COUNTY / township)


@lru_cache(maxsize=None)
def published(township: str, year: int):
    """A report's computed data, standing in for what was published that year."""
    return compute(_ledgers(township), year)


@lru_cache(maxsize=1)
def _first_with_fees() -> tuple[str, int]:
    """The first township-year (2021 on, in county order) whose ledger shows fees collected."""
    return next((t, y) for y in range(2021, 2025) for t in TOWNSHIPS[1:] if published(t, y).stats["fee_collected"] > 0)


#: (township, year) → what is wrong with it on purpose.
DEFECTS = {
    ("小店乡", 2021): "P1",
    ("四棵树乡", 2021): "P2",
    ("石门乡", 2022): "P3",
    ("乔端镇", 2022): "P4",
    ("崔庄乡", 2022): "C2",
    ("留山镇", 2023): "C1",
    ("太山庙乡", 2022): "T1",
}


def _block(text: str) -> str:
    return "|\n" + "".join(f"  {line}\n" for line in text.rstrip("\n").splitlines())


def previous_block(township: str, year: int, defect: str) -> str:
    """The ``previous:`` block: last year's published 四 row and (2021 format) 现行有效 figures."""
    last = published(township, year - 1)
    carried = [int(v) for v in last.section3[-1]]
    if defect == "C2":  # a slip when the figures were copied: one more 自然人 application than published
        carried[0] += 1
        carried[6] += 1
    lines = ["previous:  # 按上年已公开的年度报告填写", f"  carried_forward: {carried}  # 第三部分 四、结转下年度继续办理"]
    if last.format == "2021":
        rows = next(iter(last.section2.values()))["rows"]
        in_force = {label: rows[label][2] for label in ("规章", "行政规范性文件")}
        if defect == "C1":
            in_force["行政规范性文件"] += 2
        lines.append(f"  in_force: {{规章: {in_force['规章']}, 行政规范性文件: {in_force['行政规范性文件']}}}  # 第二部分 现行有效件数")
    return "\n".join(lines) + "\n"


def _defective_overview(township: str, year: int, defect: str) -> str:
    text = overview_text(township, year)
    if defect == "P1":  # the figure typed by hand, one too many
        typed = published(township, year).stats["applications_received"] + 1
        text = text.replace("{applications_received}", str(typed), 1)
    elif defect == "P2":  # last year's opening sentence kept
        text = text.replace("（三）", f"（三）{year - 1}年，{township}进一步健全工作制度。", 1)
    elif defect == "P3":  # last year's text pasted unchanged
        text = overview_text(township, year - 1)
    return text


def lead_text(township: str) -> str:
    """The lead paragraph (导语): the standard sentences (``{…}`` filled by the kit) and this township's contact."""
    phone = int(hashlib.sha256(township.encode()).hexdigest(), 16) % 9000 + 1000
    return ("本报告根据《中华人民共和国政府信息公开条例》（国令第711号，以下简称《条例》）和《中华人民共和国政府信息公开工作"
            "年度报告格式》（{format_notice}）要求，由{agency}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自{period_start}起至"
            "{period_end}止。本报告电子版可在南召县人民政府门户网站政府信息公开专栏查阅或下载。如对本报告有疑问，请与{agency}党政办公室联系"
            f"（地址：{COUNTY}{township}人民路1号，邮编：474650，电话：0377-660{phone}）。")


def params_text(township: str, year: int) -> str:
    """The YAML text of one params file."""
    defect = DEFECTS.get((township, year), "")
    sign_off = f"{year + 1}年2月10日" if defect == "T1" else f"{year + 1}年1月20日"
    head = (
        f"# {COUNTY}{township} {year} 年政府信息公开工作年度报告参数\n"
        f"agency: {agency(township)}\n"
        f"county: {COUNTY}\n"
        f"township: {township}\n"
        f"year: {year}\n"
        f"ledger_dir: ../../../data/sample/{COUNTY}/{township}\n"
        "level: 乡镇\n"
        f"sign_off_date: {sign_off}\n"
        f"lead: |  # 导语\n  {lead_text(township)}\n"
    )
    previous = previous_block(township, year, defect) if year > YEARS[0] else ""
    if (township, year) == SEED:
        return head + previous + (
            f"overview: {{file: {year}-总体情况.md}}\n"
            f"problems: {{file: {year}-问题.md}}\n"
            "other_items:\n"
            "  - title: 全年主动公开情况\n"
            f"    file: {year}-主动公开.md\n"
        )
    text = head + previous + "overview: " + _block(_defective_overview(township, year, defect))
    text += "problems: " + _block(problems_text(township, year, rectified=defect != "P4"))
    if (township, year) == _first_with_fees():  # P5: the fee ledger says otherwise
        text += "other_items:\n  - title: 政府信息公开收费情况\n    text: 本年度办理政府信息公开申请，未收取任何费用。\n"
    return text


def main(out: Path) -> None:
    (out / COUNTY).mkdir(parents=True, exist_ok=True)
    (out / COUNTY / ORDER_FILE).write_text(
        "# 本县乡镇的排列顺序（每行一个）：汇总页、县级汇总和汇总表按此顺序列出；未列出的乡镇按拼音排在后面。\n"
        + "".join(f"{t}\n" for t in TOWNSHIPS), encoding="utf-8")
    for township in TOWNSHIPS:
        for year in YEARS:
            path = out / COUNTY / township / f"{year}.yaml"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(params_text(township, year), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "params")
