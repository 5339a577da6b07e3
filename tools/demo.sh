#!/usr/bin/env bash
# Builds kmode, its tools and samples, then runs the demo: the KmIoctl sample's test app
# (samples/ioctl, docs/samples.md). The app installs kmioctl.sys through the service control
# manager, opens \\.\KmIoctl, sends IOCTLs with the four transfer methods, writes and reads,
# then stops and deletes the service - all in one Linux process. Lines starting with
# "[kmioctl]" are the driver's own DbgPrintEx output.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/bootstrap.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$root/build" -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
cd "$root/build/samples/bin"
echo "kmode demo: running the KmIoctl sample's app from $PWD"
echo "(built by kmode-cc from samples/ioctl; [kmioctl] lines are the driver's DbgPrintEx output)"
echo
# As a developer would set "Debug Print Filter\IHVDRIVER" to see the driver's info messages.
export KMODE_DEBUG_PRINT_FILTER=IHVDRIVER=0xF
# Driver Verifier's standard checks on the driver, as `verifier /standard /driver kmioctl.sys`
# (docs/verifier.md): a driver bug would stop the demo with the verifier's bugcheck report.
export KMODE_VERIFIER=standard KMODE_VERIFIER_DRIVERS=kmioctl.sys
echo "Driver Verifier: standard flags (0x209BB) on kmioctl.sys"
echo
# Line-buffered standard output keeps the app's lines in order with the driver's when the
# output is not a terminal (on a terminal each printf is shown at once anyway).
if command -v stdbuf >/dev/null 2>&1; then
  exec stdbuf -oL ./ioctlapp
fi
exec ./ioctlapp
