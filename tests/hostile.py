"""Hostile inputs, generated (never committed): the files of issue 20 that once took gigabytes or minutes.

Each function writes one file and returns its path. Sizes on disk stay small; what they claim or
expand to is the point. ``measured`` runs a command in a child process and measures what
``/usr/bin/time -v`` would: seconds and the peak resident memory (``wait4``: the largest peak among the
command's processes, not their sum).
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import xlsxwriter

GK = [sys.executable, "-m", "gk_helpers.cli"]


def measured(args: list[str], cwd: Path | None = None, timeout: float = 300, env: dict | None = None,
             kill_after: float | None = None) -> tuple[int, str, float, int]:
    """(exit code, stdout + stderr, seconds, peak resident bytes) of a command, as ``/usr/bin/time -v`` gives them:
    a fresh measuring process starts it and ``wait4`` reports the largest peak among it and its descendants
    (not their sum).
    ``kill_after`` seconds: the command is killed then (and still measured)."""
    probe = ("import json, os, signal, subprocess, sys, tempfile, threading, time\n"
             "limit = float(sys.argv[1])\n"
             "out = tempfile.TemporaryFile()\n"
             "began = time.monotonic()\n"
             "p = subprocess.Popen(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT, start_new_session=True)\n"
             "if limit:\n"
             "    threading.Timer(limit, lambda: os.killpg(p.pid, signal.SIGKILL)).start()\n"
             "_, status, usage = os.wait4(p.pid, 0)\n"
             "seconds = time.monotonic() - began\n"
             "out.seek(0)\n"
             "sys.stdout.buffer.write(json.dumps([os.waitstatus_to_exitcode(status), seconds, usage.ru_maxrss * 1024]).encode()"
             " + b'\\n' + out.read())\n"
             "sys.stdout.flush()\n"
             "os._exit(0)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(kill_after or 0), *args], cwd=cwd, capture_output=True,
                          timeout=timeout, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}, check=False)
    head, _, out = done.stdout.partition(b"\n")
    import json

    code, seconds, peak = json.loads(head)
    return code, out.decode("utf-8", "replace"), seconds, peak


# -- workbooks -----------------------------------------------------------------------------------------

def _book(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("依申请公开")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    book.close()
    return out.getvalue()


LEDGER = [["申请编号", "收到日期", "申请人类型", "办结日期", "办理结果"], ["A1", "2020-03-05", "自然人", "2020-03-09", "予以公开"]]


def _rewrite(source: bytes, path: Path, replace: dict[str, bytes | None], add: dict[str, object] | None = None) -> Path:
    """A copy of the package ``source`` with members replaced (None: left out) and added (bytes or a writer)."""
    with zipfile.ZipFile(io.BytesIO(source)) as real, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in real.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    out.writestr(info.filename, replace[info.filename])
            else:
                out.writestr(info, real.read(info))
        for name, content in (add or {}).items():
            if callable(content):
                with out.open(name, "w", force_zip64=True) as member:
                    content(member)
            else:
                out.writestr(name, content)
    return path


def padding(size: int):
    """A writer of ``size`` bytes of an XML comment (compresses a thousandfold)."""
    def write(member) -> None:
        member.write(b"<!--")
        chunk = b" " * (1 << 20)
        for _ in range(size >> 20):
            member.write(chunk)
        member.write(b"-->")
    return write


def far_cell_workbook(path: Path) -> Path:
    """28 KB: the ledger in A1:E2 and one value at XFD1048576 (calamine asks for 550 GB and aborts)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("依申请公开")
    for r, row in enumerate(LEDGER):
        sheet.write_row(r, 0, row)
    sheet.write(1048575, 16383, "x")
    book.close()
    path.write_bytes(out.getvalue())
    return path


