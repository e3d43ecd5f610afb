"""``python -m processor``: the thidua command, for machines where the script is not on PATH."""
from .cli import main

if __name__ == "__main__":      # not again in a spawned reading worker
    main()
