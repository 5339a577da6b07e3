# PURPOSE: kmode's gdb extension: WinDbg's driver-debugging commands (!irp, !devobj,
# !poolused, !analyze...) over kmode's live structures. docs/windbg-habits.md.
#
# Loaded automatically (libkmode carries a .debug_gdb_scripts entry that finds this file),
# or by hand:   (gdb) source /path/to/kmode/tools/gdb/kmode-gdb.py
import os
import sys

import gdb

sys.dont_write_bytecode = True      # no __pycache__ in the source or install tree
_here = os.path.dirname(os.path.abspath(__file__))
if _here not in sys.path:
    sys.path.insert(0, _here)

import kmodegdb  # noqa: E402

kmodegdb.register()
