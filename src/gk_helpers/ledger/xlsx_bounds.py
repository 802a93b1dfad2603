"""What 台账.xlsx may be before calamine opens it: every member sized, every sheet's reach bounded.

calamine reads the workbook part, the styles, the shared strings and each sheet into memory and makes
one rectangle per sheet from the first to the farthest cell. So, before it runs: every member of the
package (wherever it sits — a sheet may live at ``xl/big.xml``) and their sum are sized from the
directory (``archive``); the XML members are read once to prove their sizes true; and each sheet's
XML is read and scanned for its farthest cell (``extent``). The merged and formula cells are found in
the same pass, so a sheet's XML is still decompressed only once.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..base.archive import PackageLimits, damaged, oversize
from ..base.errors import Problem
from .extent import MAX_SHEET_CELLS, extent
from .workbook import _sheet_xml_paths, structure_of
from .sources import MAX_SHEET_XML_BYTES

#: Each member at most ``MAX_SHEET_XML_BYTES`` (200 MB), all together at most 400 MB.
LIMITS = PackageLimits(member=MAX_SHEET_XML_BYTES, total=2 * MAX_SHEET_XML_BYTES)
_RESAVE = "请删除空白行列和多余内容后重新保存，或把台账分成各类别的 CSV 文件。"


def check_workbook(path: Path, label: str) -> tuple[list[Problem], dict]:
    """(problems that forbid reading the workbook, sheet → (merged ranges, formula cells)).

    A file that is not a readable archive gives no problem here: ``open_workbook`` says what it is.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            too_large = oversize(archive, LIMITS, "工作簿")
            if too_large is not None:
                return [Problem(label, "", 0, "", too_large.member, "工作簿过大", f"{too_large.reason}，没有读取。{_RESAVE}")], {}
            parts = _sheet_xml_paths(archive)
            xml_parts = [i.filename for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))
                         and i.filename not in parts.values()]
            broken = damaged(archive, xml_parts)
            problems, structure = ([_damaged(label, broken)] if broken else []), {}
            for sheet, part in parts.items():
                try:
                    xml = archive.read(part)
                except KeyError:
                    continue  # a sheet without its part: calamine says so
                except (zipfile.BadZipFile, EOFError, OSError, ValueError):
                    problems.append(_damaged(label, part))
                    continue
                reach = extent(xml)
                if reach is not None and reach.cells > MAX_SHEET_CELLS:
                    problems.append(Problem(
                        label, sheet, 0, "", reach.last, "工作表范围过大",
                        f"工作表的单元格从 {reach.first} 一直到 {reach.last}，共 {reach.cells:,} 个单元格，超过上限 "
                        f"{MAX_SHEET_CELLS:,} 个，没有读取。远处的单元格（最远的是 {reach.last}）多半是误填或格式残留："
                        "请删除台账区域之外的行和列后重新保存。"))
                    continue
                structure[sheet] = structure_of(xml)
            return problems, structure
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, ValueError):
        return [], {}  # not a readable archive: the reader says so


def _damaged(label: str, member: str) -> Problem:
    return Problem(label, "", 0, "", member, "不是xlsx文件",
                   f"Excel 工作簿已损坏：其中的 {member} 与声明的大小或校验值不符，没有读取。请在 Excel 中打开并重新保存为 .xlsx。")
