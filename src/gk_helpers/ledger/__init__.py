"""Reading and validating ledgers: schema, cells, readers, validation, the Ledgers object."""
