"""Report-year bounds and the small array helpers every counting rule uses."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Year:
    """The bounds of a report year as timestamps."""

    year: int

    @property
    def start(self) -> pd.Timestamp:
        """1 January, 00:00."""
        return pd.Timestamp(self.year, 1, 1)

    @property
    def end(self) -> pd.Timestamp:
        """31 December (dates carry no time, so ``<= end`` means not after 31 Dec)."""
        return pd.Timestamp(self.year, 12, 31)

    def contains(self, dates: pd.Series) -> np.ndarray:
        """Which dates fall in the year (NaT never does)."""
        values = dates.to_numpy("datetime64[ns]")
        return (values >= self.start.to_datetime64()) & (values <= self.end.to_datetime64())


def dates(frame: pd.DataFrame, name: str) -> pd.Series:
    """A date column; an optional column the ledger left out reads as all blank (NaT)."""
    if name in frame:
        return frame[name]
    return pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")


def codes(frame: pd.DataFrame, name: str) -> np.ndarray:
    """Category codes of an enumeration column; -1 where blank or the column is absent."""
    if name not in frame:
        return np.full(len(frame), -1, dtype=np.int64)
    return frame[name].cat.codes.to_numpy(np.int64)


def before(values: pd.Series, moment: pd.Timestamp) -> np.ndarray:
    """Which dates are before ``moment`` (NaT never is)."""
    return values.to_numpy("datetime64[ns]") < moment.to_datetime64()


def after(values: pd.Series, moment: pd.Timestamp) -> np.ndarray:
    """Which dates are after ``moment`` (NaT never is)."""
    return values.to_numpy("datetime64[ns]") > moment.to_datetime64()


def blank(values: pd.Series) -> np.ndarray:
    """Which dates are blank."""
    return values.isna().to_numpy()
