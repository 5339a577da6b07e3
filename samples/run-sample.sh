#!/usr/bin/env bash
# Runs a sample's test app and checks what it printed (CTest: kmode_add_sample_test).
#   run-sample.sh APP EXPECT-FILE      (run in the directory holding the app's .sys files)
# EXPECT-FILE holds one extended regular expression per line (blank lines and lines starting
# with # are skipped). A plain line must match a line of the app's standard output; a line
# "dbg: RE" must match a line of its standard error (the drivers' DbgPrintEx output). Each
# stream is matched in order. The app must exit with status 0.
set -u
app=$1
expect=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$app" >"$tmp/out" 2>"$tmp/err"
rc=$?
echo "---- standard output"; cat "$tmp/out"
echo "---- standard error"; cat "$tmp/err"
echo "----"
if [ $rc -ne 0 ]; then
  echo "FAIL: $app exited with status $rc"
  exit 1
fi
mapfile -t out_lines <"$tmp/out"
mapfile -t err_lines <"$tmp/err"
out_pos=0
err_pos=0
failed=0
while IFS= read -r re || [ -n "$re" ]; do
  [ -z "$re" ] && continue
  [ "${re:0:1}" = "#" ] && continue
  if [ "${re:0:5}" = "dbg: " ]; then
    re=${re:5}; stream=err
  else
    stream=out
  fi
  declare -n lines=${stream}_lines pos=${stream}_pos
  i=$pos; found=0
  while [ "$i" -lt "${#lines[@]}" ]; do
    line=${lines[$i]}
    i=$((i + 1))
    if [[ $line =~ $re ]]; then found=1; break; fi
  done
  if [ $found -eq 1 ]; then
    pos=$i
  else
    echo "FAIL: no line of standard $([ $stream = out ] && echo output || echo error) after line $pos matches: $re"
    failed=1
  fi
  unset -n lines pos
done <"$expect"
if [ $failed -ne 0 ]; then
  exit 1
fi
echo "PASS: $app exited with status 0, its output matches $expect"
