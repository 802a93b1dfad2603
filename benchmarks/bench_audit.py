"""Benchmark ``gk audit`` on a folder of generated reports: time per report.

Usage::

    .venv/bin/python benchmarks/bench_audit.py             # 100 HTML reports, 10 of them also as PDF
    .venv/bin/python benchmarks/bench_audit.py --quick     # 20 HTML, 4 PDF
    .venv/bin/python benchmarks/bench_audit.py -n 200 --pdf 0

In a temp dir it writes N report pages (the sample's township-years, rendered by the same
calls as the report notebook; every tenth has a section 四 total printed as 0) and times

(a) ``gk audit DIR -o OUT`` as a user runs it (a new process: imports included);
(b) ``audit_files`` in-process, with and without writing the pages;
(c) the baseline of the same run: parsing every file with BeautifulSoup/lxml alone, the least
    any HTML reader must do — the ratio says what reading the tables by label and checking costs;
(d) the same for PDF: M of the pages printed by headless Chromium, audited, against
    pdfplumber's own ``extract_text`` on every page;
(e) a province's folder as ``gk audit DIR --jobs 2`` runs it (worker processes, one document per
    task) on the same HTML and PDFs, against (b)/(d) with one process;
(f) the real-document corpus of the tests (tests/corpus: government site pages with their chrome, a
    saved page, WPS-style, Chromium and LibreOffice PDFs, Word files) audited with ``--jobs 2``.

Targets (issue 17), on the machine's 2 cores with ``--jobs 2``: ≤ 0.1 s per web page and ≤ 0.5 s per
PDF, taken as the slower of (e) and (f) — PASS/FAIL lines at the end. (e) and (f) also count the CPU
seconds of the run (this process and its workers): on a machine busy with other work (load average
above its cores) the wall time is mostly waiting for a core, so the target is then judged on what the
same CPU seconds take on idle cores — this process's own CPU plus the workers' divided among the
jobs — and the line says which figure decided. Every audited report must give
back the tables it was rendered from and R8 must fail on exactly the tenth reports; the exit status
is 1 otherwise, or when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def render_pages(folder: Path, n: int) -> dict[Path, dict]:
    """N report pages; returns {path: the figures it was rendered from}."""
    from gk_helpers import notebook as gk

    try:
        from gk_helpers.render.html import article_html  # the template-driven render layer
    except ImportError:
        article_html = None
        from gk_helpers.render.report import section_html, signoff_html, title_html

    sources = sorted((ROOT / "params" / "南召县").glob("*/*.yaml"))
    contexts = {}
    made = {}
    for i in range(n):
        source = sources[i % len(sources)]
        ctx = contexts.get(source) or contexts.setdefault(source, gk.prepare(str(source)))
        want = {k: ctx.data.to_dict()[k] for k in ("section2", "section3", "section4")}
        if article_html is not None:
            body = article_html(ctx.document)
        else:
            body = title_html(ctx.params.title) + "".join(section_html(s, ctx) for s in range(1, 7))
            body += signoff_html(ctx.params.agency, ctx.sign_off_date)
        if i % 10 == 9:  # 金湖县 2023: a section 四 group total printed as 0 while its parts are not
            first = want["section4"][0] + 1
            body = _set_first_review_cell(body, first)
            want = {**want, "section4": [first] + want["section4"][1:]}
        path = folder / f"{i + 1:03d}-{ctx.params.township}-{ctx.params.year}.html"
        path.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><main>{body}</main></body></html>',
                        encoding="utf-8")
        made[path] = want
    return made


def _set_first_review_cell(body: str, value: int) -> str:
    """The page with section 四's first number (行政复议/结果维持) changed, whatever the markup."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(body, "html.parser")
    table = next(t for t in soup.find_all("table") if "尚未审结" in t.get_text())
    cell = table.find_all("tr")[-1].find("td")
    cell.string = str(value)
    return str(soup)


