"""Where last year's published figures come from (checks C1, C2 and T1's deadline).

In order of preference: the params file's ``previous:`` block (typed from the published
report; ``previous.file`` may name last year's report JSON instead), the old
``previous_carried_forward`` key, or last year's report produced by the kit —
``<outputs>/<county>/<Y−1>/<township>.json``, where ``<outputs>`` is ``$GK_OUTPUT_DIR`` or
the project's ``outputs/`` folder. Otherwise nothing, and the checks say 未核对 and why.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..base.bounds import MAX_REPORT_JSON_BYTES, NotRegular, read_regular, regular_problem
from ..base.errors import ParamsError
from ..base.paths import output_dir, project_root
from ..count.continuity import Previous, previous_from_json
from .params import PUBLISHED_SUFFIXES, previous_block

def _relative(path: Path) -> str:
    """A path for messages: relative to the working directory when inside it, never absolute otherwise."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.name


def _regular(path: Path) -> None:
    """Refuse a named pipe, device, folder or broken link up front (never opened, never waited on)."""
    problem = regular_problem(path)
    if problem and problem != "不存在":
        raise ParamsError(f"上年报告文件 {_relative(path)} 是{problem}，不是普通文件。请改正 previous.file 或 --previous 所指的文件。")


def read_report_json(path: Path) -> Previous:
    """Last year's figures from a report JSON file (a regular file of at most ``MAX_REPORT_JSON_BYTES``)."""
    _regular(path)
    try:
        raw, size = read_regular(path, MAX_REPORT_JSON_BYTES)
    except (NotRegular, OSError):
        raw, size = b"", 0
    if size > MAX_REPORT_JSON_BYTES:
        raise ParamsError(f"上年报告文件 {_relative(path)} 太大（{size / 1024 / 1024:.0f} MB），超过上限 "
                          f"{MAX_REPORT_JSON_BYTES // 1024 // 1024} MB，没有读取。请确认选对了文件（报告 JSON 通常只有几 MB）。")
    try:
        data = json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, RecursionError):
        data = None
    if data is None:
        raise ParamsError(f"上年报告文件 {_relative(path)} 不存在或不是有效的 JSON（应为 gk report 或 gk tables --json 的输出）。") from None
    if not isinstance(data, dict) or "section3" not in data:
        raise ParamsError(f"上年报告文件 {_relative(path)} 不是报告 JSON：缺少 section3。")
    return previous_from_json(data, f"上年数字来自上年报告 {_relative(path)}")


def read_previous_file(path: Path) -> Previous:
    """Last year's figures from a report JSON, or from the published document itself (PDF/HTML/Word, via ``gk audit``)."""
    _regular(path)
    if path.suffix.lower() not in PUBLISHED_SUFFIXES:
        return read_report_json(path)
    try:
        from ..audit.previous import previous_figures
    except ImportError:
        raise ParamsError(f"上年报告文件 {_relative(path)} 是已公开的文档（PDF/HTML/Word），本版本不能读取其中的表格。"
                          "请改用上年报告的 JSON，或在 previous: 中直接填写数字。") from None
    figures = previous_figures(path)
    carried = figures.get("carried_forward")
    in_force = {k: v for k, v in (figures.get("in_force") or {}).items() if v is not None} or None
    return Previous(f"上年数字读自上年已公开的报告 {_relative(path)}",
                    tuple(carried) if carried and None not in carried else None, in_force)


def load_previous_file(path: str | Path) -> Previous:
    """``gk tables --previous FILE``: a params (YAML) file's ``previous:`` block, or a report JSON."""
    from ..base.bounds import load_yaml

    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        problem = regular_problem(path)
        if problem:
            raise ParamsError(f"文件 {_relative(path)} {'不存在' if problem == '不存在' else f'是{problem}，不是普通文件'}。")
        data = load_yaml(path) or {}  # the params files' bounds: size, no anchors/aliases, no tags
        block = data.get("previous") if isinstance(data, dict) else None
        if block is None and isinstance(data, dict) and "previous_carried_forward" in data:
            block = {"carried_forward": data["previous_carried_forward"]}
        previous, file = previous_block(block, path)
        if previous is None:
            raise ParamsError(f"文件 {_relative(path)} 中没有 previous: 块。")
        return _merge(previous, read_previous_file(file)) if file else previous
    return read_previous_file(path)


def _merge(typed: Previous, read: Previous) -> Previous:
    """Figures typed in the block win over those read from the file it names."""
    return Previous(typed.source if typed.carried_forward or typed.in_force else read.source,
                    typed.carried_forward or read.carried_forward, typed.in_force or read.in_force,
                    typed.publication_deadline)


def _last_json(params, root: Path) -> Path:
    return output_dir(root) / params.county / str(params.year - 1) / f"{params.township}.json"


def previous_json(params) -> Path | None:
    """The report JSON a params file takes last year's figures from (``previous.file`` or the kit's own), if any."""
    if params.previous_file is not None:
        return params.previous_file
    if params.previous is not None and (params.previous.carried_forward is not None or params.previous.in_force is not None):
        return None
    return _last_json(params, project_root(params.path.parent))


def resolve_previous(params, root: Path) -> Previous:
    """Last year's published figures for a params file, or an empty ``Previous`` saying why there are none."""
    previous = params.previous
    if params.previous_file is not None:
        read = read_previous_file(params.previous_file)
        return _merge(previous, read) if previous else read
    if previous is not None and (previous.carried_forward is not None or previous.in_force is not None):
        return previous
    deadline = previous.publication_deadline if previous else None
    last = _last_json(params, root)
    if last.is_file():
        found = read_report_json(last)
        return Previous(f"上年数字来自上年由本工具生成的报告 {params.county}/{params.year - 1}/{params.township}.json",
                        found.carried_forward, found.in_force, deadline)
    return Previous(f"没有上年报告的数字：参数文件没有 previous: 块，也没有找到上年由本工具生成的报告"
                    f"（{params.county}/{params.year - 1}/{params.township}.json）。请在参数文件中按上年已公开报告填写 previous:。",
                    None, None, deadline)
