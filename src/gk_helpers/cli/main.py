"""The ``gk`` command: a thin layer over the library.

Each command parses its arguments, makes one library call and turns the library's
``GkError`` into a Chinese message and an exit code: 0 success, 1 bad input or a
failed report, 2 a usage error or an unusable / busy output folder, 130 interrupted.
No traceback reaches the user unless ``--debug`` is given. No domain rule lives here.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..base.controls import printable
from ..base.errors import GkError, RenderError
from ..base.imports import skip_unused
from ..notebook.params import LEVELS

_C1 = re.compile("[\x7f-\x9f]")


def _out(text: str, stream=None) -> None:
    """Write ``text`` to a terminal with its control characters escaped (a ledger value cannot recolour it)."""
    (stream or sys.stdout).write(printable(text))


def _out_json(text: str) -> None:
    """Write JSON: ``json`` escapes C0 controls itself; DEL and C1 become ``\\u`` escapes too (only inside strings)."""
    sys.stdout.write(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


class _Parser(argparse.ArgumentParser):
    """argparse with Chinese usage errors (exit 2)."""

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"参数错误：{message}\n")


def _positive(text: str) -> int:
    """A whole number ≥ 1 (for --jobs)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"「{text}」不是正整数")
    return int(text)


def _seconds(text: str) -> float:
    """A time bound in seconds > 0 (for --timeout)."""
    try:
        value = float(text)
    except ValueError:
        value = -1
    if not value > 0 or value != value or value == float("inf"):
        raise argparse.ArgumentTypeError(f"「{text}」不是正数（秒）")
    return value


def _memory(text: str) -> int:
    """A memory cap such as 2GB or 512MB (for --max-memory)."""
    from ..base.contain import parse_memory

    try:
        return parse_memory(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"「{text}」不是内存大小（如 2GB、512MB；至少 64MB）") from None


def _limits(args):
    """The containment limits the command line gives (--max-memory, --timeout)."""
    from ..base.contain import Limits

    return Limits(args.max_memory, args.timeout)


def _add_ledger_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ledger_dir", metavar="LEDGER_DIR", help="台账目录（含 *.csv 或 台账.xlsx）")
    parser.add_argument("--year", type=int, required=True, help="报告年度，如 2020")
    parser.add_argument("--format", choices=("2019", "2021"), default=None, help="覆盖按年度自动选择的报告格式")
    parser.add_argument("--level", default="乡镇", choices=LEVELS, help="机关层级（默认：乡镇），用于“规章应为0”的核对")
    parser.add_argument("--previous", metavar="FILE", default=None,
                        help="上年已公开报告的数字：含 previous: 块的参数文件，或上年报告的 JSON（用于跨年度核对 C1、C2）")


def _add_formats_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--formats", default="html", metavar="格式",
                        help="输出格式，用逗号分隔：html（公开网页，总会生成）、fragment（网站栏目片段）、docx（Word）、"
                             "pdf（WeasyPrint 排版，需 Pango 系统库）、xlsx（Excel，批量时另生成县级汇总表）。默认：html。"
                             "审核页和 JSON 总会生成")


def _folder_label(text: str) -> str:
    """The ledger folder as messages name it: as typed, unless that is only . or .. (then the full path)."""
    path = Path(text)
    return str(path.resolve()) if path.name in ("", "..") else text


def _compute(args):
    """Read the ledgers (and ``--previous``) and compute, in a child process held to --max-memory and --timeout."""
    from ..base.contain import run

    return run(_compute_here, args, what=f"台账目录 {_folder_label(args.ledger_dir)}", limits=_limits(args))


