"""plansite: publish Swedish municipal board plans as open data and an accessible static site."""

__version__ = "0.1.0"
