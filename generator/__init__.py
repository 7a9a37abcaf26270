"""plansite: publish Swedish municipal board plans as open data and an accessible static site."""

import csv as _csv

__version__ = "0.1.0"

#: The most characters one CSV cell may hold when any part of the generator reads CSV: as much as a
#: file may hold (``config.limits``), so that no reader stops at Python's default of 131 072 while
#: another (frictionless, which raises the limit for the whole process when it is imported) reads on.
#: Set here, once, because every reader in every process (the pools' workers too) imports this.
_csv.field_size_limit(2**31 - 1)
