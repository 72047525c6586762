"""``python -m render COMMAND``: dispatches to render.cli (snapshot today; room for more commands)."""

from __future__ import annotations

import gc
import sys

# Start-up (imports, then reading the data) makes millions of objects and no garbage: the cycle
# collector would walk them again and again for nothing (~0.2 s of a 300-dpi export's wall
# time). render.memory.settle turns it back on once the data is in.
gc.disable()

from render.cli import main  # noqa: E402 (after the collector is off)

if __name__ == "__main__":
    sys.exit(main())
