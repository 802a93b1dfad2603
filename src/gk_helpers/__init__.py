"""gk-report: township government-information-disclosure annual reports from case ledgers.

Library entry points: ``load_ledgers`` (read and validate a ledger folder) and
``compute`` (tables, checks and narrative statistics for one year).
"""

from importlib.metadata import PackageNotFoundError, version

from .errors import GkError, LedgerError, ParamsError, Problem
from .ledger.ledgers import Ledgers, load_ledgers
from .report import ReportData, compute

try:
    __version__ = version("gk-report")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"

__all__ = ["GkError", "LedgerError", "ParamsError", "Problem", "Ledgers", "ReportData", "compute", "load_ledgers", "__version__"]
