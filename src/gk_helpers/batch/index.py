"""What the batch overview says about each report: its status, failed checks, warnings and files.

``OUT/index.json`` (one record per township-year: county, township, year, status, the ids of the
failed checks, the number of warnings, the output paths) and the overview pages (``overview``)
are built from what is on disk (stamps and JSON outputs), so they are the same whether a report
ran now or was unchanged: no timestamps, durations or absolute paths; paths are relative to the
output folder. A report whose checks fail is not 成功: it is 核对不通过, with the failing ids. A
report whose last run failed but whose earlier good outputs are still there is 上次成功的结果 with
the reason; one due to run in this batch and not finished yet is 未运行.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..base import json_text
from ..render.outputs import FORMAT_LABELS, FORMATS, extra_paths
from .cache import read_stamp

#: Shown for a report whose re-run failed while the outputs of its last good run are kept.
KEPT_TEXT = "上次成功的结果（台账或参数已变化，本次失败）"
#: Status key → (text, CSS class), in the order the counts are given.
STATUS = {"ok": ("成功", "status-ok"), "checks": ("核对不通过", "status-checks"), "failed": ("失败", "status-failed"),
          "kept": (KEPT_TEXT, "status-kept"), "pending": ("未运行", "status-pending"), "missing": ("未生成", "status-missing")}
PENDING = "pending"
#: Output kind → link text (the formats' files follow the report's own).
OUTPUT_LABELS = {"html": "报告", "review": "审核页", "json": "JSON", "ipynb": "笔记本",
                 **{f: FORMAT_LABELS[f] for f in FORMATS if f != "html"}, "failed_notebook": "失败的笔记本"}


@dataclass(frozen=True)
class Row:
    """One township-year or county roll-up of the batch, located by its files."""

    county: str
    year: int
    name: str  # the township (from its folder when the params file cannot be read); the roll-up's file stem
    label: str  # how messages name it: the township, or 城关镇（2021.yaml） for an unreadable params file
    html: Path | None
    json: Path | None
    notebook: Path | None
    failed_notebook: Path | None
    stamp: Path | None
    error: str = ""  # a failure known without a stamp (unreadable params)
    state: str = ""  # PENDING: due to run in this batch and not finished yet
    review: Path | None = None  # the review page (report + panel + cases behind every number)


@dataclass(frozen=True)
class Record:
    """One line of ``OUT/index.json`` and one cell of the overview."""

    county: str
    year: int
    township: str  # "" for a county roll-up
    label: str
    status: str  # a key of STATUS
    message: str = ""  # why it failed
    failed: tuple[tuple[str, str], ...] = ()  # (check id, what failed)
    warnings: tuple[str, ...] = ()  # 提示-level checks that did not pass, then the data warnings
    outputs: tuple[tuple[str, str], ...] = ()  # (kind, path relative to the output folder) of the files present
    earlier: bool = False  # the outputs are the last good run's (kept, or not re-run yet)

    @property
    def text(self) -> str:
        """The status as shown."""
        return STATUS[self.status][0]

    @property
    def css(self) -> str:
        """The status's CSS class."""
        return STATUS[self.status][1]

    def output(self, kind: str) -> str:
        """The relative path of one output ('' when it is not there)."""
        return dict(self.outputs).get(kind, "")

    def to_dict(self) -> dict:
        """The record as ``OUT/index.json`` has it."""
        data = {"county": self.county, "township": self.township, "year": self.year, "status": self.status,
                "status_text": self.text, "failed_checks": [cid for cid, _ in self.failed], "warnings": len(self.warnings),
                "message": self.message, "outputs": dict(self.outputs)}
        if self.label != self.township:
            data["label"] = self.label
        return data


def _relative(path: Path, out_dir: Path) -> str:
    return path.relative_to(out_dir).as_posix()


def extra_paths_of(row: Row) -> list[Path]:
    """The files of every format beyond html a report may have (whether there or not)."""
    return list(extra_paths(row.html, FORMATS).values()) if row.html is not None else []


def _outputs(row: Row, out_dir: Path) -> tuple[tuple[str, str], ...]:
    """(kind, relative path) of the row's files that exist, in link order."""
    files = [("html", row.html), ("review", row.review), ("json", row.json), ("ipynb", row.notebook)]
    if row.html is not None:
        files += list(extra_paths(row.html, FORMATS).items())
    files.append(("failed_notebook", row.failed_notebook))
    return tuple((kind, _relative(path, out_dir)) for kind, path in files if path is not None and path.is_file())


def _kept(row: Row) -> bool:
    """Whether the outputs of an earlier good run are there (a failed re-run left them in place)."""
    return bool(row.html and row.json and row.html.is_file() and row.json.is_file())


def _failed(check: dict) -> bool:
    return check.get("passed") is False and check.get("level") != "warning"


def record(row: Row, out_dir: Path) -> Record:
    """What is known of ``row`` from its stamp and JSON output."""
    out_dir = Path(out_dir)
    township = "" if row.label == "县级汇总" else row.name
    base = dict(county=row.county, year=row.year, township=township, label=row.label, outputs=_outputs(row, out_dir))
    if row.state == PENDING:
        return Record(status=PENDING, earlier=True, **base)
    stamp = read_stamp(row.stamp) if row.stamp else None
    if row.error or (stamp and not stamp.ok):
        kept = _kept(row)
        return Record(status="kept" if kept else "failed", message=row.error or stamp.message, earlier=kept, **base)
    if not stamp or not (row.json and row.json.is_file()):
        return Record(status="missing", **base)
    try:
        data = json.loads(row.json.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Record(status="missing", **base)
    checks = data.get("checks", []) if isinstance(data, dict) else []
    failed = tuple((str(c["id"]), str(c.get("detail") or c.get("description", ""))) for c in checks if _failed(c))
    warned = [f"{c['id']} {c.get('detail') or c.get('description', '')}" for c in checks
              if c.get("passed") is False and c.get("level") == "warning"]
    warned += [str(w) for w in data.get("warnings", [])] if isinstance(data, dict) else []
    return Record(status="checks" if failed else "ok", failed=failed, warnings=tuple(warned), **base)


def counts(records) -> dict[str, int]:
    """How many records have each status (every key of STATUS)."""
    found = dict.fromkeys(STATUS, 0)
    for r in records:
        found[r.status] += 1
    return found


def summary_line(records) -> str:
    """共 N 份报告：成功 a 份，核对不通过 b 份，失败 c 份（其中 k 份保留上次成功的结果），未运行 p 份，未生成 m 份。"""
    n = counts(records)
    line = f"共 {sum(n.values())} 份报告：成功 {n['ok']} 份，核对不通过 {n['checks']} 份，失败 {n['failed'] + n['kept']} 份"
    if n["kept"]:
        line += f"（其中 {n['kept']} 份保留上次成功的结果）"
    if n[PENDING]:
        line += f"，未运行 {n[PENDING]} 份"
    return line + f"，未生成 {n['missing']} 份。"


def index_json(reports: list[Record], rollups: list[Record]) -> str:
    """``OUT/index.json``: every report and roll-up as a record, and the counts (for automation)."""
    data = {"counts": counts(reports), "reports": [r.to_dict() for r in reports],
            "rollups": [{k: v for k, v in r.to_dict().items() if k != "township"} for r in rollups]}
    return json_text.dumps(data, indent=1) + "\n"
