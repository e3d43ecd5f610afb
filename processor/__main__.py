"""``python -m processor``: the thidua command, for machines where the script is not on PATH."""
from .cli import main

main()
