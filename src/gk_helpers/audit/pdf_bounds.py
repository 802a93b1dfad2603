"""A PDF's pages, decompressed streams and content operators capped while pdfplumber reads it.

A 2 MB Flate bomb inflates to gigabytes; 1.4 MB of compressed drawing operators to 300 MB of them,
each becoming a Python object; a report of 2,000 pages takes minutes. So: the page count is checked
first; while the file is read, pdfminer's decoders (Flate, LZW, RunLength — the ones that expand) stop
at ``MAX_STREAM_BYTES`` per stream and ``MAX_DECODED_BYTES`` for the document; and each page's content
(with the forms it draws) is counted before its objects are made.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from io import BytesIO
from itertools import islice

from .bounds import TooLarge

#: The most pages read (a township's report has a handful, a county's a few dozen).
MAX_PAGES = 200
#: The most bytes one stream may decode to, and all streams of a document together.
MAX_STREAM_BYTES = 32 * 1024 * 1024
MAX_DECODED_BYTES = 256 * 1024 * 1024
#: The most content operators on one page (its own and its forms'); a dense table page has a few thousand.
MAX_PAGE_OPERATORS = 200_000
#: Pages with less content than this cannot hold that many operators and are not counted.
_COUNT_FROM = 256 * 1024
_OPERATOR = re.compile(rb"(?<![/\w])[A-Za-z'\"*]{1,3}(?!\w)")


def _stream_too_large() -> TooLarge:
    return TooLarge(f"PDF 中有一段数据解压后超过 {MAX_STREAM_BYTES // 1024 // 1024} MB，不像年度报告（可能是“解压炸弹”），未读取")


class _Decoded:
    """What the document's streams have decoded to so far."""

    def __init__(self):
        self.total = 0

    def add(self, data: bytes) -> bytes:
        if len(data) > MAX_STREAM_BYTES:
            raise _stream_too_large()
        self.total += len(data)
        if self.total > MAX_DECODED_BYTES:
            raise TooLarge(f"PDF 的数据解压后共超过 {MAX_DECODED_BYTES // 1024 // 1024} MB，不像年度报告，未读取")
        return data


class _BoundedDecompressor:
    def __init__(self, inner, decoded: _Decoded):
        self.inner, self.decoded, self.size = inner, decoded, 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self.inner.decompress(data, max_length) if max_length else self.inner.decompress(data, MAX_STREAM_BYTES + 1)
        self.size += len(out)
        if self.size > MAX_STREAM_BYTES:
            raise _stream_too_large()
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


class _BoundedZlib:
    """The ``zlib`` pdfminer sees: ``decompress`` stops at the caps (and still fails on a truncated stream)."""

    error = zlib.error

    def __init__(self, decoded: _Decoded):
        self.decoded = decoded

    def decompress(self, data: bytes, *args, **kwargs) -> bytes:
        inflate = zlib.decompressobj()
        out = inflate.decompress(data, MAX_STREAM_BYTES + 1)
        if len(out) > MAX_STREAM_BYTES or inflate.unconsumed_tail:
            raise _stream_too_large()
        if not inflate.eof:
            raise zlib.error("incomplete or truncated stream")  # as zlib.decompress: pdfminer then tries harder
        return self.decoded.add(out)

    def decompressobj(self, *args, **kwargs):
        return _BoundedDecompressor(zlib.decompressobj(*args, **kwargs), self.decoded)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _lzw(decoded: _Decoded):
    from pdfminer.lzw import LZWDecoder

    def lzwdecode(data: bytes) -> bytes:
        out, size = [], 0
        for chunk in LZWDecoder(BytesIO(data)).run():
            size += len(chunk)
            if size > MAX_STREAM_BYTES:
                raise _stream_too_large()
            out.append(chunk)
        return decoded.add(b"".join(out))

    return lzwdecode


def _runlength(decoded: _Decoded):
    def rldecode(data: bytes) -> bytes:
        out, at = bytearray(), 0
        while at < len(data) and data[at] != 128:
            length = data[at]
            if length < 128:
                out += data[at + 1: at + 2 + length]
                at += length + 2
            else:
                out += data[at + 1: at + 2] * (257 - length)
                at += 2
            if len(out) > MAX_STREAM_BYTES:
                raise _stream_too_large()
        return decoded.add(bytes(out))

    return rldecode


@contextlib.contextmanager
def bounded_streams():
    """While the block runs, pdfminer's expanding decoders stop at ``MAX_STREAM_BYTES`` / ``MAX_DECODED_BYTES``."""
    from pdfminer import pdftypes

    decoded = _Decoded()
    saved = pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode
    pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode = _BoundedZlib(decoded), _lzw(decoded), _runlength(decoded)
    try:
        yield
    finally:
        pdftypes.zlib, pdftypes.lzwdecode, pdftypes.rldecode = saved


def check_pages(pdf) -> None:
    """``TooLarge`` when an open ``pdfplumber`` PDF has more than ``MAX_PAGES`` pages (counted, not all read)."""
    from pdfminer.pdfpage import PDFPage

    count = sum(1 for _ in islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    if count > MAX_PAGES:
        raise TooLarge(f"PDF 有超过 {MAX_PAGES} 页，不像年度报告，未读取")


def check_page(page) -> None:
    """``TooLarge`` when a page's content (with the forms it draws) holds more than ``MAX_PAGE_OPERATORS``."""
    from pdfminer.pdftypes import resolve1, stream_value
    from pdfminer.psparser import LIT

    streams = list(page.page_obj.contents or [])
    resources = resolve1(page.page_obj.resources or {}) or {}
    xobjects = resolve1(resources.get("XObject", {})) if isinstance(resources, dict) else {}
    for value in (xobjects or {}).values():
        obj = resolve1(value)
        if getattr(obj, "get", None) and resolve1(obj.get("Subtype")) is LIT("Form"):
            streams.append(obj)
    size, operators = 0, 0
    for stream in streams:
        data = stream_value(stream).get_data()
        size += len(data)
        if len(data) >= _COUNT_FROM or size >= _COUNT_FROM:  # counted only up to the cap: a bomb is not walked through
            operators += sum(1 for _ in islice(_OPERATOR.finditer(data), MAX_PAGE_OPERATORS + 1 - operators))
        if operators > MAX_PAGE_OPERATORS:
            raise TooLarge(f"PDF 第{page.page_number}页有超过 {MAX_PAGE_OPERATORS:,} 个绘图和文字指令，不像年度报告，未读取")
