"""Reading ledger sources: encodings, files that are not what their name says, workbooks,
sheets, folders. Each malformed source is pinned to its exact problem."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import write_files as write
from builders import xlsx_bytes

from gk_helpers.base.errors import LedgerError, Problem
from gk_helpers.ledger.ledgers import load_ledgers
from gk_helpers.ledger.readers import read_csv
from gk_helpers.ledger.workbook import open_workbook, read_sheet

TODAY = dt.date(2024, 6, 30)
APPS = "申请编号,收到日期,申请人类型,办结日期,办理结果\n"
APPS_ROW = ["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"]
GOOD_ROW = "2020-001,2020年3月5日,自然人,2020/3/20,予以公开\n"
KIND_NAMES = "依申请公开、复议诉讼、规范性文件、行政执法、权责事项、行政事业性收费、政府集中采购、热线工单"
CSV_NAMES = "依申请公开.csv、复议诉讼.csv、规范性文件.csv、行政执法.csv、权责事项.csv、行政事业性收费.csv、政府集中采购.csv、热线工单.csv"


# --- helpers ---------------------------------------------------------------------------------


def old_xls_bytes() -> bytes:
    """The first bytes of an OLE2 compound file, as an old .xls starts."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def zip_bytes(names: dict[str, str]) -> bytes:
    """A zip archive that is not a workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in names.items():
            archive.writestr(name, text)
    return out.getvalue()


def messages(folder: Path) -> list[tuple[str, str]]:
    """(rule, user-facing line) of every problem ``load_ledgers`` raises for ``folder``."""
    with pytest.raises(LedgerError) as info:
        load_ledgers(folder, today=TODAY)
    return [(p.rule, str(p)) for p in info.value.problems]


SHEET = {"依申请公开": [APPS_ROW, ["A1", dt.date(2020, 3, 5), "自然人", None, None]]}
NOT_CSV_XLSX = "这是一个 Excel 工作簿，却以 .csv 命名。请在 Excel 中“另存为”CSV（逗号分隔），或把它作为 台账.xlsx 的工作表提供。"
NOT_XLSX = "文件不是有效的 Excel 工作簿（.xlsx）。请在 Excel 中打开并“另存为”Excel 工作簿（.xlsx）。"

# --- malformed sources --------------------------------------------------------------------------

MALFORMED = {
    "empty-csv": (
        {"依申请公开.csv": b""},
        [("空文件", "依申请公开.csv：文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。")],
    ),
    "blank-lines-only-csv": (
        {"复议诉讼.csv": "\r\n \r\n,,\r\n"},
        [("空文件", "复议诉讼.csv：文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。")],
    ),
    "bom-only-csv": (
        {"复议诉讼.csv": b"\xef\xbb\xbf"},
        [("空文件", "复议诉讼.csv：文件是空的（没有表头行）。请至少保留表头行，或删除该文件（缺少的台账按0计并给出提示）。")],
    ),
    "csv-that-is-an-xlsx": (
        {"依申请公开.csv": xlsx_bytes(SHEET)},
        [("不是CSV文件", f"依申请公开.csv：{NOT_CSV_XLSX}")],
    ),
    "csv-that-is-an-old-xls": (
        {"依申请公开.csv": old_xls_bytes()},
        [("不是CSV文件", f"依申请公开.csv：{NOT_CSV_XLSX}")],
    ),
    "binary-csv": (
        {"热线工单.csv": bytes(range(256))},
        [("不是CSV文件", "热线工单.csv：文件含有二进制内容，不是 CSV 文本文件。请在 Excel 中“另存为”CSV（逗号分隔）。")],
    ),
    "utf16-unicode-text": (
        {"依申请公开.csv": (APPS + GOOD_ROW).replace(",", "\t").encode("utf-16")},
        [("无法识别编码", "依申请公开.csv：这是 UTF-16 编码的“Unicode 文本”，不是 CSV。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。")],
    ),
    "undecodable-bytes-in-utf8": (
        {"依申请公开.csv": (APPS + GOOD_ROW).encode() + b"2020-002,2020-03-05,\xff\xfe\x80,,\n"},
        [("无法识别编码", "依申请公开.csv 第3行：文件按 UTF-8 编码读取，但这一行含有无法识别的字节（文件可能已损坏或混用了编码）。"
                         "请用 Excel 打开，核对该行后“另存为”“CSV UTF-8（逗号分隔）”。")],
    ),
    "undecodable-bytes-in-gb18030": (
        {"依申请公开.csv": (APPS + GOOD_ROW).encode("gb18030") + b"2020-002,2020-03-05,\x80\xff,,\n"},
        [("无法识别编码", "依申请公开.csv 第3行：文件按 GB18030 编码读取，但这一行含有无法识别的字节（文件可能已损坏或混用了编码）。"
                         "请用 Excel 打开，核对该行后“另存为”“CSV UTF-8（逗号分隔）”。")],
    ),
    "workbook-not-a-zip": (
        {"台账.xlsx": "申请编号,收到日期\n1,2020-03-05\n"},
        [("不是xlsx文件", f"台账.xlsx：{NOT_XLSX}")],
    ),
    "empty-workbook-file": (
        {"台账.xlsx": b""},
        [("空文件", "台账.xlsx：工作簿文件是空的。请用 Excel 重新保存为 .xlsx。")],
    ),
    "old-xls-renamed": (
        {"台账.xlsx": old_xls_bytes()},
        [("不是xlsx文件", "台账.xlsx：这是旧版 Excel（.xls）文件，只是改了扩展名。请在 Excel 中“另存为”Excel 工作簿（.xlsx）。")],
    ),
    "zip-that-is-not-a-workbook": (
        {"台账.xlsx": zip_bytes({"readme.txt": "hello"})},
        [("不是xlsx文件", "台账.xlsx：Excel 工作簿已损坏，无法读取（CalamineError）。请在 Excel 中打开并重新保存为 .xlsx。")],
    ),
    "workbook-without-ledger-sheets": (
        {"台账.xlsx": xlsx_bytes({"Sheet1": [APPS_ROW], "汇总": [["x"]]})},
        [("缺少台账工作表", f"台账.xlsx：值「Sheet1、汇总」：工作簿中没有任何台账工作表（现有：Sheet1、汇总）。工作表名应为：{KIND_NAMES}。请按规定名称重命名工作表。")],
    ),
    "misnamed-sheet": (
        {"台账.xlsx": xlsx_bytes({"依申请公开台账": [APPS_ROW]})},
        [("工作表名不规范", "台账.xlsx 工作表「依申请公开台账」：值「依申请公开台账」：工作表名应为「依申请公开」。请把工作表「依申请公开台账」改名为「依申请公开」。")],
    ),
    "misnamed-csv": (
        {"2020年依申请公开台账.csv": APPS + GOOD_ROW},
        [("文件名不规范", "2020年依申请公开台账.csv：值「2020年依申请公开台账.csv」：文件名应为「依申请公开.csv」。"
                         "请把文件「2020年依申请公开台账.csv」改名为「依申请公开.csv」。")],
    ),
    "empty-sheet": (
        {"台账.xlsx": xlsx_bytes({**SHEET, "复议诉讼": []})},
        [("空工作表", "台账.xlsx 工作表「复议诉讼」：工作表是空的（没有表头行）。请在第1行填写表头，或删除该工作表。")],
    ),
    "same-kind-in-csv-and-workbook": (
        {"依申请公开.csv": APPS + GOOD_ROW, "台账.xlsx": xlsx_bytes(SHEET)},
        [("台账来源重复", "台账.xlsx 工作表「依申请公开」：「依申请公开」台账同时存在于 依申请公开.csv 和 台账.xlsx「依申请公开」。请只保留一处，删除另一处。")],
    ),
    "same-kind-in-two-csv-files": (
        {"依申请公开.csv": APPS + GOOD_ROW, "依申请公开 .csv": APPS},
        [("台账来源重复", "依申请公开.csv：「依申请公开」台账同时存在于 依申请公开 .csv 和 依申请公开.csv。请只保留一处，删除另一处。")],
    ),
    "tab-separated-csv": (
        {"依申请公开.csv": (APPS + GOOD_ROW).replace(",", "\t")},
        [("不是逗号分隔", "依申请公开.csv：文件用制表符而不是英文逗号分隔各列。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。")],
    ),
    "semicolon-separated-csv": (
        {"依申请公开.csv": (APPS + GOOD_ROW).replace(",", ";")},
        [("不是逗号分隔", "依申请公开.csv：文件用分号而不是英文逗号分隔各列。请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”。")],
    ),
    "merged-cells": (
        {"台账.xlsx": xlsx_bytes({"依申请公开": SHEET["依申请公开"] + [["A2", None, None]]}, merge={"依申请公开": "C2:C3"})},
        [("合并单元格", "台账.xlsx 工作表「依申请公开」 第2行 「申请人类型」列：值「C2:C3」：单元格 C2:C3 是合并单元格。"
                       "台账中不能有合并单元格（每条记录占一整行、每格一个值）。请取消合并，并在原合并范围的每一格填入完整的值。")],
    ),
    "merged-title-row": (
        {"台账.xlsx": xlsx_bytes({"复议诉讼": [["2020年复议诉讼台账"]]}, merge={"复议诉讼": "A1:E1"})},
        [("合并单元格", "台账.xlsx 工作表「复议诉讼」 第1行 「A」列：值「A1:E1」：单元格 A1:E1 是合并单元格。"
                       "台账中不能有合并单元格（每条记录占一整行、每格一个值）。请取消合并，并在原合并范围的每一格填入完整的值。")],
    ),
    "formula-cell": (
        {"台账.xlsx": xlsx_bytes(SHEET, formula={"依申请公开": ("D2", "=B2+15")})},
        [("公式单元格", "台账.xlsx 工作表「依申请公开」 第2行 「办结日期」列：值「D2」：单元格 D2 是公式。"
                       "台账中不能有公式（公式的结果可能过期，且无法追溯）。请复制该列，再“选择性粘贴—数值”粘贴回原处。")],
    ),
}


@pytest.mark.parametrize("files, expected", list(MALFORMED.values()), ids=list(MALFORMED))
def test_malformed_source_is_reported_exactly(tmp_path, files, expected):
    assert messages(write(tmp_path, files)) == expected


def test_misnamed_copy_of_a_provided_kind_is_only_a_warning(tmp_path):
    write(tmp_path, {
        "依申请公开.csv": APPS + GOOD_ROW,
        "依申请公开 - 副本{1}.csv": APPS,
        "台账.xlsx": xlsx_bytes({"复议诉讼": [["案件编号", "案件类型", "收到日期"]], "复议诉讼 (2)": [["x"]]}),
        "2019年台账.xls": old_xls_bytes(),
    })
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers.warnings[:3] == [
        "未识别的文件「2019年台账.xls」已忽略（台账工作簿应命名为 台账.xlsx）。",
        "文件「依申请公开 - 副本{1}.csv」已忽略（依申请公开台账以 依申请公开.csv 为准）。",
        "台账.xlsx 中的工作表「复议诉讼 (2)」已忽略（复议诉讼台账以 台账.xlsx「复议诉讼」 为准）。",
    ]


def test_folder_that_does_not_exist(tmp_path):
    missing = tmp_path / "城关镇"
    assert messages(missing) == [("目录不存在", f"{missing}：台账目录不存在。请检查路径（参数文件中的 ledger_dir 或命令行参数）。")]


def test_folder_that_is_a_file(tmp_path):
    path = write(tmp_path, {"台账.csv": "x"}) / "台账.csv"
    assert messages(path) == [("目录不存在", f"{path}：台账目录不是目录，而是一个文件。请检查路径（参数文件中的 ledger_dir 或命令行参数）。")]


@pytest.mark.parametrize(
    "files, present",
    [({}, "无"), ({"汇总.xls": b"x", "说明.docx": b"x", ".hidden": b"x"}, "汇总.xls")],
    ids=["empty-folder", "only-other-files"],
)
def test_folder_without_ledgers(tmp_path, files, present):
    """Only spreadsheet and text names are listed (never, say, every file of /etc)."""
    write(tmp_path, files)
    assert messages(tmp_path) == [
        ("没有台账", f"{tmp_path}：目录中没有任何台账文件（现有的表格或文本文件：{present}）。请放入 台账.xlsx，或 {CSV_NAMES} 中的文件。")
    ]


def test_file_problems_are_collected_with_row_problems_of_other_files(tmp_path):
    write(
        tmp_path,
        {
            "依申请公开.csv": b"",
            "复议诉讼.csv": "案件编号,案件类型,收到日期\nF1,复议,2020-03-05\n",
            "台账.xlsx": xlsx_bytes({"热线工单": [["工单编号", "受理日期"], ["R1", "2020-13-01"]]}, formula={"热线工单": ("C2", "=1")}),
        },
    )
    with pytest.raises(LedgerError) as info:
        load_ledgers(tmp_path, today=TODAY)
    assert [(p.file, p.sheet, p.row, p.rule) for p in info.value.problems] == [
        ("依申请公开.csv", "", 0, "空文件"),
        ("台账.xlsx", "热线工单", 2, "公式单元格"),
        ("复议诉讼.csv", "", 2, "未知的取值"),
    ]


def test_unreadable_csv_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "依申请公开.csv").mkdir()  # a folder named like a ledger is an error, not a missing ledger
    assert messages(tmp_path) == [("不是普通文件", "依申请公开.csv：「依申请公开.csv」是一个文件夹，不是台账文件。请把台账文件放在这个位置，或删除它。")]
    problem = read_csv(tmp_path / "依申请公开.csv", "依申请公开.csv")
    assert [(p.file, p.rule) for p in problem] == [("依申请公开.csv", "无法读取文件")]
    assert problem[0].message == "文件无法读取（这是一个文件夹）。请关闭正在使用它的程序（如 Excel），并确认有读取权限。"


# --- good sources -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_csv_encodings_load(tmp_path, encoding, newline):
    text = (APPS + GOOD_ROW + "2020-002,2020-03-06,社会公益组织,,\n").replace("\n", newline)
    write(tmp_path, {"依申请公开.csv": text.encode(encoding)})
    frame = load_ledgers(tmp_path, today=TODAY)["applications"]
    assert frame[["_row", "id", "applicant"]].values.tolist() == [[2, "2020-001", "自然人"], [3, "2020-002", "社会公益组织"]]
    assert frame["received"].tolist() == [dt.datetime(2020, 3, 5), dt.datetime(2020, 3, 6)]


def test_quoted_fields_with_commas_and_newlines(tmp_path):
    text = APPS.rstrip("\n") + ",申请内容\n" + '1,2020-03-05,自然人,,,"关于道路,桥梁\n和河道的信息"\n2,2020-03-05,法人,,,\n'
    write(tmp_path, {"依申请公开.csv": text})
    # the quoted newline makes two text lines but one Excel row: the bad row is row 3
    assert [p[1].split("：")[0] for p in messages(tmp_path)] == ["依申请公开.csv 第3行 「申请人类型」列"]


def test_read_csv_keeps_header_and_raw_cells(tmp_path):
    path = write(tmp_path, {"x.csv": "﻿ 申请编号 ,收到日期\n1,2020-03-05,extra\n\n2\n"}) / "x.csv"
    raw = read_csv(path, "x.csv")
    assert raw.header == [" 申请编号 ", "收到日期", ""]
    assert raw.header_width == 2
    assert raw.cells.values.tolist() == [["1", "2020-03-05", "extra"], ["", "", ""], ["2", "", ""]]


def test_read_sheet_keeps_excel_rows_and_raw_values(tmp_path):
    path = write(tmp_path, {"台账.xlsx": xlsx_bytes({"行政执法": [["决定编号", "类别", "决定日期"], [1001, "行政许可", dt.date(2020, 3, 5)], [], ["J3", None, 43895]]})}) / "台账.xlsx"
    book = open_workbook(path, "台账.xlsx")
    assert book.sheet_names == ["行政执法"]
    raw = read_sheet(book, "行政执法")
    assert raw.header == ["决定编号", "类别", "决定日期"]
    assert raw.header_width is None
    assert raw.cells.values.tolist() == [
        [1001.0, "行政许可", dt.date(2020, 3, 5)],
        ["", "", ""],
        ["J3", "", 43895.0],
    ]


def test_openpyxl_workbook_with_several_kinds(tmp_path):
    book = openpyxl.Workbook()
    apps = book.active
    apps.title = "依申请公开"
    apps.append([" 申请编号", "收到日期 ", "申请人类型", "办结日期", "办理结果", "备注"])
    apps.append(["2020001", dt.datetime(2020, 3, 5), "自然人", dt.datetime(2021, 1, 4), "予以公开", "跨年办结"])
    apps.append([2020002, "2020.3.6", "法律服务机构", None, None, None])
    cases = book.create_sheet("复议诉讼")
    cases.append(["案件编号", "案件类型", "收到日期", "审结日期", "审理结果"])
    cases.append(["F1", "复议后起诉", 43900, 44000, "维持"])
    book.create_sheet("使用说明").append(["本工作簿按县政务公开办模板填写"])
    book.save(tmp_path / "台账.xlsx")
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert ledgers["applications"][["_row", "id", "applicant", "note"]].values.tolist() == [
        [2, "2020001", "自然人", "跨年办结"],
        [3, "2020002", "法律服务机构", ""],
    ]
    cases = ledgers["cases"]
    assert (cases["received"].tolist(), cases["decided"].tolist()) == ([pd.Timestamp(2020, 3, 10)], [pd.Timestamp(2020, 6, 18)])
    assert ledgers.sources["cases"].label == "台账.xlsx「复议诉讼」"
    assert "台账.xlsx 中的工作表「使用说明」不是台账，已忽略。" in ledgers.warnings


def test_csv_and_workbook_sheets_of_different_kinds_combine(tmp_path):
    write(tmp_path, {"依申请公开.csv": APPS + GOOD_ROW, "台账.xlsx": xlsx_bytes({"行政执法": [["决定编号", "类别", "决定日期"], ["J1", "行政处罚", dt.date(2020, 5, 1)]]})})
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert sorted(ledgers.frames) == ["applications", "enforcement"]
    assert [p.name for p in ledgers.files] == ["依申请公开.csv", "台账.xlsx"]


def test_excel_lock_files_and_hidden_files_are_skipped(tmp_path):
    write(tmp_path, {"依申请公开.csv": APPS + GOOD_ROW, "~$台账.xlsx": b"\x00lock", ".复议诉讼.csv": b"\x00"})
    assert len(load_ledgers(tmp_path, today=TODAY)["applications"]) == 1


def test_trailing_empty_rows_of_a_sheet_are_dropped(tmp_path):
    rows = SHEET["依申请公开"] + [[None, None, None]] * 3 + [["", "", ""]]
    write(tmp_path, {"台账.xlsx": xlsx_bytes({"依申请公开": rows})})
    assert len(load_ledgers(tmp_path, today=TODAY)["applications"]) == 1


def test_header_only_sheet_has_zero_rows(tmp_path):
    write(tmp_path, {"台账.xlsx": xlsx_bytes({"依申请公开": [APPS_ROW], "复议诉讼": [["案件编号", "案件类型", "收到日期"]]})})
    ledgers = load_ledgers(tmp_path, today=TODAY)
    assert (len(ledgers["applications"]), len(ledgers["cases"])) == (0, 0)
    assert ledgers.has("cases")


def test_problem_place_for_every_level():
    assert str(Problem("a.csv", message="坏了。")) == "a.csv：坏了。"
    assert str(Problem("台账.xlsx", "复议诉讼", message="坏了。")) == "台账.xlsx 工作表「复议诉讼」：坏了。"
    assert str(Problem("a.csv", "", 3, "收到日期", "x", "r", "坏了。")) == "a.csv 第3行 「收到日期」列：值「x」：坏了。"


# ---- large CSV files: pyarrow's reader gives the csv module's raw sheet --------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CELLS = ["", " ", "a", "合计", "说明：x", "2020-01-01", "\u3000", "注1", "x y", "12", "\t", "填表说明", "Y2020-001"]


@st.composite
def _csv_text(draw) -> str:
    width = draw(st.integers(1, 4))
    row = st.lists(st.sampled_from(_CELLS), min_size=width, max_size=width).map(",".join)
    ragged = st.lists(st.sampled_from(_CELLS), min_size=1, max_size=5).map(",".join)
    lines = [draw(st.sampled_from(["申请编号,收到日期,申请人类型,办结日期", "政府信息公开申请台账"]))]
    lines += draw(st.lists(st.one_of(row, row, row, ragged), max_size=8))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return draw(st.sampled_from(["", "\ufeff"])) + end.join(lines) + draw(st.sampled_from(["", end, end + end]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_csv_text())
def test_arrow_reader_gives_the_csv_modules_sheet(tmp_path, monkeypatch, text):
    from gk_helpers.ledger import readers

    monkeypatch.setattr(readers, "ARROW_MIN_BYTES", 0)
    path = tmp_path / "依申请公开.csv"
    path.write_text(text, encoding="utf-8")
    fast, slow = readers.read_csv(path, path.name), readers._read_csv_rows(path, path.name)
    assert type(fast) is type(slow)
    if isinstance(slow, list):
        assert fast == slow
    else:
        assert (fast.header, fast.header_width, fast.header_row, fast.notes) == (slow.header, slow.header_width, slow.header_row, slow.notes)
        pd.testing.assert_frame_equal(fast.cells, slow.cells)


def test_a_large_plain_csv_is_read_by_pyarrow(tmp_path, monkeypatch):
    from gk_helpers.ledger import readers

    path = tmp_path / "依申请公开.csv"
    path.write_text("申请编号,收到日期\n" + "".join(f"Y{i},2023-01-01\n" for i in range(60000)), encoding="utf-8")
    assert path.stat().st_size >= readers.ARROW_MIN_BYTES
    used = []
    real = readers._arrow_sheet
    monkeypatch.setattr(readers, "_arrow_sheet", lambda *a: used.append(1) or real(*a))
    sheet = readers.read_csv(path, path.name)
    assert used and sheet.cells.shape == (60000, 2) and sheet.cells.iloc[-1].tolist() == ["Y59999", "2023-01-01"]
    assert list(sheet.cells.index[:2]) == [0, 1]  # row number − 2, as the csv module's sheet
