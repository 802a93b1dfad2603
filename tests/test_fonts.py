"""Chinese chart labels on a machine whose matplotlib font cache predates its CJK font (issue 19)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import papermill as pm
import pytest

ROOT = Path(__file__).resolve().parents[1]


def stale_font_cache(folder: Path) -> Path:
    """An MPLCONFIGDIR whose font cache lists no CJK font: as built before fonts-noto-cjk was installed."""
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env={"MPLCONFIGDIR": str(folder)},
                   check=True, capture_output=True)
    (cache,) = folder.glob("fontlist-*.json")
    data = json.loads(cache.read_text())
    kept = [f for f in data["ttflist"] if "cjk" not in (f["name"] + f["fname"]).lower()]
    if len(kept) == len(data["ttflist"]):
        pytest.skip("no CJK font on this machine (scripts/test.sh installs fonts-noto-cjk)")
    cache.write_text(json.dumps({**data, "ttflist": kept}))
    return folder


DRAW = """
import warnings
warnings.simplefilter("error")  # "Glyph … missing from font(s)" would fail the run
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
print(any("CJK" in f.name for f in font_manager.fontManager.ttflist))
from gk_helpers.render.fonts import use_cjk_fonts
print(use_cjk_fonts())
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.set_title("本年新收政府信息公开申请（件）")
ax.bar(["城关镇", "云阳镇"], [3, -1])
fig.savefig("chart.png")
"""


def test_a_stale_font_cache_still_draws_chinese(tmp_path):
    env = {"MPLCONFIGDIR": str(stale_font_cache(tmp_path / "mpl")), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", DRAW], env=env, cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False", "Noto Sans CJK SC"]  # unknown to the cache, then registered
    assert (tmp_path / "chart.png").stat().st_size > 0


def test_explore_chart_with_a_stale_font_cache_has_no_missing_glyphs(tmp_path, monkeypatch):
    monkeypatch.setenv("MPLCONFIGDIR", str(stale_font_cache(tmp_path / "mpl")))
    nb = pm.execute_notebook(str(ROOT / "notebooks" / "explore.ipynb"), str(tmp_path / "explore.ipynb"),
                             cwd=str(ROOT / "notebooks"), progress_bar=False,
                             parameters={"params_file": "../params/南召县/云阳镇/2022.yaml"})
    chart = next(c for c in nb.cells if c.get("id") == "explore-history-chart")
    assert [o for o in chart.outputs if o.output_type == "stream"] == []  # no "Glyph … missing" warning
    assert any("image/png" in o.get("data", {}) for o in chart.outputs)
