"""Bounded everywhere (issue 20): the containment, workbooks, previous files, params and gk init
(gk audit's documents: ``test_hostile_audit``).

Each hostile file of the issue is generated here (``hostile``), run through the command a user would
type in a child process, and pinned to its message and exit code, with the seconds and the peak memory
(``wait4``, as ``/usr/bin/time -v`` reports it) asserted under the cap.
"""

from __future__ import annotations

import os
import resource
import time
from pathlib import Path

import pytest
import yaml
from builders import write_csv
from hostile import (
    GK,
    big_member_workbook,
    far_cell_workbook,
    flate_bomb_pdf,
    huge_file,
    lying_workbook,
    measured,
    sheet_elsewhere_workbook,
)

from gk_helpers.base import contain
from gk_helpers.cli import main
from gk_helpers.base.contain import LimitError, Limits
from gk_helpers.base.errors import ParamsError
from gk_helpers.notebook.params import load_params
from gk_helpers.notebook.project import init_project

MB = 1024 * 1024
CAP = 512 * MB
#: What the ``gk`` process itself occupies (Python, pandas, the kit) beside what a cap allows a reader.
OWN = 256 * MB


def gk(*args: str, cwd: Path | None = None, timeout: float = 120) -> tuple[int, str, float, int]:
    """``gk ARGS --max-memory 512MB`` in a child process: (exit code, output, seconds, peak bytes)."""
    return measured([*GK, *args], cwd=cwd, timeout=timeout)


# ---- the containment itself -------------------------------------------------------------------------

def _allocate(size: int) -> int:
    return len(bytearray(size))


def _sleep() -> None:
    time.sleep(60)


def _abort() -> None:
    os.abort()


def test_a_contained_call_returns_its_result_and_raises_its_error():
    assert contain.run(sum, [1, 2, 3], what="x", limits=Limits(CAP, 10)) == 6
    with pytest.raises(ParamsError, match="原样"):
        contain.run(lambda: (_ for _ in ()).throw(ParamsError("原样")), what="x", limits=Limits(CAP, 10))


def _frozen_in_child() -> int:
    import gc

    return gc.get_freeze_count()


def test_a_contained_call_leaves_the_callers_frozen_objects_frozen():
    """A warm kernel freezes its imports (gc.freeze) so that its full collections skip them; a contained
    read (several per report) once thawed them all, and every collection walked 100,000 objects again."""
    import gc

    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        in_child = contain.run(_frozen_in_child, what="测试")
        assert gc.get_freeze_count() == frozen
        assert in_child >= frozen  # the child's collections leave the parent's pages alone
        assert gc.isenabled()
    finally:
        gc.unfreeze()


