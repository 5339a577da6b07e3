# PURPOSE: Kernel commands: !thread (KTHREAD/ETHREAD, IRQL, wait state, IRP list, stack),
# !dpcs (each virtual processor's DPC queue), !timer (the timer list), !locks (ERESOURCEs,
# and the kernel mutexes threads own).
import time

import gdb

from . import core
from .core import hx, KmodeError
from .registry import command

IRQL_NAMES = {0: "PASSIVE_LEVEL", 1: "APC_LEVEL", 2: "DISPATCH_LEVEL", 15: "HIGH_LEVEL"}
KI_DPC_OBJECT_TYPE = 19
KI_THREADED_DPC_OBJECT_TYPE = 24
IOP_THREAD_IRPS_INITIALIZED = 0x4      # src/io/irpp.h
RESOURCE_OWNED_EXCLUSIVE = 0x0080
DISPATCHER_TYPES = {0: "NotificationEvent", 1: "SynchronizationEvent", 2: "Mutant",
                    3: "Process", 4: "Queue", 5: "Semaphore", 6: "Thread", 7: "Gate",
                    8: "NotificationTimer", 9: "SynchronizationTimer"}


def irql_text(irql):
    return "%d (%s)" % (irql, IRQL_NAMES.get(irql, "DIRQL" if irql > 2 else "?"))


# ---- Threads -----------------------------------------------------------------------------

def find_gdb_thread(kthread):
    """(gdb thread, KI_THREAD_STATE address) of the host thread running kthread."""
    for t, st, kt in core.thread_states():
        if kt == kthread:
            return t, st
    return None, 0


def _frame_text(frame):
    """module!function+0xoff [file @ line] of a frame (inline frames without offset)."""
    pc = frame.pc()
    sal = frame.find_sal()
    where = ""
    if sal.symtab is not None and sal.line:
        where = " [%s @ %d]" % (sal.symtab.filename, sal.line)
    fn = frame.function()
    if fn is None:
        return core.symbolize(pc) + where
    module = core.module_of(pc)
    if frame.type() == gdb.INLINE_FRAME:
        return "%s!%s%s" % (module, fn.name, where)
    try:
        start = core.addr(fn.value().address)
    except gdb.error:
        start = pc
    return "%s!%s%s%s" % (module, fn.name, "+0x%x" % (pc - start) if pc > start else "", where)


def print_stack(gdb_thread, limit=32):
    """The host thread's stack as WinDbg's k prints it (Child-SP, RetAddr, Call Site)."""
    with core.ThreadContext(gdb_thread):
        try:
            frame = gdb.newest_frame()
        except gdb.error:
            print("    (no stack: the thread is not stopped)")
            return
        print("Child-SP          RetAddr           Call Site")
        n = 0
        while frame is not None and n < limit:
            try:
                text = _frame_text(frame)
                older = frame.older()
                if frame.type() == gdb.INLINE_FRAME:
                    print("(Inline Function) ---------------- %s" % text)
                else:
                    sp = core.u64(frame.read_register("rsp"))
                    ret = older.pc() if older is not None else 0
                    print("%s %s %s" % (hx(sp), hx(ret), text))
            except gdb.error:
                break
            frame = older
            n += 1


