"""Start-up memory handling: the cycle collector is on once the long-lived data is in."""

from __future__ import annotations

import gc
import subprocess
import sys

from harness import ROOT
from render import memory


def test_settle_turns_the_collector_back_on():
    gc.disable()  # as `python -m render` starts
    try:
        memory.settle(collect=False)
        assert gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_the_command_line_collects_garbage_while_it_renders(tmp_path):
    """`python -m render` starts with the collector off and has it on after loading the data."""
    probe = (
        "import runpy, sys, gc; from render import memory; seen = [];"
        "orig = memory.settle;"
        "memory.settle = lambda **k: (seen.append(gc.isenabled()), orig(**k), seen.append(gc.isenabled()));"
        f"sys.argv = ['render', 'snapshot', '--view', 'hormuz', '--dpi', '20', '--out', r'{tmp_path / 'x.png'}'];"
        "code = 0\n"
        "try: runpy.run_module('render', run_name='__main__')\n"
        "except SystemExit as exc: code = exc.code\n"
        "print(seen, code)"
    )
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[False, True] 0"), out
    assert (tmp_path / "x.png").stat().st_size > 1000
