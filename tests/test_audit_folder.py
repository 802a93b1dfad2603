"""A province's folder: ``gk audit DIR --jobs N``, one document's failure its own, the evaluator's summary."""

from __future__ import annotations

import csv
import io
import os

import openpyxl
import published as pb
import pytest

from gk_helpers.audit import parallel
from gk_helpers.audit.run import Audit, Unreadable, audit_files, audit_one
from gk_helpers.audit.summary import CHECK_IDS, HEADER
from gk_helpers.cli import main


def _die_on_crash(path, options):
    """``audit_one``, except that the document named crash.html kills its worker process outright."""
    if path.name == "crash.html":
        os._exit(3)  # as a reader crashing the interpreter (or the kernel's OOM killer) would
    return audit_one(path, options)


def _folder(tmp_path, names=("a-2022.html", "b-2023.html", "c-2021.html")):
    folder = tmp_path / "province"
    folder.mkdir()
    years = {"a-2022.html": 2022, "b-2023.html": 2023, "c-2021.html": 2021, "crash.html": 2022}
    for name in names:
        p = pb.printed(years[name], agency={"a": "青山镇人民政府", "b": "白水街道办事处", "c": "平安县人民政府"}.get(name[0], "红石乡人民政府"))
        if name.startswith("b"):
            p.section4[5:10] = ["2", "0", "1", "0", "0"]  # R8 fails
        (folder / name).write_text(pb.html(p), encoding="utf-8")
    return folder


def test_a_worker_that_dies_costs_only_its_document(tmp_path, monkeypatch):
    folder = _folder(tmp_path, ("a-2022.html", "b-2023.html", "crash.html", "c-2021.html"))
    monkeypatch.setattr(parallel, "audit_one", _die_on_crash)
    run = audit_files([folder], jobs=2, progress=False)
    assert [type(r).__name__ for r in run.results] == ["Audit", "Audit", "Audit", "Unreadable"]
    assert [os.path.basename(r.file) for r in run.results] == ["a-2022.html", "b-2023.html", "c-2021.html", "crash.html"]
    crash = run.results[3]
    assert crash.error == f"{folder / 'crash.html'}：读取时核对进程异常退出（文件可能使读取程序崩溃或耗尽内存），无法核对。"
    assert [c.id for c in run.results[1].failed] == ["R8"]
    assert run.exit_code == 1 | 4


@pytest.mark.parametrize("jobs", [1, 3])
def test_jobs_give_the_same_results_in_file_order(tmp_path, jobs):
    run = audit_files([_folder(tmp_path)], jobs=jobs, progress=False)
    assert [(os.path.basename(r.file), r.report.agency, r.report.year) for r in run.results] == [
        ("a-2022.html", "青山镇人民政府", 2022), ("b-2023.html", "白水街道办事处", 2023), ("c-2021.html", "平安县人民政府", 2021)]
    assert all(isinstance(r, Audit) for r in run.results)


def test_progress_is_shown_on_request(tmp_path, capsys):
    audit_files([_folder(tmp_path)], jobs=2, progress=True)
    err = capsys.readouterr().err
    assert "核对:" in err and "1/3" in err and "份" in err


def test_one_document_in_process_is_audit_one(tmp_path):
    path = _folder(tmp_path, ("a-2022.html",)) / "a-2022.html"
    result = audit_files([path], jobs=4, progress=False).results[0]
    assert isinstance(result, Audit) and result.report.agency == "青山镇人民政府"
    assert isinstance(audit_one(tmp_path / "missing.html", parallel.AuditOptions()), Unreadable)


def _summary_rows(path):
    sheet = openpyxl.load_workbook(path).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_summary_workbook_and_csv_one_row_per_document(tmp_path, capsys):
    folder = _folder(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\nnot a pdf")
    out, extra = tmp_path / "audit", tmp_path / "省汇总.csv"
    assert main(["audit", str(folder), "-o", str(out), "--jobs", "2", "--summary", str(extra)]) == 1 | 4
    rows = _summary_rows(out / "审核汇总.xlsx")
    assert rows[0] == list(HEADER)
    status = dict(zip(HEADER, rows[2]))
    assert (status["机关"], status["年度"], status["印制格式"], status["读取"], status["不通过的核对"]) == (
        "白水街道办事处", 2023, "2021", "已读取", "R8")
    assert [status[c] for c in CHECK_IDS] == ["通过", "通过", "通过", "不通过", "通过", "通过", "通过", "通过", "通过",
                                             "通过", "通过", "未核对", "通过", "未核对", "未核对", "未核对"]
    assert rows[1][1:5] == ["青山镇人民政府", 2022, "2021", "已读取"] and rows[1][5] is None
    broken = dict(zip(HEADER, rows[3]))
    assert broken["文件"] == str(folder / "broken.pdf") and broken["读取"] == "无法读取"
    assert broken["说明"] == f"{folder / 'broken.pdf'}：不是有效的 PDF 文件（已损坏、不完整或加密），无法读取。"
    assert len(rows) == 5
    data = (out / "审核汇总.csv").read_bytes()
    assert data.startswith("\ufeff".encode()) and data == extra.read_bytes()
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0] == list(HEADER) and table[2][1:6] == ["白水街道办事处", "2023", "2021", "已读取", "R8"]


def test_summary_path_must_be_xlsx_or_csv(tmp_path, capsys):
    assert main(["audit", str(_folder(tmp_path)), "--summary", str(tmp_path / "s.txt")]) == 2
    assert capsys.readouterr().err == f"汇总表 {tmp_path / 's.txt'}：只能写成 .xlsx 或 .csv 文件。\n"
