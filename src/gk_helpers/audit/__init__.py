"""Audit a published report: read its tables back from HTML, PDF or DOCX and check them."""
