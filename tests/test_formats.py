"""The two national layouts as data: row labels, columns, blocks, and the format of a year."""

import pytest

from gk_helpers.base.formats import (
    APPLICANT_TYPES,
    OUTCOMES,
    SECTION2_BLOCKS,
    SECTION3_COLUMNS,
    SECTION4_COLUMNS,
    format_for_year,
    section3_rows,
)
from gk_helpers.base.errors import ParamsError

COMMON_HEAD = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开/1.属于国家秘密",
    "（三）不予公开/2.其他法律行政法规禁止公开",
    "（三）不予公开/3.危及“三安全一稳定”",
    "（三）不予公开/4.保护第三方合法权益",
    "（三）不予公开/5.属于三类内部事务信息",
    "（三）不予公开/6.属于四类过程性信息",
    "（三）不予公开/7.属于行政执法案卷",
    "（三）不予公开/8.属于行政查询事项",
    "（四）无法提供/1.本机关不掌握相关政府信息",
    "（四）无法提供/2.没有现成信息需要另行制作",
    "（四）无法提供/3.补正后申请内容仍不明确",
    "（五）不予处理/1.信访举报投诉类申请",
    "（五）不予处理/2.重复申请",
    "（五）不予处理/3.要求提供公开出版物",
    "（五）不予处理/4.无正当理由大量反复申请",
    "（五）不予处理/5.要求行政机关确认或重新出具已获取信息",
]
COMMON_TAIL = ["（七）总计", "四、结转下年度继续办理"]
OTHER_2021 = [
    "（六）其他处理/1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "（六）其他处理/2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "（六）其他处理/3.其他",
]
LABELS = {
    "2019": COMMON_HEAD + ["（六）其他处理"] + COMMON_TAIL,
    "2021": COMMON_HEAD + OTHER_2021 + COMMON_TAIL,
}


@pytest.mark.parametrize("fmt, count", [("2019", 23), ("2021", 25)])
def test_section3_row_count(fmt, count):
    assert len(section3_rows(fmt)) == count


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_section3_labels_exact(fmt):
    assert [r.label for r in section3_rows(fmt)] == LABELS[fmt]


def test_section3_roles_in_order():
    roles = [r.role for r in section3_rows("2021")]
    assert roles[:2] == ["received", "carried_over"]
    assert roles[-2:] == ["closed_total", "carried_forward"]
    assert set(roles[2:-2]) == {"outcome"}


def test_2019_collapses_other_handling_into_one_row():
    row = next(r for r in section3_rows("2019") if r.label == "（六）其他处理")
    assert [OUTCOMES[c] for c in row.outcomes] == [
        "其他处理-申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他处理-其他",
    ]
    assert row.group == ""


def test_2021_leaf_rows_carry_group_and_leaf_cells():
    row = section3_rows("2021")[4]
    assert (row.group, row.leaf) == ("（三）不予公开", "1.属于国家秘密")
    assert [OUTCOMES[c] for c in row.outcomes] == ["不予公开-属于国家秘密"]


@pytest.mark.parametrize("fmt", ["2019", "2021"])
def test_every_outcome_has_exactly_one_row(fmt):
    codes = [c for r in section3_rows(fmt) for c in r.outcomes]
    assert sorted(codes) == list(range(len(OUTCOMES))) == list(range(21))


def test_columns():
    assert SECTION3_COLUMNS == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    assert APPLICANT_TYPES == SECTION3_COLUMNS[:-1]
    assert SECTION4_COLUMNS[:5] == ("行政复议/结果维持", "行政复议/结果纠正", "行政复议/其他结果", "行政复议/尚未审结", "行政复议/总计")
    assert SECTION4_COLUMNS[5] == "未经复议直接起诉/结果维持"
    assert SECTION4_COLUMNS[14] == "复议后起诉/总计"
    assert len(SECTION4_COLUMNS) == 15


def _layout(fmt):
    return [(b.item, b.columns, tuple(label for label, _ in b.rows)) for b in SECTION2_BLOCKS[fmt]]


def test_section2_layout_2019():
    assert _layout("2019") == [
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), ("规章", "规范性文件")),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政许可", "其他对外管理服务事项")),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), ("行政处罚", "行政强制")),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), ("行政事业性收费",)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额（万元）"), ("政府集中采购",)),
    ]


def test_section2_layout_2021():
    assert _layout("2021") == [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), ("规章", "行政规范性文件")),
        ("第二十条第（五）项", ("本年处理决定数量",), ("行政许可",)),
        ("第二十条第（六）项", ("本年处理决定数量",), ("行政处罚", "行政强制")),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), ("行政事业性收费",)),
    ]


def test_section2_every_row_has_one_cell_per_column():
    for fmt in ("2019", "2021"):
        for block in SECTION2_BLOCKS[fmt]:
            for _, cells in block.rows:
                assert len(cells) == len(block.columns)


@pytest.mark.parametrize(
    "year, override, expected",
    [
        (2019, None, "2019"),
        (2020, None, "2019"),
        (2021, None, "2021"),
        (2024, None, "2021"),
        (2020, "", "2019"),
        (2022, "2019", "2019"),
        (2020, "2021", "2021"),
        (2020, 2021, "2021"),
        (2023, " 2019 ", "2019"),
    ],
)
def test_format_for_year(year, override, expected):
    assert format_for_year(year, override) == expected


@pytest.mark.parametrize("override", ["2020", "2022", "试行", "v2019"])
def test_bad_format_override(override):
    with pytest.raises(ParamsError, match=f"报告格式「{override}」无效"):
        format_for_year(2021, override)
