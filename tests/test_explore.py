"""notebooks/explore.ipynb: committed without outputs, and it runs top to bottom for an analyst (from notebooks/)."""

from pathlib import Path

import re

import nbformat
import papermill as pm

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_explore_notebook_is_committed_clean():
    nb = nbformat.read(NOTEBOOK, 4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert [c for c in code if "parameters" in c.metadata.get("tags", [])] == [code[0]]
    assert all(line.split("#")[0].count(":") == 1 for line in code[0].source.splitlines()[1:])  # typed, with help


def test_explore_notebook_runs_and_shows_tables_cases_history_open_applications_and_the_county(tmp_path):
    out = tmp_path / "explore.ipynb"
    nb = pm.execute_notebook(str(NOTEBOOK), str(out), cwd=str(ROOT / "notebooks"), progress_bar=False,
                             parameters={"params_file": "../params/南召县/云阳镇/2022.yaml"})
    outputs = {c.id: c.outputs for c in nb.cells if c.cell_type == "code"}
    assert not [o for outs in outputs.values() for o in outs if o.output_type in ("error", "stream")]
    text = lambda cell: "".join(o.get("data", {}).get("text/plain", "") for o in outputs[cell])  # noqa: E731
    html = lambda cell: "".join(o.get("data", {}).get("text/html", "") for o in outputs[cell])  # noqa: E731
    assert text("explore-load").startswith("<ReportContext 报告: 南召县云阳镇 2022年（2021 格式）")
    assert "（四）无法提供" in html("explore-table3") and "本机关不掌握相关政府信息" in html("explore-table3")
    assert "未经复议直接起诉" in html("explore-table4")
    assert "YSQ2022001" in html("explore-cases-received") and "行号" in html("explore-cases-received")
    history = text("explore-history-table").splitlines()
    assert history[0].split() == ["本年新收申请", "上年结转申请", "办结申请（（七）总计）", "其中予以公开", "结转下年度", "行政复议", "行政诉讼"]
    assert history[-1].split() == ["2022", "3", "0", "2", "1", "1", "0", "2"]
    assert any("image/png" in o.get("data", {}) for o in outputs["explore-history-chart"])
    assert "YSQ2022003" in html("explore-open-list")
    # the analyst's first question, for the whole county: which township had the most overdue replies, and which?
    deadlines = text("explore-deadlines-one").splitlines()
    assert deadlines[0].split()[:7] == ["申请编号", "收到日期", "起算日", "答复期限", "办结日期", "状态", "逾期工作日"]
    assert text("explore-county-load") == "<CountyView 南召县 2019–2024年：16 个乡镇、96 个乡镇年度>"
    assert text("explore-county-most").splitlines() == ["乡镇", "云阳镇    1", "皇后乡    1", "Name: 逾期件数, dtype: int64"]
    assert _rows(html("explore-county-which")) == [
        ["云阳镇", "2023", "YSQ2023001", "2023-01-16", "2023-02-16", "2023-02-20", "逾期答复", "2", "台账.xlsx", "依申请公开", "33"],
        ["皇后乡", "2024", "YSQ2024009", "2024-11-25", "2024-12-23", "NaT", "未办结且已逾期", "&lt;NA&gt;", "依申请公开.csv", "", "38"],
    ]
    assert "逾期答复" in html("explore-county-figures") and "云阳镇" in html("explore-county-figures")


def _rows(html: str) -> list[list[str]]:
    """The data cells of each body row of a DataFrame's HTML (the index cell left out)."""
    body = html.split("<tbody>", 1)[1]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
