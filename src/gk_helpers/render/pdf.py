"""The report as PDF: headless Chromium prints the public page with its print stylesheet.

The print layout (A4, 公文 margins, 仿宋/黑体 fonts, "— N —" page numbers, section 三's header
repeated on each page) lives in ``report.css``; Chromium embeds the fonts it uses and keeps the
tables as text. Without Chromium the PDF is skipped with one Chinese note (``ChromiumMissing``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..base.errors import RenderError

#: Executables tried in order ($GK_CHROMIUM first when set).
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120


class ChromiumMissing(RenderError):
    """No Chromium on this machine: the PDF is skipped, everything else is written."""


def chromium() -> str:
    """The Chromium executable, or ``ChromiumMissing`` with the note the user sees."""
    explicit = os.environ.get("GK_CHROMIUM")
    for name in ([explicit] if explicit else list(CANDIDATES)):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing("未找到 Chromium 浏览器，已跳过 PDF。安装 chromium（Debian：apt-get install chromium）"
                          "或用环境变量 GK_CHROMIUM 指明其路径后重新运行即可生成 PDF。")


def pdf_bytes(page_html: str) -> bytes:
    """Print a standalone HTML page to PDF with headless Chromium (A4 and margins from its @page rule)."""
    browser = chromium()
    with tempfile.TemporaryDirectory(prefix="gk-pdf-") as tmp:
        page, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        page.write_text(page_html, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                   f"--user-data-dir={Path(tmp) / 'profile'}", "--no-pdf-header-footer", "--run-all-compositor-stages-before-draw",
                   f"--print-to-pdf={out}", page.as_uri()]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise RenderError(f"Chromium 打印 PDF 超过 {TIMEOUT} 秒未完成，已跳过 PDF。") from None
        if not out.is_file() or out.stat().st_size == 0:
            raise RenderError("Chromium 未能打印出 PDF，已跳过 PDF。")
        return out.read_bytes()
