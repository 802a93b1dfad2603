"""Synthetic township ledgers for the benchmarks, typed exactly as ``validate`` returns them.

``make_ledgers`` builds every kind in memory (numpy, seeded, so each run sees the same data);
``write_csv`` and ``write_xlsx`` put the same records into the files ``load_ledgers`` reads,
so loading them must give back identical frames.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from gk_helpers.base.formats import OUTCOMES
from gk_helpers.ledger.ledgers import Ledgers
from gk_helpers.ledger.schema import (
    APPLICATIONS,
    KIND_BY_KEY,
    WORKBOOK_NAME,
    LedgerKind,
)
from gk_helpers.ledger.validate import ROW

TODAY = dt.date(2025, 6, 30)  # pass to load_ledgers: every generated date is before it
SEED = 20231231
#: Only applications that got a fee notice can be closed for not paying (check N4).
UNPAID = OUTCOMES.index("其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")

_CONTENTS = ("申请公开本镇2022年度财政预算执行情况", "申请公开某村土地征收补偿标准及发放明细", "申请公开低保评定名单",
             "申请公开道路建设项目招投标文件", "申请公开信访事项处理意见书", "申请公开宅基地审批档案")


def _days(rng, n: int, first: str, last: str) -> np.ndarray:
    start, end = np.datetime64(first, "D"), np.datetime64(last, "D")
    return start + rng.integers(0, int((end - start).astype(int)) + 1, n).astype("timedelta64[D]")


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> pd.Series:
    values = days.astype("datetime64[ns]")
    if missing is not None:
        values[missing] = np.datetime64("NaT")
    return pd.Series(values)


def _after_today(days: np.ndarray) -> np.ndarray:
    return days > np.datetime64(TODAY, "D")


def _ids(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:07d}" for i in range(1, n + 1)], dtype=object)


def _codes(rng, n: int, weights) -> np.ndarray:
    weights = np.asarray(weights, dtype=float)
    return rng.choice(len(weights), n, p=weights / weights.sum())


def _frame(kind: LedgerKind, fields: dict) -> pd.DataFrame:
    """A frame typed as ``validate.validate_sheet`` returns it: ``_row``, then the schema's columns."""
    n = len(next(iter(fields.values())))
    data = {ROW: pd.Series(np.arange(2, n + 2, dtype="int64"))}
    for column in kind.columns:
        value = fields[column.field]
        if column.type == "enum":  # integer codes, -1 for blank
            data[column.field] = pd.Series(pd.Categorical.from_codes(value, categories=column.enum.values))
        elif column.type in ("amount", "count"):
            data[column.field] = pd.Series(np.asarray(value, dtype="float64"))
        elif column.type == "date":
            data[column.field] = value
        else:
            data[column.field] = pd.Series(value, dtype=object)  # not pandas 3's inferred str dtype
    return pd.DataFrame(data)


def make_applications(rng, n: int) -> pd.DataFrame:
    """依申请公开: received 2018–2024, most closed within a month, a few open or long-running."""
    received = _days(rng, n, "2018-01-01", "2024-12-31")
    delay = np.where(rng.random(n) < 0.9, rng.integers(0, 30, n), rng.integers(30, 400, n))
    closed = received + delay.astype("timedelta64[D]")
    still_open = (rng.random(n) < 0.02) | _after_today(closed)
    outcome = _codes(rng, n, [45, 12] + [1] * (len(OUTCOMES) - 2))
    noticed = rng.random(n) < 0.01
    outcome[(outcome == UNPAID) & ~noticed] = 0  # 予以公开
    outcome[still_open] = -1
    fee_notice = np.where(noticed, rng.integers(1, 50, n) * 10.0, np.nan)
    fee_paid = np.where(noticed & (rng.random(n) < 0.6), fee_notice, np.nan)
    note = np.where(rng.random(n) < 0.05, "已电话告知", "").astype(object)
    topics = rng.integers(0, len(_CONTENTS), n)
    content = [f"{_CONTENTS[t]}（{v}村，第{i}件）" for i, (t, v) in enumerate(zip(topics, rng.integers(1, 40, n)))]
    # Reply-deadline columns: 5% get a 补正 notice (most answered a week later), 8% extended, 3% consulted.
    corrected = (rng.random(n) < 0.05) & (delay > 12)
    notice = received + rng.integers(1, 6, n).astype("timedelta64[D]")
    answered = corrected & (rng.random(n) < 0.8)
    return _frame(APPLICATIONS, {
        "id": _ids("YSQ", n), "received": _dates(received), "applicant": _codes(rng, n, [80, 8, 1, 2, 3, 6]),
        "closed": _dates(closed, still_open), "outcome": outcome, "fee_notice": fee_notice, "fee_paid": fee_paid,
        "content": content, "note": note,  # free text: nearly every value distinct, as in real ledgers
        "channel": _codes(rng, n, [30, 15, 50, 2, 3]), "correction_notice": _dates(notice, ~corrected),
        "correction_received": _dates(notice + np.timedelta64(5, "D"), ~answered),
        "extended": np.where(rng.random(n) < 0.08, 0, -1), "consultation_days": np.where(rng.random(n) < 0.03, 15.0, np.nan),
    })