def test_memory_past_the_cap_is_the_inputs_failure_naming_the_file():
    # The forked child starts with this process's resident pages (pytest's grows over a full run: 1.1 GB seen), so
    # its peak is bounded by what it inherited plus the cap, not by a fixed size.
    inherited = max(OWN, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    with pytest.raises(LimitError) as info:
        contain.run(_allocate, 2 * CAP, what="台账.xlsx", limits=Limits(CAP, 30))
    assert str(info.value) == ("台账.xlsx：读取时超过内存上限 512 MB（--max-memory），已停止读取。请确认选对了文件；"
                               "确实需要读取这样大的文件时，可用 --max-memory 调高上限。")
    assert info.value.kind == "memory" and contain.LAST["peak"] < inherited + CAP


def test_time_past_the_deadline_kills_the_reader():
    began = time.monotonic()
    with pytest.raises(LimitError) as info:
        contain.run(_sleep, what="报告.pdf", limits=Limits(CAP, 0.5))
    assert time.monotonic() - began < 5
    assert str(info.value) == "报告.pdf：运行超过 0.5 秒（--timeout），已停止。请确认选对了文件。"


def test_a_reader_that_dies_is_named_with_the_part_it_was_reading():
    def read():
        with contain.reading("台账.xlsx「依申请公开」"):
            _abort()

    with pytest.raises(LimitError) as info:
        contain.run(read, what="台账目录 x", limits=Limits(CAP, 30))
    assert str(info.value) == "台账.xlsx「依申请公开」：读取时程序意外终止（信号 SIGABRT），文件可能已损坏。请确认选对了文件。"


def test_a_process_that_carries_the_caps_runs_in_process(monkeypatch):
    """A report kernel holds the caps itself (``carry``): no process start per report, MemoryError named."""
    monkeypatch.setattr(contain, "_CARRIED", Limits(CAP, None))
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked"))
    assert contain.run(os.getpid, what="x") == os.getpid()

    def exhausted():
        with contain.reading("依申请公开.csv"):
            raise MemoryError

    with pytest.raises(LimitError, match="^依申请公开.csv：读取时超过内存上限 512 MB"):
        contain.run(exhausted, what="台账目录")


def test_parse_memory():
    assert [contain.parse_memory(t) for t in ("2GB", "2 G", "512MB", "1.5GB", "300")] == [2 << 30, 2 << 30, 512 * MB, 1536 * MB, 300 * MB]
    for bad in ("lots", "10MB", "-1GB", ""):
        with pytest.raises(ValueError):
            contain.parse_memory(bad)


@pytest.mark.parametrize("dying_words", [
    b"memory allocation of 549755813888 bytes failed\n",  # calamine (Rust)
    b"/arrow/cpp/src/arrow/result.cc:27: ValueOrDie called on an error: Out of memory: malloc of size 402816 failed\n",
    b"terminate called after throwing an instance of 'std::bad_alloc'\n",
])
def test_a_reader_refused_memory_is_named_by_the_cap_whatever_its_words(dying_words):
    """pyarrow's CSV reader aborts with "Out of memory" (capital O): once read as a crash 文件可能已损坏."""
    death = contain._death("依申请公开.csv", 6, dying_words, Limits(128 * MB, None))  # 6: killed by SIGABRT
    assert str(death) == ("依申请公开.csv：读取时超过内存上限 128 MB（--max-memory），已停止读取。请确认选对了文件；"
                          "确实需要读取这样大的文件时，可用 --max-memory 调高上限。")


def test_max_memory_option_is_checked(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "x", "--year", "2020", "--max-memory", "lots"])
    assert info.value.code == 2
    assert "参数错误：argument --max-memory: 「lots」不是内存大小（如 2GB、512MB；至少 64MB）" in capsys.readouterr().err


# ---- workbooks (gk check) -----------------------------------------------------------------------------

def _check(folder: Path, *extra: str) -> tuple[int, str, float, int]:
    return gk("check", str(folder), "--year", "2020", "--max-memory", "512MB", *extra)


@pytest.mark.parametrize("make, problem", [
    (far_cell_workbook, "台账.xlsx 工作表「依申请公开」：值「XFD1048576」：工作表的单元格从 A1 一直到 XFD1048576，共 "
                        "17,179,869,184 个单元格，超过上限 10,000,000 个，没有读取。远处的单元格（最远的是 XFD1048576）"
                        "多半是误填或格式残留：请删除台账区域之外的行和列后重新保存。"),
    (lambda p: sheet_elsewhere_workbook(p, 300 * MB),
     "台账.xlsx：值「xl/big.xml」：工作簿中的 xl/big.xml 解压后有 300 MB，超过上限 200 MB，没有读取。"
     "请删除空白行列和多余内容后重新保存，或把台账分成各类别的 CSV 文件。"),
    (lambda p: big_member_workbook(p, 300 * MB),
     "台账.xlsx：值「xl/styles.xml」：工作簿中的 xl/styles.xml 解压后有 300 MB，超过上限 200 MB，没有读取。"
     "请删除空白行列和多余内容后重新保存，或把台账分成各类别的 CSV 文件。"),
    (lambda p: big_member_workbook(p, 300 * MB, "xl/workbook.xml", b"<sheets>"),
     "台账.xlsx：值「xl/workbook.xml」：工作簿中的 xl/workbook.xml 解压后有 300 MB，超过上限 200 MB，没有读取。"
     "请删除空白行列和多余内容后重新保存，或把台账分成各类别的 CSV 文件。"),
    (lambda p: lying_workbook(p, 8 * MB),
     "台账.xlsx：值「xl/worksheets/sheet1.xml」：Excel 工作簿已损坏：其中的 xl/worksheets/sheet1.xml 与声明的大小或校验值不符，"
     "没有读取。请在 Excel 中打开并重新保存为 .xlsx。"),
], ids=["cell-at-XFD1048576", "sheet-at-xl-big.xml", "300MB-styles.xml", "300MB-workbook.xml", "lying-directory"])
def test_hostile_workbook_is_refused_before_calamine(tmp_path, make, problem):
    """Before: exit 134 (SIGABRT, 550 GB asked) for the far cell; 6.1 GB / 49 s for the sheet elsewhere."""
    make(tmp_path / "台账.xlsx")
    assert (tmp_path / "台账.xlsx").stat().st_size < 400_000
    code, out, seconds, peak = _check(tmp_path)
    assert (code, out) == (1, f"台账有 1 处问题，请逐条修改后重试：\n1. {problem}\n")
    assert seconds < 30 and peak < CAP + OWN


