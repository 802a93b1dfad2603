"""notebooks/explore.ipynb: committed without outputs, and it runs top to bottom for an analyst (from notebooks/)."""

from pathlib import Path

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


def test_explore_notebook_runs_and_shows_tables_cases_history_and_open_applications(tmp_path):
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
