"""This year against last year for the key figures, flagging swings a reviewer should look at."""

from __future__ import annotations

from dataclasses import dataclass

from ..base.formats import format_for_year, row_index, section3_rows
from .periods import Year
from .tables import section3, section4

#: A rise counts as a large swing above this factor (new applications up more than 3×) …
RISE_FACTOR = 3
#: … or from 0 to at least this many.
FROM_ZERO = 10


@dataclass(frozen=True)
class Change:
    """One key figure in both years, and why its change is flagged ('' when it is not)."""

    label: str
    current: int
    previous: int
    flag: str = ""

    @property
    def change(self) -> int:
        """This year minus last year."""
        return self.current - self.previous


def swing(current: int, previous: int) -> str:
    """Why a change is large, in Chinese, or '' when it is not."""
    if previous == 0 and current >= FROM_ZERO:
        return f"由0增至{current}"
    if previous > 0 and current > RISE_FACTOR * previous:
        return f"增至上年的{current / previous:.1f}倍"
    if previous >= FROM_ZERO and current * RISE_FACTOR < previous:
        return f"降至上年的{current / previous:.0%}"
    return ""


def key_figures(s3, s4, fmt: str) -> list[tuple[str, int]]:
    """The figures a reviewer compares year by year (and an analyst township by township), as (label, value)."""
    rows = section3_rows(fmt)
    total = lambda role: int(s3[row_index(fmt, role), -1])  # noqa: E731
    disclosed = int(s3[next(i for i, r in enumerate(rows) if r.leaf.startswith("（一）")), -1])
    groups = s4.reshape(3, 5)
    return [
        ("本年新收申请", total("received")),
        ("上年结转申请", total("carried_over")),
        ("办结申请（（七）总计）", total("closed_total")),
        ("其中予以公开", disclosed),
        ("结转下年度", total("carried_forward")),
        ("行政复议", int(groups[0, 4])),
        ("行政诉讼", int(groups[1, 4] + groups[2, 4])),
    ]


def year_over_year(ledgers, year: int, s3, s4, fmt: str) -> tuple[list[Change], str]:
    """The key figures this year and last (recounted from the same ledgers), or [] and why not."""
    received = ledgers["applications"]["received"]
    cases = ledgers["cases"]["received"]
    earliest = min([d.min() for d in (received, cases) if not d.empty], default=None)
    if earliest is None or earliest > Year(year - 1).end:
        return [], f"台账未覆盖{year - 1}年，无法比较"
    last_fmt = format_for_year(year - 1)
    last = key_figures(section3(ledgers["applications"], year - 1, last_fmt), section4(ledgers["cases"], year - 1), last_fmt)
    now = key_figures(s3, s4, fmt)
    return [Change(label, a, b, swing(a, b)) for (label, a), (_, b) in zip(now, last)], f"上年数字按同一台账计算（{year - 1}年）"


def history(ledgers, year: int, first: int | None = None):
    """The key figures of every year from the ledgers' first (or ``first``) to ``year``, as a DataFrame (rows = years)."""
    import pandas as pd

    dates = [d.min() for d in (ledgers["applications"]["received"], ledgers["cases"]["received"]) if not d.empty]
    start = first if first is not None else (min(dates).year if dates else year)
    rows = {}
    for y in range(start, year + 1):
        fmt = format_for_year(y)
        rows[y] = dict(key_figures(section3(ledgers["applications"], y, fmt), section4(ledgers["cases"], y), fmt))
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("年度")
