"""Where a project's things are: its root (the folder holding ``params/``), a township-year's params
file, and the batch output folder."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import ParamsError

OUTPUT_DIR_VARIABLE = "GK_OUTPUT_DIR"


def output_dir(root: Path) -> Path:
    """The batch output folder searched for last year's report JSON."""
    return Path(os.environ[OUTPUT_DIR_VARIABLE]) if os.environ.get(OUTPUT_DIR_VARIABLE) else root / "outputs"


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``params/``: $GK_PROJECT_ROOT, or the nearest parent of the working directory."""
    if os.environ.get("GK_PROJECT_ROOT"):
        return Path(os.environ["GK_PROJECT_ROOT"])
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "params").is_dir():
            return folder
    return here


def find_params(county: str, township: str, year: int, params_root: str | Path = "") -> Path:
    """params/<county>/<township>/<year>.yaml, or a Chinese error naming what is unknown."""
    root = Path(params_root) if params_root else project_root() / "params"
    if not root.is_dir():
        raise ParamsError(f"参数目录 {root} 不存在。")
    county_dir = root / county
    if not county_dir.is_dir():
        known = "、".join(sorted(p.name for p in root.iterdir() if p.is_dir())) or "（无）"
        raise ParamsError(f"未知的县（区）「{county}」：参数目录中没有它。已有：{known}。")
    township_dir = county_dir / township
    if not township_dir.is_dir():
        known = "、".join(sorted(p.name for p in county_dir.iterdir() if p.is_dir())) or "（无）"
        raise ParamsError(f"未知的乡镇「{township}」：{county} 下没有它的参数文件。已有：{known}。")
    path = township_dir / f"{year}.yaml"
    if not path.is_file():
        known = "、".join(sorted(p.stem for p in township_dir.glob("*.yaml"))) or "（无）"
        raise ParamsError(f"{county}{township}没有 {year} 年的参数文件（{path.name}）。已有年度：{known}。")
    return path
