"""The report's look as one table of named styles, written two ways.

``mode="class"``: elements get ``class="gk-<name>"`` and the page carries ``document_css()``
(every selector under ``.gk-doc``) plus ``report.css`` (page shell, print layout).
``mode="inline"``: the same declarations go into ``style=""`` on each element — the CMS fragment
and the notebook view, where a stylesheet is dropped or overridden (JupyterLab's own table rules).
"""

from __future__ import annotations

from importlib.resources import files

from markupsafe import Markup

#: Font stacks: the 公文 font first (on office PCs), then what Debian/macOS/Windows have. Unquoted
#: (valid CSS identifiers), so the fragment's style attributes carry no escaped quotes.
FANGSONG = "仿宋_GB2312, FangSong_GB2312, FangSong, 仿宋, STFangsong, Noto Serif CJK SC, Source Han Serif SC, serif"
HEITI = "黑体, SimHei, Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
KAITI = "楷体_GB2312, KaiTi_GB2312, KaiTi, 楷体, STKaiti, Noto Serif CJK SC, serif"
XIAOBIAOSONG = "方正小标宋简体, FZXiaoBiaoSong-B05S, 华文中宋, STZhongsong, 宋体, SimSun, Noto Serif CJK SC, serif"

_CELL = "border: 1px solid #000; padding: 4px; text-align: center; vertical-align: middle; background-color: #fff; color: #000; font-weight: normal; line-height: 1.4; white-space: normal; max-width: none"

#: name → CSS declarations (no trailing semicolon).
STYLES: dict[str, str] = {
    "doc": f"font-family: {FANGSONG}; color: #000; text-align: left",
    "title": f"font-family: {XIAOBIAOSONG}; font-size: 22pt; font-weight: bold; text-align: center; line-height: 1.5; margin: 0 0 1em",
    "section": f"font-family: {FANGSONG}; color: #000; margin: 0; padding: 0",
    "heading": f"font-family: {HEITI}; font-size: 16pt; font-weight: normal; text-align: left; margin: 0.6em 0 0.2em; text-indent: 2em; line-height: 1.8",
    "sub": f"font-family: {KAITI}; font-size: 16pt; font-weight: normal; text-align: left; margin: 0.2em 0; text-indent: 2em; line-height: 1.8",
    "p": "font-size: 16pt; text-indent: 2em; margin: 0; text-align: justify; line-height: 1.8",
    "runin": "font-weight: bold",
    "runin-level2": f"font-family: {KAITI}",
    "scroll": "overflow-x: auto; max-width: 100%; margin: 0.4em 0 1em; -webkit-overflow-scrolling: touch",
    "table": f"border-collapse: collapse; border-spacing: 0; border: 1px solid #000; width: 100%; table-layout: auto; margin: 0; font-family: {FANGSONG}; font-size: 10.5pt; color: #000; background-color: #fff",
    "table-s3": "min-width: 44em",
    "table-s4": "min-width: 40em",
    "caption": f"caption-side: top; font-family: {HEITI}; font-size: 12pt; text-align: center; padding: 0.2em 0; color: #000",
    "caption-hidden": "position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0",
    "th": _CELL,
    "th-label": "text-align: left; min-width: 9em",
    "th-group": "min-width: 4.5em",
    "th-corner": "font-size: 9pt; min-width: 12em",
    "td": _CELL + "; font-variant-numeric: tabular-nums; min-width: 2em",
    "link": "color: #0645ad; text-decoration: underline",
    "signoff": f"font-family: {FANGSONG}; color: #000; text-align: right; margin: 2em 0 0; padding-right: 4em",
    "signline": "font-size: 16pt; text-indent: 0; margin: 0; text-align: right; line-height: 1.8",
}


def _names(name: str, variant: str = "") -> list[str]:
    names = [name]
    if variant and f"{name}-{variant}" in STYLES:
        names.append(f"{name}-{variant}")
    return names


def attribute(mode: str, name: str, variant: str = "") -> Markup:
    """The attribute giving an element the style ``name`` (and ``name-variant`` when defined)."""
    if mode == "inline":
        return Markup(' style="{}"').format("; ".join(STYLES[n] for n in _names(name, variant)))
    return Markup(' class="{}"').format(f"gk-{name} gk-{variant}" if variant else f"gk-{name}")


def document_css() -> str:
    """The named styles as a stylesheet for ``mode="class"`` (scoped under ``.gk-doc``)."""
    variants = [n for n in STYLES if "-" in n]
    lines = [f".gk-doc.gk-doc{'' if n == 'doc' else ' .gk-' + n} {{ {STYLES[n]}; }}" for n in STYLES if n not in variants]
    lines += [f".gk-doc .gk-{n.partition('-')[0]}.gk-{n.partition('-')[2]} {{ {STYLES[n]}; }}" for n in variants]
    return "\n".join(lines) + "\n"


def print_columns_css() -> str:
    """Print layout: tables of fixed layout with the Word file's column widths (``model.COLUMN_WIDTHS_MM``).

    A fixed layout is what the 公文 page wants (the label column as wide in the PDF as in Word) and spares the
    paged-media engine measuring every cell.
    """
    from .model import COLUMN_WIDTHS_MM, TYPE_WIDTH_MM

    rules = [".gk-doc.gk-doc .gk-table { table-layout: fixed; }",
             f".gk-doc .gk-s2 col:first-child {{ width: {52 / TYPE_WIDTH_MM:.2%}; }}"]
    for kind, widths in COLUMN_WIDTHS_MM.items():
        rules += [f".gk-doc .gk-{kind} col:nth-child({i}) {{ width: {w / TYPE_WIDTH_MM:.2%}; }}" for i, w in enumerate(widths, 1)
                  if len(set(widths)) > 1]
    return "@media print {\n" + "\n".join(f"  {r}" for r in rules) + "\n}\n"


def stylesheet() -> str:
    """Everything a class-mode page needs: the named styles, then the page and print layout."""
    return document_css() + files("gk_helpers.render").joinpath("report.css").read_text(encoding="utf-8") + print_columns_css()



