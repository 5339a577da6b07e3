# PURPOSE: The pool as the debugger sees it (src/ex/pool.c, docs/pool.md): per-tag usage
# (!poolused), the blocks of a pool page (!pool), and a walk of every live block that
# !irpfind uses to find IRPs, as WinDbg scans the pool for the IRP tag.
#
# Everything here reads pool.c's file-static variables and its EXP_POOL_HEADER type from
# the DWARF: ExpBase, ExpPageKind, ExpClassSize, the carved extent (ExpArenas[].First and
# .Carved, or the single-arena ExpCarvedPages of earlier layouts), ExpRegionSize (64 GiB when
# absent), ExpTagTable, ExpTagCapacity, ExpCaches (EXP_THREAD_CACHE.Tags, .NextCache). The
# constants below are pool.c's #defines (not in DWARF): keep them in step with it.
import fnmatch

import gdb

from . import core
from .core import hx, KmodeError
from .registry import command

EXP_PAGE = 4096
EXP_HDR = 32
EXP_CLASS_LARGE = 0xFF
EXP_EXTENT_QUOTA = 0x80000000
EXP_STATE_ALLOCATED = 0xA1
EXP_STATE_FREE = 0xF3
EXP_STATE_PAD = 0x5D
EXP_PAGE_SLAB = 1
EXP_PAGE_LARGE_HEAD = 0xFE
EXP_PAGE_LARGE_BODY = 0xFD
EXP_PAGE_FREE_HEAD = 0xFC       # first page of a free run (its header at the page's end)
EXP_PAGE_FREE_TAIL = 0xFB       # last page of a free run
EXP_REGION_DEFAULT = 64 << 30
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
        kinds = core.symbol_value("ExpPageKind")
        sizes = core.symbol_value("ExpClassSize")
        arenas = core.symbol_value("ExpArenas")
        carved = core.symbol_value("ExpCarvedPages")
        region = core.symbol_value("ExpRegionSize")
        if base is None or kinds is None or sizes is None or (arenas is None and carved is None):
            raise KmodeError("kmode: the pool's layout symbols (ExpBase, ExpPageKind, "
                             "ExpClassSize, ExpArenas) are not in the debug information")
        self.base = core.addr(base)
        self.kinds_address = core.addr(kinds)
        n = sizes.type.strip_typedefs().range()[1] + 1
        self.class_size = [int(sizes[i]) for i in range(n)]
        self.region_size = int(region) if region is not None and int(region) else \
            EXP_REGION_DEFAULT
        # The carved page ranges: one per arena.
        self.ranges = []
        if arenas is not None:
            for i in range(arenas.type.strip_typedefs().range()[1] + 1):
                first = int(arenas[i]["First"])
                self.ranges.append((first, first + int(arenas[i]["Carved"])))
        else:
            self.ranges.append((0, int(carved)))

    def initialized(self):
        return self.base != 0

    def contains(self, address):
        return self.base != 0 and self.base <= address < self.base + self.region_size

    def carved(self, page_index):
        return any(lo <= page_index < hi for lo, hi in self.ranges)

    def kinds(self, lo, hi):
        if hi <= lo:
            return b""
        return core.read_bytes(self.kinds_address + lo, hi - lo)

    def page_kind(self, page_index):
        return core.read_bytes(self.kinds_address + page_index, 1)[0]

    def is_slab(self, kind):
        return EXP_PAGE_SLAB <= kind < EXP_PAGE_SLAB + len(self.class_size) and \
            kind < EXP_PAGE_FREE_TAIL

    def run_pages(self, page_index):
        """Pages of the run (allocated or free) whose header page is page_index."""
        raw = core.read_bytes(self.base + page_index * EXP_PAGE + EXP_PAGE - EXP_HDR, EXP_HDR)
        return max(1, _decode_header(raw, 0)["extent"] & ~EXP_EXTENT_QUOTA)


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
    want = {"Caller": 0, "Size": 8, "Tag": 16, "PoolType": 20, "Class": 22, "State": 23,
            "Extent": 28}
    got = {}

    def collect(ty, base):
        for f in ty.strip_typedefs().fields():
            if f.name:
                got.setdefault(f.name, base + f.bitpos // 8)
            else:                     # an anonymous union (Caller/Prev, Size/Next)
                collect(f.type, base + f.bitpos // 8)
    collect(t, 0)
    for name, off in want.items():
        if got.get(name) != off:
            raise KmodeError("kmode: EXP_POOL_HEADER changed (%s at %s, expected %d): "
                             "update tools/gdb/kmodegdb/pool.py" % (name, got.get(name), off))


def page_blocks(layout, page_index, kind=None, page_bytes=None, only_tag=None):
    """The blocks of one pool page: list of decoded headers (state included), the pad
    marker of a cache-aligned block resolved to its real header. only_tag: just the
    allocated small blocks with that tag (the fast path of a pool scan)."""
    if kind is None:
        kind = layout.page_kind(page_index)
    at = layout.base + page_index * EXP_PAGE
    out = []
    if kind in (EXP_PAGE_LARGE_HEAD, EXP_PAGE_FREE_HEAD):
        h = at + EXP_PAGE - EXP_HDR
        raw = page_bytes[EXP_PAGE - EXP_HDR:] if page_bytes else core.read_bytes(h, EXP_HDR)
        d = _decode_header(raw, h)
        d["block"] = at
        d["block_size"] = (d["extent"] & ~EXP_EXTENT_QUOTA) * EXP_PAGE
        out.append(d)
    elif layout.is_slab(kind):
        size = layout.class_size[kind - EXP_PAGE_SLAB]
        if page_bytes is None:
            page_bytes = core.read_bytes(at, EXP_PAGE)
        want = None if only_tag is None else only_tag.to_bytes(4, "little")
        for b in range(EXP_PAGE // size):
            off = b * size
            if want is not None:
                state = page_bytes[off + 23]
                if state == EXP_STATE_PAD:
                    off2 = off + 64 - EXP_HDR
                    state = page_bytes[off2 + 23]
                else:
                    off2 = off
                if state != EXP_STATE_ALLOCATED or page_bytes[off2 + 16:off2 + 20] != want:
                    continue
            raw = page_bytes[off:off + EXP_HDR]
            d = _decode_header(raw, at + off)
            if d["state"] == EXP_STATE_PAD:
                off2 = off + 64 - EXP_HDR
                d = _decode_header(page_bytes[off2:off2 + EXP_HDR], at + off2)
            d["block"] = at + off
            d["block_size"] = size
            out.append(d)
    return out


class _ChunkReader:
    """Reads the pool in 1 MiB pieces (one ptrace transfer instead of 256)."""

    PAGES = 256

    def __init__(self, layout):
        self.layout = layout
        self.first = -1
        self.data = b""

    def page(self, page, limit):
        if not (self.first <= page < self.first + len(self.data) // EXP_PAGE):
            count = min(self.PAGES, limit - page)
            try:
                self.data = core.read_bytes(self.layout.base + page * EXP_PAGE,
                                            count * EXP_PAGE)
                self.first = page
            except gdb.MemoryError:
                self.first, self.data = -1, b""
                try:
                    return core.read_bytes(self.layout.base + page * EXP_PAGE, EXP_PAGE)
                except gdb.MemoryError:
                    return None
        off = (page - self.first) * EXP_PAGE
        return self.data[off:off + EXP_PAGE]


# ---- Driver Verifier's special pool (src/verifier/vfpool.c) --------------------------------
# Blocks of verified drivers live in a region of their own (VfSpecialPoolBase), one block per
# run of data pages followed by a guard page; VfpBlocks[first page] records each one (Caller,
# Data, Size, Tag, PoolType, DataPages, Live) and VfpPageState/VfpPageFirst map pages to
# blocks. Absent from builds without the verifier.
VFP_PAGE_DATA = 1
VFP_PAGE_GUARD = 2
VFP_PAGE_FREED = 3


class SpecialPool:
    def __init__(self):
        base = core.symbol_value("VfSpecialPoolBase")
        blocks = core.symbol_value("VfpBlocks")
        states = core.symbol_value("VfpPageState")
        firsts = core.symbol_value("VfpPageFirst")
        self.present = None not in (base, blocks, states, firsts) and core.addr(base) != 0
        if not self.present:
            return
        self.base = core.addr(base)
        self.pages = states.type.strip_typedefs().range()[1] + 1
        self.blocks = blocks
        self.states_address = core.addr(states.address)
        self.firsts_address = core.addr(firsts.address)
        t = blocks.type.strip_typedefs().target().strip_typedefs()
        self.entry_size = t.sizeof
        self.offsets = {f.name: f.bitpos // 8 for f in t.fields()}

    def contains(self, address):
        return self.present and self.base <= address < self.base + self.pages * EXP_PAGE

    def _decode(self, raw, first):
        o = self.offsets

        def field(name, size):
            return int.from_bytes(raw[o[name]:o[name] + size], "little")
        data_pages = field("DataPages", 1)
        return {
            "header": 0,
            "data": field("Data", 8),
            "caller": field("Caller", 8),
            "size": field("Size", 8),
            "tag": field("Tag", 4),
            "pool_type": field("PoolType", 2),
            "state": EXP_STATE_ALLOCATED if field("Live", 1) else EXP_STATE_FREE,
            "block": self.base + first * EXP_PAGE,
            "block_size": data_pages * EXP_PAGE,
            "special": True,
        }

    def block(self, first):
        raw = core.read_bytes(core.addr(self.blocks[first].address), self.entry_size)
        return self._decode(raw, first)

    def live(self, tag=None):
        if not self.present:
            return []
        states = core.read_bytes(self.states_address, self.pages)
        raw = core.read_bytes(core.addr(self.blocks.address), self.pages * self.entry_size)
        out = []
        live_at = self.offsets["Live"]
        for first in range(self.pages):
            if states[first] != VFP_PAGE_DATA:
                continue
            entry = raw[first * self.entry_size:(first + 1) * self.entry_size]
            if not entry[live_at]:
                continue          # a data page after a block's first one
            d = self._decode(entry, first)
            if tag is None or d["tag"] == tag:
                out.append(d)
        return out

    def page_state(self, page):
        return core.read_bytes(self.states_address + page, 1)[0]

    def page_first(self, page):
        return int.from_bytes(core.read_bytes(self.firsts_address + 4 * page, 4), "little")


def live_blocks(tag=None, layout=None):
    """Every allocated block (decoded headers), optionally only those with tag (int)."""
    _check_layout()
    layout = layout or PoolLayout()
    if not layout.initialized():
        return []
    out = []
    chunks = _ChunkReader(layout)
    for lo, hi in layout.ranges:
        kinds = layout.kinds(lo, hi)
        page = lo
        while page < hi:
            kind = kinds[page - lo]
            if kind in (EXP_PAGE_LARGE_HEAD, EXP_PAGE_FREE_HEAD):
                blocks = page_blocks(layout, page, kind)
                step = layout.run_pages(page)      # skip the run's other pages
            elif layout.is_slab(kind):
                step = 1
                page_bytes = chunks.page(page, hi)
                blocks = page_blocks(layout, page, kind, page_bytes, tag) if page_bytes else []
            else:
                blocks = []
                step = 1
            for d in blocks:
                if d["state"] != EXP_STATE_ALLOCATED:
                    continue
                if tag is not None and d["tag"] != tag:
                    continue
                out.append(d)
            page += step
    out.extend(SpecialPool().live(tag))
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
    # The verifier's special pool keeps its own books (VfSpecialPoolTags, vfpool.c), added
    # as ExpPoolUsageByTag adds them. A build without that table: its live blocks count as
    # outstanding allocations of their tags (their past frees unknown).
    special = core.symbol_value("VfSpecialPoolTags")
    if special is not None:
        t = special.type.strip_typedefs()
        entry = t.target().strip_typedefs()
        count = t.range()[1] + 1
        o = {f.name: f.bitpos // 8 for f in entry.fields()}
        raw = core.read_bytes(core.addr(special.address), count * entry.sizeof)
        for i in range(count):
            e = raw[i * entry.sizeof:(i + 1) * entry.sizeof]
            tag = int.from_bytes(e[o["Tag"]:o["Tag"] + 4], "little")
            if tag == 0:
                continue
            u = usage.setdefault(tag, [0, 0, 0, 0, 0, 0])
            for k in range(2):
                for j, name in enumerate(("Allocs", "Frees", "Bytes")):
                    at = o[name] + 8 * k
                    u[3 * k + j] += int.from_bytes(e[at:at + 8], "little")
    else:
        for d in SpecialPool().live():
            u = usage.setdefault(d["tag"], [0, 0, 0, 0, 0, 0])
            k = 3 if d["pool_type"] & PAGED_POOL_BIT else 0
            u[k] += 1
            u[k + 2] += d["size"]
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
    special = SpecialPool()
    if special.contains(address):
        _print_special(special, address)
        return
    _check_layout()
    layout = PoolLayout()
    if not layout.contains(address):
        print("Pool page %s region is Unknown" % hx(address))
        print("%s is not a valid pool address (kmode's pool: %s..%s)" %
              (hx(address), hx(layout.base), hx(layout.base + layout.region_size)))
        return
    page = (address - layout.base) // EXP_PAGE
    if not layout.carved(page):
        print("%s: pool address not yet in use" % hx(address))
        return
    kind = layout.page_kind(page)
    if kind in (EXP_PAGE_LARGE_BODY, EXP_PAGE_FREE_TAIL) or not (
            layout.is_slab(kind) or kind in (EXP_PAGE_LARGE_HEAD, EXP_PAGE_FREE_HEAD)):
        # Inside a run: find its header page (the nearest run head whose run covers page).
        head = page
        while head > 0 and layout.carved(head - 1):
            head -= 1
            k = layout.page_kind(head)
            if k in (EXP_PAGE_LARGE_HEAD, EXP_PAGE_FREE_HEAD):
                if head + layout.run_pages(head) > page:
                    page, kind = head, k
                break
            if layout.is_slab(k):
                break
    blocks = page_blocks(layout, page, kind)
    kind_text = "large allocation" if kind == EXP_PAGE_LARGE_HEAD else \
        "free page run" if kind == EXP_PAGE_FREE_HEAD else \
        "small blocks of %d bytes" % layout.class_size[kind - EXP_PAGE_SLAB] \
        if layout.is_slab(kind) else "not in a block"
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


def _print_special(special, address):
    page = (address - special.base) // EXP_PAGE
    state = special.page_state(page)
    print("Pool page %s region is Special pool (Driver Verifier)" % hx(address))
    if state not in (VFP_PAGE_DATA, VFP_PAGE_GUARD, VFP_PAGE_FREED):
        print("%s: special pool page never used (inaccessible)" % hx(address))
        return
    b = special.block(special.page_first(page))
    status = "(Allocated)" if b["state"] == EXP_STATE_ALLOCATED else "(Freed)    "
    tag = core.tag_string(b["tag"])
    print("*%s size: %4x data: %s %s (%s) *%s  size %x, by %s" %
          (hx(b["block"]), b["block_size"], hx(b["data"]), status,
           pool_kind_name(b["pool_type"]), tag, b["size"], core.symbolize(b["caller"])))
    print("\t\tPooltag %s : %s" % (tag, KNOWN_TAGS.get(tag, "unknown tag")))
    if state == VFP_PAGE_GUARD:
        print("\t\t(address is on the block's guard page: an access there faults)")
    elif state == VFP_PAGE_FREED:
        print("\t\t(the block was freed: its pages stay inaccessible)")
    elif address != b["data"]:
        print("\t\t(address is at offset %s0x%x of the data at %s)" %
              ("-" if address < b["data"] else "", abs(address - b["data"]), hx(b["data"])))
