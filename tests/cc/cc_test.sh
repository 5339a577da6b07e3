#!/usr/bin/env bash
# PURPOSE: Toolchain tests (CTest "test-cc"): kmode-cc and kmode-c++ build real drivers and
# apps from tests/cc/src in a scratch directory, the kmode command runs them, and an
# install to a temporary prefix works on its own. Prints "[  OK  ] cc.NAME" / "[ FAIL ]" per
# case and ends with "test-cc: P passed, F failed" (what tools/test.sh counts).
#
#   cc_test.sh KMODE-CC KMODE-C++ KMODE SRC-DIR WORK-DIR BUILD-DIR CMAKE
set -u
KCC=$1 KCXX=$2 KMODE=$3 SRC=$4 WORK=$5 BUILD=$6 CMAKE=$7

rm -rf "$WORK"
mkdir -p "$WORK"
cd "$WORK" || exit 1
cp -r "$SRC"/. .

pass=0
fail=0
LOG="$WORK/case.log"

# Each case is a function; its output goes to case.log and is shown when it fails.
# (Not inside an "if": bash ignores set -e there, in subshells too.)
run_case() {
    local name=$1 rc
    ( set -e; "case_$name" ) >"$LOG" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "[  OK  ] cc.$name"
        pass=$((pass + 1))
    else
        echo "[ FAIL ] cc.$name"
        sed 's/^/    /' "$LOG"
        fail=$((fail + 1))
    fi
}

# expect_in TEXT NEEDLE...: each NEEDLE occurs in TEXT.
expect_in() {
    local text=$1
    shift
    for needle in "$@"; do
        if [[ "$text" != *"$needle"* ]]; then
            echo "expected \"$needle\" in:"
            echo "$text"
            return 1
        fi
    done
}

# expect_status WANT COMMAND...: COMMAND exits with WANT; its output is in $out.
expect_status() {
    local want=$1
    shift
    set +e
    out=$("$@" 2>&1)
    local got=$?
    set -e
    if [ "$got" != "$want" ]; then
        echo "expected exit status $want from $*, got $got:"
        echo "$out"
        return 1
    fi
}

# refute COMMAND...: COMMAND fails (set -e does not see a failure inverted with "!").
refute() {
    if "$@"; then
        echo "expected to fail: $*"
        return 1
    fi
}

# The lines of TEXT matching A, B, C... appear in that order.
expect_order() {
    local text=$1
    shift
    local last=0 n
    for pattern in "$@"; do
        n=$(printf '%s\n' "$text" | grep -n -F -- "$pattern" | head -1 | cut -d: -f1)
        if [ -z "$n" ] || [ "$n" -le "$last" ]; then
            echo "expected \"$pattern\" after line $last in:"
            echo "$text"
            return 1
        fi
        last=$n
    done
}

# ---- Building ----------------------------------------------------------------------------

case_driver_is_a_shared_object() {
    "$KCC" --driver -Wall -Wextra -Werror -o hello.sys hello_drv.c
    head -c 4 hello.sys | od -An -c | grep -q 'E   L   F'
    nm -D --defined-only hello.sys | grep -q ' T DriverEntry$'
    # The DDIs stay imports, bound when kmode loads the driver.
    nm -D --undefined-only hello.sys | grep -q ' U DbgPrintEx$'
}

case_driver_from_two_sources() {
    "$KCC" --driver -Wall -Werror -o two.sys two_a_drv.c two_b_drv.c
    "$KCC" -o int_app int_app.c
    expect_status 3 "$KMODE" run two.sys -- ./int_app
    expect_in "$out" "two: helper says 1234"
}

