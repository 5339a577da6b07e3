#!/usr/bin/env python3
"""Lists the bugcheck codes (and, for codes whose parameter selects the meaning, the
subcodes) kmode's sources raise, and checks that tests/ke/bugcheck_raised.h lists each one:
that list is what the report test walks to check every code kmode raises is explained
(summary, parameters, explanation: src/ke/bugcheck_info.c).

    tools/check-bugcheck-raised.py [--list] [ROOT]

Raise sites: KiBugCheck, KiBugCheckAtFault, KeBugCheckEx and KeBugCheck calls (also through
a function pointer chosen between them), with the code as a bugcodes.h name (or a #define
of src/ naming a bugcheck value) or a literal. Selectors: literal numbers in the selecting
argument (both arms of a ?:), #define names resolved, and the selector arguments of the
wrappers in WRAPPERS. A selector that is a plain variable is not followed: the wrapper that
passes it is.
"""
import os
import re
import sys

# Codes whose parameter (0-based) selects what the others mean.
SELECTOR_ARG = {0xC4: 0, 0xC9: 0, 0xC2: 0, 0x133: 0, 0x139: 0, 0xC1: 3, 0xC7: 0,
                0xDA: 0, 0xE4: 0, 0x44: 1}

# Functions and macros that raise a selector code with a selector argument: name ->
# (code, argument index of the selector).
WRAPPERS = {
    "ExpBadPoolCaller": (0xC2, 0),
    "VfIrqlViolation": (0xC4, 0),
    "VfpDlBugCheck": (0xC4, 0),
    "VfpDispatchViolation": (0xC9, 1),
    "VF_DDI_RULE": (0xC4, 0),
    "VF_DDI_RULE_AT": (0xC4, 0),
    "VfDdiViolation": (0xC4, 0),
    "KipSpinLockWrongIrql": (0xC4, 2),
}

RAISERS = ("KiBugCheck", "KiBugCheckAtFault", "KeBugCheckEx", "KeBugCheck", "Report")


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def split_args(text, start):
    """Arguments of the call whose '(' is at start: (list of strings, end index)."""
    depth, args, cur, i = 0, [], [], start
    while i < len(text):
        c = text[i]
        if c in "([{":
            depth += 1
            if depth > 1:
                cur.append(c)
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append("".join(cur).strip())
                return args, i
            cur.append(c)
        elif c == "," and depth == 1:
            args.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    return args, i


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(__file__), "..")
    codes = {}
    for m in re.finditer(r"#define\s+(\w+)\s+\(\(ULONG\)(0x[0-9A-Fa-f]+)L\)",
                         open(os.path.join(root, "include/km/bugcodes.h")).read()):
        codes[m.group(1)] = int(m.group(2), 16)
    code_values = set(codes.values())
    sources = []
    for d, _, files in os.walk(os.path.join(root, "src")):
        for f in files:
            if f.endswith((".c", ".h")) and f not in ("bugcheck_info.c", "bugcheck_names.h"):
                sources.append(os.path.join(d, f))
    texts = {p: strip_comments(open(p, errors="replace").read()) for p in sorted(sources)}
    defines = dict(codes)
    for text in texts.values():
        for m in re.finditer(r"#define\s+(\w+)\s+\(?\s*(?:\(\w+\))?\s*(0x[0-9A-Fa-f]+|\d+)[uUlL]*\s*\)?\s*$",
                             text, flags=re.M):
            defines.setdefault(m.group(1), int(m.group(2), 0))

    def plain_value(expr):
        """The value of an argument that is only a literal or a #define (else None)."""
        expr = re.sub(r"\((ULONG|ULONG_PTR)\)", "", expr).strip()
        if re.fullmatch(r"(0x[0-9A-Fa-f]+|\d+)[uUlL]*", expr):
            return int(expr.rstrip("uUlL"), 0)
        return defines.get(expr)

    def conditional_values(expr):
        """Literals/defines of an argument that is a value or a ?: of values (else empty)."""
        v = plain_value(expr)
        if v is not None:
            return {v}
        m = re.fullmatch(r"[^?]*\?\s*([^:]+):\s*(.+)", expr)
        if m:
            a, b = plain_value(m.group(1)), plain_value(m.group(2))
            return {x for x in (a, b) if x is not None}
        return set()

    raised = set()
    where = {}
    for path, text in texts.items():
        rel = os.path.relpath(path, root)
        pattern = r"(?:\b(%s)|\))\s*\(\s*(?=[A-Z_][A-Z0-9_]*\s*,|0x)" % "|".join(RAISERS)
        for m in re.finditer(pattern, text):
            if m.group(1) is None and "KiBugCheck" not in text[max(0, m.start() - 60):m.start()]:
                continue      # ")(" not after a choice between the raisers
            call_args, _ = split_args(text, m.start() + m.group(0).rindex("("))
            if not call_args:
                continue
            code = plain_value(call_args[0])
            if code is None or code not in code_values:
                continue
            sel = SELECTOR_ARG.get(code)
            if sel is None:
                raised.add((code, None))
                where.setdefault((code, None), rel)
                continue
            if sel + 1 < len(call_args):
                for v in conditional_values(call_args[sel + 1]):
                    raised.add((code, v))
                    where.setdefault((code, v), rel)
        for name, (code, index) in WRAPPERS.items():
            for m in re.finditer(r"\b%s\s*\(" % name, text):
                call_args, _ = split_args(text, m.end() - 1)
                if index < len(call_args):
                    for v in conditional_values(call_args[index]):
                        raised.add((code, v))
                        where.setdefault((code, v), rel)

    listed = set()
    listing = open(os.path.join(root, "tests/ke/bugcheck_raised.h")).read()
    for m in re.finditer(r"KI_RAISED\(\s*(0x[0-9A-Fa-f]+)\s*,\s*(0x[0-9A-Fa-f]+|\d+|-1)\s*\)", listing):
        code, sel = int(m.group(1), 16), int(m.group(2), 0)
        listed.add((code, None if sel == -1 else sel))
    if "--list" in sys.argv:
        for code, sel in sorted(raised, key=lambda x: (x[0], -1 if x[1] is None else x[1])):
            print("0x%x %s  %s" % (code, "-" if sel is None else "0x%x" % sel, where[(code, sel)]))
    missing = sorted(raised - listed, key=lambda x: (x[0], -1 if x[1] is None else x[1]))
    for code, sel in missing:
        print("%s raises 0x%x%s, which tests/ke/bugcheck_raised.h does not list (add it, and "
              "its text to src/ke/bugcheck_info.c)" %
              (where[(code, sel)], code, "" if sel is None else "/0x%x" % sel))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
