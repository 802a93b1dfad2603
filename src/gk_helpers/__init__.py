"""gk-report: township government-information-disclosure annual reports from case ledgers.

Library entry points: ``load_ledgers`` (read and validate a ledger folder) and
``compute`` (tables, checks and narrative statistics for one year).
"""

from .base.errors import GkError, LedgerError, ParamsError, Problem
from .base.version import RELEASE as __version__
from .ledger.ledgers import Ledgers, load_ledgers
from .report.compute import ReportData, compute

__all__ = ["GkError", "LedgerError", "ParamsError", "Problem", "Ledgers", "ReportData", "compute", "load_ledgers", "__version__"]