def _compute_here(args):
    from ..ledger.coverage import year_coverage
    from ..ledger.ledgers import load_ledgers
    from ..report.compute import compute

    previous = None
    if args.previous:
        from ..base.contain import reading
        from ..notebook.previous import load_previous_file

        with reading(f"上年报告 {args.previous}"):
            previous = load_previous_file(args.previous)
    ledgers = load_ledgers(args.ledger_dir)
    hints = year_coverage(ledgers, args.year, _folder_label(args.ledger_dir))  # the same verdict as the report notebook's
    report = compute(ledgers, args.year, args.format, args.level, previous=previous)
    report.warnings[:0] = hints
    return report


def cmd_check(args) -> int:
    """Print the problems, or the tables and checks; exit 1 unless the ledgers are valid and no check fails."""
    import json

    from ..base.errors import LedgerError
    from ..render.text import render_text

    try:
        report = _compute(args)
    except LedgerError as exc:
        if not args.json:
            raise
        _out_json(_json({"ok": False, "problems": [p.to_dict() for p in exc.problems], "checks": [], "warnings": [],
                         "advice": exc.advice}, json))
        return 1
    ok = not report.failed_checks
    if args.json:
        _out_json(_json({"ok": ok, "problems": [], "checks": [c.to_dict() for c in report.checks],
                         "warnings": list(report.warnings), "notes": list(report.notes)}, json))
    else:
        _out(render_text(report))
        if not ok:
            sys.stderr.write(f"有 {len(report.failed_checks)} 项核对不通过：{'、'.join(c.id for c in report.failed_checks)}。\n")
    return 0 if ok else 1


def _json(data: dict, json) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def cmd_template(args) -> int:
    """Write the ledger template workbook."""
    from pathlib import Path

    from ..ledger.template import write_template

    path = Path(args.out)
    if path.exists() and not args.force:
        _out(f"{path} 已存在，未覆盖。如需覆盖，请加 --force。\n", sys.stderr)
        return 1
    _out(f"{write_template(path)}\n")
    return 0


def cmd_init(args) -> int:
    """Create or complete a project folder: params, prose, ledger workbooks, notebooks."""
    from ..notebook.project import init_project

    _out(init_project(args.folder, args.county, args.township or [], args.year or [], args.agency or "").summary() + "\n")
    return 0


def cmd_tables(args) -> int:
    """Print the tables, checks and statistics (as JSON with --json; --cases adds the ids behind each cell)."""
    if args.cases and not args.json:
        sys.stderr.write("参数错误：--cases 只能与 --json 一起使用（如 gk tables 台账目录 --year 2022 --json --cases）。\n")
        return 2
    report = _compute(args)
    if args.json:
        _out_json(report.to_json(cases=args.cases))
    else:
        from ..render.text import render_text

        _out(render_text(report))
    return 0


def cmd_report(args) -> int:
    """Execute the report notebook for one params file and write .ipynb, .html, .json and the chosen formats."""
    from ..batch import warm
    from ..batch.execute import execute_report
    from ..batch.outdir import OutputLock, check_output_dir
    from ..render.outputs import available, parse_formats

    check_output_dir(args.output)
    formats, notes = available(parse_formats(args.formats))
    for note in notes:
        print(note, file=sys.stderr)
    warm.register()  # the batch's engine: same outputs, and the kernel's console chatter stays quiet
    try:
        with OutputLock(args.output, "gk report") as lock:
            lock.kernels_here()
            paths = execute_report(args.params, args.output, args.notebook, args.format, engine_name=warm.ENGINE_NAME,
                                   timeout=args.timeout, formats=formats, max_memory=args.max_memory)
    except (OSError, ValueError, MemoryError) as exc:  # writing an output: 磁盘已满, 文件名过长 …
        from ..batch.faults import describe

        raise RenderError(f"报告生成失败：{describe(exc)}") from None
    finally:
        warm.shutdown_all()
    for path in paths.finished:
        _out(f"{path}\n")
    return 0


