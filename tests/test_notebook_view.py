"""What the analyst sees in JupyterLab is what is published (issue 9 item 6).

A JupyterLab server is started on 127.0.0.1 with a copy of the report notebook; Debian's Chromium
(through Playwright) opens it, runs all cells, and measures the rendered tables: which columns each
header cell spans, which rows each group cell spans, borders, label alignment, zeros. The same is
measured on the exported public page; both must agree with each other and with the official layout.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from gk_helpers.batch.execute import execute_report

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
JUPYTER = Path(sys.executable).parent / "jupyter"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update"]

#: For every header cell: the data columns (first body row's <td>s) under it; for every row group: its rows.
GEOMETRY = """(sel) => {
  const t = document.querySelector(sel);
  const body = [...t.querySelectorAll('tbody tr')];
  const mid = (r, a, b) => (r[a] + r[b]) / 2;
  const cols = [...body[0].querySelectorAll('td')].map(c => mid(c.getBoundingClientRect(), 'left', 'right'));
  const rows = body.map(tr => mid(tr.querySelector('td').getBoundingClientRect(), 'top', 'bottom'));
  const within = (xs, lo, hi) => xs.map((x, i) => (x > lo && x < hi) ? i : -1).filter(i => i >= 0);
  const heads = [...t.querySelectorAll('thead th')].map(th => {
    const r = th.getBoundingClientRect(); return [th.textContent.trim(), within(cols, r.left, r.right)]; });
  const groups = [...t.querySelectorAll('tbody th')].map(th => {
    const r = th.getBoundingClientRect(); return [th.textContent.trim(), within(rows, r.top, r.bottom), within(cols, r.left, r.right).length]; });
  const td = getComputedStyle(t.querySelector('tbody td'));
  const labelCell = t.querySelector('tbody th[scope=row]');
  const label = labelCell ? getComputedStyle(labelCell) : {textAlign: null};
  return {heads, groups, border: [td.borderTopStyle, td.borderTopWidth, td.borderLeftStyle, td.borderBottomStyle, td.borderRightStyle],
          labelAlign: label.textAlign, zeros: [...t.querySelectorAll('td')].filter(c => c.textContent.trim() === '0').length,
          cells: [...t.querySelectorAll('td')].length};
}"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on 127.0.0.1 serving a copy of the report notebook; yields its URL."""
    port, token = _free_port(), "gk-test-token"
    shutil.copy(ROOT / "notebooks" / "annual_report.ipynb", tmp_path / "annual_report.ipynb")
    settings = tmp_path / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))  # render every cell
    env = {**os.environ, "GK_PROJECT_ROOT": str(ROOT), "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(
        [str(JUPYTER), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path}", "--ServerApp.open_browser=False", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tmp_path)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start within 60 s")
        yield f"{base}/lab/tree/annual_report.ipynb?token={token}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
def test_jupyterlab_shows_the_official_layout(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    exported = execute_report(ROOT / "params" / "南召县" / "城关镇" / "2020.yaml", tmp_path / "out", cwd=ROOT).html
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(exported.as_uri())
            published = {t: page.evaluate(GEOMETRY, f"#table-{t}") for t in ("s3", "s4")}

            page.goto(lab, timeout=60_000)
            page.locator(".jp-Notebook").wait_for(timeout=60_000)
            page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=60_000)
            page.locator(".jp-Cell").first.click()
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            page.locator(".jp-OutputArea-output #table-s4").wait_for(state="attached", timeout=120_000)
            in_lab = {t: page.evaluate(GEOMETRY, f".jp-OutputArea-output #table-{t}") for t in ("s3", "s4")}
            page.locator(".jp-OutputArea-output #table-s3").scroll_into_view_if_needed()
            shots = ROOT / "outputs" / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "jupyterlab-城关镇-2020.png"))
        finally:
            browser.close()

    assert in_lab == published
    heads = dict(in_lab["s4"]["heads"])
    assert heads["行政复议"] == [0, 1, 2, 3, 4] and heads["行政诉讼"] == list(range(5, 15))
    assert heads["未经复议直接起诉"] == [5, 6, 7, 8, 9] and heads["复议后起诉"] == [10, 11, 12, 13, 14]
    s3 = in_lab["s3"]
    heads = dict(s3["heads"])
    assert heads["申请人情况"] == list(range(7)) and heads["法人或其他组织"] == [1, 2, 3, 4, 5] and heads["总计"] == [6]
    groups = {name: rows for name, rows, _ in s3["groups"]}
    assert groups["三、本年度办理结果"] == list(range(2, 22)) and groups["（三）不予公开"] == list(range(4, 12))
    assert s3["labelAlign"] == "left" and s3["cells"] == 23 * 7 and s3["zeros"] == 23 * 7  # 2019 layout, all zero in 2020
    for measured in (s3, in_lab["s4"]):
        assert measured["border"] == ["solid", "1px", "solid", "solid", "solid"]
