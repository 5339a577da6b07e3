# PURPOSE: The gdb extension's test, run by gdb in batch mode (run-gdb-test.sh): stops
# gdb-target in the GdbTarget driver's IOCTL dispatch routine (IRP in flight through a filter
# and the driver, pool held, ERESOURCE owned, timer set, DPC queued, IRQL DISPATCH_LEVEL),
# checks the key lines of every WinDbg-style command, then lets the driver bugcheck and
# checks !analyze. Ends with "gdb-extension: N passed, N failed"; gdb exits 1 when anything failed.
import os
import re
import traceback

import gdb

passed = 0
failed = 0


def check(name, output, patterns, absent=()):
    """Every regex of patterns must match output (multiline); none of absent may."""
    global passed, failed
    missing = [p for p in patterns if not re.search(p, output, re.M)]
    present = [p for p in absent if re.search(p, output, re.M)]
    if missing or present:
        failed += 1
        print("FAIL %s" % name)
        for p in missing:
            print("    missing: %s" % p)
        for p in present:
            print("    unexpected: %s" % p)
        print("    ---- output ----")
        for line in output.splitlines():
            print("    | " + line)
    else:
        passed += 1
        print("ok   %s" % name)


def run(command):
    try:
        return gdb.execute(command, to_string=True)
    except gdb.error as e:
        return "ERROR: %s" % e


def hexaddr(value):
    return "%016x" % (int(value) & 0xFFFFFFFFFFFFFFFF)