def print_thread(kthread, state_address, gdb_thread, with_stack=True):
    et = core.at(kthread, "ETHREAD")
    kt = et["Tcb"]
    cid = et["Cid"]
    pid = core.addr(cid["UniqueProcess"])
    tid = core.addr(cid["UniqueThread"])
    st = core.at(state_address, "KI_THREAD_STATE") if state_address else None
    if int(kt["Terminated"]):
        run = "TERMINATED"
    elif st is None:
        run = "(not running kernel code now: no host thread state)"
    elif core.addr(st["WaitBlocks"]) != 0 and int(st["WaitDone"]) == 0:
        run = "WAIT: (Executive) %s %s" % ("UserMode" if int(st["WaitAlertable"]) else "KernelMode",
                                           "Alertable" if int(st["WaitAlertable"]) else "Non-Alertable")
    elif int(st["OwnsProcessor"]):
        run = "RUNNING on processor %d" % int(st["Processor"])
    else:
        run = "RUNNING (host thread; last processor %d)" % int(st["Processor"])
    print("THREAD %s  Cid %04x.%04x  Teb: %s Win32Thread: %s %s" %
          (hx(kthread), pid, tid, hx(0), hx(0), run))
    if st is not None:
        print("IRQL %s  KernelApcDisable %d  SpecialApcDisable %d  PreviousMode %s" %
              (irql_text(int(st["Irql"])), int(st["KernelApcDisable"]),
               int(st["SpecialApcDisable"]),
               "UserMode" if int(st["PreviousMode"]) else "KernelMode"))
        if run.startswith("WAIT"):
            blocks = core.addr(st["WaitBlocks"])
            wb_t = core.need_type("KWAIT_BLOCK")
            for i in range(int(st["WaitCount"])):
                wb = core.at(blocks + i * wb_t.sizeof, "KWAIT_BLOCK")
                obj = core.addr(wb["Object"])
                dtype = int(core.at(obj, "DISPATCHER_HEADER")["Type"]) if obj else -1
                print("    %s  %s" % (hx(obj), DISPATCHER_TYPES.get(dtype, "Object")))
    # IRPs this thread issued (the I/O manager's threaded IRP list).
    lock = core.u64(et["IrpListLock"])
    irps = []
    if lock & IOP_THREAD_IRPS_INITIALIZED:
        for e in core.list_entries(core.addr(et["IrpList"].address)):
            irps.append(core.containing_record(e, "IRP", "ThreadListEntry"))
    if irps:
        print("IRP List:")
        for a in irps:
            irp = core.at(a, "IRP")
            print("    %s: (%04x,%04x) Flags: %08x  Mdl: %s" %
                  (hx(a), int(irp["Type"]) & 0xFFFF, int(irp["Size"]) & 0xFFFF,
                   int(irp["Flags"]) & 0xFFFFFFFF, hx(core.addr(irp["MdlAddress"]))))
    print("Not impersonating")
    process = core.addr(kt["Process"])
    print("Owning Process            %s       Image:         System" % hx(process))
    print("Attached Process          N/A            Image:         N/A")
    base = 0
    if process:
        base = int(core.at(process, "KPROCESS")["BasePriority"])
    print("Priority %d  BasePriority %d" % (int(kt["Priority"]), base))
    kind = "system thread" if int(kt["SystemThread"]) else "adopted host thread"
    if int(et["WorkerThread"]):
        kind = "system worker thread"
    elif int(et["UserThread"]):
        kind = "Win32 (user) thread"
    start = core.addr(et["StartRoutine"])
    print("Start Address %s (%s)" % (core.symbolize(start) if start else "(none)", kind))
    top = core.addr(et["TopLevelIrp"])
    if top:
        print("TopLevelIrp %s" % hx(top))
    if gdb_thread is not None:
        print("Host thread: gdb thread %d (LWP %d)" % (gdb_thread.num, gdb_thread.ptid[1]))
        if with_stack:
            print_stack(gdb_thread)
    else:
        print("Host thread: none found (the thread is not running kernel code)")


@command("thread", "[address | -1]   a kernel thread (default: the current one; -1: all)")
def cmd_thread(args):
    """!thread [ADDRESS] : the thread object: ids, state (running on which virtual processor,
or waiting and on what), IRQL, the IRPs it issued, its start routine and its stack
(WinDbg's !thread). No argument: the thread gdb has selected; -1: every kmode thread."""
    words = args.split()
    if words and words[0] == "-1":
        for t, st, kt in core.thread_states():
            if kt:
                print_thread(kt, st, t, with_stack=False)
                print()
        return
    if not words:
        st = core.current_thread_state()
        kthread = core.addr(st["Thread"])
        if kthread == 0:
            raise KmodeError("kmode: this host thread has no thread object yet (it has not "
                             "called kernel code that needs one)")
        print_thread(kthread, core.addr(st.address), gdb.selected_thread())
        return
    kthread = core.parse_address(words[0])
    t, st = find_gdb_thread(kthread)
    if not st:
        st = core.addr(core.at(kthread, "KTHREAD")["State"])
    print_thread(kthread, st, t)


