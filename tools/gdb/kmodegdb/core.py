# PURPOSE: Helpers every kmode gdb command uses: reading the runtime's globals and types
# (from libkmode's DWARF), addresses in WinDbg's notation, UNICODE_STRINGs, lists,
# symbolizing code addresses, and running code in the context of each host thread.
import os
import re

import gdb


class KmodeError(Exception):
    """A command's user-facing failure (printed without a Python traceback)."""


# ---- Types and symbols -------------------------------------------------------------------

_types = {}


def lookup_type(name):
    """gdb.Type of a runtime type (typedef or struct tag), or None when the build has none."""
    if name in _types:
        return _types[name]
    t = None
    # gcc leaves unused typedefs out of the DWARF: the struct tag (typedef X = struct _X)
    # is the reliable name.
    for candidate in ("struct _" + name, "struct " + name, name, "union _" + name):
        try:
            t = gdb.lookup_type(candidate)
            break
        except gdb.error:
            t = None
    if t is not None:
        _types[name] = t      # a miss is not cached: the library may load later
    return t


def need_type(name):
    t = lookup_type(name)
    if t is None:
        raise KmodeError("kmode: type %s is not in the debug information "
                         "(build kmode with -g)" % name)
    return t


def symbol_value(name):
    """Value of a global or file-static variable of the runtime, or None."""
    for finder in (gdb.lookup_global_symbol, gdb.lookup_static_symbol):
        try:
            s = finder(name)
        except gdb.error:
            s = None
        if s is not None:
            try:
                return s.value()
            except gdb.error:
                pass
    try:
        return gdb.parse_and_eval(name)
    except gdb.error:
        return None


def need_symbol(name):
    v = symbol_value(name)
    if v is None:
        raise KmodeError("kmode: symbol %s not found (is this a kmode process, built with -g?)"
                         % name)
    return v


def uptr_type():
    return gdb.lookup_type("unsigned long")


def addr(v):
    """Integer address of a pointer or of an lvalue's storage for non-pointers."""
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        return int(v.cast(uptr_type())) & 0xFFFFFFFFFFFFFFFF
    return int(v.address.cast(uptr_type())) & 0xFFFFFFFFFFFFFFFF


def u64(v):
    return int(v) & 0xFFFFFFFFFFFFFFFF


def at(address, type_name):
    """The object of type type_name at address (a gdb.Value lvalue)."""
    t = need_type(type_name)
    return gdb.Value(address).cast(t.pointer()).dereference()


def field_or(v, name, default=None):
    try:
        return v[name]
    except gdb.error:
        return default


def has_field(t, name):
    t = t.strip_typedefs()
    return any(f.name == name for f in t.fields())


def offset_of(type_name, field):
    t = need_type(type_name).strip_typedefs()
    for f in t.fields():
        if f.name == field:
            return f.bitpos // 8
    raise KmodeError("kmode: %s has no field %s" % (type_name, field))


def read_bytes(address, length):
    return bytes(gdb.selected_inferior().read_memory(address, length))


def readable(address, length=1):
    if address == 0:
        return False
    try:
        gdb.selected_inferior().read_memory(address, length)
        return True
    except gdb.MemoryError:
        return False


def read_u64(address):
    return int.from_bytes(read_bytes(address, 8), "little")


def read_u32(address):
    return int.from_bytes(read_bytes(address, 4), "little")


# ---- Arguments ---------------------------------------------------------------------------

_HEX = re.compile(r"^(0x)?[0-9a-fA-F`']+$")


def parse_address(text):
    """An address as WinDbg takes it (hex by default, `ffff8001`2c3f4c80` too) or any gdb
    expression (Irp, $rdi, &Ext->Queue)."""
    text = text.strip()
    if not text:
        raise KmodeError("kmode: an address is required")
    if _HEX.match(text):
        return int(text.replace("`", "").replace("'", ""), 16)
    try:
        v = gdb.parse_and_eval(text)
    except gdb.error as e:
        raise KmodeError("kmode: cannot evaluate '%s': %s" % (text, e))
    if v.type.strip_typedefs().code in (gdb.TYPE_CODE_PTR, gdb.TYPE_CODE_INT,
                                         gdb.TYPE_CODE_ENUM, gdb.TYPE_CODE_BOOL):
        return u64(v.cast(uptr_type()))
    if v.address is not None:
        return addr(v)
    raise KmodeError("kmode: '%s' is not an address" % text)


def parse_number(text):
    text = text.strip().replace("`", "")
    if text.lower().startswith("0n"):
        return int(text[2:], 10)
    return int(text, 16) if _HEX.match(text) else int(gdb.parse_and_eval(text))


# ---- Formatting --------------------------------------------------------------------------

def hx(value, width=16):
    return "%0*x" % (width, value & 0xFFFFFFFFFFFFFFFF)


