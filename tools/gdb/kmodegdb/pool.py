# PURPOSE: The pool as the debugger sees it (src/ex/pool.c, docs/pool.md): per-tag usage
# (!poolused), the blocks of a pool page (!pool), and a walk of every live block that
# !irpfind uses to find IRPs, as WinDbg scans the pool for the IRP tag.
#
# Everything here reads pool.c's file-static variables and its EXP_POOL_HEADER type from
# the DWARF: ExpBase, ExpCarvedPages, ExpPageKind, ExpClassSize, ExpTagTable,
# ExpTagCapacity, ExpCaches (EXP_THREAD_CACHE.Tags, .NextCache). The constants below are
# pool.c's #defines (not in DWARF): keep them in step with it.
import fnmatch

import gdb

from . import core
from .core import hx, KmodeError
from .registry import command

EXP_PAGE = 4096
EXP_HDR = 32
EXP_NCLASS = 50
EXP_CLASS_LARGE = 0xFF
EXP_EXTENT_QUOTA = 0x80000000
EXP_STATE_ALLOCATED = 0xA1
EXP_STATE_FREE = 0xF3
EXP_STATE_PAD = 0x5D
EXP_PAGE_SLAB = 1
EXP_PAGE_LARGE_HEAD = 0xFE
EXP_PAGE_LARGE_BODY = 0xFD
EXP_REGION_SIZE = 64 << 30
PAGED_POOL_BIT = 1              # POOL_TYPE: PagedPool

# A few tags WinDbg's pooltag.txt explains, for the ones kmode itself uses.
KNOWN_TAGS = {
    "Irp ": "Io, IRP packets",
    "IoNm": "Io parsing names",
    "Mdl ": "Io, Mdls",
    "enoN": "Default tag (ExAllocatePool)",
}


class PoolLayout:
    """pool.c's state needed for a walk, read once per command."""

    def __init__(self):
        base = core.symbol_value("ExpBase")
        carved = core.symbol_value("ExpCarvedPages")
        kinds = core.symbol_value("ExpPageKind")
        sizes = core.symbol_value("ExpClassSize")
        if base is None or carved is None or kinds is None or sizes is None:
            raise KmodeError("kmode: the pool's layout symbols (ExpBase, ExpCarvedPages, "
                             "ExpPageKind, ExpClassSize) are not in the debug information")
        self.base = core.addr(base)
        self.carved = int(carved)
        self.kinds_address = core.addr(kinds)
        self.class_size = [int(sizes[i]) for i in range(EXP_NCLASS)]

    def initialized(self):
        return self.base != 0

    def contains(self, address):
        return self.base != 0 and self.base <= address < self.base + EXP_REGION_SIZE

    def kinds(self):
        if self.carved == 0:
            return b""
        return core.read_bytes(self.kinds_address, self.carved)

    def page_kind(self, page_index):
        return core.read_bytes(self.kinds_address + page_index, 1)[0]


def _decode_header(raw, address):
    """Fields of the 32-byte EXP_POOL_HEADER in raw (bytes)."""
    return {
        "header": address,
        "data": address + EXP_HDR,
        "caller": int.from_bytes(raw[0:8], "little"),
        "size": int.from_bytes(raw[8:16], "little"),
        "tag": int.from_bytes(raw[16:20], "little"),
        "pool_type": int.from_bytes(raw[20:22], "little"),
        "class": raw[22],
        "state": raw[23],
        "extent": int.from_bytes(raw[28:32], "little"),
    }


