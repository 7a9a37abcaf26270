"""Reading what others send: safe file access, limits, front matter, chapters to safe HTML, the model."""
