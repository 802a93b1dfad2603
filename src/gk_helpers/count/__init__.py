"""Counting: the two national formats, the tables, the checks, the narrative statistics."""