def sheet_elsewhere_workbook(path: Path, size: int) -> Path:
    """The sheet at ``xl/big.xml`` (outside xl/worksheets/), ``size`` bytes of it, a few hundred KB on disk."""
    source = _book(LEDGER)
    with zipfile.ZipFile(io.BytesIO(source)) as real:
        sheet = real.read("xl/worksheets/sheet1.xml")
        rels = real.read("xl/_rels/workbook.xml.rels").replace(b"worksheets/sheet1.xml", b"big.xml")
        types = real.read("[Content_Types].xml").replace(b"/xl/worksheets/sheet1.xml", b"/xl/big.xml")
    head, tail = sheet.split(b"<sheetData>")

    def write(member) -> None:
        member.write(head)
        padding(size)(member)
        member.write(b"<sheetData>" + tail)

    return _rewrite(source, path, {"xl/worksheets/sheet1.xml": None, "xl/_rels/workbook.xml.rels": rels,
                                   "[Content_Types].xml": types}, {"xl/big.xml": write})


def big_member_workbook(path: Path, size: int, member: str = "xl/styles.xml", before: bytes = b"<fonts") -> Path:
    """``member`` (``xl/styles.xml``, ``xl/workbook.xml`` …) padded to ``size`` bytes just ahead of ``before``,
    inside a small file."""
    source = _book(LEDGER)
    with zipfile.ZipFile(io.BytesIO(source)) as real:
        xml = real.read(member)
    head, tail = xml.split(before, 1)

    def write(out) -> None:
        out.write(head)
        padding(size)(out)
        out.write(before + tail)

    return _rewrite(source, path, {member: None}, {member: write})


def lying_workbook(path: Path, size: int) -> Path:
    """A sheet that inflates to ``size`` bytes while the zip directory says it is 4 KB."""
    source = _book(LEDGER)
    with zipfile.ZipFile(io.BytesIO(source)) as real:
        sheet = real.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"<sheetData>")
    _rewrite(source, path, {"xl/worksheets/sheet1.xml": head + b"<!--" + b" " * size + b"--><sheetData>" + tail})
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at, name_length_at, name_at in ((b"PK\x01\x02", 24, 28, 46), (b"PK\x03\x04", 22, 26, 30)):
        at = data.find(signature)
        while at != -1:
            length = int.from_bytes(data[at + name_length_at: at + name_length_at + 2], "little")
            if data[at + name_at: at + name_at + length] == name:
                data[at + size_at: at + size_at + 4] = (4096).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


# -- Word ----------------------------------------------------------------------------------------------

def _docx(body: bytes) -> bytes:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("某镇人民政府2022年政府信息公开工作年度报告")
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as real:
        xml = real.read("word/document.xml")
    xml = xml.replace(b"<w:sectPr", body + b"<w:sectPr", 1)
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as real, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in real.infolist():
            new.writestr(info, xml if info.filename == "word/document.xml" else real.read(info))
    return target.getvalue()


