#!/usr/bin/env bash
# Runs the gdb extension test: gdb in batch mode on gdb-target with tests/gdb/gdb_test.py.
# usage: run-gdb-test.sh TARGET TEST_SCRIPT LIBKMODE_DIR
# Exit 77 (CTest: skipped) when gdb, or gdb's Python, is missing.
set -u
target=$1 script=$2 libdir=$3
if ! command -v gdb >/dev/null 2>&1; then
  echo "gdb-extension: SKIPPED: gdb is not installed (tools/bootstrap.sh installs it)"
  exit 77
fi
if ! gdb -nx -batch -ex 'python import gdb' >/dev/null 2>&1; then
  echo "gdb-extension: SKIPPED: this gdb has no Python support"
  exit 77
fi
# gdb auto-loads the extension from libkmode.so (src/kd/kddata.c) once its directory is
# trusted, exactly as a developer's ~/.gdbinit would trust it.
exec gdb -nx -batch \
  -iex "add-auto-load-safe-path $libdir" \
  -iex "add-auto-load-safe-path $(dirname "$target")" \
  -x "$script" --args "$target" crash </dev/null