def cmd_run(args) -> int:
    """Run every township-year under PARAMS_DIR (stale ones only), the county roll-ups and the index."""
    from ..batch.run import run_batch
    from ..render.outputs import parse_formats

    result = run_batch(args.params_dir, args.output, args.jobs, args.year or (), args.township or (), args.force, args.notebook,
                       timeout=args.timeout, formats=parse_formats(args.formats), executor=args.executor,
                       scheduler=args.scheduler, max_memory=args.max_memory)
    try:
        _out(result.summary() + "\n")
        sys.stdout.flush()
    except OSError:  # the terminal went away: the index says it all, the exit code still tells
        pass
    return 0 if result.ok and not (args.strict and result.checks_failed) else 1


def cmd_audit(args) -> int:
    """Read published reports (HTML, PDF, DOCX) and check them; the exit status is ``AuditRun.exit_code``."""
    import contextlib

    from ..audit.run import audit_files
    from ..audit.text import summary_text
    from ..batch.outdir import OutputLock, check_output_dir
    from ..report.compute import data_json

    # -o: the folder may be a batch's; its lock keeps a running gk run and this audit from writing it at once
    locked = OutputLock(check_output_dir(args.output), "gk audit") if args.output else contextlib.nullcontext()
    with locked:
        result = audit_files(args.files, args.output, args.year, args.level, args.previous, jobs=args.jobs,
                             summary=args.summary, limits=_limits(args))
    if args.json:
        _out_json(data_json(result.to_list()))
    else:
        _out(summary_text(result, result.index))
    return result.exit_code


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``gk`` and its subcommands."""
    parser = _Parser(prog="gk", description="乡镇政府信息公开工作年度报告工具：从台账计算法定表格、核对并生成报告。")
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True

    check = sub.add_parser("check", help="校验台账；无问题时打印三张表格和核对结果",
                           description="校验台账目录。有问题时逐条列出（退出码1）；无问题时打印第二、三、四部分表格和核对结果，"
                                       "有核对不通过时退出码为1。")
    _add_ledger_args(check)
    _add_limits(check, "读取台账和计算")
    check.add_argument("--json", action="store_true", help="以 JSON 输出问题、核对结果和提示")
    check.set_defaults(func=cmd_check)

    init = sub.add_parser("init", help="新建（或补全）一个项目目录：参数文件、文字、台账工作簿、笔记本",
                          description="在 FOLDER（默认：当前目录）中创建 params/<县>/<乡镇>/<年度>.yaml、文字文件、"
                                      "data/<县>/<乡镇>/台账.xlsx、data/<县>/<乡镇>/台账映射.yaml（覆盖年度：--year 给出的年度，"
                                      "这些年度没有任何记录时也生成各项为0的报告）和 notebooks/。已存在的文件不会被覆盖。")
    init.add_argument("folder", metavar="FOLDER", nargs="?", default=".", help="项目目录（默认：当前目录）")
    init.add_argument("--county", required=True, help="县（区）名称")
    init.add_argument("--township", action="append", required=True, metavar="乡镇", help="乡镇（街道）名称（可重复）")
    init.add_argument("--year", type=int, action="append", required=True, metavar="年度",
                      help="报告年度（可重复）；写入台账映射.yaml 的「覆盖年度」")
    init.add_argument("--agency", default=None, help="机关全称（默认：<县><乡镇>人民政府；只有一个乡镇时有意义）")
    init.set_defaults(func=cmd_init)

    template = sub.add_parser("template", help="生成台账模板工作簿（下拉列表、日期格式、填表说明）",
                              description="按台账约定生成 台账.xlsx 模板：每类台账一个工作表，带下拉列表、日期格式和填表说明。")
    template.add_argument("out", metavar="OUT.xlsx", help="输出文件，如 台账.xlsx")
    template.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    template.set_defaults(func=cmd_template)

    tables = sub.add_parser("tables", help="计算表格、核对结果和叙述统计", description="计算第二、三、四部分表格、核对结果和叙述统计数。")
    _add_ledger_args(tables)
    _add_limits(tables, "读取台账和计算")
    tables.add_argument("--json", action="store_true", help="以 JSON 输出")
    tables.add_argument("--cases", action="store_true", help="JSON 中加入每个单元格对应的台账编号（cases，须与 --json 同用）")
    tables.set_defaults(func=cmd_tables)

    report = sub.add_parser("report", help="生成一个乡镇一个年度的报告（公开页、审核页、笔记本、JSON）",
                            description="用 papermill 运行报告笔记本，写出 OUT/<县>/<年度>/<乡镇>.ipynb、.html（公开的报告）、.review.html（审核页：报告、审核面板和每个数字背后的案件）和 .json。")
    report.add_argument("params", metavar="PARAMS.yaml", help="参数文件，如 params/南召县/城关镇/2020.yaml")
    report.add_argument("-o", "--output", default="outputs", help="输出目录（默认：outputs）")
    report.add_argument("--format", choices=("2019", "2021"), default=None, help="覆盖报告格式")
    report.add_argument("--notebook", default=None, help="报告笔记本（默认：项目的 notebooks/annual_report.ipynb，没有时用安装包自带的）")
    _add_limits(report, "一份报告")
    _add_formats_arg(report)
    report.set_defaults(func=cmd_report)

    run = sub.add_parser("run", help="批量生成：所有乡镇、所有年度的报告、县级汇总和汇总页",
                         description="对参数目录下的每个参数文件运行报告笔记本（并行、增量：输入未变化的报告跳过），"
                                     "再生成各县各年度的汇总（OUT/<县>/<年度>/index.html）、总汇总页 OUT/index.html（每县一页"
                                     " OUT/<县>/index.html）和 OUT/index.json。有任何报告失败时退出码为1，并逐条列出失败原因；"
                                     "加 --strict 时核对不通过的报告也使退出码为1。")
    run.add_argument("params_dir", metavar="PARAMS_DIR", nargs="?", default="params", help="参数目录（默认：params）")
    run.add_argument("-o", "--output", default="outputs", help="输出目录（默认：outputs）")
    run.add_argument("-j", "--jobs", type=_positive, default=None, help="同时运行的报告数（默认：CPU 核数）")
    run.add_argument("--year", type=int, action="append", metavar="年度", help="只运行该年度（可重复）")
    run.add_argument("--township", action="append", metavar="乡镇", help="只运行该乡镇（可重复）")
    run.add_argument("--force", action="store_true", help="全部重新运行，不论输入是否变化")
    run.add_argument("--strict", action="store_true",
                     help="有任何报告核对不通过（见 OUT/index.json 的 failed_checks）时退出码也为1（供自动化流程使用）")
    run.add_argument("--notebook", default=None, help="报告笔记本（默认：项目的 notebooks/annual_report.ipynb，没有时用安装包自带的）")
    _add_limits(run, "每份报告")
    _add_formats_arg(run)
    run.add_argument("--executor", choices=("local", "dask"), default="local",
                     help="在哪里运行笔记本：local（本机的工作进程，默认）或 dask（dask.distributed 集群，见 docs/省级批量.md）")
    run.add_argument("--scheduler", metavar="地址", default=None, help="dask 调度器地址，如 tcp://10.0.0.5:8786（--executor dask 时必填）")
    run.set_defaults(func=cmd_run)

    audit = sub.add_parser("audit", help="核对已公开的年报（网页、PDF、Word）：读回表格并逐项核对",
                           description="读取已公开的政府信息公开工作年度报告（HTML 网页、带文字的 PDF、Word .docx），"
                                       "按行名读回第二、三、四部分表格和第一、五、六部分文字，核对勾稽关系（R1–R3、R8）、"
                                       "格式与年度（F1）、空白单元格（B1）、单元格内的单位或文字（U1）、乡镇规章（G1）、行名（L1）、"
                                       "文字中的数字、年份和收费说法（P1、P2、P5）、落款日期（T1），"
                                       "并在给出上年报告时核对跨年度衔接（R5、C1、C2）。FILE 可以是文件夹（一个省的报告）。",
                           epilog="退出码：0 全部读取且没有不通过的核对项；1 有核对项不通过；4 有文件或其中的表格无法读取"
                                  "（相应核对为“未核对”；超过 --timeout 或 --max-memory 的文件也算无法读取）；5 两者都有；2 参数错误或输出目录不可用；130 被中断。",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    audit.add_argument("files", metavar="FILE", nargs="+", help="报告文件或文件夹（.html/.htm/.pdf/.docx）")
    audit.add_argument("-o", "--output", default=None,
                       help="写出每份报告的审核页、汇总页 index.html（目录中已有 gk run 的 index.html 时为 审核汇总.html）"
                            "和汇总表（审核汇总.xlsx、审核汇总.csv）的目录；核对期间占用该目录的锁，与 gk run 不同时写入")
    audit.add_argument("--jobs", type=_positive, default=1, metavar="N",
                       help="同时核对的文件数（每份在独立进程中核对，一份出错不影响其余；默认 1）")
    audit.add_argument("--summary", metavar="FILE", default=None,
                       help="另写一份汇总表（每份报告一行：机关、年度、格式、不通过的核对）：.xlsx 或 .csv")
    audit.add_argument("--year", type=int, default=None, help="报告年度（默认从报告标题读取）")
    audit.add_argument("--level", choices=LEVELS, default=None, help="机关层级（默认按机关名称判断：…镇/乡为乡镇，…街道为街道，…县人民政府和县的部门为县级；区、市请用本项指定）")
    audit.add_argument("--previous", metavar="FILE", default=None, help="上年公开的报告文件（网页、PDF、Word，或本工具生成的 .json），用于跨年度核对（R5、C1、C2）")
    audit.add_argument("--json", action="store_true", help="以 JSON 输出（每个文件一个对象）")
    _add_limits(audit, "每份文档", AUDIT_TIMEOUT)
    audit.set_defaults(func=cmd_audit)
    for command in sub.choices.values():  # every subcommand
        command.add_argument("--debug", action="store_true", help="出现意外错误时显示完整的 Python 错误信息（供开发者排查）")
    return parser


#: ``gk audit``'s time bound per document (seconds): a report is read in seconds, a hostile file is cut short.
AUDIT_TIMEOUT = 120


def _add_limits(parser: argparse.ArgumentParser, what: str, timeout: float | None = None) -> None:
    """--timeout and --max-memory: the caps on ``what`` (one report, one document, reading the ledgers)."""
    from ..base.contain import DEFAULT_MEMORY, DEFAULT_SECONDS, memory_text

    timeout = timeout or DEFAULT_SECONDS
    parser.add_argument("--timeout", type=_seconds, default=timeout, metavar="秒",
                        help=f"{what}最长的运行时间，超过即终止并记为失败（默认：{timeout:g}）")
    parser.add_argument("--max-memory", type=_memory, default=DEFAULT_MEMORY, metavar="大小",
                        help=f"{what}最多可用的内存（在程序本身之外），如 2GB、512MB；超过即停止并记为失败"
                             f"（默认：{memory_text(DEFAULT_MEMORY).replace(' ', '')}）")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``gk`` console script."""
    skip_unused()  # before papermill or nbconvert import jsonschema (batch workers are forked from here)
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except GkError as exc:
        if getattr(args, "debug", False):
            raise
        _out(f"{exc}\n", sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        sys.stderr.write("已中断。\n")
        return 130
    except Exception as exc:  # noqa: BLE001 - a traceback never reaches the user, except with --debug
        if getattr(args, "debug", False):
            raise
        from ..batch.faults import describe

        _out(f"出错：{describe(exc)}。如需详细信息，请加 --debug 重新运行，并把输出交给维护人员。\n", sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
