# PURPOSE: The object manager as the debugger sees it: object headers (OBP_OBJECT_HEADER,
# src/ob/obp.h), the namespace (ObpRootDirectory), the handle tables (src/ob/obhandle.c),
# and the !object and !handle commands.
import gdb

from . import core
from .core import hx, KmodeError
from .registry import command

OBP_HEADER_SIGNATURE = 0x6448624F      # "ObHd" (src/ob/obp.h)
OBP_FLAG_PERMANENT = 0x0001
OBP_DIRECTORY_BUCKETS = 37
KERNEL_HANDLE_MASK = 0xFFFFFFFF80000000
OBP_PAGE_ENTRIES = 512                 # OBP_PAGE_SHIFT 9 (src/ob/obhandle.c)


# ---- Headers -----------------------------------------------------------------------------

def header_address(body):
    return body - core.offset_of("OBP_OBJECT_HEADER", "Body")


def header(body):
    """The OBP_OBJECT_HEADER of the object whose body is at body, or None if it has none."""
    h = header_address(body)
    if not core.readable(h, 8):
        return None
    v = core.at(h, "OBP_OBJECT_HEADER")
    try:
        if int(v["Signature"]) & 0xFFFFFFFF != OBP_HEADER_SIGNATURE:
            return None
    except gdb.MemoryError:
        return None
    return v


def is_object(body):
    return header(body) is not None


def type_name_of_header(h):
    t = core.addr(h["Type"])
    if t == 0:
        return "?"
    return core.unicode_string(core.at(t, "_OBJECT_TYPE")["Name"])


def type_name(body):
    h = header(body)
    return type_name_of_header(h) if h is not None else "?"


def object_name(body):
    """The object's own name (last component) or ''."""
    h = header(body)
    return core.unicode_string(h["Name"]) if h is not None else ""


def full_name(body):
    """The object's full path (\\Device\\Foo), '' when unnamed."""
    h = header(body)
    if h is None:
        return ""
    parts = []
    guard = 0
    while h is not None and guard < 64:
        name = core.unicode_string(h["Name"])
        parent = core.addr(h["Directory"])
        if parent == 0:
            break
        parts.append(name)
        h = core.at(parent, "OBP_OBJECT_HEADER")
        guard += 1
    if not parts:
        return ""
    return "\\" + "\\".join(reversed(parts))


def body_of_header(h_address):
    return h_address + core.offset_of("OBP_OBJECT_HEADER", "Body")


# ---- Namespace ---------------------------------------------------------------------------

def root_directory():
    """Body address of the root directory."""
    v = core.need_symbol("ObpRootDirectory")
    return core.addr(v)


def directory_entries(dir_body):
    """[(bucket, header address, name, type name)] of a directory object's entries."""
    d = core.at(dir_body, "OBP_DIRECTORY")
    out = []
    for b in range(OBP_DIRECTORY_BUCKETS):
        h = core.addr(d["Buckets"][b])
        guard = 0
        while h != 0 and guard < 100000:
            hv = core.at(h, "OBP_OBJECT_HEADER")
            out.append((b, h, core.unicode_string(hv["Name"]), type_name_of_header(hv)))
            h = core.addr(hv["NextInDirectory"])
            guard += 1
    return out


def lookup(path, follow_links=True, depth=0):
    """Body address of the object named path (\\Device\\Foo, \\??\\Foo), or None."""
    if depth > 32:
        return None
    if not path.startswith("\\"):
        return None
    current = root_directory()
    components = [c for c in path.split("\\") if c != ""]
    for i, comp in enumerate(components):
        if type_name(current) == "SymbolicLink" and follow_links:
            target = symbolic_link_target(current)
            rest = "\\".join(components[i:])
            return lookup(target.rstrip("\\") + "\\" + rest if target else "\\" + rest,
                          follow_links, depth + 1)
        if type_name(current) != "Directory":
            return None
        found = None
        for _, h, name, _t in directory_entries(current):
            if name.lower() == comp.lower():
                found = body_of_header(h)
                break
        if found is None:
            return None
        current = found
    if follow_links and type_name(current) == "SymbolicLink" and depth < 32:
        target = symbolic_link_target(current)
        if target:
            resolved = lookup(target, follow_links, depth + 1)
            return resolved if resolved is not None else current
    return current


def symbolic_link_target(body):
    return core.unicode_string(core.at(body, "OBP_SYMBOLIC_LINK")["Target"])


def object_from_argument(text):
    """!object's argument: an object name (starts with '\\') or an address."""
    text = text.strip()
    if text.startswith("\\"):
        body = lookup(text, follow_links=False)
        if body is None:
            raise KmodeError("kmode: object %s not found" % text)
        return body
    return core.parse_address(text)


# ---- !object -----------------------------------------------------------------------------

