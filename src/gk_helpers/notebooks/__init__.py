"""The report notebooks shipped with the package (symlinks to the project's notebooks/ in a checkout)."""
