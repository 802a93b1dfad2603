"""Bounds on what a params file may be: its size, its YAML, the prose files it names, its names.

A params file is written by a person and may be copied from anywhere, so it is read
defensively: at most ``MAX_PARAMS_BYTES``; YAML aliases and anchors are refused (a few
hundred bytes of nested aliases expand to gigabytes — "billion laughs"); a tag such as
``!!python/object`` is named as 不允许的 YAML 标记; a county or township name must make
a usable file name (no control characters or path separators, not too long, not a name
the batch's own outputs use such as ``index``).
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import yaml

from .errors import ParamsError, os_reason

#: The largest params file read (bytes). Real ones are a few kilobytes.
MAX_PARAMS_BYTES = 1024 * 1024
#: The largest prose Markdown file read (bytes).
MAX_PROSE_BYTES = 1024 * 1024
#: The longest county or township name (characters); every output file name is built from it.
MAX_NAME_CHARS = 40
#: Names the batch's own outputs use (``OUT/<county>/<year>/index.html`` is the county roll-up)
#: and device names Windows will not create as files.
RESERVED_NAMES = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})


class _AliasFound(yaml.YAMLError):
    def __init__(self, mark, what: str):
        super().__init__(what)
        self.problem_mark, self.what = mark, what


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses anchors (``&name``), aliases (``*name``) and duplicate keys.

    Subclass it (as the ledger mapping file's loader does) and parse with ``parse_yaml`` to get the same
    Chinese messages.
    """

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _AliasFound(event.start_mark, f"别名「*{event.anchor}」")
        if getattr(event, "anchor", None):
            raise _AliasFound(event.start_mark, f"锚点「&{event.anchor}」")
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise _DuplicateKey(key_node.start_mark, key)
            seen.add(key)
        return super().construct_mapping(node, deep)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, mark, key: str):
        super().__init__(key)
        self.problem_mark, self.key = mark, key


_TAG = re.compile(r"tag '([^']*)'")


def _line(exc) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"第{mark.line + 1}行" if mark else ""


def read_limited(path: Path, limit: int, what: str, owner: Path, kind: str = "参数文件") -> bytes:
    """The bytes of ``path`` when it is at most ``limit`` bytes, else a ParamsError (``kind``: what ``owner`` is)."""
    where = f"{kind} {owner.name}" if path == owner else f"{kind} {owner.name}：{what} {path.name}"
    data = b""
    try:
        size = path.stat().st_size
        if size <= limit:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as exc:
        raise ParamsError(f"{where} 无法读取（{os_reason(exc)}）。") from None
    if size > limit or len(data) > limit:
        raise ParamsError(f"{where} 太大（{max(size, len(data)) / 1024 / 1024:.1f} MB），"
                          f"超过上限 {limit // 1024 // 1024} MB。请检查是否选错了文件。")
    return data


def parse_yaml(text: str, path: Path, loader: type[BoundedLoader] = BoundedLoader, kind: str = "参数文件"):
    """YAML ``text`` of ``path`` read with a ``BoundedLoader`` (sub)class: an anchor, alias, duplicate key, tag or
    too deep nesting is a Chinese ParamsError naming ``kind`` (参数文件, 台账映射文件 …), with the 1-based ``line``
    (0 when unknown) as a field; any other YAML error propagates (each file type words its own syntax hint)."""
    try:
        return yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
    except _AliasFound as exc:
        error = ParamsError(f"{kind} {path.name} {_line(exc)}使用了 YAML {exc.what}。{kind}不允许使用锚点和别名，"
                            "请把内容直接写出来。")
        cause = exc
    except _DuplicateKey as exc:
        error = ParamsError(f"{kind} {path.name} {_line(exc)}：键「{exc.key}」重复出现（后一处会悄悄覆盖前一处）。"
                            "请只保留一处。")
        cause = exc
    except yaml.constructor.ConstructorError as exc:
        found = _TAG.search(str(exc.problem or ""))
        tag = found.group(1).replace("tag:yaml.org,2002:", "!!") if found else "?"
        error = ParamsError(f"{kind} {path.name} {_line(exc)}含有不允许的 YAML 标记「{tag}」。{kind}只能写文字、数字、"
                            "列表和“键: 值”，请删除该标记。")
        cause = exc
    except RecursionError:
        error, cause = ParamsError(f"{kind} {path.name} 的列表或“键: 值”嵌套过深，不是有效的{kind}。"), None
    mark = getattr(cause, "problem_mark", None) or getattr(cause, "context_mark", None)
    error.line = mark.line + 1 if mark else 0
    raise error from None


def load_yaml(path: Path):
    """The YAML data of a params file, within the bounds above; every refusal is a Chinese ParamsError."""
    data = read_limited(path, MAX_PARAMS_BYTES, "参数文件", path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParamsError(f"参数文件 {path.name} 不是 UTF-8 编码的文本。请用记事本或 VS Code “另存为” UTF-8。") from None
    try:
        return parse_yaml(text, path)
    except yaml.YAMLError as exc:
        raise ParamsError(f"参数文件 {path.name} {_line(exc)}不是有效的 YAML（UTF-8）。请检查缩进和冒号。") from None


def read_prose(target: Path, owner: Path, name: str) -> str:
    """The text of a prose Markdown file, within ``MAX_PROSE_BYTES`` and in UTF-8."""
    data = read_limited(target, MAX_PROSE_BYTES, f"「{name}」引用的文件", owner)
    try:
        return data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ParamsError(f"参数文件 {owner.name}：「{name}」引用的文件 {target.name} 不是 UTF-8 编码的文本。"
                          "请用记事本或 VS Code “另存为” UTF-8。") from None


def name_problem(value: str) -> str:
    """Why ``value`` cannot name a county or township (its outputs' file names), or ""."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        return "含有控制字符（如空字符、换行）"
    if "/" in value or "\\" in value:
        return "含有路径分隔符 / 或 \\"
    if value.startswith(".") or value.startswith("~$"):
        return "以 . 或 ~$ 开头（这样的文件会被当作隐藏文件或临时文件）"
    if len(value) > MAX_NAME_CHARS:
        return f"过长（{len(value)} 个字符，最多 {MAX_NAME_CHARS} 个字符；输出文件名由它组成）"
    if value.casefold() in RESERVED_NAMES:
        return "是保留名称（index 是县级汇总页的文件名；CON、NUL 等是系统设备名）"
    return ""


def check_name(value: str, key: str, label: str, path: Path) -> None:
    """Raise a ParamsError when ``value`` cannot name a county or township."""
    problem = name_problem(value)
    if problem:
        shown = "".join(f"\\x{ord(c):02x}" if unicodedata.category(c) == "Cc" else c for c in value)
        if len(shown) > 60:
            shown = shown[:60] + "…"
        raise ParamsError(f"参数文件 {path.name}：{label}（{key}）「{shown}」{problem}。请改正参数文件中的 {key}。")
