"""Page sources: pure functions from the model to Markdown and HTML, escaped where placed."""