def gridspan_docx(path: Path, span: int = 50_000_000, rows: int = 200) -> Path:
    """A table whose cells each claim ``gridSpan`` columns."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>'.encode()
    table = b"<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + (b"<w:tr>" + cell * 3 + b"</w:tr>") * rows + b"</w:tbl>"
    path.write_bytes(_docx(table))
    return path


def vmerge_docx(path: Path, rows: int = 3000, columns: int = 60) -> Path:
    """A table whose every row continues the merge above, each cell 100 columns wide."""
    cell = b'<w:tc><w:tcPr><w:gridSpan w:val="100"/><w:vMerge/></w:tcPr><w:p/></w:tc>'
    first = b'<w:tc><w:tcPr><w:gridSpan w:val="100"/><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc>'
    table = b"<w:tbl>" + b"<w:tr>" + first * columns + b"</w:tr>" + (b"<w:tr>" + cell * columns + b"</w:tr>") * rows + b"</w:tbl>"
    path.write_bytes(_docx(table))
    return path


def bomb_docx(path: Path, size: int) -> Path:
    """``word/document.xml`` inflating to ``size`` bytes."""
    source = _docx(b"")
    with zipfile.ZipFile(io.BytesIO(source)) as real:
        xml = real.read("word/document.xml")
    head, tail = xml.split(b"<w:body>", 1)

    def write(member) -> None:
        member.write(head + b"<w:body>")
        padding(size)(member)
        member.write(tail)

    return _rewrite(source, path, {"word/document.xml": None}, {"word/document.xml": write})


# -- HTML ----------------------------------------------------------------------------------------------

def span_html(path: Path, size: int = 43_000) -> Path:
    """``size`` bytes of cells that each say rowspan=500 colspan=100."""
    cell = '<td rowspan="500" colspan="100">1</td>'
    row = "<tr>" + cell * 20 + "</tr>"
    body = row * (size // len(row) + 1)
    path.write_text(f"<html><body><h1>某镇人民政府2022年政府信息公开工作年度报告</h1><table>{body}</table></body></html>",
                    encoding="utf-8")
    return path


def huge_file(path: Path, size: int) -> Path:
    """A sparse file of ``size`` bytes (no disk used)."""
    with open(path, "wb") as handle:
        handle.truncate(size)
    return path


def deep_html(path: Path, depth: int = 5000) -> Path:
    """Elements nested ``depth`` deep."""
    path.write_text("<html><body>" + "<div>" * depth + "正文" + "</div>" * depth + "</body></html>", encoding="utf-8")
    return path


# -- PDF -----------------------------------------------------------------------------------------------

def pdf(pages: list[bytes], extra: list[bytes] | None = None, compress: bool = True) -> bytes:
    """A minimal PDF: one content stream per page (Flate-compressed when ``compress``), Helvetica text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for content in pages:
        data = zlib.compress(content, 9) if compress else content
        filters = b" /Filter /FlateDecode" if compress else b""
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), filters) + data + b"\nendstream")
        content_ref = len(objects)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       b" /Contents %d 0 R >>" % content_ref)
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects + (extra or []), 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref))
    return out.getvalue()


def text_page(line: str = "Annual report") -> bytes:
    """A page's content: one line of text."""
    return b"BT /F1 12 Tf 72 770 Td (%s) Tj ET" % line.encode("latin-1")


def flate_bomb_pdf(path: Path, size: int) -> Path:
    """One page whose content stream inflates to ``size`` bytes of spaces."""
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(compressor.compress(chunk) for _ in range(size >> 20)) + compressor.compress(text_page()) + compressor.flush()
    body = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    document = pdf([text_page()])
    document = re.sub(rb"4 0 obj\n.*?endobj", b"4 0 obj\n" + body.replace(b"\\", b"\\\\") + b"\nendobj", document, count=1, flags=re.S)
    path.write_bytes(_fix_xref(document))
    return path


def operators_pdf(path: Path, operators: int) -> Path:
    """One page drawing ``operators`` tiny line segments (each ``m``, ``l``, ``S``: three operators)."""
    content = b"0 0 m 1 1 l S\n" * (operators // 3) + text_page()
    path.write_bytes(pdf([content]))
    return path


def many_pages_pdf(path: Path, pages: int, lines: int = 1) -> Path:
    """``pages`` pages of ``lines`` lines of text each."""
    def page(n: int) -> bytes:
        rows = b" 0 -12 Td ".join(b"(Page %d line %d of the annual report text) Tj" % (n, i) for i in range(lines))
        return b"BT /F1 10 Tf 72 800 Td " + rows + b" ET"

    path.write_bytes(pdf([page(n) for n in range(pages)]))
    return path


def _fix_xref(document: bytes) -> bytes:
    """Recompute the xref offsets after objects were replaced."""
    body, _, _ = document.partition(b"xref\n")
    offsets = [m.start() for m in re.finditer(rb"(?m)^\d+ 0 obj\n", body)]
    xref = len(body)
    table = b"xref\n0 %d\n0000000000 65535 f \n" % (len(offsets) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return body + table + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(offsets) + 1, xref)
