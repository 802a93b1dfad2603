"""The 依申请公开 columns the reply-deadline check reads (issue 8 item 4): types and row rules, exact messages."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import write_files
from test_validation import csv_text, messages

from gk_helpers.ledger.ledgers import load_ledgers

TODAY = dt.date(2024, 6, 30)
HEAD = "申请编号,收到日期,申请人类型,办结日期,办理结果,申请方式,补正通知日期,补正收到日期,延期,征求意见天数"


def test_the_columns_load_into_the_frame(tmp_path):
    write_files(tmp_path, {"依申请公开.csv": csv_text(
        HEAD,
        "A1,2023-01-16,自然人,2023-03-01,予以公开,互联网,2023-01-18,2023-01-30,是,15",
        "A2,2023-02-01,自然人,,,当面,,,,",
    )})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    first = frame.iloc[0]
    assert (first["channel"], first["extended"], first["consultation_days"]) == ("网络", "是", 15.0)
    assert (first["correction_notice"].date(), first["correction_received"].date()) == (dt.date(2023, 1, 18), dt.date(2023, 1, 30))
    assert frame.iloc[1]["consultation_days"] != frame.iloc[1]["consultation_days"]  # NaN: not given


BAD = {
    "notice-before-receipt": (
        "A1,2023-01-16,自然人,,,,2023-01-13,,,",
        [("日期先后颠倒", "依申请公开.csv 第2行 「补正通知日期」列：值「2023-01-13」：补正通知日期早于收到日期（2023-01-16）。请核对两个日期。")],
    ),
    "correction-before-notice": (
        "A1,2023-01-16,自然人,,,,2023-01-20,2023-01-19,,",
        [("日期先后颠倒", "依申请公开.csv 第2行 「补正收到日期」列：值「2023-01-19」：补正收到日期早于补正通知日期（2023-01-20）。请核对两个日期。")],
    ),
    "correction-without-notice": (
        "A1,2023-01-16,自然人,,,,,2023-01-19,,",
        [("缺少前提的值", "依申请公开.csv 第2行 「补正通知日期」列：已填写「补正收到日期」（2023-01-19），但「补正通知日期」为空。"
                          "请补填「补正通知日期」，或清空「补正收到日期」。")],
    ),
    "reply-before-correction": (
        "A1,2023-01-16,自然人,2023-01-25,予以公开,,2023-01-18,2023-01-30,,",
        [("日期先后颠倒", "依申请公开.csv 第2行 「办结日期」列：值「2023-01-25」：办结日期早于补正收到日期（2023-01-30）。请核对两个日期。")],
    ),
    "reply-before-notice": (
        "A1,2023-01-16,自然人,2023-01-17,予以公开,,2023-01-18,,,",
        [("日期先后颠倒", "依申请公开.csv 第2行 「办结日期」列：值「2023-01-17」：办结日期早于补正通知日期（2023-01-18）。请核对两个日期。")],
    ),
    "negative-days": (
        "A1,2023-01-16,自然人,,,,,,,-3",
        [("天数为负数", "依申请公开.csv 第2行 「征求意见天数」列：值「-3」：天数不能为负数。请填写实际用去的工作日数，没有则留空或填 0。")],
    ),
    "fractional-days": (
        "A1,2023-01-16,自然人,,,,,,,2.5",
        [("天数不是整数", "依申请公开.csv 第2行 「征求意见天数」列：值「2.5」：天数必须是不小于0的整数（如 2 或 3），不能有小数。")],
    ),
    "days-with-unit": (
        "A1,2023-01-16,自然人,,,,,,,15天",
        [("天数不是整数", "依申请公开.csv 第2行 「征求意见天数」列：值「15天」：天数必须是不小于0的整数，例如 0 或 15，不能含有文字或单位。")],
    ),
    "unknown-channel": (
        "A1,2023-01-16,自然人,,,电话,,,,",
        [("未知的取值", "依申请公开.csv 第2行 「申请方式」列：值「电话」：不是允许的申请方式。请改为允许的申请方式（见文末）；"
                       "若这是本单位的写法，也可按文末的建议写入 台账映射.yaml。")],
    ),
    "unknown-extension": (
        "A1,2023-01-16,自然人,,,,,,延长,",
        [("未知的取值", "依申请公开.csv 第2行 「延期」列：值「延长」：不是允许的延期。请改为允许的延期（见文末）；"
                       "若这是本单位的写法，也可按文末的建议写入 台账映射.yaml。")],
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_deadline_fields_are_pinned_to_their_message(tmp_path, case):
    row, expected = BAD[case]
    write_files(tmp_path, {"依申请公开.csv": csv_text(HEAD, row)})
    assert messages(tmp_path, TODAY) == expected
