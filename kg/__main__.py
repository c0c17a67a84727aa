"""``python -m kg``: the ``kg`` command, for a venv whose scripts are not on the PATH."""

from .cli import main

main()
