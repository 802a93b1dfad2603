"""The prose checks of one report (P1–P6, T1): its params prose against its computed data.

The checks themselves take plain data (``count.prose_checks``, ``count.copying``,
``count.continuity``); this module gathers that data for a params file — its prose as
written (placeholders kept, so a figure filled from the data is never flagged), the
generated sentences of section 六, last year's prose of the same township and this year's
prose of every other township of the county (the sibling params files).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..count import prose_checks as pc
from ..count.continuity import check_publication_date
from ..count.copying import check_copied
from ..count.deadlines import UNCHECKED, overdue_rows
from ..count.figures import figures_from_stats
from ..base.errors import GkError
from .params import ReportParams, load_params
from ..render.sentences import data_items


def _sections15(params: ReportParams) -> dict[str, str]:
    return {"一": params.overview, "五": params.problems}


def section6_text(params: ReportParams, stats: dict, year: int) -> str:
    """Section 六 as written: the person-written items, then the generated data sentences."""
    parts = [f"{item.title}\n{item.text}" for item in params.other_items]
    parts += [f"{title}\n{sentence}" for title, sentence in data_items(stats, year)]
    return "\n".join(parts)


def peer_files(params: ReportParams, memo: dict | None = None) -> tuple[Path, list[Path]]:
    """Last year's params file of the same township, and this year's of the county's other townships.

    ``memo`` (a dict kept for one batch plan) lists each county folder once per year.
    """
    township_dir = params.path.parent
    county_dir = township_dir.parent
    key = (county_dir, params.year)
    if memo is None or key not in memo:
        found = sorted(p / f"{params.year}.yaml" for p in county_dir.iterdir() if p.is_dir())
        found = [p for p in found if p.is_file()]
        if memo is None:
            return township_dir / f"{params.year - 1}.yaml", [p for p in found if p.parent != township_dir]
        memo[key] = found
    return township_dir / f"{params.year - 1}.yaml", [p for p in memo[key] if p.parent != township_dir]


def _prose_of(path: Path, memo: dict | None = None) -> dict[str, str] | None:
    """Sections 一 and 五 of another params file (None when it cannot be read: P3 then skips it).

    ``memo`` may hold the file's params already loaded (``memo[path]``), as a batch plan has them.
    """
    if memo is not None and isinstance(memo.get(path), ReportParams):
        return _sections15(memo[path])
    return _cached_prose(path)


#: path → (the stats of the params file and its prose files when read, sections 一 and 五 or None)
_PROSE_READ: dict[Path, tuple[tuple, dict[str, str] | None]] = {}
_PROSE_READ_MAX = 4096


def _stats(paths) -> tuple:
    """(path, mtime, size) of each file, None for one that is gone: what a cached reading depends on."""
    found = []
    for path in paths:
        try:
            stat = path.stat()
            found.append((path, stat.st_mtime_ns, stat.st_size))
        except OSError:
            found.append((path, None))
    return tuple(found)


def _cached_prose(path: Path) -> dict[str, str] | None:
    # A batch asks for the same sibling files once per report: read each version once. The version is the params
    # file's and its prose files' (an edited 总体情况.md must be seen by a long-lived kernel or notebook session).
    if (entry := _PROSE_READ.get(path)) is not None:
        stats, prose = entry
        if _stats(p for p, *_ in stats) == stats:
            return prose
    files: tuple[Path, ...] = ()
    stats = _stats((path,))
    if stats[0][1] is None:
        return None
    try:
        params = load_params(path)
        files, prose = params.prose_files, _sections15(params)
    except GkError:
        prose = None
    if len(_PROSE_READ) >= _PROSE_READ_MAX:
        _PROSE_READ.clear()
    _PROSE_READ[path] = (stats + _stats(files), prose)
    return prose


def peer_fingerprint(params: ReportParams, memo: dict | None = None) -> str:
    """SHA-256 of the prose P3 compares this report with (what the batch cache must watch).

    ``memo``: a dict kept for one batch plan (county folders listed once; ``memo[path]`` the params already loaded).
    """
    last, others = peer_prose(params, memo)
    text = json.dumps([last, sorted(others.items())], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def peer_prose(params: ReportParams, memo: dict | None = None) -> tuple[dict[str, str] | None, dict[str, dict[str, str]]]:
    """(last year's sections 一/五 of the same township, {"<乡镇> <Y>年": sections} of the others)."""
    last_path, other_paths = peer_files(params, memo)
    last = _prose_of(last_path, memo) if last_path.is_file() else None
    others = {}
    for path in other_paths:
        prose = _prose_of(path, memo)
        if prose is not None:
            others[f"{path.parent.name} {params.year}年"] = prose
    return last, others


def prose_checks(params: ReportParams, data, sign_off_date: str, publication_deadline=None) -> list:
    """P1–P6 and T1 for a params file and its computed ``ReportData``."""
    sections = {**_sections15(params), "六": section6_text(params, data.stats, data.year)}
    last, others = peer_prose(params)
    replies = data.deadlines
    overdue = overdue_rows(replies) if replies is not None else []
    unknown = int((replies["status"] == UNCHECKED).sum()) if replies is not None else 0
    figures = figures_from_stats(data.stats)
    return [
        pc.check_prose_figures(sections, figures),
        pc.check_other_years(sections, data.year),
        check_copied(_sections15(params), last, others, f"本乡镇{data.year - 1}年报告"),
        pc.check_problems_followup(params.problems, data.format),
        pc.check_fee_statement(sections["六"], data.stats["fee_collected"]),
        pc.check_on_time_claim(sections, overdue, unknown, figures),
        check_publication_date(sign_off_date, data.year, publication_deadline),
    ]