def print_pdfs(pages: list[Path], out: Path) -> list[Path]:
    """Print pages to PDF with one headless Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    css = "<style>@page { size: A4 landscape; margin: 12mm; } td, th { border: 0.8pt solid #000; } table { border-collapse: collapse; break-inside: avoid; }</style>"
    made = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for path in pages:
            page.set_content(path.read_text(encoding="utf-8").replace("</head>", css + "</head>", 1))
            target = out / (path.stem + ".pdf")
            page.pdf(path=str(target), format="A4", landscape=True)
            made.append(target)
        browser.close()
    return made


def _cpu() -> tuple[float, float]:
    """CPU seconds so far of this process and of its ended child processes (the workers of a finished pool)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def best_with_cpu(fn, repeat: int, jobs: int) -> tuple[float, float]:
    """The best-of wall seconds, and for that run the seconds its CPU time takes on ``jobs`` idle cores."""
    runs = []
    for _ in range(repeat):
        own, kids = _cpu()
        start = time.perf_counter()
        fn()
        wall = time.perf_counter() - start
        own2, kids2 = _cpu()
        runs.append((wall, (own2 - own) + (kids2 - kids) / jobs))
    return min(runs)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100, help="HTML reports (default 100)")
    parser.add_argument("--pdf", type=int, default=10, help="of which also printed to PDF (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per best-of timing (default 3)")
    parser.add_argument("--quick", action="store_true", help="20 HTML, 4 PDF, one run each")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes for (e) and (f) (default 2)")
    parser.add_argument("--no-corpus", action="store_true", help="skip (f), the real-document corpus")
    args = parser.parse_args(argv)
    if args.quick:
        args.n, args.pdf, args.repeat = 20, 4, 1

    import logging

    from bs4 import BeautifulSoup

    from gk_helpers.audit.run import Audit, audit_files

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    rows, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        html_dir, pdf_dir = tmp / "html", tmp / "pdf"
        html_dir.mkdir()
        pdf_dir.mkdir()
        print(f"writing {args.n} report pages …", file=sys.stderr)
        wanted = render_pages(html_dir, args.n)

        print("(a) gk audit DIR -o OUT …", file=sys.stderr)
        cli = best(lambda: subprocess.run([str(BIN / "gk"), "audit", str(html_dir), "-o", str(tmp / "out-cli")],
                                          stdout=subprocess.DEVNULL, check=False), args.repeat)
        pages = sorted((tmp / "out-cli").glob("*.审核.html"))
        if len(pages) != args.n:
            ok = False
            print(f"FAIL: {len(pages)} audit pages for {args.n} reports", file=sys.stderr)
        print("(b) audit_files in-process …", file=sys.stderr)
        run_holder = {}
        library = best(lambda: run_holder.setdefault("run", audit_files([html_dir])), args.repeat)
        with_pages = best(lambda: audit_files([html_dir], tmp / "out-lib"), args.repeat)
        print("(c) baseline: BeautifulSoup/lxml parse alone …", file=sys.stderr)
        files = sorted(wanted)
        baseline = best(lambda: [BeautifulSoup(p.read_bytes(), "lxml") for p in files], args.repeat)

        run = audit_files([html_dir])
        for result in run.results:
            path = Path(result.file)
            if not isinstance(result, Audit):
                ok = False
                print(f"FAIL: {path.name} unreadable: {result.error}", file=sys.stderr)
                continue
            figures = result.report.figures()
            r8_failed = any(c.id == "R8" and c.status == "不通过" for c in result.checks)
            tenth = int(path.name[:3]) % 10 == 0
            # the sample carries designed prose defects (P1, P5): only the table checks must all pass
            if figures != wanted[path] or r8_failed != tenth or ({c.id for c in result.failed} - {"R8", "P1", "P2", "P5", "T1"}):
                ok = False
                print(f"FAIL: {path.name} read back differently or wrong checks failed", file=sys.stderr)
        n = args.n
        rows.append(("(a) gk audit DIR -o OUT (new process)", n, cli))
        rows.append(("(b) audit_files, no pages", n, library))
        rows.append(("(b) audit_files with pages and index", n, with_pages))
        rows.append(("(c) baseline: BeautifulSoup/lxml parse only", n, baseline))

        if args.pdf:
            print(f"(d) printing {args.pdf} PDFs …", file=sys.stderr)
            pdfs = print_pdfs(files[: args.pdf], pdf_dir)
            pdf_time = best(lambda: audit_files([pdf_dir]), args.repeat)
            import pdfplumber

            def plumber_text():
                for p in pdfs:
                    with pdfplumber.open(str(p)) as pdf:
                        for page in pdf.pages:
                            page.extract_text()

            pdf_base = best(plumber_text, args.repeat)
            for result in audit_files([pdf_dir]).results:
                source = html_dir / (Path(result.file).stem + ".html")
                if not isinstance(result, Audit) or result.report.figures() != wanted[source]:
                    ok = False
                    print(f"FAIL: PDF {Path(result.file).name} read back differently", file=sys.stderr)
            rows.append(("(d) audit_files on PDFs", len(pdfs), pdf_time))
            rows.append(("(d) baseline: pdfplumber extract_text only", len(pdfs), pdf_base))

        print(f"(e) --jobs {args.jobs} …", file=sys.stderr)
        per = {"html": [], "pdf": []}  # (wall, idle-core) seconds per document with --jobs, for the targets
        jobs_html, cpu_html = best_with_cpu(lambda: audit_files([html_dir], jobs=args.jobs, progress=False), args.repeat, args.jobs)
        rows.append((f"(e) audit_files --jobs {args.jobs}, HTML", n, jobs_html))
        per["html"].append((jobs_html / n, cpu_html / n))
        if args.pdf:
            jobs_pdf, cpu_pdf = best_with_cpu(lambda: audit_files([pdf_dir], jobs=args.jobs, progress=False), args.repeat, args.jobs)
            rows.append((f"(e) audit_files --jobs {args.jobs}, PDF", len(pdfs), jobs_pdf))
            per["pdf"].append((jobs_pdf / len(pdfs), cpu_pdf / len(pdfs)))
        if not args.no_corpus:
            print("(f) building the real-document corpus …", file=sys.stderr)
            groups = corpus_folders(tmp / "corpus")
            for kind, label in (("html", "site pages"), ("pdf", "PDFs"), ("docx", "Word files")):
                folder, count = groups[kind]
                if count:
                    seconds, cpu = best_with_cpu(lambda folder=folder: audit_files([folder], jobs=args.jobs, progress=False),
                                                 args.repeat, args.jobs)
                    rows.append((f"(f) corpus {label}, --jobs {args.jobs}", count, seconds))
                    if kind in per:
                        per[kind].append((seconds / count, cpu / count))

    print(f"{'run':48s} {'reports':>7s} {'total s':>8s} {'ms/report':>10s}")
    for name, count, seconds in rows:
        print(f"{name:48s} {count:7d} {seconds:8.2f} {seconds / count * 1000:10.1f}")
    print(f"ratio (b) audit / (c) parse-only (HTML): {library / baseline:.2f}")
    if args.pdf:
        print(f"ratio (d) audit / pdfplumber text-only (PDF): {pdf_time / pdf_base:.2f}")
        print(f"ratio (e) --jobs {args.jobs} / (d) one process (PDF): {jobs_pdf / pdf_time:.2f}")
    print(f"ratio (e) --jobs {args.jobs} / (b) one process (HTML): {jobs_html / library:.2f}")
    print("agreement: every report read back to its own tables, R8 failed on exactly the tenth ones:", "PASS" if ok else "FAIL")
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    busy = load > cores
    print(f"load average {load:.1f} on {cores} cores: the targets are judged on",
          "idle-core time (the machine is busy with other work)" if busy else "wall time")
    for kind, target in (("html", 0.1), ("pdf", 0.5)):
        if per[kind]:
            wall, idle = max(w for w, _ in per[kind]), max(c for _, c in per[kind])
            met = (idle if busy else wall) <= target
            ok = ok and met
            name = "web page" if kind == "html" else "PDF"
            print(f"target ≤ {target} s per {name} with --jobs {args.jobs} (slowest of (e)/(f)): wall {wall:.3f} s, "
                  f"on idle cores {idle:.3f} s:", "PASS" if met else "FAIL")
    return 0 if ok else 1


def corpus_folders(root: Path) -> dict[str, tuple[Path, int]]:
    """The tests' real-document corpus built under ``root``, its files sorted into one folder per kind."""
    sys.path.insert(0, str(ROOT / "tests"))
    import corpus

    built = root / "built"
    built.mkdir(parents=True)
    files = corpus.build(built)
    out = {}
    for kind in ("html", "pdf", "docx"):
        folder = root / kind
        folder.mkdir()
        chosen = [p for p in files.values() if p.suffix == f".{kind}"]
        for p in chosen:
            shutil.copy(p, folder / p.name)
        out[kind] = (folder, len(chosen))
    return out


if __name__ == "__main__":
    sys.exit(main())
