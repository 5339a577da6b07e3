#!/usr/bin/env bash
# Builds Microsoft's classic WDM samples with kmode-cc, unmodified, and runs their test apps
# as on Windows (from the directory holding the .sys). Not part of CI: their code is not in
# this repository. Results and known differences: docs/samples.md.
#
#   tools/check-ms-samples.sh DIR [OUT]
#   tools/check-ms-samples.sh --fetch [OUT]
#
# DIR holds the samples as in the microsoft/Windows-driver-samples repository (a clone, or
# just these files); --fetch downloads these files from GitHub (MS_SAMPLES_REF: the branch,
# tag or commit, default main) into a cache directory (MS_SAMPLES_CACHE, default
# ~/.cache/kmode/Windows-driver-samples) and uses that:
#   general/ioctl/wdm/sys/{sioctl.c,sioctl.h}   general/ioctl/wdm/exe/{testapp.c,install.c}
#   general/event/wdm/{event.c,event.h,public.h} general/event/exe/{eventtest.c,install.c}
#   general/cancel/sys/{cancel.c,cancel.h}      general/cancel/exe/{testapp.c,testapp.h,install.c}
# OUT (default: a temporary directory) receives one directory per sample with the .sys, the
# app, the build log and the app's output.
#
# Each sample is compiled as its Visual Studio project does it (the project's include
# directories and preprocessor definitions, e.g. POOL_NX_OPTIN=1; release configuration,
# so DBG is not defined), with no warning flags of ours. The apps wait for a key
# (_kbhit, getchar): a key is sent on their standard input after a few seconds.
# KMODE_BIN (default: build/bin of this tree) is the directory holding kmode-cc; KMODE_CC,
# CC still choose the compiler kmode-cc runs, as always (docs/toolchain.md).
#
# Prints one line per step and a summary; exit status 0 when every sample built and ran to
# the end with the output Windows gives.
set -u
files="general/ioctl/wdm/sys/sioctl.c general/ioctl/wdm/sys/sioctl.h
  general/ioctl/wdm/exe/testapp.c general/ioctl/wdm/exe/install.c
  general/event/wdm/event.c general/event/wdm/event.h general/event/wdm/public.h
  general/event/exe/eventtest.c general/event/exe/install.c
  general/cancel/sys/cancel.c general/cancel/sys/cancel.h
  general/cancel/exe/testapp.c general/cancel/exe/testapp.h general/cancel/exe/install.c"
if [ "${1:-}" = --fetch ]; then
  dir=${MS_SAMPLES_CACHE:-$HOME/.cache/kmode/Windows-driver-samples}
  ref=${MS_SAMPLES_REF:-main}
  base=https://raw.githubusercontent.com/microsoft/Windows-driver-samples/$ref
  echo "== fetching the samples ($ref) into $dir"
  for f in $files; do
    mkdir -p "$dir/$(dirname "$f")"
    if ! curl -fsSL --max-time 60 -o "$dir/$f.part" "$base/$f"; then
      rm -f "$dir/$f.part"
      echo "cannot download $base/$f (no network?): give a directory holding the files instead" >&2
      exit 2
    fi
    mv "$dir/$f.part" "$dir/$f"
  done
  shift
  set -- "$dir" "$@"
