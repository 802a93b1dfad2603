"""Bounds on what a params file may be: its size, its YAML, the prose files it names, its names.

A params file is written by a person and may be copied from anywhere, so it is read
defensively: at most ``MAX_PARAMS_BYTES``; YAML aliases and anchors are refused (a few
hundred bytes of nested aliases expand to gigabytes — "billion laughs"); a tag such as
``!!python/object`` is named as 不允许的 YAML 标记; a county or township name must make
a usable file name (no control characters or path separators, not too long, not a name
the batch's own outputs use such as ``index``, no character Windows forbids in file names); a control
character in any value (an escape such as ``"\\e"``) is refused with its line and key.

Every file read here is opened without blocking and must be a regular file (``regular_problem``): a
named pipe or device given where a file is expected is refused up front, never waited on.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path

import yaml

from .controls import first_control, shown
from .errors import ParamsError, os_reason

#: The largest params file read (bytes). Real ones are a few kilobytes.
MAX_PARAMS_BYTES = 1024 * 1024
#: The largest prose Markdown file read (bytes).
MAX_PROSE_BYTES = 1024 * 1024
#: The largest report JSON read as last year's report (a county's largest is a few MB).
MAX_REPORT_JSON_BYTES = 50 * 1024 * 1024
#: The longest county or township name (characters); every output file name is built from it.
MAX_NAME_CHARS = 40
#: Names the batch's own outputs use (``OUT/<county>/<year>/index.html`` is the county roll-up)
#: and device names Windows will not create as files.
RESERVED_NAMES = frozenset({"index", "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)),
                            *(f"lpt{i}" for i in range(1, 10))})
#: Characters Windows does not allow in file names (the outputs are copied to office PCs).
WINDOWS_FORBIDDEN = ':*?"<>|'


def regular_problem(path: Path) -> str:
    """What ``path`` is when it is not a regular file (following links): "" for a regular file.

    "一个失效的符号链接（指向的文件不存在）", "一个命名管道（FIFO）", "一个文件夹", "一个设备或套接字文件", "不存在".
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "一个失效的符号链接（指向的文件不存在）" if os.path.islink(path) else "不存在"
    except OSError:
        return ""  # unreadable for another reason: opening it says why
    if stat.S_ISREG(mode):
        return ""
    return ("一个文件夹" if stat.S_ISDIR(mode) else "一个命名管道（FIFO）" if stat.S_ISFIFO(mode)
            else "一个设备或套接字文件")


