"""The format: Table Schemas, plan metadata, municipality codes, names the site reserves, URLs."""