fi
if [ $# -lt 1 ] || [ ! -d "$1/general" ]; then
  echo "usage: $0 DIR [OUT] | --fetch [OUT]   (DIR: a copy of microsoft/Windows-driver-samples, see the header)" >&2
  exit 2
fi
for f in $files; do
  if [ ! -f "$1/$f" ]; then
    echo "$1/$f is missing (see the header for the files needed)" >&2
    exit 2
  fi
done
src=$(cd "$1" && pwd)
root=$(cd "$(dirname "$0")/.." && pwd)
kcc=${KMODE_BIN:-$root/build/bin}/kmode-cc
if [ ! -x "$kcc" ]; then
  echo "$kcc not found: build kmode first (./tools/demo.sh or cmake --build build)" >&2
  exit 2
fi
out=${2:-$(mktemp -d /tmp/kmode-ms-samples.XXXXXX)}
mkdir -p "$out"
out=$(cd "$out" && pwd)
# Apps load nothing on their own behalf; the environment must not add drivers.
unset KMODE_RUN_DRIVERS KMODE_BREAK
failures=0
summary=()

note() { printf '  %-40s %s\n' "$1" "$2"; }

# build NAME LOG COMMAND...: runs a compile/link step, reports warnings and errors.
build() {
  local name=$1 log=$2 step rc w
  shift 2
  step=$log.step
  "$@" >"$step" 2>&1
  rc=$?
  w=$(grep -c 'warning:' "$step")
  cat "$step" >>"$log"
  if [ $rc -eq 0 ]; then
    if [ "$w" -gt 0 ]; then
      note "$name" "built, $w warning(s) (see $log)"
    else
      note "$name" "built, no warnings"
    fi
  else
    note "$name" "FAILED to build:"
    grep -E 'error|undefined reference' "$step" | tail -8 | sed 's/^/      /'
  fi
  rm -f "$step"
  return $rc
}

# expect NAME FILE RE...: the lines of FILE match the extended regular expressions in order.
expect() {
  local name=$1 file=$2
  shift 2
  local re n=0 missing=0
  mapfile -t lines <"$file"
  for re in "$@"; do
    local found=0
    while [ $n -lt ${#lines[@]} ]; do
      if [[ ${lines[$n]} =~ $re ]]; then found=1; n=$((n + 1)); break; fi
      n=$((n + 1))
    done
    if [ $found -eq 0 ]; then
      [ $missing -eq 0 ] && note "$name" "output differs from Windows':"
      echo "      missing: $re"
      missing=1
      break
    fi
  done
  [ $missing -eq 0 ] && note "$name" "output as on Windows"
  return $missing
}

# run NAME DIR STATUS DELAY APP ARGS...: runs the app in DIR (a key after DELAY seconds
# on its standard input), checks its exit status. Output in DIR/NAME.out.
run() {
  local name=$1 dir=$2 want=$3 delay=$4
  shift 4
  local rc
  (cd "$dir" && { sleep "$delay"; echo q; } | timeout 120 "$@" >"$name.out" 2>"$name.err")
  rc=$?
  if [ "$rc" -ne "$want" ]; then
    note "$name" "exit status $rc, Windows: $want"
    sed 's/^/      /' "$dir/$name.err" | head -20
    return 1
  fi
  if [ "$want" -eq 188 ]; then
    note "$name" "stopped with a bugcheck (exit status 188)"
  else
    note "$name" "ran to the end (exit status $rc, as on Windows)"
  fi
  return 0
}

result() {
  summary+=("$(printf '%-8s %s' "$1" "$2")")
  [ "$2" = ok ] || failures=$((failures + 1))
}

# ---- general/ioctl/wdm: sioctl.sys + ioctlapp ------------------------------------------------
echo "== general/ioctl/wdm (SIoctl)"
d=$out/ioctl; mkdir -p "$d"; : >"$d/build.log"
s=$src/general/ioctl/wdm
if build "sioctl.sys" "$d/build.log" "$kcc" --driver -o "$d/sioctl.sys" "$s/sys/sioctl.c" &&
   build "ioctlapp" "$d/build.log" "$kcc" -I"$s" -o "$d/ioctlapp" "$s/exe/testapp.c" "$s/exe/install.c"; then
  if run ioctlapp "$d" 0 0 ./ioctlapp &&
     expect "output" "$d/ioctlapp.out" \
       '^InputBuffer Pointer = [0-9A-F]{16}, BufLength = 100$' \
       '^OutputBuffer Pointer = [0-9A-F]{16} BufLength = 100$' \
       '^Calling DeviceIoControl METHOD_BUFFERED:$' \
       '^    OutBuffer \(38\): This String is from Device Driver !!!$' \
       '^Calling DeviceIoControl METHOD_NEITHER$' \
       '^    OutBuffer \(38\): This String is from Device Driver !!!$' \
       '^Calling DeviceIoControl METHOD_IN_DIRECT$' \
       '^    Number of bytes transfered from OutBuffer: 100$' \
       '^Calling DeviceIoControl METHOD_OUT_DIRECT$' \
       '^    OutBuffer \(38\): This String is from Device Driver !!!$'; then
    result ioctl ok
  else
    result ioctl "run failed"
  fi
else
  result ioctl "build failed"
fi

# ---- general/event: event.sys + event ------------------------------------------------------
echo "== general/event (event.sys)"
d=$out/event; mkdir -p "$d"; : >"$d/build.log"
s=$src/general/event
if build "event.sys" "$d/build.log" "$kcc" --driver -DPOOL_NX_OPTIN=1 -DPOOL_ZERO_DOWN_LEVEL_SUPPORT \
         -o "$d/event.sys" "$s/wdm/event.c" &&
   build "event (app)" "$d/build.log" "$kcc" -I"$s/wdm" -o "$d/event" "$s/exe/eventtest.c" "$s/exe/install.c"; then
  ok=1
  # Its DriverEntry calls DbgBreakPoint(): on Windows without a kernel debugger that is
  # bugcheck 0x1E (KMODE_EXCEPTION_NOT_HANDLED, 0x80000003); kmode stops the same way.
  if run "event-nodebugger" "$d" 188 0 ./event 0.2 1 &&
     grep -q 'KMODE_EXCEPTION_NOT_HANDLED' "$d/event-nodebugger.err" &&
     grep -q '80000003' "$d/event-nodebugger.err"; then
    note "DbgBreakPoint in DriverEntry" "bugcheck 0x1E (0x80000003), as Windows without a debugger"
  else
    note "DbgBreakPoint in DriverEntry" "NOT the bugcheck Windows gives"; ok=0
  fi
  # With a debugger that continues ("g"): KMODE_BREAK=continue.
  export KMODE_BREAK=continue
  for mode in 1 0; do
    name="event-$([ $mode = 1 ] && echo event || echo irp)-based"
    if run "$name" "$d" 0 3 ./event 0.5 $mode; then
      if [ $mode = 1 ]; then
        expect "output" "$d/$name.out" '^Event HANDLE = [0-9A-F]{16}$' '^Press any key to exit\.$' \
          '^Waiting for Event\.\.\.$' '^Event signalled\.$' '^Waiting for Event\.\.\.$' '^Event signalled\.$' || ok=0
      else
        expect "output" "$d/$name.out" '^Press any key to exit\.$' '^Event occurred\.$' \
          '^Registering event again\.\.\.\.$' '^Event occurred\.$' || ok=0
      fi
    else
      ok=0
    fi
  done
  unset KMODE_BREAK
  [ $ok = 1 ] && result event ok || result event "run failed"
else
  result event "build failed"
fi

# ---- general/cancel: cancel.sys + canclapp -------------------------------------------------
echo "== general/cancel (cancel.sys)"
d=$out/cancel; mkdir -p "$d"; : >"$d/build.log"
s=$src/general/cancel
if build "cancel.sys" "$d/build.log" "$kcc" --driver -DPOOL_NX_OPTIN=1 -DPOOL_ZERO_DOWN_LEVEL_SUPPORT \
         -o "$d/cancel.sys" "$s/sys/cancel.c" &&
   build "canclapp" "$d/build.log" "$kcc" -o "$d/canclapp" "$s/exe/testapp.c" "$s/exe/install.c"; then
  # Two reader threads with ReadFileEx; 'q' after 3 s; the app ends with ExitProcess(1).
  if run canclapp "$d" 1 3 ./canclapp 2 &&
     expect "output" "$d/canclapp.out" '^Number of threads : 2$' \
       "^Enter 'q' to exit gracefully:Thread [0-9]+ read: 4 bytes$" '^Thread [0-9]+ read: 4 bytes$' \
       '^Exiting thread [0-9]+ $' '^Exiting thread [0-9]+ $'; then
    result cancel ok
  else
    result cancel "run failed"
  fi
else
  result cancel "build failed"
fi

echo "== summary (outputs in $out)"
printf '  %s\n' "${summary[@]}"
[ $failures -eq 0 ]
