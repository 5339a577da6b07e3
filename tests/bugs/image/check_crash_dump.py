#!/usr/bin/env python3
"""End-to-end check of a bugcheck under `kmode run` (tests/bugs/CMakeLists.txt).

    check_crash_dump.py KMODE BUGSYS.sys BUGAPP

Runs the buggy driver's app twice, once with --crash-dump FILE and once with
KMODE_CRASH_DUMP=FILE, and checks: exit status 188, the report on stderr (faulting driver
image, locks, IRP), and the JSON dump (parsed with json.load, then field by field).
"""
import json
import os
import subprocess
import sys
import tempfile

kmode, sys_file, app = sys.argv[1:4]
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def run(args, env_extra):
    env = dict(os.environ)
    env.pop("KMODE_CRASH_DUMP", None)
    env.update(env_extra)
    return subprocess.run(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, timeout=60)


def check_dump(path, stderr):
    check("DRIVER_NAME:  bugsys.sys" in stderr, "report names the driver image")
    check("IMAGE_NAME:  bugsys.sys" in stderr, "report has IMAGE_NAME")
    check("FAULTING_IP:\nbugsys!BugSysDispatchIoctl+0x" in stderr, "report blames the dispatch routine")
    check("LOCKS_HELD:  1" in stderr and "KSPIN_LOCK, acquired at bugsys!BugSysDispatchIoctl+0x" in stderr,
          "report lists the spin lock")
    check(">[IRP_MJ_DEVICE_CONTROL(e), N/A(0)]" in stderr, "report decodes the IRP")
    check("\\Driver\\bugsys" in stderr, "report names the IRP's driver")
    with open(path, encoding="ascii") as f:
        dump = json.load(f)
    check(dump["code"] == 0xA and dump["code_hex"] == "0xa", "code")
    check(dump["name"] == "IRQL_NOT_LESS_OR_EQUAL", "name")
    check(len(dump["parameters"]) == 4, "four parameters")
    check(dump["parameters"][1]["value"] == "0x2", "Arg2 is the IRQL")
    check(dump["parameters"][2]["value"] == "0x0", "Arg3")
    check(dump["parameters"][1]["meaning"] == "IRQL at the time of the reference", "Arg2 meaning")
    check(dump["faulting_ip"]["function"] == "BugSysDispatchIoctl", "faulting function")
    check(dump["faulting_ip"]["module"] == "bugsys", "faulting module")
    check(dump["faulting_ip"]["file"] is not None and dump["faulting_ip"]["file"].endswith("bugsys.c"),
          "faulting file")
    check(isinstance(dump["faulting_ip"]["line"], int) and dump["faulting_ip"]["line"] > 0, "faulting line")
    check(dump["faulting_driver"]["image_name"] == "bugsys.sys", "faulting driver")
    check(int(dump["parameters"][3]["value"], 16) == int(dump["faulting_ip"]["address"], 16),
          "Arg4 is the faulting address")
    check(dump["stack"][0]["function"] == "BugSysDispatchIoctl", "stack starts at the driver")
    check(dump["irql"] == 2 and dump["irql_name"] == "DISPATCH_LEVEL", "irql")
    check(len(dump["locks"]) == 1 and dump["locks"][0]["kind"] == "KSPIN_LOCK", "locks")
    check(dump["locks"][0]["acquired_at"]["function"] == "BugSysDispatchIoctl", "lock acquirer")
    irp = dump["irp"]
    check(irp is not None and irp["live"] is True, "irp is live")
    current = [s for s in irp["stack"] if s["current"]]
    check(len(current) == 1 and current[0]["major_name"] == "IRP_MJ_DEVICE_CONTROL", "current location")
    check(current[0]["driver_name"] == "\\Driver\\bugsys", "current location's driver")
    check(irp["driver_name"] == "\\Driver\\bugsys", "irp driver")
    check(irp["thread"] != "0x0", "threaded irp")
    check(dump["analysis"]["detector"] is not None and "DISPATCH_LEVEL" in dump["analysis"]["detector"],
          "detector's sentence")
    check(dump["analysis"]["explanation"] is not None, "explanation")
    check(dump["kmode_version"] not in ("", "unknown"), "kmode version")


with tempfile.TemporaryDirectory() as tmp:
    dump1 = os.path.join(tmp, "crash1.json")
    r = run([kmode, "run", "--crash-dump", dump1, sys_file, "--", app], {})
    print(r.stderr)
    check(r.returncode == 188, "exit status 188 with --crash-dump (got %d)" % r.returncode)
    check(os.path.exists(dump1), "--crash-dump wrote the file")
    if os.path.exists(dump1):
        check_dump(dump1, r.stderr)

    dump2 = os.path.join(tmp, "crash2.json")
    r = run([kmode, "run", sys_file, "--", app], {"KMODE_CRASH_DUMP": dump2})
    check(r.returncode == 188, "exit status 188 with KMODE_CRASH_DUMP (got %d)" % r.returncode)
    check(os.path.exists(dump2), "KMODE_CRASH_DUMP wrote the file")
    if os.path.exists(dump2):
        check_dump(dump2, r.stderr)

    # No dump asked for: none written, same status.
    r = run([kmode, "run", sys_file, "--", app], {})
    check(r.returncode == 188, "exit status 188 without a dump (got %d)" % r.returncode)

    # A dump path that cannot be written: the report still comes, and the status.
    r = run([kmode, "run", "--crash-dump", os.path.join(tmp, "no", "such", "dir.json"), sys_file,
             "--", app], {})
    check(r.returncode == 188, "exit status 188 when the dump cannot be written")
    check("cannot write the crash dump" in r.stderr, "says the dump was not written")

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all crash dump checks passed")
