"""Bounded everywhere, gk audit (issue 20): each hostile document of the issue generated here, run through
``gk audit`` in a child process and pinned to its message and exit code, with the seconds and the peak memory
(``wait4``) under the cap; a folder with hostile files among good ones; encodings; links; the summary page.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import published as pb
import pytest
from hostile import (
    GK,
    bomb_docx,
    deep_html,
    flate_bomb_pdf,
    gridspan_docx,
    huge_file,
    many_pages_pdf,
    measured,
    operators_pdf,
    span_html,
    vmerge_docx,
)

from gk_helpers.cli import main

MB = 1024 * 1024
CAP = 512 * MB
OWN = 256 * MB  # the gk process itself: Python, pandas, the kit


def gk(*args: str, timeout: float = 120) -> tuple[int, str, float, int]:
    """``gk ARGS`` in a child process: (exit code, output, seconds, peak bytes)."""
    return measured([*GK, *args], timeout=timeout)


AUDIT_CASES = {
    "gridspan.docx": (gridspan_docx, 4, "  说明：第1个表格：表格展开后超过 10,000 个单元格的上限，不像年度报告的表格，未读取。"),
    "vmerge.docx": (vmerge_docx, 4, "  说明：第1个表格：表格展开后超过 10,000 个单元格的上限，不像年度报告的表格，未读取。"),
    "bomb.docx": (lambda p: bomb_docx(p, 3 << 30), 4,
                  "  无法读取：{p}：Word 文件中的 word/document.xml 解压后有 3072 MB，超过上限 50 MB，未读取。"),
    "spans.html": (span_html, 4, "  说明：第1个表格：表格展开后有 3,192,000 个单元格，超过上限 10,000 个，不像年度报告的表格，未读取。"),
    "huge.html": (lambda p: huge_file(p, 300 * MB), 4, "  无法读取：{p}：文件有 300 MB，超过上限 20 MB，不像年度报告，未读取。"),
    "deep.html": (deep_html, 4, "  无法读取：{p}：网页的元素嵌套超过 256 层，不像年度报告，未读取。"),
    "flate.pdf": (lambda p: flate_bomb_pdf(p, 300 * MB), 4,
                  "  无法读取：{p}：PDF 中有一段数据解压后超过 32 MB，不像年度报告（可能是“解压炸弹”），未读取。"),
    "operators.pdf": (lambda p: operators_pdf(p, 3_000_000), 4,
                      "  无法读取：{p}：PDF 第1页有超过 200,000 个绘图和文字指令，不像年度报告，未读取。"),
    "pages.pdf": (lambda p: many_pages_pdf(p, 2000), 4, "  无法读取：{p}：PDF 有超过 200 页，不像年度报告，未读取。"),
}


@pytest.mark.parametrize("name", list(AUDIT_CASES))
def test_hostile_document_is_bounded(tmp_path, name):
    """Before: gridSpan > 120 s and 5.4 GB; spans 62 s, 4.4 GB; Flate bomb 4.2 GB; operators 8.2 GB; 2,000 pages 274 s.
    Now exit 4 (a file or a table of it could not be read), within seconds and under the cap."""
    make, exit_code, line = AUDIT_CASES[name]
    path = make(tmp_path / name)
    code, out, seconds, peak = gk("audit", str(path), "--max-memory", "512MB")
    assert code == exit_code and line.format(p=path) in out.splitlines()[1:], out
    assert seconds < 30 and peak < CAP + OWN


def _good_pages(folder: Path) -> list[Path]:
    pages = []
    for year in (2021, 2022):
        path = folder / f"{year}.html"
        path.write_text(pb.html(pb.printed(year)), encoding="utf-8")
        pages.append(path)
    return pages


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_folder_audit_with_hostile_files_audits_every_good_one(tmp_path, jobs):
    """One hostile file among good ones — every good file audited, every bad one named, the pages written; with
    ``--jobs 2`` each worker's document is contained the same way (the peak counts every process)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    good = _good_pages(folder)
    flate_bomb_pdf(folder / "bomb.pdf", 300 * MB)
    operators_pdf(folder / "draw.pdf", 3_000_000)
    os.mkfifo(folder / "pipe.html")
    code, out, seconds, peak = gk("audit", str(folder), "-o", str(tmp_path / "out"), "--max-memory", "512MB", "--jobs", jobs)
    assert code == 4 and seconds < 60 and peak < CAP + OWN  # 4: files could not be read (none failed a check)
    assert out.splitlines()[-2:] == ["共 5 份：有不通过项 0 份，无法读取 3 份。", f"审核页：{tmp_path / 'out' / 'index.html'}"]
    lines = out.splitlines()
    for path in good:
        assert any(line.startswith(f"{path}：") and f"{path.stem}年，2021 格式" in line for line in lines), out
        assert (tmp_path / "out" / f"{path.name}.审核.html").is_file()
    for bad in ("bomb.pdf", "draw.pdf"):
        assert any(line.startswith(f"  无法读取：{folder / bad}：PDF ") for line in lines), out
    assert f"  无法读取：{folder / 'pipe.html'}：是一个命名管道（FIFO），不是报告文件，未读取。" in out.splitlines()
    summary = list(csv.reader(io.StringIO((tmp_path / "out/审核汇总.csv").read_text(encoding="utf-8-sig"))))
    assert [(Path(row[0]).name, row[4]) for row in summary[1:]] == [
        ("2021.html", "已读取"), ("2022.html", "已读取"), ("bomb.pdf", "无法读取"), ("draw.pdf", "无法读取"), ("pipe.html", "无法读取")]


