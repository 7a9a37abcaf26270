"""``python -m generator.cli``: the same as the ``plansite`` command."""

from generator.cli import main

main()
