"""``python -m gk_helpers.cli``: the same as ``gk``."""

import sys

from .main import main

sys.exit(main())
