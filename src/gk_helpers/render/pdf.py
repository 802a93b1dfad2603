"""The report as PDF: WeasyPrint lays out the public page in paged media with its print stylesheet.

The print layout (A4, 公文 margins, 仿宋/黑体 fonts, "— N —" page numbers, section 三 kept on one page
with its heading, the sign-off kept with the last paragraph) lives in ``report.css``. WeasyPrint
embeds the fonts as real CID fonts (CFF or TrueType outlines, with a ToUnicode map), never Type 3,
so every character is extracted as printed. It runs in this process and writes nothing to disk:
no browser, no scratch folder (the system's fonts only: an ``@font-face`` in a county's template,
for which WeasyPrint would make a temp folder, is ignored), so nothing is left behind however the
process ends, ``kill -9`` included. The font configuration and the parsed stylesheet are kept per
process (a batch worker renders many reports). The page is laid out without fetching anything: a
link or image in a county's template never reads a file or the network. Without WeasyPrint's
system libraries (Pango) the PDF is skipped with one Chinese note (``PdfEngineMissing``).
"""

from __future__ import annotations

import gc
import logging
import re
from functools import lru_cache

from ..base.errors import RenderError

_STYLE = re.compile(r"<style>(.*?)</style>", re.S)


class PdfEngineMissing(RenderError):
    """WeasyPrint cannot run on this machine: the PDF is skipped, everything else is written."""


@lru_cache(maxsize=1)
def _engine():
    """WeasyPrint and one font configuration for this process (fonts are looked up once)."""
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except (ImportError, OSError) as exc:  # OSError: Pango or HarfBuzz is not installed
        raise PdfEngineMissing(
            "PDF 排版组件 WeasyPrint 无法使用，已跳过 PDF（" + (str(exc).splitlines() or [type(exc).__name__])[0] + "）。"
            "请安装它需要的系统库（Debian：apt-get install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0）"
            "后重新运行即可生成 PDF。") from None
    class SystemFonts(FontConfiguration):
        """The machine's installed fonts only."""

        def add_font_face(self, rule_descriptors, url_fetcher):
            return None  # no downloaded font, so no temp folder to hold it

    class NoFetch(weasyprint.URLFetcher):
        """Refuses every resource: the report page is self-contained (styles inline, no images)."""

        def fetch(self, url, headers=None):
            raise ValueError(f"not fetched: {url[:80]}")

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # unsupported screen-only CSS is not the user's concern
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint, SystemFonts(), NoFetch()


def engine() -> None:
    """Check that the PDF can be made here (``PdfEngineMissing`` with the note the user sees)."""
    _engine()


@lru_cache(maxsize=4)
def _stylesheet(css: str):
    weasyprint, fonts, no_fetch = _engine()
    return weasyprint.CSS(string=css, font_config=fonts, url_fetcher=no_fetch)


def pdf_bytes(page_html: str) -> bytes:
    """Lay out a standalone HTML page as an A4 PDF (size, margins and page numbers from its @page rules).

    The same page gives byte-identical PDFs.
    """
    weasyprint, fonts, no_fetch = _engine()
    styles = _STYLE.findall(page_html)
    body = _STYLE.sub("", page_html)
    collecting = gc.isenabled()
    gc.disable()  # layout makes a great many short-lived objects: full collections midway cost a third of the time
    try:
        document = weasyprint.HTML(string=body, url_fetcher=no_fetch).render(
            font_config=fonts, stylesheets=[_stylesheet(css) for css in styles])
        return document.write_pdf()
    except Exception as exc:  # noqa: BLE001 - a layout failure becomes the report's Chinese reason
        raise RenderError(f"PDF 排版失败（{type(exc).__name__}: {exc}），已跳过 PDF。") from exc
    finally:
        if collecting:
            gc.enable()
