"""Command line: `python -m cajd validate [DATA_DIR]` and friends."""

from __future__ import annotations

import sys

from .cli import main

sys.exit(main())