def test_a_ledger_past_the_memory_cap_names_the_file_and_the_cap(tmp_path):
    """A real-looking CSV that needs more than --max-memory: that file's failure, the machine untouched."""
    line = "2020-{:05d},2020-03-05,自然人,2020-03-09,予以公开\n"
    with open(tmp_path / "依申请公开.csv", "w", encoding="utf-8") as out:
        out.write("申请编号,收到日期,申请人类型,办结日期,办理结果\n")
        out.writelines(line.format(i % 100000) for i in range(700_000))
    code, out, _, peak = gk("check", str(tmp_path), "--year", "2020", "--max-memory", "128MB")
    assert code == 1
    assert out == ("依申请公开.csv：读取时超过内存上限 128 MB（--max-memory），已停止读取。请确认选对了文件；"
                   "确实需要读取这样大的文件时，可用 --max-memory 调高上限。\n")
    assert peak < 128 * MB + OWN


def test_check_and_tables_have_a_deadline(tmp_path):
    with open(tmp_path / "依申请公开.csv", "w", encoding="utf-8") as out:
        out.write("申请编号,收到日期,申请人类型,办结日期,办理结果\n")
        out.writelines(f"2020-{i},2020-03-05,自然人,2020-03-09,予以公开\n" for i in range(300_000))
    for command in ("check", "tables"):
        code, out, seconds, _ = gk(command, str(tmp_path), "--year", "2020", "--timeout", "0.3")
        assert (code, out) == (1, "依申请公开.csv：运行超过 0.3 秒（--timeout），已停止。请确认选对了文件。\n"), command
        assert seconds < 20


def test_ledger_link_out_of_the_folder_is_refused_and_never_read(tmp_path):
    (tmp_path / "secret.csv").write_text("申请编号,收到日期\n机密内容,2020-01-01\n", encoding="utf-8")
    folder = tmp_path / "ledgers"
    folder.mkdir()
    (folder / "依申请公开.csv").symlink_to(tmp_path / "secret.csv")
    (folder / "台账映射.yaml").symlink_to("/etc/passwd")
    code, out, _, _ = _check(folder)
    assert code == 1 and "机密" not in out and "root:" not in out
    assert out == ("台账有 2 处问题，请逐条修改后重试：\n"
                   "1. 依申请公开.csv：「依申请公开.csv」是指向台账目录之外的快捷方式（符号链接），没有读取。请把台账文件本身放进台账目录，或删除这个链接。\n"
                   "2. 台账映射.yaml：「台账映射.yaml」是指向台账目录之外的快捷方式（符号链接），没有读取。请把台账文件本身放进台账目录，或删除这个链接。\n")


def test_link_inside_the_ledger_folder_is_read(tmp_path):
    write_csv(tmp_path, "依申请公开", [["A1", "2020-03-05", "自然人", "2020-03-09", "予以公开"]])
    (tmp_path / "依申请公开.csv").rename(tmp_path / "2020.csv")
    (tmp_path / "依申请公开.csv").symlink_to("2020.csv")
    assert main(["tables", str(tmp_path), "--year", "2020", "--json"]) == 0