def make_cases(rng, n: int) -> pd.DataFrame:
    """复议诉讼: decided 1–12 months after receipt, 10% still pending."""
    received = _days(rng, n, "2018-01-01", "2024-12-31")
    decided = received + rng.integers(30, 365, n).astype("timedelta64[D]")
    pending = (rng.random(n) < 0.1) | _after_today(decided)
    result = _codes(rng, n, [70, 20, 10])
    result[pending] = -1
    return _frame(KIND_BY_KEY["cases"], {
        "id": _ids("FY", n), "type": _codes(rng, n, [60, 25, 15]), "received": _dates(received),
        "decided": _dates(decided, pending), "result": result,
    })


def make_small_kinds(rng, n: int) -> dict[str, pd.DataFrame]:
    """规范性文件, 行政执法, 权责事项, 行政事业性收费, 政府集中采购, 热线工单 at ``n`` rows or so."""
    frames = {}
    issued = _days(rng, n, "2005-01-01", "2024-12-31")
    published = issued + rng.integers(0, 20, n).astype("timedelta64[D]")
    repealed = issued + rng.integers(1, 4000, n).astype("timedelta64[D]")
    frames["documents"] = _frame(KIND_BY_KEY["documents"], {
        "id": _ids("镇政发〔2020〕", n), "title": np.full(n, "关于加强农村人居环境整治的通知", dtype=object),
        "category": np.ones(n, dtype=int), "issued": _dates(issued),
        "published": _dates(published, (rng.random(n) < 0.1) | _after_today(published)),
        "repealed": _dates(repealed, (rng.random(n) < 0.8) | _after_today(repealed)),
    })
    decided = _days(rng, 2 * n, "2018-01-01", "2024-12-31")
    frames["enforcement"] = _frame(KIND_BY_KEY["enforcement"], {
        "id": _ids("ZF", 2 * n), "category": _codes(rng, 2 * n, [30, 40, 25, 5]), "decided": _dates(decided),
    })
    established = _days(rng, n // 3, "2010-01-01", "2024-12-31")
    cancelled = established + rng.integers(1, 3000, n // 3).astype("timedelta64[D]")
    frames["powers"] = _frame(KIND_BY_KEY["powers"], {
        "id": _ids("QZ", n // 3), "title": np.full(n // 3, "农村宅基地用地审批", dtype=object),
        "category": _codes(rng, n // 3, [30, 30, 25, 10, 5]), "established": _dates(established),
        "cancelled": _dates(cancelled, (rng.random(n // 3) < 0.85) | _after_today(cancelled)),
    })
    frames["fees"] = _frame(KIND_BY_KEY["fees"], {
        "date": _dates(_days(rng, n, "2018-01-01", "2024-12-31")), "item": np.full(n, "不动产登记费", dtype=object),
        "amount": rng.integers(100, 500_000, n) / 100.0,
    })
    frames["procurement"] = _frame(KIND_BY_KEY["procurement"], {
        "id": _ids("CG", n // 3), "date": _dates(_days(rng, n // 3, "2018-01-01", "2024-12-31")),
        "amount": rng.integers(100_000, 100_000_000, n // 3) / 100.0,
    })
    received = _days(rng, 2 * n, "2018-01-01", "2024-12-31")
    closed = received + rng.integers(0, 25, 2 * n).astype("timedelta64[D]")
    frames["hotline"] = _frame(KIND_BY_KEY["hotline"], {
        "id": _ids("RX", 2 * n), "received": _dates(received),
        "closed": _dates(closed, (rng.random(2 * n) < 0.05) | _after_today(closed)),
        "deadline": _dates(received + np.timedelta64(15, "D")),
    })
    return frames


def make_ledgers(sizes: dict) -> Ledgers:
    """The whole synthetic township, deterministic for a given size."""
    rng = np.random.default_rng(SEED)
    frames = {"applications": make_applications(rng, sizes["applications"]), "cases": make_cases(rng, sizes["cases"])}
    frames.update(make_small_kinds(rng, sizes["other"]))
    return Ledgers(Path("<memory>"), frames, {}, [])


def write_csv(folder: Path, ledgers: Ledgers) -> None:
    """Every kind as ``<kind>.csv`` (UTF-8, ISO dates, blanks for missing values)."""
    folder.mkdir(parents=True, exist_ok=True)
    for key, frame in ledgers.frames.items():
        kind = KIND_BY_KEY[key]
        out = frame.drop(columns=ROW).rename(columns={c.field: c.header for c in kind.columns})
        out.to_csv(folder / f"{kind.name}.csv", index=False, date_format="%Y-%m-%d", na_rep="")


def _cell_values(values: pd.Series) -> list:
    """Python values for xlsxwriter: datetimes, floats, text; None where blank."""
    if values.dtype.kind == "M":
        return [None if pd.isna(v) else v.to_pydatetime() for v in values]
    return [None if pd.isna(v) else v for v in values.astype(object)]


def write_xlsx(folder: Path, applications: pd.DataFrame) -> Path:
    """台账.xlsx with one 依申请公开 sheet: text, numbers and real date cells, as Excel saves them."""
    import xlsxwriter

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / WORKBOOK_NAME
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet(APPLICATIONS.name)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, [c.header for c in APPLICATIONS.columns])
    columns = [(c.type, _cell_values(applications[c.field])) for c in APPLICATIONS.columns]
    write = {"date": lambda r, c, v: sheet.write_datetime(r, c, v, date_format), "amount": sheet.write_number,
             "count": sheet.write_number}
    for row, cells in enumerate(zip(*(values for _, values in columns)), start=1):
        for col, ((type_, _), value) in enumerate(zip(columns, cells)):
            if value is not None and value != "":
                write.get(type_, sheet.write_string)(row, col, value)
    book.close()
    return path
