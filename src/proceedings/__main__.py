"""``python -m proceedings``: the same command as the ``proceedings`` script."""

from proceedings.cli import main

raise SystemExit(main())