def test_audit_timeout_per_document(tmp_path):
    many_pages_pdf(tmp_path / "long.pdf", 190, lines=60)
    code, out, seconds, _ = gk("audit", str(tmp_path / "long.pdf"), "--timeout", "0.5")
    assert code == 4 and seconds < 30
    assert f"  无法读取：{tmp_path / 'long.pdf'}：运行超过 0.5 秒（--timeout），已停止。请确认选对了文件。" in out.splitlines()


def test_page_in_gb2312_labelled_utf8_is_read_in_its_real_encoding(tmp_path, capsys):
    """Before: mojibake, 没有不通过的核对项, exit 0. Now the tables are read, and a note says why."""
    bad = pb.printed(2022)
    bad.section4[5:10] = ["2", "0", "1", "0", "0"]  # an R8 failure to find
    (tmp_path / "gb.html").write_bytes(pb.html(bad).encode("gb18030"))  # it says <meta charset="utf-8">
    assert main(["audit", str(tmp_path / "gb.html")]) == 1
    out = capsys.readouterr().out
    assert "[不通过] R8" in out
    assert "  说明：网页声明的编码是 utf-8，但内容不是这种编码，已改按 GB18030 读取（兼容 GB2312、GBK）。" in out.splitlines()


def test_page_in_utf8_labelled_gb2312_is_read_as_utf8(tmp_path, capsys):
    (tmp_path / "u.html").write_bytes(pb.html(pb.printed(2022)).replace('charset="utf-8"', 'charset="gb2312"').encode("utf-8"))
    assert main(["audit", str(tmp_path / "u.html")]) == 0
    assert "  说明：网页声明的编码是 gb2312，但内容是 UTF-8，已按 UTF-8 读取。" in capsys.readouterr().out.splitlines()


def test_page_that_no_encoding_decodes_is_refused(tmp_path, capsys):
    html = pb.html(pb.printed(2022))
    half = len(html) // 2
    (tmp_path / "mixed.html").write_bytes(html[:half].encode("utf-8") + "混用编码".encode("big5", "replace") + b"\x80\xff"
                                          + html[half:].encode("gb18030"))
    assert main(["audit", str(tmp_path / "mixed.html")]) == 4
    assert (f"  无法读取：{tmp_path / 'mixed.html'}：网页声明的编码是 utf-8，但按UTF-8、GB18030都不能正确解码（可能混用了编码或已损坏），"
            "读出的文字会是乱码，未核对。请在浏览器中打开，核对文字无误后另存为 UTF-8 编码的网页。") in capsys.readouterr().out.splitlines()


def test_audit_links_are_url_encoded(tmp_path):
    from bs4 import BeautifulSoup

    folder = tmp_path / "r"
    folder.mkdir()
    shutil.copy(_good_pages(folder)[0], folder / "a#1?.html")
    assert main(["audit", str(folder / "a#1?.html"), "-o", str(tmp_path / "out")]) == 0
    soup = BeautifulSoup((tmp_path / "out/index.html").read_text(encoding="utf-8"), "html.parser")
    assert [a["href"] for a in soup.select("tbody a")] == ["a%231%3F.html.%E5%AE%A1%E6%A0%B8.html"]
    assert (tmp_path / "out/a#1?.html.审核.html").is_file()


def test_audit_beside_a_batch_index_writes_its_own_summary(tmp_path, capsys):
    out = tmp_path / "outputs"
    out.mkdir()
    (out / "index.html").write_text("<html>批量生成结果</html>", encoding="utf-8")
    folder = tmp_path / "r"
    folder.mkdir()
    _good_pages(folder)
    assert main(["audit", str(folder), "-o", str(out)]) == 0
    assert (out / "index.html").read_text(encoding="utf-8") == "<html>批量生成结果</html>"
    assert (out / "审核汇总.html").is_file()
    assert capsys.readouterr().out.splitlines()[-1] == f"审核页：{out / '审核汇总.html'}"
    assert main(["audit", str(folder), "-o", str(tmp_path / "own")]) == 0  # a folder of its own: index.html
    assert main(["audit", str(folder), "-o", str(tmp_path / "own")]) == 0  # and again: its own index is rewritten
    assert (tmp_path / "own/index.html").is_file() and not (tmp_path / "own/审核汇总.html").exists()


def test_audit_previous_fifo_is_refused_up_front(tmp_path):
    page = tmp_path / "2022.html"
    page.write_text(pb.html(pb.printed(2022)), encoding="utf-8")
    os.mkfifo(tmp_path / "上年.json")
    code, out, seconds, _ = gk("audit", str(page), "--previous", str(tmp_path / "上年.json"), timeout=60)
    assert (code, out) == (2, f"{tmp_path / '上年.json'}：是一个命名管道（FIFO），不是报告文件，未读取。\n")
    assert seconds < 30