def main():
    global failed
    gdb.execute("set breakpoint pending on")
    gdb.execute("break GdbTargetBreak")
    gdb.execute("run")
    # The extension is there: auto-loaded with libkmode.so, or sourced by hand.
    check("extension loaded", run("help kmode"), [r"WinDbg-style"])
    check("stopped in the driver", gdb.selected_frame().name() or "", [r"GdbTargetBreak"])
    gdb.execute("finish", to_string=True)    # back in the dispatch routine, IRP in flight
    check("back in the dispatch routine", gdb.selected_frame().name() or "",
          [r"GdbTargetDeviceControl"])
    irp = gdb.parse_and_eval("GdbTargetLastIrp")
    device = gdb.parse_and_eval("GdbTargetLastDevice")
    irp_hex = hexaddr(irp)
    dev_hex = hexaddr(device)

    # !irp: 2 stack locations (filter on top, driver below); the driver's is current.
    out = run("!irp %x" % int(irp))
    check("!irp", out, [
        r"^Irp is active with 2 stacks 1 is current",
        r"System buffer=[0-9a-f]{16}: Thread [0-9a-f]{16}:  Irp stack trace\.",
        r"cmd  flg cl Device   File     Completion-Context",
        r"^>\[IRP_MJ_DEVICE_CONTROL\(e\), N/A\(0\)\]",
        r"^ \[IRP_MJ_DEVICE_CONTROL\(e\), N/A\(0\)\]",
        r"^\s+0 e0 %s .* Success Error Cancel" % dev_hex,
        r"\\Driver\\GdbTarget\s+gdb-target!GdbFilterCompletion",
        r"Args: 0000000000000010 0000000000000010 0000000000222004 ",
    ])
    check("!irp 1 (fields)", run("!irp 0x%x 1" % int(irp)),
          [r"^IoStatus.Status = 00000000", r"^Tail.Overlay.Thread = [0-9a-f]{16}"])
    check("!irp by expression", run("!irp GdbTargetLastIrp"), [r"^Irp is active with 2 stacks"])
    check("!irp not an IRP", run("!irp %x" % int(device)),
          [r"IRP signature does not match"])

    # !irpfind: the pool scan finds the IRP; criteria narrow it.
    out = run("!irpfind")
    check("!irpfind", out, [r"Scanning the pool for tag 0x2070724[9] \(Irp \)",
                            r"^%s \[[0-9a-f]{16}\] [0-9a-f]{16}  irpStack: \( e, 0\) %s "
                            r"\[\\Driver\\GdbTarget\]" % (irp_hex, dev_hex),
                            r"^1 IRP\(s\) found"])
    check("!irpfind device", run("!irpfind 0 0 device %x" % int(device)),
          [r"^%s " % irp_hex, r"^1 IRP\(s\) found"])
    check("!irpfind arg", run("!irpfind 0 0 arg 222004"), [r"^%s " % irp_hex])
    check("!irpfind userevent none", run("!irpfind 0 0 userevent 1234"),
          [r"^0 IRP\(s\) found"])
    thread = gdb.parse_and_eval("KiThreadState.Thread")
    check("!irpfind thread", run("!irpfind 0 0 thread %x" % int(thread)),
          [r"^%s " % irp_hex, r"^1 IRP\(s\) found"])

    # !devobj / !devstack / !drvobj
    out = run("!devobj %x" % int(device))
    check("!devobj", out, [r"^Device object \(%s\) is for:" % dev_hex,
                           r"^ GdbTarget \\Driver\\GdbTarget DriverObject [0-9a-f]{16}",
                           r"Flags \(0x00000044\)  DO_BUFFERED_IO DO_DEVICE_HAS_NAME",
                           r"Characteristics \(0x00000100\)  FILE_DEVICE_SECURE_OPEN",
                           r"^AttachedDevice \(Upper\) [0-9a-f]{16} \\Driver\\GdbFilter",
                           r"Device queue is not busy"])
    check("!devobj by name", run("!devobj GdbTarget"), [r"^Device object \(%s\)" % dev_hex])
    check("!devobj \\??\\ link", run("!devobj \\??\\GdbTarget"),
          [r"^Device object \(%s\)" % dev_hex])
    out = run("!devstack %x" % int(device))
    check("!devstack", out, [r"!DevObj\s+!DrvObj\s+!DevExt\s+ObjectName",
                             r"^  [0-9a-f]{16}  \\Driver\\GdbFilter",
                             r"^> %s  \\Driver\\GdbTarget\s+[0-9a-f]{16}  GdbTarget" % dev_hex])
    out = run("!drvobj GdbTarget 2")
    check("!drvobj", out, [r"^Driver object \([0-9a-f]{16}\) is for:",
                           r"^ \\Driver\\GdbTarget",
                           r"^Device Object list:\n%s" % dev_hex,
                           r"^DriverUnload:  [0-9a-f]{16}\s+gdb-target!GdbTargetUnload",
                           r"^\[0e\] IRP_MJ_DEVICE_CONTROL\s+[0-9a-f]{16}\s+"
                           r"gdb-target!GdbTargetDeviceControl",
                           r"^\[01\] IRP_MJ_CREATE_NAMED_PIPE\s+[0-9a-f]{16}\s+"
                           r"libkmode!IopInvalidDeviceRequest"])

    # !object: a device, a directory, a symbolic link.
    check("!object device", run("!object %x" % int(device)),
          [r"^Object: %s  Type: \([0-9a-f]{16}\) Device" % dev_hex,
           r"HandleCount: \d+  PointerCount: \d+", r"Name: GdbTarget"])
    check("!object directory", run("!object \\Device"),
          [r"Type: \([0-9a-f]{16}\) Directory", r"Hash Address\s+Type\s+Name",
           r"^\s+(\d\d)?\s+%s Device\s+GdbTarget" % dev_hex])
    check("!object link", run("!object \\GLOBAL??\\GdbTarget"),
          [r"SymbolicLink", r"Target String is '\\Device\\GdbTarget'"])
    check("!object through \\??", run("!object \\??\\GdbTarget"),
          [r"SymbolicLink", r"Target String is '\\Device\\GdbTarget'"])
    check("!object root", run("!object"), [r"Directory", r"Directory\s+Device$",
                                           r"SymbolicLink\s+DosDevices$"])
    check("!object missing", run("!object \\Device\\NoSuchThing"), [r"not found"])

    # !handle: the kernel handles main() opened (an event, the device's file).
    out = run("!handle")
    check("!handle", out, [r"Kernel handle table", r"Handle table at [0-9a-f]{16} with \d+ entries",
                           r"Type: Event\s+Name: \\BaseNamedObjects\\GdbTargetEvent",
                           r"Type: File\s+Name: \\ \{GdbTarget\}"])

    # !poolused / !pool: the driver's three GdbT blocks (100 + 300 + 12288 bytes), and a
    # fourth it freed (in special pool with the verifier on: counted all the same).
    out = run("!poolused 0 GdbT")
    check("!poolused", out, [r"NonPaged\s+Paged",
                             r"^ GdbT\s+4\s+1\s+3\s+12688\s+0\s+0\s+0\s+0"],
          absent=[r"^ Irp "])
    check("!poolused sorted", run("!poolused 2"), [r"Sorting by NonPaged Pool Usage",
                                                   r"^ GdbT ", r"^ Irp "])
    block = gdb.parse_and_eval("((PGDBT_EXTENSION)GdbTargetLastDevice->DeviceExtension)->Blocks[1]")
    big = gdb.parse_and_eval("((PGDBT_EXTENSION)GdbTargetLastDevice->DeviceExtension)->Blocks[2]")
    # With the verifier's special pool (KMODE_VERIFIER=standard), the driver's blocks sit
    # at the end of their own pages, before a guard page.
    special = os.environ.get("KMODE_VERIFIER") and \
        gdb.lookup_global_symbol("VfSpecialPoolBase") is not None
    if special:
        check("!pool special", run("!pool %x" % int(block)),
              [r"^Pool page [0-9a-f]{16} region is Special pool",
               r"^\*[0-9a-f]{16} size: 1000 data: %s \(Allocated\) \(Nonpaged\) \*GdbT  "
               r"size 12c, by gdb-target!GdbTargetDeviceControl" % hexaddr(block)])
        check("!pool special guard", run("!pool %x" % ((int(block) | 0xFFF) + 1)),
              [r"region is Special pool", r"guard page"])
        check("!pool special large", run("!pool %x" % (int(big) + 100)),
              [r"size: 3000 data: %s \(Allocated\) \(Nonpaged\) \*GdbT  size 3000" %
               hexaddr(big), r"offset 0x64"])
    else:
        out = run("!pool %x" % int(block))
        check("!pool small", out, [r"^Pool page [0-9a-f]{16} region is Nonpaged pool",
                                   r"^\*[0-9a-f]{16} size:\s+[0-9a-f]+ previous size:\s+[0-9a-f]+"
                                   r"\s+\(Allocated\) \*GdbT  size 12c, Nonpaged, by "
                                   r"gdb-target!GdbTargetDeviceControl"])
        check("!pool large", run("!pool %x" % (int(big) + 100)),
              [r"large allocation", r"\*GdbT  size 3000", r"offset 0x64"])
    check("!pool not pool", run("!pool %x" % int(device)),
          [r"is not a valid pool address"])

    # !thread: this thread at DISPATCH_LEVEL, its IRP, its stack.
    out = run("!thread")
    check("!thread", out, [r"^THREAD [0-9a-f]{16}  Cid 0004\.[0-9a-f]{4} .* RUNNING on processor \d+",
                           r"^IRQL 2 \(DISPATCH_LEVEL\)",
                           r"^IRP List:\n    %s: \(0006,[0-9a-f]{4}\)" % irp_hex,
                           r"Start Address .*adopted host thread",
                           r"Child-SP\s+RetAddr\s+Call Site",
                           r"gdb-target!GdbTargetDeviceControl\+0x[0-9a-f]+ \[.*gdbtarget_drv\.c @ \d+\]"])
    check("!thread address", run("!thread %x" % int(thread)),
          [r"^THREAD %s" % hexaddr(thread), r"IRQL 2"])
    check("!thread -1", run("!thread -1"), [r"^THREAD %s" % hexaddr(thread)])

    check("!irql", run("!irql"), [r"^IRQL of the current thread \(processor 0x\d+\) -- 2 \(DISPATCH_LEVEL\)"])
    proc = int(gdb.parse_and_eval("KiThreadState.Processor"))
    check("!irql processor", run("!irql %d" % proc),
          [r"^IRQL for processor 0x%x \(held by thread %s\) -- 2 \(DISPATCH_LEVEL\)" %
           (proc, hexaddr(thread))])
    check("!irql bad processor", run("!irql 99"), [r"does not exist"])

    # !dpcs / !timer / !locks
    check("!dpcs", run("!dpcs"), [r"CPU Type\s+KDPC\s+Function",
                                  r"^\s*\d+: Normal\s+: 0x[0-9a-f]{16} 0x[0-9a-f]{16} "
                                  r"gdb-target!GdbTargetDpc",
                                  r"Processor \d+: held by thread %s" % hexaddr(thread)])
    check("!timer", run("!timer"), [r"Dump system timers",
                                    r"[0-9a-f]{16} P [0-9a-f]{8} [0-9a-f]{8} \[\s*\+3[56]\d\d\.\d+ s\]"
                                    r"  gdb-target!GdbTargetTimerDpc \(DPC @ [0-9a-f]{16}\)",
                                    r"Total Timers: \d+"])
    check("!locks", run("!locks"), [r"DUMP OF ALL RESOURCE OBJECTS",
                                    r"Resource @ 0x[0-9a-f]{16}\s+Exclusively owned",
                                    r"Threads: %s-01<\*>" % hexaddr(thread),
                                    r"\d+ total locks, 1 locks currently held"])

    # !verifier: what this build and the environment say (the gdb-extension-verifier test
    # runs with KMODE_VERIFIER=standard).
    out = run("!verifier")
    if gdb.lookup_global_symbol("VfGlobalFlags") is None:
        check("!verifier (not in this build)", out,
              [r"verifier is not available in this build: the runtime has no VfGlobalFlags"])
    elif os.environ.get("KMODE_VERIFIER"):
        check("!verifier (standard)", out,
              [r"^Verify Flags Level 0x000209bb", r"^    \[X\] \(0x00000001\) Special pool",
               r"^    \[ \] \(0x00000004\) Randomized low resources simulation",
               r"^Driver Verification List",
               r"^MODULE: 0x[0-9a-f]{16} GdbTarget.sys \(Loaded\)  flags 0x000209bb"])
    else:
        check("!verifier (off)", out, [r"^Verify Flags Level 0x00000000",
                                       r"no driver is being verified"])

    # Spellings: "kmode irp", plain "irp", and "!" still reaching the shell.
    check("kmode irp", run("kmode irp %x" % int(irp)), [r"^Irp is active with 2 stacks"])
    check("plain devstack", run("devstack %x" % int(device)), [r"^> %s" % dev_hex])
    # (the shell writes to gdb's terminal, not to a captured string: check its exit code)
    out = run("!exit 3")
    check("! falls back to the shell", out + "exit code %d" % int(gdb.parse_and_eval("$_shell_exitcode")),
          [r"exit code 3"], absent=[r"ERROR"])
    check("!pte: WinDbg's, not kmode's", run("!pte 1000"),
          [r"!pte is a WinDbg command kmode's extension does not provide"])
    check("!kmode lists commands", run("!kmode"), [r"!irpfind", r"!poolused", r"!analyze"])
    check("bad address", run("!irp 10"), [r"ERROR: kmode: memory read failed|ERROR: .*"])

    # No bugcheck yet.
    check("!analyze before a bugcheck", run("!analyze -v"), [r"No bugcheck"])

    # The driver's second IOCTL bugchecks: the extension stops before the process exits.
    gdb.execute("delete")
    out = run("continue")
    check("bugcheck stops in gdb", out, [r"^\*\*\* Fatal System Error: 0xdeaddead",
                                         r"^\s+\(0x0000000000000011,0x0000000000000022,"
                                         r"0x0000000000000033,0x[0-9A-F]{16}\)",
                                         r"Use !analyze -v to get detailed debugging",
                                         r"^BugCheck DEADDEAD, \{11, 22, 33, [0-9a-f]+\}"])
    out = run("!analyze -v")
    check("!analyze -v", out, [r"Bugcheck Analysis \(kmode\)",
                               r"^MANUALLY_INITIATED_CRASH1 \(deaddead\)",
                               r"^Arg1: 0000000000000011",
                               r"^BUGCHECK_CODE:\s+deaddead",
                               r"gdb-target!GdbTargetDeviceControl"])
    gdb.execute("kill")


try:
    main()
except Exception:
    failed += 1
    print("FAIL exception in the test script:")
    traceback.print_exc()
# The summary line tools/test.sh counts (named after the CTest test).
print("%s: %d passed, %d failed" % (os.environ.get("KMODE_GDB_TEST_NAME", "gdb-extension"),
                                   passed, failed))
gdb.execute("quit %d" % (1 if failed else 0))
