"""Downloads: the tidy CSVs and JSON, every cell safe for spreadsheets."""