def test_ledger_values_with_escape_sequences_are_printed_escaped(tmp_path, capsys):
    (tmp_path / "依申请公开.csv").write_text("申请编号,收到日期,申请人类型,办结日期,办理结果\n"
                                            "A1,\x1b[2J\x1b[31m2020-13-05,自然人,2020-03-09,予以公开\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "--year", "2020"]) == 1
    printed = capsys.readouterr().err
    assert "\x1b" not in printed and "值「\\x1b[2J\\x1b[31m2020-13-05」" in printed
    assert main(["check", str(tmp_path), "--year", "2020", "--json"]) == 1
    assert '"value": "\\u001b[2J\\u001b[31m2020-13-05"' in capsys.readouterr().out


# ---- previous files (gk tables --previous, previous: {file:}) --------------------------------------

def test_previous_fifo_is_refused_up_front(tmp_path):
    write_csv(tmp_path, "依申请公开", [["A1", "2020-03-05", "自然人", "2020-03-09", "予以公开"]])
    os.mkfifo(tmp_path / "上年.json")
    code, out, seconds, _ = gk("tables", str(tmp_path), "--year", "2020", "--previous", str(tmp_path / "上年.json"), timeout=60)
    assert (code, out) == (1, "上年报告文件 上年.json 是一个命名管道（FIFO），不是普通文件。请改正 previous.file 或 --previous 所指的文件。\n")
    assert seconds < 30  # never waited on


def test_previous_json_past_the_limit_is_not_read(tmp_path):
    write_csv(tmp_path, "依申请公开", [["A1", "2020-03-05", "自然人", "2020-03-09", "予以公开"]])
    huge_file(tmp_path / "上年.json", 3 << 30)
    code, out, _, peak = gk("tables", str(tmp_path), "--year", "2020", "--previous", str(tmp_path / "上年.json"))
    assert (code, out) == (1, "上年报告文件 上年.json 太大（3072 MB），超过上限 50 MB，没有读取。请确认选对了文件（报告 JSON 通常只有几 MB）。\n")
    assert peak < CAP


def test_previous_pdf_bomb_named_in_the_params_file_fails_that_report(tmp_path):
    """``previous: {file: 上年.pdf}`` is read by the audit readers, with their bounds."""
    from gk_helpers import notebook as nb

    project = tmp_path / "p"
    folder = project / "params/县/镇"
    folder.mkdir(parents=True)
    write_csv(folder, "依申请公开", [["A1", "2020-03-05", "自然人", "2020-03-09", "予以公开"]])
    flate_bomb_pdf(folder / "上年.pdf", 200 * MB)
    (folder / "2020.yaml").write_text(yaml.safe_dump({"agency": "县镇人民政府", "county": "县", "township": "镇", "year": 2020,
                                                      "ledger_dir": ".", "previous": {"file": "上年.pdf"}}, allow_unicode=True),
                                      encoding="utf-8")
    with pytest.raises(Exception) as info:
        nb.prepare(str(folder / "2020.yaml"))
    assert str(info.value).endswith("上年.pdf：PDF 中有一段数据解压后超过 32 MB，不像年度报告（可能是“解压炸弹”），未读取。")
    assert contain.LAST["peak"] < contain.DEFAULT_MEMORY


# ---- params files and gk init ------------------------------------------------------------------------

GOOD = "agency: 城关镇人民政府\ncounty: 南召县\ntownship: 城关镇\nyear: 2020\nledger_dir: ../../../data/城关镇\n"


def _params(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "params/南召县/城关镇"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "2020.yaml").write_text(text, encoding="utf-8")
    return folder / "2020.yaml"


@pytest.mark.parametrize("text, message", [
    (GOOD + 'overview: "全年\\e[31m新收申请"\n',
     "参数文件 2020.yaml 第6行：「overview」含有控制字符 \\x1b（如转义写法 \\e、\\x1b）。参数文件的文字中不能有控制字符，请删除它。"),
    (GOOD + "problems: |\n  第一段。\n  第二段\x08。\n",
     "参数文件 2020.yaml 第8行：「problems」含有控制字符 \\x08。参数文件的文字中不能有控制字符，请删除它（用记事本或 VS Code 打开时它可能显示为方框或不显示）。"),
    (GOOD + 'other_items:\n  - title: 其他\n    text: "x\\x07"\n',
     "参数文件 2020.yaml 第8行：「text」含有控制字符 \\x07（如转义写法 \\e、\\x1b）。参数文件的文字中不能有控制字符，请删除它。"),
    (GOOD.replace("城关镇人民政府", '"城关镇\\0人民政府"'),
     "参数文件 2020.yaml 第1行：「agency」含有控制字符 \\x00（如转义写法 \\e、\\x1b）。参数文件的文字中不能有控制字符，请删除它。"),
])
def test_control_characters_in_params_are_refused_with_line_and_field(tmp_path, text, message):
    with pytest.raises(ParamsError) as info:
        load_params(_params(tmp_path, text))
    assert str(info.value) == message


def test_control_character_in_a_prose_file_is_refused_with_its_line(tmp_path):
    path = _params(tmp_path, GOOD + "overview: {file: 2020-总体情况.md}\n")
    (path.parent / "2020-总体情况.md").write_text("（一）主动公开。\n\n全年\x1b[31m新收。\n", encoding="utf-8")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value) == ("参数文件 2020.yaml：「overview」引用的文件 2020-总体情况.md 第3行含有控制字符 \\x1b。文字中不能有控制字符，"
                               "请删除它（用记事本或 VS Code 打开时它可能显示为方框或不显示）。")


