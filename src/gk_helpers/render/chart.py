"""The county roll-up's chart: applications and outcomes per township, this year and last, as inline SVG.

Drawn with matplotlib, written as SVG text into the page (no external file). Readable
without colour: every series has its own hatch pattern and grey shade, bars carry their
numbers, and the legend names each pattern. The SVG is byte-stable across runs (fixed
hash salt, no date or creator metadata, text kept as text). It is drawn on a ``Figure`` of its own
with the SVG canvas, not through pyplot: the backend, the figures and the settings of the session it
runs in (an analyst's JupyterLab kernel) are left as they were.
"""

from __future__ import annotations

import io
import re

from .fonts import cjk_family

#: The outcome groups of section 三 shown in the chart, as their row labels begin.
OUTCOME_GROUPS = (("（一）", "予以公开"), ("（二）", "部分公开"), ("（三）", "不予公开"),
                  ("（四）", "无法提供"), ("（五）", "不予处理"), ("（六）", "其他处理"))
_HATCHES = ("", "///", "xxx", "---", "\\\\\\", "+++")
_GREYS = ("#ffffff", "#d9d9d9", "#bdbdbd", "#f0f0f0", "#969696", "#e6e6e6")
FONTS = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei", "DejaVu Sans"]


def outcome_totals(section3: list) -> dict[str, int]:
    """Closed applications per outcome group (总计 column) from a report's section 三 rows."""
    totals = {name: 0 for _, name in OUTCOME_GROUPS}
    for label, values in section3:
        for prefix, name in OUTCOME_GROUPS:
            if label.startswith(prefix):
                totals[name] += int(values[-1])
    return totals


def _figure_svg(fig) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]  # drop the XML declaration and DOCTYPE: the SVG sits inside HTML
    return re.sub(r"\s+$", "", svg)


def _inside(numbers) -> None:
    """The numbers over the bars stay out of the layout's measuring: the y axis leaves 15 % above the tallest bar
    for them, so they are inside the panel, and measuring ~50 texts twice a chart was a third of its time."""
    for text in numbers:
        text.set_in_layout(False)


def rollup_chart_svg(townships: list[str], received: dict[int, list[int | None]], outcomes: dict[str, list[int]],
                     year: int, title: str) -> str:
    """Two panels: new applications per township in each year given; this year's outcomes stacked per township.

    ``received`` maps a year to one value per township (None: no report that year);
    ``outcomes`` maps an outcome group to one value per township for ``year``.
    """
    import matplotlib
    from matplotlib.figure import Figure

    cjk_family()  # the text stays text in the SVG, but matplotlib lays it out with the font's metrics
    style = {"svg.hashsalt": "gk-report", "svg.fonttype": "none", "font.family": "sans-serif",
             "font.sans-serif": FONTS, "hatch.linewidth": 0.6, "axes.spines.top": False, "axes.spines.right": False}
    with matplotlib.rc_context(style):
        # 7.4 in = the report column (190 mm page less margins): the chart is shown at its own size
        fig = Figure(figsize=(7.4, 7.6), layout="constrained")
        top, bottom = fig.subplots(2, 1)
        positions = range(len(townships))
        years = sorted(received)
        bar = 0.8 / max(1, len(years))
        for i, y in enumerate(years):
            xs = [p - 0.4 + bar * (i + 0.5) for p in positions]
            values = [v or 0 for v in received[y]]
            bars = top.bar(xs, values, bar, label=f"{y}年", color=_GREYS[i + 1], edgecolor="black", hatch=_HATCHES[i], linewidth=0.6)
            numbers = top.bar_label(bars, labels=["—" if v is None else str(v) for v in received[y]], fontsize=7, padding=1)
            _inside(numbers)
        top.set_title("本年新收政府信息公开申请（件）", fontsize=10)
        # above the panel at its right end: never over a bar
        top.legend(fontsize=8, frameon=False, ncols=len(years), loc="lower right", bbox_to_anchor=(1, 1))
        bottoms = [0] * len(townships)
        for i, (name, values) in enumerate(outcomes.items()):
            bottom.bar(list(positions), values, 0.6, bottom=bottoms, label=name, color=_GREYS[i], edgecolor="black",
                       hatch=_HATCHES[i], linewidth=0.6)
            bottoms = [a + b for a, b in zip(bottoms, values)]
        for x, total in zip(positions, bottoms):
            _inside([bottom.annotate(str(total), (x, total), ha="center", va="bottom", fontsize=7, xytext=(0, 1),
                                     textcoords="offset points")])
        bottom.set_title(f"{year}年办理结果（件，按结果分类叠加）", fontsize=10)
        # under the whole figure, below the township names however long they are ("…街道办事处" ran into it)
        fig.legend(*bottom.get_legend_handles_labels(), fontsize=8, frameon=False, ncols=3, loc="outside lower left")
        # room above the tallest bar for its number: 15 % of it, and a year without applications still gets whole
        # numbers (0 and 1), not ±0.06. Set, not autoscaled: a zero-height segment on top of a stacked bar is a
        # "sticky edge" matplotlib's margins stop at, which put the totals into the panel's title.
        peaks = {top: max((v or 0 for values in received.values() for v in values), default=0), bottom: max(bottoms, default=0)}
        for axis in (top, bottom):
            axis.set_ylim(0, max(peaks[axis] * 1.15, 1))
            axis.set_xticks(list(positions), townships, fontsize=8, rotation=45 if len(townships) > 6 else 0,
                            ha="right" if len(townships) > 6 else "center", rotation_mode="anchor")
            axis.yaxis.get_major_locator().set_params(integer=True)
            axis.tick_params(axis="y", labelsize=8)
        fig.suptitle(title, fontsize=11)
        return _figure_svg(fig)