# ---- DPCs --------------------------------------------------------------------------------

def queued_dpcs():
    """[(processor, KDPC address)] of every queued DPC, in queue order."""
    procs = core.need_symbol("KiProcessors")
    count = int(core.need_symbol("KiProcessorCount"))
    out = []
    off = core.offset_of("KDPC", "DpcListEntry")
    for p in range(count):
        entry = core.addr(procs[p]["DpcHead"]["Next"])
        guard = 0
        while entry != 0 and guard < 100000:
            out.append((p, entry - off))
            entry = core.read_u64(entry)
            guard += 1
    return out


@command("dpcs", "[processor]   the DPCs queued on each virtual processor")
def cmd_dpcs(args):
    """!dpcs [PROCESSOR] : every DPC queued on kmode's virtual processors, in the order they
will run (WinDbg's !dpcs)."""
    only = core.parse_number(args.split()[0]) if args.split() else None
    procs = core.need_symbol("KiProcessors")
    count = int(core.need_symbol("KiProcessorCount"))
    dpcs = queued_dpcs()
    print("CPU Type      KDPC               Function")
    for p, dpc in dpcs:
        if only is not None and p != only:
            continue
        d = core.at(dpc, "KDPC")
        kind = "Threaded" if int(d["Type"]) == KI_THREADED_DPC_OBJECT_TYPE else "Normal  "
        routine = core.addr(d["DeferredRoutine"])
        print("%2d: %s: 0x%s 0x%s %s" % (p, kind, hx(dpc), hx(routine), core.symbolize(routine)))
    if not dpcs:
        print("(no DPC queued)")
    print()
    for p in range(count):
        if only is not None and p != only:
            continue
        owner = core.addr(procs[p]["Owner"])
        if owner:
            thread = core.addr(core.at(owner, "KI_THREAD_STATE")["Thread"])
            print("Processor %d: held by thread %s (at DISPATCH_LEVEL or above)" % (p, hx(thread)))
    print("%d virtual processor(s)" % count)


# ---- Timers ------------------------------------------------------------------------------

@command("timer", "   the set kernel timers, by due time")
def cmd_timer(args):
    """!timer : every set KTIMER in due-time order with its due time, period, and DPC or
waiting thread (WinDbg's !timer)."""
    head = core.need_symbol("KiTimerList")
    entries = core.list_entries(core.addr(head.address))
    now = time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 100
    print("Dump system timers")
    print()
    print("Interrupt time (host monotonic clock, 100 ns): %08x %08x" % (now & 0xFFFFFFFF, now >> 32))
    print()
    print("List Timer              Interrupt Low/High   Fire Time           DPC/thread")
    for e in entries:
        t = core.containing_record(e, "KTIMER", "TimerListEntry")
        kt = core.at(t, "KTIMER")
        due = int(kt["DueTime"]["QuadPart"])
        period = int(kt["Period"])
        dtype = int(kt["Header"]["Type"])
        left = (due - now) / 1e7
        dpc = core.addr(kt["Dpc"])
        if dpc:
            routine = core.addr(core.at(dpc, "KDPC")["DeferredRoutine"])
            what = "%s (DPC @ %s)" % (core.symbolize(routine), hx(dpc))
        else:
            waiters = core.list_entries(core.addr(kt["Header"]["WaitListHead"].address))
            if waiters:
                wb = core.at(waiters[0] - core.offset_of("KWAIT_BLOCK", "WaitListEntry"),
                             "KWAIT_BLOCK")
                what = "thread %s" % hx(core.addr(wb["Thread"]))
            else:
                what = ""
        print("%4d %s %s %08x %08x [%+10.3f s]  %s%s" %
              (0, hx(t), "P" if period else " ", due & 0xFFFFFFFF, due >> 32, left, what,
               "  %s, period %d ms" % (DISPATCHER_TYPES.get(dtype, "Timer"), period)
               if period else "  %s" % DISPATCHER_TYPES.get(dtype, "Timer")))
    print()
    print("Total Timers: %d" % len(entries))