def tag_string(tag):
    """A pool tag as WinDbg prints it: four characters, low byte first; unprintable -> '?'."""
    out = ""
    for i in range(4):
        c = (tag >> (8 * i)) & 0xFF
        out += chr(c) if 32 <= c < 127 else "?"
    return out


def unicode_string(us):
    """Text of a UNICODE_STRING value (Length bytes of UTF-16)."""
    try:
        length = int(us["Length"])
        buf = addr(us["Buffer"])
    except gdb.error:
        return "?"
    if length == 0 or buf == 0:
        return ""
    try:
        return read_bytes(buf, min(length, 4096)).decode("utf-16-le", "replace")
    except gdb.MemoryError:
        return "<unreadable %s>" % hx(buf)


def module_name(path):
    """Module name as kmode's bugcheck report prints it: no directory, extension or version."""
    base = os.path.basename(path)
    base = re.sub(r"\.so(\.\d+)*$", "", base)
    base = re.sub(r"\.(sys|dll|exe)$", "", base, flags=re.I)
    return base


def module_of(pc):
    try:
        so = gdb.solib_name(pc)
    except gdb.error:
        so = None
    if so:
        return module_name(so)
    prog = gdb.current_progspace().filename
    return module_name(prog) if prog else "?"


def symbolize(pc, with_line=False):
    """module!function+0xoff for a code address ('' for NULL, hex when unknown)."""
    if pc == 0:
        return ""
    name = None
    start = None
    try:
        # The outermost function block: an inlined callee's block (InterlockedIncrement in
        # a DPC routine) is not the function the address belongs to.
        block = gdb.block_for_pc(pc)
        outer = None
        while block is not None:
            if block.function is not None:
                outer = block
            block = block.superblock
        if outer is not None:
            name = outer.function.name
            start = outer.start
    except (RuntimeError, gdb.error):
        name = None
    if name is None:
        try:
            out = gdb.execute("info symbol 0x%x" % pc, to_string=True).strip()
        except gdb.error:
            out = ""
        m = re.match(r"^(\S+)(?: \+ (\d+))? in section", out)
        if m:
            text = "%s!%s" % (module_of(pc), m.group(1))
            off = int(m.group(2) or 0)
            return text + ("+0x%x" % off if off else "")
        return hx(pc)
    text = "%s!%s" % (module_of(pc), name)
    if start is not None and pc > start:
        text += "+0x%x" % (pc - start)
    if with_line:
        sal = gdb.find_pc_line(pc)
        if sal.symtab is not None and sal.line:
            text += " [%s @ %d]" % (sal.symtab.filename, sal.line)
    return text


# ---- Lists -------------------------------------------------------------------------------

def list_entries(head_address, limit=1000000):
    """Addresses of the LIST_ENTRYs linked from the head at head_address (Flink order)."""
    out = []
    seen = set()
    entry = read_u64(head_address)
    while entry != head_address and entry != 0 and len(out) < limit:
        if entry in seen:
            break
        seen.add(entry)
        out.append(entry)
        try:
            entry = read_u64(entry)
        except gdb.MemoryError:
            break
    return out


def containing_record(entry_address, type_name, field):
    return entry_address - offset_of(type_name, field)


# ---- Threads -----------------------------------------------------------------------------

class ThreadContext:
    """Runs code with another host thread selected (TLS reads), restoring the selection."""

    def __init__(self, thread):
        self.thread = thread

    def __enter__(self):
        self.saved_thread = gdb.selected_thread()
        try:
            self.saved_frame = gdb.selected_frame()
        except gdb.error:
            self.saved_frame = None
        self.thread.switch()
        return self.thread

    def __exit__(self, *exc):
        if self.saved_thread is not None and self.saved_thread.is_valid():
            self.saved_thread.switch()
            if self.saved_frame is not None and self.saved_frame.is_valid():
                try:
                    self.saved_frame.select()
                except gdb.error:
                    pass
        return False


def thread_states():
    """[(gdb thread, KI_THREAD_STATE value address, KTHREAD address or 0)] for every host
    thread that has kmode state. Reads each thread's TLS."""
    out = []
    try:
        threads = gdb.selected_inferior().threads()
    except gdb.error:
        return out
    for t in sorted(threads, key=lambda t: t.num):
        if not t.is_valid():
            continue
        with ThreadContext(t):
            try:
                st = gdb.parse_and_eval("&KiThreadState")
                st_addr = addr(st)
                kthread = addr(st.dereference()["Thread"])
            except gdb.error:
                continue
        out.append((t, st_addr, kthread))
    return out


def current_thread_state():
    try:
        return gdb.parse_and_eval("KiThreadState")
    except gdb.error:
        raise KmodeError("kmode: no kmode thread state here (KiThreadState unreadable: "
                         "is the process running, with libthread_db?)")


def require_process():
    if gdb.selected_inferior().pid == 0:
        raise KmodeError("kmode: the program is not running (run it to a breakpoint first)")