case_coverage_flags_pass_through() {
    "$KCC" --coverage -o cov_app int_app.c
    expect_status 3 ./cov_app
    ls ./*.gcda >/dev/null
}

case_driver_default_name() {
    mkdir -p named && cd named
    "$KCC" --driver ../hello_drv.c
    test -f hello_drv.sys
}

case_driver_sees_only_kernel_headers() {
    printf '#include <ntddk.h>\n#include <stdio.h>\nFILE *f;\n' >uses_stdio_drv.c
    expect_status 1 "$KCC" --driver -c uses_stdio_drv.c
    # The kernel CRT's stdio.h has no FILE: the driver cannot reach glibc's.
    expect_in "$out" "FILE"
}

# The section (from readelf) holding symbol NAME of FILE.
section_of() {
    local file=$1 name=$2 addr line sec addr0 size
    addr=$((16#$(nm "$file" | awk -v n="$name" '$3 == n { print $1 }')))
    readelf -SW "$file" | sed -n 's/^ *\[ *[0-9]*\] //p' | while read -r line; do
        read -r sec _ addr0 _ size _ <<<"$line"
        [[ "$addr0" =~ ^[0-9a-f]+$ && "$size" =~ ^[0-9a-f]+$ ]] || continue
        if (( addr >= 16#$addr0 && addr < 16#$addr0 + 16#$size )); then
            echo "$sec"
        fi
    done
}

case_alloc_text_sections() {
    for cc in "" "-c"; do
        if [ -z "$cc" ]; then
            "$KCC" --driver -O2 -Wall -Wextra -Werror -o paged.sys paged_drv.c
        else
            "$KCC" --driver -O2 -Wall -Wextra -Werror -c paged_drv.c -o paged.o
            "$KCC" --driver -o paged.sys paged.o
        fi
        test "$(section_of paged.sys PagedStatic)" = PAGE
        test "$(section_of paged.sys PagedExtern)" = PAGE
        # PAGExxxx sections share the PAGE output section (one pageable range).
        test "$(section_of paged.sys LockedExtern)" = PAGE
        test "$(section_of paged.sys ViaOperator)" = PAGE
        test "$(section_of paged.sys DriverEntry)" = INIT
        test "$(section_of paged.sys CodeSegPaged)" = PAGE
        test "$(section_of paged.sys CodeSegInit)" = INIT
        test "$(section_of paged.sys CodeSegPagedAgain)" = PAGE
        test "$(section_of paged.sys AfterCodeSeg)" = .text
        test "$(section_of paged.sys DeclspecPaged)" = PAGE
        test "$(section_of paged.sys Nonpaged)" = .text
        test "$(section_of paged.sys PagedUnload)" = .text
        # Page-aligned and page-padded.
        readelf -SW paged.sys | grep -E '\] PAGE +PROGBITS +[0-9a-f]*000 [0-9a-f]+ [0-9a-f]*000 '
    done
    "$KCC" -o void_app void_app.c
    expect_status 0 "$KMODE" run --verifier paged.sys -- ./void_app
    expect_in "$out" "paged: 41"
}

case_void_main() {
    "$KCC" -Wall -Wextra -Werror -o void_app void_app.c
    expect_status 0 ./void_app first
    expect_in "$out" "void main: argc=2 argv[1]=first from kmode-cc"
}

case_int_main_exit_code() {
    "$KCC" -o int_app int_app.c
    expect_status 3 ./int_app
    expect_in "$out" "int main"
}

case_wmain_gets_utf16() {
    "$KCC" -Wall -Werror -o wmain_app wmain_app.c
    expect_status 3 ./wmain_app "A" "é€"
    expect_in "$out" "wmain: argc=3 sizeof(wchar_t)=2 [0041] [00E9 20AC] env=yes"
}

case_tmain_ansi_and_unicode() {
    "$KCC" -o tmain_ansi tmain_app.c
    expect_status 0 ./tmain_ansi "é"
    expect_in "$out" "tmain: sizeof(TCHAR)=1 first=00C3"
    "$KCC" -DUNICODE -D_UNICODE -o tmain_wide tmain_app.c
    expect_status 0 ./tmain_wide "é"
    expect_in "$out" "tmain: sizeof(TCHAR)=2 first=00E9"
}

case_cxx_app() {
    "$KCXX" -Wall -Wextra -Werror -o cxx_app cxx_app.cpp
    expect_status 0 ./cxx_app kmode
    expect_in "$out" "c++ app greets kmode"
}

case_separate_compile_and_link() {
    "$KCC" -c split_a.c
    "$KCC" -c -MD -MF split_main.d -o split_main.o split_main.c
    test -f split_a.o
    # The dependency file names the real headers, never kmode-cc's temporary files.
    grep -q 'windows.h' split_main.d
    refute grep -q 'kmode-cc\.' split_main.d
    "$KCC" -o split split_a.o split_main.o
    expect_status 0 ./split
    expect_in "$out" "split: 42"
}

case_include_shim_in_dependencies() {
    "$KCC" -c -MD -o void_app.o void_app.c
    grep -q 'inc/cc_shared.h' void_app.d
    refute grep -q 'kmode-cc\.' void_app.d
}

case_diagnostics_name_the_source() {
    printf '#include "Inc\\CC_Shared.h"\nint main(void) { int unused; return 0; }\n' >warn_app.c
    expect_status 0 "$KCC" -Wall -c warn_app.c
    expect_in "$out" "warn_app.c" "unused"
    # No trace of the generated wrapper or forwarding headers.
    if [[ "$out" == *kmode-cc.* ]]; then echo "$out"; exit 1; fi
}

case_sanitizer_flags_pass_through() {
    "$KCC" -fsanitize=undefined -fno-sanitize-recover=undefined -o ubsan_app ubsan_app.c
    expect_status 1 ./ubsan_app
    expect_in "$out" "runtime error"
}

case_compiler_from_environment() {
    printf 'int f(void);\nint f(void) { return 1; }\n' >f.c
    KMODE_CC=clang "$KCC" --kmode-verbose -c f.c -o f_clang.o 2>verbose.txt
    grep -q '^kmode-cc: clang ' verbose.txt
    # CC naming kmode-cc itself (a build system's CC=kmode-cc) must not recurse.
    CC="$KCC" "$KCC" -c f.c -o f_self.o
    test -f f_self.o
}

case_cxx_driver() {
    "$KCXX" --driver -Wall -Wextra -Werror -o cxx.sys cxx_drv.cpp
    # No C++ runtime in a driver: nothing from libstdc++.
    refute grep -q 'libstdc++' <(readelf -d cxx.sys)
    "$KCC" -o void_app void_app.c
    expect_status 0 "$KMODE" run cxx.sys -- ./void_app x
    expect_in "$out" "cxx: DriverEntry area=49" "cxx: DriverUnload"
}

# ---- kmode run ------------------------------------------------------------------------------

case_kmode_run_end_to_end() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCC" -o void_app void_app.c
    expect_status 0 "$KMODE" run --cpus 2 hello.sys -- ./void_app arg
    expect_order "$out" \
        "hello: DriverEntry \\Driver\\hello \\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Services\\hello cpus=2" \
        "void main: argc=2 argv[1]=arg" \
        "hello: DriverUnload \\Driver\\hello"
    # The app's exit code is kmode's.
    "$KCC" -o int_app int_app.c
    expect_status 3 "$KMODE" run hello.sys -- ./int_app
}

case_kmode_run_two_drivers_in_order() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCXX" --driver -o cxx.sys cxx_drv.cpp
    "$KCC" -o void_app void_app.c
    expect_status 0 "$KMODE" run hello.sys cxx.sys -- ./void_app
    # Loaded in order, unloaded in reverse.
    expect_order "$out" "hello: DriverEntry" "cxx: DriverEntry" "void main" "cxx: DriverUnload" \
        "hello: DriverUnload"
}

case_app_installs_its_own_driver() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCC" -Wall -Werror -o scm_app scm_app.c
    # No kmode run: the app loads the driver through the service control manager.
    expect_status 0 ./scm_app
    expect_order "$out" "hello: DriverEntry \\Driver\\hello" "scm: started" \
        "hello: DriverUnload" "scm: stopped, state 1"
}

case_kmode_run_missing_ddi() {
    "$KCC" --driver -o missing.sys missing_drv.c
    "$KCC" -o void_app void_app.c
    expect_status 1 "$KMODE" run missing.sys -- ./void_app
    expect_in "$out" "kmode: missing.sys imports IoKmodeNotThere, which kmode does not provide" \
        "STATUS_DRIVER_ENTRYPOINT_NOT_FOUND"
    if [[ "$out" == *"void main"* ]]; then echo "the app ran"; exit 1; fi
}

case_kmode_run_failing_driver_entry() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCC" --driver -o fail.sys fail_drv.c
    "$KCC" -o void_app void_app.c
    expect_status 1 "$KMODE" run hello.sys fail.sys -- ./void_app
    expect_in "$out" "fail: DriverEntry fails" "STATUS_INSUFFICIENT_RESOURCES"
    # No DriverUnload for the failed one; the one loaded before it is unloaded again.
    if [[ "$out" == *"must not run"* || "$out" == *"void main"* ]]; then echo "$out"; exit 1; fi
    expect_order "$out" "hello: DriverEntry" "fail: DriverEntry fails" "hello: DriverUnload"
}

case_kmode_run_verifier() {
    "$KCC" --driver -o leak.sys leak_drv.c
    "$KCC" -o void_app void_app.c
    # Unverified, the leak goes unnoticed; verified, unloading it is 0xC4/0x62.
    expect_status 0 "$KMODE" run leak.sys -- ./void_app
    expect_status 188 "$KMODE" run --verifier leak.sys -- ./void_app
    expect_in "$out" "DRIVER_VERIFIER_DETECTED_VIOLATION (c4)" "BUGCHECK_P1: 62" "tag 'Leak'"
    expect_status 188 "$KMODE" run --verifier=0x8 --verifier-drivers LEAK.SYS leak.sys -- ./void_app
    expect_status 0 "$KMODE" run --verifier=0x8 --verifier-drivers other.sys leak.sys -- ./void_app
    # Systematic low resources: the first allocating call fails, nothing leaks.
    expect_status 0 "$KMODE" run --verifier=0x40008 --fault-index 1 leak.sys -- ./void_app
    expect_in "$out" "leak: DriverEntry out of memory" "1 allocating calls, failed call 1"
    # Randomized: the seed is printed and replays.
    expect_status 0 "$KMODE" run --verifier=0x4 --fault-seed 7 leak.sys -- ./void_app
    expect_in "$out" "seed 7"
    expect_status 2 "$KMODE" run --verifier=everything leak.sys -- ./void_app
    expect_status 2 "$KMODE" run --fault-seed 7 leak.sys -- ./void_app
    expect_status 0 "$KMODE" --help
    expect_in "$out" "--verifier[=standard|FLAGS]" "--fault-seed N"
}

case_kmode_usage_errors() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCC" -o void_app void_app.c
    expect_status 2 "$KMODE"
    expect_in "$out" "kmode --help"
    expect_status 2 "$KMODE" bogus
    expect_status 2 "$KMODE" run
    expect_status 2 "$KMODE" run hello.sys ./void_app
    expect_in "$out" "missing '-- APP'"
    expect_status 2 "$KMODE" run hello.sys --
    expect_status 2 "$KMODE" run --cpus 0 hello.sys -- ./void_app
    expect_status 2 "$KMODE" run --cpus many -- ./void_app
    expect_status 2 "$KMODE" run --frobnicate -- ./void_app
    expect_status 2 "$KMODE" run absent.sys -- ./void_app
    expect_in "$out" "absent.sys"
    cp hello.sys other.sys && mkdir -p d && cp hello.sys d/hello.sys
    expect_status 2 "$KMODE" run hello.sys d/hello.sys -- ./void_app
    expect_in "$out" "service 'hello'"
    # Drivers need an app built with kmode-cc (only it loads them).
    expect_status 2 "$KMODE" run hello.sys -- /bin/true
    expect_in "$out" "not built with kmode-cc"
    expect_status 127 "$KMODE" run hello.sys -- ./no_such_app
    expect_status 0 "$KMODE" --help
    expect_in "$out" "kmode run [--cpus N]" "DRIVER.sys... -- APP" "CreateService"
    expect_status 0 "$KCC" --help
    expect_in "$out" "--driver"
}

case_kmode_run_registry_files() {
    "$KCC" --driver -o hello.sys hello_drv.c
    "$KCC" -o void_app void_app.c
    # A .reg file seeds the registry before the drivers load: WIN2000=0 and IHVDRIVER=0
    # hide even the driver's error-level messages (the Debug Print Filter reads the registry).
    printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Debug Print Filter]\r\n"WIN2000"=dword:00000000\r\n"IHVDRIVER"=dword:00000000\r\n' >quiet.reg
    expect_status 0 "$KMODE" run --registry quiet.reg --registry-save saved.reg hello.sys -- ./void_app x
    expect_in "$out" "void main: argc=2 argv[1]=x"
    if [[ "$out" == *"hello: DriverEntry"* ]]; then echo "not filtered: $out"; exit 1; fi
    # The registry was saved at exit as regedit writes it (UTF-16LE with a BOM).
    test "$(head -c 2 saved.reg | od -An -tx1 | tr -d ' ')" = "fffe"
    saved=$(iconv -f UTF-16 -t UTF-8 saved.reg)
    expect_in "$saved" "Windows Registry Editor Version 5.00" \
        "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Debug Print Filter]" \
        '"IHVDRIVER"=dword:00000000'
    # The saved file seeds the next run the same way.
    expect_status 0 "$KMODE" run --registry=saved.reg hello.sys -- ./void_app y
    if [[ "$out" == *"hello: DriverEntry"* ]]; then echo "not filtered: $out"; exit 1; fi
    # Errors: a missing file before the app starts; a bad one names its line.
    expect_status 2 "$KMODE" run --registry absent.reg hello.sys -- ./void_app
    expect_in "$out" "absent.reg"
    printf 'Windows Registry Editor Version 5.00\n[HKLM\\SOFTWARE\\X]\n"v"=hex:zz\n' >bad.reg
    expect_status 1 "$KMODE" run --registry bad.reg hello.sys -- ./void_app
    expect_in "$out" "kmode: KMODE_REGISTRY: " "bad.reg:3: bad hex byte 'zz'"
    if [[ "$out" == *"void main"* ]]; then echo "the app ran"; exit 1; fi
}

# ---- Installing ---------------------------------------------------------------------------------

case_install_to_a_prefix() {
    "$CMAKE" --install "$BUILD" --prefix "$WORK/prefix" >install.log
    test -x prefix/bin/kmode-cc && test -x prefix/bin/kmode-c++ && test -x prefix/bin/kmode
    test -f prefix/include/kmode/km/wdm.h && test -f prefix/include/kmode/um/windows.h
    ls prefix/lib*/libkmode.so* prefix/lib/*/libkmode.so* >/dev/null 2>&1 || ls -R prefix | grep -q libkmode.so
    # The installed tools use the installed headers and library, from anywhere.
    mkdir -p elsewhere && cd elsewhere
    "$WORK/prefix/bin/kmode-cc" --kmode-verbose --driver -o hello.sys ../hello_drv.c 2>verbose.txt
    grep -q -- "-isystem $WORK/prefix/include/kmode/km" verbose.txt
    "$WORK/prefix/bin/kmode-cc" -o app ../void_app.c
    readelf -d app | grep -q "$WORK/prefix/lib"
    expect_status 0 "$WORK/prefix/bin/kmode" run hello.sys -- ./app installed
    expect_in "$out" "hello: DriverEntry" "void main: argc=2 argv[1]=installed" "hello: DriverUnload"
}

for c in driver_is_a_shared_object driver_from_two_sources coverage_flags_pass_through \
         alloc_text_sections driver_default_name driver_sees_only_kernel_headers \
         void_main int_main_exit_code wmain_gets_utf16 tmain_ansi_and_unicode cxx_app \
         separate_compile_and_link include_shim_in_dependencies diagnostics_name_the_source \
         sanitizer_flags_pass_through compiler_from_environment cxx_driver \
         kmode_run_end_to_end kmode_run_two_drivers_in_order app_installs_its_own_driver \
         kmode_run_missing_ddi \
         kmode_run_failing_driver_entry kmode_run_verifier kmode_usage_errors \
         kmode_run_registry_files install_to_a_prefix; do
    run_case "$c"
done
echo "test-cc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
