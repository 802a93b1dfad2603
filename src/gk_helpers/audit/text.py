"""``gk audit`` without ``--json``: a short readable summary per file."""

from __future__ import annotations

from pathlib import Path

from .results import Audit, AuditRun


def summary_text(run: AuditRun, out: str | Path | None = None) -> str:
    """Each file: what was read, the checks that did not pass (or 全部通过), notes; then the totals."""
    lines = []
    for result in run.results:
        if not isinstance(result, Audit):
            lines += [f"{result.file}", f"  无法读取：{result.error}", ""]
            continue
        r = result.report
        layout = f"{r.layout} 格式" if r.layout else "格式无法判断"
        unread = "" if r.complete else "，部分表格无法读取"
        lines.append(f"{r.file}：{r.agency or '机关未知'} {r.year or '年度未知'}年，{layout}{unread}")
        shown = [c for c in result.checks if c.status in ("不通过", "提示", "未核对")]
        for c in shown:
            lines.append(f"  [{c.status}] {c.id} {c.description}" + (f"（{c.detail}）" if c.detail else ""))
        if not result.failed:
            lines.append("  没有不通过的核对项。")
        lines += [f"  说明：{n}" for n in r.notes]
        lines.append("")
    failed = sum(1 for r in run.results if isinstance(r, Audit) and r.failed)
    unreadable = sum(1 for r in run.results if not isinstance(r, Audit))
    partial = sum(1 for r in run.results if isinstance(r, Audit) and not r.complete)
    lines.append(f"共 {len(run.results)} 份：有不通过项 {failed} 份，无法读取 {unreadable} 份"
                 + (f"，部分表格无法读取 {partial} 份" if partial else "") + "。")
    if run.index is not None:
        lines.append(f"审核页：{run.index}")
    elif out is not None:
        lines.append(f"审核页：{Path(out) / 'index.html'}")
    return "\n".join(lines) + "\n"