class _AliasFound(yaml.YAMLError):
    def __init__(self, mark, what: str):
        super().__init__(what)
        self.problem_mark, self.what = mark, what


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` that refuses anchors (``&name``), aliases (``*name``), duplicate keys and control
    characters in values (the line and key are named).

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
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise _DuplicateKey(key_node.start_mark, key)
            seen.add(key)
            found = first_control(value_node.value) if isinstance(value_node, yaml.ScalarNode) else None
            if found is not None:  # a block scalar (| or >) starts on the line after its indicator
                down = found[0] if value_node.style in ("|", ">") else 0
                raise _ControlCharacter(value_node.start_mark, found[1], down, key)
        return super().construct_mapping(node, deep)

    def construct_scalar(self, node):
        value = super().construct_scalar(node)
        found = first_control(value) if isinstance(value, str) else None
        if found is not None:
            raise _ControlCharacter(node.start_mark, found[1], found[0] - 1)
        return value


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, mark, key: str):
        super().__init__(key)
        self.problem_mark, self.key = mark, key


class _ControlCharacter(yaml.YAMLError):
    def __init__(self, mark, char: str, lines_down: int = 0, key: str | None = None):
        super().__init__(char)
        self.problem_mark, self.char, self.lines_down, self.key = mark, char, lines_down, key


_TAG = re.compile(r"tag '([^']*)'")


def _line(exc) -> str:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return f"第{mark.line + 1}行" if mark else ""


_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w]*)\s*:")


def _key_above(text: str, line: int) -> str:
    """The key whose value holds line ``line`` (the nearest ``key:`` at or above it), or ""."""
    for candidate in reversed(text.split("\n")[:line]):
        found = _KEY.match(candidate)
        if found:
            return found.group(1)
    return ""


def read_limited(path: Path, limit: int, what: str, owner: Path, kind: str = "参数文件") -> bytes:
    """The bytes of ``path`` when it is a regular file of at most ``limit`` bytes, else a ParamsError
    (``kind``: what ``owner`` is). A named pipe or device is refused without waiting on it."""
    where = f"{kind} {owner.name}" if path == owner else f"{kind} {owner.name}：{what} {path.name}"
    data, size = b"", 0
    try:
        data, size = read_regular(path, limit)
    except NotRegular as exc:
        raise ParamsError(f"{where} 是{exc}，不是普通文件。请改正或删除它。") from None
    except OSError as exc:
        raise ParamsError(f"{where} 无法读取（{os_reason(exc)}）。") from None
    if size > limit or len(data) > limit:
        raise ParamsError(f"{where} 太大（{max(size, len(data)) / 1024 / 1024:.1f} MB），"
                          f"超过上限 {limit // 1024 // 1024} MB。请检查是否选错了文件。")
    return data


class NotRegular(OSError):
    """A path that is not a regular file; its text says what it is (一个命名管道（FIFO）…)."""


def read_regular(path: Path, limit: int) -> tuple[bytes, int]:
    """(the first ``limit`` + 1 bytes, the size) of a regular file, opened without blocking or following a
    FIFO's writer; ``NotRegular`` for anything else (checked on the opened file: no race)."""
    problem = regular_problem(path)
    if problem and problem != "不存在":
        raise NotRegular(problem)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular("一个命名管道（FIFO）" if stat.S_ISFIFO(info.st_mode) else "一个设备或套接字文件")
        if info.st_size > limit:
            return b"", info.st_size
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data, max(info.st_size, len(data))
    finally:
        os.close(fd)


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
    except _ControlCharacter as exc:
        exc.problem_mark.line += exc.lines_down
        field = f"：「{exc.key}」" if exc.key is not None else ""
        error = ParamsError(f"{kind} {path.name} {_line(exc)}{field}含有控制字符 {shown(exc.char)}（如转义写法 \\e、\\x1b）。"
                            f"{kind}的文字中不能有控制字符，请删除它。")
        cause = exc
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        key = _key_above(text, line)
        field = f"：「{key}」" if key else ""
        error = ParamsError(f"{kind} {path.name} 第{line}行{field}含有控制字符 {shown(char)}。{kind}的文字中不能有控制字符，"
                            "请删除它（用记事本或 VS Code 打开时它可能显示为方框或不显示）。")
        error.line = line
        raise error from None
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


class _ParamsDumper(yaml.SafeDumper):
    """Block style at the top, flow style inside (``overview: {file: 2023-总体情况.md}``, ``覆盖年度: [2023, 2024]``)."""

    def ignore_aliases(self, data):
        return True  # the loader refuses anchors and aliases: write every value out

    def represent_dict(self, data):
        depth = getattr(self, "_depth", 0)
        self._depth = depth + 1
        try:
            return self.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=depth > 0)
        finally:
            self._depth = depth


_ParamsDumper.add_representer(dict, _ParamsDumper.represent_dict)
_ParamsDumper.add_representer(list, lambda dumper, data: dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def dump_yaml(fields: dict, comment: str = "") -> str:
    """A params file holding ``fields`` (plain values, nested dicts and lists), under a ``# comment`` line.

    Written by a YAML serializer — every value quoted as YAML needs, so ``城关镇 #`` stays a name and a
    newline stays in its value — and read back with the bounded loader to prove it says exactly ``fields``.
    """
    text = yaml.dump(fields, Dumper=_ParamsDumper, allow_unicode=True, sort_keys=False, width=1 << 16)
    if comment:
        text = "".join(f"# {line}\n" for line in comment.splitlines()) + text
    if parse_yaml(text, Path("params.yaml")) != fields:
        raise ValueError(f"params YAML does not read back as written: {fields!r}")
    return text


def read_prose(target: Path, owner: Path, name: str) -> str:
    """The text of a prose Markdown file, within ``MAX_PROSE_BYTES`` and in UTF-8."""
    data = read_limited(target, MAX_PROSE_BYTES, f"「{name}」引用的文件", owner)
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise ParamsError(f"参数文件 {owner.name}：「{name}」引用的文件 {target.name} 不是 UTF-8 编码的文本。"
                          "请用记事本或 VS Code “另存为” UTF-8。") from None
    found = first_control(text)
    if found is not None:
        raise ParamsError(f"参数文件 {owner.name}：「{name}」引用的文件 {target.name} 第{found[0]}行含有控制字符 "
                          f"{shown(found[1])}。文字中不能有控制字符，请删除它（用记事本或 VS Code 打开时它可能显示为方框或不显示）。")
    return text


def name_problem(value: str) -> str:
    """Why ``value`` cannot name a county or township (its outputs' file names), or ""."""
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value):
        return "含有控制字符（如空字符、换行）"
    if "/" in value or "\\" in value:
        return "含有路径分隔符 / 或 \\"
    if any(c in WINDOWS_FORBIDDEN for c in value):
        return f"含有文件名中不能使用的字符 {' '.join(WINDOWS_FORBIDDEN)}"
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
