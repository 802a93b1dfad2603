"""One township-year's report as data: tables, checks and narrative statistics (``compute``), the
labelled frames analysts read (``frames``) and the provenance of every output (``provenance``)."""

from .compute import ReportData, compute, data_json

__all__ = ["ReportData", "compute", "data_json"]
