"""Writing plan packages from what people give: a new plan, a spreadsheet template, an import."""
