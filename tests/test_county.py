"""The analyst's county view (gk.county) and ctx.deadlines(): the same frames as one report's, stacked, with 乡镇 and 年度."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from gk_helpers import notebook as gk
from gk_helpers.base.errors import GkError, ParamsError

ROOT = Path(__file__).resolve().parents[1]
PARAMS = ROOT / "params"
DEADLINE_HEADERS = ["申请编号", "收到日期", "起算日", "答复期限", "办结日期", "状态", "逾期工作日", "次年办结日期", "延期", "申请方式",
                    "补正通知日期", "补正通知期限", "补正通知在第几个工作日", "补正通知逾期", "无法核对的原因", "来源文件", "工作表", "行号"]


def test_ctx_deadlines_has_chinese_columns_and_the_ledger_row_of_each_application():
    ctx = gk.prepare(params_file=str(PARAMS / "南召县/云阳镇/2023.yaml"))
    frame = ctx.deadlines()
    assert list(frame.columns) == DEADLINE_HEADERS
    assert len(frame) == len(ctx.data.deadlines) and frame["申请编号"].is_monotonic_increasing
    late = frame[frame["状态"] == "逾期答复"]
    assert late[["申请编号", "收到日期", "答复期限", "办结日期", "逾期工作日", "来源文件", "工作表", "行号"]].astype(str).values.tolist() == [
        ["YSQ2023001", "2023-01-16", "2023-02-16", "2023-02-20", "2", "台账.xlsx", "依申请公开", "33"]]
    on_time = frame[frame["状态"] == "按期答复"]
    assert (on_time["逾期工作日"] == 0).all()
    still_open = frame[frame["办结日期"].isna()]
    assert still_open["逾期工作日"].isna().all()  # open: no count of days late yet


def test_the_county_view_answers_which_township_had_the_most_overdue_replies():
    view = gk.county("南召县")
    assert (len(view.entries), view.failures) == (96, [])
    late = view.overdue()
    assert late[["乡镇", "年度", "申请编号", "状态"]].values.tolist() == [
        ["云阳镇", 2023, "YSQ2023001", "逾期答复"],
        ["皇后乡", 2024, "YSQ2024009", "未办结且已逾期"],
    ]
    assert late["逾期工作日"].tolist() == [2, pd.NA]  # still open: no count of days late yet
    figures = view.figures()
    assert figures.index.names == ["乡镇", "年度"] and len(figures) == 96
    assert figures.loc[("云阳镇", 2023), "逾期答复"] == 1 and figures.loc[("皇后乡", 2024), "未办结且已逾期"] == 1
    assert int(figures[["逾期答复", "未办结且已逾期"]].to_numpy().sum()) == 2
    # the stacked frames are the single reports' frames, with 乡镇 and 年度 in front
    one = gk.prepare(params_file=str(PARAMS / "南召县/云阳镇/2023.yaml"))
    stacked = view.deadlines()
    mine = stacked[(stacked["乡镇"] == "云阳镇") & (stacked["年度"] == 2023)].drop(columns=["乡镇", "年度"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(mine, one.deadlines(), check_dtype=False)  # stacking may widen str to object
    received = view.cases("三", "一、本年新收政府信息公开申请数量", "总计")
    assert list(received.columns[:2]) == ["乡镇", "年度"]
    assert len(received) == int(view.table3().xs("总计", axis=1).xs("一、本年新收政府信息公开申请数量", level="部分").sum())
    ledger = view.ledger("依申请公开")
    assert list(ledger.columns[:1]) == ["乡镇"] and ledger["乡镇"].nunique() == 16


def test_one_year_and_a_township_that_cannot_be_read(tmp_path):
    params = tmp_path / "params" / "南召县"
    for township in ("云阳镇", "白土岗镇"):
        (params / township).mkdir(parents=True)
        shutil.copytree(ROOT / "data/sample/南召县" / township, tmp_path / "data" / township)
        text = (PARAMS / "南召县" / township / "2023.yaml").read_text(encoding="utf-8")
        text = text.replace(f"../../../data/sample/南召县/{township}", f"../../../data/{township}")
        (params / township / "2023.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "data/白土岗镇/依申请公开.csv").write_bytes(b"")
    view = gk.county("南召县", 2023, params_root=str(tmp_path / "params"))
    assert [e.params.township for e in view.entries] == ["云阳镇"]
    ((township, year, message),) = view.failures
    assert (township, year) == ("白土岗镇", 2023)
    assert message == ("台账有 1 处问题，请逐条修改后重试：\n"
                       "1. 依申请公开.csv：文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。")
    assert repr(view) == "<CountyView 南召县 2023年：1 个乡镇、1 个乡镇年度；未能读取 1 个：白土岗镇2023年>"
    assert view.overdue()[["乡镇", "申请编号"]].values.tolist() == [["云阳镇", "YSQ2023001"]]
    # a year the ledgers do not cover: left out with the very words the report notebook would stop with
    (params / "云阳镇/2030.yaml").write_text((params / "云阳镇/2023.yaml").read_text(encoding="utf-8").replace("year: 2023", "year: 2030"),
                                           encoding="utf-8")
    later = gk.county("南召县", 2030, params_root=str(tmp_path / "params"))
    with pytest.raises(GkError) as info:
        gk.prepare(params_file=str(params / "云阳镇/2030.yaml"))
    assert later.entries == [] and later.failures == [("云阳镇", 2030, str(info.value))]
    assert str(info.value).startswith("台账有 1 处问题，请逐条修改后重试：\n1. data/云阳镇：台账未覆盖 2030 年")


@pytest.mark.parametrize("county, year, message", [
    ("某县", None, "未知的县（区）「某县」：参数目录 {root} 中没有它。已有：南召县。"),
    ("南召县", 2030, "南召县 下没有任何乡镇2030 年的参数文件（params/南召县/<乡镇>/<年度>.yaml）。"),
])
def test_an_unknown_county_or_year_is_a_clear_error(county, year, message):
    with pytest.raises(ParamsError) as info:
        gk.county(county, year, params_root=str(PARAMS))
    assert str(info.value) == message.format(root=PARAMS)
