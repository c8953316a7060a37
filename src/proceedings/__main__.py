"""``python -m proceedings``: the same command as the ``proceedings`` script."""

from .cli import main

raise SystemExit(main())