def print_object(body, indent=""):
    h = header(body)
    if h is None:
        print("%s%s: not a valid object (no object header signature)" % (indent, hx(body)))
        return
    t = core.addr(h["Type"])
    tname = type_name_of_header(h)
    print("%sObject: %s  Type: (%s) %s" % (indent, hx(body), hx(t), tname))
    print("%s    ObjectHeader: %s (new version)" % (indent, hx(header_address(body))))
    print("%s    HandleCount: %d  PointerCount: %d" %
          (indent, int(h["HandleCount"]), int(h["PointerCount"])))
    parent = core.addr(h["Directory"])
    parent_body = body_of_header(parent) if parent else 0
    print("%s    Directory Object: %s  Name: %s%s" %
          (indent, hx(parent_body), core.unicode_string(h["Name"]),
           " {permanent}" if int(h["Flags"]) & OBP_FLAG_PERMANENT else ""))
    if tname == "SymbolicLink":
        print("%s    Target String is '%s'" % (indent, symbolic_link_target(body)))
    elif tname == "Directory":
        entries = directory_entries(body)
        print()
        print("%s    Hash Address          Type                      Name" % indent)
        print("%s    ---- -------          ----                      ----" % indent)
        last = None
        for bucket, hdr, name, etype in sorted(entries, key=lambda e: (e[0], e[2].lower())):
            print("%s     %s  %s %-25s %s" % (indent, "%02d" % bucket if bucket != last else "  ",
                                             hx(body_of_header(hdr)), etype, name))
            last = bucket
        print()
        print("%s    %d entries" % (indent, len(entries)))


@command("object", "<address | \\Path\\Name>   object header, counts, name; a directory's entries")
def cmd_object(args):
    """!object ADDRESS | \\Path : the object's type, header, counts and name (WinDbg's !object).
A directory lists its entries; a symbolic link shows its target."""
    if not args.strip():
        args = "\\"
    print_object(object_from_argument(args.split()[0]))


# ---- Handle tables -----------------------------------------------------------------------

def _table(which):
    name = "ObpKernelHandleTable" if which == "kernel" else "ObpUserHandleTable"
    return core.need_symbol(name)


def handle_entries(which):
    """[(handle value, entry address, header address, granted access, attributes)]."""
    t = _table(which)
    used = int(t["Used"])
    pages = t["Pages"]
    entry_type = core.need_type("OBP_HANDLE_ENTRY")
    size = entry_type.sizeof
    out = []
    for index in range(used):
        page = core.addr(pages[index // OBP_PAGE_ENTRIES])
        if page == 0:
            continue
        e_addr = page + (index % OBP_PAGE_ENTRIES) * size
        e = core.at(e_addr, "OBP_HANDLE_ENTRY")
        value = core.u64(e["Value"]) & ~1
        if value == 0:
            continue
        handle = (index + 1) * 4
        if which == "kernel":
            handle |= KERNEL_HANDLE_MASK
        out.append((handle, e_addr, value, int(e["GrantedAccess"]) & 0xFFFFFFFF,
                    int(e["Attributes"])))
    return out


def _print_handle(handle, e_addr, hdr, access, attrs, flags):
    body = body_of_header(hdr)
    extra = []
    if attrs & 0x1:
        extra.append("Protected")
    if attrs & 0x2:
        extra.append("Inherit")
    print("%s: Object: %s  GrantedAccess: %08x%s Entry: %s" %
          ("%04x" % (handle & 0xFFFFFFFF) if handle < KERNEL_HANDLE_MASK else hx(handle),
           hx(body), access, (" (%s)" % ", ".join(extra)) if extra else "", hx(e_addr)))
    if flags & 2:
        print_object(body, indent="    ")
    else:
        name = full_name(body)
        tname = type_name(body)
        if tname == "File":
            name = _file_name(body)
        print("    Type: %-12s Name: %s" % (tname, name))
    print()


def _file_name(file_body):
    f = core.at(file_body, "FILE_OBJECT")
    dev = core.addr(f["DeviceObject"])
    dev_name = full_name(dev) if dev else ""
    return "%s {%s}" % (core.unicode_string(f["FileName"]) or "\\",
                        dev_name.rsplit("\\", 1)[-1] if dev_name else "?")


@command("handle", "[handle [flags [kernel|process]]]   handle table entries")
def cmd_handle(args):
    """!handle [HANDLE [FLAGS [kernel|process]]] : the entries of the kernel and process
handle tables (WinDbg's !handle). FLAGS 2 dumps each object as !object does."""
    words = args.split()
    wanted = None
    flags = 3 if words else 1
    tables = ["process", "kernel"]
    if words and words[0] not in ("0", "-1"):
        wanted = core.parse_number(words[0]) & 0xFFFFFFFFFFFFFFFF
    if len(words) > 1:
        flags = core.parse_number(words[1])
    if len(words) > 2:
        tables = [w for w in words[2:] if w in ("kernel", "process")] or tables
    if wanted is not None:
        tables = ["kernel" if (wanted & KERNEL_HANDLE_MASK) == KERNEL_HANDLE_MASK
                  else "process"]
    process = core.symbol_value("PsInitialSystemProcess")
    for which in tables:
        t = _table(which)
        entries = handle_entries(which)
        if which == "process":
            print("PROCESS %s  Cid: 0004  Image: System (kmode's one process)" %
                  hx(core.addr(process) if process is not None else 0))
        else:
            print("Kernel handle table (OBJ_KERNEL_HANDLE)")
        print("Handle table at %s with %d entries in use" % (hx(core.addr(t.address)),
                                                            int(t["Count"])))
        print()
        shown = 0
        for handle, e_addr, hdr, access, attrs in entries:
            if wanted is not None and (handle & ~3) != (wanted & ~3):
                continue
            _print_handle(handle, e_addr, hdr, access, attrs, flags)
            shown += 1
        if wanted is not None and shown == 0:
            print("Handle %x is not a valid handle" % wanted)
        print()
