"""``python -m nn_tutorial``: the same as the ``nn-tutorial`` command."""

from .cli import main

if __name__ == "__main__":
    raise SystemExit(main())