def test_prose_file_that_is_a_fifo_is_refused_up_front(tmp_path):
    path = _params(tmp_path, GOOD + "overview: {file: 2020-总体情况.md}\n")
    os.mkfifo(path.parent / "2020-总体情况.md")
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert str(info.value) == "参数文件 2020.yaml：「overview」引用的文件 2020-总体情况.md 是一个命名管道（FIFO），不是普通文件。请改正或删除它。"


def test_init_writes_names_with_yaml_syntax_as_values(tmp_path):
    """Before: ``--township '城关镇 #'`` wrote a YAML comment and ledger_dir pointed at 城关镇's folder."""
    init_project(tmp_path, "南召县", ["城关镇 #"], [2023], agency="南召县城关镇 #2 人民政府: 办公室")
    params = load_params(tmp_path / "params/南召县/城关镇 #/2023.yaml")
    assert (params.township, params.agency) == ("城关镇 #", "南召县城关镇 #2 人民政府: 办公室")
    assert params.ledger_dir == (tmp_path / "data/南召县/城关镇 #").resolve()


@pytest.mark.parametrize("args, message", [
    (["--township", "index"], "乡镇（街道）「index」无效：是保留名称（index 是县级汇总页的文件名；CON、NUL 等是系统设备名）。"),
    (["--township", ".hidden"], "乡镇（街道）「.hidden」无效：以 . 或 ~$ 开头（这样的文件会被当作隐藏文件或临时文件）。"),
    (["--township", "镇" * 41], f"乡镇（街道）「{'镇' * 41}」无效：过长（41 个字符，最多 40 个字符；输出文件名由它组成）。"),
    (["--township", "城关\x1b镇"], "乡镇（街道）「城关\\x1b镇」无效：含有控制字符（如空字符、换行）。"),
    (["--township", "城关镇", "--agency", "机关\nprevious: {file: /etc/passwd}"],
     "机关全称「机关\\x0aprevious: {file: /etc/passwd}」无效：含有控制字符（如换行）。"),
])
def test_init_applies_gk_runs_name_rules(tmp_path, capsys, args, message):
    assert main(["init", str(tmp_path / "p"), "--county", "南召县", "--year", "2023", *args]) == 1
    assert capsys.readouterr().err == message + "\n"
    assert not (tmp_path / "p" / "params").exists()


def test_init_never_replaces_a_link(tmp_path, capsys):
    folder = tmp_path / "params/南召县/城关镇"
    folder.mkdir(parents=True)
    (folder / "2023.yaml").symlink_to(tmp_path / "elsewhere.yaml")  # dangling
    assert main(["init", str(tmp_path), "--county", "南召县", "--township", "城关镇", "--year", "2023"]) == 0
    assert (folder / "2023.yaml").is_symlink() and not (tmp_path / "elsewhere.yaml").exists()
    assert "  已存在的符号链接、未改动：params/南召县/城关镇/2023.yaml" in capsys.readouterr().out.splitlines()


def test_params_serializer_takes_a_plain_dict():
    from gk_helpers.base.bounds import dump_yaml

    fields = {"agency": "甲: 乙 #丙", "year": 2023, "overview": {"file": "2023-总体情况.md"},
              "other_items": [{"title": "一", "text": "多行\n文字"}]}
    text = dump_yaml(fields, "说明")
    assert text.startswith("# 说明\nagency: '甲: 乙 #丙'\nyear: 2023\noverview: {file: 2023-总体情况.md}\n")
    assert yaml.safe_load(text) == fields