def _check_layout():
    """The header layout the decoder assumes (field offsets of EXP_POOL_HEADER)."""
    t = core.lookup_type("EXP_POOL_HEADER")
    if t is None:
        return
    want = {"Caller": 0, "Tag": 16, "PoolType": 20, "Class": 22, "State": 23, "Extent": 28}
    got = {f.name: f.bitpos // 8 for f in t.strip_typedefs().fields() if f.name}
    for name, off in want.items():
        if got.get(name) != off:
            raise KmodeError("kmode: EXP_POOL_HEADER changed (%s at %s, expected %d): "
                             "update tools/gdb/kmodegdb/pool.py" % (name, got.get(name), off))


def page_blocks(layout, page_index, kind=None, page_bytes=None):
    """The blocks of one pool page: list of decoded headers (state included), the pad
    marker of a cache-aligned block resolved to its real header."""
    if kind is None:
        kind = layout.page_kind(page_index)
    at = layout.base + page_index * EXP_PAGE
    out = []
    if kind == EXP_PAGE_LARGE_HEAD:
        h = at + EXP_PAGE - EXP_HDR
        raw = page_bytes[EXP_PAGE - EXP_HDR:] if page_bytes else core.read_bytes(h, EXP_HDR)
        d = _decode_header(raw, h)
        d["block"] = at
        d["block_size"] = (d["extent"] & ~EXP_EXTENT_QUOTA) * EXP_PAGE
        out.append(d)
    elif EXP_PAGE_SLAB <= kind < EXP_PAGE_SLAB + EXP_NCLASS:
        size = layout.class_size[kind - EXP_PAGE_SLAB]
        if page_bytes is None:
            page_bytes = core.read_bytes(at, EXP_PAGE)
        for b in range(EXP_PAGE // size):
            off = b * size
            raw = page_bytes[off:off + EXP_HDR]
            d = _decode_header(raw, at + off)
            if d["state"] == EXP_STATE_PAD:
                off2 = off + 64 - EXP_HDR
                d = _decode_header(page_bytes[off2:off2 + EXP_HDR], at + off2)
            d["block"] = at + off
            d["block_size"] = size
            out.append(d)
    return out


def live_blocks(tag=None, layout=None):
    """Every allocated block (decoded headers), optionally only those with tag (int)."""
    _check_layout()
    layout = layout or PoolLayout()
    if not layout.initialized():
        return []
    kinds = layout.kinds()
    out = []
    for page, kind in enumerate(kinds):
        if kind == 0 or kind == EXP_PAGE_LARGE_BODY:
            continue
        if kind == EXP_PAGE_LARGE_HEAD:
            blocks = page_blocks(layout, page, kind)
        else:
            try:
                blocks = page_blocks(layout, page, kind,
                                     core.read_bytes(layout.base + page * EXP_PAGE, EXP_PAGE))
            except gdb.MemoryError:
                continue
        for d in blocks:
            if d["state"] != EXP_STATE_ALLOCATED:
                continue
            if tag is not None and d["tag"] != tag:
                continue
            out.append(d)
    return out


def pool_kind_name(pool_type):
    return "Paged" if pool_type & PAGED_POOL_BIT else "Nonpaged"


def tag_from_string(text):
    """'Irp ' / 'Irp' / 'Irp?' (WinDbg pads with spaces) -> the ULONG tag."""
    text = (text + "    ")[:4]
    return int.from_bytes(text.encode("latin-1"), "little")


# ---- Per-tag usage -----------------------------------------------------------------------

def tag_usage():
    """{tag: [allocs_np, frees_np, bytes_np, allocs_p, frees_p, bytes_p]} summed over the
    shared table and every thread's cache table, as ExpPoolUsageByTag sums them."""
    usage = {}

    def add(slot):
        tag = int(slot["Tag"]) & 0xFFFFFFFF
        if tag == 0:
            return
        u = usage.setdefault(tag, [0, 0, 0, 0, 0, 0])
        for k in range(2):
            u[3 * k + 0] += int(slot["Allocs"][k])
            u[3 * k + 1] += int(slot["Frees"][k])
            u[3 * k + 2] += int(slot["Bytes"][k])

    table = core.symbol_value("ExpTagTable")
    capacity = core.symbol_value("ExpTagCapacity")
    caches = core.symbol_value("ExpCaches")
    if table is None or capacity is None or caches is None:
        raise KmodeError("kmode: the pool's tag tables (ExpTagTable, ExpTagCapacity, "
                         "ExpCaches) are not in the debug information")
    if core.addr(table) != 0:
        for i in range(int(capacity)):
            add(table[i])
    tc = caches
    guard = 0
    while core.addr(tc) != 0 and guard < 100000:
        tags = tc.dereference()["Tags"]
        n = tags.type.strip_typedefs().range()[1] + 1
        for i in range(n):
            add(tags[i])
        tc = tc.dereference()["NextCache"]
        guard += 1
    return usage


@command("poolused", "[flags [tag]]   pool usage by tag (2: sort by nonpaged, 4: by paged bytes)")
def cmd_poolused(args):
    """!poolused [FLAGS [TAG]] : allocations, frees, outstanding count and bytes per pool tag,
nonpaged and paged (WinDbg's !poolused). FLAGS 2 sorts by nonpaged bytes, 4 by paged
bytes; otherwise by tag. TAG filters, with * and ? wildcards ("Irp", "Km*")."""
    words = args.split()
    flags = core.parse_number(words[0]) if words else 0
    pattern = words[1] if len(words) > 1 else None
    usage = tag_usage()
    rows = []
    for tag, u in usage.items():
        name = core.tag_string(tag)
        if pattern and not fnmatch.fnmatchcase(name.rstrip(), pattern.rstrip()) \
                and not fnmatch.fnmatchcase(name, pattern):
            continue
        rows.append((name, u))
    if flags & 2:
        rows.sort(key=lambda r: (-r[1][2], r[0]))
        how = "NonPaged Pool Usage"
    elif flags & 4:
        rows.sort(key=lambda r: (-r[1][5], r[0]))
        how = "Paged Pool Usage"
    else:
        rows.sort(key=lambda r: r[0])
        how = "Tag"
    print(" Sorting by %s" % how)
    print()
    print("                            NonPaged                                         Paged")
    print(" Tag       Allocs       Frees      Diff         Used       Allocs       Frees      Diff         Used")
    print()
    tot = [0] * 6
    for name, u in rows:
        print(" %-4s %11d %11d %9d %12d %12d %11d %9d %12d\t%s" %
              (name, u[0], u[1], u[0] - u[1], u[2], u[3], u[4], u[3] - u[4], u[5],
               KNOWN_TAGS.get(name, "UNKNOWN pooltag '%s', please update pooltag.txt" % name)))
        for i in range(6):
            tot[i] += u[i]
    print()
    print(" TOTAL%11d %11d %9d %12d %12d %11d %9d %12d" %
          (tot[0], tot[1], tot[0] - tot[1], tot[2], tot[3], tot[4], tot[3] - tot[4], tot[5]))


@command("pool", "<address> [flags]   the pool page holding address, its blocks")
def cmd_pool(args):
    """!pool ADDRESS [FLAGS] : the pool page containing ADDRESS and each block on it, with
size, state and tag (WinDbg's !pool); '*' marks the block containing ADDRESS.
FLAGS 2 shows only that block."""
    words = args.split()
    if not words:
        raise KmodeError("usage: !pool <address> [flags]")
    address = core.parse_address(words[0])
    flags = core.parse_number(words[1]) if len(words) > 1 else 0
    _check_layout()
    layout = PoolLayout()
    if not layout.contains(address):
        print("Pool page %s region is Unknown" % hx(address))
        print("%s is not a valid pool address (kmode's pool: %s..%s)" %
              (hx(address), hx(layout.base), hx(layout.base + EXP_REGION_SIZE)))
        return
    page = (address - layout.base) // EXP_PAGE
    if page >= layout.carved:
        print("%s: pool address not yet in use" % hx(address))
        return
    kind = layout.page_kind(page)
    while kind == EXP_PAGE_LARGE_BODY and page > 0:
        page -= 1
        kind = layout.page_kind(page)
    blocks = page_blocks(layout, page, kind)
    kind_text = "large allocation" if kind == EXP_PAGE_LARGE_HEAD else \
        "small blocks of %d bytes" % layout.class_size[kind - EXP_PAGE_SLAB] \
        if EXP_PAGE_SLAB <= kind < EXP_PAGE_SLAB + EXP_NCLASS else "not carved"
    region = "Paged" if any(b["state"] == EXP_STATE_ALLOCATED and
                            b["pool_type"] & PAGED_POOL_BIT for b in blocks) else "Nonpaged"
    print("Pool page %s region is %s pool (%s)" % (hx(address), region, kind_text))
    previous = 0
    for b in blocks:
        inside = b["block"] <= address < b["block"] + b["block_size"]
        if flags & 2 and not inside:
            previous = b["block_size"]
            continue
        if b["state"] == EXP_STATE_ALLOCATED:
            state = "(Allocated)"
            tag = core.tag_string(b["tag"])
            detail = "size %x, %s, by %s" % (b["size"], pool_kind_name(b["pool_type"]),
                                             core.symbolize(b["caller"]))
        else:
            state = "(Free)     "
            tag = ""
            detail = ""
        print("%s%s size: %4x previous size: %4x  %s %s%s%s" %
              ("*" if inside else " ", hx(b["block"]), b["block_size"], previous, state,
               "*" if inside else " ", tag, ("  " + detail) if detail else ""))
        if inside and b["state"] == EXP_STATE_ALLOCATED:
            known = KNOWN_TAGS.get(tag)
            print("\t\tPooltag %s : %s" % (tag, known or "unknown tag") +
                  ("" if b["data"] == address else
                   "\n\t\t(address is at offset 0x%x of the data at %s)" %
                   (address - b["data"], hx(b["data"]))))
        previous = b["block_size"]
