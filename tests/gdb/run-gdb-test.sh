#!/usr/bin/env bash
# Runs the gdb extension test: gdb in batch mode on gdb-target with tests/gdb/gdb_test.py.
# usage: run-gdb-test.sh NAME TARGET TEST_SCRIPT LIBKMODE_DIR [source]
#   NAME     the CTest test's name (the summary line "NAME: P passed, F failed")
#   source   load the extension with one "source" line instead of gdb's auto-load
# Exit 77 (CTest: skipped) when gdb, or gdb's Python, is missing.
set -u
name=$1 target=$2 script=$3 libdir=$4 mode=${5:-auto}
if ! command -v gdb >/dev/null 2>&1; then
  echo "$name: SKIPPED: gdb is not installed (tools/bootstrap.sh installs it)"
  exit 77
fi
if ! gdb -nx -batch -ex 'python import gdb' >/dev/null 2>&1; then
  echo "$name: SKIPPED: this gdb has no Python support"
  exit 77
fi
export KMODE_GDB_TEST_NAME=$name
if [ "$mode" = source ]; then
  # Auto-load off (as where the library's directory is not trusted): the one line a
  # developer types instead.
  exec gdb -nx -batch -iex "set auto-load python-scripts off" \
    -ex "source $(dirname "$script")/../../tools/gdb/kmode-gdb.py" \
    -x "$script" --args "$target" crash </dev/null
fi
# gdb auto-loads the extension from libkmode.so (src/kd/kddata.c) once its directory is
# trusted, exactly as a developer's ~/.gdbinit would trust it.
exec gdb -nx -batch \
  -iex "add-auto-load-safe-path $libdir" \
  -iex "add-auto-load-safe-path $(dirname "$target")" \
  -x "$script" --args "$target" crash </dev/null
