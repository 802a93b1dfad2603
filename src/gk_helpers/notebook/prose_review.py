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
from functools import lru_cache
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


def peer_files(params: ReportParams) -> tuple[Path, list[Path]]:
    """Last year's params file of the same township, and this year's of the county's other townships."""
    township_dir = params.path.parent
    county_dir = township_dir.parent
    others = sorted(p / f"{params.year}.yaml" for p in county_dir.iterdir() if p.is_dir() and p != township_dir)
    return township_dir / f"{params.year - 1}.yaml", [p for p in others if p.is_file()]


def _prose_of(path: Path) -> dict[str, str] | None:
    """Sections 一 and 五 of another params file (None when it cannot be read: P3 then skips it)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _cached_prose(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=4096)
def _cached_prose(path: Path, mtime_ns: int, size: int) -> dict[str, str] | None:
    # A batch asks for the same sibling files once per report: read each version once.
    try:
        return _sections15(load_params(path))
    except GkError:
        return None


def peer_fingerprint(params: ReportParams) -> str:
    """SHA-256 of the prose P3 compares this report with (what the batch cache must watch)."""
    last, others = peer_prose(params)
    text = json.dumps([last, sorted(others.items())], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def peer_prose(params: ReportParams) -> tuple[dict[str, str] | None, dict[str, dict[str, str]]]:
    """(last year's sections 一/五 of the same township, {"<乡镇> <Y>年": sections} of the others)."""
    last_path, other_paths = peer_files(params)
    last = _prose_of(last_path) if last_path.is_file() else None
    others = {}
    for path in other_paths:
        prose = _prose_of(path)
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
