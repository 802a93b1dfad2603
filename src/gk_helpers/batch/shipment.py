"""Everything one job reads, so a machine that shares no disk with ``gk run`` can run it.

A report reads its notebook, its params file and the prose files it names, the params files of the
county's other townships that year and of its own last year (check P3, with their prose files),
last year's report JSON (checks C1, C2), its ledger folder and the county's own templates. A roll-up
reads its notebook, the townships' JSON, stamps and failed notebooks of its year and the year
before, and the templates. ``ship`` lists them by their absolute path on this machine; a worker
rebuilds them under a folder of its own, the same path below it (``mirror``), so every relative
path — ``ledger_dir``, ``{file: …}``, the notebook's ``params_file`` — means what it means here.
Files of a ledger folder the loader never reads are sent as their first bytes only (their names
and type still matter to its messages).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..base.errors import ParamsError
from ..ledger import sources
from ..notebook.params import load_params
from .jobs import REPORT, Job

#: How much of a ledger folder's other files is sent: enough for the loader to tell what they are.
HEAD_BYTES = 8


@dataclass
class Shipment:
    """The files of one job: absolute path here → how much of it to send (None: all of it)."""

    files: dict[Path, int | None] = field(default_factory=dict)

    def add(self, path: Path, limit: int | None = None) -> None:
        """Send ``path`` (resolved) when it is a regular file, whole or its first ``limit`` bytes."""
        path = Path(path).resolve()
        if path.is_file() and (path not in self.files or limit is None):
            self.files[path] = limit

    def add_tree(self, folder: Path, suffixes: tuple[str, ...]) -> None:
        """Every file below ``folder`` with one of ``suffixes``."""
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix in suffixes:
                    self.add(path)


def mirror(root: Path, path: str | Path) -> Path:
    """Where a worker keeps this machine's ``path`` (absolute): the same path below ``root``."""
    return Path(root) / Path(path).resolve().relative_to("/")


def ship(job: Job) -> Shipment:
    """The files ``job`` reads; a report whose ledger folder is given as an absolute path cannot be shipped."""
    from ..base.paths import project_root
    from ..render.html import PROJECT_TEMPLATES

    shipment = Shipment()
    shipment.add(Path(job.notebook))
    if job.kind == REPORT:
        params = load_params(job.params_path)
        if Path(params.ledger_dir_text).is_absolute():
            raise ParamsError(f"参数文件 {params.path.name} 的台账目录「{params.ledger_dir_text}」是绝对路径，"
                              "用 --executor dask 时工作节点上没有这个路径。请改为相对于参数文件所在目录的路径"
                              "（如 ../../../data/<县>/<乡镇>）。")
        _add_params(shipment, params)
        _add_peers(shipment, params)
        _add_ledgers(shipment, params.ledger_dir)
        from ..notebook.previous import previous_json

        last = previous_json(params)
        if last is not None:
            shipment.add(last)
        root = project_root(params.path.parent)
    else:
        out = Path(job.out_dir)
        for year in (job.year, job.year - 1):
            folder = out / job.county / str(year)
            if folder.is_dir():
                for path in sorted(folder.iterdir()):
                    if path.name.endswith((".json", ".failed.ipynb")):
                        shipment.add(path)
        root = project_root(Path(job.cwd))
    shipment.add_tree(root / PROJECT_TEMPLATES, (".j2",))
    return shipment


def _add_params(shipment: Shipment, params) -> None:
    shipment.add(params.path)
    for prose in params.prose_files:
        shipment.add(prose)
    if params.previous_file is not None:
        shipment.add(params.previous_file)


def _add_peers(shipment: Shipment, params) -> None:
    """The params files check P3 compares with (and their prose files; one that cannot be read goes as it is)."""
    from ..notebook.prose_review import peer_files

    last, others = peer_files(params)
    for path in (last, *others):
        if path.is_file():
            shipment.add(path)
            try:
                for prose in load_params(path).prose_files:
                    shipment.add(prose)
            except Exception:  # noqa: BLE001 - P3 skips an unreadable peer; the worker will too
                pass


def _add_ledgers(shipment: Shipment, folder: Path) -> None:
    """The ledger files whole; the folder's other files as their first bytes (names and type matter)."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return
    for path in entries:
        if path.is_file():
            shipment.add(path, None if sources.is_contract_name(path.name) else HEAD_BYTES)
