"""Settings read and checked once per run (mkdocs.yml): site name and address, language, contact."""
