"""Input bounds (issue 7): params files (size, YAML aliases and tags, names, prose files) and ledger folders
(which files are read or hashed, non-regular paths, near-miss formats, the xlsx expansion limit)."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from builders import TODAY, write_csv, xlsx_bytes

from gk_helpers.batch import cache
from gk_helpers.base.errors import LedgerError, ParamsError
from gk_helpers.ledger import ledgers as ledgers_module
from gk_helpers.ledger import sources
from gk_helpers.ledger.ledgers import load_ledgers
from gk_helpers.notebook.params import load_params

GOOD = "agency: 城关镇人民政府\ncounty: 南召县\ntownship: 城关镇\nyear: 2020\nledger_dir: ../../../data/城关镇\n"
BILLION_LAUGHS = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
              f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n" for i in range(8))
    + GOOD.replace("agency: 城关镇人民政府", "agency: *i")
)


def params_file(tmp_path: Path, text: str, name: str = "2020.yaml") -> Path:
    folder = tmp_path / "params" / "南召县" / "城关镇"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return folder / name


def params_message(tmp_path: Path, text: str) -> str:
    with pytest.raises(ParamsError) as info:
        load_params(params_file(tmp_path, text))
    return str(info.value)


def test_billion_laughs_is_refused_at_once(tmp_path):
    assert len(BILLION_LAUGHS.encode()) < 1000
    began = time.perf_counter()
    message = params_message(tmp_path, BILLION_LAUGHS)
    assert time.perf_counter() - began < 1
    assert message == "参数文件 2020.yaml 第1行使用了 YAML 锚点「&a」。参数文件不允许使用锚点和别名，请把内容直接写出来。"


def test_alias_without_anchor_is_refused(tmp_path):
    assert "使用了 YAML 别名「*x」" in params_message(tmp_path, GOOD + "overview: *x\n")


def test_python_tag_is_named_as_a_forbidden_tag(tmp_path):
    message = params_message(tmp_path, GOOD + "overview: !!python/object/apply:os.system [\"rm -rf /\"]\n")
    assert message == ("参数文件 2020.yaml 第6行含有不允许的 YAML 标记「!!python/object/apply:os.system」。"
                       "参数文件只能写文字、数字、列表和“键: 值”，请删除该标记。")
    assert "不允许的 YAML 标记「!custom」" in params_message(tmp_path, GOOD + "overview: !custom x\n")


def test_duplicate_key_is_refused(tmp_path):
    assert params_message(tmp_path, GOOD + "township: 四棵树乡\n") == (
        "参数文件 2020.yaml 第6行：键「township」重复出现（后一处会悄悄覆盖前一处）。请只保留一处。")


def test_params_file_size_limit(tmp_path):
    message = params_message(tmp_path, GOOD + "overview: |\n" + ("  很长的文字。\n" * 70000))
    assert message.startswith("参数文件 2020.yaml 太大（") and message.endswith("超过上限 1 MB。请检查是否选错了文件。")


def test_deep_nesting_is_an_error_not_a_crash(tmp_path):
    assert "嵌套过深" in params_message(tmp_path, GOOD + "overview: " + "[" * 5000 + "]" * 5000 + "\n")


@pytest.mark.parametrize("value, problem", [
    ("城" * 100, f"「{'城' * 60}…」过长（100 个字符，最多 40 个字符；输出文件名由它组成）"),
    ("index", "「index」是保留名称（index 是县级汇总页的文件名；CON、NUL 等是系统设备名）"),
    ("INDEX", "「INDEX」是保留名称"),
    ("NUL", "「NUL」是保留名称"),
    ("a/b", "「a/b」含有路径分隔符 / 或 \\"),
    (".hidden", "「.hidden」以 . 或 ~$ 开头"),
])
def test_township_names_that_cannot_name_files(tmp_path, value, problem):
    message = params_message(tmp_path, GOOD.replace("township: 城关镇", f"township: {value}"))
    assert message.startswith(f"参数文件 2020.yaml：乡镇（街道）（township）{problem}")
    assert message.endswith("请改正参数文件中的 township。")


def test_reserved_county_name(tmp_path):
    message = params_message(tmp_path, GOOD.replace("county: 南召县", "county: index"))
    assert message.startswith("参数文件 2020.yaml：县（区）（county）「index」是保留名称")


@pytest.mark.parametrize("named", ["/etc/passwd", "../../../../../etc/passwd.md", "../../../secret.md", "notes.txt"])
def test_prose_file_must_be_markdown_inside_the_params_tree(tmp_path, named):
    (tmp_path / "secret.md").write_text("机密", encoding="utf-8")
    (tmp_path / "params/南召县/城关镇").mkdir(parents=True)
    (tmp_path / "params/南召县/城关镇/notes.txt").write_text("x", encoding="utf-8")
    message = params_message(tmp_path, GOOD + f"overview: {{file: {named}}}\n")
    assert message == (f"参数文件 2020.yaml：「overview」引用的文件「{named}」不允许：只能引用参数目录 params/ 之内的"
                       " Markdown 文件（.md），用相对于参数文件所在目录的路径，如 {file: 2020-概述.md}。")


def test_prose_file_elsewhere_in_the_params_tree_is_allowed(tmp_path):
    shared = tmp_path / "params" / "南召县" / "共用.md"
    shared.parent.mkdir(parents=True)
    shared.write_text("全县统一的文字。", encoding="utf-8")
    params = load_params(params_file(tmp_path, GOOD + "overview: {file: ../共用.md}\n"))
    assert params.overview == "全县统一的文字。"


def test_prose_symlink_leaving_the_tree_is_refused(tmp_path):
    folder = tmp_path / "params/南召县/城关镇"
    folder.mkdir(parents=True)
    (tmp_path / "outside.md").write_text("外部", encoding="utf-8")
    (folder / "link.md").symlink_to(tmp_path / "outside.md")
    assert "引用的文件「link.md」不允许" in params_message(tmp_path, GOOD + "overview: {file: link.md}\n")


@pytest.mark.parametrize("named", ["/etc/passwd", "../../../../../etc/passwd.json", "../../../secret.json", "notes.txt"])
def test_previous_file_must_be_a_report_inside_the_params_tree_or_the_output_folder(tmp_path, named, monkeypatch):
    """previous: {file: …} (issue 11) is confined by the same function as prose {file: …}."""
    monkeypatch.delenv("GK_PROJECT_ROOT", raising=False)
    monkeypatch.delenv("GK_OUTPUT_DIR", raising=False)
    (tmp_path / "secret.json").write_text("{}", encoding="utf-8")
    (tmp_path / "params/南召县/城关镇").mkdir(parents=True)
    (tmp_path / "params/南召县/城关镇/notes.txt").write_text("x", encoding="utf-8")
    message = params_message(tmp_path, GOOD + f"previous: {{file: {named}}}\n")
    assert message == (f"参数文件 2020.yaml：「previous.file」引用的文件「{named}」不允许：只能引用参数目录 params/ 或输出目录 outputs/"
                       " 之内的上年报告（.json、.pdf、.html、.docx），用相对于参数文件所在目录的路径，"
                       "如 {file: ../../../outputs/南召县/2019/城关镇.json}。")


def test_previous_file_in_the_output_folder_or_the_params_tree_is_allowed(tmp_path, monkeypatch):
    monkeypatch.delenv("GK_PROJECT_ROOT", raising=False)
    monkeypatch.delenv("GK_OUTPUT_DIR", raising=False)
    path = params_file(tmp_path, GOOD + "previous: {file: ../../../outputs/南召县/2019/城关镇.json}\n")
    assert load_params(path).previous_file == (tmp_path / "outputs/南召县/2019/城关镇.json").resolve()
    path.write_text(GOOD + "previous: {file: 2019年报告.pdf}\n", encoding="utf-8")
    assert load_params(path).previous_file == (path.parent / "2019年报告.pdf").resolve()


# ---- ledger folders -------------------------------------------------------------------------------

def problems(folder: Path) -> list[tuple[str, str]]:
    with pytest.raises(LedgerError) as info:
        load_ledgers(folder, today=TODAY)
    return [(p.rule, str(p)) for p in info.value.problems]


def test_fifo_named_like_a_ledger_is_an_error_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "依申请公开.csv")  # opening it would block forever
    write_csv(tmp_path, "热线工单", [])
    assert problems(tmp_path) == [
        ("不是普通文件", "依申请公开.csv：「依申请公开.csv」是一个命名管道（FIFO），不是台账文件。请把台账文件放在这个位置，或删除它。")]
    assert cache.Hasher()(tmp_path / "依申请公开.csv") == "not-a-file"


def test_broken_link_named_like_a_ledger_is_an_error(tmp_path):
    (tmp_path / "依申请公开.csv").symlink_to(tmp_path / "gone.csv")
    assert problems(tmp_path) == [
        ("不是普通文件", "依申请公开.csv：「依申请公开.csv」是一个失效的快捷方式（符号链接指向的文件不存在）。请放入真正的台账文件，或删除它。")]


def test_workbook_that_is_a_folder_is_an_error(tmp_path):
    (tmp_path / "台账.xlsx").mkdir()
    assert problems(tmp_path)[0] == ("不是普通文件", "台账.xlsx：「台账.xlsx」是一个文件夹，不是台账文件。请把台账文件放在这个位置，或删除它。")


def test_excel_unicode_text_export_says_how_to_save_it(tmp_path):
    (tmp_path / "依申请公开.txt").write_bytes("申请编号\t收到日期\r\nA1\t2020-03-05\r\n".encode("utf-16"))
    assert problems(tmp_path) == [(
        "文件类型不对",
        "依申请公开.txt：值「依申请公开.txt」：这是Excel 的“Unicode 文本”（UTF-16 编码、制表符分隔），不是 CSV。"
        "请在 Excel 中打开它，“另存为”“CSV UTF-8（逗号分隔）(*.csv)”，文件名为「依申请公开.csv」。")]


@pytest.mark.parametrize("name, what", [
    ("依申请公开.tsv", "这是文本文件（台账只读取逗号分隔的 .csv 文件）。"),
    ("依申请公开.xls", "这是一个单独的 .xls 工作簿（台账只读取 依申请公开.csv，或 台账.xlsx 中名为「依申请公开」的工作表）。"),
    ("依申请公开台账.xlsx", "这是一个单独的 .xlsx 工作簿"),
])
def test_near_miss_ledger_files(tmp_path, name, what):
    (tmp_path / name).write_bytes(b"x")
    [(rule, message)] = problems(tmp_path)
    assert rule == "文件类型不对" and what in message and "文件名为「依申请公开.csv」" in message


def test_near_miss_beside_the_real_ledger_is_only_a_warning(tmp_path):
    write_csv(tmp_path, "依申请公开", [])
    (tmp_path / "依申请公开.txt").write_bytes("x".encode("utf-16"))
    assert "文件「依申请公开.txt」已忽略（依申请公开台账以 依申请公开.csv 为准）。" in load_ledgers(tmp_path, today=TODAY).warnings


def test_old_excel_workbook_alone_says_how_to_save_it(tmp_path):
    (tmp_path / "台账.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    assert problems(tmp_path) == [("文件类型不对", "台账.xls：值「台账.xls」：台账工作簿只读取 台账.xlsx，这是 .xls 格式。"
                                   "请在 Excel 中打开它，“另存为”“Excel 工作簿(*.xlsx)”，文件名为「台账.xlsx」。")]


def _bomb(path: Path, size: int) -> None:
    """A small xlsx whose first sheet's XML expands to ``size`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(__import__("io").BytesIO(xlsx_bytes({"依申请公开": [["申请编号"]]}))) as real:
            for info in real.infolist():
                if info.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(info, real.read(info))
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            chunk = b"<!-- " + b"x" * (1 << 20) + b" -->"
            for _ in range(size // len(chunk) + 1):
                sheet.write(chunk)


def test_xlsx_expanding_past_the_limit_is_refused_before_reading(tmp_path, monkeypatch):
    _bomb(tmp_path / "台账.xlsx", sources.MAX_SHEET_XML_BYTES + (5 << 20))
    assert (tmp_path / "台账.xlsx").stat().st_size < 2_000_000
    monkeypatch.setattr(ledgers_module, "open_workbook", lambda *a: pytest.fail("the workbook was opened"))
    [(rule, message)] = problems(tmp_path)
    assert rule == "工作簿过大"
    assert message == ("台账.xlsx：值「xl/worksheets/sheet1.xml」：工作簿中的 xl/worksheets/sheet1.xml 解压后有 205 MB，"
                       "超过上限 200 MB，没有读取。请删除空白行列和多余内容后重新保存，或把台账分成各类别的 CSV 文件。")


def test_csv_past_the_limit_is_refused_before_reading(tmp_path):
    with open(tmp_path / "依申请公开.csv", "wb") as big:
        big.truncate(sources.MAX_CSV_BYTES + (1 << 20))  # sparse: no disk used
    assert problems(tmp_path) == [("文件过大", "依申请公开.csv：文件有 201 MB，超过上限 200 MB，没有读取。请确认选对了文件（台账 CSV 通常只有几 MB）。")]


def test_only_contract_named_files_are_hashed(tmp_path, monkeypatch):
    write_csv(tmp_path, "依申请公开", [])
    (tmp_path / "台账.xlsx").write_bytes(xlsx_bytes({"热线工单": [["工单编号"]]}))
    with open(tmp_path / "大文件.iso", "wb") as big:
        big.truncate(4 << 30)  # sparse: 4 GB that would take seconds to hash
    (tmp_path / "说明.docx").write_bytes(b"x")
    hashed = []
    real = cache.file_sha256
    monkeypatch.setattr(cache, "file_sha256", lambda p: hashed.append(Path(p).name) or real(p))
    params = load_params(params_file(tmp_path / "p", GOOD.replace("../../../data/城关镇", str(tmp_path))))
    before = cache.report_inputs(params, params.path, "v", cache.Hasher())
    assert sorted(hashed) == ["2020.yaml", "依申请公开.csv", "台账.xlsx"]  # (the params file stands in for the notebook)
    assert {k for k in before if k.startswith("ledger")} == {"ledger:依申请公开.csv", "ledger:台账.xlsx", "ledger-names"}
    (tmp_path / "说明.docx").write_bytes(b"changed")  # content of an unrelated file: no re-run
    assert cache.report_inputs(params, params.path, "v", cache.Hasher()) == before
    (tmp_path / "依申请公开台账.csv").write_bytes(b"x")  # a new name can change the report (a warning): re-run
    assert cache.report_inputs(params, params.path, "v", cache.Hasher())["ledger-names"] != before["ledger-names"]


def test_the_mapping_file_is_hashed_with_the_ledgers(tmp_path):
    write_csv(tmp_path, "依申请公开", [])
    (tmp_path / "台账映射.yaml").write_text("依申请公开: {}\n", encoding="utf-8")
    assert [p.name for p in sources.hashed_files(tmp_path)] == ["依申请公开.csv", "台账映射.yaml"]
