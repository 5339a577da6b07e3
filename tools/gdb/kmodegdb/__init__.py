# PURPOSE: Registers kmode's WinDbg-style commands with gdb under three spellings:
#   !irp ADDR        WinDbg's own (a gdb command named "!" that dispatches on the first word;
#                    any other word still goes to the shell, as gdb's "!" alias of "shell")
#   kmode irp ADDR   always available
#   irp ADDR         plain name, only where gdb has no command of that name
import traceback

import gdb

from . import core
from . import registry
from . import io as _io          # noqa: F401  (modules register their commands on import)
from . import ob as _ob          # noqa: F401
from . import pool as _pool      # noqa: F401
from . import ke as _ke          # noqa: F401
from . import analyze as _analyze  # noqa: F401

_registered = False


def run(name, args):
    entry = registry.COMMANDS.get(name)
    if entry is None:
        raise gdb.GdbError("kmode: unknown command !%s (try !kmode)" % name)
    try:
        core.require_process()
        entry.function(args)
    except core.KmodeError as e:
        raise gdb.GdbError(str(e))
    except gdb.MemoryError as e:
        raise gdb.GdbError("kmode: memory read failed: %s" % e)
    except gdb.GdbError:
        raise
    except Exception as e:  # a bug in the extension: show where
        traceback.print_exc()
        raise gdb.GdbError("kmode: !%s failed: %s" % (name, e))


class BangCommand(gdb.Command):
    """WinDbg-style extension commands: !irp, !irpfind, !devobj, !drvobj, !devstack, !object,
!handle, !poolused, !pool, !locks, !dpcs, !timer, !thread, !analyze, !verifier.
"!kmode" lists them. Any other word runs in the shell, as gdb's own "!" does."""

    def __init__(self):
        super().__init__("!", gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        words = argument.strip().split(None, 1)
        name = words[0].lower() if words else ""
        if name in registry.COMMANDS:
            self.dont_repeat()
            run(name, words[1] if len(words) > 1 else "")
        elif name == "kmode":
            registry.print_help()
        else:
            gdb.execute("shell " + argument, from_tty)


class KmodePrefix(gdb.Command):
    """kmode's WinDbg-style commands: kmode irp ADDR, kmode devobj ADDR, ... (also !irp ...)."""

    def __init__(self):
        super().__init__("kmode", gdb.COMMAND_USER, gdb.COMPLETE_NONE, True)

    def invoke(self, argument, from_tty):
        registry.print_help()


class SubCommand(gdb.Command):
    def __init__(self, full_name, name, doc):
        self.__doc__ = doc
        self.kmode_name = name
        super().__init__(full_name, gdb.COMMAND_USER)

    def invoke(self, argument, from_tty):
        self.dont_repeat()
        run(self.kmode_name, argument)


# gdb's own commands of the same names keep them (use !thread / kmode thread). A fixed list:
# asking gdb ("help NAME") while it loads libkmode would disturb the "run" in progress.
GDB_COMMANDS = {"thread", "handle"}


def register():
    global _registered
    if _registered:
        return
    _registered = True
    try:
        BangCommand()
    except RuntimeError:
        # A gdb that refuses "!" as a command name: "kmode irp" and "irp" still work.
        print("kmode: this gdb does not accept a '!' command; use 'kmode irp ...' instead")
    KmodePrefix()
    for name, entry in sorted(registry.COMMANDS.items()):
        SubCommand("kmode " + name, name, entry.doc)
        if name not in GDB_COMMANDS:
            SubCommand(name, name, entry.doc)
    _analyze.install_bugcheck_stop()
    _avoid_high_stack()
    print("kmode: gdb extension loaded: !irp, !devobj, !poolused, !analyze ... (!kmode lists them)")


def _avoid_high_stack():
    """gdb starts programs with address randomization off, which puts the main thread's
    stack at the very top of the user address space (0x7ffffffde000...), above Windows'
    MmUserProbeAddress (0x7fffffff0000): a Win32 app's stack buffers then fail the I/O
    manager's probes (ERROR_NOACCESS). Randomized, the stack lies below it, as on Windows."""
    try:
        if gdb.parameter("disable-randomization"):
            gdb.execute("set disable-randomization off", to_string=True)
            print("kmode: 'set disable-randomization off' (kmode needs the stack below "
                  "MmUserProbeAddress; effective from the next 'run')")
    except gdb.error:
        pass
