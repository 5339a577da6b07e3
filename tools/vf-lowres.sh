#!/usr/bin/env bash
# Runs programs through every allocation failure point of Driver Verifier's systematic low
# resources simulation (docs/verifier.md): once to count the allocating calls the verified
# drivers make (n), then once per k = 1..n with KMODE_FAULT_INDEX=k, so that call k fails.
# Each run must end without a bugcheck (exit status 188: a crash, or pool tracking's leak
# check 0xC4/0x62 at unload), a signal or a hang; the program itself may report the failure
# and exit with another status.
#
#   tools/vf-lowres.sh [-f FLAGS] [-t SECONDS] PROGRAM [ARGS...]
#   tools/vf-lowres.sh [-f FLAGS] [-t SECONDS] --samples BUILD_DIR
#
# FLAGS are the verifier flags (default 0x4000B: systematic low resources simulation,
# special pool, force IRQL checking, pool tracking). --samples runs every sample app in
# BUILD_DIR/samples/bin from that directory (where the apps find their drivers).
set -u
flags=0x4000B
timeout_s=60
while [ $# -gt 0 ]; do
  case $1 in
    -f) flags=$2; shift 2 ;;
    -t) timeout_s=$2; shift 2 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [-f FLAGS] [-t SECONDS] PROGRAM [ARGS...] | --samples BUILD_DIR" >&2
  exit 2
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
failures=0
runs=0

# run_one K PROGRAM ARGS...: one run with call K failing (0: none); sets $status.
run_one() {
  local k=$1; shift
  if [ "$k" -eq 0 ]; then
    KMODE_VERIFIER=$flags timeout "$timeout_s" "$@" >/dev/null 2>"$log" </dev/null
  else
    KMODE_VERIFIER=$flags KMODE_FAULT_INDEX=$k timeout "$timeout_s" "$@" >/dev/null 2>"$log" </dev/null
  fi
  status=$?
}

check_program() {
  local name=$1 n k
  shift
  run_one 0 "$@"
  # No line: the verified drivers made no allocating call.
  n=$(sed -n 's/.*systematic low resources simulation: \([0-9]*\) allocating calls.*/\1/p' "$log" | tail -1)
  n=${n:-0}
  if [ "$status" -ne 0 ]; then
    echo "FAIL: $name without injected failures: exit status $status"
    sed -n '1,40p' "$log"
    failures=$((failures + 1))
    return
  fi
  echo "$name: $n allocating calls"
  for ((k = 1; k <= n; k++)); do
    run_one "$k" "$@"
    runs=$((runs + 1))
    if [ "$status" -eq 188 ] || [ "$status" -eq 124 ] || [ "$status" -gt 128 ]; then
      echo "FAIL: $name with call $k failing: exit status $status$([ "$status" -eq 124 ] && echo ' (timeout)')"
      sed -n '1,60p' "$log"
      failures=$((failures + 1))
    else
      echo "  call $k failed: exit status $status, no crash, no leak"
    fi
  done
}

if [ "$1" = "--samples" ]; then
  bin=$2/samples/bin
  cd "$bin" || exit 2
  for app in *app; do
    [ -x "$app" ] || continue
    check_program "$app" "./$app"
  done
else
  check_program "$1" "$@"
fi
echo "$runs runs, $failures failed"
[ "$failures" -eq 0 ]
