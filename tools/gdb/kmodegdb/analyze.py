# PURPOSE: !analyze (the bugcheck report kmode built, docs/bugcheck.md), the stop on an
# uncaught bugcheck before the process exits, and !verifier (Driver Verifier's settings and
# verified drivers, src/verifier).
import re

import gdb

from . import core
from .core import hx, KmodeError
from .registry import command

REPORT_SYMBOL = "KiReportBuffer"       # per-thread report buffer (src/ke/bugcheck.c)
REPORT_CAPACITY = 65536


def _report_of_current_thread():
    """The report text in the selected thread's buffer ('' when empty), or None if the
    runtime has no such buffer."""
    try:
        buf = gdb.parse_and_eval(REPORT_SYMBOL)
    except gdb.error:
        return None
    start = core.addr(buf.address)
    size = buf.type.sizeof or REPORT_CAPACITY
    out = b""
    chunk = 4096
    while len(out) < size:
        data = core.read_bytes(start + len(out), min(chunk, size - len(out)))
        nul = data.find(b"\0")
        if nul >= 0:
            out += data[:nul]
            break
        out += data
    return out.decode("utf-8", "replace")


def _bugcheck_depth():
    try:
        return int(gdb.parse_and_eval("KiThreadState.BugCheckDepth"))
    except gdb.error:
        return 0


def find_report():
    """(gdb thread, report) of the bugchecking thread: the selected thread if its buffer has
    a report, else the thread that is bugchecking now, else any thread with a report."""
    text = _report_of_current_thread()
    if text is None:
        raise KmodeError("kmode: the bugcheck report buffer (%s) is not in this build's "
                         "debug information" % REPORT_SYMBOL)
    if text.strip():
        return gdb.selected_thread(), text
    candidates = []
    for t in sorted(gdb.selected_inferior().threads(), key=lambda t: t.num):
        with core.ThreadContext(t):
            r = _report_of_current_thread() or ""
            depth = _bugcheck_depth()
        if r.strip():
            candidates.append((depth, t, r))
    if not candidates:
        return None, ""
    candidates.sort(key=lambda c: -c[0])
    return candidates[0][1], candidates[0][2]


@command("analyze", "[-v]   the bugcheck report (kmode's !analyze -v) of the bugchecking thread")
def cmd_analyze(args):
    """!analyze [-v] : reprints the bugcheck report kmode built (docs/bugcheck.md), modelled
on WinDbg's !analyze -v: code, parameters explained, faulting driver and line, stack, IRP,
analysis. kmode's report is always the verbose one. The report is per thread: the
selected thread's, else the bugchecking thread's."""
    thread, text = find_report()
    if not text:
        print("No bugcheck: no thread of this process has a bugcheck report.")
        print("(kmode stops here in gdb when a bugcheck is about to end the process; a")
        print(" caught bugcheck, KmodeCatchBugCheck, leaves its report on its thread too.)")
        return
    if thread is not None and thread.num != gdb.selected_thread().num:
        print("(report of gdb thread %d, the bugchecking thread)" % thread.num)
    print(text.rstrip("\n"))


def _report_code(text):
    m = re.search(r"^BUGCHECK_CODE:\s+([0-9a-fA-F]+)", text, re.M)
    return int(m.group(1), 16) if m else None


class BugCheckStop(gdb.Breakpoint):
    """Stops when an uncaught bugcheck is about to end the process (HostExitProcess with
    the thread in a bugcheck), as WinDbg stops at KeBugCheckEx; other exits pass."""

    def __init__(self):
        super().__init__("HostExitProcess", gdb.BP_BREAKPOINT, internal=True)
        self.silent = True

    def stop(self):
        if _bugcheck_depth() <= 0:
            return False
        text = _report_of_current_thread() or ""
        code = _report_code(text)
        print()
        print("*** kmode: bugcheck%s: the process is about to exit (status 188)." %
              (" 0x%x" % code if code is not None else ""))
        print("*** Stopped in the debugger: !analyze -v reprints the report, !thread, !irp, "
              "bt ... inspect the state; 'continue' lets the process exit.")
        return True


_stop = None


def install_bugcheck_stop():
    global _stop
    if _stop is not None:
        return
    try:
        _stop = BugCheckStop()
    except gdb.error:
        _stop = None


# ---- !verifier ---------------------------------------------------------------------------

VERIFIER_FLAGS = [
    (0x00000001, "Special pool", True),
    (0x00000002, "Force IRQL checking", True),
    (0x00000008, "Pool tracking", True),
    (0x00000010, "I/O verification", True),
    (0x00000020, "Deadlock detection", True),
    (0x00000080, "DMA checking", True),
    (0x00000100, "Security checks", True),
    (0x00000800, "Miscellaneous checks", True),
    (0x00020000, "DDI compliance checking", True),
    (0x00000004, "Randomized low resources simulation", False),
    (0x00000040, "Enhanced I/O verification", False),
    (0x00000200, "Force pending I/O requests", False),
    (0x00000400, "IRP logging", False),
    (0x00040000, "Systematic low resources simulation", False),
    (0x00080000, "DDI compliance checking (additional)", False),
]
VERIFIER_GLOBAL = "VfGlobalFlags"      # union of the verified drivers' flags (src/verifier)
VERIFIER_SLOTS = "VfpSlots"            # the table of verified drivers (VF_SLOT)


def _wide(value):
    """A NUL-terminated WCHAR array value as text."""
    n = value.type.strip_typedefs().range()[1] + 1
    raw = core.read_bytes(core.addr(value.address), 2 * n)
    text = raw.decode("utf-16-le", "replace")
    return text.split("\0", 1)[0]


@command("verifier", "   Driver Verifier's flags and the verified drivers")
def cmd_verifier(args):
    """!verifier : the Driver Verifier flags in force and the drivers being verified, each
with its flags (WinDbg's !verifier)."""
    flags_v = core.symbol_value(VERIFIER_GLOBAL)
    if flags_v is None:
        print("The verifier is not available in this build: the runtime has no %s symbol "
              "(src/verifier)." % VERIFIER_GLOBAL)
        return
    flags = int(flags_v) & 0xFFFFFFFF
    print("Verify Flags Level 0x%08x" % flags)
    print()
    for title, standard in (("STANDARD FLAGS", True), ("ADDITIONAL FLAGS", False)):
        print("  %s:" % title)
        if standard:
            print("    [%s] (0x00000000) Automatic Checks" % ("X" if flags else " "))
        for bit, name, std in VERIFIER_FLAGS:
            if std == standard:
                print("    [%s] (0x%08x) %s" % ("X" if flags & bit else " ", bit, name))
        print()
    print("    [X] Indicates flag is enabled")
    print()
    slots = core.symbol_value(VERIFIER_SLOTS)
    print("Driver Verification List")
    print("------------------------")
    if flags == 0:
        print("(no driver is being verified)")
    if slots is None:
        print("(the table of verified drivers, %s, is not in the debug information)" %
              VERIFIER_SLOTS)
        return
    n = slots.type.strip_typedefs().range()[1] + 1
    for i in range(n):
        s = slots[i]
        f = int(s["Flags"]) & 0xFFFFFFFF
        if f == 0:
            continue
        driver = core.addr(s["Driver"])
        print("MODULE: 0x%s %s (Loaded)  flags 0x%08x  code %s..%s  DriverObject %s" %
              (hx(core.u64(s["CodeLow"])), _wide(s["Name"]), f, hx(core.u64(s["CodeLow"])),
               hx(core.u64(s["CodeHigh"])), hx(driver)))
