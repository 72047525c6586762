"""``python -m render COMMAND``: dispatches to render.cli (snapshot today; room for more commands)."""

from __future__ import annotations

import sys

from render.cli import main

if __name__ == "__main__":
    sys.exit(main())