# ---- Locks -------------------------------------------------------------------------------

def resources():
    head = core.need_symbol("ExpSystemResourcesList")
    return [core.containing_record(e, "ERESOURCE", "SystemResourcesList")
            for e in core.list_entries(core.addr(head.address))]


def resource_owners(r):
    """[(thread, count)] of an ERESOURCE's owners."""
    out = []
    e = r["OwnerEntry"]
    if core.u64(e["OwnerThread"]) not in (0, 1):
        out.append((core.u64(e["OwnerThread"]), int(e["OwnerCount"])))
    table = core.addr(r["OwnerTable"])
    if table:
        oe_t = core.need_type("OWNER_ENTRY")
        size = int(core.at(table, "OWNER_ENTRY")["TableSize"])
        for i in range(1, min(size, 4096)):
            oe = core.at(table + i * oe_t.sizeof, "OWNER_ENTRY")
            if core.u64(oe["OwnerThread"]) not in (0, 1):
                out.append((core.u64(oe["OwnerThread"]), int(oe["OwnerCount"])))
    return out


@command("locks", "[-v] [address]   executive resources held (-v: all) and kernel mutexes owned")
def cmd_locks(args):
    """!locks [-v] [ADDRESS] : the ERESOURCEs that are held, their owners (<*> marks the
exclusive owner) and waiters (WinDbg's !locks); -v lists every resource. kmode adds the
kernel mutexes each thread owns."""
    words = args.split()
    verbose = "-v" in words
    words = [w for w in words if w != "-v"]
    only = core.parse_address(words[0]) if words else None
    print("**** DUMP OF ALL RESOURCE OBJECTS ****")
    print("KD: Scanning for held locks..")
    print()
    total = held = 0
    for a in resources():
        total += 1
        if only is not None and a != only:
            continue
        r = core.at(a, "ERESOURCE")
        active = int(r["ActiveCount"])
        if active:
            held += 1
        if not active and not verbose and only is None:
            continue
        exclusive = int(r["Flag"]) & RESOURCE_OWNED_EXCLUSIVE
        state = "Exclusively owned" if active and exclusive else \
            "Shared %d owning threads" % active if active else "Not owned"
        print("Resource @ 0x%s    %s" % (hx(a), state))
        print("    Contention Count = %d" % int(r["ContentionCount"]))
        if int(r["NumberOfSharedWaiters"]):
            print("    NumberOfSharedWaiters = %d" % int(r["NumberOfSharedWaiters"]))
        if int(r["NumberOfExclusiveWaiters"]):
            print("    NumberOfExclusiveWaiters = %d" % int(r["NumberOfExclusiveWaiters"]))
        owners = resource_owners(r)
        if owners:
            print("     Threads: " + " ".join("%s-%02x%s" % (hx(t), c, "<*>" if exclusive else "")
                                             for t, c in owners))
        print()
    print("KD: Scanning for held locks.")
    print()
    print("%d total locks, %d locks currently held" % (total, held))
    # Kernel mutexes: each thread's KTHREAD.MutantListHead.
    lines = []
    for t, st, kt in core.thread_states():
        if not kt:
            continue
        head = core.addr(core.at(kt, "KTHREAD")["MutantListHead"].address)
        for e in core.list_entries(head):
            m = core.containing_record(e, "KMUTANT", "MutantListEntry")
            lines.append("Mutex @ 0x%s  owned by thread %s (gdb thread %d), recursion %d" %
                         (hx(m), hx(kt), t.num,
                          1 - int(core.at(m, "KMUTANT")["Header"]["SignalState"])))
    if lines:
        print()
        print("**** KERNEL MUTEXES OWNED ****")
        for line in lines:
            print(line)
