"""A published report as its publisher printed it: the facts of one corpus document.

Every cell is kept as the text printed ("" for a blank cell, "73802895.90元", a garbled row
label), the headings as printed (「四、政府信息公开行政法复议、行政诉讼情况」), the title on the
lines it was printed on. The prose is a short restatement of the original's that keeps every
figure statement, date and year it made (the facts the checks read), not its wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field

HEADINGS = ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项")
COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")

#: Section 三 rows: (short key, group label, leaf label). The short keys name rows in the documents.
_HEAD = [("一", "", "一、本年新收政府信息公开申请数量"), ("二", "", "二、上年结转政府信息公开申请数量")]
_MID = [
    ("公开", "", "（一）予以公开"), ("部分", "", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三1", "（三）不予公开", "1.属于国家秘密"), ("三2", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("三3", "（三）不予公开", "3.危及“三安全一稳定”"), ("三4", "（三）不予公开", "4.保护第三方合法权益"),
    ("三5", "（三）不予公开", "5.属于三类内部事务信息"), ("三6", "（三）不予公开", "6.属于四类过程性信息"),
    ("三7", "（三）不予公开", "7.属于行政执法案卷"), ("三8", "（三）不予公开", "8.属于行政查询事项"),
    ("四1", "（四）无法提供", "1.本机关不掌握相关政府信息"), ("四2", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("四3", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("五1", "（五）不予处理", "1.信访举报投诉类申请"), ("五2", "（五）不予处理", "2.重复申请"),
    ("五3", "（五）不予处理", "3.要求提供公开出版物"), ("五4", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("五5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
_SIX = {
    "2019": [("六", "", "（六）其他处理")],
    "2021": [("六1", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
             ("六2", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
             ("六3", "（六）其他处理", "3.其他")],
}
_TAIL = [("七", "", "（七）总计"), ("四", "", "四、结转下年度继续办理")]


def row_keys(layout: str) -> list[str]:
    """The short keys of section 三's rows in ``layout``, in printed order."""
    return [key for key, _, _ in _HEAD + _MID + _SIX[layout] + _TAIL]


@dataclass
class Row3:
    """One printed row of section 三: its label cells and its seven cells as printed."""

    key: str
    group: str
    leaf: str
    cells: list[str]


def section3(layout: str, values: dict[str, str], blank: str = "0", labels: dict[str, str] | None = None) -> list[Row3]:
    """Section 三 rows of ``layout``: ``values`` maps a short key to seven cells ("21 0 0 0 0 0 21",
    "_" for a blank cell); rows not given print ``blank`` in every cell. ``labels`` replaces a leaf
    label as printed (a garble, a line break)."""
    rows = []
    for key, group, leaf in _HEAD + _MID + _SIX[layout] + _TAIL:
        text = values.get(key)
        cells = [blank] * 7 if text is None else ["" if v == "_" else v for v in text.split()]
        assert len(cells) == 7, (key, text)
        rows.append(Row3(key, group, (labels or {}).get(key, leaf), cells))
    assert not set(values) - {r.key for r in rows}, set(values) - {r.key for r in rows}
    return rows


@dataclass
class Block2:
    """One block of section 二: its caption, column headers and rows, as printed."""

    caption: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]


def section2(layout: str, values: dict[str, str], headers: dict[str, list[str]] | None = None) -> list[Block2]:
    """Section 二 of ``layout``: ``values`` maps a row label to its cells ("13 13 524"; "_" blank)."""
    shape = {
        "2019": [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["规章", "规范性文件"]),
                 ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "其他对外管理服务事项"]),
                 ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["行政处罚", "行政强制"]),
                 ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], ["行政事业性收费"]),
                 ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["政府集中采购"])],
        "2021": [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "行政规范性文件"]),
                 ("第二十条第（五）项", ["本年处理决定数量"], ["行政许可"]),
                 ("第二十条第（六）项", ["本年处理决定数量"], ["行政处罚", "行政强制"]),
                 ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["行政事业性收费"])],
    }[layout]
    blocks = []
    for caption, columns, labels in shape:
        columns = (headers or {}).get(caption, columns)
        rows = []
        for label in labels:
            printed_label, text = next(((k, v) for k, v in values.items() if k == label or k.endswith("=" + label)),
                                       (label, " ".join(["0"] * len(columns))))
            cells = ["" if v == "_" else v for v in text.split()]
            assert len(cells) == len(columns), (label, text)
            rows.append((printed_label.split("=")[0], cells))
        blocks.append(Block2(caption, columns, rows))
    return blocks


@dataclass
class Report:
    """One corpus document: what was printed and where it came from."""

    id: str
    agency: str  # the publishing agency (sources file)
    year: int
    layout: str  # the layout printed
    form: str  # how the original was published: html / pdf / docx
    producer: str  # how this reconstruction is made: cms-pingtan, cms-shanghai, saved-shuyang, wps, chromium,
    #                docx, docx-pdf
    source: str  # where the original came from
    title_lines: list[str]  # the title as printed, line by line
    preamble: list[str]
    prose: dict[int, list[str]]  # section 1 / 5 / 6 → paragraphs (sub-headings included); 2–4: notes printed under the table
    s2: list[Block2]
    s3: list[Row3]
    s4: list[str]
    headings: dict[int, str] = field(default_factory=dict)  # headings printed otherwise than the official ones
    sign_off: tuple[str, str] | None = None  # (agency line, date line)
    published: str = ""  # the site's 发布时间
    extra: dict = field(default_factory=dict)  # producer-specific: markup variant, site …

    def heading(self, i: int) -> str:
        """Section heading ``i`` (1–6) as printed."""
        return self.headings.get(i, HEADINGS[i - 1])
